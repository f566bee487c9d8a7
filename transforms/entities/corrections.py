"""Cheap, general rules that fix what a small NER model gets wrong in a whole article.

A name tagged once is tagged everywhere in its document with one label (by majority); an all-capital
acronym, a dateline's place, a country name or a name its bracketed acronym defines that the model
missed is added; newswire shorthand and transcript labels are dropped; a surname tagged alone takes
in its given name; what the text says of a name (an organisation's last word, a person's title)
beats the model's label. `make eval` measures each rule's gain by leaving it out (`CORRECTIONS`).

One module past 400 lines: the corrections run in one order over one document's mentions, each
reads what the ones before it left, and `CORRECTIONS` is the one list `make eval` leaves them out of.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import cache, lru_cache
from typing import Callable, Iterable

from transforms.entities import PLACE_LABELS, Mention
from transforms.entities.names import POSSESSIVE, honorifics, office_words
from transforms.entities.places import country_names, resolve as resolve_place
from transforms.rules import word_list
from transforms.text.dates import MONTHS, WEEKDAYS

_ACRONYM = re.compile(r"(?<![\w.&-])[A-Z][A-Z0-9&]{2,7}(?![\w&]|\.\w)")
_WORD = re.compile(r"\w+")
_TRANSCRIPT_LABEL = re.compile(r"(?m)^(?:\(\(|\[)?([A-Z]{1,4})(?:\)\)|\]|:) ")
_TRAILING_WORDS = re.compile(r"(?:\s+[a-z]+)+$")
_MEDIUM_BEFORE = frozenset({"on", "via"})
_MEDIUM_AFTER = frozenset({"account", "accounts", "user", "users", "post", "posts", "feed", "page", "handle", "followers", "profile"})
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
_WORD_BEFORE = re.compile(r"(\w+)\.? $")
_DATELINE = re.compile(r"(?:^|\n)([A-Z][A-Z'’.-]*(?: [A-Z][A-Z'’.-]*){0,3})(?= ?(?:\d{4}-\d\d-\d\d|\(|-|–|—|,))")
_ARTICLE_AT = re.compile(r"(?:the|The|THE)\s+")
_INITIALISM_END = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
_HEADLINE_VERB = re.compile(r"\s+([A-Z][a-z]+)$")
# Speech verbs of headlines that are never the last word of a person's name ("Obama Says").
_HEADLINE_VERBS = frozenset("says tells warns urges vows insists admits denies slams blasts".split())
_SPACED_DASH = re.compile(r"\s(?:-{1,2}|–|—)\s+")
_TRAILING_NUMBERS = re.compile(r"(?:\s+(?:\d\d+|\d+(?:-\d+)+))+$")  # (not one digit: "Linux 7", "Voskhod 2" are versions the model took for people)
_TRAILING_SCORES = re.compile(r"(?:\s+\d+(?:-\d+)+)+$")
_NUMBER = re.compile(r"[-+$£€]?\d[\d.,]*%?")
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{},.;:!?-–—*•"


def correct(text: str, mentions: Iterable[Mention], skip: frozenset[str] = frozenset()) -> list[Mention]:
    """One document's mentions, spans cleaned and every correction but those in `skip` applied."""
    found = _trim_glued(text, sorted(_clean_spans(text, mentions), key=lambda mention: mention.start))
    for name, correction in CORRECTIONS:
        if name not in skip:
            found = correction(text, found)
    return found


def _clean_spans(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """Mention spans hold the name only: no leading article, possessive, quote mark or line break."""
    stoplist = _acronym_stoplist()
    cleaned = []
    for mention in mentions:
        start, end = mention.start, mention.end
        newline = text.find("\n", start, end)
        if newline != -1:
            end = newline
        start, end = _strip_edges(text, start, end)
        article = _ARTICLE_AT.match(text, start, end)
        if article and end - article.end() > 1:
            start, end = _strip_edges(text, article.end(), end)  # the "United States
        possessive = POSSESSIVE.search(text[start:end])
        if possessive and possessive.start() > 1:
            end = start + possessive.start()
        trailing = _TRAILING_WORDS.search(text, start, end)
        if trailing and trailing.start() > start:
            end = trailing.start()  # "Interfax news agency", "Cultural Revolution days": the name ends before
        dashes = list(_SPACED_DASH.finditer(text, start, end))
        if dashes and _LATIN_LETTER.search(text, dashes[-1].end(), end):
            start = dashes[-1].end()  # a headline's "… for post-97 - Tsang", "SOCCER - Juventus": the name after the dash
        elif dashes:
            end = dashes[0].start()  # a list's "Labour Party - 203": the name before it
        score = (_TRAILING_NUMBERS if mention.label == "PERSON" else _TRAILING_SCORES).search(text, start, end)
        if score is not None and score.start() > start:
            end = score.start()  # a results table's "J. Ratcliffe 63", "Mexico 2-0": no name ends with a score
        verb = _HEADLINE_VERB.search(text, start, end) if mention.label == "PERSON" else None
        if verb and verb.group(1).lower() in _HEADLINE_VERBS and verb.start() > start:
            end = verb.start()  # a headline's "Obama Says …": the name ends before its verb
        name = text[start:end]
        if len(name) > 1 and name not in stoplist and _LATIN_LETTER.search(name):  # the English model misreads other scripts
            cleaned.append(replace(mention, start=start, end=end, text=name))
    return cleaned


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCTUATION):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCTUATION):
        if text[end - 1] == "." and _INITIALISM_END.search(text, start, end):
            break  # the final period of "U.S." belongs to the name
        end -= 1
    return start, end


def _trim_glued(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name run into the next word ("Genevawhich", a lost space) is cut back to the name, when
    the text writes that word on its own too ("which"; not "ian" of "Iranian")."""
    names = {mention.text for mention in mentions}
    trimmed = []
    for mention in mentions:
        cut = len(mention.text)
        while cut > 1 and mention.text[cut - 1].isalpha() and mention.text[cut - 1].islower():
            cut -= 1
            if len(mention.text) - cut >= 2 and mention.text[:cut] in names:
                if mention.text[cut:] not in _words(text):
                    break
                mention = replace(mention, end=mention.start + cut, text=mention.text[:cut])
                break
        trimmed.append(mention)
    return trimmed


def _add_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """All-caps words the model missed, as organisations, unless the text shows they are words:
    written in lower or title case elsewhere in it ("CTS" beside "cts", "SCHEDULE" beside
    "schedule"), in a headline or dateline in capitals, or in the stop list."""
    stoplist = _acronym_stoplist()
    taken = _Coverage(len(text), mentions)
    added = []
    for match in _ACRONYM.finditer(text):
        word = match.group()
        if word in stoplist or taken.overlaps(match.start(), match.end()) or _in_capitals_line(text, match.start()):
            continue
        if word.lower() in _words(text) or word.capitalize() in _words(text):
            continue
        added.append(Mention(match.start(), match.end(), word, "ORG", from_model=False))
    return sorted(mentions + added, key=lambda mention: mention.start)


def _add_defined_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name defined by the acronym in brackets after it, letter for letter (`Transport for London
    (TfL)`, `Office for National Statistics (ONS)`), is one organisation even where the model tagged
    only a word of it (`London` as a person): the mentions inside it give way to the whole name. A
    role (`Member of Parliament (MP)`) is no organisation."""
    added, stoplist, roles = [], _acronym_stoplist(), office_words() | {"inspector", "surgeon"}
    for match in _DEFINED.finditer(text):
        acronym, words = match.group(2), list(_NAME_WORD.finditer(match.group(1)))
        if acronym.upper() in stoplist or any(word.group().lower() in roles for word in words):
            continue  # (`Member of Parliament (MP)`, `Inspector General of Police (IGP)`: a person's office)
        for first in range(len(words) - 1):
            phrase = words[first:]
            initials = [word.group()[0] for word in phrase]
            if initials[0].isupper() and acronym in ("".join(initials), "".join(letter for letter in initials if letter.isupper())):
                start, end = match.start(1) + phrase[0].start(), match.start(1) + phrase[-1].end()
                if not any(mention.start == start and mention.end == end for mention in mentions):
                    added.append(Mention(start, end, text[start:end], "ORG", from_model=False))
                break
    if not added:
        return mentions
    kept = [mention for mention in mentions if not any(name.start <= mention.start and mention.end <= name.end for name in added)]
    return sorted(kept + added, key=lambda mention: mention.start)


_DEFINED = re.compile(r"((?:[A-Z][\w'’&-]*\s+(?:(?:of|for|and|the|on|de)\s+)*){1,7}[A-Z][\w'’&-]*)\s+\(([A-Z][A-Za-z&]{1,7})\)")
_NAME_WORD = re.compile(r"[\w'’&-]+")


@lru_cache(maxsize=2)
def _words(text: str) -> frozenset[str]:
    """The words a document writes, read once for the corrections that ask how it writes a word."""
    return frozenset(_WORD.findall(text))


def _add_datelines(text: str, mentions: list[Mention]) -> list[Mention]:
    """The place of a dateline, which the model misses in capitals: a paragraph that opens with a
    known place in capitals before a date, an agency or a dash ("BONN 1996-08-30", "WASHINGTON
    (Reuters) -", "LONDON, March 3 -")."""
    taken = _Coverage(len(text), mentions)
    added = []
    for match in _DATELINE.finditer(text):
        start, end = match.span(1)
        if not taken.overlaps(start, end) and resolve_place(match.group(1)):
            added.append(Mention(start, end, match.group(1), "GPE", from_model=False))
    return sorted(mentions + added, key=lambda mention: mention.start) if added else mentions


def _add_companies(text: str, mentions: list[Mention]) -> list[Mention]:
    """Companies the model missed, by their legal form (`BP Plc said`, `Acme Corp Chief Executive …`):
    capitalised words on one line before a form of `rules/legal_forms.txt`, without a leading article,
    weekday or month (`On Monday Acme Corp` is `Acme Corp`); an organisation or a person the model
    tagged right before the form (`American Express` of `American Express Co`) takes it in and
    becomes the company, a place or a nationality never does."""
    ends = {mention.end: index for index, mention in enumerate(mentions)}
    taken = _Coverage(len(text), mentions)
    found = list(mentions)
    for match in _company_pattern().finditer(text):
        form = match.group("form")
        if len(form) == 2 and form.isupper() and "," in text[match.end("name") : match.start("form")]:
            continue  # `Denver, CO`, `Reno, NV`: a US state after its town, not a company's form
        words = list(re.finditer(r"\S+", match.group("name")))
        while words and words[0].group().lower() in _NOT_NAME_OPENERS:
            words.pop(0)
        if not words:
            continue
        start, end = match.start("name") + words[0].start(), match.end("form")
        index = ends.get(match.end("name"))
        if index is not None and found[index].start >= start:
            if found[index].label in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART"):
                found[index] = replace(found[index], end=end, text=text[found[index].start : end], label="ORG")
        elif not taken.overlaps(start, end) and not _in_capitals_line(text, start):
            found.append(Mention(start, end, text[start:end], "ORG", from_model=False))
    return sorted(found, key=lambda mention: mention.start)


_CALENDAR = frozenset(word.lower() for word in WEEKDAYS | MONTHS)
_NOT_NAME_OPENERS = frozenset("the a an on in at by for of and but as this that these those yesterday today".split()) | _CALENDAR


@cache
def _company_pattern() -> re.Pattern:
    """Up to four capitalised words, then a legal form as a word of its own (any case: `Inc`, `PLC`;
    `Apple, Inc.`, `Merck & Co`)."""
    forms = "|".join(sorted((re.escape(form) for form in word_list("legal_forms.txt")), key=len, reverse=True))
    return re.compile(
        r"(?<![\w&.-])(?P<name>[A-Z][\w&'’.-]*(?:[^\S\n]+(?:&[^\S\n]+)?[A-Z][\w&'’.-]*){0,3}?),?(?:[^\S\n]+&)?[^\S\n]+"
        rf"(?P<form>(?i:{forms}))(?![\w&-])\.?"
    )


def _without_transcript_labels(text: str, mentions: list[Mention]) -> list[Mention]:
    """An interview transcript names its speakers by initials that open their turns ("((WN))
    Why…", "NG: We…"); those labels are not entities."""
    labels = Counter(_TRANSCRIPT_LABEL.findall(text))
    transcript = {label for label, turns in labels.items() if turns >= 2}
    return [mention for mention in mentions if mention.text not in transcript] if transcript else mentions


def _add_countries(text: str, mentions: list[Mention]) -> list[Mention]:
    """Country names the model left untagged ("Belarus 1 Slovakia 0" in a results table)."""
    taken = _Coverage(len(text), mentions)
    added = [
        Mention(match.start(), match.end(), match.group(), "GPE", from_model=False)
        for match in _countries_pattern().finditer(text)
        if not taken.overlaps(match.start(), match.end())
    ]
    return sorted(mentions + added, key=lambda mention: mention.start) if added else mentions


@cache
def _countries_pattern() -> re.Pattern:
    names = sorted(country_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def _in_capitals_line(text: str, position: int) -> bool:
    """Headlines and datelines in capitals ("CRICKET - LEICESTERSHIRE TAKE OVER") are not acronyms."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end != -1 else len(text)]
    letters = [character for character in line if character.isalpha()]
    return sum(character.isupper() for character in letters) > 0.6 * len(letters)


_GIVEN_NAME_BEFORE = re.compile(r"(?<=[\w,] )([A-Z][a-z\u00DF-\u024F-]+) $")  # (not a possessive: `Real Madrid's Bellingham`)


def _add_given_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A surname the model tagged without the given name right before it (`Mayor of London Sadiq
    Khan` as `Khan`, `Jared Kushner and Ivanka Trump` as `Trump`) takes it in, so that linking does
    not join the person to another of that surname (Usman Khan, Donald Trump). Not a word opening
    the sentence (`Both Trump`), a title, rank or holiday (`Mayor Khan`, `Inspector Jones`, `Over
    Christmas Johnson`: rules/before_surnames.txt), a demonym (`Dutchman Verstappen`), a day or
    month (`on Tuesday Mitsotakis`), nor one in another name."""
    taken = _Coverage(len(text), mentions)
    excluded = _not_given_names()
    found = []
    for mention in mentions:
        given = _GIVEN_NAME_BEFORE.search(text, max(0, mention.start - 40), mention.start) if mention.label == "PERSON" and " " not in mention.text else None
        word = given.group(1).lower() if given is not None else ""
        if given is not None and word not in excluded and not word.endswith(("man", "men")) and not taken.overlaps(given.start(1), given.end(1)):
            mention = replace(mention, start=given.start(1), text=text[given.start(1) : mention.end])
        found.append(mention)
    return found


@cache
def _not_given_names() -> frozenset[str]:
    return frozenset(word.lower() for word in office_words() | word_list("person_nouns.txt") | word_list("sentence_starters.txt") | word_list("before_surnames.txt")) | _CALENDAR


def _propagate_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Tag every occurrence of a tagged name, and give each name its majority label."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        votes[mention.text][mention.label] += 2 if mention.from_model else 1
    label_of = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
    names = sorted((name for name in label_of if len(name) > 1 and name[0].isupper()), key=len, reverse=True)
    taken = _Coverage(len(text), mentions)
    added = []
    if names:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
        for match in pattern.finditer(text):
            if not taken.overlaps(match.start(), match.end()):
                added.append(Mention(match.start(), match.end(), match.group(), label_of[match.group()], from_model=False))
                taken.add(match.start(), match.end())
    relabelled = [m if m.label == label_of[m.text] else replace(m, label=label_of[m.text]) for m in mentions]
    return sorted(relabelled + added, key=lambda mention: mention.start)


def _label_by_evidence(text: str, mentions: list[Mention]) -> list[Mention]:
    """What the text says of a name beats the model's guess, for every mention of the name: a name
    ending in an organisation's word ("Yukos Oil Co", "Manchester United", "Conservative Party") is
    an organisation; a name whose last word the text gives alone as a person ("Perttu Ahola" beside
    "Ahola") or written after a person's title ("Mr Yukos") is a person; the name of a country
    ("Belarus", "Benin") is a place; a "person" written mostly as a medium ("on Twitter", "his
    Twitter account") is an organisation."""
    suffixes, titles = word_list("org_suffixes.txt"), honorifics()
    evidence: dict[str, str] = {}
    as_medium: Counter[str] = Counter()
    persons: Counter[str] = Counter()
    person_words = {m.text for m in mentions if m.label == "PERSON" and " " not in m.text}
    for mention in mentions:
        if mention.label == "PERSON":
            persons[mention.text] += 1
            after = _WORD.match(text, mention.end + 1) if text[mention.end : mention.end + 1] == " " else None
            if _word_before(text, mention.start).lower() in _MEDIUM_BEFORE or (after and after.group().lower() in _MEDIUM_AFTER):
                as_medium[mention.text] += 1
    evidence.update({name: "ORG" for name, count in as_medium.items() if 2 * count >= persons[name]})
    for mention in mentions:
        words = mention.text.replace(".", "").split()
        if len(words) > 1 and words[-1].lower() in suffixes:
            evidence[mention.text] = "ORG"
        elif mention.label == "ORG" and 1 < len(words) < 5 and words[0].lower() in _PERSON_TITLES and all(word[:1].isupper() for word in words[1:]):
            evidence[mention.text] = "PERSON"  # `Dr Valeria Gazzola`, `Assemblywoman Selena Torres`: a title only a person has
        elif mention.label not in ("PERSON", *PLACE_LABELS) and 1 < len(words) < 4 and words[-1] in person_words:
            evidence[mention.text] = "PERSON"
        elif mention.label != "GPE" and _is_country(mention.text):
            evidence[mention.text] = "GPE"
        elif mention.text not in evidence:
            title = _word_before(text, mention.start)
            if title[:1].isupper() and title.lower() in titles:
                evidence[mention.text] = "PERSON"
    return [replace(m, label=evidence[m.text]) if evidence.get(m.text, m.label) != m.label else m for m in mentions]


# Titles only a person has, opening a name the model took for an organisation: courtesy titles and
# gendered titles of office (not `Duke`, `King`, `Madame` or `Brother`, which open companies' names).
_PERSON_TITLES = frozenset(
    "mr mrs ms mx miss dr prof professor sir dame congressman congresswoman assemblyman assemblywoman "
    "councilman councilwoman alderman alderwoman spokesman spokeswoman chairman chairwoman".split()
)


def _word_before(text: str, start: int) -> str:
    """The word right before a position, a title's period and one space between ("" when none)."""
    found = _WORD_BEFORE.search(text[max(0, start - 16) : start])
    return found.group(1) if found else ""


def _is_country(name: str) -> bool:
    place = resolve_place(name)
    return place is not None and place.kind == "country"


# What the text says, applied to the model's mentions in this order (each reads the ones before).
def _without_shorthand(text: str, mentions: list[Mention]) -> list[Mention]:
    """Newswire shorthand for units and figures (`cts`, `mln dlrs`, `Shr`, `NET`) is not a name
    (`rules/newswire_shorthand.txt`), nor a one-word organisation the document writes mostly next
    to a number (`22 cts`, `Revs 12.4`): a unit the list does not know yet."""
    shorthand = word_list("newswire_shorthand.txt")
    kept = []
    for mention in mentions:
        words = mention.text.lower().replace(".", " ").split()
        if words and all(word in shorthand or _NUMBER.fullmatch(word) for word in words):
            continue
        shorthand_like = mention.text.islower() or (mention.text.isupper() and len(mention.text) <= 5)  # not a team beside its score
        if mention.label == "ORG" and len(words) == 1 and shorthand_like and _mostly_beside_numbers(text, mention.text):
            continue
        while len(mention.text.split()) > 1 and mention.text.split()[-1].lower() in shorthand:
            end = mention.start + len(mention.text.rsplit(None, 1)[0])
            mention = replace(mention, end=end, text=text[mention.start : end])  # `AMERICAN EXPRESS CO QTR NET`
        kept.append(mention)
    return kept


def _mostly_beside_numbers(text: str, word: str) -> bool:
    """More than half of the word's occurrences have a number right before or after it."""
    occurrences = beside = 0
    for match in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
        occurrences += 1
        before = text[max(0, match.start() - 16) : match.start()].split()[-1:]
        after = text[match.end() : match.end() + 16].split()[:1]
        beside += any(_NUMBER.fullmatch(token.strip(",;:()")) for token in before + after)
    return occurrences > 0 and beside * 2 > occurrences


CORRECTIONS: tuple[tuple[str, Callable[[str, list[Mention]], list[Mention]]], ...] = (
    ("newswire shorthand", _without_shorthand),
    ("datelines", _add_datelines),
    ("countries", _add_countries),
    ("defined names", _add_defined_names),
    ("acronyms", _add_acronyms),
    ("companies", _add_companies),
    ("transcript labels", _without_transcript_labels),
    ("given names", _add_given_names),
    ("propagation", _propagate_names),
    ("label evidence", _label_by_evidence),
)


@cache
def _acronym_stoplist() -> frozenset[str]:
    return frozenset(word.upper() for word in word_list("acronym_stoplist.txt"))


class _Coverage:
    """Which characters of a text are already inside a mention."""

    def __init__(self, length: int, mentions: Iterable[Mention]):
        self._covered = bytearray(length)
        for mention in mentions:
            self.add(mention.start, mention.end)

    def overlaps(self, start: int, end: int) -> bool:
        return self._covered.find(1, start, end) != -1

    def add(self, start: int, end: int) -> None:
        self._covered[start:end] = b"\x01" * (end - start)
