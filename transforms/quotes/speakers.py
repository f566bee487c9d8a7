"""A speaker's words linked to a named entity: a name, a title and a name, `he`, `the company`.

One module because its rules share one search for an antecedent (`_antecedent`) and one notion of
who else the text brings in or tells (`_someone_unnamed_since`, `organisations.told`): a pronoun, a description
and a possessive's owner are all looked for with them."""

from __future__ import annotations

import re
from functools import cache

from transforms.collection.wire import agency_aliases
from transforms.entities import Mention
from transforms.entities.names import display_name, gendered_titles, gendered_words, normalise, office_words, unnamed_referents
from transforms.quotes.governments import GOVERNMENT_WORDS, named_government
from transforms.quotes.organisations import agency_in, organisation_of_kind, told
from transforms.quotes.owners import document_opens_sentence, owner
from transforms.quotes.owners import documents as document_words
from transforms.quotes.parsing import speech_verbs
from transforms.quotes.quotations import Attribution
from transforms.rules import sectioned_list, word_list


@cache
def pronouns() -> frozenset[str]:
    """The pronouns a speaker can be written as (`rules/speaker_pronouns.txt`)."""
    return word_list("speaker_pronouns.txt")


def is_pronoun(text: str, start: int, end: int) -> bool:
    return text[start:end].lower() in pronouns()


_CONTRACTION = re.compile(r"['’](?:m|re|ve|ll|d|s)$", re.IGNORECASE)


def without_contraction(text: str, start: int, end: int) -> int:
    """Where a speaker written as a pronoun and its verb (`I’m going to read you the question:`,
    `They’re asking`) ends: at the pronoun, which the word rules cannot split off, and which else
    would be counted as a name `I’m`."""
    contraction = _CONTRACTION.search(text, start, end)
    if contraction and is_pronoun(text, start, contraction.start()):
        return contraction.start()
    return end


def speaker_entity(text: str, attribution: Attribution, mentions: list[Mention], quote_spans: list[tuple[int, int]]) -> Mention | None:
    """The named entity the speaker's words refer to, if any.

    A name links to itself (the last person named in a phrase such as `the press secretary …
    Dmitry Peskov`); `he`/`she` to the person the text is about at that point; `it`, `they` and
    descriptions such as `the company` or `a spokesman` to the organisation the sentence or the
    paragraph before is about. Where nothing is clear the speaker stays unlinked.
    """
    start, end = attribution.speaker_start, attribution.speaker_end
    words = text[start:end].lower()
    voice = _OWNED_VOICE.fullmatch(words)
    if voice and (voice.group(2) in _VOICES or voice.group(2) in document_words()):
        # `its website notes`, `his office said`: whom the pronoun stands for speaks
        return _pronoun_referent(text, start, _POSSESSIVE_PRONOUNS[voice.group(1)], mentions, quote_spans)
    return _pronoun_referent(text, start, words, mentions, quote_spans) if words in ("he", "she", "it", "they") else _described(text, attribution, mentions, quote_spans)


def _pronoun_referent(text: str, start: int, words: str, mentions: list[Mention], quote_spans: list[tuple[int, int]]) -> Mention | None:
    """`he`/`she`: the person the text is about at `start`; `it`: an organisation or a named
    document; `they`: an organisation."""
    if words in ("he", "she"):
        people = [mention for mention in mentions if not titled_otherwise(text, mention, words, mentions) and not told(text, mention, mentions)]
        found = _antecedent(text, start, people, quote_spans, ("PERSON",), 0)
        return None if found is not None and _someone_unnamed_since(text, found, start, words, mentions, quote_spans) else found
    if words == "it":  # an organisation, or a named document (`the Mueller report … it said`)
        found = _antecedent(text, start, mentions, quote_spans, ("ORG", "WORK_OF_ART", "LAW"), _paragraph_start(text, start, 1))
        return None if found is None or document_opens_sentence(text, found.end, start) else found
    return _antecedent(text, start, mentions, quote_spans, ("ORG",), _paragraph_start(text, start, 1))


def _someone_unnamed_since(text: str, named: Mention, position: int, pronoun: str, mentions: list[Mention], quote_spans: list[tuple[int, int]]) -> bool:
    """`The parents were arrested after one of their daughters escaped. She said …`: someone of the
    pronoun's gender whom the text does not name, after the sentence of the named person, in the
    pronoun's sentence or the one before (or before the sentences that go on opening with the same
    pronoun: `there was a girl. She told me … She asked me … She said …`), is whom it stands for."""
    people = [(mention.start, mention.end) for mention in mentions if mention.label == "PERSON"]
    gender = gendered_words()[pronoun][0]
    since = _pronoun_run_start(text, position, pronoun)
    return any(
        sex == gender and _sentences_between(text, named.end, at) >= 1
        and not any(quote_start <= at < quote_end for quote_start, quote_end in quote_spans)
        and ((at >= since and _one_someone(text, at)) or _spoke(text, at))
        for at, sex in unnamed_referents(text, people, named.end, position)
    )


_SPOKE_BEFORE = re.compile(r"(?:[,?!]\s*[\"”’']|[\"”’']\s*,)\s*(?:said|says|added)\s+(?:a|an|one)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)  # (after a quotation: not `Police said a man …`)


def _spoke(text: str, at: int) -> bool:
    """`…," said a spokeswoman for the police`: someone unnamed who spoke right after a quotation is
    whom a `she said` further on may go on with, however far back. (Not `A spokeswoman for the
    hospital said …`, after which `she said` was as often the patient named before.)"""
    return bool(_SPOKE_BEFORE.search(text, max(0, at - 30), at))


def _pronoun_run_start(text: str, position: int, pronoun: str) -> int:
    """Where the sentence before the pronoun's starts, or before the sentences right before it that
    open with the same pronoun."""
    window = max(0, position - 3000)
    starts = [window] + [match.end() for match in SENTENCE_END.finditer(text, window, position)]
    index = len(starts) - 1  # the pronoun's sentence
    while index > 1 and re.match(rf"{pronoun}\b", text[starts[index - 1] : starts[index - 1] + 8], re.IGNORECASE):
        index -= 1
    return starts[max(0, index - 1)]


_ONE_OF = re.compile(r"\bone\s+of\s+(?:the|their|his|her|its|[\w-]+'s)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_OWNER_OR_OF = re.compile(r"['’]s\b|\s+of\b")
_MY = re.compile(r"\b(?:my|our)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)  # the writer's or the one speaking's kin
_INDEFINITE = re.compile(r"(?<![,(])\s\b(?:a|an)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_APPOSITION_OR_PREDICATE = re.compile(r"(?:,|\b(?<!there )(?:is|was|am|are|were|be|been|being|as|named|became))\s+(?:a|an)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def _one_someone(text: str, at: int) -> bool:
    """A gendered noun at `at` that brings in someone the text has not named: one of a plural (`one
    of their daughters`), the writer's kin (`My father`), or an indefinite someone (`there was a
    girl`, `a woman was hurt`). A definite description (`the woman`, `His ex-wife`) is most often
    someone named; an apposition or a predicate (`, a mother of one,`, `she is a black woman`), a
    possessive or an `of` after the noun (`a woman's right`, `man of the match`) is no one new."""
    word = re.match(r"[A-Za-z]+", text[at:]).group()
    before = text[max(0, at - 40) : at]
    if word.lower() in ("men", "women") or (word.lower().endswith("s") and not word.lower().endswith("ss")):  # (not `actress`)
        return bool(_ONE_OF.search(before))
    if _OWNER_OR_OF.match(text, at + len(word)):
        return False
    return bool(_MY.search(before)) or (bool(_INDEFINITE.search(" " + before)) and not _APPOSITION_OR_PREDICATE.search(before))


def _described(text: str, attribution: Attribution, mentions: list[Mention], quote_spans: list[tuple[int, int]]) -> Mention | None:
    """Speaker words that are no personal pronoun: a name, a title and a name, a description."""
    start, end = attribution.speaker_start, attribution.speaker_end
    if attribution.pronoun or named_government(text, start, end, mentions):
        return None
    inside = [mention for mention in mentions if mention.start >= start and mention.end <= end]
    if _NAMES_BEFORE_A_GROUP.fullmatch(text, start, end):
        return None  # `New Orleans and Jefferson Parish officials`: of two names before one plural, a group kept as written
    persons = [
        mention for mention in inside
        if mention.label == "PERSON" and not _someone_elses(text, mention, end) and not _complement(text, start, mention) and not _names_whose(text, mention, end)
    ]
    if persons:
        return persons[-1]
    phrase = display_name(text[start:end])
    for mention in inside:
        if display_name(mention.text) == phrase:
            return mention
    # "Former US Ambassador to the United Nations Nikki Haley": a title followed by a name the
    # model labelled otherwise; not "a spokesman for the Pentagon", where the name is a complement.
    last = inside[-1] if inside else None
    if last and last.end == end and last.label in ("PERSON", "ORG"):
        before = text[start : last.start].split()
        # (one word after a description of it: `Italian tyre and cables giant Pirelli`)
        if before and (len(last.text.split()) >= 2 or before[-1] in _BEFORE_A_BUSINESS) and before[-1].lower() not in _COMPLEMENT_WORDS and not _complement(text, start, last):
            return last
    kind = _THE_NOUN.fullmatch(text, start, end)
    if kind and not inside:
        # `the academy` after `the Royal Swedish Academy of Sciences`, `the agency` after `the Saudi
        # Press Agency`: the organisation of that kind, not the nearest one
        named = organisation_of_kind(text, start, kind.group(1).lower(), mentions, of_kind_only=True, words=text[start:end])
        if named is not None or kind.group(1).lower() in GOVERNMENT_WORDS:
            return named
    if (agency := agency_in(text[start:end])) is not None:
        # `The domestic Yonhap news agency` (a name the model may not tag): the agency, or nobody else
        aliases = {normalise(alias) for alias in agency_aliases()[agency]}
        return next((mention for mention in mentions if mention.label == "ORG" and normalise(mention.entity_name) in aliases), None)
    if _describes_an_organisation(text[start:end]):
        # `a spokesman for the Pentagon`, `the company's chief executive`, else `the ministry`
        section, word = description_kind(text[start:end])
        # an organisation named in it before a place (`Britain's Sun newspaper` is the Sun), by its
        # name (not `China's commerce ministry`, a word the model may tag), and not where the speaker
        # sits (`Britain's representative at the IMF` speaks for Britain)
        organisations = sorted((mention for mention in inside if mention.label in ("ORG", "GPE")), key=lambda mention: not _names_its_organisation(text, start, mention))
        if section == "unnamed" or (not organisations and inside):
            return None  # `a source in the ministry`, a description naming something else (`a spokesman for West`)
        if organisations:
            return organisations[0]
        if section == "named":
            return organisation_of_kind(text, start, word, mentions, of_kind_only=True, words=text[start:end])
        if word in document_words() and owner(text, start, end) is not None:
            return None  # `a statement released by her family`: whose it is, the text says
        owner_word = possessive_owner(text[start:end])
        if owner_word in ("its", "their"):  # `Its chief executive`: of the organisation `it` stands for
            return _pronoun_referent(text, start, _POSSESSIVE_PRONOUNS[owner_word], mentions, quote_spans)
        if owner_word:
            return None  # `his legal team`: a person's, not the organisation named nearest
        heard = [mention for mention in mentions if not (mention.label == "ORG" and told(text, mention, mentions))]  # (`told Reuters`)
        if word == "newspaper":
            return organisation_of_kind(text, start, word, mentions, words=text[start:end])
        since = _paragraph_start(text, start, 1)
        if section == "voice":  # (`the company` is rather the one named nearest: `X told Lockheed … The company said`)
            spoke = [mention for mention in heard if mention.label == "ORG" and _SPEAKS_AFTER.match(text, mention.end)]
            found = _antecedent(text, start, spoke, quote_spans, ("ORG",), since)
            if found is not None:
                return found
        return _antecedent(text, start, heard, quote_spans, ("ORG",), since)
    return None


def _names_its_organisation(text: str, start: int, mention: Mention) -> bool:
    before = [word.lower() for word in text[start : mention.start].split() if word.lower() != "the"]
    return mention.label == "ORG" and mention.text[:1].isupper() and not (before and before[-1] in ("at", "on", "in", "to"))


def _names_whose(text: str, mention: Mention, end: int) -> bool:
    """A name before a plural that ends the speaker's words only says whose they are (`Clinton
    supporters`), unless they speak for the name (`Clinton campaign officials`, as `the Trump
    spokesman`: rules/speaker_descriptions.txt)."""
    return bool(_GROUP_AFTER.fullmatch(text, mention.end, end)) and not any(word in word_list("speaker_descriptions.txt") for word in text[mention.end : end].split())


_NAMES_BEFORE_A_GROUP = re.compile(r"(?:[A-Z][\w.'’-]*\s+)+and\s+(?:[A-Z][\w.'’-]*\s+)+(?:[a-z][\w-]*\s+)?[a-z][\w-]*[^s'’\W]s")
# A plural noun after a name, ending the speaker's words
_GROUP_AFTER = re.compile(r"(?:\s+[a-z][\w-]*[^d\W])?\s+[a-z][\w-]*[^s'’\W]s")


# An organisation that speaks (`a spokesman with the Municipal Police told`, `Ericsson said`)
_SPEAKS_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:also|later|then|on\s+\w+)\s+)?(?:said|says|told|tells|added|announced|stated|spokesman|spokeswoman|spokesperson)\b")


def description_kind(words: str) -> tuple[str, str | None]:
    """Which section of `rules/speaker_descriptions.txt` a description's words fall in, and the
    word: `unnamed` (`a source`) before `named` (`a hospital spokesperson`: a hospital) before
    `voice` and `any`, of which the last word counts (`the company's official statement`: a statement)."""
    tokens = re.findall(r"[\w’']+", re.split(r"\sto\s", words.lower())[0])  # not `a submission to the court`
    sections = sectioned_list("speaker_descriptions.txt")
    for kinds in (("unnamed",), ("named",), ("voice", "any")):
        found = [(token, kind) for token in tokens for kind in kinds if token in sections[kind]]
        if found:
            return found[-1][1], found[-1][0]
    return "", None


def _complement(text: str, start: int, person: Mention) -> bool:
    """`a spokesman for West`, `Mary Smith, wife of John Smith`: a person the speaker's words name
    after a preposition is not the speaker."""
    return bool(re.search(r"\b[a-z][\w’'-]*\s+(?:for|to|of|with|from)\s+(?:[A-Z][\w.’'-]*\s+){0,3}$", text[start : person.start]))


def possessive_owner(words: str) -> str | None:
    """The possessive pronoun that opens a speaker's words (`his legal team` -> `his`), if any."""
    match = _OWNED_VOICE.match(words.lower())
    return match.group(1) if match else None


_OWNED_VOICE = re.compile(r"(his|her|its|their)\s+(\w+)(?:\s+(?:to|in|on|for|with|from)\s.*)?")
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}


_TITLED_OTHERWISE = {"he": "female", "she": "male"}


def titled_otherwise(text: str, person: Mention, pronoun: str, mentions: list[Mention]) -> bool:
    """The text titles the person only as of the other gender than the pronoun's (`Mrs Clinton` is
    never a `he`)."""
    return _titled_genders(text, mentions).get(person.entity_id) == {_TITLED_OTHERWISE[pronoun]}


def _titled_genders(text: str, mentions: list[Mention]) -> dict[str, set[str]]:
    """The genders the titles right before a person's names give (`Mrs Clinton`, `Congresswoman
    Pelosi`, `his wife Cherie`; rules/gendered_words.tsv): a `he` is never someone the text titles
    only as a woman, a `she` never someone it titles only as a man. Pronouns are not read here, so
    that one wrong attribution cannot confirm itself; names say nothing. Read once per document:
    every `he` and `she` of it asks (the last document's answer is kept with the objects it was
    read from, so that they are the same ones, not new ones at the same address)."""
    global _last_titled
    last_text, last_mentions, last_count, last_found = _last_titled  # one tuple, read at once: threads may share it
    if last_text is text and last_mentions is mentions and last_count == len(mentions):
        return last_found
    found: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        for _, _, gender, _ in gendered_titles(text, mention.start, mention.end):
            found.setdefault(mention.entity_id, set()).add(gender)
    _last_titled = (text, mentions, len(mentions), found)
    return found


_last_titled: tuple = (None, None, 0, {})


def _antecedent(text: str, position: int, mentions: list[Mention], quote_spans: list[tuple[int, int]], labels: tuple[str, ...], since: int) -> Mention | None:
    """The entity a pronoun or description stands for: the nearest one before it that opens its
    sentence (the subject: `X met Y in Z. He said`: X), else the nearest that is not in a
    prepositional phrase, else the nearest at all; never a possessive (`Pelosi called Trump's
    conduct…, she announced`: Pelosi) but one that opens the sentence before with no one nearer,
    nor a name inside a quotation."""
    nearest = free = None
    paragraph = _paragraph_start(text, position, 0)
    for mention in reversed(mentions):  # nearest first, and the search stops as soon as it can
        if mention.end > position or mention.label not in labels:
            continue
        if mention.start < since:
            break
        if _inside(mention, quote_spans) or (mention.label == "PERSON" and " " not in mention.text and _THE_BEFORE.search(text, max(0, mention.start - 4), mention.start)):
            continue  # (`the EastMed project`, `the Trump administration`: one name after `the` is a noun's modifier; not `the Aga Khan`)
        if text.startswith(("'s", "’s"), mention.end):
            # `Actor Brendan Fraser's appearance … He quipped`: the owner opening the sentence
            # before, when no one nearer was named
            if nearest is None and name_opens_sentence(text, mention.start) and _sentences_between(text, mention.end, position) <= 1:
                return mention
            continue
        if mention.start < paragraph and free is not None:
            return free  # a name free in the pronoun's own paragraph before a subject of an earlier one
        nearest = nearest or mention
        if free is None and (not _after_preposition(text, mention.start) or (labels == ("PERSON",) and _a_source_before(text, mention, position))):
            free = mention
        if name_opens_sentence(text, mention.start):
            if _sentences_between(text, mention.end, position) <= 2:
                return mention
            if free is not None:
                return free  # the nearest subject is too far back: the nearest free name
    return free or nearest


_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording\s+to\s+((?:[\w.-]+\s+){0,2})$")
_WITH = re.compile(r"\bwith\s+(?:[a-z][\w-]*\s+){0,2}$")


def _a_source_before(text: str, person: Mention, position: int) -> bool:
    """A person after a preposition who is the one speaking, in a sentence before the pronoun's:
    the source (`Fitness was a big factor according to Kidston. "…," he said`) or the one a
    speech participle says speaks (`with Zinichev describing the threat … He estimated`). Read
    on the Wikinews corpus, where a `he` so was the person in 4 of 4 rows; not one named only to
    say whose (`according to lawyers for John Miller`), another participle's (`with Tom Baker
    leading in the polls`) or after another preposition (`a meeting with Joe Biden`; hostile
    reviews, 2026-12-08)."""
    if SENTENCE_END.search(text, person.end, position) is None:
        return False  # (`According to Jane Doe, he said`: somebody else)
    according = _ACCORDING_TO.search(text, max(0, person.start - 40), person.start)
    if according is not None:
        return not any(word.lower() in _PREPOSITIONS for word in according.group(1).split())
    participle = re.match(r"\s+([a-z]+ing)\b", text[person.end : person.end + 30])
    return participle is not None and participle.group(1) in speech_verbs() and _WITH.search(text, max(0, person.start - 40), person.start) is not None


def name_opens_sentence(text: str, position: int) -> bool:
    """Only a title (capitalised words, and the words of an office: `Florida Department of
    Transportation official Troy Roberts`), a first name, or an opening phrase and a comma stand
    between the start of the sentence and `position`."""
    start = max(text.rfind(". ", 0, position) + 2, text.rfind("\n", 0, position) + 1, 0)
    title = re.fullmatch(r"(?:[^\s,.]+(?:\s+[^\s,.]+){0,5},\s*)?(.*)", text[start:position], re.DOTALL).group(1)
    words = title.split()
    if not words:
        return True
    joined = [  # (`Department of Transportation`; not `A lawyer for victim Rosa Diaz`)
        index > 0 and index + 1 < len(words) and words[index - 1][:1].isupper() and words[index + 1][:1].isupper()
        for index, word in enumerate(words)
    ]
    return words[0][:1].isupper() and title.endswith((" ", "\t")) and all(
        word[:1].isupper() or (word in ("of", "the", "for") and joined[index]) or (word in _title_nouns() and index == len(words) - 1)
        for index, word in enumerate(words)
    )


@cache
def _title_nouns() -> frozenset[str]:
    return office_words() | word_list("person_nouns.txt")


def _after_preposition(text: str, position: int) -> bool:
    """`to Martin Smith`, `of the journalist Jamal Khashoggi`: a name in a prepositional phrase."""
    words = re.findall(r"[\w’']+|[^\w\s]", text[max(0, position - 40) : position])[-3:]
    while words and words[-1].lower() in ("the", "a", "an"):
        words.pop()
    if words and words[-1].lower() in _PREPOSITIONS:
        return True
    return len(words) >= 2 and words[-1].islower() and words[-2].lower() in _PREPOSITIONS


SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+")  # where a sentence ends, as the pronoun rules count them


def _sentences_between(text: str, start: int, end: int) -> int:
    return len(SENTENCE_END.findall(text, start, end))


def _paragraph_start(text: str, position: int, back: int) -> int:
    """Where the paragraph holding `position` starts, or the one `back` paragraphs before it."""
    start = position
    for _ in range(back + 1):
        start = text.rfind("\n", 0, start)
        while start > 0 and text[start - 1] in "\n \t":
            start -= 1
        if start <= 0:
            return 0
    return start


def _describes_an_organisation(words: str) -> bool:
    """`the company`, `a ministry spokesman`, `officials`: a speaker described by a word for one
    who speaks for an organisation."""
    tokens = re.findall(r"[\w’']+", words.lower())
    return 0 < len(tokens) <= 8 and any(token in word_list("speaker_descriptions.txt") for token in tokens)


_THE_NOUN = re.compile(r"[Tt]he\s+([a-z]+)")
_PREPOSITIONS = frozenset("in on at to of for with from by about against into over under between among after before during than like".split())


def _someone_elses(text: str, mention: Mention, end: int) -> bool:
    """`Scott's niece`, `Obama's former campaign strategist` speak for themselves; `Miller's
    statement`, `Erdogan's office`, `Matovič's government office` for the one named (the word after
    the possessive, or the last of the speaker's words, `end`, when it is two words on)."""
    match = re.match(r"['’]s\s+(\w+)(?:\s+(\w+)$)?", text[mention.end : end])
    return bool(match) and (match.group(2) or match.group(1)).lower() not in _VOICES


# What speaks in its owner's name.
_VOICES = frozenset("statement statements letter brief tweet tweets post account website office memo speech remarks filing campaign".split())
# What a one-word name may follow in a speaker's words (`Italian tyre and cables giant Pirelli`,
# `nonprofit CNA`); not descriptions a speaker is named by alone (`a charity said` is no name).
_BEFORE_A_BUSINESS = frozenset("company firm group giant carmaker automaker retailer insurer broadcaster publisher conglomerate nonprofit".split())
_COMPLEMENT_WORDS = frozenset("of for at from with the a an in to on by about and or &".split())  # (`… and Brookings Institution`: the second of two)


def _inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


# --- speech or scare quotes ----------------------------------------------------------------------
