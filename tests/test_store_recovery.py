"""Every point of a commit, made by hand: the next transaction recovers and the data is whole.

A commit writes parts under new names, then creates the manifest of the next snapshot only if its
number is free, then (on a local disk) swaps `DATA/parquet` to a view of it, then deletes what no
reader needs. A writer killed between any two steps leaves a lake the next run can use, with the
last committed state; a second writer is refused.
"""

import hashlib
import os
import shutil
from datetime import datetime, timezone

import pandas as pd
import pyarrow.parquet as pq
import pytest

from newslake.outputs import is_stale, publish_file
from newslake.parts import compaction_plan, stream_parts
from newslake.snapshots import Part
from newslake.store import Store, StoreBusy
from transforms.schema import DOCUMENTS, TABLES


def documents(*ids, words=1):
    return DOCUMENTS.from_rows([
        {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "format": "text", "title": doc_id, "tags": [], "text": " ".join(hashlib.sha1(f"{doc_id}{i}".encode()).hexdigest() for i in range(words)),
         "text_fingerprint": doc_id, "content_sha256": doc_id, "n_paragraphs": 1, "n_sentences": 1, "n_words": words,
         "ingested_at": datetime(2026, 1, 1, tzinfo=timezone.utc)}
        for doc_id in ids
    ])


def commit(store, *ids, delete=()):
    with store.lock(), store.transaction() as transaction:
        transaction.delete_docs(set(delete))
        transaction.append({"documents": documents(*ids)})
        store.commit(transaction)


def doc_ids(store):
    return sorted(store.read("documents", ["doc_id"])["doc_id"].to_pylist())


def files(store, table="documents"):
    return sorted(path.name for path in (store.data_dir / "tables" / table).glob("*.parquet"))


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "data")
    commit(store, "a")
    commit(store, "b")
    assert doc_ids(store) == ["a", "b"]
    return store


def test_the_local_view_and_pandas_see_the_committed_snapshot(store):
    assert sorted(pd.read_parquet(store.data_dir / "parquet" / "documents").doc_id) == ["a", "b"]
    assert store.count("documents") == 2
    assert sorted(os.listdir(store.data_dir / "_snapshots")) == ["000000000001.json", "000000000002.json"]


def test_killed_after_writing_parts_before_the_manifest(store):
    with store.lock():
        transaction = store.transaction().__enter__()
        transaction.append({"documents": documents("lost")})  # then the process dies: no manifest
    left = set(files(store)) - {part.path.rsplit("/", 1)[1] for part in store.parts("documents")}
    assert len(left) == 1 and doc_ids(store) == ["a", "b"]  # readers never see it
    commit(store, "c")
    assert doc_ids(store) == ["a", "b", "c"]
    assert not left & set(files(store))  # the next commit deleted what nobody listed


def test_killed_while_writing_the_manifest(store):
    half = store.data_dir / "_snapshots" / ".000000000003.999999.tmp"
    half.write_bytes(b'{"snapshot": 3, "tab')
    assert doc_ids(store) == ["a", "b"]
    commit(store, "c")
    assert doc_ids(store) == ["a", "b", "c"] and not half.exists()


def test_killed_after_the_manifest_before_the_local_view(store):
    store.parquet_dir.unlink()
    os.symlink(".views/000001", store.parquet_dir)  # the view of the snapshot before
    assert doc_ids(store) == ["a", "b"]  # the store reads the manifest
    assert "/tables/documents/p000002-" in store.sources()["documents"]  # views list the manifest's files meanwhile
    commit(store, "c")
    assert sorted(pd.read_parquet(store.data_dir / "parquet" / "documents").doc_id) == ["a", "b", "c"]


def test_killed_before_old_parts_are_deleted(store):
    stray = store.data_dir / "tables" / "documents" / "p000001-deadbeef.parquet"
    shutil.copy(store.data_dir / "tables" / "documents" / files(store)[0], stray)
    commit(store, "c")
    assert not stray.exists()
    assert len(os.listdir(store.data_dir / "_snapshots")) == 2  # the current manifest and the one before


def test_a_second_writer_is_refused_and_leaves_nothing(store):
    with pytest.raises(StoreBusy, match="another ingest committed snapshot 3"):
        with store.transaction() as slow:  # (an object store has no lock to refuse it sooner)
            slow.append({"documents": documents("d")})
            commit(store, "c")  # another writer commits snapshot 3 first
            store.commit(slow)
    assert doc_ids(store) == ["a", "b", "c"]
    assert set(files(store)) == {part.path.rsplit("/", 1)[1] for part in store.parts("documents")}


def test_deleting_a_document_rewrites_only_the_part_that_holds_it(store):
    before = {part.path for part in store.parts("documents")}
    commit(store, "c", delete={"a"})
    after = {part.path for part in store.parts("documents")}
    assert doc_ids(store) == ["b", "c"]
    assert len(before - after) == 1  # the part of "a", gone; the part of "b" listed again as it was
    assert len(after - before) == 1  # the part of "c" (the part of "a" held nothing else)


def test_small_parts_merge_by_tier_and_big_parts_stay(tmp_path):
    store = Store(tmp_path / "data", target_bytes=64_000)
    with store.lock(), store.transaction() as transaction:
        transaction.append({"documents": documents(*[f"big{i:03d}" for i in range(400)], words=40)})
        store.commit(transaction)
    big = {part.path for part in store.parts("documents") if part.bytes >= 32_000}
    assert big
    for number in range(20):
        commit(store, f"small{number:02d}")
    parts = store.parts("documents")
    assert big <= {part.path for part in parts}  # never rewritten to add a few rows
    assert len([part for part in parts if part.bytes < 32_000]) < 8  # eight of a tier became one
    assert store.count("documents") == 400 + 20
    assert len(set(doc_ids(store))) == 420


def test_a_table_given_whole_is_cut_into_parts_of_the_target_size(tmp_path, monkeypatch):
    """A collection table made at once (1.7 M statements at 200,000 documents) is not one part: a
    commit that replaces a few of its rows rewrites the parts that hold them, not the table."""
    import newslake.parts

    monkeypatch.setattr(newslake.parts, "ROW_GROUP_ROWS", 50)  # (a row group of 122,880 rows, scaled down)
    store = Store(tmp_path / "data", target_bytes=64_000)
    with store.lock(), store.transaction() as transaction:
        transaction.append({"documents": documents(*[f"doc{i:03d}" for i in range(400)], words=40)})
        store.commit(transaction)
    sizes = [part.bytes for part in store.parts("documents")]
    assert len(sizes) >= 4 and max(sizes) < 2 * sum(sizes) / len(sizes)  # (one part before: the whole table)
    assert doc_ids(store) == [f"doc{i:03d}" for i in range(400)]


def test_statements_are_cut_into_smaller_parts_since_a_commit_replaces_them_anywhere(tmp_path):
    """A statement a new article joins is rewritten wherever its row sits, and removing a row
    rewrites its part: statements get parts a quarter of the target, other tables the target."""
    store = Store(tmp_path / "data", target_bytes=256_000)
    seen = datetime(2020, 1, 1, tzinfo=timezone.utc)
    statements = [
        {"statement_id": hashlib.sha256(str(i).encode()).hexdigest()[:16], "text": f"statement {i}: " + hashlib.sha256(str(i).encode()).hexdigest() * 3,
         "match_key": f"statement {i}", "n_words": 2, "speaker_share": 1.0, "kind": "direct", "first_seen_at": seen, "first_doc_id": "a",
         "last_seen_at": seen, "last_doc_id": "a", "n_occurrences": 1, "n_documents": 1, "n_outlets": 0, "n_forms": 1}
        for i in range(6_000)
    ]
    parts = stream_parts(store, "statements", [TABLES["statements"].from_rows(statements)], 1)
    assert sum(part.rows for part in parts) == 6_000 and len(parts) >= 4
    assert all(part.bytes < 256_000 / 2 for part in parts)
    [whole] = stream_parts(store, "documents", [documents("a", "b")], 1)  # (far below the target: one part)
    assert whole.rows == 2


def test_compaction_plan_merges_a_full_tier_only():
    small = [Part(f"tables/t/p000001-{i:08x}.parquet", 1, 500) for i in range(8)]
    middle = [Part(f"tables/t/p000002-{i:08x}.parquet", 1, 5_000) for i in range(7)]
    big = [Part("tables/t/p000003-00000000.parquet", 1, 900_000)] * 9
    assert compaction_plan(small + middle + big, target_bytes=1_000_000) == [small]
    assert compaction_plan(small[:7] + middle + big, target_bytes=1_000_000) == []


def test_a_lake_of_the_layout_before_manifests_is_adopted(tmp_path):
    data = tmp_path / "data"
    legacy = data / ".snapshots" / "000004"
    for name, table in TABLES.items():
        (legacy / name).mkdir(parents=True)
        pq.write_table(documents("a", "b") if name == "documents" else table.empty(), legacy / name / "part-000004-0.parquet")
    os.symlink(".snapshots/000004", data / "parquet")
    store = Store(data)
    commit(store, "c")
    assert doc_ids(store) == ["a", "b", "c"]
    assert not (data / ".snapshots").exists()
    assert sorted(pd.read_parquet(data / "parquet" / "documents").doc_id) == ["a", "b", "c"]


def test_half_written_report_and_database_files_of_dead_processes_are_removed(store):
    dead = [store.data_dir / ".report.html.999999.tmp", store.data_dir / ".newslake.duckdb.999999.tmp", store.data_dir / ".newslake.duckdb.999999.tmp.wal"]
    for path in dead:
        path.write_text("half", encoding="utf-8")
    mine = store.data_dir / f".newslake.duckdb.{os.getpid()}.tmp"  # a live process's file stays
    mine.write_bytes(b"")
    commit(store, "c")
    assert [path.exists() for path in dead] == [False, False, False] and mine.exists()


def test_a_report_is_stale_when_made_from_another_snapshot_whatever_its_file_time(store):
    publish_file(store, "report.html", lambda path: path.write_text("made from snapshot 2", encoding="utf-8"))
    assert not is_stale(store, "report.html")
    future = datetime(2999, 1, 1, tzinfo=timezone.utc).timestamp()
    os.utime(store.data_dir / "report.html", (future, future))  # a clock set wrong, a touch
    commit(store, "c")  # a run killed after this commit, before its report
    assert is_stale(store, "report.html")
    assert is_stale(store, "newslake.duckdb")  # never made


@pytest.mark.flow
def test_a_report_older_than_the_snapshot_is_written_again(tmp_path, harness):
    from tests.conftest import ingest_with_cli

    seeds, data = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    (seeds / "talks.txt").write_text('Talks resume\n\n"We will meet again," said Emmanuel Macron.\n', encoding="utf-8")
    ingest_with_cli(seeds, data)
    report = data / "report.html"
    report.write_text("the report of an older snapshot", encoding="utf-8")
    commit(Store(data), delete={"none"})  # a commit whose run was killed before its report
    output = ingest_with_cli(seeds, data)
    assert "0 ingested, 1 unchanged" in output
    assert "Emmanuel Macron" in report.read_text(encoding="utf-8")


def test_parts_written_before_columns_were_added_are_upgraded_by_the_next_commit(tmp_path):
    import json

    from newslake.derived import derived_current

    data = tmp_path / "data"
    commit(Store(data), "a", "b")
    # the lake as a newslake before the language columns left it: parts without them, no schema signatures
    added = ("description", "language", "language_confidence", "declared_language", "crawled_at")
    store = Store(data)
    [part] = store.snapshot().tables["documents"]
    older = pq.read_table(store.path(part.path))
    pq.write_table(older.select([name for name in older.column_names if name not in added]), store.path(part.path))
    manifest = data / "_snapshots" / f"{store.snapshot().number:012d}.json"
    record = json.loads(manifest.read_text())
    del record["schemas"]
    manifest.write_text(json.dumps(record))
    assert not derived_current(Store(data), {})  # the next ingest has work to do

    commit(Store(data), "c")
    store = Store(data)
    assert doc_ids(store) == ["a", "b", "c"]
    for part in store.snapshot().tables["documents"]:
        assert pq.read_schema(store.path(part.path)).names == DOCUMENTS.schema.names
    frame = pd.read_parquet(data / "parquet" / "documents")
    assert frame.language.isna().all() and list(frame.columns) == DOCUMENTS.schema.names
