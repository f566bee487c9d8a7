"""Keyword index for ranked search over sentences and quotations (BM25), built by the pipeline.

DuckDB's `fts` extension is not in the duckdb 2.x wheel and cannot be installed offline, so newslake
writes its own postings: one row per (unit, term) in the per-document table `terms`, and the SQL
macro `search()` ranks them with BM25. Terms are lower-cased words with a light plural fold
("sanctions" and "sanction" match); `sql/search_term.sql` applies the same fold to queries, and a
test keeps the two in step.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Iterator

from transforms.rules import word_list

WORD = re.compile(r"\w+")


def fold(word: str) -> str:
    """Harman's S-stemmer: plurals to singular, nothing else (predictable for users)."""
    if len(word) > 4 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The indexed terms of a text, in order; stop words and one-letter words are left out."""
    stop = word_list("stopwords.txt")
    return [fold(word) for word in WORD.findall(text.lower()) if len(word) > 1 and word not in stop]


def postings(unit: str, doc_id: str, units: Iterable[tuple[str, str]]) -> Iterator[dict]:
    """Rows of the `terms` table for (unit_id, text) pairs of one document."""
    for unit_id, text in units:
        counts = Counter(terms(text))
        length = sum(counts.values())
        for term, tf in counts.items():
            yield {"doc_id": doc_id, "unit": unit, "unit_id": unit_id, "term": term, "tf": tf, "unit_length": length}
