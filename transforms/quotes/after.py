"""The attribution rules that read the words after a quotation's closing mark.

`,” said X`, `“- reports X`, `,” X said`, `…” for it, she said.`, `“…” — Pamela Padilla`,
`,” muttered Ellis`, and a transcript line quoted whole (`"WALLACE: …`). The order they are tried
in is `direct.RULES_AFTER_EACH_PIECE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from transforms.quotes.grammar import noun_phrase, subject_of
from transforms.quotes.marks import OPENING_DOUBLE, Piece, next_mark
from transforms.quotes.owners import documents
from transforms.quotes.quotations import Attribution
from transforms.quotes.words import (
    ADVERB_WORDS,
    DASHES,
    MAX_SPEAKER_WORDS,
    Context,
    attribution_from,
    clause_end,
    inside_parenthesis,
    is_clause_break,
    is_cue,
    span_text,
    speaker_after_cue,
    word_spans,
)

if TYPE_CHECKING:
    from transforms.reading.articles import Article

_LEAD = re.compile(r"[\s,\"”’'»]*(?:(?:--|[-–—―])\s*)?")
TRANSCRIPT_LINE = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")


@dataclass(frozen=True)
class WordsAfter:
    """The words after a piece's closing mark, up to the end of its sentence or the next quotation."""

    lead: re.Match
    words: list[tuple[int, int]]
    limit: int


def words_after(text: str, piece: Piece, article: "Article") -> WordsAfter | None:
    """The words after a closing mark, or None when the quotation closed its sentence."""
    if not piece.closed:
        return None
    sentence = article.sentence_at(piece.close_end)
    limit = max(sentence.end, piece.close_end)
    quoted_end = text[piece.start : piece.end].rstrip()
    if limit == piece.close_end and quoted_end.endswith(("?", "!")) and sentence.index + 1 < len(article.sentences):
        # `"…Bobby Scott!" Scott's niece … shouted.`: the splitter ends the sentence at the mark,
        # but the next one, when it is the attribution, belongs to the quote.
        following = article.sentences[sentence.index + 1]
        gap = text[piece.close_end : following.start]
        if len(gap) <= 2 and "\n" not in gap and not next_mark(text, following.start, following.end):
            limit = following.end
    following = next_mark(text, piece.close_end, limit)
    if following and following.group() in OPENING_DOUBLE:
        limit = following.start()
    if re.match(r"\s*[.!?]", text[piece.close_end : limit]) or (quoted_end.endswith((".", "!", "?")) and not text[piece.close_end : limit].strip(" ,-–—―")):
        return None  # the quotation closed its sentence
    lead = _LEAD.match(text, piece.close_end, limit)
    words = word_spans(text, lead.end(), limit)
    return WordsAfter(lead, words, limit) if words else None


def after_rule(read: Callable[[str, WordsAfter], Attribution | None]) -> Callable[[Context, Piece, WordsAfter | None], Attribution | None]:
    """A rule that reads only the words after the piece."""
    return lambda context, piece, after: read(context.text, after) if after else None


def transcript_turn(context: Context, piece: Piece, after: WordsAfter | None) -> Attribution | None:
    return _transcript_speaker(context.text, piece)


def _transcript_speaker(text: str, piece: Piece) -> Attribution | None:
    """A transcript line quoted whole: `"WALLACE: Let's start..."`."""
    match = TRANSCRIPT_LINE.match(text, piece.start, piece.end)
    if not match:
        return None
    return Attribution(match.start(1), match.end(1), None, None, rule="transcript_turn")


def cue_then_speaker_after(context: Context, piece: Piece, after: WordsAfter | None) -> Attribution | None:
    return _cue_then_speaker(context.text, after.words, after.limit, dashed=bool(after.lead.group().strip(" ,"))) if after else None


def _cue_then_speaker(text: str, words: list[tuple[int, int]], limit: int, dashed: bool) -> Attribution | None:
    """`,” said X` / `“- reports X` / `,” according to X`."""
    first = span_text(text, words[0])
    if first.lower() == "according" and len(words) > 1 and span_text(text, words[1]).lower() == "to":
        return speaker_after_cue(text, words[0][0], words[1][1], limit)
    if is_cue(first) and (first[0].islower() or dashed):
        found = speaker_after_cue(text, words[0][0], words[0][1], limit)
        if found and first.endswith("ing") and not dashed and not _NAME_LAST.search(text[found.speaker_start : found.speaker_end]):
            return None  # (`,” recalling their first meeting`: a participle's subject is a name after it, or came before)
        return found
    return None


def speaker_then_cue(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`,” X said` / `,” Sen. X (R-Ky.) said` / `,” X, the senator from Ohio, said`; not `,” while
    X noted …`, another's report set against the quotation."""
    if words and span_text(text, words[0]).lower() in ("while", "whereas"):
        return None
    for index, span in enumerate(words[: MAX_SPEAKER_WORDS + 2]):
        word = span_text(text, span)
        if index and (is_cue(word) or _document_reads(text, words, index)) and word[0].islower():
            return attribution_from(text, words[:index], span)
        if index and is_clause_break(word) and not inside_parenthesis(text, words[0][0], span[0]):
            if word == "," and _abbreviation_comma(text, words, index):
                continue
            if word == ",":
                return _apposition_then_cue(text, words, index)
            return None
    return None


_NAME_LAST = re.compile(r"(?:^|,\s+)(?:[A-Z][\w.'’-]*\s*){1,4}$")  # `Maria Gonzalez`, `the talks dead, Jones`


def _document_reads(text: str, words: list[tuple[int, int]], index: int) -> bool:
    """`,” the article read.`, `the statement reads`: what a document says is what it reads."""
    return span_text(text, words[index]).lower().strip(".,:;!?") in ("read", "reads") and span_text(text, words[index - 1]).lower() in documents()


def _abbreviation_comma(text: str, words: list[tuple[int, int]], index: int) -> bool:
    """The commas of `McConnell, R-Ky., said` or `Smith, 52, said` do not end the speaker."""
    following = span_text(text, words[index + 1]) if index + 1 < len(words) else ""
    return bool(re.fullmatch(r"[A-Z]-[A-Z][a-z]*\.?|\d{1,3}", following))


def _apposition_then_cue(text: str, words: list[tuple[int, int]], comma: int) -> Attribution | None:
    """`,” Scott Pruitt, the attorney general of Oklahoma, said`: the name before the comma speaks."""
    for index in range(comma + 1, min(len(words), comma + 30)):
        word = span_text(text, words[index])
        if word in (";", ":") or word in DASHES:
            return None
        if is_cue(word) and word[0].islower() and span_text(text, words[index - 1]) in (",",) + tuple(ADVERB_WORDS):
            return attribution_from(text, words[:comma], words[index])
    return None


def dash_signature_after(context: Context, piece: Piece, after: WordsAfter | None) -> Attribution | None:
    return _dash_signature(context.text, after.lead, after.words, after.limit) if after else None


def _dash_signature(text: str, lead: re.Match, words: list[tuple[int, int]], limit: int) -> Attribution | None:
    """`“...” — Pamela Padilla`: a name signed after a dash, with no verb."""
    if not lead.group().strip(" ,") or not span_text(text, words[0])[:1].isupper():
        return None
    end = clause_end(text, words[0][0], limit)
    name = text[words[0][0] : end].rstrip().rstrip(".").rstrip()
    if name and len(name.split()) <= 5 and all(part[0].isupper() or part in ("de", "van", "von", "al") for part in name.split()):
        return Attribution(words[0][0], words[0][0] + len(name), None, None)
    return None


def verb_and_subject_after_quote(context: Context, piece: Piece, after: WordsAfter | None) -> Attribution | None:
    """`“…,” muttered Ellis, shaking his head`, `“…,” she laughed`: any verb right after the
    quotation whose subject stands beside it."""
    if after is None:
        return None
    first = context.token_at(after.words[0][0])
    if first is None:
        return None
    doc = first.doc
    verb = first if first.tag_ in ("VBD", "VBZ") else next((t for t in doc[first.i : first.i + 5] if t.tag_ in ("VBD", "VBZ")), None)
    if verb is None:
        return None
    subject = subject_of(verb)
    if subject is None or subject.dep_ != "nsubj" or not (subject.tag_.startswith("NNP") or subject.tag_ == "PRP"):
        return None
    phrase = doc[min(verb.i, subject.left_edge.i) : max(verb.i, subject.right_edge.i) + 1]
    if any(token.tag_.startswith("VB") and token.i != verb.i for token in phrase) or phrase[0].i != first.i:
        return None  # the verb and its subject must open the words after the quote, nothing else
    parsed = context.parses[context.article.sentence_at(after.words[0][0]).index]
    speaker = noun_phrase(parsed, subject)
    return Attribution(speaker.start, speaker.end, parsed.start(verb), parsed.end(verb), pronoun=subject.tag_ == "PRP")
