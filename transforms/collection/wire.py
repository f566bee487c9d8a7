"""Wire copy: the news agency an article credits as its source (`CITY (AP) —`, `© AFP`,
`Reporting by …; Editing by …`), read from the places wire copy carries a credit only.

The agencies and patterns are data (transforms/rules/wire_agencies.txt). A credit counts only as a
dateline or byline in the opening paragraphs, or as a whole line among the last lines: an article
about an agency ("Reuters reported", "a Reuters journalist") names it in its sentences and is not
wire copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from transforms.rules import lines
from transforms.schema import WIRE_PLACES

RULES = "wire_agencies.txt"
HEAD_PARAGRAPHS = 3  # after the headline
TAIL_LINES = 4


@dataclass(frozen=True)
class Credit:
    """One agency credit in a text: where it is and which pattern read it."""

    agency: str
    place: str  # dateline, head or tail
    start: int
    end: int


@cache
def agency_aliases() -> dict[str, tuple[str, ...]]:
    """Each agency's name and the names it is written with (`Reuters`: Reuters, REUTERS, Thomson
    Reuters); also what the speaker rules know as a news medium (`told Reuters`)."""
    return {fields[0]: tuple(fields[1].split("|")) for section, fields in _sections() if section == "agencies"}


@cache
def _sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(section, tab-separated fields) of every line of the rules file, checked."""
    found, section = [], ""
    for line in lines(RULES):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        fields = tuple(line.split("\t"))
        if not ((section == "agencies" and len(fields) == 2) or (section == "patterns" and len(fields) == 3 and fields[0] in WIRE_PLACES)):
            raise ValueError(f"{RULES}: cannot read the line {line!r} in section [{section}]")
        found.append((section, fields))
    return tuple(found)


@cache
def _patterns() -> tuple[tuple[str, str, re.Pattern], ...]:
    """(place, agency, compiled pattern) in file order; a `*` pattern is one pattern per agency."""
    aliases = agency_aliases()
    raw = [fields for section, fields in _sections() if section == "patterns"]
    compiled = []
    for place, agency, pattern in raw:
        for name in (aliases if agency == "*" else [agency]):
            names = "|".join(re.escape(alias) for alias in sorted(aliases[name], key=len, reverse=True))
            compiled.append((place, name, re.compile(pattern.replace("{agency}", names))))
    return tuple(compiled)


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line."""
    return [(match.start(), match.end()) for match in re.finditer(r"[^\n]+", text) if match.group().strip()]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    line = text[start:end]
    return start + len(line) - len(line.lstrip()), end - (len(line) - len(line.rstrip()))


def wire_credits(text: str) -> list[Credit]:
    """Every agency credit of an article whose first line is its headline, in text order (at most
    one per line: the first pattern that reads it)."""
    blocks = [_stripped(text, start, end) for start, end in _blocks(text)]
    head = blocks[1:1 + HEAD_PARAGRAPHS]
    tail = [block for block in blocks[-TAIL_LINES:] if block != blocks[0]]
    found: dict[tuple[int, int], Credit] = {}
    for place, agency, pattern in _patterns():
        for start, end in head if place in ("dateline", "head") else tail:
            if (start, end) in found:
                continue
            match = pattern.match(text, start, end) if place == "dateline" else pattern.fullmatch(text, start, end)
            if match:
                found[(start, end)] = Credit(agency, place, match.start(), match.end())
    return sorted(found.values(), key=lambda credit: credit.start)


def wire_agency(text: str) -> str | None:
    """The agency an article is wire copy of: the first credit's (a dateline before a tail line
    that adds another agency's reporting), or None."""
    credits = wire_credits(text)
    return credits[0].agency if credits else None


def wire_rows(doc_id: str, text: str) -> list[dict]:
    """The `wire_credits` rows of one document: doc_id, agency, place, start_char, end_char, credit
    (the words that credit it)."""
    return [
        {"doc_id": doc_id, "agency": credit.agency, "place": credit.place, "start_char": credit.start,
         "end_char": credit.end, "credit": text[credit.start:credit.end]}
        for credit in wire_credits(text)
    ]
