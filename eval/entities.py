"""Entity mentions on CoNLL-2003 dev (Reuters), and the canonical entities of the Wikinews corpus.

Each CoNLL document becomes an article: its first sentence the title line, each later sentence a
paragraph, tokens joined by single spaces. Mentions after the title are scored on exact span and
type (PERSON→PER, ORG→ORG, GPE and LOC→LOC; other labels and gold MISC ignored), beside the bare
model's entities on the same text.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from transforms.articles import parse_article
from transforms.entities import link_mentions, load_model, recognise

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
    nlp = load_model()
    corpus = conll_articles(path)
    articles = [parse_article(f"conll-{i}.txt", text.encode("utf-8")) for i, (text, _) in enumerate(corpus)]
    gold, ours, bare = set(), set(), set()
    for index, ((text, spans), linked, doc) in enumerate(zip(corpus, _linked_mentions(articles, nlp), nlp.pipe(text for text, _ in corpus))):
        title_end = text.find("\n")
        gold |= {(index, *span) for span in spans}
        ours |= {(index, m.start, m.end, LABELS[m.label]) for m in linked if m.label in LABELS and m.start > title_end}
        bare |= {(index, e.start_char, e.end_char, LABELS[e.label_]) for e in doc.ents if e.label_ in LABELS and e.start_char > title_end}
    return {"newslake": _prf(ours, gold), "bare model": _prf(bare, gold)}


def _linked_mentions(articles, nlp):
    """What the pipeline makes of each article's entities (no parsing: entities do not need it)."""
    return [link_mentions(article.text, found) for article, found in zip(articles, recognise(nlp, [article.text for article in articles]))]


def wikinews_entities(corpus: Path, top: int = 20) -> dict:
    """How much merging happened on real articles, and the most frequent entities per label."""
    paths = sorted(corpus.glob("*.txt"))
    articles = [parse_article(path.name, path.read_bytes()) for path in paths]
    mentions = [mention for linked in _linked_mentions(articles, load_model()) for mention in linked]
    forms = {(m.label, m.text) for m in mentions}
    entities: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for mention in mentions:
        entities[(mention.label, mention.entity_name)][mention.text] += 1
    merged = sum(1 for m in mentions if m.text != m.entity_name)
    by_label: dict[str, list] = defaultdict(list)
    for (label, name), texts in entities.items():
        by_label[label].append((sum(texts.values()), name, sorted(set(texts) - {name})))
    return {
        "articles": len(articles),
        "mentions": len(mentions),
        "distinct forms": len(forms),
        "entities": len(entities),
        "mentions written differently from their entity's name": merged,
        "top": {label: sorted(rows, key=lambda row: (-row[0], row[1]))[:top] for label, rows in sorted(by_label.items())},
    }
