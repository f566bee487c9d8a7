"""The first ten minutes: what a no-op run costs on a large folder, against the command's own floor.

20,000 files are written (altered copies of the Wikinews corpus) and recorded as ingested in a
manifest made by the planner itself (analysing them would take an hour and is not what is measured).
`newslake ingest` must then decide that nothing changed before Prefect or spaCy start.
"""

import shutil
import subprocess
import sys
import time
from pathlib import Path

from newslake.analysis import Recipe
from newslake.derived import update_derived
from newslake.outputs import publish_file
from newslake.planning import Manifest, discover, plan
from newslake.report import write_report
from newslake.store import Store
from newslake.views import build_database, connect
from transforms.entities.recognition import DEFAULT_MODEL
from transforms.schema import MANIFEST

NEWSLAKE = Path(sys.executable).parent / "newslake"
N_FILES = 20_000


def timed(command):
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, result.stdout


def test_a_no_op_run_on_twenty_thousand_files(corpus, tmp_path):
    seeds = tmp_path / "seeds"
    for number in range(N_FILES):
        folder = seeds / f"{number // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        source = corpus[number % len(corpus)]
        (folder / f"{number:05d}-{source.name}").write_bytes(source.read_bytes().replace(b"\n\n", f"\n\nCopy {number}.\n\n".encode(), 1))
    found = plan(seeds, discover(seeds), Manifest.from_rows([]), Recipe(DEFAULT_MODEL))
    rows = [
        {"source_path": s.path, "n_documents": 1, "size": s.size, "modified_at": s.modified_at, "content_sha256": "",
         "pipeline_version": s.pipeline_version, "ingested_at": s.modified_at}
        for s in found.changed
    ]
    store = Store(tmp_path / "data")
    with store.lock(), store.transaction() as transaction:
        transaction.replace("manifest", MANIFEST.from_rows(rows))
        update_derived(transaction)
        store.commit(transaction)
    build_database(store)
    publish_file(store, "report.html", lambda path: write_report(connect(store.data_dir), path))

    floor, _ = timed([str(NEWSLAKE), "--help"])
    no_op, output = timed([str(NEWSLAKE), "ingest", "--seeds", str(seeds), "--data", str(store.data_dir)])
    assert "nothing changed, no flow run" in output
    print(f"\nno-op `newslake ingest` on {N_FILES:,} files: {no_op:.2f} s; `newslake --help` (Python and imports): {floor:.2f} s; "
          f"ratio {no_op / floor:.1f}; the command's own work {no_op - floor:.2f} s (target: no-op under 3 s)")
    shutil.rmtree(seeds)
    assert no_op < 3
