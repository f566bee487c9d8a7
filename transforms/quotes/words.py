"""The words around a quotation as the attribution rules read them.

Word spans, cue words, and the speaker phrase that stands before a cue (`X has said`) or after
one (`said Rep. Jason Chaffetz`): shared by the rules that read the words after a quotation
(`after`) and those that read the words before it (`before`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from transforms.quotes.parsing import ParsedSentence, token_at
from transforms.quotes.quotations import Attribution
from transforms.quotes.speakers import is_pronoun, pronouns
from transforms.rules import sectioned_list, word_list
from transforms.text.dates import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from transforms.reading.articles import Article

_WORD = re.compile(r"[\w’'.-]+|[^\w\s]")
_PHRASE_END = re.compile(r"[,;:!?()\"“”«»]|\.(?=\s|$)|\s(?:who|which|that|in|on|at|after|before|during|when|while|as)\s")
ADVERB_WORDS = frozenset(
    "also later then now once still again recently previously earlier simply further finally often always never "
    "usually just even has had have having would will was is are were did does might may could should can must shall "
    "too both all alone himself herself themselves itself instead however meanwhile".split()
)
# Lower case only: "Italy", "Bly" are names; the nouns in -ly are spelled out ("the family would say").
ADVERB = re.compile(r"(?!(?:family|ally|rally|assembly|supply|monopoly|anomaly|folly|bully|belly)\b)[a-z]+ly|" + "|".join(sorted(ADVERB_WORDS)))
DASHES = frozenset({"-", "–", "—", "―", "--"})
_CLAUSE_WORDS = frozenset(
    {"and", "but", "as", "while", "when", "after", "because", "although", "though", "so", "that", "who", "which", "what", "where", "if"}
)
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that", "one", "another"})
MAX_SPEAKER_WORDS = 12
# Words that open a clause or an introductory phrase, never a speaker's name.
NOT_SUBJECTS = frozenset(
    "that to it in on at for with about if whether how what during after before since while when as "
    "without despite following meanwhile later earlier yesterday today tonight however still then now also".split()
)
# Of those, the ones that open a phrase before a speaker's name (`During the speech Trump said`).
PHRASE_OPENERS = NOT_SUBJECTS - {"it"}


@cache
def _cues() -> frozenset[str]:
    return word_list("cue_verbs.txt")


@dataclass(frozen=True)
class Context:
    """One article as every rule reads it."""

    text: str
    article: "Article"
    parses: dict[int, ParsedSentence]

    def token_at(self, offset: int) -> "Token | None":
        """The parsed token that starts at `offset`, if its sentence was parsed."""
        return token_at(self.article, self.parses, offset)


def with_rule(rule: str, found: Attribution | None) -> Attribution | None:
    """Record which rule found an attribution."""
    if found is not None and found.rule is None:
        found.rule = rule
    return found


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _WORD.finditer(text, start, end)]


def span_text(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def is_cue(word: str) -> bool:
    return word.lower().strip(".,:;!?") in _cues()


def is_judgement(word: str) -> bool:
    """`attacked`, `characterized`: speech only when the quotation is their object."""
    return word.lower().strip(".,:;!?") in _judgements()


@cache
def _judgements() -> frozenset[str]:
    return word_list("judgement_verbs.txt")


def is_clause_break(word: str) -> bool:
    return word in (",", ";", ":") or word in DASHES or word.lower() in _CLAUSE_WORDS


def plausible_speaker(text: str, start: int, end: int) -> bool:
    words = text[start:end].split()
    if not words or len(words) > MAX_SPEAKER_WORDS or any(mark in text[start:end] for mark in '"“”«»?!'):
        return False
    first = words[0].lower()
    if first in pronouns():
        return True
    if first in PHRASE_OPENERS or (len(words) == 1 and first in DETERMINERS):
        return False  # `Following a swiftly called meeting`: an introductory phrase
    if words[0][0].isupper() or first in DETERMINERS:
        return True
    # "panel Chairman Rep. Jason Chaffetz": a short lower-case lead-in before a name.
    return any(word[0].isupper() for word in words[1:4])


def attribution_from(text: str, speaker_words: list[tuple[int, int]], cue: tuple[int, int]) -> Attribution | None:
    """Speaker words right before a cue, without trailing adverbs or auxiliaries ("X has said")."""
    while speaker_words and ADVERB.fullmatch(span_text(text, speaker_words[-1])):
        speaker_words = speaker_words[:-1]
    while speaker_words and span_text(text, speaker_words[-1]) == ",":
        speaker_words = speaker_words[:-1]
    if speaker_words and span_text(text, speaker_words[0]).lower() in PHRASE_OPENERS | _CLAUSE_WORDS:
        speaker_words = _final_name(text, speaker_words)
    for index in range(1, len(speaker_words)):
        # `President Trump delivered a speech declaring “…”`: a past tense right after a name ends it
        word, before = span_text(text, speaker_words[index]), span_text(text, speaker_words[index - 1])
        if re.fullmatch(r"[a-z]{2,}ed", word) and before[:1].isupper() and not before.endswith("ly"):
            speaker_words = speaker_words[:index]
            break
    if not speaker_words:
        return None
    start, end = speaker_words[0][0], speaker_words[-1][1]
    if not plausible_speaker(text, start, end):
        return None
    return Attribution(start, end, cue[0], cue[1], pronoun=is_pronoun(text, start, end))


def _final_name(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The name (or, after a phrase, the pronoun) ending words that open with a phrase or a clause
    word: `During the speech Trump`, `On television he`, `” while Minister Joachim Brudziński`;
    not `” when he said …`, where a new clause starts."""
    last = span_text(text, words[-1])
    if last.lower() in pronouns():
        return words[-1:] if span_text(text, words[0]).lower() not in _CLAUSE_WORDS else []
    run: list[tuple[int, int]] = []
    for span in reversed(words[1:]):
        if not span_text(text, span)[:1].isupper():
            break
        run.insert(0, span)
    if run and span_text(text, run[0]) in WEEKDAYS_AND_MONTHS:
        return []
    return run


WEEKDAYS_AND_MONTHS = WEEKDAYS | MONTHS
# Common nouns of time: `reported on Thursday` / `on Tuesday morning`, `last week's statement`
TIME_WORDS = frozenset("today yesterday tomorrow tonight morning afternoon evening night day week weekend month year decade".split())


def end_of_text_before(text: str, position: int) -> int:
    """Where the text before `position` ends, white space left out (without copying the text)."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


@cache
def speech_nouns() -> frozenset[str]:
    """Nouns for what is said (`statement`, `announcement`, `letter`), singular."""
    return frozenset(noun.rstrip("s") for noun in word_list("speech_nouns.txt")) | {"message", "letter", "word", "note"}


def inside_parenthesis(text: str, start: int, position: int) -> bool:
    return text.count("(", start, position) > text.count(")", start, position)


def speaker_after_cue(text: str, cue_start: int, cue_end: int, limit: int) -> Attribution | None:
    start = cue_end
    while start < limit and text[start].isspace():
        start += 1
    end = clause_end(text, start, limit)
    words = word_spans(text, start, end)
    if not words:
        return None
    if span_text(text, words[0]).lower() in NOT_SUBJECTS:
        return None  # `” suggests that Phoenix…`, `,” adding that…`: a clause, not a speaker
    end = words[min(len(words), MAX_SPEAKER_WORDS) - 1][1]
    while end > start and text[end - 1] in ".,":
        end -= 1
    if not plausible_speaker(text, start, end):
        return None
    return Attribution(start, end, cue_start, cue_end, pronoun=is_pronoun(text, start, end))


def clause_end(text: str, start: int, limit: int) -> int:
    """Where a speaker's phrase ends; the period of a title or an initial does not end it
    (`said Rep. Jason Chaffetz`, `said Ronald R. Smith`)."""
    for match in _PHRASE_END.finditer(text, start, limit):
        if match.group() == "." and _abbreviated(text, match.start()):
            continue
        return match.start()
    return limit


def _abbreviated(text: str, period: int) -> bool:
    word = re.search(r"([A-Za-z]+)$", text[max(0, period - 12) : period])
    return bool(word) and (word.group(1).lower() in _titles() or (len(word.group(1)) == 1 and word.group(1).isupper()))


@cache
def _titles() -> frozenset[str]:
    return sectioned_list("abbreviations.txt").get("title", frozenset())


def clause_final_attribution(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`...” for criminal behavior, she said.`: the sentence's last clause names the speaker."""
    commas = [index for index, span in enumerate(words) if span_text(text, span) == ","]
    for comma in reversed(commas):
        clause = words[comma + 1 :]
        for index, span in enumerate(clause[: MAX_SPEAKER_WORDS + 1]):
            word = span_text(text, span)
            if index and is_cue(word) and word[0].islower():
                return attribution_from(text, clause[:index], span)
            if is_clause_break(word):
                break
    return None
