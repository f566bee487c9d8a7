"""A speaker's words linked to a named entity: a name, a title and a name, `he`, `the company`."""

from __future__ import annotations

import re

from transforms.entities import Mention, display_name
from transforms.quotes.quotations import Attribution


def speaker_entity(text: str, attribution: Attribution, mentions: list[Mention], quote_spans: list[tuple[int, int]]) -> Mention | None:
    """The named entity the speaker's words refer to, if any."""
    start, end = attribution.speaker_start, attribution.speaker_end
    if attribution.pronoun:
        if text[start:end].lower() not in ("he", "she"):
            return None
        for mention in reversed(mentions):
            # not `Trump's` in `Pelosi called Trump's conduct…, she announced`: a possessive is rarely
            # the one who goes on speaking
            possessive = text.startswith(("'s", "’s"), mention.end)
            if mention.end <= start and mention.label == "PERSON" and not possessive and not _inside(mention, quote_spans):
                return mention
        return None
    inside = [mention for mention in mentions if mention.start >= start and mention.end <= end]
    persons = [mention for mention in inside if mention.label == "PERSON" and not _someone_elses(text, mention)]
    if persons:
        return persons[-1]
    phrase = display_name(text[start:end])
    for mention in inside:
        if display_name(mention.text) == phrase:
            return mention
    # "Former US Ambassador to the United Nations Nikki Haley": a title followed by a name the
    # model labelled otherwise; not "a spokesman for the Pentagon", where the name is a complement.
    last = inside[-1] if inside else None
    if last and last.end == end and last.label in ("PERSON", "ORG") and len(last.text.split()) >= 2:
        before = text[start : last.start].split()
        if before and before[-1].lower() not in _COMPLEMENT_WORDS:
            return last
    return None


def _someone_elses(text: str, mention: Mention) -> bool:
    """`Scott's niece`, `Obama's former strategist` speak for themselves; `Miller's statement`,
    `Erdogan's office` for the one named."""
    match = re.match(r"['’]s\s+(\w+)", text[mention.end : mention.end + 40])
    return bool(match) and match.group(1).lower() not in _VOICES


# What speaks in its owner's name.
_VOICES = frozenset("statement statements letter brief tweet tweets post account website office memo speech remarks filing".split())
_COMPLEMENT_WORDS = frozenset("of for at from with the a an in to on by about".split())


def _inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


# --- speech or scare quotes ----------------------------------------------------------------------
