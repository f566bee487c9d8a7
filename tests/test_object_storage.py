"""A lake on object storage: the same commands against a real S3 server on loopback (moto's
server, started here), through the same code path as AWS S3: fsspec's s3fs, conditional puts."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.app import app
from newslake.location import sql_path
from newslake.snapshots import Snapshot
from newslake.store import Store
from tests.conftest import ingest_with_cli
from tests.test_incremental import assert_same, comparable, make_seeds, snapshot
from transforms.schema import TABLES

pytestmark = pytest.mark.flow


@pytest.fixture
def s3(monkeypatch):
    """An empty bucket on a local S3 server; yields its URL. Credentials are the standard AWS
    variables (any value will do for this server), the endpoint newslake's own variable."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
                            "NEWSLAKE_S3_ENDPOINT": endpoint}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("AWS_PROFILE", raising=False)
        import s3fs

        bucket = f"newsroom-{uuid.uuid4().hex[:8]}"  # moto keeps its buckets for the whole process
        s3fs.S3FileSystem(endpoint_url=endpoint, skip_instance_cache=True).mkdir(bucket)
        yield f"s3://{bucket}/lake[1]"
    finally:
        server.stop()


def lake_tables(location) -> dict[str, pd.DataFrame]:
    """Every table through the documented one-liner, `Store(URL).read(TABLE).to_pandas()`, sorted
    and without the columns that record when things happened."""
    return {name: comparable(name, Store(location).read(name).to_pandas()) for name in TABLES}


def test_a_listing_kept_for_a_commit_is_forgotten_after_it(s3):
    """A commit lists the lake's parts once to spare a request per file; a part another process
    writes afterwards must still be found by this process (fsspec shares one file system per URL)."""
    import s3fs

    store = Store(s3)
    store.fs.pipe_file(store.path("tables/quotes/p1.parquet"), b"one")
    with store.parts_listed():
        assert store.fs.info(store.path("tables/quotes/p1.parquet"))["size"] == 3
    other = s3fs.S3FileSystem(endpoint_url=os.environ["NEWSLAKE_S3_ENDPOINT"], skip_instance_cache=True)
    other.pipe_file(store.path("tables/quotes/p2.parquet"), b"two!")
    assert store.fs.info(store.path("tables/quotes/p2.parquet"))["size"] == 4
    assert store.duckdb().execute(f"select size from read_blob({sql_path(store.uri('tables/quotes/p2.parquet'))})").fetchall() == [(4,)]


@pytest.mark.slow
def test_ingest_query_check_and_report_on_s3(s3, tmp_path, harness, seed_file):
    seeds = make_seeds(tmp_path / "seeds", seed_file, 3)
    output = ingest_with_cli(seeds, s3)
    assert "3 ingested" in output and f"report: {s3}/report.html" in output
    ingest_with_cli(seeds, tmp_path / "local")
    assert_same(lake_tables(s3), snapshot(tmp_path / "local"))  # row for row, as on a local disk

    runner = CliRunner()
    speakers = runner.invoke(app, ["query", "select count(*) as n from quotes where speaker is not null", "--data", s3, "-f", "csv"])
    assert speakers.exit_code == 0, speakers.output
    local = runner.invoke(app, ["query", "select count(*) as n from quotes where speaker is not null", "--data", str(tmp_path / "local"), "-f", "csv"])
    assert speakers.output == local.output and int(speakers.output.split()[1]) > 0
    found = runner.invoke(app, ["search", "Geneva", "--in", "sentences", "--data", s3])
    assert found.exit_code == 0 and "Geneva" in found.output
    checked = runner.invoke(app, ["check", "--data", s3])
    assert checked.exit_code == 0, checked.output
    reported = runner.invoke(app, ["report", "--data", s3])
    assert reported.exit_code == 0 and f"{s3}/report.html" in reported.output, reported.output

    refused = runner.invoke(app, ["query", f"copy documents to '{s3}/stolen.parquet'", "--data", s3])
    assert refused.exit_code == 1 and "only queries are allowed" in refused.output

    (seeds / "copy-001.txt").write_text("Budget passes\n\nThe budget passed by one vote, Anna Berg said.", encoding="utf-8")
    assert "1 ingested, 2 unchanged" in ingest_with_cli(seeds, s3)
    assert "nothing changed, no flow run" in ingest_with_cli(seeds, s3)
    store = Store(s3)
    assert sorted(store.read("documents", ["title"])["title"].to_pylist())[0] == "Budget passes"
    assert "Anna Berg" in store.fs.cat_file(store.path("report.html")).decode()  # the report of the new snapshot


@pytest.mark.slow
@pytest.mark.xdist_group("stopped processes")  # see test_processes.py
def test_sigkill_during_commits_on_s3_leaves_old_or_new_state(s3, tmp_path, harness, seed_file):
    """Kill real `newslake ingest` processes at three points of writing to the bucket; a run
    afterwards gives the tables of a clean run, and no part is left unlisted. Eight copies in
    batches of two: four batches, so a kill can fall after one and after several."""
    from prefect.settings import PREFECT_API_URL

    seeds = make_seeds(tmp_path / "seeds", seed_file, 8)
    ingest_with_cli(seeds, tmp_path / "clean", "--workers", "1")
    expected = snapshot(tmp_path / "clean")
    store = Store(s3)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "NEWSLAKE_BATCH_SIZE": "2"}
    command = [sys.executable, "-m", "cli", "ingest", "--seeds", str(seeds), "--data", s3, "--workers", "1"]

    def objects(folder: str) -> list[str]:
        store.fs.invalidate_cache()
        try:
            return store.fs.find(store.path(folder))
        except FileNotFoundError:
            return []

    manifests = len(objects("_snapshots"))

    def written_a_batch() -> bool:
        return bool(objects("tables/sentences"))

    def written_more_batches() -> bool:
        return len(objects("tables/sentences")) >= 2

    def committed() -> bool:  # the manifest is there; the report not yet
        return len(objects("_snapshots")) > manifests

    for kill_when in (written_a_batch, written_more_batches, committed):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while not kill_when() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)  # each look is a listing answered by moto in this process
            process.send_signal(signal.SIGKILL)
            assert process.wait() == -signal.SIGKILL, f"the run ended before {kill_when.__name__}"
        finally:
            process.kill()
        if store.snapshot() is not None:
            assert store.count("documents") in (0, 8), "a reader saw a half-written state"

    ingest_with_cli(seeds, s3)
    assert_same(lake_tables(s3), expected)
    listed = {part.path for manifest in objects("_snapshots") for parts in Snapshot.from_json(store.fs.cat_file(manifest)).tables.values() for part in parts}
    assert {path.removeprefix(store.root + "/") for path in objects("tables")} <= listed
