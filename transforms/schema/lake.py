"""The tables the analysis writes for each document, and the ones derived from them by SQL at each
commit (sql/derived/)."""

from __future__ import annotations

import pyarrow as pa

from transforms.schema.table import DOC_KEY, TIMESTAMP, Reference, _field, _table, _to_documents
from transforms.schema.values import ATTRIBUTION_KINDS, ENTITY_LABELS, FORMATS, KB_SOURCES, QUOTE_KINDS, SEARCH_UNITS, SPEAKER_STATUSES

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
    keyed=True,
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

DOC_COUNTS = _table(
    "doc_counts", "one row per document: its entity mentions, direct quotations and reported speech, counted once at commit: what doc_stats and coverage_by_day read instead of grouping every mention and quotation", ("doc_id",),
    _field("doc_id", pa.string(), "the document"),
    _field("n_mentions", pa.int64(), "entity mentions"),
    _field("n_quotes", pa.int64(), "direct quotations"),
    _field("n_reported", pa.int64(), "reported speech (indirect and mixed)"),
    references=_to_documents("doc_id"),
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
