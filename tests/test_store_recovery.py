"""Every point of a commit, made by hand: the next transaction recovers and the data is whole.

A commit renames the staging folder to the next snapshot number, makes a new link beside
`DATA/parquet`, swaps it in with one rename, then removes older snapshots. A writer killed between
any two of these steps must leave a folder the next run can use, with the last published state.
"""

import os
from datetime import datetime, timezone
import shutil

import pytest

from newslake.store import Store
from transforms.schema import DOCUMENTS


def documents(*ids):
    return DOCUMENTS.from_rows([
        {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "format": "text", "title": doc_id, "tags": [], "text": doc_id,
         "text_fingerprint": doc_id, "content_sha256": doc_id, "n_paragraphs": 1, "n_sentences": 1, "n_words": 1,
         "ingested_at": datetime(2026, 1, 1, tzinfo=timezone.utc)}
        for doc_id in ids
    ])


def commit(store, *ids):
    with store.lock(), store.transaction() as transaction:
        transaction.append({"documents": documents(*ids)})


def doc_ids(store):
    return sorted(store.read("documents", ["doc_id"])["doc_id"].to_pylist())


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "data")
    commit(store, "a")
    commit(store, "b")
    assert doc_ids(store) == ["a", "b"]
    return store


def snapshots(store):
    return sorted(entry.name for entry in (store.data_dir / ".snapshots").iterdir())


def test_killed_while_building_the_staging_folder(store):
    staging = store.data_dir / ".snapshots" / ".tmp-000003-999999"
    shutil.copytree(store.current_snapshot(), staging)
    commit(store, "c")
    assert doc_ids(store) == ["a", "b", "c"]
    assert not staging.exists()


def test_killed_after_the_rename_before_the_link(store):
    unpublished = store.data_dir / ".snapshots" / "000003"
    shutil.copytree(store.current_snapshot(), unpublished)
    (unpublished / "documents" / "part-000003-deadbeef.parquet").write_bytes(b"half a commit that was never linked")
    commit(store, "c")  # "Directory not empty" before: the next number was taken
    assert doc_ids(store) == ["a", "b", "c"]
    assert not (store.current_snapshot() / "documents" / "part-000003-deadbeef.parquet").exists()  # cleared, not adopted


def test_killed_after_making_the_new_link_before_the_swap(store):
    unpublished = store.data_dir / ".snapshots" / "000003"
    shutil.copytree(store.current_snapshot(), unpublished)
    stray = store.data_dir / ".parquet-999999.tmp"
    os.symlink(os.path.relpath(unpublished, store.data_dir), stray)
    assert doc_ids(store) == ["a", "b"]  # readers still see the published state
    commit(store, "c")
    assert doc_ids(store) == ["a", "b", "c"]
    assert not stray.is_symlink()


def test_killed_after_the_swap_before_old_snapshots_are_removed(store):
    shutil.copytree(store.current_snapshot(), store.data_dir / ".snapshots" / "000000")
    commit(store, "c")
    assert doc_ids(store) == ["a", "b", "c"]
    assert snapshots(store) == ["000002", "000003"]  # the current one and the one before


def test_killed_during_the_very_first_commit_after_the_rename(tmp_path):
    store = Store(tmp_path / "data")
    first = store.data_dir / ".snapshots" / "000001"
    first.mkdir(parents=True)
    (first / "documents").mkdir()
    commit(store, "a")
    assert doc_ids(store) == ["a"]


def test_half_written_report_and_database_files_of_dead_processes_are_removed(store):
    dead = store.data_dir / ".report.html.999999.tmp"
    dead.write_text("<html>half", encoding="utf-8")
    mine = store.data_dir / f".newslake.duckdb.{os.getpid()}.tmp"  # a live process's file stays
    mine.write_bytes(b"")
    commit(store, "c")
    assert not dead.exists() and mine.exists()


@pytest.mark.flow
def test_a_report_older_than_the_snapshot_is_written_again(tmp_path, harness):
    from tests.conftest import ingest_with_cli

    seeds, data = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    (seeds / "talks.txt").write_text('Talks resume\n\n"We will meet again," said Emmanuel Macron.\n', encoding="utf-8")
    ingest_with_cli(seeds, data)
    report = data / "report.html"
    report.write_text("the report of an older snapshot", encoding="utf-8")
    published = os.lstat(data / "parquet").st_mtime
    os.utime(report, (published - 60, published - 60))  # as if the run was killed after its commit
    output = ingest_with_cli(seeds, data)
    assert "0 ingested, 1 unchanged" in output
    assert "Emmanuel Macron" in report.read_text(encoding="utf-8")
