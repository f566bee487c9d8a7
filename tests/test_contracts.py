"""Data contracts (`transforms/schema/`): every rule holds on the seeds, and each kind of rule
catches the row that breaks it."""

from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cli.app import app
from newslake.contracts import check, rules
from newslake.snapshots import Part, Snapshot
from newslake.store import Store
from transforms.schema import TABLES


@pytest.mark.parametrize("table", list(TABLES))
def test_every_rule_holds_on_the_seeds(seed_data, table):
    assert rules(TABLES[table])  # a key at least
    assert [broken.line() for broken in check(Store(seed_data), [table])] == []


AT = datetime(2026, 11, 28, tzinfo=timezone.utc)


def write(data, name, rows):
    """Rows as the table's one part in snapshot 1, written by hand with every column nullable
    (a commit through the store would refuse them), so a test can break a rule."""
    schema = pa.schema([column.with_nullable(True) for column in TABLES[name].schema])
    part = f"tables/{name}/p000001-00000000.parquet"
    (data / part).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), data / part)
    manifest = data / "_snapshots" / "000000000001.json"
    tables = Snapshot.from_json(manifest.read_bytes()).tables if manifest.exists() else {}
    manifest.parent.mkdir(exist_ok=True)
    manifest.write_bytes(Snapshot(1, 0.0, {**tables, name: (Part(part, len(rows), (data / part).stat().st_size),)}).to_json())


def document(doc_id, source_path, format="text", title="A title"):
    return {"doc_id": doc_id, "source_path": source_path, "format": format, "title": title, "text": "A title\n\nBody.",
            "text_fingerprint": doc_id, "content_sha256": "0", "n_paragraphs": 2, "n_sentences": 1, "n_words": 3, "tags": [],
            "ingested_at": AT}


def manifest(source_path):
    return {"source_path": source_path, "n_documents": 1, "size": 1, "modified_at": AT, "content_sha256": "0",
            "pipeline_version": "7/en_core_web_sm", "ingested_at": AT}


def mention(mention_id, doc_id, entity_id):
    return {"mention_id": mention_id, "doc_id": doc_id, "sentence_id": f"{doc_id}-s0", "start_char": 0, "end_char": 1,
            "text": "A", "label": "PERSON", "entity_id": entity_id, "entity_name": "A"}


@pytest.fixture
def broken(tmp_path):
    parquet = tmp_path / "data"
    for name in TABLES:
        write(parquet, name, [])
    write(parquet, "manifest", [manifest("a.txt"), manifest("c.txt")])
    write(parquet, "documents", [
        document("d1", "a.txt"), document("d1", "a.txt"),  # the same key twice
        document("d2", "b.txt", format="pdf", title=None),  # not in the manifest, a format newslake does not write, no title
        document("d3", "c.txt"),
    ])
    write(parquet, "sentences", [{"sentence_id": f"{doc}-s0", "doc_id": doc, "paragraph_index": 1, "sentence_index": 0,
                                  "start_char": 9, "end_char": 14, "text": "Body."} for doc in ("d1", "d2", "d3")])
    write(parquet, "duplicates", [{"doc_id": "d3", "source_path": "c.txt", "duplicate_of": "d1", "kept_source_path": "a.txt", "text_fingerprint": "x"}])
    write(parquet, "entities", [{"entity_id": "e1", "name": "A", "label": "PERSON", "aliases": ["A"], "n_mentions": 1, "n_docs": 1}])
    # e9 is no entity; in the duplicate copy d3 that is right, since entities leaves copies out
    write(parquet, "mentions", [mention("m1", "d1", "e1"), mention("m2", "d2", "e9"), mention("m3", "d3", "e9")])
    return parquet


def test_each_kind_of_rule_names_the_rows_that_break_it(broken):
    assert [b.line() for b in check(Store(broken))] == [
        "documents: key (doc_id) is unique: 2 rows break it, e.g. d1",
        "documents: title is never null: 1 row breaks it, e.g. d2",
        "documents: format is one of text, markdown, html, json, jsonl, csv, warc, arc: 1 row breaks it, e.g. pdf",
        "documents: every source_path is in manifest.source_path: 1 row breaks it, e.g. b.txt",
        "mentions: every entity_id is in entities.entity_id (duplicate copies left out): 1 row breaks it, e.g. e9",
    ]


def test_newslake_check_exits_1_with_a_line_per_broken_rule(broken, seed_data):
    failed = CliRunner().invoke(app, ["check", "--data", str(broken)])
    assert failed.exit_code == 1
    assert failed.output.splitlines()[0] == "documents: key (doc_id) is unique: 2 rows break it, e.g. d1"
    assert len(failed.output.splitlines()) == 5 + 1  # and a last line that counts them
    passed = CliRunner().invoke(app, ["check", "--data", str(seed_data)])
    assert passed.exit_code == 0, passed.output
    assert passed.output.strip() == f"all {sum(len(rules(table)) for table in TABLES.values())} rules hold on the {len(TABLES)} tables in {seed_data}"


def test_quote_kinds_are_the_ones_the_quote_finders_write():
    """(transforms/quotes names its kinds itself until it imports schema.QuoteKind; the other
    allowed-value sets are declared once in transforms/schema/ and imported)"""
    from transforms.quotes import INDIRECT, MIXED
    from transforms.quotes.quotations import DIRECT, SCARE
    from transforms.schema import QUOTES

    assert set(QUOTES.allowed["kind"]) == {DIRECT, INDIRECT, MIXED, SCARE}
