"""Rule data files shipped with the package, read once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def word_list(name: str) -> frozenset[str]:
    """A set of lower-cased entries, one per line (comments with `#`)."""
    return frozenset(line.lower() for line in _lines(name) if not line.startswith("["))


@cache
def sectioned_list(name: str) -> dict[str, frozenset[str]]:
    """Entries grouped by `[section]` headers, lower-cased."""
    sections: dict[str, set[str]] = {}
    current = ""
    for line in _lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, set()).add(line.lower())
    return {key: frozenset(values) for key, values in sections.items()}


@cache
def lines(name: str) -> tuple[str, ...]:
    """Entries as written, in file order (for regular expressions and tables)."""
    return tuple(_lines(name))
