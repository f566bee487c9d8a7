"""Which organisation a description names: `the bank` the bank the document names, `the
government` only one named so and of the level the words give, `the newspaper` a news medium named
before, `The domestic Yonhap news agency` the agency (rules/wire_agencies.txt); and the media that
only heard something (`told Reuters`), never its speaker. Split from `speakers`, whose description
and pronoun rules call these."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from transforms.collection.wire import agency_aliases
from transforms.entities import Mention
from transforms.quotes.governments import GOVERNMENT_WORDS, of_another_level


def names_another(words: str, role: str) -> bool:
    """Words for someone the document need not have named with the role (`a Republican senator`,
    `another general`, `the attorney for the family`, `a local newspaper`: hostile reviews'
    passages), not the one it names so. A possessive may be either (`the ship's captain`, but `the
    city's mayor`): left to the title rules."""
    return bool(_SOMEONE_ELSE.match(words.strip()) or re.search(rf"\b{re.escape(role)}\s+for\s", words, re.IGNORECASE))


_SOMEONE_ELSE = re.compile(r"(?:a|an|another|one(?!\s+of\b)|some|fellow)\s", re.IGNORECASE)  # (not `his father`, whom the text names so)


def organisation_of_kind(text: str, position: int, kind: str, mentions: list[Mention], of_kind_only: bool = False, words: str = "") -> Mention | None:
    """`the bank` is the bank the document names (`Deutsche Bank`); `the company` the organisation
    it names most before this point (its subject), when one leads (`of_kind_only`: only one whose
    name holds the word); `the government` only one named so (`the Trump administration`), and of
    the level the speaker's `words` give (`the federal government` is not the Kurdistan Regional
    Government); `the newspaper` a news medium, and `a local newspaper` none named. A news medium
    told something (`told Reuters`, `in an interview with CNN`) heard it: not a candidate."""
    before = [mention for mention in mentions if mention.end <= position and mention.label == "ORG" and not told(text, mention, mentions)]
    if kind == "newspaper":  # a news medium named before, not a company the paper wrote about (not `paper`: a research paper too)
        if names_another(words, kind):
            return None  # `a local newspaper`: another paper, whom the text need not name
        before = [mention for mention in before if _a_medium(text, mention, mentions)]
    of_kind = [mention for mention in before if kind in mention.entity_name.lower().split()]
    if kind in GOVERNMENT_WORDS:
        of_kind = [mention for mention in of_kind if not of_another_level(words.lower(), mention.entity_name)]
        if not of_kind:
            # `the government`, `the administration`: one named so, never the organisation named most
            # or nearest (it had been UNICEF, Al Jazeera, a mining company); nor the country named
            # most, which in a story about another country is that one
            return None
    candidates = of_kind if of_kind or of_kind_only else before
    if not candidates:
        return None
    specific = [mention for mention in candidates if len(mention.entity_name.split()) > 1]
    candidates = specific or candidates  # `Court of Session` rather than the `Court` it is also called
    counts = Counter(mention.entity_id for mention in candidates)
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return max((mention for mention in candidates if mention.entity_id in (ranked[0][0], ranked[1][0])), key=lambda mention: mention.start)
    return next(mention for mention in reversed(candidates) if mention.entity_id == ranked[0][0])



_TOLD = re.compile(r"\b(?:told|tells?|telling|(?:spoke|speaking|talking|talked)\s+to|(?:interview|interviews|conversation)\s+with)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}$", re.IGNORECASE)


def told(text: str, mention: Mention, mentions: list[Mention]) -> bool:
    """A news medium told something (`told Reuters`, `in an interview with CNN`): it heard it and
    reports it. Only a medium: `The Pentagon told Lockheed Martin to halt deliveries. The company
    said …` is Lockheed answering."""
    return bool(_TOLD.search(text, max(0, mention.start - 40), mention.start)) and _a_medium(text, mention, mentions)


def _a_medium(text: str, mention: Mention, mentions: list[Mention]) -> bool:
    """A news agency (rules/wire_agencies.txt), a name that says it is news (`Wikinews`, `The New
    York Times`, `Radio Free Asia`), or one the text calls a medium (`the news weekly Der Spiegel`,
    `the Sun newspaper`)."""
    name = mention.entity_name.lower()
    if name in _agencies() or _MEDIUM_NAME.search(name):
        return True
    return any(
        other.entity_id == mention.entity_id and (_MEDIUM_BEFORE.search(text, max(0, other.start - 30), other.start) or _MEDIUM_AFTER.match(text, other.end))
        for other in mentions
    )


@lru_cache(maxsize=4096)  # (asked of the same words by `_described` and again by `resolve`)
def agency_in(words: str) -> str | None:
    """The news agency of rules/wire_agencies.txt that a speaker's words end with (`the official
    Xinhua news agency`), as the file names it: not a name that holds the agency's (`the Reuters
    Institute`, `Kyodo Printing`), one who worked for it (`a former Reuters journalist`), another
    agency (`the PA security agency`), or an agency named after the description (`a memo obtained
    by The Associated Press`)."""
    return next((agency for agency, patterns in _agency_endings() if any(pattern.search(words) for pattern in patterns)), None)


@cache
def _agency_endings() -> tuple[tuple[str, tuple[re.Pattern, ...]], ...]:
    """Each agency's `NAME (news) agency` ending, compiled once (a short name in its own case)."""
    return tuple(
        (agency, tuple(re.compile(rf"\b{re.escape(alias)}(?:\s+news)?\s+agency$", re.IGNORECASE if len(alias) >= 4 else 0) for alias in aliases))
        for agency, aliases in agency_aliases().items()
    )


@cache
def _agencies() -> frozenset[str]:
    return frozenset(alias.lower() for aliases in agency_aliases().values() for alias in aliases)


_MEDIUM_NAME = re.compile(r"news|times\b|post\b|journal\b|herald|tribune|gazette|daily|radio|television|\btv\b|broadcast|press\b|magazine|telegraph|guardian|\bbbc\b|\bcnn\b|\bnpr\b")
_MEDIUM_AFTER = re.compile(r"\s+(?:[a-z]+\s+){0,2}(?:newspaper|daily|weekly|magazine|broadcaster|tabloid|news\s+agency)\b")  # `Britain's Sun newspaper`
_MEDIUM_BEFORE = re.compile(r"\b(?:newspaper|paper|daily|weekly|magazine|broadcaster|network|channel|station|agency|outlet|website|tabloid)\s+(?:the\s+)?$", re.IGNORECASE)
