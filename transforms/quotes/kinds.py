"""Speech or a quoted term: a full clause is speech, a short title-case phrase or a name is not."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from transforms.quotes.marks import Piece, nickname_at
from transforms.quotes.quotations import Quotation
from transforms.rules import word_list

if TYPE_CHECKING:
    from transforms.reading.articles import Article


def speechlike(text: str, quotation: Quotation, article: "Article") -> bool:
    """Reads like reported speech: a full clause, not a quoted term or a title."""
    first = quotation.pieces[0]
    if quotation.paragraph == 0:
        return False  # a quotation in the headline is speech only when the headline says who spoke
    quoted = " ".join(text[piece.start : piece.end] for piece in quotation.pieces)
    n_words = len(quoted.split())
    if n_words < 6 and _title_case(quoted):
        return False  # "Contract with America.", "Nightly News.": a name or title, period inside the marks
    if n_words < 4:
        # A short full sentence ("What curfew?", "It's about me.") is speech; a term is not.
        return n_words >= 2 and quoted[:1].isupper() and quoted.rstrip()[-1:] in (".", "!", "?")
    sentence = article.sentence_at(first.open_start)
    opens_sentence = not text[sentence.start : first.open_start].strip() or text[:first.open_start].rstrip().endswith((":", ","))
    has_clause_end = bool(re.search(r"[.!?,…]\W*$", quoted)) or bool(re.search(r"[.!?]\s", quoted))
    return (opens_sentence and quoted[:1].isupper() and (has_clause_end or not first.closed)) or n_words >= 12


def _title_case(quoted: str) -> bool:
    """Two or more capitalised words and no lower-case word but short function words."""
    if quoted.rstrip()[-1:] in ("!", "?") or re.search(r"\w['’](?:s|re|m|ll|ve|d)\b|n['’]t\b", quoted):
        return False  # "U-S-A! U-S-A!", "It's Our Time.": chanted or said, a clause
    words = quoted.rstrip(" .,").split()
    capitalised = [word for word in words if word[:1].isupper()]
    return len(capitalised) >= 2 and all(word[:1].isupper() or word.lower() in _TITLE_FUNCTION_WORDS for word in words)


_TITLE_FUNCTION_WORDS = frozenset("a an and the of with for in on to at by or nor but vs".split())


def is_title(text: str, quotation: Quotation) -> bool:
    """A quoted name of a work, show or heading: “Fox News Sunday,”, the film “The Post”, 'All Bets Are Off.'"""
    first, last = quotation.pieces[0], quotation.pieces[-1]
    quoted = text[first.start : last.end].strip(" ,;:")
    words = re.findall(r"[\w’'-]+", quoted)
    line_start = text.rfind("\n", 0, first.open_start) + 1
    lead = text[max(line_start, first.open_start - 30) : first.open_start]
    before = re.findall(r"[\w’'-]+", lead)
    if lead.rstrip().endswith(":"):
        return False  # `told Radio 5's breakfast show: “…”`: what follows a colon is said, not named
    if before and before[-1].lower() in _work_nouns():
        return True
    if re.search(r"\b(?:known|referred to) as(?: the| a| an)?\s*$|\bso-called\s*$", lead):
        return True  # `what has become known as the ''Buffett rule''`: a name given, not words spoken
    capitalised = [word for word in words if len(word) >= 4 or word[0].isupper()]
    title_case = 2 <= len(words) <= 10 and len(capitalised) >= 2 and all(word[0].isupper() for word in capitalised)
    if not title_case:
        return False
    whole_paragraph = not text[line_start : first.open_start].strip()
    # `said on CNN's "State of the Union."`: the name of a show after a preposition or a possessive
    named = bool(before) and (before[-1].lower() in ("on", "in", "at", "from") or before[-1].endswith(("'s", "’s")))
    return not re.search(r"[.!?]$", quoted) or (whole_paragraph and len(words) <= 6) or (named and len(words) <= 6)


def is_nickname(text: str, quotation: Quotation) -> bool:
    return len(quotation.pieces) == 1 and nickname_at(text, quotation.pieces[0].open_start) is not None


def is_stage_direction(text: str, piece: Piece) -> bool:
    """`"(CROSSTALK.)`, `[laughter]`: a transcript's note, not anyone's words."""
    quoted = text[piece.start : piece.end].strip()
    return bool(re.fullmatch(r"\([^()]*\)\.?|\[[^\[\]]*\]\.?", quoted))


@cache
def _work_nouns() -> frozenset[str]:
    return word_list("work_nouns.txt")
