"""Name keys: when two written names are one entity, and the stable id of that entity.

Its own module because the linking rules and the user's known-entities list (`transforms.entities.knowledge`)
must key names the same way, and neither may import the other for it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import Sequence

from transforms.rules import lines, word_list

_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def display_name(text: str) -> str:
    """A mention as a name: without a leading article or a possessive, white space folded."""
    name = " ".join(text.split())
    name = _LEADING_ARTICLE.sub("", name)
    name = POSSESSIVE.sub("", name).strip(" ,.;:-–—\"'“”‘’()")
    # `National Emergency Operation Centre (NEOC)`: the strip above leaves its bracket open
    opened = name.rfind("(")
    return name[:opened].rstrip() if opened > 0 and ")" not in name[opened:] else name


def without_title(name: str) -> str:
    """A person's name without the titles before it (`Sen. Jane Ortiz` -> `Jane Ortiz`); a title
    alone (`Mr.`) stays as it is."""
    words = name.split()
    kept = words
    while len(kept) > 1 and kept[0].lower().rstrip(".") in honorifics():
        kept = kept[1:]
    return " ".join(kept) if kept is not words else name


_TITLE_BEFORE = re.compile(r"([A-Za-z]+)(\.?)[ \t]+$")


def title_before(text: str, start: int) -> "re.Match | None":
    """The word written right before a name on its line (`Mrs Ellis`, `his wife Jane Ellis`), its
    group 1; a full stop only after an abbreviated honorific (`Mrs. Ellis`), since otherwise it ends
    the sentence before (`… lunch with his wife. Johnson then …`)."""
    match = _TITLE_BEFORE.search(text, max(0, start - 20), start)
    if match and match.group(2) and match.group(1).lower() not in honorifics():
        return None
    return match


_WORD = re.compile(r"[A-Za-z]+")


def gendered_titles(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(start, end, gender, kind) of the words that give the gender of the name at `start`-`end`:
    a title right before it or opening it (`Mrs Ellis`, `Congresswoman Pelosi`, `his wife Cherie`;
    honorifics and nouns of rules/gendered_words.tsv). Read by the gender evidence and by `he`/`she`."""
    words = gendered_words()
    before = title_before(text, start)
    first = _WORD.match(text, start, end)
    found = []
    for match, group in ((before, 1), (first if first and first.end() < end else None, 0)):
        if match and words.get(match.group(group).lower(), ("", ""))[1] in ("honorific", "noun"):
            gender, kind = words[match.group(group).lower()]
            found.append((match.start(group), match.end(group), gender, kind))
    return found


def unnamed_referents(text: str, people: Sequence[tuple[int, int]], start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(position, gender) of the gendered nouns between `start` and `end` that are no title of a
    named person (`people`: their spans) and no part of one ("his mother died.", "the male victim",
    "one of their daughters"): someone unnamed a pronoun nearby may stand for."""
    words = gendered_words()
    titles = {match.start(1) for person_start, _ in people if (match := title_before(text, person_start))}
    return [
        (match.start(), words[match.group().lower()][0])
        for match in _WORD.finditer(text, start, len(text) if end is None else end)
        if words.get(match.group().lower(), ("", ""))[1] in ("noun", "referent") and match.start() not in titles
        and not any(person_start <= match.start() < person_end for person_start, person_end in people)
    ]


@cache
def gendered_words() -> dict[str, tuple[str, str]]:
    """word -> (gender, kind) from rules/gendered_words.tsv."""
    return {word.lower(): (gender, kind) for word, gender, kind in (line.split("\t") for line in lines("gendered_words.tsv"))}


@cache
def honorifics() -> frozenset[str]:
    return word_list("honorifics.txt")


@cache
def office_words() -> frozenset[str]:
    """Role nouns and titles of office (`minister`, `spokesman`, `Sen.`): rules/speaker_roles.txt
    and the honorifics; a name holding one names a person's office, not an organisation."""
    return word_list("speaker_roles.txt") | honorifics()


def normalise(name: str) -> str:
    """The key two names must share to be one entity: Unicode form (NFC), case, articles, dots and
    apostrophes folded, and a company's legal form (`Chrysler Corp` is `Chrysler`, as newswire writes
    it the second time). The stored text keeps its own form."""
    name = unicodedata.normalize("NFC", display_name(name)).casefold().replace("’", "'")
    name = re.sub(r"\.(?=\w)|\.$", "", name)
    words = name.rsplit(" ", 1)
    if len(words) == 2 and words[1] in word_list("legal_forms.txt"):
        return words[0].rstrip(" ,&")  # `Apple, Inc`, `Merck & Co`
    return name


def entity_id(name: str, label: str) -> str:
    """Stable across runs and documents: a hash of the normalised name, whatever label a document
    gave it (the `entities` table takes the label most mentions in the corpus carry); a person's
    short given name counts as the full one ("Joe Biden" is "Joseph Biden"). Places linked to an
    identifier are keyed by it instead (`transforms.entities.linking`)."""
    key = normalise(name)
    if label == "PERSON" and " " in key:
        first, rest = key.split(" ", 1)
        key = f"{_nicknames().get(first, first)} {rest}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@cache
def _nicknames() -> dict[str, str]:
    return dict(line.split("\t") for line in lines("nicknames.tsv"))


def _variant_key(name: str) -> str:
    key = name.replace(".", "")
    return key if key.isupper() else key.casefold()


@cache
def _variants() -> dict[str, tuple[str, str]]:
    table = {}
    for line in lines("entity_variants.tsv"):
        variant, canonical, label = line.split("\t")
        table[_variant_key(variant)] = (canonical, label)
    return table


def variant_of(name: str) -> tuple[str, str] | None:
    """The canonical name and label of a common written variant ("USA", "U.S." -> "United States",
    GPE; `rules/entity_variants.tsv`), or None."""
    return _variants().get(_variant_key(name))
