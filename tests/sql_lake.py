"""A small hand-made lake for the SQL views: four documents whose rows are written out here, through
the declared schemas (`Table.from_rows`), committed by the store, with the derived tables made by
the flow's own SQL. No model and no Prefect: a view's test depends on the view alone.

The documents (`DOCUMENTS`):
- first.txt (Daily, 1 June 2021): a quotation split in two pieces by "Joe Biden said", reported
  speech by "Biden", a group ("Analysts"), a name the model did not tag written in capitals
  ("MARK SMITH"), an unresolved "he", a quotation with no speaker and a quoted term ("reset");
- second.txt (Evening, 2 June 2021): "Joseph Biden" (the same entity, written otherwise), a mixed
  clause of "The Kremlin" holding a quoted fragment, "Mark Smith" twice, "Analysts" again;
- third.txt: an exact copy of second.txt (same text_fingerprint), which `duplicates` lists;
- quatre.txt: an undated French document, kept as a document only (no sentences, mentions, quotes).

Offsets and sentence texts are computed from the documents' texts, so every row is consistent.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from newslake.derived import derived_tables, rebuild_derived, update_derived
from newslake.store import Store
from transforms.schema import COLLECTION_TABLES, TABLES

INGESTED = datetime(2021, 7, 1, tzinfo=timezone.utc)

FIRST_TEXT = (
    "Leaders meet in Geneva\n\n"
    "“We will talk,” Joe Biden said, “and we will listen.” Biden said Russia would join.\n\n"
    "Analysts said the summit was short. MARK SMITH said it rained. “Nothing changed,” he said. "
    "“Talks end at noon.” It was a “reset” at best."
)
SECOND_TEXT = (
    "Kremlin reacts\n\n"
    "“The talks were useful,” Joseph Biden told reporters. The Kremlin said Putin was ready for “constructive and calm” work.\n\n"
    "Mark Smith said the talks were late. Mark Smith added that Geneva was cold. Analysts said more talks would follow."
)
QUATRE_TEXT = "Les dirigeants se rencontrent\n\nLa réunion a eu lieu à Genève."

# Per document: (paragraph, sentence) pairs in text order
SENTENCES = {
    "first": [
        (0, "Leaders meet in Geneva"),
        (1, "“We will talk,” Joe Biden said, “and we will listen.”"),
        (1, "Biden said Russia would join."),
        (2, "Analysts said the summit was short."),
        (2, "MARK SMITH said it rained."),
        (2, "“Nothing changed,” he said."),
        (2, "“Talks end at noon.”"),
        (2, "It was a “reset” at best."),
    ],
    "second": [
        (0, "Kremlin reacts"),
        (1, "“The talks were useful,” Joseph Biden told reporters."),
        (1, "The Kremlin said Putin was ready for “constructive and calm” work."),
        (2, "Mark Smith said the talks were late."),
        (2, "Mark Smith added that Geneva was cold."),
        (2, "Analysts said more talks would follow."),
    ],
}

# entity_id -> (label, kb_id, kb_source)
ENTITIES = {
    "e-biden": ("PERSON", None, None),
    "e-geneva": ("GPE", "2660646", "geonames"),
    "e-kremlin": ("ORG", None, None),
    "e-putin": ("PERSON", None, None),
    "e-russia": ("GPE", "RU", "iso3166-1"),
}

# Per document: (sentence number, text as written, entity_id, the entity's name the linker gave)
MENTIONS = {
    "first": [
        (0, "Geneva", "e-geneva", "Geneva"),
        (1, "Joe Biden", "e-biden", "Joe Biden"),
        (2, "Biden", "e-biden", "Joe Biden"),
        (2, "Russia", "e-russia", "Russia"),
    ],
    "second": [
        (0, "Kremlin", "e-kremlin", "Kremlin"),
        (1, "Joseph Biden", "e-biden", "Joseph Biden"),
        (2, "Kremlin", "e-kremlin", "Kremlin"),
        (2, "Putin", "e-putin", "Vladimir Putin"),
        (4, "Geneva", "e-geneva", "Geneva"),
    ],
}

# Per document: (quote_group, sentence number, quoted words, kind, speaker as written, speaker_name,
# speaker_entity_id, speaker_status, cue)
QUOTES = {
    "first": [
        ("g1", 1, "We will talk", "direct", "Joe Biden", "Joe Biden", "e-biden", "entity", "said"),
        ("g1", 1, "and we will listen", "direct", "Joe Biden", "Joe Biden", "e-biden", "entity", "said"),
        ("g2", 2, "Russia would join", "indirect", "Biden", "Joe Biden", "e-biden", "entity", "said"),
        ("g3", 3, "the summit was short", "indirect", "Analysts", "analysts", None, "group", "said"),
        ("g4", 4, "it rained", "indirect", "MARK SMITH", "MARK SMITH", None, "name", "said"),
        ("g5", 5, "Nothing changed", "direct", "he", None, None, "unresolved", "said"),
        ("g6", 6, "Talks end at noon.", "direct", None, None, None, "none", None),
        ("g7", 7, "reset", "scare", None, None, None, "none", None),
    ],
    "second": [
        ("g1", 1, "The talks were useful", "direct", "Joseph Biden", "Joseph Biden", "e-biden", "entity", "told"),
        ("g2", 2, "Putin was ready for “constructive and calm” work", "mixed", "The Kremlin", "Kremlin", "e-kremlin", "entity", "said"),
        ("g2", 2, "constructive and calm", "direct", "The Kremlin", "Kremlin", "e-kremlin", "entity", "said"),
        ("g3", 3, "the talks were late", "indirect", "Mark Smith", "Mark Smith", None, "name", "said"),
        ("g4", 4, "Geneva was cold", "indirect", "Mark Smith", "Mark Smith", None, "name", "added"),
        ("g5", 5, "more talks would follow", "indirect", "Analysts", "analysts", None, "group", "said"),
    ],
}

# doc_id -> (source_path, outlet, published_at, language, text, fingerprint, whose rows it has)
DOCUMENTS = {
    "d1": ("first.txt", "Daily", datetime(2021, 6, 1, 9, 30, tzinfo=timezone.utc), "en", FIRST_TEXT, "fp-first", "first"),
    "d2": ("second.txt", "Evening", datetime(2021, 6, 2, 18, 0, tzinfo=timezone.utc), "en", SECOND_TEXT, "fp-second", "second"),
    "d3": ("third.txt", "Evening", datetime(2021, 6, 2, 18, 0, tzinfo=timezone.utc), "en", SECOND_TEXT, "fp-second", "second"),
    "d4": ("quatre.txt", "Le Soir", None, "fr", QUATRE_TEXT, "fp-quatre", None),
}
COPY = "d3"  # of d2: a later source_path, so d2 is the one kept


def lake_rows() -> dict[str, list[dict]]:
    """Every per-document table's rows, and the manifest's."""
    tables: dict[str, list[dict]] = {"documents": [], "sentences": [], "mentions": [], "quotes": [], "manifest": []}
    for doc_id, (source_path, outlet, published_at, language, text, fingerprint, content) in DOCUMENTS.items():
        sentences = _sentences(doc_id, text, SENTENCES.get(content, []))
        tables["sentences"] += sentences
        tables["mentions"] += _mentions(doc_id, text, sentences, MENTIONS.get(content, []))
        tables["quotes"] += _quotes(doc_id, text, sentences, QUOTES.get(content, []))
        tables["documents"].append({
            "doc_id": doc_id, "source_path": source_path, "record_key": None, "format": "text",
            "title": text.split("\n\n")[0], "url": None, "published_at": published_at, "author": None,
            "outlet": outlet, "tags": [], "text": text, "description": None, "language": language,
            "language_confidence": 0.99, "declared_language": None, "crawled_at": None,
            "text_fingerprint": fingerprint, "content_sha256": f"sha-{doc_id}",
            "n_paragraphs": text.count("\n\n") + 1, "n_sentences": len(sentences), "n_words": len(text.split()),
            "ingested_at": INGESTED,
        })
        tables["manifest"].append({
            "source_path": source_path, "n_documents": 1, "size": len(text.encode()), "modified_at": INGESTED,
            "content_sha256": f"sha-{doc_id}", "pipeline_version": "hand-made", "ingested_at": INGESTED,
        })
    return tables


def write_lake(data: Path, rows: dict[str, list[dict]] | None = None) -> Store:
    """The hand-made rows (or `rows`) committed as one snapshot, as an ingest commits them:
    per-document tables appended, the manifest and rejects replaced, then the derived tables
    (`duplicates` among them)."""
    rows = rows or lake_rows()
    store = Store(data)
    with store.lock(), store.transaction() as transaction:
        transaction.append({name: TABLES[name].from_rows(rows[name]) for name in ("documents", "sentences", "mentions", "quotes")})
        transaction.replace("manifest", TABLES["manifest"].from_rows(rows["manifest"]))
        transaction.replace("rejects", TABLES["rejects"].empty())
        update_derived(transaction)
        store.commit(transaction)
    return store


def differing_from_a_rebuild(store: Store, names) -> dict[str, tuple[int, int]]:
    """Per made table named: (rows it holds that a rebuild from the committed base tables would not
    and the other way round, its rows). The rebuild is `rebuild_derived` on a connection where
    `lake.<table>` are the committed base tables."""
    connection = store.duckdb()
    store.create_table_views(connection, prefix="stored_")
    connection.execute("create schema lake")
    for name in TABLES.keys() - derived_tables().keys() - COLLECTION_TABLES.keys():
        connection.execute(f"create view lake.{name} as select * from stored_{name}")
    rebuild_derived(connection)
    count = "select count(*) from ({})"
    return {
        name: (
            connection.sql(count.format(f"(from stored_{name} except all from lake.{name}) union all (from lake.{name} except all from stored_{name})")).fetchall()[0][0],
            connection.sql(count.format(f"from lake.{name}")).fetchall()[0][0],
        )
        for name in names
    }


def _sentences(doc_id: str, text: str, sentences: list[tuple[int, str]]) -> list[dict]:
    rows, start = [], 0
    for number, (paragraph, sentence) in enumerate(sentences):
        start = text.index(sentence, start)
        rows.append({
            "sentence_id": f"{doc_id}-s{number}", "doc_id": doc_id, "paragraph_index": paragraph, "sentence_index": number,
            "start_char": start, "end_char": start + len(sentence), "text": sentence,
        })
        start += len(sentence)
    return rows


def _mentions(doc_id: str, text: str, sentences: list[dict], mentions: list[tuple]) -> list[dict]:
    rows, start = [], 0
    for number, (sentence, written, entity_id, entity_name) in enumerate(mentions):
        start = text.index(written, max(start, sentences[sentence]["start_char"]))
        label, kb_id, kb_source = ENTITIES[entity_id]
        rows.append({
            "mention_id": f"{doc_id}-m{number}", "doc_id": doc_id, "sentence_id": sentences[sentence]["sentence_id"],
            "start_char": start, "end_char": start + len(written), "text": written, "label": label,
            "entity_id": entity_id, "entity_name": entity_name, "kb_id": kb_id, "kb_source": kb_source,
        })
        start += len(written)
    return rows


def _quotes(doc_id: str, text: str, sentences: list[dict], quotes: list[tuple]) -> list[dict]:
    rows = []
    for number, (group, sentence, words, kind, speaker, speaker_name, entity_id, status, cue) in enumerate(quotes):
        sentence_row = sentences[sentence]
        start = text.index(words, sentence_row["start_char"])
        speaker_start = None if speaker is None else text.index(speaker, sentence_row["start_char"])
        rows.append({
            "quote_id": f"{doc_id}-q{number}", "quote_group": f"{doc_id}-{group}", "doc_id": doc_id,
            "sentence_id": sentence_row["sentence_id"], "start_char": start, "end_char": start + len(words), "text": words,
            "kind": kind, "speaker": speaker, "speaker_start": speaker_start,
            "speaker_end": None if speaker is None else speaker_start + len(speaker),
            "speaker_entity_id": entity_id, "speaker_name": speaker_name, "speaker_status": status, "cue": cue,
            "rule": None if cue is None else "hand-made", "n_words": len(words.replace("“", " ").replace("”", " ").split()),
        })
    return rows
