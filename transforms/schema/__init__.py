"""Every table's Arrow schema and contract, declared once: writers, views, docs, tests and
`newslake check` all read them from here.

Each table has a grain (what one row is) and a description per column, stored as Arrow field
metadata so that they travel inside the Parquet files too. Its contract: the key is unique, a column
that is not nullable holds no null, a column with allowed values holds no other, and a reference
names a row that exists.

The declarations are split by concept (`table`: what a declaration is; `values`: allowed values;
`lake`: the analysis' and SQL-derived tables; `collection`: the collection's tables); this module
gathers them, so `from transforms.schema import …` is the one way in.
"""

from __future__ import annotations

from transforms.schema.table import DOC_KEY, Table
from transforms.schema.values import (
    ATTRIBUTION_KINDS, ENTITY_LABELS, FORMATS, GENDER_EVIDENCE_KINDS, GENDERS, KB_SOURCES, QUOTE_KINDS, SEARCH_UNITS, SPEAKER_STATUSES,
    WIRE_PLACES, EntityLabel, Format, Gender, GenderEvidenceKind, KbSource, QuoteKind, SearchUnit, SpeakerStatus, WirePlace,
)
from transforms.schema.collection import (
    DOCUMENT_OUTLETS, DOCUMENT_STORIES, GENDER_EVIDENCE, OUTLET_SPEAKERS, PERSON_GENDERS, STATEMENT_GRAMS, STATEMENT_QUOTATIONS, STATEMENTS,
    STORY_BANDS, STORY_PAIRS, WIRE_CREDITS,
)
from transforms.schema.lake import (
    DOC_COUNTS, DOC_ENTITY_COUNTS, DOCUMENTS, DUPLICATES, ENTITIES, ENTITY_FORMS, ENTITY_MENTIONS, ENTITY_PAIRS, MANIFEST, MENTIONS, QUOTATIONS,
    QUOTES, REJECTS, SEARCH_STATS, SENTENCES, SPEAKER_MENTION_TOTALS, SPEAKER_TOTALS, TERMS,
)

COLLECTION_TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        STORY_BANDS, STORY_PAIRS, DOCUMENT_STORIES, WIRE_CREDITS, DOCUMENT_OUTLETS, STATEMENT_GRAMS, STATEMENTS,
        STATEMENT_QUOTATIONS, GENDER_EVIDENCE, PERSON_GENDERS, OUTLET_SPEAKERS,
    )
}

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        DOCUMENTS, SENTENCES, MENTIONS, ENTITIES, QUOTES, TERMS, SEARCH_STATS, DUPLICATES, REJECTS, MANIFEST,
        QUOTATIONS, SPEAKER_TOTALS, ENTITY_PAIRS, DOC_ENTITY_COUNTS, DOC_COUNTS, SPEAKER_MENTION_TOTALS, ENTITY_FORMS, ENTITY_MENTIONS,
        *COLLECTION_TABLES.values(),
    )
}
# The tables the analysis writes, a document's rows together; the derived ones are made from them.
PER_DOCUMENT = ("documents", "sentences", "mentions", "quotes", "terms")

__all__ = [
    "ATTRIBUTION_KINDS", "COLLECTION_TABLES", "DOC_KEY", "ENTITY_LABELS", "FORMATS", "GENDERS", "GENDER_EVIDENCE_KINDS", "KB_SOURCES",
    "PER_DOCUMENT", "QUOTE_KINDS", "SEARCH_UNITS", "SPEAKER_STATUSES", "TABLES", "WIRE_PLACES", "EntityLabel", "Format", "Gender",
    "GenderEvidenceKind", "KbSource", "QuoteKind", "SearchUnit", "SpeakerStatus", "Table", "WirePlace",
    *(table.name.upper() for table in TABLES.values()),
]
