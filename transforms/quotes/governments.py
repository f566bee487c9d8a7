"""A government as a speaker: `the government`, `the administration` (resolved by the speaker rules
to one named so, or the country), and one named after its country or leader (`The government of
Burundi`, `the Trump administration`), which speaks as itself."""

from __future__ import annotations

import re

from transforms.entities import Mention

GOVERNMENT_WORDS = frozenset({"government", "administration"})
# Levels of government and of those who serve one, which tell one from another (`the federal
# government` is not the Kurdistan Regional Government) and are joined by `and` before the
# officials of both (`State and federal election officials`, `Federal and state officials`:
# Wikinews, PolNeAR dev)
LEVELS = frozenset("state federal local national regional provincial county city municipal tribal foreign domestic civilian military".split())
# Of those, the ones that name a body on their own after an article (`The military and state media
# said`, `The city and local businesses`: a hostile review's passages, 2026-12-07)
BODIES = frozenset({"military", "city"})
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


def of_another_level(words: str, name: str) -> bool:
    """`the federal government` said of a document that names only the Kurdistan Regional
    Government: a level its name does not hold, so not that one."""
    levels = {word for word in re.findall(r"[a-z]+", words) if word in LEVELS}
    return bool(levels - set(name.lower().split()))
