"""Quote marks paired into quoted pieces, paragraph by paragraph.

Pairing works paragraph by paragraph, so one stray or mismatched mark can only disturb the
paragraph it is in. A mark's meaning comes from its glyph and its position together: a closing
glyph after a space (`areas, ”said`) still closes an open quote, an opening glyph followed by
punctuation (`option, “- reports`) closes one too, and a paragraph that opens a quote without
closing it continues into the next paragraph when that one opens with a mark (news style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = "“„«‟"
_DOUBLE_CLOSE = "”»"
_DOUBLE_BOTH = '"'
_SINGLE_OPEN = "‘‚‹"
_SINGLE_CLOSE = "’›"
_SINGLE_BOTH = "'"
MARK = re.compile(r"''|``|[“”„‟«»\"‘’‚‹›']")
DOUBLE_MARK = re.compile(r"''|``|[“”„‟«»\"]")
OPENING_DOUBLE = frozenset({*_DOUBLE_OPEN, _DOUBLE_BOTH, "``", "''"})
_SPACE_LIKE = set("([{—–-/")
_CLOSING_CONTEXT = set(".,;:!?)]}…—–-")


@dataclass(frozen=True)
class Piece:
    group: int
    open_start: int  # where the opening mark starts
    start: int  # inner span, without marks
    end: int
    close_end: int  # where the closing mark ends (the paragraph end when continued)
    closed: bool


def pair_quote_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[Piece]:
    """Quoted pieces found by pairing marks within each paragraph (see the module docstring)."""
    pieces: list[Piece] = []
    group = 0
    carried: int | None = None  # group continued from the previous paragraph
    for number, (start, end) in enumerate(paragraphs):
        opened: tuple[int, int, str] | None = None  # (mark start, inner start, glyph)
        single: tuple[int, int] | None = None
        for match in MARK.finditer(text, start, end):
            mark, at, after = match.group(), match.start(), match.end()
            opening, closing = _shape(text, at, after, start, end)
            is_double = mark in ("''", "``") or mark in _DOUBLE_OPEN + _DOUBLE_CLOSE + _DOUBLE_BOTH
            if not is_double:
                if opened:
                    continue  # nested single quotes are part of the speech
                if single is None:
                    if opening and mark in _SINGLE_OPEN + _SINGLE_BOTH:
                        single = (at, after)
                elif closing and mark in _SINGLE_CLOSE + _SINGLE_BOTH:
                    pieces.append(_piece(text, group, single[0], single[1], at, after, True))
                    group += 1
                    single = None
                continue
            single = None  # an apostrophe taken for an opening mark must not swallow real quotes
            if opened is None:
                if mark in _DOUBLE_CLOSE and not opening:
                    continue  # a stray closing mark
                if mark in (_DOUBLE_BOTH, "''") and closing and not opening:
                    continue  # a stray straight mark ("5\"", a lost opening mark)
                opened = (at, after, mark)
                continue
            if _closes(mark, opened[2], opening, closing, text, after, end):
                if carried is not None and opened[0] == first_mark(text, start, end):
                    piece_group = carried
                else:
                    piece_group = group
                    group += 1
                pieces.append(_piece(text, piece_group, opened[0], opened[1], at, after, True))
                carried = None
                opened = None
            elif mark in _DOUBLE_OPEN:
                opened = (at, after, mark)  # the earlier mark was stray: start again here
        if opened is not None:
            continues = number + 1 < len(paragraphs) and first_mark(text, *paragraphs[number + 1]) is not None
            at_start = opened[0] == first_mark(text, start, end)
            if continues or at_start:
                piece_group = carried if carried is not None and at_start else group
                if piece_group == group:
                    group += 1
                pieces.append(_piece(text, piece_group, opened[0], opened[1], end, end, False))
                carried = piece_group if continues else None
            else:
                carried = None
        else:
            carried = None
    return pieces


def _piece(text: str, group: int, open_start: int, start: int, end: int, close_end: int, closed: bool) -> Piece:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Piece(group, open_start, start, end, close_end, closed)


def _shape(text: str, at: int, after: int, start: int, end: int) -> tuple[bool, bool]:
    """Whether a mark stands where an opening mark does, and where a closing mark does."""
    left = text[at - 1] if at > start else " "
    right = text[after] if after < end else " "
    left_open = left.isspace() or left in _SPACE_LIKE or left in _DOUBLE_OPEN + _SINGLE_OPEN
    right_open = right.isspace() or right in _CLOSING_CONTEXT or right in _DOUBLE_CLOSE + _SINGLE_CLOSE
    return left_open and not right_open, right_open and not left_open


def _closes(mark: str, opener: str, opening: bool, closing: bool, text: str, after: int, end: int) -> bool:
    if mark in _DOUBLE_CLOSE or mark in (_DOUBLE_BOTH, "''"):
        return True
    if opener == "„" and mark == "“":
        return True  # German style „…“
    # An opening glyph used as a closing one: followed by punctuation or space, or the paragraph end.
    right = text[after] if after < end else " "
    return closing or not right.isalnum()


def first_mark(text: str, start: int, end: int) -> int | None:
    position = start
    while position < end and text[position].isspace():
        position += 1
    match = MARK.match(text, position, end)
    if match and match.group() in _DOUBLE_OPEN + _DOUBLE_BOTH + "``''":
        return position
    return None


def next_mark(text: str, start: int, end: int) -> re.Match | None:
    """The next double quote mark, passing over quoted nicknames (`Marcia "Cia" Price`)."""
    while match := DOUBLE_MARK.search(text, start, end):
        nickname = nickname_at(text, match.start())
        if not nickname:
            return match
        start = nickname.end() - 3  # past its closing mark
    return None


def nickname_at(text: str, mark: int) -> re.Match | None:
    """`Marcia "Cia" Price`, `Dwayne “The Rock” Johnson`: a quoted name between a first and a last name."""
    if not re.search(r"\b[A-Z][a-z]+\.? $", text[max(0, mark - 30) : mark]):
        return None
    return _NICKNAME.match(text, mark)


_NICKNAME = re.compile(r"(?:''|[\"“])[A-Z][\w.’'-]*(?: (?:[A-Z][\w.’'-]*|the|of)){0,2}(?:''|[\"”]) [A-Z][a-z]")
