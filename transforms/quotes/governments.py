"""A government as a speaker: `the government`, `the administration` (resolved by the speaker rules
to one named so, or the country), and one named after its country or leader (`The government of
Burundi`, `the Trump administration`), which speaks as itself."""

from __future__ import annotations

import re

from transforms.entities import Mention

GOVERNMENT_WORDS = frozenset({"government", "administration"})
_NAME = r"(?!(?:The|A|An|This|That|Its|Their|His|Her|Our|Your|Each|Every)\s)[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|and)(?=\s+[A-Z])|\s+[A-Z][\w.'’-]*)*"
_NAMED_GOVERNMENT = re.compile(
    rf"(?:[Tt]he\s+)?({_NAME}(?:['’]s)?(?:\s+[a-z]+)?\s+(?:government|administration)"
    rf"|(?:[a-z]+\s+)?(?:[Gg]overnment|[Aa]dministration)\s+of\s+(?:the\s+)?{_NAME})[\s.,]*"
)


def named_government(text: str, start: int, end: int, mentions: list[Mention]) -> str | None:
    """`The government of Burundi`, `the Trump administration`, `Israel's government`: a government
    named after its country or leader speaks as that (as written, without its article), not as
    the country or the person, who would be counted as saying it (three judged samples name the
    government). Not a name that ends with the word (`the Food and Drug Administration`, `the
    Scottish Government`, `Institute for Government`), nor an organisation's administration
    (`the Harvard administration`)."""
    found = _NAMED_GOVERNMENT.fullmatch(text[start:end].strip())
    if found is None or any(start <= mention.start and mention.end <= end and mention.label in ("ORG", "FAC") for mention in mentions):
        return None
    return re.sub(r"^(?:Government|Administration)\b", lambda word: word.group().lower(), found.group(1))  # (`Government of Samoa`: as `government of Samoa`)
