"""The collection's figures on the Wikinews corpus: stories (near-copies planted as outlets edit
wire copy), wire credits (a hand-labelled file), statements (quotations planted in several
articles, trimmed and punctuated differently) and gender (people hand-checked in their articles).

Plants are made with `random.Random(SEED)` from the corpus itself, so every run scores the same set.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from eval.entities import _rows
from transforms.collection.stories import THRESHOLD, candidate_pairs, confirm_pairs, group_stories, jaccard, band_rows, shingles
from transforms.collection.wire import wire_agency

SEED = 25
BOILERPLATE = (
    ("Advertisement", "Sign up for our daily newsletter to get the top stories in your inbox."),
    ("Follow us on Twitter and Facebook for the latest news.", "Copyright 2019 The Daily Example. All rights reserved."),
    ("Read more: the week in pictures", "Have a story? Email newsdesk@example.com"),
)


def _texts(corpus: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))}


def _paragraphs(text: str) -> list[str]:
    return [part for part in text.split("\n\n") if part.strip()]


def plant_copies(texts: dict[str, str]) -> dict[str, tuple[str, str]]:
    """copy name -> (original name, text): for each article, an outlet's copy (new headline, its
    boilerplate above and below), one with a paragraph cut, one with another article's paragraph
    added, and one cut hard (half the paragraphs: a different story, mostly below 0.6)."""
    rng = random.Random(SEED)
    names = sorted(texts)
    copies = {}
    for index, name in enumerate(names):
        title, *body = _paragraphs(texts[name])
        if len(body) < 3:
            continue
        top, bottom = BOILERPLATE[index % len(BOILERPLATE)]
        headline = "UPDATE: " + title.lower().capitalize()
        copies[f"{name}#outlet"] = (name, "\n\n".join([headline, top, *body, bottom]))
        cut = rng.randrange(1, len(body))
        copies[f"{name}#cut"] = (name, "\n\n".join([title, *body[:cut], *body[cut + 1:]]))
        other = _paragraphs(texts[names[(index + 7) % len(names)]])[1:]
        added = rng.choice(other) if other else ""
        place = rng.randrange(1, len(body) + 1)
        copies[f"{name}#added"] = (name, "\n\n".join([headline, *body[:place], added, *body[place:], bottom]))
        copies[f"{name}#half"] = (name, "\n\n".join([title, *body[: max(1, len(body) // 2)]]))
    return copies


def score_stories(corpus: Path) -> dict:
    """Recall of the planted pairs at Jaccard >= THRESHOLD (the exact similarity of their shingles)
    and the least similar pair inside any story found."""
    texts = _texts(corpus)
    copies = plant_copies(texts)
    everything = {**texts, **{name: text for name, (_, text) in copies.items()}}
    start = datetime(2019, 1, 1, tzinfo=timezone.utc)
    published = {name: start + timedelta(minutes=index) for index, name in enumerate(sorted(everything))}
    bands = [row for name in sorted(everything) for row in band_rows(name, everything[name])]
    pairs = confirm_pairs(candidate_pairs(bands), everything)
    story_of = {row["doc_id"]: row["story_id"] for row in group_stories(published, pairs)}
    sets = {name: shingles(text) for name, text in everything.items()}
    families: dict[str, list[str]] = defaultdict(list)
    for name, (original, _) in copies.items():
        families[original].append(name)
    planted, found, below = 0, 0, []
    for original, members in families.items():
        group = [original, *members]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if jaccard(sets[a], sets[b]) >= THRESHOLD:
                    planted += 1
                    found += story_of[a] == story_of[b]
    stories: dict[str, list[str]] = defaultdict(list)
    for name, story in story_of.items():
        stories[story].append(name)
    joined = 0
    for members in stories.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                joined += 1
                similarity = jaccard(sets[a], sets[b])
                if similarity < 0.6:
                    below.append((a, b, similarity))
    return {"documents": len(everything), "copies": len(copies), "planted_pairs": planted, "recall": found / planted if planted else 0.0,
            "joined_pairs": joined, "below_0.6": below, "stories": sum(len(m) > 1 for m in stories.values())}


def score_wire(corpus: Path, labelled: Path) -> dict:
    """The hand-labelled credits (a Wikinews article with a credit line put where the label says)
    and every Wikinews article as it is: none is wire copy, though 22 cite an agency."""
    texts = _texts(corpus)
    right, wrong = 0, []
    for name, where, line, expected in _rows(labelled):
        title, *body = _paragraphs(texts[name])
        text = "\n\n".join([title, line + " " + body[0], *body[1:]] if where == "dateline" else
                           [title, line, *body] if where == "head" else [title, *body, line])
        found = wire_agency(text) or "none"
        if found == expected:
            right += 1
        else:
            wrong.append((name, line, expected, found))
    false = [(name, wire_agency(text)) for name, text in texts.items() if wire_agency(text)]
    return {"labelled": len(_rows(labelled)), "right": right, "wrong": wrong, "articles": len(texts), "false_positives": false}


_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{40,400})[\"\u201d]")


def _variants(quote: str, rng: random.Random) -> list[str]:
    """How outlets print one quotation: curly marks as written, punctuation changed, a contiguous
    part of at least six words (trimmed at either end)."""
    words = quote.split()
    keep = max(6, len(words) * 2 // 3)
    first = rng.randrange(0, len(words) - keep + 1)
    trimmed = " ".join(words[first:first + keep]).strip(",;:")
    changed = re.sub(r"[,;:]", "", quote).replace("'", "\u2019").rstrip(".") + "!"
    return [f"\u201c{quote}\u201d", f"\"{changed}\"", f"\u2018{trimmed}\u2019"]


def plant_statements(texts: dict[str, str], n: int = 40) -> tuple[dict[str, str], dict[str, int]]:
    """Host texts with quotations planted (each of `n` quotations from the corpus, three ways, in
    three other articles, attributed to one made-up speaker per quotation), and host name ->
    quotation index for each plant (host names carry the index)."""
    rng = random.Random(SEED)
    found = []
    for name, text in texts.items():
        for match in _QUOTED.finditer(text):
            quote = match.group(1).strip()
            if len(quote.split()) >= 10 and not any(quote == other for _, other in found):
                found.append((name, quote))
    chosen = rng.sample(found, n)
    names = sorted(texts)
    hosts, planted = {}, {}
    for index, (source, quote) in enumerate(chosen):
        speaker = f"{_FIRST[index % len(_FIRST)]} {_LAST[index]}"
        for way, variant in enumerate(_variants(quote, rng)):
            host = rng.choice([name for name in names if name != source])
            title, *body = _paragraphs(texts[host])
            sentence = f"{variant.rstrip('.')} said {speaker}." if way != 1 else f"{speaker} said: {variant}"
            hosts[f"{host}#q{index}.{way}"] = "\n\n".join([title, body[0], sentence, *body[1:]])
            planted[f"{host}#q{index}.{way}"] = index
    return hosts, planted


_FIRST = ("Alex", "Robin", "Sam", "Jordan", "Morgan", "Casey", "Taylor", "Jamie")
_LAST = ("Abbott", "Barker", "Carver", "Dalton", "Eastwood", "Fairley", "Garner", "Hartley", "Ingram", "Jarvis", "Kendall", "Lowry",
         "Mercer", "Norris", "Oakley", "Parsons", "Quinlan", "Rowntree", "Sutton", "Thorne", "Underhill", "Vickers", "Walcott", "Yardley",
         "Ashdown", "Bramwell", "Cotterill", "Dunmore", "Elsworth", "Fenwick", "Gosling", "Hollis", "Ireton", "Jessop", "Kirkham",
         "Lockett", "Marlow", "Nettleton", "Orwin", "Pickering")


def _analyse_texts(texts: dict[str, str]) -> dict:
    """name -> Analysis of each text, with the whole pipeline."""
    from transforms.reading.articles import parse_article
    from transforms.quotes.parsing import load_parser
    from transforms.entities.recognition import DEFAULT_MODEL, load_model
    from transforms.tables import analyse

    articles = [parse_article(name, text.encode("utf-8")) for name, text in texts.items()]
    return {analysis.article.source_path: analysis for analysis in analyse(articles, load_model(DEFAULT_MODEL), load_parser(DEFAULT_MODEL))}


def score_statements(corpus: Path) -> dict:
    """Plant quotations, analyse the host articles with the whole pipeline, make statements of all
    their quotations: each quotation's plants should be one statement, and no statement should hold
    plants of two quotations."""
    from transforms.collection.statements import match_key, statements

    hosts, planted = plant_statements(_texts(corpus))
    occurrences = []
    for name, analysis in _analyse_texts(hosts).items():
        groups = defaultdict(list)
        for quote in analysis.quotes:
            if quote.kind != "scare":
                groups[quote.group].append(quote)
        for group, rows in groups.items():
            text = analysis.article.text
            first = rows[0]
            occurrences.append({
                "quote_group": f"{name}/{group}", "doc_id": name, "quote": " … ".join(text[row.start:row.end] for row in rows),
                "kind": first.kind, "speaker_name": next((row.speaker_name for row in rows if row.speaker_name), None),
                "speaker_entity_id": next((row.speaker_entity_id for row in rows if row.speaker_entity_id), None),
                "published_at": None, "outlet": name.split("#")[0],
            })
    _, links = statements(occurrences)
    statement_of = {link["quote_group"]: link["statement_id"] for link in links}
    by_doc: dict[str, list[str]] = defaultdict(list)
    for link in links:
        by_doc[link["doc_id"]].append(link["quote_group"])
    # A plant's occurrence: the longest quotation of its host whose words run unbroken through the
    # planted paragraph (a shared bag of common words could pick another quotation of the host).
    plant_statement: dict[str, str | None] = {}
    for name, index in planted.items():
        paragraph = f" {match_key(hosts[name].split(chr(10) * 2)[2])} "
        inside = [occ for occ in occurrences if occ["doc_id"] == name and len(match_key(occ["quote"]).split()) >= 6
                  and f" {match_key(occ['quote'])} " in paragraph]
        best = max(inside, key=lambda occ: len(occ["quote"]), default=None)
        plant_statement[name] = statement_of.get(best["quote_group"]) if best else None
    per_quote: dict[int, set] = defaultdict(set)
    for name, index in planted.items():
        per_quote[index].add(plant_statement[name])
    joined = sum(1 for name, index in planted.items() if plant_statement[name] is not None and len(per_quote[index]) == 1)
    mixed = defaultdict(set)
    for name, index in planted.items():
        if plant_statement[name] is not None:
            mixed[plant_statement[name]].add(index)
    return {"quotations": len(per_quote), "plants": len(planted), "joined": joined,
            "not_found": [name for name, statement in plant_statement.items() if statement is None],
            "split": [index for index, found in per_quote.items() if len(found) > 1],
            "mixed": [sorted(indexes) for indexes in mixed.values() if len(indexes) > 1]}
