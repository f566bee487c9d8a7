"""Language identification scored on real paragraphs: German, French, Spanish and Russian from the
Universal Dependencies dev treebanks (`../shared/eval/lang/`), English from the Wikinews corpus
(the body of every tenth article, its paragraphs joined to the same length)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from transforms.text.language import identify

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PARAGRAPH_CHARACTERS = 450  # the shortest UD paragraph is 458 characters


def paragraphs(ud_file: Path, wikinews: Path) -> list[dict]:
    """Every UD paragraph, and one English paragraph per tenth Wikinews article (title and
    dateline left out)."""
    rows = [json.loads(line) for line in ud_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted(wikinews.glob("*.txt"))[::10]:
        body = [part.strip() for part in path.read_text(encoding="utf-8").split("\n\n") if part.strip()][2:]
        text = ""
        for part in body:
            text = f"{text} {part}".strip()
            if len(text) >= _PARAGRAPH_CHARACTERS:
                break
        rows.append({"id": path.stem[:10], "language": "en", "text": text})
    return rows


def score(rows: list[dict]) -> dict:
    """Accuracy on the paragraphs and on their first sentences alone, with the confusions
    (gold, found) -> count."""
    result = {}
    for name, texts in (("paragraphs", [row["text"] for row in rows]), ("first sentences", [_SENTENCE_END.split(row["text"])[0] for row in rows])):
        found = [identify(text)[0] for text in texts]
        confusions = Counter((row["language"], code) for row, code in zip(rows, found) if code != row["language"])
        per_language = Counter(row["language"] for row in rows)
        right = Counter(row["language"] for row, code in zip(rows, found) if code == row["language"])
        result[name] = {
            "accuracy": sum(right.values()) / len(rows), "n": len(rows), "confusions": dict(confusions),
            "per_language": {code: (right[code], total) for code, total in sorted(per_language.items())},
        }
    return result
