"""The parts of a speaker's words that the resolution rules read: the head noun, the words before
a phrase break, whether a word is a plural, and an organisation's name in title case that the model
did not tag. Shared by `resolve` and `speakers`."""

from __future__ import annotations

import re

from transforms.entities import Mention, places
from transforms.entities.names import normalise
from transforms.quotes.governments import BODIES, LEVELS
from transforms.quotes.owners import documents
from transforms.quotes.roles import roles

# Words before a group's or a description's head noun that are not part of its name.
_LEADING = frozenset("the a an part parts portion much some many several most other others all both few two three four five six seven eight nine ten dozens hundreds thousands".split())
_PHRASE_BREAK = re.compile(r"\s(?:of|at|in|for|from|with|on|to|who|which|that|whose|and)\s|[,;:(]")
# Plural nouns that do not end in -s, and -s words that are not plurals.
_IRREGULAR_PLURALS = frozenset("people police staff personnel media news public clergy crew men women children folk faithful family".split())
_NOT_PLURAL = re.compile(r".*(?:ss|us|is|ics|news)$")

def head_noun(words: str) -> tuple[str | None, str]:
    """The head noun of a speaker's words and the phrase without its leading article or number
    (`some analysts` -> analysts; `members of the party` -> members, `members of the party`)."""
    tokens = words.split()
    while tokens and (tokens[0].lower() in _LEADING or (tokens[0] == "of" and len(tokens) > 1)):
        tokens = tokens[1:]
    phrase = " ".join(tokens)
    cut = _PHRASE_BREAK.search(phrase)
    second = phrase[cut.end() :].split() if cut and cut.group().strip() == "and" else []
    if len(second) > 1 and not _PHRASE_BREAK.search(phrase, cut.end()) and second[-1].islower() and is_plural(second[-1]):
        first = phrase[: cut.start()].split()
        if second[0][:1].isupper() or (len(first) == 1 and first[0].lower() in LEVELS and second[0].lower() in LEVELS and not (first[0].lower() in BODIES and words.split()[0].lower() == "the")):
            cut = None  # `New Orleans and Jefferson Parish officials`, `State and federal election officials`: one head noun (not `Apple and its suppliers`, nor `The city and local businesses`)
    core = (phrase[: cut.start()] if cut else phrase).split()
    if not core:
        return None, phrase
    return core[-1].strip(".,'’\"”“"), phrase.rstrip(" .,")


def core(words: str) -> str:
    """Speaker words up to the first phrase break: `Regina Ip from the pro-Beijing camp` -> `Regina Ip`."""
    cut = _PHRASE_BREAK.search(words)
    return words[: cut.start()] if cut and cut.start() > 0 else words


def is_plural(word: str, tag: str | None = None) -> bool:
    """A plural common noun: tagged so (`Authorities said`, capitalised at the start of a
    sentence), else a lower-case word that reads as one."""
    lowered = word.lower()
    if not lowered.isalpha() or _CAPITAL_INSIDE.search(word):
        return False  # (`HuffPost`, which the tagger may call plural: a capital inside a word makes a name)
    if lowered in _IRREGULAR_PLURALS:
        return True
    if tag is not None:
        return tag == "NNS"
    if not word[:1].islower():
        return False
    return lowered in _IRREGULAR_PLURALS or (lowered.endswith("s") and len(lowered) > 3 and not _NOT_PLURAL.fullmatch(lowered))


_CAPITAL_INSIDE = re.compile(r"[a-z][A-Z]")
_TITLED = re.compile(r"[Tt]he\s+((?:[A-Z][\w'’&.-]*|of|for|to|and|the|in|on|against|without)(?:\s+(?:[A-Z][\w'’&.-]*|of|for|to|and|the|in|on|against|without))+)")
# Offices that take `of` and a place or body (`The Archbishop of Canterbury`, `The Emir of Qatar`)
# beyond the role nouns of rules/speaker_roles.txt: a hostile review's passages (2026-12-07)
_OFFICES = frozenset("archbishop bishop cardinal imam rabbi emir sultan sheikh sheriff commander speaker master".split())


def titled_organisation(words: str, mentions: list[Mention]) -> str | None:
    """`The Union of Concerned Scientists`, `The Rally for the Return of Refugees and Democracy`: a
    name the model did not tag, in title case with words that join its parts, after `The` (which no
    person's name takes); cut at the first of those words it had been `Union`. Not an office (`The
    Archbishop of Canterbury`: its holder is found by role), a document (`The Book of Genesis`), nor
    two names joined by `and` (`The United States and Britain`); a place it is said to be in is not
    part of it (`The US Embassy in Kabul` is the US Embassy)."""
    match = _TITLED.fullmatch(" ".join(words.split()))
    if match is None:
        return None
    tokens = match.group(1).split()
    capitalised = [token for token in tokens if token[:1].isupper()]
    if tokens[0] not in capitalised or tokens[-1] not in capitalised or len(capitalised) < 2 or len(capitalised) == len(tokens):
        return None  # (`The Pentagon`, `The White House`: the rules for one name or a description apply)
    if any(token.lower() in roles() or token.lower() in _OFFICES for token in capitalised) or tokens[0].lower() in documents():
        return None
    name = match.group(1)
    where = re.search(r"\s+in\s+(?:the\s+)?([A-Z][\w\s.'’-]*)$", name)
    if where and places.resolve(where.group(1)) is not None:
        name = name[: where.start()]
    named = {normalise(mention.text) for mention in mentions} | {normalise(mention.entity_name) for mention in mentions}
    parts = re.split(r"\s+and\s+(?:the\s+)?", name, maxsplit=1)
    if len(parts) == 2 and any(normalise(part) in named or places.resolve(part) is not None for part in parts):
        return None
    return name
