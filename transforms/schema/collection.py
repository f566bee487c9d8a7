"""The collection's tables (issue 25): stories, wire copy, outlets, statements and gender, made by
Python transforms at each commit (newslake/collection.py) from the lake's tables."""

from __future__ import annotations

import pyarrow as pa

from transforms.schema.table import TIMESTAMP, Reference, _field, _table, _to_documents
from transforms.schema.values import ATTRIBUTION_KINDS, GENDER_EVIDENCE_KINDS, GENDERS, WIRE_PLACES

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
    _field("outlets", pa.list_(pa.field("item", pa.string(), nullable=False)), "the outlets that carried it, in the order they first did (undated ones last, then by name): what statement_spread shows without reading its documents (nullable only so that an older lake's rows can be carried over until the commit that rebuilds them)", True),
    _field("outlets_first_seen_at", pa.list_(pa.field("item", TIMESTAMP, nullable=True)), "when each of those outlets first carried it (null: undated)", True),
    allowed={"kind": ATTRIBUTION_KINDS},
    references=(Reference("first_doc_id", "documents", "doc_id"), Reference("last_doc_id", "documents", "doc_id")),
    small_parts=True,  # a statement a new document joins is rewritten wherever its row sits
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

OUTLET_SPEAKERS = _table(
    "outlet_speakers", "one row per outlet (null: none) and speaker it quotes: attributions (quotations and reported speech) of kept documents whose speaker is an entity, a name or a group, counted as quotes_by_outlet shows them; a commit recounts the speakers the changed documents quote", ("outlet", "speaker_key"),
    _field("outlet", pa.string(), "the outlet (document_outlets.outlet)", True),
    _field("speaker_key", pa.string(), "the speaker's entity id, else the name lower-cased"),
    _field("speaker_entity_id", pa.string(), "the speaker's entity", True),
    _field("speaker", pa.string(), "the name the attributions give most often (ties: the first in order); quotes_by_outlet shows an entity by its canonical name", True),
    _field("n_quotes", pa.int64(), "attributions"),
    _field("n_words", pa.int64(), "their words"),
    _field("n_docs", pa.int64(), "documents carrying them"),
    references=(Reference("speaker_entity_id", "entities", "entity_id"),),
)
