"""Direct-quote and speaker quality on PolNeAR (US political news with gold attributions).

The rule, as the quotes issue states it, counting only letters and digits:
- a predicted direct quote is correct if >= 50 % of its characters lie inside one gold quote of type
  `direct` or `mixed`; precision = correct / predicted;
- a gold `direct` quote is found if the correct predictions matched to it cover >= 50 % of it;
  recall = found / gold direct;
- the speaker is right if the predicted speaker span overlaps the gold speaker span; end-to-end
  precision and recall count only quotes whose speaker is also right.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from transforms.articles import parse_article
from transforms.entities import load_model
from transforms.tables import Analysis, analyse


def _alnum(text: str, spans) -> set[int]:
    return {i for start, end in spans for i in range(start, end) if text[i].isalnum()}


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    precision = tp_p / n_pred if n_pred else 0.0
    recall = tp_r / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def analyse_polnear(path: Path, model: str | None = None) -> list[tuple[dict, Analysis]]:
    """Every PolNeAR article ingested as a document, paired with its gold record."""
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    articles = [parse_article(record["doc_id"], record["text"].encode("utf-8")) for record in records]
    return list(zip(records, analyse(articles, load_model(model) if model else load_model())))


_QUOTE_MARKS = re.compile(r"[“”\"]")
_QUOTE_MARKS_AND_TWO_APOSTROPHES = re.compile(r"''|[“”\"]")


def quoted_fraction(text: str, spans, marks: re.Pattern = _QUOTE_MARKS) -> float:
    """PolNeAR's typing rule, re-implemented: the share of an attribution's letters and digits that
    lie between two marks of one paragraph (marks alternate open, close)."""
    chars = _alnum(text, spans)
    if not chars:
        return 0.0
    lo, hi = min(chars), max(chars)
    paragraph_start = text.rfind("\n", 0, lo) + 1
    paragraph_end = text.find("\n", hi)
    inside: set[int] = set()
    opened = None
    for mark in marks.finditer(text, paragraph_start, len(text) if paragraph_end == -1 else paragraph_end):
        if opened is None:
            opened = mark.end()
        else:
            inside.update(range(opened, mark.start()))
            opened = None
    return len(chars & inside) / len(chars)


def type_of(fraction: float) -> str:
    return "direct" if fraction >= 0.95 else "mixed" if fraction > 0 else "indirect"


def retyping_agreement(records: list[dict]) -> float:
    """How often the re-implemented rule gives the published type, on the articles without ''."""
    checked = [
        type_of(quoted_fraction(record["text"], gold["quote_spans"])) == gold["type"]
        for record in records
        if "''" not in record["text"]
        for gold in record["quotes"]
        if _alnum(record["text"], gold["quote_spans"])
    ]
    return sum(checked) / len(checked)


def with_two_apostrophes_retyped(pairs: list[tuple[dict, Analysis]]) -> list[tuple[dict, Analysis]]:
    """PolNeAR types every attribution in the articles quoting with '' … '' as `indirect`: its
    quoted-fraction rule does not count '' as a mark. Those articles' attributions are typed again
    by the same rule with '' counted; the other articles keep their published types."""
    retyped = []
    for record, analysis in pairs:
        text = record["text"]
        if "''" in text:
            quotes = [
                {**gold, "type": type_of(quoted_fraction(text, gold["quote_spans"], _QUOTE_MARKS_AND_TWO_APOSTROPHES))}
                if _alnum(text, gold["quote_spans"]) else gold
                for gold in record["quotes"]
            ]
            record = {**record, "quotes": quotes}
        retyped.append((record, analysis))
    return retyped


def two_apostrophe_evidence(pairs: list[tuple[dict, Analysis]]) -> dict:
    """In the articles quoting with '' … '': our direct quotes, how many lie inside a gold
    attribution typed `indirect`, and how many gold direct quotes there are at all."""
    found = {"articles": 0, "predicted": 0, "inside_indirect": 0, "gold_direct": 0}
    for record, analysis in pairs:
        if "''" not in record["text"]:
            continue
        found["articles"] += 1
        found["gold_direct"] += sum(gold["type"] == "direct" for gold in record["quotes"])
        for quote in analysis.quotes:
            if quote.kind == "direct":
                found["predicted"] += 1
                found["inside_indirect"] += any(
                    gold["type"] == "indirect" and gold["quote_start"] <= quote.start and quote.end <= gold["quote_end"] + 2
                    for gold in record["quotes"]
                )
    return found


def score(pairs: list[tuple[dict, Analysis]]) -> dict:
    n_pred = correct = correct_e2e = n_gold = found = found_e2e = 0
    errors = []
    for record, analysis in pairs:
        text = record["text"]
        golds = [quote for quote in record["quotes"] if quote["type"] in ("direct", "mixed")]
        gold_chars = [_alnum(text, quote["quote_spans"]) for quote in golds]
        covered = defaultdict(set)
        covered_e2e = defaultdict(set)
        for quote in analysis.quotes:
            if quote.kind != "direct":
                continue
            n_pred += 1
            chars = _alnum(text, [(quote.start, quote.end)])
            if not chars:
                continue
            overlaps = [len(chars & gold) for gold in gold_chars]
            best = max(range(len(golds)), key=overlaps.__getitem__, default=None)
            if best is None or overlaps[best] < 0.5 * len(chars):
                errors.append(("FP", record["doc_id"], text[quote.start : quote.end][:90]))
                continue
            correct += 1
            covered[best] |= chars & gold_chars[best]
            spans = golds[best].get("speaker_spans") or []
            right = quote.speaker_start is not None and any(
                quote.speaker_start < end and start < quote.speaker_end for start, end in spans
            )
            if right:
                correct_e2e += 1
                covered_e2e[best] |= chars & gold_chars[best]
            else:
                errors.append(("SPK", record["doc_id"], f"{quote.speaker_text(text)!r} vs {golds[best]['speaker']!r}: {text[quote.start:quote.end][:60]}"))
        for index, gold in enumerate(golds):
            if gold["type"] != "direct" or not gold_chars[index]:
                continue
            n_gold += 1
            if len(covered[index]) >= 0.5 * len(gold_chars[index]):
                found += 1
            else:
                errors.append(("FN", record["doc_id"], gold["quote"][:90]))
            if len(covered_e2e[index]) >= 0.5 * len(gold_chars[index]):
                found_e2e += 1
    return {
        "articles": len(pairs),
        "predicted": n_pred,
        "gold_direct": n_gold,
        "quotes": _prf(correct, n_pred, found, n_gold),
        "end_to_end": _prf(correct_e2e, n_pred, found_e2e, n_gold),
        "speaker_accuracy": correct_e2e / correct if correct else 0.0,
        "errors": errors,
    }
