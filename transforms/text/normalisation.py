"""Analysis reads text in Unicode's composed form (NFC); every offset still points into the text as
written.

"José" can be written with one character for "é" (composed) or two, "e" and a combining accent
(decomposed, as macOS file names and some exports write it). The model, the rules and the names
of entities must see one spelling, or the same person is two speakers and a name written only
decomposed goes unrecognised. So the analysis reads a composed copy of the text, and what it finds
is mapped back to the text as written, which is what the tables store.

The copy is composed one grapheme at a time (a character with the combining marks after it), so
each of its offsets maps back exactly: an offset inside a grapheme that changed length maps to the
grapheme's start (or, for an end, its end). Characters that compose across graphemes (Hangul
jamo, a few Indic vowel signs) are left as written: the English model reads neither.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class Composed:
    """A text in composed form, with where its changed graphemes were in the text as written."""

    text: str
    written: tuple[int, ...]  # start of each changed grapheme in the text as written
    written_end: tuple[int, ...]
    composed: tuple[int, ...]  # its start in `text`
    composed_end: tuple[int, ...]

    def to_written(self, offset: int, end: bool = False) -> int:
        """An offset of the composed text in the text as written (`end`: the offset ends a span)."""
        return _moved(offset, end, self.composed, self.composed_end, self.written, self.written_end)

    def to_composed(self, offset: int, end: bool = False) -> int:
        """An offset of the text as written in the composed text."""
        return _moved(offset, end, self.written, self.written_end, self.composed, self.composed_end)


def composed(text: str) -> Composed | None:
    """The composed form of `text`, or None when it is composed already (nearly every text)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return None
    pieces: list[str] = []
    written, written_end, at, at_end = [], [], [], []
    copied = 0  # how far `text` is copied into `pieces`
    shift = 0  # length of the composed text less that of the text as written, so far
    for run in _NOT_ASCII.finditer(text):
        # an ASCII character may begin a grapheme (e + U+0301) but never continues one
        start = max(run.start() - 1, copied)
        if unicodedata.is_normalized("NFC", text[start : run.end()]):
            continue
        for first, last in _graphemes(text, start, run.end()):
            grapheme = text[first:last]
            normal = unicodedata.normalize("NFC", grapheme)
            if normal == grapheme:
                continue
            pieces.append(text[copied:first])
            pieces.append(normal)
            written.append(first)
            written_end.append(last)
            at.append(first + shift)
            shift += len(normal) - len(grapheme)
            at_end.append(last + shift)
            copied = last
    if not written:
        return None
    pieces.append(text[copied:])
    return Composed("".join(pieces), tuple(written), tuple(written_end), tuple(at), tuple(at_end))


def _graphemes(text: str, start: int, end: int):
    """Spans of a character and the combining marks after it, between `start` and `end`."""
    first = start
    for position in range(start + 1, end):
        if not unicodedata.combining(text[position]):
            yield first, position
            first = position
    yield first, end


def _moved(offset: int, end: bool, starts: tuple[int, ...], ends: tuple[int, ...], to_starts: tuple[int, ...], to_ends: tuple[int, ...]) -> int:
    changed = bisect_right(starts, offset) - 1  # the last changed grapheme starting at or before it
    if changed < 0:
        return offset
    if offset >= ends[changed]:
        return offset - ends[changed] + to_ends[changed]
    if offset == starts[changed] or not end:
        return to_starts[changed]
    return to_ends[changed]
