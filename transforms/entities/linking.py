"""One document's mentions, corrected and linked to their canonical entities.

A later short form ("Putin", "Biden") joins the full name it abbreviates, whatever label the model
gave it in that one place; places take their identifier in the context of the other places named;
the user's known entities take theirs. Canonical entities are keyed by normalised name and label
(`transforms.entities.names`), so ids are the same in every run and every document.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable

from transforms.entities.corrections import correct
from transforms.entities import PLACE_LABELS, Mention
from transforms.entities.knowledge import KnownEntities, link_known
from transforms.entities.names import display_name, entity_id, normalise, variant_of, without_title
from transforms.entities.places import resolve as resolve_place


def link_mentions(text: str, mentions: Iterable[Mention], skip: frozenset[str] = frozenset(), known: KnownEntities | None = None) -> list[Mention]:
    """Correct and canonicalise one document's mentions.

    Args:
        text: the document text the mentions index into.
        mentions: the model's mentions (see `transforms.entities.recognition.recognise`).
        skip: names of `transforms.entities.corrections.CORRECTIONS` to leave out (`make eval` measures each one's gain so).
        known: entities the user identifies (`transforms.entities.knowledge`); their ids win.

    Returns:
        Mentions in text order, each with `entity_id` and `entity_name` set.
    """
    linked = _link_places(_canonicalise(text, correct(text, mentions, skip)))
    return link_known(linked, known) if known is not None and known.entries else linked


def _canonicalise(text: str, mentions: list[Mention]) -> list[Mention]:
    # last token, or else first token -> indexes of multi-token persons ("Wang" of "Wang Donghai")
    full_names: dict[str, list[int]] = defaultdict(list)
    given_names: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        tokens = without_title(display_name(mention.text)).split()
        if mention.label == "PERSON" and len(tokens) > 1:
            full_names[tokens[-1]].append(index)
            given_names[tokens[0]].append(index)
    for name, indexes in given_names.items():
        full_names.setdefault(name, indexes)
    expansions = _acronym_expansions(text, mentions)
    headline = _headline_end(text)

    resolved: list[tuple[str, str]] = []  # (canonical display name, label) per mention
    for index, mention in enumerate(mentions):
        name = display_name(mention.text)
        label = mention.label
        if mention.label == "PERSON":
            name = without_title(name)  # `Ms Jones` links as `Jones`, `Mr. Boris Johnson` as `Boris Johnson`
        variant = variant_of(name)
        if variant:
            name, label = variant
        elif len(name.split()) == 1 and name in full_names and (label == "PERSON" or full_names[name][0] < index):
            # A surname the model labelled otherwise ("Biden" as GPE) joins a full name written
            # before it; news introduce people by full name first ("Linux" stays itself).
            full = _principal(mentions, full_names[name], index, headline)
            name, label = without_title(display_name(full.text)), "PERSON"
        elif name in expansions and _is_acronym(name):  # (`NIAID`, `TfL`)
            expanded = expansions[name]
            name, label = display_name(expanded.text), expanded.label
        resolved.append((name, label))

    # Within a document, forms that differ only by case or articles become the most complete form.
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for name, label in resolved:
        forms[(normalise(name), label)][name] += 1
    linked = []
    for mention, (name, label) in zip(mentions, resolved):
        canonical = _display_form(forms[(normalise(name), label)])
        linked.append(replace(mention, label=label, entity_id=entity_id(canonical, label), entity_name=canonical))
    return linked


def _link_places(mentions: list[Mention]) -> list[Mention]:
    """Places get their identifier, chosen in the context of the other places the document names,
    and the identifier becomes the entity: "Kiev" and "Kyiv" are one entity, Georgia the state and
    Georgia the country two."""
    names = sorted({mention.entity_name for mention in mentions if mention.label in PLACE_LABELS})
    alone = {name: place for name in names if (place := resolve_place(name)) is not None}
    places = {name: resolve_place(name, [place for other, place in alone.items() if other != name]) for name in names}
    linked = []
    for mention in mentions:
        place = places.get(mention.entity_name) if mention.label in PLACE_LABELS else None
        if place is not None:
            mention = replace(mention, entity_id=entity_id(f"{place.kb_source}:{place.kb_id}", mention.label), kb_id=place.kb_id, kb_source=place.kb_source)
        linked.append(mention)
    return linked


def _display_form(forms: Counter[str]) -> str:
    """The form most mentions carry, but not an all-caps one (a dateline, a headline) when the
    text also writes it otherwise."""
    return max(forms.items(), key=lambda item: (not item[0].isupper(), item[1]))[0]


def _principal(mentions: list[Mention], candidates: list[int], index: int, headline: int) -> Mention:
    """The person a bare surname stands for where the document names several with it: the one it
    introduced first (before `index` where any is). News name their main person first and give
    relatives and namesakes their first names (`Biden` after `Joe Biden … his son Hunter Biden`;
    read on the 61 such surnames of the Wikinews corpus and PolNeAR dev, where the nearest full name
    was wrong in most). A longer form that ends with another full name is that person (`Astronomer
    Anthony Boccaletti`, a title the model took in; `Vermont Bernie Sanders`, a place), named by the
    shorter form when that is written more often or what it leaves out is a place (not `Ann Jones`
    for `Mary Ann Jones`), anywhere in the document, headline included. A headline does not
    introduce anyone: the story does (`Jill Biden has surgery` over `President Joe Biden … Biden said`)."""
    before = [candidate for candidate in candidates if candidate < index] or candidates
    before = [candidate for candidate in before if mentions[candidate].start > headline] or before
    first = without_title(display_name(mentions[before[0]].text))
    named = {candidate: without_title(display_name(mentions[candidate].text)) for candidate in candidates}
    written = Counter(named.values())
    shorter = [
        candidate for candidate, name in named.items()
        if len(name.split()) > 1 and first.endswith(" " + name)
        and (written[name] > written[first] or _is_region(first[: -len(name)].strip()))
    ]
    return mentions[min(shorter, key=lambda candidate: len(named[candidate]))] if shorter else mentions[before[0]]


def _is_region(words: str) -> bool:
    """A country or a state (`Vermont`), not a town: towns share their names with people (`Mary`)."""
    place = resolve_place(words) if words else None
    return place is not None and place.kind in ("country", "state")


def _headline_end(text: str) -> int:
    """Where a headline ends: a short first line with no full stop (-1 when the text opens with a paragraph)."""
    end = text.find("\n")
    line = text[:end] if end > 0 else ""
    return end if line and len(line.split()) <= 20 and not line.rstrip().endswith(".") else -1


def _is_acronym(word: str) -> bool:
    """One word with two capitals or more: `NIAID`, `TfL`."""
    return " " not in word and sum(letter.isupper() for letter in word) >= 2


def _acronym_expansions(text: str, mentions: list[Mention]) -> dict[str, Mention]:
    """Acronyms defined in the text: "Federal Security Service (FSB)", or matching initials."""
    expansions: dict[str, Mention] = {}
    for mention in mentions:
        name = display_name(mention.text)
        words = name.split()
        if len(words) > 2:
            expansions.setdefault("".join(word[0] for word in words if word[0].isupper()), mention)
        defined = re.match(r"\s*\(([A-Z][A-Za-z0-9&]{1,7})\)", text[mention.end : mention.end + 12])
        if defined and len(words) > 1 and _is_acronym(defined.group(1)):
            expansions[defined.group(1)] = mention
    return expansions
