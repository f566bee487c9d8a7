"""End to end: the `ingest` flow through the CLI, on the seed plus every kind of bad input.

One Prefect test harness (a temporary server) for the whole session; the ingest runs once per
scenario and the other tests read its output.
"""

import os
import shutil
import subprocess
import sys
import time

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.conftest import ingest_with_cli
from transforms.schema import TABLES

pytestmark = pytest.mark.flow

CP1252_ARTICLE = "Budget row\n\nThe minister said the plan was “fair” – and final. Critics disagreed.".encode("cp1252")
BOM_ARTICLE = "\ufeffCouncil vote\n\nThe council voted 7-2 on Tuesday. Mayor Jane Doe said: “We are pleased.”".encode("utf-8")


@pytest.fixture(scope="session")
def workspace(tmp_path_factory, harness, seed_file):
    root = tmp_path_factory.mktemp("newslake")
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(seed_file, seeds / "unequal-battle.txt")
    (seeds / "windows.txt").write_bytes(CP1252_ARTICLE)
    (seeds / "bom.txt").write_bytes(BOM_ARTICLE)
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (seeds / "broken.txt").write_bytes(b"caf\xc3 \x81\x8d")
    (seeds / "folder.txt").mkdir()
    (seeds / "gone.txt").symlink_to(seeds / "does-not-exist")
    (seeds / "notes.pdf").write_bytes(b"%PDF-1.4")
    (seeds / ".hidden.txt").write_text("ignored")
    return root


def run_ingest(workspace, *extra):
    return ingest_with_cli(workspace / "seeds", workspace / "data", *extra)


@pytest.fixture(scope="session")
def first_run(workspace):
    return run_ingest(workspace)


def read(workspace, table):
    return pd.read_parquet(workspace / "data" / "parquet" / table)


def test_summary_counts(first_run):
    assert "9 files seen: 3 ingested, 0 unchanged, 6 rejected, 0 missing" in first_run


@pytest.mark.parametrize(
    "path, reason",
    [
        ("empty.txt", "empty file"),
        ("picture.txt", "binary file, not text"),
        ("broken.txt", "undecodable bytes: neither UTF-8 nor Windows-1252 (byte 3: 0xc3)"),
        ("folder.txt", "is a directory, not a file"),
        ("gone.txt", "is a broken link: its target does not exist"),
        ("notes.pdf", "unsupported file type '.pdf'; newslake reads .txt, .text, .md, .markdown, .html, .htm, .json, .jsonl, .ndjson, .csv, .warc, .arc, .gz, .bz2, .xz, .zst"),
    ],
)
def test_each_bad_file_is_one_line_and_one_rejects_row(workspace, first_run, path, reason):
    assert f"{workspace / 'seeds' / path}: {reason}" in first_run.replace("\n", " ")
    rejects = read(workspace, "rejects")
    assert rejects.loc[rejects.source_path == path, "reason"].tolist() == [reason]


def test_documents_from_every_good_file(workspace, first_run):
    documents = read(workspace, "documents").sort_values("source_path")
    assert documents.source_path.tolist() == ["bom.txt", "unequal-battle.txt", "windows.txt"]
    seed = documents.set_index("source_path").loc["unequal-battle.txt"]
    assert seed.title == "“Unequal battle”: what can Putin and Biden agree on during negotiations"
    assert "Leave a Reply" not in seed.text and "Back to top button" not in seed.text
    assert documents.set_index("source_path").loc["windows.txt", "text"].startswith("Budget row\n\nThe minister said the plan was “fair” – and final.")
    assert documents.set_index("source_path").loc["bom.txt", "title"] == "Council vote"


def test_boilerplate_is_in_no_table(workspace, first_run):
    for table in ("sentences", "mentions", "quotes"):
        texts = " ".join(read(workspace, table).text)
        assert "Leave a Reply" not in texts and "Your email address" not in texts


ORIGINALS = {"unequal-battle.txt": "utf-8", "windows.txt": "cp1252", "bom.txt": "utf-8-sig"}


def test_offsets_point_into_the_original_text(workspace, first_run):
    """documents.text is the file's own paragraphs, never rewritten (boilerplate left out), so a
    span cut from it by a row's offsets is found word for word in the file as it was written."""
    documents = read(workspace, "documents").set_index("doc_id")
    originals = {doc_id: (workspace / "seeds" / path).read_bytes().decode(ORIGINALS[path]) for doc_id, path in documents.source_path.items()}
    for doc_id, text in documents.text.items():
        assert all(paragraph in originals[doc_id] for paragraph in text.split("\n\n"))
    spans = [("sentences", "start_char", "end_char", "text"), ("mentions", "start_char", "end_char", "text"),
             ("quotes", "start_char", "end_char", "text"), ("quotes", "speaker_start", "speaker_end", "speaker")]
    for table, start, end, column in spans:
        rows = read(workspace, table).dropna(subset=[column])
        assert len(rows)
        for row in rows.itertuples():
            span = documents.text[row.doc_id][getattr(row, start) : getattr(row, end)]
            assert span == getattr(row, column) and span in originals[row.doc_id], (table, row)


def test_second_run_changes_nothing(workspace, first_run):
    before = {name: read(workspace, name).drop(columns=["rejected_at"], errors="ignore") for name in TABLES}
    output = run_ingest(workspace)
    assert "9 files seen: 0 ingested, 3 unchanged, 6 rejected" in output
    for name in TABLES:
        after = read(workspace, name).drop(columns=["rejected_at"], errors="ignore")
        pd.testing.assert_frame_equal(
            before[name].sort_values(list(before[name].columns[:1])).reset_index(drop=True),
            after.sort_values(list(after.columns[:1])).reset_index(drop=True),
        )


@pytest.fixture
def own_workspace(workspace, first_run, tmp_path):
    """A copy of the workspace after its first run, for a test that changes it (the shared one
    stays as every other test expects, whatever order they run in)."""
    shutil.copytree(workspace, tmp_path / "workspace", symlinks=True)
    return tmp_path / "workspace"


def test_changed_file_replaces_its_rows_and_deleted_file_is_kept_until_pruned(own_workspace):
    workspace = own_workspace
    assert "9 files seen: 0 ingested, 3 unchanged, 6 rejected" in run_ingest(workspace)
    seeds = workspace / "seeds"
    (seeds / "windows.txt").write_bytes("Budget row\n\nThe minister resigned. Nobody was surprised. Talks resume.".encode("cp1252"))
    output = run_ingest(workspace)
    assert "1 ingested, 2 unchanged" in output
    documents = read(workspace, "documents")
    assert documents.source_path.value_counts().max() == 1
    windows = documents.set_index("source_path").loc["windows.txt"]
    assert windows.n_sentences == 4
    sentences = read(workspace, "sentences")
    assert (sentences.doc_id == windows.doc_id).sum() == 4

    (seeds / "bom.txt").unlink()
    output = run_ingest(workspace)
    assert "1 missing" in output and "bom.txt" in output
    assert "bom.txt" in read(workspace, "documents").source_path.tolist()
    run_ingest(workspace, "--prune")
    assert "bom.txt" not in read(workspace, "documents").source_path.tolist()
    assert not read(workspace, "mentions").doc_id.isin(documents.set_index("source_path").loc[["bom.txt"], "doc_id"]).any()


def test_an_ingest_plans_once_under_one_lock(own_workspace, monkeypatch):
    """The command plans holding the lake's lock, and the flow carries out that plan: the seeds
    folder is walked once and the lock taken once."""
    import newslake.planning
    from newslake.store import Store

    calls = []
    discover, lock = newslake.planning.discover, Store.lock
    monkeypatch.setattr(newslake.planning, "discover", lambda *args, **options: calls.append("discover") or discover(*args, **options))
    monkeypatch.setattr(Store, "lock", lambda store: calls.append("lock") or lock(store))
    (own_workspace / "seeds" / "windows.txt").write_bytes("Budget row\n\nThe minister resigned.".encode("cp1252"))
    assert "1 ingested, 2 unchanged" in run_ingest(own_workspace)
    assert calls == ["lock", "discover"]


def test_duckdb_file_works_from_another_directory(workspace, first_run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    connection = duckdb.connect(str(workspace / "data" / "newslake.duckdb"), read_only=True)
    titles = [row[0] for row in connection.sql("select title from doc_stats order by title").fetchall()]
    assert "“Unequal battle”: what can Putin and Biden agree on during negotiations" in titles


def test_query_command_formats(workspace, first_run):
    runner = CliRunner()
    data = ["--data", str(workspace / "data")]
    csv_out = runner.invoke(app, ["query", *data, "--format", "csv", "select source_path, n_sentences from doc_stats where source_path like 'unequal%'"])
    assert csv_out.exit_code == 0 and csv_out.output.splitlines() == ["source_path,n_sentences", "unequal-battle.txt,45"]
    json_out = runner.invoke(app, ["query", *data, "-f", "json", "select count(*) as n from rejects"])
    assert '"n": 6' in json_out.output
    refused = runner.invoke(app, ["query", *data, "create table x as select 1"])
    assert refused.exit_code == 1 and "only queries are allowed" in refused.output
    broken = runner.invoke(app, ["query", *data, "select nope from documents"])
    assert broken.exit_code == 1 and "Binder Error" in broken.output


def test_a_second_ingest_while_one_runs_exits_at_once_with_one_line(workspace, first_run):
    """The lock is taken before Prefect starts: refused in well under Prefect's start-up time."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from newslake.store import Store\n"
         "with Store(sys.argv[1]).lock():\n    print('held', flush=True); time.sleep(60)", str(workspace / "data")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.perf_counter()
        result = CliRunner().invoke(app, ["ingest", "--seeds", str(workspace / "seeds"), "--data", str(workspace / "data")])
        elapsed = time.perf_counter() - started
    finally:
        holder.terminate()
        holder.wait(timeout=10)
    assert result.exit_code == 1
    assert result.output.strip() == f"error: another ingest is writing to {workspace / 'data'} (pid {holder.pid}); try again when it ends"
    assert elapsed < 3


def test_missing_seeds_folder_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["ingest", "--seeds", str(tmp_path / "nope"), "--data", str(tmp_path / "data")])
    assert result.exit_code == 1 and result.output.strip() == f"error: seeds folder {tmp_path / 'nope'} does not exist"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_rejected(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "secret.txt").write_text("Title\n\nText.")
    (seeds / "secret.txt").chmod(0)
    output = run_ingest(tmp_path)
    assert "secret.txt: cannot read: Permission denied" in output


def test_progress_outside_a_terminal_is_a_line_now_and_then(monkeypatch, capsys):
    import flows.progress

    monkeypatch.setattr(flows.progress, "PROGRESS_SECONDS", 0.0)
    with flows.progress.FileProgress(10) as advance:
        advance(4)
        advance(6)  # the last batch: the summary line says the rest
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("analysed 4 of 10 files (40%), about ") and lines[0].endswith(" s left")
