"""Sentence-boundary quality on real news (GUM Wikinews paragraphs) and the pySBD golden rules.

Boundary F1 counts the sentence ends inside each paragraph (the paragraph's own end is not counted:
every splitter gets it for free). Golden rules: a case passes when the sentences match exactly.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from transforms.text.sentences import sentences


def _ends(text: str, parts: list[str]) -> set[int]:
    ends, position = set(), 0
    for part in parts:
        position = text.index(part, position) + len(part)
        ends.add(position)
    return ends - {len(text.rstrip())}


def score_news(path: Path) -> dict[str, float]:
    tp = fp = fn = 0
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        text = record["text"]
        gold = _ends(text, record["sentences"])
        predicted = {span.end for span in sentences(text)} - {len(text.rstrip())}
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score_golden_rules(path: Path) -> tuple[float, list[int]]:
    failed, total = [], 0
    for line in path.open(encoding="utf-8"):
        case = json.loads(line)
        total += 1
        got = [case["text"][span.start : span.end] for span in sentences(case["text"])]
        if got != [sentence.strip() for sentence in case["sentences"]]:
            failed.append(case["id"])
    return (total - len(failed)) / total, failed


def words_per_second(path: Path, repeat: int = 5) -> float:
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    n_words = sum(len(text.split()) for text in texts) * repeat
    started = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            sentences(text)
    return n_words / (time.perf_counter() - started)
