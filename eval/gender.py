"""Gender of people, hand-checked on Wikinews: a seeded sample of (person, article) pairs the system
gives a gender, each judged by reading the article (eval/wikinews_genders.tsv).

The system's gender for a person in an article is what `transforms.collection.gender` finds in that article
alone (its evidence rows put through `person_genders`): the hand check reads one article, so the
answer it checks is that article's. Coverage is counted over every (PERSON entity, article) pair of
the corpus, and over those whose person speaks a quotation in the article.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from eval.entities import _rows
from transforms.collection.gender import Person, gender_evidence, person_genders
from transforms.tables import Analysis

SEED = 25
JUDGMENTS = ("female", "male", "unknown")


def _quote_rows(analysis: Analysis) -> list[dict]:
    text = analysis.article.text
    return [{"kind": quote.kind, "start_char": quote.start, "end_char": quote.end, "speaker": quote.speaker_text(text),
             "speaker_start": quote.speaker_start, "speaker_entity_id": quote.speaker_entity_id} for quote in analysis.quotes]


@dataclass
class Found:
    """One person of one article, with what the system says of them there."""

    source_path: str
    entity_id: str
    name: str
    gender: str
    is_speaker: bool
    evidence: list[dict]


def genders(analysis: Analysis) -> list[Found]:
    """Every PERSON entity of the article, with its gender from the article's own evidence."""
    article = analysis.article
    people = [Person(m.start, m.end, m.entity_id) for m in analysis.mentions if m.label == "PERSON" and m.entity_id]
    names = {m.entity_id: m.entity_name for m in analysis.mentions if m.label == "PERSON" and m.entity_id}
    quotes = _quote_rows(analysis)
    evidence = gender_evidence(article.doc_id, article.text, people, [(s.start, s.end) for s in article.sentences], quotes)
    speakers = {quote["speaker_entity_id"] for quote in quotes if quote["kind"] != "scare"}
    by_entity = defaultdict(list)
    for row in evidence:
        by_entity[row["entity_id"]].append(row)
    return [Found(article.source_path, row["entity_id"], names[row["entity_id"]], row["gender"], row["entity_id"] in speakers,
                  by_entity[row["entity_id"]])
            for row in person_genders(sorted(names), evidence)]


def _analyse(paths: list[Path]) -> list[Analysis]:
    from transforms.reading.articles import parse_article
    from transforms.quotes.parsing import load_parser
    from transforms.entities.recognition import DEFAULT_MODEL, load_model
    from transforms.tables import analyse

    articles = [parse_article(path.name, path.read_bytes()) for path in paths]
    return analyse(articles, load_model(DEFAULT_MODEL), load_parser(DEFAULT_MODEL))


def found_in(corpus: Path, names: list[str] | None = None) -> list[Found]:
    """Every (person, article) pair of the corpus (or of the named articles), files in name order."""
    paths = sorted(corpus.glob("*.txt")) if names is None else [corpus / name for name in sorted(names)]
    return [found for analysis in _analyse(paths) for found in genders(analysis)]


def draw(found: list[Found], n: int = 50, seed: int = SEED, exclude: set[str] = frozenset()) -> list[Found]:
    """How a sample is drawn: `n` of the pairs given a gender (files in name order, people in
    entity_id order), with `random.Random(seed)`, from articles not in `exclude`."""
    pool = [item for item in found if item.gender != "unknown" and item.source_path not in exclude]
    return random.Random(seed).sample(pool, n)


@dataclass
class Item:
    """One hand-checked person and what the system says of them now."""

    sample: str
    source_path: str
    entity_id: str
    judged: str
    found: str = "unknown"

    @property
    def right(self) -> bool:
        return self.found == self.judged


def read_sample(path: Path) -> list[Item]:
    return [Item(sample, source_path, entity_id, judged)
            for sample, source_path, entity_id, _name, judged, _system, _note in _rows(path)]


def score(corpus: Path, sample: Path) -> dict:
    """Accuracy per sample part (dev, held-out) of the genders the system still gives, and coverage
    over the whole corpus."""
    items = read_sample(sample)
    found = found_in(corpus)
    system = {(item.source_path, item.entity_id): item.gender for item in found}
    for item in items:
        item.found = system.get((item.source_path, item.entity_id), "unknown")
    speakers = [item for item in found if item.is_speaker]
    return {
        "items": items,
        "pairs": len(found), "given": sum(item.gender != "unknown" for item in found),
        "speaker_pairs": len(speakers), "speakers_given": sum(item.gender != "unknown" for item in speakers),
        "by_gender": {gender: sum(item.gender == gender for item in found) for gender in JUDGMENTS},
    }
