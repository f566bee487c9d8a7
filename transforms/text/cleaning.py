"""Remove site boilerplate lines; everything else is kept as written so offsets stay true."""

from __future__ import annotations

import re
from functools import cache

from transforms.rules import lines


@cache
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in lines("boilerplate.txt")), re.IGNORECASE)


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """Drop whole lines that match `rules/boilerplate.txt` and trailing white space.

    Returns:
        The cleaned text and the lines removed (for reporting).
    """
    pattern = _boilerplate()
    kept: list[str] = []
    removed: list[str] = []
    for line in text.split("\n"):
        if line.strip() and pattern.fullmatch(line.strip()):
            removed.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept).rstrip(), removed
