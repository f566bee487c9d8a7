"""Gender of the people a document names, from the document's own words only: a title right before
the name ("Mrs Ellis", "Congresswoman Ellis", "his wife Jane Ellis") and the pronouns it uses for
the person ("…," she said; "Ellis said her …"). Never a list of first names (their licences, and
the bias of guessing). A person with no evidence, or evidence that disagrees, is `unknown`; the
evidence is kept as rows so every answer can be checked.

Pronoun rules, each conservative, since a wrong antecedent is a wrong answer:
- speaker_pronoun: a quotation whose speaker is written "he"/"she" and resolved to the person
  (by transforms.quotes), when that person is a likely antecedent: the nearest person named before
  the pronoun, or the first named in its sentence before it (else in the sentence before), and not
  named after it in its sentence ("…, he told Wikinews": he is not Wikinews);
- pronoun: a gendered pronoun after the person's mention in a sentence that names no other person;
- next_pronoun: a sentence opening with "He"/"She" right after a sentence whose only person it is.
A pronoun of the sentence before the name ("She would later say her union with Cooper …"), a
gendered someone without a name in the sentence before ("the male victim") and a pronoun of the
sentence before that no rule gave anyone are someone else: the pronoun and next_pronoun rules leave
that gender alone. Pronouns inside quoted words are never read: a speaker's "she" is someone else.
Hand-checked on Wikinews (eval/wikinews_genders.tsv), these guards took the errors from 5 of 50 to 0.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Mapping, Sequence

from transforms.rules import lines

GENDERS = ("female", "male", "unknown")
EVIDENCE_KINDS = ("honorific", "noun", "speaker_pronoun", "pronoun", "next_pronoun")
AGREEMENT = 0.75  # the share of a person's evidence that must agree
_WORD = re.compile(r"[A-Za-z]+")
_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


@cache
def gendered_words() -> dict[str, tuple[str, str]]:
    """word -> (gender, kind) from rules/gendered_words.tsv."""
    table = {}
    for line in lines("gendered_words.tsv"):
        word, gender, kind = line.split("\t")
        table[word.lower()] = (gender, kind)
    return table


@dataclass(frozen=True)
class Person:
    """A PERSON mention: where it is and the canonical entity it names."""

    start: int
    end: int
    entity_id: str


def _row(doc_id: str, entity_id: str, gender: str, kind: str, text: str, start: int, end: int) -> dict:
    return {"doc_id": doc_id, "entity_id": entity_id, "gender": gender, "kind": kind, "cue": text[start:end], "start_char": start, "end_char": end}


def gender_evidence(
    doc_id: str, text: str, people: Sequence[Person], sentences: Sequence[tuple[int, int]],
    quotes: Iterable[Mapping] = (),
) -> list[dict]:
    """The `gender_evidence` rows of one document.

    Args:
        doc_id: the document.
        text: its text (all offsets index it).
        people: its PERSON mentions with their entity ids.
        sentences: (start_char, end_char) of each sentence, in order.
        quotes: its quote rows (`quotes` table columns kind, start_char, end_char, speaker,
            speaker_start, speaker_entity_id): direct and scare pieces hide their words from the
            pronoun rules; a speaker written "he"/"she" and resolved to a person is evidence.

    Returns:
        Rows doc_id, entity_id, gender, kind, cue (the word), start_char, end_char, in text order.
    """
    words = gendered_words()
    quotes = list(quotes)
    quoted = [(q["start_char"], q["end_char"]) for q in quotes if q["kind"] in ("direct", "scare")]
    person_ids = {person.entity_id for person in people}
    rows = []
    for person in people:  # a title right before the name, or opening the mention itself
        before = _BEFORE.search(text, max(0, person.start - 20), person.start)
        first = _WORD.match(text, person.start, person.end)
        for match in (before, first if first and first.end() < person.end else None):
            if match and words.get(match.group(1 if match is before else 0).lower(), ("", ""))[1] in ("honorific", "noun"):
                group = 1 if match is before else 0
                gender, kind = words[match.group(group).lower()]
                rows.append(_row(doc_id, person.entity_id, gender, kind, text, match.start(group), match.end(group)))

    def is_quoted(position: int) -> bool:
        return any(q_start <= position < q_end for q_start, q_end in quoted)

    unquoted = [person for person in people if not is_quoted(person.start)]
    ends = [end for _, end in sentences]
    for quote in quotes:
        start = quote.get("speaker_start")
        entity_id = quote.get("speaker_entity_id")
        speaker = (quote.get("speaker") or "").strip().lower()
        if start is not None and entity_id in person_ids and words.get(speaker, ("", ""))[1] == "pronoun":
            # Kept only when the resolution is a likely antecedent: the nearest person named before
            # the pronoun, or the first named (most often the subject) in its sentence before it, else
            # in the sentence before; and not a person named after it in its sentence ("…, he told
            # Wikinews": he is not Wikinews).
            index = min(bisect.bisect_right(ends, start), len(ends) - 1) if ends else 0
            sentence_start, sentence_end = sentences[index] if sentences else (0, len(text))
            before = [person for person in unquoted if person.end <= start]
            here = [person for person in before if person.start >= sentence_start]
            previous = sentences[index - 1] if index else (0, 0)
            first = here or [person for person in before if previous[0] <= person.start < previous[1]]
            likely = {before[-1].entity_id, first[0].entity_id} if first else {before[-1].entity_id} if before else set()
            named_after = any(person.entity_id == entity_id and start < person.start < sentence_end for person in unquoted)
            if entity_id in likely and not named_after:
                rows.append(_row(doc_id, entity_id, words[speaker][0], "speaker_pronoun", text, start, start + len(speaker)))

    def pronouns(start: int, end: int) -> list[re.Match]:
        return [
            match for match in _WORD.finditer(text, start, end)
            if words.get(match.group().lower(), ("", ""))[1] == "pronoun" and not is_quoted(match.start())
        ]

    def gender(match: re.Match) -> str:
        return words[match.group().lower()][0]

    credited = {row["start_char"] for row in rows}
    previous_only: str | None = None
    carried: set[str] = set()  # genders someone other than a named person has in the previous sentence
    for start, end in sentences:
        named = [person for person in people if start <= person.start < end]
        only = named[0].entity_id if named and len({person.entity_id for person in named}) == 1 else None
        found = pronouns(start, end)
        if only is not None:
            # A pronoun before the name is someone else's, and so may be the same pronoun after it.
            rivals = carried | {gender(match) for match in found if match.start() < named[0].start}
            for match in found:
                if match.start() >= named[0].end and gender(match) not in rivals:
                    rows.append(_row(doc_id, only, gender(match), "pronoun", text, match.start(), match.end()))
                    credited.add(match.start())
        opening = _WORD.search(text, start, end)
        if previous_only is not None and not named and opening and opening.group() in ("He", "She"):
            if not is_quoted(opening.start()) and gender(opening) not in carried:
                rows.append(_row(doc_id, previous_only, gender(opening), "next_pronoun", text, opening.start(), opening.end()))
                credited.add(opening.start())
        others = _other_referents(text, start, end, named)
        carried = others | {gender(match) for match in found if match.start() not in credited}
        previous_only = only if only is not None and not others else None
    seen, unique = set(), []
    for row in sorted(rows, key=lambda row: (row["start_char"], row["entity_id"])):
        if (row["entity_id"], row["start_char"]) not in seen:
            seen.add((row["entity_id"], row["start_char"]))
            unique.append(row)
    return unique


def _other_referents(text: str, start: int, end: int, named: list[Person]) -> set[str]:
    """The genders of the gendered nouns of a sentence that are not a title of its people ("his
    mother died.", "the male victim"): a pronoun of the next sentence may be that other person."""
    titles = {match.start() for person in named if (match := _BEFORE.search(text, max(0, person.start - 20), person.start))}
    words = gendered_words()
    return {
        words[match.group().lower()][0]
        for match in _WORD.finditer(text, start, end)
        if words.get(match.group().lower(), ("", ""))[1] in ("noun", "referent") and match.start() not in titles
        and not any(person.start <= match.start() < person.end for person in named)
    }


def person_genders(entity_ids: Iterable[str], evidence: Iterable[Mapping]) -> list[dict]:
    """The `person_genders` rows: for each person entity, the gender at least AGREEMENT of its
    evidence rows (in every document) give, else unknown. Rows: entity_id, gender, n_female,
    n_male, n_documents (with evidence), sorted by entity_id."""
    counts: dict[str, dict[str, int]] = {entity_id: {"female": 0, "male": 0} for entity_id in entity_ids}
    documents: dict[str, set[str]] = {}
    for row in evidence:
        if row["entity_id"] in counts:
            counts[row["entity_id"]][row["gender"]] += 1
            documents.setdefault(row["entity_id"], set()).add(row["doc_id"])
    rows = []
    for entity_id, count in sorted(counts.items()):
        total = count["female"] + count["male"]
        gender = next((name for name in ("female", "male") if total and count[name] / total >= AGREEMENT), "unknown")
        rows.append({"entity_id": entity_id, "gender": gender, "n_female": count["female"], "n_male": count["male"],
                     "n_documents": len(documents.get(entity_id, ()))})
    return rows
