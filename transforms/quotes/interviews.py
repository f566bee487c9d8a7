"""Interview transcripts (`((Wayne Tseng)) I was nominated …`, `KOKESH: I …`): whose turn a word is
in, so that `I` is the one answering, a `he` or `she` in the answer is somebody else, and the
interviewer's `you mentioned` is the one answering."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from transforms.entities import Mention
from transforms.entities.names import normalise
from transforms.quotes.parsing import token_at
from transforms.quotes.quotations import ENTITY, NAME, UNRESOLVED, Quote
from transforms.quotes.roles import is_a_name

if TYPE_CHECKING:
    from transforms.reading.articles import Article
    from transforms.quotes.parsing import ParsedSentence

_TURN = re.compile(r"(?m)^(?:\(\(([^()\n]{1,40})\)\)|([A-Z][A-Z.'’ -]{1,30}):)\s")


def interview_turn(text: str, position: int) -> tuple[int, int] | None:
    """The label of the interview turn `position` is in (`((Wayne Tseng)) I was nominated …`,
    `KOKESH: I …`): the last label that opens a paragraph before it, in a text of two or more."""
    labels = _turn_labels(text)
    if len(labels) < 2:
        return None
    before = [span for span in labels if span[0] <= position]
    return before[-1] if before else None


@lru_cache(maxsize=4)
def _turn_labels(text: str) -> list[tuple[int, int]]:
    return [match.span(1) if match.group(1) else match.span(2) for match in _TURN.finditer(text)]


def turn_speaker(label: str, mentions: list[Mention]) -> tuple[str, str | None, str | None]:
    """(status, entity id, name) of a turn's label: the person of the document with that name (or,
    for a label of initials, the one person with them: `NG` for Natasha Gownaris), else the label as
    a name (`((WN))`, an interviewer, is none)."""
    same = next((mention for mention in mentions if mention.label == "PERSON" and normalise(mention.entity_name) == normalise(label)), None)
    if same is None and re.fullmatch(r"[A-Z]{2,3}", label):  # `NG: We estimate …`: the one person with those initials
        initialled = {mention.entity_id: mention for mention in mentions if mention.label == "PERSON" and _initials(mention.entity_name) == label}
        same = next(iter(initialled.values())) if len(initialled) == 1 else None
    if same is not None:
        return ENTITY, same.entity_id, same.entity_name
    return (NAME, None, label) if is_a_name(label) else (UNRESOLVED, None, None)


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def recalled_from_the_answer(article: "Article", quote: Quote, mentions: list[Mention], parses: dict[int, "ParsedSentence"]) -> tuple[str, str | None, str | None] | None:
    """`((WN)) You mentioned the bones came from two sites.`: in an interviewer's turn (a label that
    is no person of the document), `you` with a past speech verb recalls what the one answering
    said, the person of the next turn. A request (`Could you say`) is not said yet, and a `you` in
    an answer is the interviewer, or anyone."""
    text = article.text
    if text[quote.speaker_start : quote.speaker_end].lower() != "you" or quote.cue_start is None:
        return None
    turn = interview_turn(text, quote.speaker_start)
    if turn is None or turn_speaker(text[turn[0] : turn[1]], mentions)[0] == ENTITY:
        return None
    cue = token_at(article, parses, quote.cue_start)
    if cue is None or cue.tag_ not in ("VBD", "VBN") or _ASKED.search(text, max(0, quote.speaker_start - 12), quote.speaker_start):
        return None  # (`Have you told the board …?` asks, it recalls nothing)
    # the one addressed by name (`Maria Lopez, you said earlier …`), else the one answering next
    sentence = article.sentence_at(quote.speaker_start).start
    addressed = next(
        (
            mention
            for mention in mentions
            if mention.label == "PERSON" and turn[1] < mention.end <= quote.speaker_start
            and re.fullmatch(r",\s*", text[mention.end : quote.speaker_start])
            and not text[max(sentence, turn[1]) : mention.start].strip(" \"“():")  # (`Unlike John Smith, you …` addresses nobody)
        ),
        None,
    )
    if addressed is not None:
        return ENTITY, addressed.entity_id, addressed.entity_name
    answer = _next_turn(text, quote.speaker_start)
    found = turn_speaker(text[answer[0] : answer[1]], mentions) if answer else None
    return found if found is not None and found[0] == ENTITY else None


_ASKED = re.compile(r"\b(?:[Hh]ave|[Hh]as|[Hh]ad|[Dd]id|[Dd]o|[Dd]oes|[Ww]ill|[Ww]ould|[Cc]ould|[Cc]an|[Ss]hould)\s+$")


def _next_turn(text: str, position: int) -> tuple[int, int] | None:
    """The label of the turn after the one `position` is in (the answer to a question), else of the
    turn before it."""
    labels = _turn_labels(text)
    turn = interview_turn(text, position)
    if turn is None:
        return None
    after = [span for span in labels if span[0] > position]
    before = [span for span in labels if span[0] < turn[0]]
    return after[0] if after else before[-1] if before else None


def turn_speaker_as_third_person(text: str, quote: Quote, mentions: list[Mention]) -> bool:
    """`((Zara Kay)) … another girl came out to me … And then she's like, "…"`: in an interview turn
    the one answering speaks as `I`, so a `he` or `she` in it is somebody else, whom the text may
    not name; the turn's own speaker, the nearest name before, is never it."""
    if text[quote.speaker_start : quote.speaker_end].lower() not in ("he", "she") or quote.speaker_entity_id is None:
        return False
    turn = interview_turn(text, quote.speaker_start)
    if turn is None:
        return False
    label = normalise(text[turn[0] : turn[1]])
    return any(mention.entity_id == quote.speaker_entity_id and label in (normalise(mention.entity_name), normalise(mention.text)) for mention in mentions)
