"""Datelines (`NEW YORK, March 3 -`, `LONDON (Reuters) -`): never a speaker, and not part of the
speaker's words that follow them on their line."""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.'’ ]{1,30})?(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)\n]{1,30}\)\s*)?(?:-|–|—|--)\s"
)


def dateline_at(text: str, position: int) -> "re.Match | None":
    """The dateline (`NEW YORK, March 3 -`, `LONDON (Reuters) -`) of the line `position` is near the start of."""
    line_start = text.rfind("\n", 0, position) + 1
    return _DATELINE.match(text, line_start) if position - line_start <= 60 else None


def in_dateline(text: str, start: int, end: int) -> bool:
    """The words are the dateline, with its agency credit, that opens a line."""
    match = dateline_at(text, start)
    return match is not None and end <= match.end()


def after_dateline(text: str, start: int, end: int, cue: int | None) -> int | None:
    """Where the speaker's words start once a dateline before them is left out: inside the
    speaker's words, or, when the speaker is the dateline itself, between it and the cue (None:
    no words are left)."""
    match = dateline_at(text, start)
    if not match or match.end() <= start:
        return start
    words = re.search(r"\S", text[match.end() : end])
    if words:
        return match.end() + words.start()
    if cue is not None and cue > match.end() and 0 < len(text[match.end() : cue].split()) <= 8:
        return match.end() + len(text[match.end() : cue]) - len(text[match.end() : cue].lstrip())
    return None


def end_of_words(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip(" ,"))
