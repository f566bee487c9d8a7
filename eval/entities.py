"""Entity mentions on CoNLL-2003 dev (Reuters), and the canonical entities of the Wikinews corpus.

Each CoNLL document becomes an article: its first sentence the title line, each later sentence a
paragraph, tokens joined by single spaces. Mentions after the title are scored on exact span and
type (PERSON→PER, ORG→ORG, GPE and LOC→LOC; other labels and gold MISC ignored), beside the bare
model's entities on the same text.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from transforms.reading.articles import parse_article
from transforms.entities.corrections import CORRECTIONS
from transforms.entities.linking import link_mentions
from transforms.entities.recognition import load_model, recognise

LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}


def conll_articles(path: Path) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(text, gold spans after the title) per CoNLL document."""
    documents: dict[int, list[dict]] = defaultdict(list)
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        documents[record["doc"]].append(record)
    articles = []
    for doc in sorted(documents):
        sentences = sorted(documents[doc], key=lambda record: record["sent"])
        text, gold = "", set()
        for index, sentence in enumerate(sentences):
            if index:
                text += "\n\n"
            offsets = []
            for token in sentence["tokens"]:
                if offsets:
                    text += " "
                offsets.append((len(text), len(text) + len(token)))
                text += token
            if index == 0:
                continue
            for start, end, label in sentence["entities"]:
                if label != "MISC":
                    gold.add((offsets[start][0], offsets[end - 1][1], label))
        articles.append((text, gold))
    return articles


def _prf(predicted: set, gold: set) -> dict[str, float]:
    tp = len(predicted & gold)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score_conll(path: Path) -> dict[str, dict[str, float]]:
    """newslake and the bare model on the same text, and newslake without each correction (the
    difference is that correction's gain)."""
    nlp = load_model()
    corpus = conll_articles(path)
    articles = [parse_article(f"conll-{i}.txt", text.encode("utf-8")) for i, (text, _) in enumerate(corpus)]
    found = recognise(nlp, [article.text for article in articles])
    gold = {(index, *span) for index, (_, spans) in enumerate(corpus) for span in spans}
    title_ends = [text.find("\n") for text, _ in corpus]

    def scored(mentions_per_article) -> dict[str, float]:
        predicted = {
            (index, m.start, m.end, LABELS[m.label])
            for index, mentions in enumerate(mentions_per_article) for m in mentions
            if m.label in LABELS and m.start > title_ends[index]
        }
        return _prf(predicted, gold)

    def linked(skip: frozenset[str] = frozenset()):
        return [link_mentions(article.text, mentions, skip) for article, mentions in zip(articles, found)]

    figures = {"newslake": scored(linked()), "bare model": scored(found)}
    for name, _ in CORRECTIONS:
        figures[f"without {name}"] = scored(linked(frozenset({name})))
    return figures


def _linked_mentions(articles, nlp):
    """What the pipeline makes of each article's entities (no parsing: entities do not need it)."""
    return [link_mentions(article.text, found) for article, found in zip(articles, recognise(nlp, [article.text for article in articles]))]


def wikinews_entities(corpus: Path, expected: Path, places: Path) -> dict:
    """The `entities` table newslake makes of the Wikinews corpus (the real derived query), scored
    against hand-checked expectations: the canonical name, label and identifier of 40 frequent
    entities, and the identifier of place mentions read in their sentence."""
    import duckdb

    from newslake.derived import derived_tables, rebuild_derived
    from newslake.views import LAKE
    from transforms.schema import TABLES
    from transforms.tables import Analysis, to_tables

    paths = sorted(corpus.glob("*.txt"))
    articles = [parse_article(path.name, path.read_bytes()) for path in paths]
    linked = _linked_mentions(articles, load_model())
    tables = to_tables([Analysis(article, mentions, []) for article, mentions in zip(articles, linked)], datetime.now(timezone.utc))
    connection = duckdb.connect()
    connection.execute(f"create schema {LAKE}")
    for name in TABLES.keys() - derived_tables().keys():
        connection.register(f"written_{name}", tables.get(name, TABLES[name].empty()))
        connection.execute(f"create view {LAKE}.{name} as select * from written_{name}")
    rebuild_derived(connection, collection=False)  # entities reads other derived tables
    table = connection.table("entities").to_arrow_table().to_pylist()
    by_name = {row["name"]: row for row in table}

    checked = []
    for line in _rows(expected):
        name, label, kb_id = line
        row = by_name.get(name)
        found = (row["label"], row["kb_id"] or "") if row else None
        checked.append((name, (label, kb_id), found))
    mentions = {(article.source_path, m.start): m for article, found in zip(articles, linked) for m in found}
    judged = []
    for source_path, start, text, kb_id in _rows(places):
        mention = mentions.get((source_path, int(start)))
        judged.append((source_path, text, kb_id, mention.kb_id if mention and mention.text == text else None))
    frequent = sorted((row for row in table if row["n_docs"] >= 4), key=lambda row: (-row["n_mentions"], row["name"]))
    return {
        "articles": len(articles),
        "mentions": tables["mentions"].num_rows,
        "entities": len(table),
        "linked to an identifier": sum(row["kb_id"] is not None for row in table),
        "frequent": frequent[:40],
        "checked": checked,
        "places": judged,
    }


def _rows(path: Path) -> list[list[str]]:
    """A tab-separated file's rows, without `#` comments and the header."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]
