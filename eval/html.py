"""HTML extraction scored as bag-of-tokens precision / recall / F1 against the expected article text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from transforms.reading.decoding import RejectedInput
from transforms.reading.html import extract_page

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter:
    return Counter(token.casefold() for token in _TOKEN.findall(text))


def prf(predicted: Counter, expected: Counter) -> tuple[float, float, float]:
    overlap = sum((predicted & expected).values())
    precision = overlap / max(1, sum(predicted.values()))
    recall = overlap / max(1, sum(expected.values()))
    return precision, recall, (2 * precision * recall / (precision + recall) if overlap else 0.0)


def visible_text(raw: bytes) -> str:
    """The text-only baseline: every text node of the page's body but scripts and styles."""
    import lxml.html

    root = lxml.html.fromstring(raw)
    for element in root.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    return root.text_content()


def score_pages(folder: Path) -> dict:
    """Macro-averaged P/R/F1 over the pages, for newslake and for the visible-text baseline."""
    rows = []
    for page in sorted(folder.glob("*.html")):
        raw = page.read_bytes()
        expected = tokens(page.with_suffix(".expected.txt").read_text(encoding="utf-8"))
        try:
            extracted = extract_page(raw).body
        except RejectedInput:
            extracted = ""
        rows.append({
            "page": page.stem,
            "newslake": prf(tokens(extracted), expected),
            "baseline": prf(tokens(visible_text(raw)), expected),
        })
    summary = {"pages": len(rows), "rows": rows}
    for system in ("newslake", "baseline"):
        summary[system] = tuple(sum(row[system][i] for row in rows) / max(1, len(rows)) for i in range(3))
    return summary
