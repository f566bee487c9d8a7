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
A singular pronoun's antecedent is a clear mention: not joined to another name, not a short form
the linker gave to someone other than the first person introduced with it. Hand-checked on
Wikinews (eval/wikinews_genders.tsv, docs/measurements.md): 49 of 50 held-out pairs right.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from transforms.entities.names import gendered_titles, gendered_words, unnamed_referents
from transforms.schema import Gender

AGREEMENT = 0.75  # the share of a person's evidence that must agree
_WORD = re.compile(r"[A-Za-z]+")


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

    def is_quoted(position: int) -> bool:
        return any(q_start <= position < q_end for q_start, q_end in quoted)

    def gender(match: re.Match) -> str:
        return words[match.group().lower()][0]

    rows = _titles(doc_id, text, people)
    clear = _clear_mentions(text, people)
    referents = [(position, sex) for position, sex in unnamed_referents(text, [(person.start, person.end) for person in people]) if not is_quoted(position)]

    def referents_in(start: int, end: int) -> set[str]:
        return {sex for position, sex in referents if start <= position < end}

    ends = [end for _, end in sentences]
    person_ids = {person.entity_id for person in people}
    for quote in quotes:
        start = quote.get("speaker_start")
        entity_id = quote.get("speaker_entity_id")
        speaker = (quote.get("speaker") or "").strip().lower()
        if start is None or entity_id not in person_ids or words.get(speaker, ("", ""))[1] != "pronoun":
            continue
        # Kept only when the resolution is a likely antecedent: the nearest clear mention before the
        # pronoun in its paragraph (or before it, when the paragraph opens with the quotation the
        # pronoun is the speaker of: news style's next paragraph of a quote), or the first person named (most often the subject) in its
        # sentence before it, else in the sentence before; not a person named after it in its
        # sentence ("…, he told Wikinews": he is not Wikinews); and no unnamed someone of that gender
        # in between ("one of their daughters … She said").
        index = min(bisect.bisect_right(ends, start), len(ends) - 1) if ends else 0
        sentence_start, sentence_end = sentences[index] if sentences else (0, len(text))
        previous = sentences[index - 1] if index else (sentence_start, sentence_start)
        before = [person for person in clear if person.end <= start and not is_quoted(person.start)]
        paragraph = text.rfind("\n\n", 0, start) + 1
        opens_with_quote = not any(char.isalnum() for position, char in enumerate(text[paragraph:start], paragraph) if not is_quoted(position))
        nearest = before[-1].entity_id if before and ("\n\n" not in text[before[-1].end:start] or opens_with_quote) else None
        first = [person for person in before if person.start >= sentence_start] or [
            person for person in before if previous[0] <= person.start < previous[1]]
        likely = {nearest, first[0].entity_id if first else None} - {None}
        named_after = any(person.entity_id == entity_id and start < person.start < sentence_end and not is_quoted(person.start)
                          for person in people)
        someone = words[speaker][0] in referents_in(previous[0], start)
        if entity_id in likely and not named_after and not someone:
            rows.append(_row(doc_id, entity_id, words[speaker][0], "speaker_pronoun", text, start, start + len(speaker)))

    credited = {row["start_char"] for row in rows}
    previous_only: str | None = None
    carried: set[str] = set()  # genders someone other than a named person has in the previous sentence
    for start, end in sentences:
        named = [person for person in people if start <= person.start < end]
        only = named[0].entity_id if named and len({person.entity_id for person in named}) == 1 else None
        if only is not None and not all(person in clear for person in named):
            only = None  # "Billy Idol and Cat Stevens paid tribute … his death": not a singular antecedent
        found = [match for match in _WORD.finditer(text, start, end)
                 if words.get(match.group().lower(), ("", ""))[1] == "pronoun" and not is_quoted(match.start())]
        if only is not None:
            # A pronoun before the name is someone else's, and so may be the same pronoun after it;
            # an unnamed someone before a pronoun ("a mother … her own kids") may be its antecedent.
            rivals = carried | {gender(match) for match in found if match.start() < named[0].start}
            for match in found:
                if match.start() >= named[0].end and gender(match) not in rivals | referents_in(start, match.start()):
                    rows.append(_row(doc_id, only, gender(match), "pronoun", text, match.start(), match.end()))
                    credited.add(match.start())
        opening = _WORD.search(text, start, end)
        if previous_only is not None and not named and opening and opening.group() in ("He", "She"):
            if not is_quoted(opening.start()) and gender(opening) not in carried:
                rows.append(_row(doc_id, previous_only, gender(opening), "next_pronoun", text, opening.start(), opening.end()))
                credited.add(opening.start())
        others = referents_in(start, end)
        carried = others | {gender(match) for match in found if match.start() not in credited}
        previous_only = only if only is not None and not others else None
    seen, unique = set(), []
    for row in sorted(rows, key=lambda row: (row["start_char"], row["entity_id"])):
        if (row["entity_id"], row["start_char"]) not in seen:
            seen.add((row["entity_id"], row["start_char"]))
            unique.append(row)
    return unique


def _titles(doc_id: str, text: str, people: Sequence[Person]) -> list[dict]:
    """Evidence rows of the titles right before a name, or opening the mention itself."""
    return [
        _row(doc_id, person.entity_id, gender, kind, text, start, end)
        for person in people
        for start, end, gender, kind in gendered_titles(text, person.start, person.end)
    ]


_JOINED_AFTER = re.compile(r",?\s+(?:and|or|&)\s+[A-Z]")
_JOINED_BEFORE = re.compile(r"[A-Z][\w.'-]*,?\s+(?:and|or|&)\s+$")


def _clear_mentions(text: str, people: Sequence[Person]) -> list[Person]:
    """The mentions a singular pronoun may stand for: not joined to another name ("Billy Idol and
    Cat Stevens", "David and Louise Turpin"), and not a short form shared by several people's longer
    names unless it names the first of them introduced, whom news style calls by the short form (the
    others keep their full names): "Cummings" credited to Ruth Cummings, named after Robert
    Cummings, is the linker's guess."""
    written: dict[str, frozenset[str]] = {}  # one form per way a name is written (a document may name one person 45,000 times)
    forms = []
    for person in people:
        name = text[person.start : person.end]
        if name not in written:
            written[name] = frozenset(_WORD.findall(name))
        forms.append((person, written[name]))
    owner: dict[frozenset[str], str] = {}  # a form -> the entity first named with a longer name holding it
    shared: dict[frozenset[str], set[str]] = {}
    shorts = {form for _, form in forms}
    for person, form in forms:
        for short in shorts:
            if short < form:
                owner.setdefault(short, person.entity_id)
                shared.setdefault(short, set()).add(person.entity_id)
    clear = []
    for person, form in forms:
        sure = not (shared.get(form, set()) - {person.entity_id}) or owner[form] == person.entity_id
        joined = _JOINED_AFTER.match(text, person.end) or _JOINED_BEFORE.search(text, max(0, person.start - 40), person.start)
        if sure and not joined:
            clear.append(person)
    return clear


def person_genders(entity_ids: Iterable[str], evidence: Iterable[Mapping]) -> list[dict]:
    """The `person_genders` rows: for each person entity, the gender at least AGREEMENT of its
    evidence rows (in every document) give, else unknown. Rows: entity_id, gender, n_female,
    n_male, n_documents (with evidence), sorted by entity_id."""
    counts: dict[str, dict[str, int]] = {entity_id: {Gender.FEMALE: 0, Gender.MALE: 0} for entity_id in entity_ids}
    documents: dict[str, set[str]] = {}
    for row in evidence:
        if row["entity_id"] in counts:
            counts[row["entity_id"]][row["gender"]] += 1
            documents.setdefault(row["entity_id"], set()).add(row["doc_id"])
    rows = []
    for entity_id, count in sorted(counts.items()):
        total = count[Gender.FEMALE] + count[Gender.MALE]
        gender = next((name for name in (Gender.FEMALE, Gender.MALE) if total and count[name] / total >= AGREEMENT), Gender.UNKNOWN)
        rows.append({"entity_id": entity_id, "gender": gender, "n_female": count["female"], "n_male": count["male"],
                     "n_documents": len(documents.get(entity_id, ()))})
    return rows
