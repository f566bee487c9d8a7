"""The person a role or a title names (`the minister`, `the 21-year-old`, `Iranian Chess Federation
President`, `President of Ukraine Volodymyr Zelenskyy`), and what a name is: the rules `resolve` asks
when a speaker's words are a description, not a name."""

from __future__ import annotations

import re
from functools import cache

from transforms.entities import Mention, places
from transforms.entities.names import gendered_words, office_words
from transforms.quotes.speakers import SENTENCE_END, name_opens_sentence, pronouns
from transforms.quotes.parsing import speech_verbs
from transforms.quotes.words import is_cue
from transforms.rules import lines, word_list

AGE = re.compile(r"(\d{1,3})-year-old")
_FORMER = re.compile(r"\b(?:former|ex-|then-|retired)", re.IGNORECASE)


def by_role(text: str, position: int, role: str, mentions: list[Mention], phrase: str = "") -> Mention | None:
    """The one person the document, before `position` (else after it), names with this role: as a
    title before the name (`Finance Minister Jane Doe`, `21-year-old Jane Doe`) or in apposition after it
    (`Jane Doe, the minister`, `Jane Doe, 21,`); not one whose title puts a rank before the role
    that the speaker's `phrase` does not, or the other way round (`the president` is not `Vice
    President Mike Pence`, `the governor` not `Deputy Governor Oleg Klimov`)."""
    if role in word_list("stopwords.txt"):
        return None  # (no role: a word the head-noun rule left of `and that the triple system survives`)
    age = AGE.fullmatch(role)
    found = _with_role(text, role, age, [mention for mention in mentions if mention.end <= position], phrase)
    if not found:
        # `his surviving father says … His father, Abdullah Kurdi, …`: named only after
        found = _with_role(text, role, age, [mention for mention in mentions if mention.start > position], phrase)
    return next(iter(found.values())) if len(found) == 1 else None


def by_title(text: str, position: int, phrase: str, role: str, mentions: list[Mention]) -> Mention | None:
    """The one person the document names with this title, `former` only where the title says
    `former` (`Egypt's current President` is not the man the text calls its former president)."""
    former = _FORMER.search(phrase) is not None
    people = [mention for mention in mentions if former == (_FORMER.search(text, max(0, mention.start - 40), mention.end + 60) is not None)]
    return by_role(text, position, role, people, phrase)


def by_description(text: str, position: int, phrase: str, role: str, mentions: list[Mention]) -> Mention | None:
    """`the president` is the one person with that role whom the text does not call former (a
    sitting president and a former one are named); `the former chairman` is looked for among all."""
    return by_role(text, position, role, mentions, phrase) if _FORMER.search(phrase) else by_title(text, position, phrase, role, mentions)


def _with_role(text: str, role: str, age: "re.Match | None", mentions: list[Mention], phrase: str = "") -> dict[str, Mention]:
    found: dict[str, Mention] = {}
    rank = _rank(phrase.lower().split(), role) if phrase else None
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        before = text[max(0, mention.start - 40) : mention.start].lower().rsplit("\n\n", 1)[-1].split()[-4:]  # (a title is in the name's paragraph: not the headline above a byline)
        cues = [index for index, word in enumerate(before) if is_cue(word) or _past_speech_verb(word.strip(".,:;"))]
        before = before[cues[-1] + 1 :] if cues else before  # `The president said Kim Jong Un …`, `A politician accused X`: no title of X's
        after = text[mention.end : mention.end + 60].lower().split("\n\n", 1)[0]
        if _ACCORDING_TO_BEFORE.search(text, max(0, mention.start - 60), mention.start) and not after.startswith(","):
            before = []  # `According to state television, Viljoen told …`: whom he is cited by, not his title (`According to the mayor, Dee Margo, …` names the mayor)
        joined = [index for index, word in enumerate(before) if word in _JOINING]
        before = before[joined[-1] + 1 :] if joined else before  # `Sen. Schumer and Mayor Eric Adams`: the mayor's title only
        title = [_expanded(word) for word in before + mention.text.lower().split()[:-1]]  # the title may be tagged with the name
        titled = role in title
        apposed = re.match(r",\s+(?:[\w-]+\s+){0,3}?" + re.escape(role) + r"\b", after)
        aged = age and re.match(r",\s+" + age.group(1) + r"\b", after)
        named_rank = _rank(title, role) if titled else _rank(apposed.group().split(), role) if apposed else None
        if (titled or apposed or aged) and (not phrase or named_rank == rank):
            found[mention.entity_id] = mention
    return found


_ACCORDING_TO_BEFORE = re.compile(r"\baccording\s+to\s+[^,.;:\n]*,\s*$", re.IGNORECASE)
# Words that, right before an office, make another office of it: a vice president is not the
# president. (Not `associate`, `assistant` or `acting`: an associate justice is a justice, an
# acting attorney general the attorney general.) Some offices have their own: a lieutenant
# governor is not the governor, but a lieutenant general is a general and a vice admiral an
# admiral; the offices named `… general` are no general (a hostile review's passages, 2026-12-07).
_RANKS = frozenset({"vice", "deputy"})
_RANKS_OF = {
    "governor": _RANKS | {"lieutenant"},
    "admiral": frozenset(),
    "general": frozenset("attorney surgeon inspector solicitor secretary postmaster auditor accountant paymaster adjutant consul governor director".split()),
}


_JOINING = frozenset({"and", "&", "or", "with"})


def _expanded(word: str) -> str:
    """A title's word without its punctuation, its abbreviation written out (`Sen.` is a senator;
    `Gen` only with its period: Gen Z, the given name Gen)."""
    abbreviations = _abbreviated()
    bare = word.strip(",.")
    return abbreviations.get(bare) or abbreviations.get(word.strip(",")) or bare


@cache
def _abbreviated() -> dict[str, str]:
    return dict(line.lower().split("\t") for line in lines("title_abbreviations.tsv"))


def _past_speech_verb(word: str) -> bool:
    """`accused`, `urged`: a speech verb's past form, which no noun shares (`state`, `report` may be nouns)."""
    return word.endswith("ed") and word in speech_verbs()


def _rank(words: list[str], role: str) -> str | None:
    """The rank word right before the last `role` in `words`, if any."""
    positions = [index for index, word in enumerate(words) if word.strip(",.") == role]
    if not positions or positions[-1] == 0:
        return None
    word = _expanded(words[positions[-1] - 1])
    return word if word in _RANKS_OF.get(role, _RANKS) else None


def unnamed_subject_before(text: str, position: int, pronoun: str, mentions: list[Mention]) -> tuple[int, str] | None:
    """(where, noun) of the person a `he` or `she` at `position` stands for when a sentence between
    it and any name opens with that person unnamed (`One of the victims decided to allow her name to
    be made public. She said …`, `The head of the police's internal investigators told the court …
    She also said …`): the pronoun's own sentence or the one or two before, in its paragraph, of the
    pronoun's gender or none; not when its sentence names someone (`The judge sentenced John Smith
    …. He said` may be either), nor when a name opens a sentence after it."""
    paragraph = text.rfind("\n", 0, position) + 1
    starts = [paragraph] + [match.end() for match in SENTENCE_END.finditer(text, paragraph, position)]
    people = [mention for mention in mentions if mention.label == "PERSON" and paragraph <= mention.start < position]
    for start in reversed(starts[-3:]):
        found = _unnamed_person_at(text, start, position)
        if found is None:
            continue
        where, end, noun = found
        sentence_end = next((match.start() for match in SENTENCE_END.finditer(text, end, position)), position)
        if any(start <= mention.start < sentence_end for mention in people):
            return None  # `The victim, Jane Doe, …`: named; `The judge sentenced John Smith.`: either
        gender = gendered_words().get(noun, ("", ""))[0]
        if gender and gender != _PRONOUN_GENDERS[pronoun]:
            continue
        later = [mention for mention in people if mention.start > end and name_opens_sentence(text, mention.start)]
        return None if later else (where, noun)
    return None


def _unnamed_person_at(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """(start, end, noun) of a person noun in the lower-case words after a determiner that opens a
    sentence at `start` (`The head of …`, `One of the victims`, `A 45-year-old witness`)."""
    opening = _DETERMINER_OPENING.match(text, start, end)
    if opening is None:
        return None
    one_of = opening.group().startswith("One of")  # `One of the victims`: one person; `The defendants`: not
    for word in list(re.finditer(r"\S+", text[opening.end() : min(end, opening.end() + 60)]))[:4]:
        lowered = re.sub(r"['’]s$", "", word.group().rstrip(",.;:").lower())
        if not word.group()[:1].islower() and not word.group()[:1].isdigit():
            return None
        noun = lowered[:-1] if one_of and lowered.endswith("s") else lowered
        if noun in person_nouns():
            return opening.end() + word.start(), opening.end() + word.end(), noun
    return None


_DETERMINER_OPENING = re.compile(r"(?:The|A|An|Another|One of the|One of his|One of her|One of their)\s+")  # (not in a quotation)
_PRONOUN_GENDERS = {"he": "male", "she": "female"}


@cache
def person_nouns() -> frozenset[str]:
    """Nouns that name a person: person nouns, speaker roles and gendered nouns (`mother`)."""
    kinds = {word for word, (_, kind) in gendered_words().items() if kind in ("noun", "referent")}
    return word_list("person_nouns.txt") | word_list("speaker_roles.txt") | kinds


def name_after_title(text: str, start: int, end: int, mentions: list[Mention]) -> int | None:
    """Where the name starts that ends the speaker's words after a title and a place or body
    (`President of Ukraine Volodymyr Zelenskyy`, which the model may tag as one organisation
    `Ukraine Volodymyr Zelenskyy`): two or more capitalised words after the place; None when the
    words hold no such name."""
    last = max((mention for mention in mentions if start <= mention.start and mention.end <= end), key=lambda mention: mention.start, default=None)
    if last is None or not any(word.lower().strip(".,") in roles() for word in text[start : last.start].split()):
        return None
    after = last.end
    if last.end == end:
        words = last.text.split()
        place = next((k for k in (2, 1) if len(words) - k >= 2 and places.resolve(" ".join(words[:k])) is not None), None)
        if place is None:
            return None
        after = last.start + len(" ".join(words[:place]))
    rest = text[after:end].split()
    if len(rest) >= 2 and all(word[:1].isupper() for word in rest) and not any(word.lower().strip(".,") in roles() for word in rest):
        return after + len(text[after:end]) - len(text[after:end].lstrip())
    return None


def name_ending(text: str, start: int, end: int, mentions: list[Mention]) -> int | None:
    """Where a name the model did not tag starts that ends a description (`study co-author and Royal
    Society University Research Fellow Martin How`): two or more capitalised words after the last
    word in lower case or the last mention; None when the words end otherwise."""
    after = max([mention.end for mention in mentions if start <= mention.start and mention.end <= end], default=start)
    words = list(re.finditer(r"\S+", text[after:end]))
    run = []
    for word in reversed(words):
        if not word.group()[:1].isupper():
            break
        run.insert(0, word)
    if len(run) < 2 or len(run) == len(words) and after == start or not is_a_name(" ".join(word.group() for word in run)):
        return None
    return after + run[0].start()


def is_a_name(name: str) -> bool:
    """Capitalised words (a particle may stand between them), not a heading in capitals, nor a
    phrase of common words (`Had I`, `Amongst`, `An Australian`)."""
    words = name.split()
    if not words or len(words) > 6 or name.isupper() or words[0].lower() in pronouns():
        return False
    if any(word.lower() in pronouns() or word.lower() in _common_words() for word in words):
        return False
    return all(word[:1].isupper() or word.isdigit() or word in ("de", "van", "von", "al", "bin", "of", "da", "del", "la", "le") for word in words)


@cache
def roles() -> frozenset[str]:
    """Role nouns and titles: `the minister`, `the President`, and the gendered titles (`the Queen`,
    `the Prince`) of rules/gendered_words.tsv."""
    return office_words() | {word for word, (_, kind) in gendered_words().items() if kind == "honorific"}


@cache
def _common_words() -> frozenset[str]:
    return word_list("stopwords.txt") | {"amongst", "among", "one", "ditto", "had", "has", "have"}
