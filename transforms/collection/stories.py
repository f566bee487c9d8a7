"""Stories: documents that are near-copies of each other (the same wire story carried by many
outlets, an article updated), grouped with MinHash LSH (datasketch) on 5-word shingles.

The index is kept as rows, so a lake can grow without rebuilding it: each document gives one
`story_bands` row per LSH band (`band_rows`); a new document's candidates are the documents that
share a (band, band_key) with it, one join in DuckDB. Candidates are confirmed by the Jaccard
similarity of their shingle sets (`confirm_pairs`: exact from the texts; `estimate_jaccard` from the
signatures when the texts are not at hand), and each document joins the story of the
first-published original it is paired with (`group_stories`). A story's id is its original's doc_id.
The grouping is a function of the set of documents and pairs: adding documents in any order gives
what a full rebuild gives. When a document published earlier than a story's original arrives later,
it becomes the original and the story's id moves to it; to update, regroup the documents connected
to the new ones through story_pairs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Iterable, Mapping, Sequence

import numpy as np

SHINGLE_WORDS = 5
THRESHOLD = 0.8
NUM_PERM = 128
SEED = 1
# LSH bands are chosen for THRESHOLD with false negatives weighted up (18 bands of 7 rows at 0.8:
# a pair at Jaccard 0.8 is a candidate with probability 0.986): a missed pair is lost for
# good, while a false candidate costs one exact comparison (confirm_pairs).
FALSE_NEGATIVE_WEIGHT = 0.99

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The text's case-folded word `size`-grams; a text shorter than that is one shingle of all its
    words (so two short identical texts still match)."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 for two empty sets)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class LshParams:
    """How many bands of how many rows a signature is cut into."""

    num_perm: int
    bands: int
    rows: int


@cache
def lsh_params(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> LshParams:
    """datasketch's choice of bands and rows for `threshold` (MinHashLSH weighs false positives
    against false negatives by integrating the S-curve)."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(1 - FALSE_NEGATIVE_WEIGHT, FALSE_NEGATIVE_WEIGHT))
    return LshParams(num_perm, index.b, index.r)


def load_minhash() -> None:
    """Import datasketch and choose the bands now, ahead of the first signature (its package imports
    SciPy for the choice: 0.4 s of processor time)."""
    lsh_params()


def signature(text: str, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """The MinHash signature (datasketch, `num_perm` uint32 values) of the text's shingles; the
    same text gives the same signature in every process."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=num_perm, seed=seed)
    minhash.update_batch([shingle.encode("utf-8") for shingle in sorted(shingles(text))])
    return minhash.digest()


def estimate_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard similarity two signatures estimate (the share of equal values)."""
    first, second = np.asarray(a), np.asarray(b)
    if len(first) != len(second):
        raise ValueError(f"signatures of different lengths ({len(first)} and {len(second)}) cannot be compared")
    return float(np.count_nonzero(first == second)) / len(first)


def band_keys(values: Sequence[int], params: LshParams) -> list[int]:
    """One key per band: the first 8 bytes of the BLAKE2b digest of the band's values, as a signed
    64-bit integer (a BIGINT column, cheap to join)."""
    array = np.asarray(values, dtype=np.uint32)
    if len(array) != params.num_perm:
        raise ValueError(f"a signature of {len(array)} values does not fit {params.num_perm} permutations")
    keys = []
    for band in range(params.bands):
        part = array[band * params.rows:(band + 1) * params.rows].astype("<u4").tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(part, digest_size=8).digest(), "little", signed=True))
    return keys


def band_rows(doc_id: str, text: str, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> list[dict]:
    """The `story_bands` rows of one document: (doc_id, band, band_key). A text with no word gives
    none: it is like nothing."""
    if not shingles(text):
        return []
    params = lsh_params(threshold, num_perm)
    return [{"doc_id": doc_id, "band": band, "band_key": key} for band, key in enumerate(band_keys(signature(text, num_perm), params))]


def candidate_pairs(rows: Iterable[Mapping]) -> set[tuple[str, str]]:
    """Pairs (a < b) of documents sharing a band key: what the DuckDB self-join
    `on a.band = b.band and a.band_key = b.band_key and a.doc_id < b.doc_id` gives."""
    buckets: dict[tuple[int, int], list[str]] = {}
    for row in rows:
        buckets.setdefault((row["band"], row["band_key"]), []).append(row["doc_id"])
    pairs = set()
    for members in buckets.values():
        unique = sorted(set(members))
        pairs.update((a, b) for i, a in enumerate(unique) for b in unique[i + 1:])
    return pairs


def confirm_pairs(pairs: Iterable[tuple[str, str]], texts: Mapping[str, str], threshold: float = THRESHOLD) -> list[dict]:
    """The `story_pairs` rows: candidate pairs whose shingle sets' exact Jaccard similarity reaches
    `threshold`, as (doc_id_a, doc_id_b, jaccard) with doc_id_a < doc_id_b, sorted."""
    sets: dict[str, set[str]] = {}

    def shingled(doc_id: str) -> set[str]:
        if doc_id not in sets:
            sets[doc_id] = shingles(texts[doc_id])
        return sets[doc_id]

    rows = []
    for a, b in sorted({tuple(sorted(pair)) for pair in pairs}):
        similarity = jaccard(shingled(a), shingled(b))
        if similarity >= threshold:
            rows.append({"doc_id_a": a, "doc_id_b": b, "jaccard": round(similarity, 6)})
    return rows


def group_stories(published: Mapping[str, datetime | None], pairs: Iterable[Mapping]) -> list[dict]:
    """The `document_stories` rows: every document of `published` (doc_id -> publication time)
    with its story.

    Documents are taken in publication order (a document with no time after those with one; ties
    by doc_id). Each joins the story of the first-published original it is paired with, else it is
    the original of a story of its own; its story's id is the original's doc_id. Every member is
    thus within the threshold of its original, and since Jaccard distance is a metric, any two
    members of a story at 0.8 share at least 0.6 (single linkage would chain near-copies of
    near-copies into stories whose ends have little in common). A function of the documents and
    pairs: the same in any order, so an incremental update equals a full rebuild.

    Returns:
        One row per document, sorted by doc_id: doc_id, story_id, is_original, n_documents (in the
        story).
    """
    linked: dict[str, set[str]] = {doc_id: set() for doc_id in published}
    for pair in pairs:
        a, b = pair["doc_id_a"], pair["doc_id_b"]
        if a not in linked or b not in linked:
            raise ValueError(f"pair ({a}, {b}) names a document that is not in the collection")
        linked[a].add(b)
        linked[b].add(a)
    order = sorted(published, key=lambda doc_id: _first(published[doc_id], doc_id))
    rank = {doc_id: index for index, doc_id in enumerate(order)}
    story: dict[str, str] = {}
    for doc_id in order:
        originals = [other for other in linked[doc_id] if rank[other] < rank[doc_id] and story[other] == other]
        story[doc_id] = min(originals, key=rank.__getitem__) if originals else doc_id
    sizes: dict[str, int] = {}
    for original in story.values():
        sizes[original] = sizes.get(original, 0) + 1
    return [
        {"doc_id": doc_id, "story_id": story[doc_id], "is_original": story[doc_id] == doc_id, "n_documents": sizes[story[doc_id]]}
        for doc_id in sorted(story)
    ]


def _first(published_at: datetime | None, doc_id: str) -> tuple:
    return (published_at is None, published_at.timestamp() if published_at else 0.0, doc_id)


def stories(texts: Mapping[str, str], published: Mapping[str, datetime | None], threshold: float = THRESHOLD) -> tuple[list[dict], list[dict], list[dict]]:
    """All three tables of a set of documents at once (a full rebuild): band rows, confirmed pairs
    and each document's story."""
    bands = [row for doc_id in sorted(texts) for row in band_rows(doc_id, texts[doc_id], threshold)]
    pairs = confirm_pairs(candidate_pairs(bands), texts, threshold)
    return bands, pairs, group_stories(published, pairs)
