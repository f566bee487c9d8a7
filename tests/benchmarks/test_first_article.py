"""Start-up: a one-article ingest against the bare model load, on a quiet and on a busy machine.

The bare load is a new Python process that loads what no ingest can do without: spaCy, the NER
and parser pipelines and the gazetteer of places (`newslake.analysis.load_analysers`). The ingest
is `newslake ingest` of one article into a new data folder: Prefect's temporary server, the flow,
the model, the tables, the derived tables, the database and the report. Their difference is
newslake's own start-up (target: 6 s). Busy: both measured again while another ingest (the
Wikinews corpus twice, one worker per core) runs beside them. Each figure is the median of 3 runs.
"""

import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from transforms.entities.recognition import DEFAULT_MODEL

NEWSLAKE = Path(sys.executable).parent / "newslake"
RUNS = 3
TARGET_SECONDS = 6.0


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def startup(seed_file: Path, folder: Path) -> tuple[float, float]:
    """Median seconds of the bare model load and of a one-article ingest."""
    load = [sys.executable, "-c", f"from newslake.analysis import load_analysers; load_analysers({DEFAULT_MODEL!r})"]
    loads, ingests = [], []
    for run in range(RUNS):
        seeds = folder / f"seeds{run}"
        seeds.mkdir(parents=True)
        shutil.copy(seed_file, seeds)
        loads.append(seconds(load))
        ingests.append(seconds([str(NEWSLAKE), "ingest", "--seeds", str(seeds), "--data", str(folder / f"data{run}")]))
    return statistics.median(loads), statistics.median(ingests)


def test_one_article_ingest_starts_within_six_seconds_of_the_model(corpus, seed_file, tmp_path):
    quiet = startup(seed_file, tmp_path / "quiet")
    neighbours = tmp_path / "neighbours"
    neighbours.mkdir()
    for copy in range(2):  # long enough to outlast the busy measurements
        for path in corpus:
            (neighbours / f"{copy}-{path.name}").write_bytes(path.read_bytes().replace(b"\n\n", f"\n\nCopy {copy}.\n\n".encode(), 1))
    beside = subprocess.Popen([str(NEWSLAKE), "ingest", "--seeds", str(neighbours), "--data", str(tmp_path / "neighbours-data")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(15)  # its server up, its workers analysing on every core
        busy = startup(seed_file, tmp_path / "busy")
        assert beside.poll() is None, "the ingest beside ended before the busy measurements did"
    finally:
        beside.send_signal(signal.SIGTERM)
        beside.wait(timeout=60)
    print(f"\n{'machine':8s} {'model load s':>13s} {'ingest s':>9s} {'over the load s':>16s}")
    for name, (load, ingest) in (("quiet", quiet), ("busy", busy)):
        print(f"{name:8s} {load:13.2f} {ingest:9.2f} {ingest - load:16.2f}  (target <= {TARGET_SECONDS:g})")
    assert quiet[1] - quiet[0] <= TARGET_SECONDS
