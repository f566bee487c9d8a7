"""Who a document speaks for (`the court's summary`, `a statement released by her family`,
`According to the filing`), and when an `it` is a document rather than an organisation."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from transforms.entities import Mention
from transforms.rules import word_list

if TYPE_CHECKING:
    from transforms.reading.articles import Article

# Participles of making a document: its maker is its owner (`a statement released by her family`),
# not whoever saw, quoted or obtained it (`a letter seen by Reuters`, `a memo obtained by the AP`).
_MADE = r"issued|released|published|filed|sent|posted|authored|submitted|presented|unveiled|tweeted|put out"
AUTHORING = rf"(?:{_MADE}|signed|written|drafted|co-authored|led|conducted|compiled|prepared|produced)"
_BY_OWNER = re.compile(rf"\s+(?:{AUTHORING}\s+)?(?:by|from)\s+(?P<owner>(?:(?:the|a|an|his|her|its|their)\s+)?[\w’'-]+(?:\s+[A-Z][\w’'-]*)*)")


def owner(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Who a document speaks for: its possessor (`the court's summary` -> `the court`) or the one
    it is from (`a statement released by her family`, `a filing from the company`)."""
    possessive = re.match(r"(.+?)['’]s\s+(?:\S+\s+){0,2}\S+$", text[start:end])  # `RIAA's take-down notice`
    if possessive:
        return start, start + possessive.end(1)
    by = _BY_OWNER.match(text, end, min(len(text), end + 80))
    if by:
        return possessor(text, *by.span("owner"))
    return None


def possessor(text: str, start: int, end: int) -> tuple[int, int]:
    """`Biden's Twitter` (`a tweet sent from Biden's Twitter account`): the one it belongs to."""
    possessive = re.match(r"(.+?)['’]s\b", text[start:end])
    return (start, start + possessive.end(1)) if possessive else (start, end)


def earlier_owner(article: "Article", document: str, position: int, mentions: list[Mention]) -> tuple[int, int] | None:
    """`Ford said in a financial filing that … According to the filing, …`: a document named again
    is the one named before, and speaks for who it was from there (its possessor, its author, or the
    name that opens the sentence that named it)."""
    text = article.text
    for match in reversed(list(re.finditer(rf"\b{re.escape(document)}\b", text[:position], re.IGNORECASE))):
        start, end = match.span()
        possessive = re.search(r"([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)['’]s\s+(?:[\w-]+\s+)?$", text[max(0, start - 80) : start])
        if possessive:
            return max(0, start - 80) + possessive.start(1), max(0, start - 80) + possessive.end(1)
        by = _BY_OWNER.match(text, end, min(len(text), end + 80))
        if by:
            return possessor(text, *by.span("owner"))
        sentence = article.sentence_at(start)
        named = [mention for mention in mentions if sentence.start <= mention.start and mention.end <= start and mention.label in ("PERSON", "ORG")]
        # (after an opening phrase and its comma: `Several days later, Mary Trump released the book`)
        opening = named[0] if named and re.fullmatch(r"(?:[^,.]{1,40},)?", text[sentence.start : named[0].start].strip(" \"“'‘")) else None
        if opening is not None and text.startswith(("'s", "’s"), opening.end) and len(named) > 1 and len(text[opening.end : named[1].start].split()) <= 3:
            opening = named[1]  # `Trump's niece Mary Trump released the book`: the niece
        # only the one who made or gave it out (`Trump dismissed the book as fiction` is not its author)
        between = text[opening.end : start] if opening is not None else ""
        if opening is not None and (_AUTHORED.search(between) or (_SAID.search(between) and re.search(r"\bin\s+(?:\S+\s+){0,3}$", between))):
            return opening.start, opening.end  # (`said … in a financial filing`; not `said the report was a smear`)
    return None


_AUTHORED = re.compile(rf"\b(?:{_MADE}|releases|publishes|wrote|writes|issues|files)\b")  # who made it, in the sentence that names it
_SAID = re.compile(r"\b(?:said|says)\b")


@cache
def documents() -> frozenset[str]:
    return word_list("speaker_documents.txt")


_OPENING_SUBJECT = re.compile(r"(?:^|[.!?]\s+|\n)(?:the|a|an|this|that|its|their|his|her)\s+([\w-]+)(?:\s+([\w-]+))?", re.IGNORECASE)


def document_opens_sentence(text: str, start: int, end: int) -> bool:
    """A sentence between `start` and `end` opens with a document as its subject (`A survey
    published on Tuesday painted …`): an `it` after it is that document, not an organisation before;
    a plural (`The figures were strong.`) is not an `it`."""
    words = (word.lower() for match in _OPENING_SUBJECT.finditer(text, start, end) for word in match.groups("") if word)
    return any(word in documents() and (not word.endswith("s") or word.endswith(("sis", "sus"))) for word in words)  # `it` is one
