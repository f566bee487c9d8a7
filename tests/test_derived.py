"""The derived tables a commit updates from the documents it changed equal the same tables made
whole from the committed base tables (`rebuild_derived`), on the hand-made lake (`tests/sql_lake.py`):
no model, no Prefect."""

import re
from pathlib import Path

import pytest

from newslake import collection
from newslake.derived import derived_signatures, derived_tables, reads, update_derived
from newslake.store import Store
from tests.sql_lake import differing_from_a_rebuild as rebuilt
from tests.sql_lake import lake_rows
from transforms.schema import PER_DOCUMENT, TABLES

WRITTEN = [name for name in PER_DOCUMENT if name != "terms"]  # (the hand-made lake has no search terms)


def copy_of(rows: dict[str, list[dict]], doc_id: str, new_id: str, source_path: str, fingerprint: str) -> dict[str, list[dict]]:
    """A document's rows under another doc_id (its row ids follow), file and text fingerprint."""
    def renamed(value):
        return new_id + value[len(doc_id):] if isinstance(value, str) and (value == doc_id or value.startswith(doc_id + "-")) else value

    copies = {name: [{key: renamed(value) for key, value in row.items()} for row in rows[name] if row["doc_id"] == doc_id] for name in WRITTEN}
    for row in copies["documents"]:
        row.update(source_path=source_path, text_fingerprint=fingerprint, content_sha256=f"sha-{new_id}")
    return copies


def commit(store: Store, rows: dict[str, list[dict]], deleted: set[str] = frozenset()) -> None:
    with store.lock(), store.transaction() as transaction:
        transaction.delete_docs(set(deleted))
        transaction.append({name: TABLES[name].from_rows(rows.get(name, [])) for name in WRITTEN})
        transaction.replace("rejects", TABLES["rejects"].empty())
        update_derived(transaction)
        store.commit(transaction)


def differing_from_a_rebuild(store: Store) -> dict[str, int]:
    """Per derived table, the rows it holds that a rebuild would not, and the other way round."""
    return {name: differing for name, (differing, _) in rebuilt(store, derived_tables()).items()}


def test_an_update_from_the_changed_documents_equals_a_rebuild(tmp_path, updated):
    rows = lake_rows()  # d1, d2, d3 (a copy of d2, in `duplicates`), d4
    for number in range(6):  # more documents than change, so the commits below update
        for name, copied in copy_of(rows, "d1", f"c{number}", f"copy-{number}.txt", f"fp-copy-{number}").items():
            rows[name] += copied
    store = Store(tmp_path / "data")
    commit(store, rows)
    assert updated == [] and store.count("duplicates") == 1  # a first commit makes them whole
    builders = derived_tables()
    incremental = sorted(name for name in builders if TABLES[name].updated_from_changes)

    # d2 deleted, so its copy d3 is no longer a duplicate; a new document
    commit(store, copy_of(rows, "d1", "n1", "new.txt", "fp-new"), deleted={"d2"})
    assert sorted(updated) == incremental
    assert store.count("duplicates") == 0
    assert differing_from_a_rebuild(store) == dict.fromkeys(builders, 0)

    # a copy of d1 under a path sorted first: d1 becomes the duplicate
    updated.clear()
    commit(store, copy_of(rows, "d1", "a1", "a-first.txt", "fp-first"))
    assert sorted(updated) == incremental
    assert store.read("duplicates", ["doc_id"])["doc_id"].to_pylist() == ["d1"]
    assert differing_from_a_rebuild(store) == dict.fromkeys(builders, 0)

    # d3 deleted, the last document that names the Kremlin and Putin: they are no entities any more
    updated.clear()
    commit(store, {}, deleted={"d3"})
    assert sorted(updated) == incremental
    assert {"e-kremlin", "e-putin"}.isdisjoint(store.read("entities", ["entity_id"])["entity_id"].to_pylist())
    assert differing_from_a_rebuild(store) == dict.fromkeys(builders, 0)


def test_a_per_document_table_that_reads_a_base_view_leaving_copies_out_is_refused(tmp_path):
    """Its rows are replaced per changed document and made for copies too: reading `quotes` (no
    copies) instead of `lake.quotes` would lose a copy's rows for good."""
    (tmp_path / "quotations.sql").write_text("-- wrong\nselect * from quotes where kind <> 'scare'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quotations.sql: a per-document table reads every row"):
        derived_tables(tmp_path)
    (tmp_path / "quotations.sql").write_text("-- right\nselect quote_rows.* from lake.quotes as quote_rows\n", encoding="utf-8")
    assert list(derived_tables(tmp_path)) == ["quotations"]


def test_a_table_of_totals_over_base_views_comes_after_duplicates_and_follows_its_copies():
    builders = derived_tables()
    order = list(builders)
    for name, sql in builders.items():
        if reads(sql, "duplicates") and name != "duplicates":
            assert order.index("duplicates") < order.index(name), name
    assert reads(builders["speaker_totals"], "duplicates")  # `from quotations`: the base view
    assert not reads(builders["quotations"], "duplicates")  # `lake.quotes`, `lake.sentences`, `lake.documents`


def test_a_table_is_signed_by_its_own_sql_and_what_it_reads():
    """A new derived table, or a changed one, rebuilds itself and what reads it at the next commit,
    not every table after it (a chain over every SQL before it had the new `doc_counts` rebuild
    every later table and the collection's: 21 minutes at 200,000 documents)."""
    builders = derived_tables()
    signed = derived_signatures(builders)
    without = derived_signatures({name: sql for name, sql in builders.items() if name != "doc_counts"})
    assert without == {name: signature for name, signature in signed.items() if name != "doc_counts"}

    changed = derived_signatures({**builders, "quotations": builders["quotations"] + "\n-- changed"})
    moved = {name for name in signed if changed[name] != signed[name]}
    assert {"quotations", "speaker_totals", "doc_counts", "statements", "outlet_speakers"} <= moved  # what reads it, the collection too
    assert {"duplicates", "entity_pairs", "doc_entity_counts", "entities"}.isdisjoint(moved)  # what does not
    with pytest.raises(ValueError, match="given after it"):  # a table signed before what it reads would not cover it
        derived_signatures(dict(reversed(builders.items())))


def test_the_collection_declares_every_derived_table_it_reads():
    """Its signature is made from the tables it declares: one it read undeclared would leave its
    tables stale when that table's SQL changed."""
    source = (Path(collection.__file__)).read_text(encoding="utf-8")
    named = {name for name in derived_tables() if re.search(rf"(?:lake\.|previous_|\{{self\.previous\}}){name}\b", source)}
    assert named == set(collection.COLLECTION_READS)
