"""Every table's Arrow schema and contract, declared once: writers, views, docs, tests and
`newslake check` all read them from here.

Each table has a grain (what one row is) and a description per column, stored as Arrow field
metadata so that they travel inside the Parquet files too. Its contract: the key is unique, a column
that is not nullable holds no null, a column with allowed values holds no other, and a reference
names a row that exists.

It is longer than most modules because it is the one place every table is declared: splitting it
would scatter the contracts that tests and docs read together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Iterable

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
DOC_KEY = "doc_id"  # the column that names a row's document
_WITH_PANDAS: dict[str, pa.Schema] = {}  # Table.schema, by table name


def _field(name: str, type_: pa.DataType, doc: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


@dataclass(frozen=True)
class Reference:
    """Every non-null `column` value is a `target_column` value of `target`; `kept_only`: only in
    rows of documents kept in the views (a derived table leaves duplicate copies out)."""

    column: str
    target: str
    target_column: str
    kept_only: bool = False


@dataclass(frozen=True)
class Table:
    """A table's name, grain, key, schema and the rest of its contract."""

    name: str
    grain: str
    key: tuple[str, ...]
    columns: pa.Schema  # the Arrow schema without pandas' metadata: enough to read
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    per_document: bool = False  # each row belongs to one document (doc_id), replaced with it
    measures: tuple[str, ...] = ()  # of a derived total: sums over documents, the rest is the key
    lists_copies: bool = False  # its doc_id names the copies left out of the views (only `duplicates`)

    @property
    def leaves_copies_out(self) -> bool:
        """Whether its base view (`newslake.views.base_views`) leaves out the rows of the copies
        listed in `duplicates`: every table with a `doc_id` column, but `duplicates` itself."""
        return DOC_KEY in self.columns.names and not self.lists_copies

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema every writer uses: `columns`, plus the metadata that makes pandas read
        nullable integers as `Int32`. Made on first use, since it needs pandas (48 MB), which a
        run with nothing to do does not import."""
        if self.name not in _WITH_PANDAS:
            _WITH_PANDAS[self.name] = self.columns.with_metadata({**self.columns.metadata, b"pandas": _pandas_metadata(self.columns)})
        return _WITH_PANDAS[self.name]

    @property
    def required(self) -> list[str]:
        """Columns that may not hold a null."""
        return [column.name for column in self.schema if not column.nullable]

    def empty(self) -> pa.Table:
        return self.schema.empty_table()

    def from_rows(self, rows: list[dict]) -> pa.Table:
        return pa.Table.from_pylist(rows, schema=self.schema)


def _table(
    name: str, grain: str, key: tuple[str, ...], *fields: pa.Field,
    allowed: dict[str, Iterable[str]] | None = None, references: tuple[Reference, ...] = (),
    per_document: bool = False, measures: tuple[str, ...] = (), lists_copies: bool = False,
) -> Table:
    values = {column: tuple(str(value) for value in allowed_values) for column, allowed_values in (allowed or {}).items()}
    return Table(name, grain, key, pa.schema(fields, metadata={"grain": grain}), values, references, per_document, measures, lists_copies)


def _to_documents(*columns: str) -> tuple[Reference, ...]:
    return tuple(Reference(column, "documents", "doc_id") for column in columns)


# Each set of allowed values, declared once: the contracts, the docs and every writer import these.
class Format(StrEnum):
    """An input's format, from its suffix (`transforms.reading.inputs.FORMATS`)."""
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    WARC = "warc"
    ARC = "arc"


class EntityLabel(StrEnum):
    """spaCy's entity types newslake keeps: names, not numbers or dates."""
    PERSON = "PERSON"
    NORP = "NORP"
    FAC = "FAC"
    ORG = "ORG"
    GPE = "GPE"
    LOC = "LOC"
    PRODUCT = "PRODUCT"
    EVENT = "EVENT"
    WORK_OF_ART = "WORK_OF_ART"
    LAW = "LAW"
    LANGUAGE = "LANGUAGE"


class QuoteKind(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    SCARE = "scare"  # a quoted term or title: it attributes nothing


class SpeakerStatus(StrEnum):
    """Who a speaker is, for counting: a named entity, a proper name the model did not tag, a group
    written as a common noun ("analysts"), words the text does not resolve ("he" with no
    antecedent), or no speaker. Views that rank speakers count the first three only."""
    ENTITY = "entity"
    NAME = "name"
    GROUP = "group"
    UNRESOLVED = "unresolved"
    NONE = "none"


class SearchUnit(StrEnum):
    SENTENCES = "sentences"
    QUOTES = "quotes"


class KbSource(StrEnum):
    """Where a place's identifier comes from; users name their own sources for their lists."""
    ISO3166_1 = "iso3166-1"
    ISO3166_2 = "iso3166-2"
    GEONAMES = "geonames"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class GenderEvidenceKind(StrEnum):
    HONORIFIC = "honorific"
    NOUN = "noun"
    SPEAKER_PRONOUN = "speaker_pronoun"
    PRONOUN = "pronoun"
    NEXT_PRONOUN = "next_pronoun"


class WirePlace(StrEnum):
    DATELINE = "dateline"
    HEAD = "head"
    TAIL = "tail"


# The same sets as tuples, for `in` tests of any string (Python 3.11's `in` on an Enum class takes
# members only) and for unpacking
FORMATS = tuple(Format)
ENTITY_LABELS = tuple(EntityLabel)
QUOTE_KINDS = tuple(QuoteKind)
SPEAKER_STATUSES = tuple(SpeakerStatus)
ATTRIBUTION_KINDS = (QuoteKind.DIRECT, QuoteKind.INDIRECT, QuoteKind.MIXED)  # a quoted term (scare) attributes nothing
SEARCH_UNITS = tuple(SearchUnit)
KB_SOURCES = tuple(KbSource)


def _pandas_metadata(schema: pa.Schema) -> bytes:
    """Tell pandas to read nullable integer columns as `Int32`, not float64 (pandas' default)."""
    frame = schema.empty_table().to_pandas()
    for column in schema:
        if column.nullable and pa.types.is_integer(column.type):
            frame[column.name] = frame[column.name].astype(str(column.type).capitalize())  # Int32, Int64
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False).schema.metadata[b"pandas"]


DOCUMENTS = _table(
    "documents", "one row per ingested article (a file, a record of a JSON, JSONL or CSV dump, or a page of a web archive)", ("doc_id",),
    _field("doc_id", pa.string(), "stable id: a hash of source_path and record_key"),
    _field("source_path", pa.string(), "path of the file, relative to the seeds folder"),
    _field("record_key", pa.string(), "in a dump, the record's id or 'line N'; in a web archive, the WARC-Record-ID or 'offset N'", True),
    _field("format", pa.string(), "text, markdown, html, json, jsonl, csv, warc or arc (of the file under any compression)"),
    _field("title", pa.string(), "the first paragraph (the headline line, or the page's or record's title)"),
    _field("url", pa.string(), "canonical URL, from the page or the record", True),
    _field("published_at", TIMESTAMP, "publication time (UTC): page metadata, record field, or a dateline at the top", True),
    _field("author", pa.string(), "author(s) as written", True),
    _field("outlet", pa.string(), "site or publication name", True),
    _field("tags", pa.list_(pa.field("item", pa.string(), nullable=False)), "tags, keywords or categories the input gives (front matter, record field, page metadata); empty when none"),
    _field("text", pa.string(), "the article text: paragraph 0 is the title; all offsets index it"),
    _field("description", pa.string(), "the standfirst or summary the page or record gives", True),
    _field("language", pa.string(), "ISO 639-1 code of the language identified from the text (py3langid); only 'en' documents get sentences, entities and quotes; null only in rows an older newslake made and kept", True),
    _field("language_confidence", pa.float64(), "the identifier's probability for that language, 0 to 1", True),
    _field("declared_language", pa.string(), "ISO 639-1 code of the language the input declares (<html lang>, a record's language field, front matter), often a template's", True),
    _field("crawled_at", TIMESTAMP, "when a crawler fetched the page (WARC-Date, a record's date_download); never the publication time", True),
    _field("text_fingerprint", pa.string(), "hash of the body's case-folded words: equal for the same article saved twice"),
    _field("content_sha256", pa.string(), "sha256 of the file's bytes"),
    _field("n_paragraphs", pa.int32(), "paragraphs (blocks separated by blank lines), the title included"),
    _field("n_sentences", pa.int32(), "rows in sentences for this document"),
    _field("n_words", pa.int32(), "words in text"),
    _field("ingested_at", TIMESTAMP, "when this version of the file was ingested (UTC)"),
    allowed={"format": FORMATS},
    references=(Reference("source_path", "manifest", "source_path"),),
    per_document=True,
)

SENTENCES = _table(
    "sentences", "one row per sentence", ("sentence_id",),
    _field("sentence_id", pa.string(), "doc_id and sentence number"),
    _field("doc_id", pa.string(), "the document"),
    _field("paragraph_index", pa.int32(), "0-based paragraph number; paragraph 0 is the title"),
    _field("sentence_index", pa.int32(), "0-based sentence number within the document"),
    _field("start_char", pa.int32(), "offset of the first character in documents.text"),
    _field("end_char", pa.int32(), "offset after the last character"),
    _field("text", pa.string(), "documents.text[start_char:end_char]"),
    references=_to_documents("doc_id"),
    per_document=True,
)

MENTIONS = _table(
    "mentions", "one row per named-entity mention", ("mention_id",),
    _field("mention_id", pa.string(), "doc_id and mention number"),
    _field("doc_id", pa.string(), "the document"),
    _field("sentence_id", pa.string(), "the sentence the mention starts in"),
    _field("start_char", pa.int32(), "offset in documents.text"),
    _field("end_char", pa.int32(), "offset after the mention"),
    _field("text", pa.string(), "the mention as written"),
    _field("label", pa.string(), "entity type (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...), after corrections"),
    _field("entity_id", pa.string(), "the canonical entity (entities.entity_id)"),
    _field("entity_name", pa.string(), "the canonical entity's name"),
    _field("kb_id", pa.string(), "an identifier: for a place an ISO 3166-1 code (country), ISO 3166-2 code (region outside the US) or GeoNames id (continent, US state, city); the user's id for an entity listed with --entities; null when not linked", True),
    _field("kb_source", pa.string(), "where kb_id comes from: iso3166-1, iso3166-2, geonames, or the source column of the user's list (default user)", True),
    allowed={"label": ENTITY_LABELS},
    references=(*_to_documents("doc_id"), Reference("sentence_id", "sentences", "sentence_id"), Reference("entity_id", "entities", "entity_id", kept_only=True)),
    per_document=True,
)

ENTITIES = _table(
    "entities", "one row per canonical entity (a normalised name and a label)", ("entity_id",),
    _field("entity_id", pa.string(), "stable id: a hash of the identifier for a linked place, else of the normalised name and the label"),
    _field("name", pa.string(), "canonical name"),
    _field("label", pa.string(), "entity type"),
    _field("aliases", pa.list_(pa.field("item", pa.string(), nullable=False)), "distinct forms it was written as"),
    _field("n_mentions", pa.int32(), "mentions across all documents"),
    _field("n_docs", pa.int32(), "documents that mention it"),
    _field("kb_id", pa.string(), "identifier in a knowledge base (see kb_source); null when not linked", True),
    _field("kb_source", pa.string(), "iso3166-1 (countries), iso3166-2 (regions outside the US), geonames (continents, US states, cities), or the source column of the user's list", True),
    allowed={"label": ENTITY_LABELS},
)

_QUOTE_REFERENCES = (
    *_to_documents("doc_id"), Reference("sentence_id", "sentences", "sentence_id"),
    Reference("speaker_entity_id", "entities", "entity_id", kept_only=True),
)

QUOTES = _table(
    "quotes", "one row per quoted piece or reported clause; the pieces of one quotation, and a mixed clause with its quoted fragments, share quote_group", ("quote_id",),
    _field("quote_id", pa.string(), "doc_id and quote piece number"),
    _field("quote_group", pa.string(), "the quotation this piece belongs to"),
    _field("doc_id", pa.string(), "the document"),
    _field("sentence_id", pa.string(), "the sentence where the piece starts"),
    _field("start_char", pa.int32(), "offset of the quoted words (without the quote marks)"),
    _field("end_char", pa.int32(), "offset after the quoted words"),
    _field("text", pa.string(), "the quoted words"),
    _field("kind", pa.string(), "direct (quoted speech), indirect (reported speech, without quote marks), mixed (reported speech holding a quoted fragment) or scare (a quoted term or title)"),
    _field("speaker", pa.string(), "the speaker's words as written ('he', 'the press secretary ... Dmitry Peskov')", True),
    _field("speaker_start", pa.int32(), "offset of the speaker's words", True),
    _field("speaker_end", pa.int32(), "offset after the speaker's words", True),
    _field("speaker_entity_id", pa.string(), "the speaker's canonical entity", True),
    _field("speaker_name", pa.string(), "the name the attribution is counted under: the entity's canonical name, a proper name as written, or a group noun in lower case ('analysts'); null when unresolved", True),
    _field("speaker_status", pa.string(), "entity, name or group (counted by the views that rank speakers), unresolved (a pronoun or description with no clear referent: kept as written, not counted) or none"),
    _field("cue", pa.string(), "the verb or phrase that attributes the quote ('said', 'according to')", True),
    _field("rule", pa.string(), "the attribution rule that found the speaker or the reported clause (transforms/quotes); null when none did", True),
    _field("n_words", pa.int32(), "words in the quoted text"),
    allowed={"kind": QUOTE_KINDS, "speaker_status": SPEAKER_STATUSES},
    references=_QUOTE_REFERENCES,
    per_document=True,
)

TERMS = _table(
    "terms", "one row per indexed word of a sentence or quotation (direct or reported): the keyword index of search()", ("unit", "unit_id", "term"),
    _field("doc_id", pa.string(), "the document"),
    _field("unit", pa.string(), "sentences or quotes"),
    _field("unit_id", pa.string(), "sentence_id, or quote_group for a quotation (all its pieces, or the reported clause)"),
    _field("term", pa.string(), "lower-cased word, plurals folded (transforms/text/search.py)"),
    _field("tf", pa.int32(), "times the term occurs in the unit"),
    _field("unit_length", pa.int32(), "indexed words in the unit"),
    allowed={"unit": SEARCH_UNITS},
    references=_to_documents("doc_id"),
    per_document=True,
)

SEARCH_STATS = _table(
    "search_stats", "one row per kind of search unit: the collection figures BM25 needs", ("unit",),
    _field("unit", pa.string(), "sentences or quotes"),
    _field("n_units", pa.int64(), "units indexed (copies in duplicates left out)"),
    _field("total_length", pa.int64(), "indexed words in all of them (the view search_stats adds avg_length)"),
    allowed={"unit": SEARCH_UNITS},
    measures=("n_units", "total_length"),
)

REJECTS = _table(
    "rejects", "one row per input file, dump record or web archive record that could not be ingested, from the latest run that read it", ("source_path", "line", "record_offset"),
    _field("source_path", pa.string(), "path relative to the seeds folder"),
    _field("line", pa.int32(), "the line a rejected JSON/JSONL/CSV record starts on; null for a whole file", True),
    _field("record_offset", pa.int64(), "the byte offset of a rejected web archive record; null otherwise", True),
    _field("reason", pa.string(), "why, in one line"),
    _field("rejected_at", TIMESTAMP, "when (UTC)"),
)

MANIFEST = _table(
    "manifest", "one row per ingested file: what was read, so an unchanged file is never read again", ("source_path",),
    _field("source_path", pa.string(), "path relative to the seeds folder"),
    _field("n_documents", pa.int32(), "documents made from it (one, or one per record of a dump)"),
    _field("size", pa.int64(), "bytes"),
    _field("modified_at", TIMESTAMP, "the file's modification time (UTC)"),
    _field("content_sha256", pa.string(), "sha256 of the bytes"),
    _field("pipeline_version", pa.string(), "newslake's analysis version and spaCy model that produced the rows"),
    _field("ingested_at", TIMESTAMP, "when it was analysed (UTC)"),
)

DUPLICATES = _table(
    "duplicates", "one row per document whose body repeats an earlier document's (same text_fingerprint)", ("doc_id",),
    _field("doc_id", pa.string(), "the repeated copy, left out of the analytic views"),
    _field("source_path", pa.string(), "where the copy was found"),
    _field("record_key", pa.string(), "the copy's record in a dump", True),
    _field("duplicate_of", pa.string(), "doc_id of the copy that is kept: the first by source_path and record"),
    _field("kept_source_path", pa.string(), "where the kept copy was found"),
    _field("text_fingerprint", pa.string(), "the shared fingerprint"),
    references=_to_documents("doc_id", "duplicate_of"),
    lists_copies=True,
)

QUOTATIONS = _table(
    "quotations", "one row per attribution: a direct quotation (its pieces joined), reported speech or a mixed clause; quoted terms (scare) left out", ("quote_group",),
    _field("quote_group", pa.string(), "the quotation (quote_group of its pieces in quotes)"),
    _field("doc_id", pa.string(), "the document"),
    _field("kind", pa.string(), "direct, indirect (reported speech) or mixed (reported speech holding a quoted fragment)"),
    _field("speaker", pa.string(), "the speaker's canonical name, else the words as written", True),
    _field("quote", pa.string(), "the quoted words (pieces joined by ' … '), or the reported clause"),
    _field("cue", pa.string(), "the verb or phrase that attributes it", True),
    _field("speaker_as_written", pa.string(), "the speaker's words as written", True),
    _field("speaker_name", pa.string(), "the name it is counted under (quotes.speaker_name); null when unresolved", True),
    _field("speaker_entity_id", pa.string(), "the speaker's canonical entity", True),
    _field("speaker_status", pa.string(), "entity, name, group, unresolved or none (quotes.speaker_status)"),
    _field("rule", pa.string(), "the attribution rule that found it (transforms/quotes)", True),
    _field("sentence_id", pa.string(), "the sentence where it starts"),
    _field("sentence", pa.string(), "that sentence's text (kept here so the views need not join 'sentences')"),
    _field("start_char", pa.int32(), "offset of its first piece"),
    _field("end_char", pa.int32(), "offset after its last piece"),
    _field("n_words", pa.int64(), "words quoted (of the reported clause, for mixed)"),
    _field("n_pieces", pa.int64(), "direct pieces joined"),
    _field("language", pa.string(), "the document's language (documents.language)", True),
    allowed={"kind": ATTRIBUTION_KINDS, "speaker_status": SPEAKER_STATUSES},
    references=_QUOTE_REFERENCES,
    per_document=True,
)

SPEAKER_TOTALS = _table(
    "speaker_totals", "one row per speaker as a document names it, kind of attribution ('all' for every kind) and language of the documents: what the view top_speakers sums by entity", ("speaker", "speaker_entity_id", "speaker_status", "kind", "language"),
    _field("speaker", pa.string(), "the name counted (quotes.speaker_name), else the words as written; '(unattributed)'"),
    _field("speaker_entity_id", pa.string(), "the speaker's canonical entity; null when the speaker is not a named entity", True),
    _field("speaker_status", pa.string(), "entity, name, group, unresolved or none (quotes.speaker_status)"),
    _field("kind", pa.string(), "all, direct, indirect or mixed"),
    _field("language", pa.string(), "the documents' language", True),
    _field("n_quotes", pa.int64(), "attributions (copies in duplicates left out)"),
    _field("n_words", pa.int64(), "words in them"),
    _field("n_docs", pa.int64(), "documents they are in"),
    allowed={"kind": ("all", *ATTRIBUTION_KINDS), "speaker_status": SPEAKER_STATUSES},
    measures=("n_quotes", "n_words", "n_docs"),
)

ENTITY_PAIRS = _table(
    "entity_pairs", "one row per pair of entities named in the same sentence (entity_id_a < entity_id_b) and language of the documents: what the view entity_cooccurrence names and sorts", ("entity_id_a", "entity_id_b", "language"),
    _field("entity_id_a", pa.string(), "one entity"),
    _field("entity_id_b", pa.string(), "the other"),
    _field("language", pa.string(), "the documents' language", True),
    _field("n_sentences", pa.int64(), "sentences naming both (copies in duplicates left out)"),
    _field("n_docs", pa.int64(), "documents with such a sentence"),
    references=(Reference("entity_id_a", "entities", "entity_id"), Reference("entity_id_b", "entities", "entity_id")),
    measures=("n_sentences", "n_docs"),
)

ENTITY_MENTIONS = _table(
    "entity_mentions", "one row per named-entity mention with the text of its sentence: what the view entity_mentions names", ("mention_id",),
    _field("mention_id", pa.string(), "the mention (mentions.mention_id)"),
    _field("doc_id", pa.string(), "the document"),
    _field("sentence_id", pa.string(), "the sentence the mention starts in"),
    _field("start_char", pa.int32(), "offset in documents.text"),
    _field("end_char", pa.int32(), "offset after the mention"),
    _field("mention", pa.string(), "the mention as written"),
    _field("label", pa.string(), "entity type"),
    _field("entity_id", pa.string(), "the canonical entity"),
    _field("sentence", pa.string(), "the sentence's text (kept here so the view need not join 'sentences')"),
    _field("language", pa.string(), "the document's language", True),
    allowed={"label": ENTITY_LABELS},
    references=(*_to_documents("doc_id"), Reference("sentence_id", "sentences", "sentence_id"), Reference("entity_id", "entities", "entity_id", kept_only=True)),
    per_document=True,
)

ENTITY_FORMS = _table(
    "entity_forms", "one row per way an entity is written (the text, with the name, label and identifier it was given): what entities is made from",
    ("entity_id", "entity_name", "label", "kb_id", "kb_source", "text"),
    _field("entity_id", pa.string(), "the entity"),
    _field("entity_name", pa.string(), "the canonical name its mentions were given"),
    _field("label", pa.string(), "entity type"),
    _field("kb_id", pa.string(), "identifier in a knowledge base", True),
    _field("kb_source", pa.string(), "where kb_id comes from", True),
    _field("text", pa.string(), "the mention as written"),
    _field("n_mentions", pa.int64(), "mentions written so (copies in duplicates left out)"),
    allowed={"label": ENTITY_LABELS},
    references=(Reference("entity_id", "entities", "entity_id"),),
    measures=("n_mentions",),
)

DOC_ENTITY_COUNTS = _table(
    "doc_entity_counts", "one row per document and entity it names: what the view doc_entities names and sorts", ("doc_id", "entity_id"),
    _field("doc_id", pa.string(), "the document"),
    _field("entity_id", pa.string(), "the entity"),
    _field("n_mentions", pa.int64(), "times the document names it"),
    _field("rank_in_doc", pa.int64(), "1 for the entity the document names most (ties share a rank)"),
    _field("first_char", pa.int32(), "offset of its first mention"),
    references=(*_to_documents("doc_id"), Reference("entity_id", "entities", "entity_id", kept_only=True)),
    per_document=True,
)

SPEAKER_MENTION_TOTALS = _table(
    "speaker_mention_totals", "one row per speaker, entity named in what the speaker says, kind ('all' for every kind) and language: what the view speaker_mentions names and sorts",
    ("speaker_entity_id", "mentioned_entity_id", "kind", "language"),
    _field("speaker_entity_id", pa.string(), "the speaker"),
    _field("mentioned_entity_id", pa.string(), "the entity named in the quotation or reported clause"),
    _field("kind", pa.string(), "all, direct, indirect or mixed"),
    _field("language", pa.string(), "the documents' language", True),
    _field("n_mentions", pa.int64(), "mentions (copies in duplicates left out)"),
    _field("n_quotes", pa.int64(), "attributions naming it"),
    _field("n_docs", pa.int64(), "documents with such an attribution"),
    allowed={"kind": ("all", *ATTRIBUTION_KINDS)},
    references=(Reference("speaker_entity_id", "entities", "entity_id"), Reference("mentioned_entity_id", "entities", "entity_id")),
    measures=("n_mentions", "n_quotes", "n_docs"),
)

# The collection's tables (issue 25): stories, wire copy, outlets, statements and gender, made by
# Python transforms at each commit (newslake/collection.py) from the tables above.
GENDERS = tuple(Gender)
GENDER_EVIDENCE_KINDS = tuple(GenderEvidenceKind)
WIRE_PLACES = tuple(WirePlace)

STORY_BANDS = _table(
    "story_bands", "one row per document and LSH band of its MinHash signature: the near-duplicate index, joined on (band, band_key)", ("doc_id", "band"),
    _field("doc_id", pa.string(), "the document"),
    _field("band", pa.int16(), "0-based band number (transforms/collection/stories.py: 18 bands of 7 rows at Jaccard 0.8)"),
    _field("band_key", pa.int64(), "hash of the band's signature values: documents sharing one are candidates"),
    references=_to_documents("doc_id"),
    per_document=True,
)

STORY_PAIRS = _table(
    "story_pairs", "one row per pair of documents kept in the views (not in duplicates) whose 5-word shingles reach the Jaccard threshold (doc_id_a < doc_id_b)", ("doc_id_a", "doc_id_b"),
    _field("doc_id_a", pa.string(), "one document"),
    _field("doc_id_b", pa.string(), "the other"),
    _field("jaccard", pa.float64(), "exact Jaccard similarity of their shingle sets"),
    references=_to_documents("doc_id_a", "doc_id_b"),
)

DOCUMENT_STORIES = _table(
    "document_stories", "one row per document kept in the views (not in duplicates): the story (near-copies joined through story_pairs) it belongs to", ("doc_id",),
    _field("doc_id", pa.string(), "the document"),
    _field("story_id", pa.string(), "doc_id of the story's original: its first-published member (ties: the smaller doc_id)"),
    _field("is_original", pa.bool_(), "whether this document is the original"),
    _field("n_documents", pa.int32(), "documents in the story"),
    references=(*_to_documents("doc_id"), Reference("story_id", "documents", "doc_id")),
    per_document=True,
)

WIRE_CREDITS = _table(
    "wire_credits", "one row per news-agency credit of a document (a dateline, byline or credit line; transforms/rules/wire_agencies.txt)", ("doc_id", "start_char"),
    _field("doc_id", pa.string(), "the document"),
    _field("agency", pa.string(), "the agency credited (AP, Reuters, AFP, PA Media, dpa, ...); the first credit's is the document's wire_agency"),
    _field("place", pa.string(), "dateline, head (a byline in the opening paragraphs) or tail (a credit line among the last lines)"),
    _field("start_char", pa.int32(), "offset of the credit in documents.text"),
    _field("end_char", pa.int32(), "offset after it"),
    _field("credit", pa.string(), "the credit as written"),
    allowed={"place": WIRE_PLACES},
    references=_to_documents("doc_id"),
    per_document=True,
)

DOCUMENT_OUTLETS = _table(
    "document_outlets", "one row per document: its outlet normalised across the collection", ("doc_id",),
    _field("doc_id", pa.string(), "the document"),
    _field("outlet", pa.string(), "the site name its domain's documents give most, else its own site name, else its URL's registrable domain", True),
    _field("outlet_domain", pa.string(), "the URL's registrable domain (Public Suffix List)", True),
    _field("site_name", pa.string(), "the site name the document itself gives, tidied (a domain-like one as its registrable domain); what a domain's name is counted from", True),
    references=_to_documents("doc_id"),
    per_document=True,
)

STATEMENTS = _table(
    "statements", "one row per statement: a quotation as reported by every kept document that carries it (same match key, or a part of >= 6 words of a longer form by the same speaker)", ("statement_id",),
    _field("statement_id", pa.string(), "stable id: a hash of the first-seen occurrence's form (kept when a longer form arrives)"),
    _field("text", pa.string(), "the longest form, as its first document writes it"),
    _field("match_key", pa.string(), "the longest form's match key (lower case, no punctuation)"),
    _field("n_words", pa.int32(), "words in the match key"),
    _field("speaker", pa.string(), "the speaker most occurrences give (quotations.speaker_name)", True),
    _field("speaker_entity_id", pa.string(), "that speaker's canonical entity", True),
    _field("speaker_share", pa.float64(), "share of the occurrences that give that speaker (unresolved ones count against)"),
    _field("kind", pa.string(), "the kind most occurrences have (direct, indirect, mixed)"),
    _field("first_seen_at", TIMESTAMP, "publication time of the earliest occurrence", True),
    _field("first_doc_id", pa.string(), "the document of the earliest occurrence"),
    _field("first_outlet", pa.string(), "its outlet", True),
    _field("last_seen_at", TIMESTAMP, "publication time of the latest dated occurrence", True),
    _field("last_doc_id", pa.string(), "its document"),
    _field("n_occurrences", pa.int32(), "quotations joined"),
    _field("n_documents", pa.int32(), "documents carrying it"),
    _field("n_outlets", pa.int32(), "outlets carrying it"),
    _field("n_forms", pa.int32(), "distinct match keys joined"),
    allowed={"kind": ATTRIBUTION_KINDS},
    references=(Reference("first_doc_id", "documents", "doc_id"), Reference("last_doc_id", "documents", "doc_id")),
)

STATEMENT_QUOTATIONS = _table(
    "statement_quotations", "one row per quotation with a statement: which statement it is an occurrence of", ("quote_group",),
    _field("quote_group", pa.string(), "the quotation (quotations.quote_group)"),
    _field("doc_id", pa.string(), "its document"),
    _field("statement_id", pa.string(), "the statement"),
    _field("match_key", pa.string(), "the quotation's own match key"),
    references=(*_to_documents("doc_id"), Reference("quote_group", "quotations", "quote_group"), Reference("statement_id", "statements", "statement_id")),
    per_document=True,
)

STATEMENT_GRAMS = _table(
    "statement_grams", "one row per quotation and 6-word run of its match key: the index that finds the longer forms a quotation is part of", ("quote_group", "gram"),
    _field("doc_id", pa.string(), "the document"),
    _field("quote_group", pa.string(), "the quotation (quotations.quote_group)"),
    _field("gram", pa.int64(), "hash of 6 consecutive words of the quotation's match key"),
    references=(*_to_documents("doc_id"), Reference("quote_group", "quotations", "quote_group")),
    per_document=True,
)

GENDER_EVIDENCE = _table(
    "gender_evidence", "one row per word of a document that gives a named person's gender (a title before the name, a pronoun used for the person)", ("doc_id", "entity_id", "start_char"),
    _field("doc_id", pa.string(), "the document"),
    _field("entity_id", pa.string(), "the person (entities.entity_id)"),
    _field("gender", pa.string(), "female or male"),
    _field("kind", pa.string(), "honorific, noun (a role or kin noun before the name), speaker_pronoun, pronoun or next_pronoun (transforms/collection/gender.py)"),
    _field("cue", pa.string(), "the word as written"),
    _field("start_char", pa.int32(), "offset of the word"),
    _field("end_char", pa.int32(), "offset after it"),
    allowed={"gender": GENDERS[:2], "kind": GENDER_EVIDENCE_KINDS},
    references=(*_to_documents("doc_id"), Reference("entity_id", "entities", "entity_id", kept_only=True)),
    per_document=True,
)

PERSON_GENDERS = _table(
    "person_genders", "one row per PERSON entity a kept document names: the gender at least 75 % of its evidence in kept documents gives, else unknown", ("entity_id",),
    _field("entity_id", pa.string(), "the person"),
    _field("gender", pa.string(), "female, male or unknown"),
    _field("n_female", pa.int32(), "evidence rows giving female"),
    _field("n_male", pa.int32(), "evidence rows giving male"),
    _field("n_documents", pa.int32(), "documents with evidence"),
    allowed={"gender": GENDERS},
    references=(Reference("entity_id", "entities", "entity_id"),),
)

COLLECTION_TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        STORY_BANDS, STORY_PAIRS, DOCUMENT_STORIES, WIRE_CREDITS, DOCUMENT_OUTLETS, STATEMENT_GRAMS, STATEMENTS,
        STATEMENT_QUOTATIONS, GENDER_EVIDENCE, PERSON_GENDERS,
    )
}

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        DOCUMENTS, SENTENCES, MENTIONS, ENTITIES, QUOTES, TERMS, SEARCH_STATS, DUPLICATES, REJECTS, MANIFEST,
        QUOTATIONS, SPEAKER_TOTALS, ENTITY_PAIRS, DOC_ENTITY_COUNTS, SPEAKER_MENTION_TOTALS, ENTITY_FORMS, ENTITY_MENTIONS,
        *COLLECTION_TABLES.values(),
    )
}
# The tables the analysis writes, a document's rows together; the derived ones are made from them.
PER_DOCUMENT = ("documents", "sentences", "mentions", "quotes", "terms")
