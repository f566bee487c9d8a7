"""Each set of allowed values, declared once: the contracts, the docs and every writer import these."""

from __future__ import annotations

from enum import StrEnum

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
GENDERS = tuple(Gender)
GENDER_EVIDENCE_KINDS = tuple(GenderEvidenceKind)
WIRE_PLACES = tuple(WirePlace)
