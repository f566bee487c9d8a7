"""What the quote modules pass each other: a quoted piece's row, an attribution, a quotation."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.entities import Mention
from transforms.quotes.marks import Piece
from transforms.schema import SPEAKER_STATUSES

DIRECT, SCARE = "direct", "scare"
# Who a speaker is, for counting (`transforms.quotes.resolve`): a named entity, a proper name the
# model did not tag, a group written as a common noun ("analysts"), words that stand for someone
# the text does not name clearly enough ("he" with no antecedent), or no speaker at all.
ENTITY, NAME, GROUP, UNRESOLVED, NO_SPEAKER = SPEAKER_STATUSES


@dataclass
class Quote:
    """A quoted piece with its attribution; offsets index the document text."""

    group: int
    start: int
    end: int
    kind: str
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity_id: str | None = None
    speaker_name: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    rule: str | None = None
    speaker_status: str = NO_SPEAKER

    def speaker_text(self, text: str) -> str | None:
        return None if self.speaker_start is None else text[self.speaker_start : self.speaker_end]

    def cue_text(self, text: str) -> str | None:
        return None if self.cue_start is None else text[self.cue_start : self.cue_end]


@dataclass
class Attribution:
    speaker_start: int
    speaker_end: int
    cue_start: int | None
    cue_end: int | None
    entity: Mention | None = None
    pronoun: bool = False
    rule: str | None = None  # the name of the rule that found it
    referent: tuple[int, int] | None = None  # the words a `who` speaker stands for, when known


@dataclass
class Quotation:
    pieces: list[Piece]
    attribution: Attribution | None = None
    kind: str = SCARE
    paragraph: int = 0
    speechlike: bool = False
