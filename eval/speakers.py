"""Who said what, read by hand: a seeded sample of Wikinews attributions, judged in their articles.

An attribution is one quotation: the quote rows sharing a `group`, quoted terms (`scare`) left out.
It is `direct` when its rows are all direct, `reported` when one is `indirect` or `mixed`. Its span
runs from its first row's start to its last row's end. `draw` says how the sample was drawn.

Each sampled item (eval/wikinews_speakers.tsv) is matched to the system's attribution that holds most
of its letters and digits (at least half of them), one of the item's class first: the quoted words a
reported clause holds (`said he "won't comment"`) are a direct attribution too. An item is fully right when
- it is speech and the system still reports it, in the same class, with a counted speaker among the
  item's alternatives, compared as newslake keys names (`names.normalise`: case, a leading `the`, dots folded): the counted speaker is `Quote.speaker_name` of the rows that
  have a speaker, all of them, and a row without a name counts as wrong;
- or it is not speech and the system no longer reports it.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from eval.entities import _rows
from eval.quotes import _alnum
from transforms.entities.names import normalise
from transforms.reading.articles import parse_article
from transforms.quotes.parsing import load_parser
from transforms.quotes import DIRECT, INDIRECT, MIXED, SCARE, Quote
from transforms.entities.recognition import DEFAULT_MODEL, load_model
from transforms.tables import Analysis, analyse

CLASSES = ("direct", "reported")
_UNNAMED = re.compile(r"\s*\([^)]*\)\s*$")  # a judge's note after a description: `an MP (unnamed)`


@dataclass
class Attribution:
    """One quotation of a document and its rows (the pieces of a split quotation, a mixed clause and
    the fragments it holds)."""

    source_path: str
    kind: str  # one of CLASSES
    start: int
    end: int
    speakers: list[tuple[str, str | None]]  # per row with a speaker: its words and its speaker_name

    @property
    def speaker_names(self) -> list[str | None]:
        """What `top_speakers` would count for it."""
        return [name for _, name in self.speakers]


def attributions(analysis: Analysis, quoted_parts: bool = False) -> list[Attribution]:
    """The analysis's attributions; with `quoted_parts`, the direct rows a reported clause holds are
    also a direct attribution of their own (scoring only: the sample was drawn without them)."""
    groups: dict[int, list[Quote]] = defaultdict(list)
    for quote in analysis.quotes:
        if quote.kind != SCARE:
            groups[quote.group].append(quote)
    found = []
    for _, rows in sorted(groups.items()):
        kind = "reported" if any(row.kind in (INDIRECT, MIXED) for row in rows) else "direct"
        found.append(_attribution(analysis, kind, rows))
        quoted = [row for row in rows if row.kind == DIRECT]
        if quoted_parts and kind == "reported" and quoted:
            # `Sergey said he "won't give any comments"`: the quoted words are a direct quotation too
            found.append(_attribution(analysis, "direct", quoted))
    return found


def _attribution(analysis: Analysis, kind: str, rows: list[Quote]) -> Attribution:
    start, end = min(row.start for row in rows), max(row.end for row in rows)
    speakers = [(row.speaker_text(analysis.article.text), row.speaker_name) for row in rows if row.speaker_start is not None]
    return Attribution(analysis.article.source_path, kind, start, end, speakers)


def _analyse(paths: list[Path]) -> list[Analysis]:
    articles = [parse_article(path.name, path.read_bytes()) for path in paths]
    return analyse(articles, load_model(DEFAULT_MODEL), load_parser(DEFAULT_MODEL))


def draw(corpus: Path, per_class: int = 30, seed: int = 27) -> list[Attribution]:
    """How the sample was drawn: `per_class` direct then `per_class` reported attributions, over the
    whole corpus (files in name order, attributions in group order), with `random.Random(seed)`."""
    found = [attribution for analysis in _analyse(sorted(corpus.glob("*.txt"))) for attribution in attributions(analysis)]
    rng = random.Random(seed)
    return [item for kind in CLASSES for item in rng.sample([a for a in found if a.kind == kind], per_class)]


@dataclass
class Item:
    """One hand-checked attribution and what the system makes of it now."""

    source_path: str
    kind: str
    start: int
    end: int
    excerpt: str
    is_speech: bool
    speakers: list[str]
    found: Attribution | None = None

    @property
    def speech_right(self) -> bool:
        return self.found is not None and self.found.kind == self.kind if self.is_speech else self.found is None

    @property
    def speaker_right(self) -> bool:
        names = self.found.speaker_names if self.found else []
        accepted = {normalise(speaker) for speaker in self.speakers}
        return bool(names) and all(name is not None and normalise(name) in accepted for name in names)

    @property
    def right(self) -> bool:
        return self.speech_right and (not self.is_speech or self.speaker_right)

    @property
    def honestly_unresolved(self) -> bool:
        """Not fully right, but what the issue asks where no name resolves: speech found, every row
        without a name, and either the speaker is judged unnamed (`an MP (unnamed)`) or the rows
        keep the judged description as written (`the fire service`). Counted apart, never as right."""
        if self.right or not (self.is_speech and self.speech_right and self.found and self.found.speakers):
            return False
        if any(name is not None for _, name in self.found.speakers):
            return False
        described = {normalise(_UNNAMED.sub("", speaker)) for speaker in self.speakers}
        return all("(unnamed)" in speaker for speaker in self.speakers) or all(normalise(words) in described for words, _ in self.found.speakers)

    def describe_found(self) -> str:
        if self.found is None:
            return "not reported"
        speakers = " / ".join(f"{words!r} as {name or 'no name'}" for words, name in self.found.speakers) or "no speaker"
        return f"{self.found.kind}, speaker {speakers}"


def read_sample(path: Path) -> list[Item]:
    return [
        Item(source_path, kind, int(start), int(end), excerpt, is_speech == "yes", speakers.split("|") if speakers else [])
        for source_path, kind, start, end, excerpt, is_speech, speakers, _system, _note in _rows(path)
    ]


def score(corpus: Path, sample: Path) -> list[Item]:
    """The sample's items, each with the system's attribution that holds most of it, if any; only
    the articles the sample names are analysed."""
    items = read_sample(sample)
    names = sorted({item.source_path for item in items})
    analyses = {analysis.article.source_path: analysis for analysis in _analyse([corpus / name for name in names])}
    for item in items:
        analysis = analyses[item.source_path]
        letters = _alnum(analysis.article.text, [(item.start, item.end)])
        overlaps = [
            (len(letters & _alnum(analysis.article.text, [(found.start, found.end)])), found)
            for found in attributions(analysis, quoted_parts=True)
        ]
        # the attribution holding most of the item, one of the item's kind first when it holds enough
        enough = [(overlap, found) for overlap, found in overlaps if overlap >= 0.5 * len(letters)]
        same_kind = [pair for pair in enough if pair[1].kind == item.kind]
        item.found = max(same_kind or enough, key=lambda pair: pair[0], default=(0, None))[1]
    return items
