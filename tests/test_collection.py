"""The collection tables (stories, wire credits, outlets, statements, genders) a commit updates from
the changed documents equal the same tables made whole from the committed tables, through a
sequence of commits on the hand-made lake (`tests/sql_lake.py`): documents added, a near-copy that
arrives later but was published earlier, a document deleted, a copy that sends a document into
`duplicates`. No model, no Prefect."""

from datetime import datetime, timezone

import pytest

from newslake.collection import Collection
from newslake.derived import derived_signatures, derived_tables
from newslake.store import Store
from tests.sql_lake import FIRST_TEXT, lake_rows
from tests.sql_lake import differing_from_a_rebuild as rebuilt
from tests.test_derived import commit, copy_of
from transforms.schema import COLLECTION_TABLES, TABLES

APPENDED = "\n\nMr Biden said he was pleased.\n\nReuters"


def filler(doc_id: str, number: int, url: str | None, outlet: str | None) -> dict:
    """A document of its own words (no near-copy of any other), with no sentences or quotes."""
    text = f"Filler number {number}\n\n" + " ".join(f"word{number}x{index}" for index in range(30))
    return {
        "doc_id": doc_id, "source_path": f"filler-{number}.txt", "record_key": None, "format": "text", "title": text.split("\n\n")[0],
        "url": url, "published_at": datetime(2021, 5, number + 1, tzinfo=timezone.utc), "author": None, "outlet": outlet, "tags": [],
        "text": text, "description": None, "language": "en", "language_confidence": 0.99, "declared_language": None, "crawled_at": None,
        "text_fingerprint": f"fp-{doc_id}", "content_sha256": f"sha-{doc_id}", "n_paragraphs": 2, "n_sentences": 0, "n_words": 34,
        "ingested_at": datetime(2021, 7, 1, tzinfo=timezone.utc),
    }


def near_copy(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """d1 as another outlet ran it a day earlier: one sentence and a wire credit added at the end."""
    copy = copy_of(rows, "d1", "n1", "near.txt", "fp-near")
    document = copy["documents"][0]
    document.update(text=FIRST_TEXT + APPENDED, published_at=datetime(2021, 5, 31, tzinfo=timezone.utc), outlet=None, url="https://www.evening.co.uk/near")
    start = len(FIRST_TEXT) + 2
    copy["sentences"].append({"sentence_id": "n1-s8", "doc_id": "n1", "paragraph_index": 3, "sentence_index": 8, "start_char": start,
                              "end_char": start + 29, "text": "Mr Biden said he was pleased."})
    copy["mentions"].append({"mention_id": "n1-m9", "doc_id": "n1", "sentence_id": "n1-s8", "start_char": start + 3, "end_char": start + 8,
                             "text": "Biden", "label": "PERSON", "entity_id": "e-biden", "entity_name": "Joe Biden", "kb_id": None, "kb_source": None})
    return copy


def other_forms(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """x1: d2 with the Kremlin's clause longer ("… in Geneva"); x2: d1 with Biden's quotation cut to
    its last 6 words. Texts of their own, so neither is a copy."""
    longer, part = copy_of(rows, "d2", "x1", "longer.txt", "fp-longer"), copy_of(rows, "d1", "x2", "part.txt", "fp-part")
    for copy in (longer, part):
        copy["documents"][0]["text"] = "Another text entirely\n\n" + " ".join(f"other{index}" for index in range(40))
    for row in longer["quotes"]:
        if row["quote_group"] == "x1-g2" and row["kind"] == "mixed":
            row["text"] += " in Geneva"
    for row in part["quotes"]:
        if row["quote_group"] == "x2-g1" and row["text"] == "We will talk":
            row["text"] = "will talk"
    return {name: longer[name] + part[name] for name in longer}


@pytest.fixture
def fulls(monkeypatch) -> list[bool]:
    """Whether each commit made the collection tables whole (True) or from the changed documents."""
    made: list[bool] = []
    make = Collection.make

    def spy(self):
        made.append(self.full)
        return make(self)

    monkeypatch.setattr(Collection, "make", spy)
    return made


def differing_from_a_rebuild(store: Store) -> dict[str, int]:
    """Per collection table, the rows it holds that a rebuild would not, and the other way round."""
    return {name: differing for name, (differing, _) in rebuilt(store, COLLECTION_TABLES).items()}


def test_commits_from_the_changed_documents_equal_a_rebuild(tmp_path, fulls):
    rows = lake_rows()  # d1, d2, d3 (a copy of d2, in duplicates), d4
    rows["documents"] += [filler(f"f{n}", n, f"https://www.daily.co.uk/{n}" if n < 4 else None, "The Daily" if n < 3 else None) for n in range(8)]
    for document in rows["documents"]:
        if document["doc_id"] == "d1":
            document["url"] = "https://daily.co.uk/summit"  # its site name "Daily" loses to the domain's "The Daily"
    store = Store(tmp_path / "data")
    commit(store, rows)
    assert fulls == [True]
    zero = dict.fromkeys(COLLECTION_TABLES, 0)
    assert differing_from_a_rebuild(store) == zero
    outlets = dict(store.duckdb().sql(f"select doc_id, outlet from read_parquet({sources(store, 'document_outlets')})").fetchall())
    assert (outlets["d1"], outlets["f3"], outlets["d2"], outlets["f5"]) == ("The Daily", "The Daily", "Evening", None)

    # a near-copy of d1 arrives, published a day before it: it becomes the story's original; and two
    # more pages of daily.co.uk call it "Daily": 3 against 3, so the domain is "Daily" (the first
    # name in order) for all its pages
    added = near_copy(rows)
    added["documents"] += [filler(f"f{n}", n, f"https://www.daily.co.uk/{n}", "Daily") for n in (8, 9)]
    commit(store, added)
    assert fulls[-1] is False and differing_from_a_rebuild(store) == zero
    outlets = dict(store.duckdb().sql(f"select doc_id, outlet from read_parquet({sources(store, 'document_outlets')})").fetchall())
    assert (outlets["f0"], outlets["f3"], outlets["f9"], outlets["n1"]) == ("Daily", "Daily", "Daily", "evening.co.uk")
    db = store.duckdb()
    stories = db.sql(f"select doc_id, story_id, is_original, n_documents from read_parquet({sources(store, 'document_stories')}) where n_documents > 1 order by doc_id").fetchall()
    assert stories == [("d1", "n1", False, 2), ("n1", "n1", True, 2)]
    assert db.sql(f"select agency, place, credit from read_parquet({sources(store, 'wire_credits')})").fetchall() == [("Reuters", "tail", "Reuters")]
    assert db.sql(f"select entity_id, gender, n_male, n_documents from read_parquet({sources(store, 'person_genders')}) where gender <> 'unknown'").fetchall() == [
        ("e-biden", "male", 2, 1),  # "Mr Biden", and "he" in the sentence that names him alone
    ]
    spread = db.sql(f"select text, n_documents, n_outlets, first_doc_id, first_outlet from read_parquet({sources(store, 'statements')}) where n_documents > 1 order by text").fetchall()
    assert ("We will talk … and we will listen", 2, 2, "n1", "evening.co.uk") in spread

    # a longer form of d2's Kremlin clause, and a part (6 words) of Biden's quotation: each joins
    # the statement of the form it holds or is part of, which keeps its id
    ids = dict(store.duckdb().sql(f"select match_key, statement_id from read_parquet({sources(store, 'statements')})").fetchall())
    commit(store, other_forms(rows))
    assert fulls[-1] is False and differing_from_a_rebuild(store) == zero
    joined = store.duckdb().sql(
        f"select statement_id, match_key, n_forms, n_documents from read_parquet({sources(store, 'statements')}) where n_forms > 1 order by match_key").fetchall()
    assert joined == [
        (ids["putin was ready for constructive and calm work"], "putin was ready for constructive and calm work in geneva", 2, 2),
        (ids["we will talk and we will listen"], "we will talk and we will listen", 2, 3),
    ]

    # d1 deleted: the near-copy is a story of its own again, each statement seen once
    commit(store, {}, deleted={"d1"})
    assert fulls[-1] is False and differing_from_a_rebuild(store) == zero
    assert store.duckdb().sql(f"select max(n_documents) from read_parquet({sources(store, 'statements')})").fetchall() == [(2,)]
    before_again = store.count("statement_quotations")

    # the near-copy analysed again in place (its file touched): its rows go and come back as they
    # were, statements and their quotations included
    again = {name: [row for row in added[name] if row.get("doc_id") == "n1"] for name in added}
    commit(store, again, deleted={"n1"})
    assert fulls[-1] is False and differing_from_a_rebuild(store) == zero
    assert store.count("statement_quotations") == before_again

    # a copy of d2 under a path sorted first: d2 goes into duplicates, its copy is kept instead
    commit(store, copy_of(rows, "d2", "a2", "a-first.txt", "fp-second"))
    assert fulls[-1] is False and differing_from_a_rebuild(store) == zero
    assert sorted(store.read("duplicates", ["doc_id"])["doc_id"].to_pylist()) == ["d2", "d3"]

    # two pages of evening.co.uk name it "The Evening Post": the near-copy's outlet changes while its
    # quotations do not (only its statements' outlets are made again)
    links = store.read("statement_quotations").sort_by("quote_group")
    commit(store, {"documents": [filler(f"f{n}", n, f"https://www.evening.co.uk/{n}", "The Evening Post") for n in (10, 11)]})
    assert fulls[-1] is False and differing_from_a_rebuild(store) == zero
    assert store.read("statement_quotations").sort_by("quote_group") == links
    outlets = dict(store.duckdb().sql(f"select doc_id, outlet from read_parquet({sources(store, 'document_outlets')})").fetchall())
    assert outlets["n1"] == "The Evening Post"

    # the copy deleted: d2 comes back out of duplicates, and its quotations into their statements
    commit(store, {}, deleted={"a2"})
    assert fulls[-1] is False and differing_from_a_rebuild(store) == zero
    assert sorted(store.read("duplicates", ["doc_id"])["doc_id"].to_pylist()) == ["d3"]


def test_a_rebuild_read_back_in_buckets_equals_one_read_whole(tmp_path, monkeypatch):
    """A large lake's rebuild reads the documents' rows back a bucket of doc_id hashes at a time."""
    import newslake.collection

    rows = lake_rows()
    rows["documents"] += [filler(f"f{n}", n, None, None) for n in range(8)]
    for name, added in near_copy(rows).items():
        rows[name] += added
    monkeypatch.setattr(newslake.collection, "BUCKET_DOCUMENTS", 3)  # 4 buckets of the 13 documents
    store = Store(tmp_path / "data")
    commit(store, rows)
    monkeypatch.undo()
    assert differing_from_a_rebuild(store) == dict.fromkeys(COLLECTION_TABLES, 0)
    assert store.count("gender_evidence") == 2 and store.count("story_pairs") == 1


def test_a_rebuild_writes_statements_in_the_order_they_were_last_seen(tmp_path):
    """A commit replaces the statements new documents join, mostly those seen last: written in that
    order, they share a few parts, and only those parts are rewritten."""
    rows = lake_rows()
    rows["documents"] += [filler(f"f{n}", n, None, None) for n in range(8)]
    store = Store(tmp_path / "data")
    commit(store, rows)
    seen = store.duckdb().sql(f"select last_seen_at from read_parquet({sources(store, 'statements')})").fetchall()
    dated = [row[0] for row in seen if row[0] is not None]
    assert len(set(dated)) > 1 and dated == sorted(dated) and all(row[0] is not None for row in seen[:len(dated)])


def test_a_commit_records_the_collection_tables_signatures(tmp_path):
    store = Store(tmp_path / "data")
    commit(store, lake_rows())
    assert set(COLLECTION_TABLES) <= set(store.snapshot().derived) and store.snapshot().derived == derived_signatures(derived_tables())


def sources(store: Store, name: str) -> str:
    return store.sources()[name]
