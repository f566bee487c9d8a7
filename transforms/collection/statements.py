"""Statements: the same quotation reported by many documents, one row (what Quotebank does).

A quotation's match key is its words lower-cased, quote marks and apostrophes unified then dropped,
other punctuation removed (Quotebank's rule). Occurrences with the same key are one form: a key of
at least MIN_WORDS words is one form whoever it is attributed to (attribution is what outlets get
wrong; the speaker's share says how far they agree), a shorter key ("we will see") only within
one speaker. A form of at least MIN_WORDS words that is a contiguous part of a longer form by the
same speaker (any of its occurrences) joins the longest such form, and a statement keeps the longest form's text. No rule
joins forms that different speakers are given.

`statement_id` is a hash of the form of the statement's first-seen occurrence (earliest published,
then doc_id, then quote_group), so it does not change when a longer form arrives later: the
statement takes the longer text and keeps its id. When a new longer form joins two statements that
were apart, the one seen first keeps its id and the other's id is gone (its quotations point to the
survivor). When an occurrence published earlier than all others arrives late, the id becomes that
occurrence's form's. The result is a function of the set of occurrences, so an incremental update
equals a full rebuild.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Mapping

MIN_WORDS = 6
_APOSTROPHES = re.compile(r"['\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


def match_key(text: str) -> str:
    """Lower case, compatibility-normalised, apostrophes dropped ("don't" -> "dont"), every other
    punctuation mark a space, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", _APOSTROPHES.sub("", folded))).strip()


def speaker_key(row: Mapping) -> str | None:
    """Who an occurrence is attributed to, for comparing: the entity, else the name case-folded."""
    if row.get("speaker_entity_id"):
        return "entity:" + row["speaker_entity_id"]
    if row.get("speaker_name"):
        return "name:" + row["speaker_name"].casefold()
    return None


@dataclass
class _Form:
    key: str
    speaker_part: str  # "" for a key long enough to join whoever it is given to
    occurrences: list[Mapping] = field(default_factory=list)

    @property
    def words(self) -> int:
        return self.key.count(" ") + 1

    @property
    def speaker(self) -> str | None:
        return _majority([speaker_key(row) for row in self.occurrences])

    @property
    def speakers(self) -> set[str]:
        """Everyone the form is attributed to: a part joins a longer form any of its occurrences gives
        to the part's speaker, even where outlets disagree about who said the longer one."""
        return {key for row in self.occurrences if (key := speaker_key(row)) is not None}


def _majority(values: list) -> object | None:
    """The most common non-null value; ties go to the one met first."""
    counts = Counter(value for value in values if value is not None)
    return max(counts, key=lambda value: (counts[value], -values.index(value))) if counts else None


def _seen(row: Mapping) -> tuple:
    published: datetime | None = row.get("published_at")
    return (published is None, published.timestamp() if published else 0.0, row["doc_id"], row["quote_group"])


def _id(form: _Form) -> str:
    return "st" + hashlib.sha256(f"{form.key}\x1f{form.speaker_part}".encode()).hexdigest()[:16]


def _grams(key: str) -> set[str]:
    words = key.split(" ")
    return {" ".join(words[i:i + MIN_WORDS]) for i in range(len(words) - MIN_WORDS + 1)}


def _spread(rows: list[Mapping]) -> dict[str, list]:
    """The outlets that carried a statement in the order they first did (undated last, then by
    name), with when: kept with the statement so statement_spread reads no document."""
    first: dict[str, datetime | None] = {}
    for row in rows:
        outlet, published = row.get("outlet"), row.get("published_at")
        if outlet is not None and (outlet not in first or (published is not None and (first[outlet] is None or published < first[outlet]))):
            first[outlet] = published
    ordered = sorted(first.items(), key=lambda item: (item[1] is None, item[1].timestamp() if item[1] else 0.0, item[0]))
    return {"outlets": [outlet for outlet, _ in ordered], "outlets_first_seen_at": [seen for _, seen in ordered]}


def statements(occurrences: Iterable[Mapping]) -> tuple[list[dict], list[dict]]:
    """Statements of a collection's quotations.

    Args:
        occurrences: one mapping per quotation: quote_group, doc_id, quote (the words), kind,
            speaker_name, speaker_entity_id (either may be None), published_at (datetime or None),
            outlet (or None). A quotation with no word is left out.

    Returns:
        (`statements` rows sorted by statement_id, `statement_quotations` rows sorted by
        quote_group): see transforms.schema.COLLECTION_TABLES for their columns.
    """
    forms: dict[tuple[str, str], _Form] = {}
    for row in occurrences:
        key = match_key(row["quote"] or "")
        if not key:
            continue
        part = "" if key.count(" ") + 1 >= MIN_WORDS else (speaker_key(row) or "")
        forms.setdefault((key, part), _Form(key, part)).occurrences.append(row)
    roots: list[_Form] = []
    by_gram: dict[str, list[int]] = {}
    owner: dict[int, int] = {}  # id(form) -> index of its root in roots
    for form in sorted(forms.values(), key=lambda form: (-form.words, form.key, form.speaker_part)):
        container = None
        if form.words >= MIN_WORDS and form.speaker is not None:
            first = " ".join(form.key.split(" ")[:MIN_WORDS])
            padded = f" {form.key} "
            for index in by_gram.get(first, []):
                root = roots[index]
                if root.words > form.words and form.speaker in root.speakers and padded in f" {root.key} ":
                    container = index
                    break  # roots are met longest first
        if container is None:
            container = len(roots)
            roots.append(form)
            for gram in _grams(form.key) if form.words >= MIN_WORDS else ():
                by_gram.setdefault(gram, []).append(container)
        owner[id(form)] = container
    members: dict[int, list[_Form]] = {}
    for form in forms.values():
        members.setdefault(owner[id(form)], []).append(form)
    statement_rows, links = [], []
    for index, group in members.items():
        rows = sorted((row for form in group for row in form.occurrences), key=_seen)
        first_form = next(form for form in group if any(row is rows[0] for row in form.occurrences))
        statement_id = _id(first_form)
        longest = roots[index]
        longest_rows = sorted(longest.occurrences, key=_seen)
        speakers = [speaker_key(row) for row in rows]
        speaker = _majority(speakers)
        agreeing = [row for row, key in zip(rows, speakers) if key == speaker and speaker is not None]
        outlets = [row.get("outlet") for row in rows if row.get("outlet")]
        last = [row for row in rows if row.get("published_at")][-1:] or rows[-1:]
        statement_rows.append({
            "statement_id": statement_id,
            "text": longest_rows[0]["quote"],
            "match_key": longest.key,
            "n_words": longest.words,
            "speaker": _majority([row.get("speaker_name") for row in agreeing]),
            "speaker_entity_id": _majority([row.get("speaker_entity_id") for row in agreeing]),
            "speaker_share": round(len(agreeing) / len(rows), 6),
            "kind": _majority([row.get("kind") for row in rows]),
            "first_seen_at": rows[0].get("published_at"),
            "first_doc_id": rows[0]["doc_id"],
            "first_outlet": rows[0].get("outlet"),
            "last_seen_at": last[0].get("published_at"),
            "last_doc_id": last[0]["doc_id"],
            "n_occurrences": len(rows),
            "n_documents": len({row["doc_id"] for row in rows}),
            "n_outlets": len(set(outlets)),
            "n_forms": len(group),
            **_spread(rows),
        })
        links.extend({"quote_group": row["quote_group"], "doc_id": row["doc_id"], "statement_id": statement_id, "match_key": form.key}
                     for form in group for row in form.occurrences)
    return sorted(statement_rows, key=lambda row: row["statement_id"]), sorted(links, key=lambda row: row["quote_group"])
