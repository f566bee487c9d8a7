"""Who said what, read by hand: a seeded sample of Wikinews attributions, judged in their articles.

An attribution is one quotation: the quote rows sharing a `group`, quoted terms (`scare`) left out.
It is `direct` when its rows are all direct, `reported` when one is `indirect` or `mixed`. Its span
runs from its first row's start to its last row's end. `draw` says how eval/wikinews_speakers.tsv
was sampled.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from transforms.articles import parse_article
from transforms.entities import DEFAULT_MODEL, load_model
from transforms.parsing import load_parser
from transforms.quotes import INDIRECT, MIXED, SCARE, Quote
from transforms.tables import Analysis, analyse

CLASSES = ("direct", "reported")


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


def attributions(analysis: Analysis) -> list[Attribution]:
    groups: dict[int, list[Quote]] = defaultdict(list)
    for quote in analysis.quotes:
        if quote.kind != SCARE:
            groups[quote.group].append(quote)
    found = []
    for _, rows in sorted(groups.items()):
        kind = "reported" if any(row.kind in (INDIRECT, MIXED) for row in rows) else "direct"
        start, end = min(row.start for row in rows), max(row.end for row in rows)
        speakers = [(row.speaker_text(analysis.article.text), row.speaker_name) for row in rows if row.speaker_start is not None]
        found.append(Attribution(analysis.article.source_path, kind, start, end, speakers))
    return found


def _analyse(paths: list[Path]) -> list[Analysis]:
    articles = [parse_article(path.name, path.read_bytes()) for path in paths]
    return analyse(articles, load_model(DEFAULT_MODEL), load_parser(DEFAULT_MODEL))


def draw(corpus: Path, per_class: int = 30, seed: int = 27) -> list[Attribution]:
    """How the sample was drawn: `per_class` direct then `per_class` reported attributions, over the
    whole corpus (files in name order, attributions in group order), with `random.Random(seed)`."""
    found = [attribution for analysis in _analyse(sorted(corpus.glob("*.txt"))) for attribution in attributions(analysis)]
    rng = random.Random(seed)
    return [item for kind in CLASSES for item in rng.sample([a for a in found if a.kind == kind], per_class)]
