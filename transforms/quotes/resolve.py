"""Who a speaker is, for counting: every attribution ends as a name or as honestly unresolved.

Its rules call each other (an antecedent or an owner is resolved by the same rules as the speaker's
own words), which is why they stay one module; what they ask of roles and titles is in `roles`, of
documents in `owners`, of interview transcripts in `interviews`, of the parts of the words (head
noun, plural) in `phrases`, of datelines in `datelines`. The word lists are data in `transforms/rules/`.

The attribution rules find the speaker's words; `speakers.speaker_entity` links names and the
pronouns it can. This last pass decides what each attribution is counted under:

- words that cannot be a speaker are dropped: words inside a quotation (`"… I could not sleep."`
  is nobody's attribution of itself), a dateline (`NEW YORK, March 3 -`);
- a relative pronoun stands for its antecedent (`members of the party, who say …`);
- a role (`the minister`, `the 21-year-old`, a capitalised title alone: `Iranian Chess Federation
  President`) is the person the document names with that role, when it names exactly one (a title
  without `former` never the person it calls former), and a role noun followed by a name (`said a
  spokesman, Jane Doe`, `President of Ukraine Volodymyr Zelenskyy`) that name;
- an organisation's description (`the company`, `the bank`) is the organisation of that kind the
  document names, else the one it names most (its subject);
- a plural common noun (`analysts`, `members of the party`, `Police` alone opening a sentence) is a
  group, counted in lower case, and so is a `they` that follows it in the same or the next paragraph;
  an `it` left unresolved is likewise the organisation credited last (`Texaco Inc said … It said`);
- a document (`the report`, `the court's summary`, `RIAA's take-down notice`, `a tweet sent from
  Biden's account`) speaks for its owner when the text names one;
- a description ending in a name the model did not tag (`study co-author … Martin How`) is that name;
- `I` in a labelled interview turn (`((Wayne Tseng)) I …`) is the turn's speaker, and a `he` or
  `she` in it never is;
- capitalised words the model did not tag are a name as written (or the entity the document tags
  under that name elsewhere, an acronym included), unless the tagger reads the first as no noun
  (`Some`, `Except`, `Former CIA`);
- anything else (`he` with no antecedent, `I`, `the report`) stays as written and is `unresolved`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from transforms.entities import Mention
from transforms.entities.names import display_name, honorifics, normalise, without_title
from transforms.quotes.quotations import DIRECT, ENTITY, GROUP, NAME, NO_SPEAKER, SCARE, UNRESOLVED, Quote
from transforms.quotes.parsing import token_at
from transforms.quotes.words import is_cue
from transforms.quotes.datelines import after_dateline, end_of_words
from transforms.quotes.phrases import core, head_noun, is_plural, titled_organisation
from transforms.quotes.interviews import interview_turn, recalled_from_the_answer, turn_speaker, turn_speaker_as_third_person
from transforms.quotes.owners import AUTHORING, documents, earlier_owner, owner
from transforms.quotes.roles import AGE, by_description, by_role, by_title, is_a_name, name_after_title, name_ending, roles, unnamed_subject_before
from transforms.quotes.owners import document_opens_sentence
from transforms.quotes.governments import GOVERNMENT_WORDS, named_government
from transforms.quotes.organisations import agency_in, names_another, organisation_of_kind
from transforms.quotes.speakers import description_kind, possessive_owner, pronouns, titled_otherwise
from transforms.rules import word_list

if TYPE_CHECKING:
    from transforms.reading.articles import Article
    from transforms.quotes.parsing import ParsedSentence

_RELATIVE = frozenset({"who", "which", "that", "whom"})
# Documents that, unowned, stand for the outlets that wrote them: `according to local reports` is a
# group like `sources` (the Wikinews judges took `preliminary reports` as the speaker, as written).
_UNNAMED_OUTLETS = frozenset({"reports"})
_DETERMINER = re.compile(r"(?:the|a|an|one of the)\s", re.IGNORECASE)
_OPENING_PREPOSITION = re.compile(r"(?:according\s+to|to|by|from|with|among|for)\s+(?=\S)", re.IGNORECASE)
# Documents written about the one named before them, by someone else (a hostile review, 2026-12-07)
_WRITTEN_ABOUT = frozenset("indictment indictments lawsuit lawsuits complaint complaints ruling rulings verdict verdicts audit audits case charges probe investigation inquiry".split())
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "LOC"})


def resolve_speakers(article: "Article", quotes: list[Quote], mentions: list[Mention], parses: dict[int, "ParsedSentence"]) -> None:
    """Set every quote's `speaker_status`, and its entity or name where the text makes it clear."""
    text = article.text
    quoted = [(quote.start, quote.end) for quote in quotes if quote.kind in (DIRECT, SCARE)]
    resolved: dict[tuple[int, int], tuple[str, str | None, str | None]] = {}
    for quote in quotes:
        if quote.kind == SCARE or quote.speaker_start is None:
            quote.speaker_status = NO_SPEAKER
            continue
        if _impossible(text, quote, quoted):
            _drop(quote)
            continue
        start = after_dateline(text, quote.speaker_start, quote.speaker_end, quote.cue_start)
        if start is None:
            _drop(quote)
            continue
        if start >= quote.speaker_end:  # `NEW YORK, March 3 - American Express Co said`: the words after the dateline
            quote.speaker_end = end_of_words(text, start, quote.cue_start)
            quote.speaker_entity_id = quote.speaker_name = None
        quote.speaker_start = start
        named = _named_in_apposition(text, quote.speaker_start, quote.speaker_end, mentions)
        if named is not None and not _opens_the_content(text, quote, named):
            # `said a spokesman, Jane Doe`, `Scott's niece, state Del. Marcia Price, shouted`
            quote.speaker_end, quote.speaker_entity_id, quote.speaker_name = named.end, named.entity_id, named.entity_name
            quote.speaker_status = ENTITY
            continue
        key = (quote.speaker_start, quote.speaker_end)
        if turn_speaker_as_third_person(text, quote, mentions):
            quote.speaker_status, quote.speaker_entity_id, quote.speaker_name = UNRESOLVED, None, None
            continue
        words = text[quote.speaker_start : quote.speaker_end].lower()
        if words in ("he", "she") and (unnamed := unnamed_subject_before(text, quote.speaker_start, words, mentions)) is not None:
            found = by_role(text, unnamed[0], unnamed[1], mentions)  # `The judge ruled … He said`: the one judge named
            found = None if found is not None and titled_otherwise(text, found, words, mentions) else found
            quote.speaker_status, quote.speaker_entity_id, quote.speaker_name = (ENTITY, found.entity_id, found.entity_name) if found else (UNRESOLVED, None, None)
            continue
        if quote.speaker_entity_id is not None and _counts_as_speaker(mentions, quote) and not _group_linked_by_description(text, quote, mentions):
            quote.speaker_status = ENTITY
            continue
        if (answering := recalled_from_the_answer(article, quote, mentions, parses)) is not None:
            quote.speaker_status, quote.speaker_entity_id, quote.speaker_name = answering
            continue
        if key not in resolved:
            resolved[key] = _resolve(article, key[0], key[1], mentions, parses)
        quote.speaker_status, quote.speaker_entity_id, quote.speaker_name = resolved[key]
    _carried_over(article, quotes, mentions)


def _carried_over(article: "Article", quotes: list[Quote], mentions: list[Mention]) -> None:
    """`Protesters marched on Sunday. They said …`: an unresolved `they` is the group counted last
    before it in the same or the previous paragraph; `Texaco Inc said … The company said … It said`:
    an unresolved `it` is the organisation credited last so, the one newswire keeps speaking of,
    unless a sentence in between opens with a document (`A survey published on Tuesday …. It said`);
    a speaker carried over is carried on (`It said … It said`)."""
    text = article.text
    organisations = {mention.entity_id for mention in mentions if mention.label == "ORG"}
    spoken = sorted((quote for quote in quotes if quote.speaker_start is not None), key=lambda quote: quote.speaker_start)
    last: dict[str, Quote] = {}
    for quote in spoken:
        if quote.speaker_status == GROUP:
            last["they"] = quote
        elif quote.speaker_status == ENTITY and quote.speaker_entity_id in organisations:
            last["it"] = quote
        words = text[quote.speaker_start : quote.speaker_end].lower()
        if words == "they" and quote.speaker_status == ENTITY and "they" in last and _group_spoke_since(last["they"], quote, mentions):
            pass  # `…, traders said. Nickel extended gains …, they said.`: not the company the traders named
        elif quote.speaker_status != UNRESOLVED or words not in ("they", "it") or words not in last:
            continue
        source = last[words]
        if article.sentence_at(quote.speaker_start).paragraph_index - article.sentence_at(source.speaker_start).paragraph_index > 1:
            continue
        if words == "it" and document_opens_sentence(text, source.speaker_end, quote.speaker_start):
            continue
        quote.speaker_status, quote.speaker_entity_id, quote.speaker_name = source.speaker_status, source.speaker_entity_id, source.speaker_name
        last[words] = quote


def _group_spoke_since(group: Quote, quote: Quote, mentions: list[Mention]) -> bool:
    """Whether the group counted last spoke after the organisation a `they` was linked to was last
    named: then `they` goes on with the group."""
    named = [mention.end for mention in mentions if mention.entity_id == quote.speaker_entity_id and mention.end <= quote.speaker_start]
    return bool(named) and max(named) <= group.speaker_start


def _drop(quote: Quote) -> None:
    quote.speaker_start = quote.speaker_end = quote.speaker_entity_id = quote.speaker_name = None
    quote.speaker_status = NO_SPEAKER
    if quote.kind == DIRECT:
        quote.cue_start = quote.cue_end = quote.rule = None


def _impossible(text: str, quote: Quote, quoted: list[tuple[int, int]]) -> bool:
    """A speaker or cue inside a quotation speaks in it, not for it: `"… I could not sleep."` is
    not I's attribution, nor is a cue quoted from someone else. A transcript's `NAME:` opening its
    own quoted turn is the exception."""
    if quote.rule == "transcript_turn":
        return False
    spans = [(quote.speaker_start, quote.speaker_end)]
    if quote.cue_start is not None:
        spans.append((quote.cue_start, quote.cue_end))
    return any(start <= span_start and span_end <= end for span_start, span_end in spans for start, end in quoted)


_PLACE_THEN_LOWER_WORDS = re.compile(r"[a-z]*(?:\s+[a-z][\w-]*)+\s*")  # (the rest of its word: `Chile` tagged in `Chilean`)


def _group_linked_by_description(text: str, quote: Quote, mentions: list[Mention]) -> bool:
    """`officials said` was linked to the organisation the paragraph is about; a plural names a
    group, which may speak for another one than the nearest, so it is counted as the group. So is
    one whose words name a place only to say whose they are (`Chilean military authorities`, where
    the model tagged `Chilean` a place)."""
    start, end = quote.speaker_start, quote.speaker_end
    head, phrase = head_noun(text[start:end])
    linked = [mention for mention in mentions if mention.entity_id == quote.speaker_entity_id and start <= mention.start and mention.end <= end]
    if linked and (head is None or head.lower() in documents() or not all(_qualifies(text, mention, end) for mention in linked)):
        return False  # (`Chicago police reports`: a document, whose author the rules for documents find)
    # `officials`, or `Officials` alone opening the sentence (not `Police` where `Thames Valley Police` is named)
    alone = phrase == head and not _names_a_mention(head, mentions)
    return head is not None and (head[:1].islower() or alone) and is_plural(head.lower())


def _qualifies(text: str, place: Mention, end: int) -> bool:
    """A place that only opens the words of a group (`Chilean military authorities`): lower-case
    words after it, to the end (not `Chile's authorities`, nor `authorities in Chile`)."""
    return place.label in ("GPE", "NORP") and _PLACE_THEN_LOWER_WORDS.fullmatch(text, place.end, end) is not None


def _opens_the_content(text: str, quote: Quote, named: Mention) -> bool:
    """A name after the speaker's words that is the first of what is cited (`According to FEC
    records, De La Fuente's committee gave …`, `According to police, Daniel Ortiz, 34, fled`), not
    the name of one person the words describe (`According to the spokeswoman, Linda Okafor, the
    airline …`), which the parser may read into the content too."""
    if not quote.start <= named.start < quote.end:
        return False
    head, _ = head_noun(text[quote.speaker_start : quote.speaker_end])
    one_person = head is not None and head.lower() not in documents() and not is_plural(head, None)
    return not (one_person and text[named.end : named.end + 2].lstrip().startswith(","))


_MEMBER_OF = frozenset("including among such like especially notably".split())  # (`State and local officials, including Mayor Eric Adams,`: one of them)


def _named_in_apposition(text: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    """The person a role noun introduces right after it: `a spokesman, Jane Doe`, `the study's
    lead author, doctoral candidate Maninder Thind` (a few lower-case or title words may stand
    before the name). Only for speaker words that are a description, not a name."""
    head, _ = head_noun(text[start:end])
    described = head is not None and (head[:1].islower() or _DETERMINER.match(text, start, end))
    if not described or any(start <= m.start and m.end <= end and m.label == "PERSON" for m in mentions):
        return None
    match = re.match(r",\s+(?:[\w.’'-]+\s+){0,3}?", text[end : end + 60])
    if not match:
        return None
    for mention in mentions:
        if mention.label == "PERSON" and end + 1 < mention.start <= end + 60 and not text[end + 1 : mention.start].strip(" ,").count(","):
            between = text[end + 1 : mention.start].split()
            if len(between) <= 3 and all((word[:1].islower() and word not in _MEMBER_OF) or word.rstrip(".").lower() in honorifics() for word in between):
                return mention
            return None
    return None


def _named_before(text: str, start: int, head_start: int, head: str, mentions: list[Mention]) -> tuple[int, int] | None:
    """A person or an organisation named before a document's noun (`FEC records`, `Pentagon
    documents`): the one it is from; not before a document written about them (`the Boeing
    indictment`, `the Amazon lawsuit`)."""
    if head.lower() in _WRITTEN_ABOUT:
        return None
    named = next((m for m in mentions if start <= m.start and m.end <= head_start and m.label in ("PERSON", "ORG")), None)
    return (named.start, named.end) if named is not None and not text[named.end : head_start].strip(" -") else None


def _counts_as_speaker(mentions: list[Mention], quote: Quote) -> bool:
    label = next((mention.label for mention in mentions if mention.entity_id == quote.speaker_entity_id), "PERSON")
    return label in _SPEAKER_LABELS


def _resolve(article: "Article", start: int, end: int, mentions: list[Mention], parses: dict[int, "ParsedSentence"]) -> tuple[str, str | None, str | None]:
    """(status, entity id, name) of speaker words that `speaker_entity` did not link."""
    text = article.text
    words = text[start:end]
    lowered = " ".join(words.lower().split())
    if lowered in _RELATIVE and not words.isupper():  # (`WHO's statistics`: the World Health Organization)
        antecedent = _antecedent_of_relative(article, start, parses)
        if antecedent is None:
            return UNRESOLVED, None, None
        linked = next((m for m in mentions if antecedent[0] <= m.start and m.end <= antecedent[1] and m.label in _SPEAKER_LABELS), None)
        if linked is not None:
            return ENTITY, linked.entity_id, linked.entity_name
        return _resolve(article, *antecedent, mentions, parses)
    if lowered in ("i", "me", "we", "us") and (turn := interview_turn(text, start)) is not None:  # (`we` of an answer: the one answering speaks for them)
        return turn_speaker(text[turn[0] : turn[1]], mentions)
    if lowered == "they" and (subject := _plural_subject_before(article, start, parses)) is not None:
        return _resolve(article, *subject, mentions, parses)
    if lowered in pronouns():
        return UNRESOLVED, None, None
    if (agency := agency_in(words)) is not None:
        return NAME, None, agency  # `The domestic Yonhap news agency`, which the model did not tag
    if (government := named_government(text, start, end, mentions)) is not None:
        return NAME, None, government
    if (organisation := titled_organisation(words, mentions)) is not None:
        same = next((mention for mention in mentions if normalise(organisation) in (normalise(mention.entity_name), normalise(mention.text)) and mention.label in _SPEAKER_LABELS), None)
        return (ENTITY, same.entity_id, same.entity_name) if same is not None else (NAME, None, organisation)
    head, phrase = head_noun(words)
    authored = re.match(rf"(.+?)\s+(?:{AUTHORING}\s+)?by\s", words)  # `a report by the World Health Organization`, `The decree signed by the Pope`
    if authored and (document := head_noun(authored.group(1))[0]) is not None and document.lower() in documents():
        head = document
    if head is not None and head.lower() in documents():
        # `the court's summary`, `a statement released by her family`: the document's author speaks
        head_end = start + max((match.end() for match in re.finditer(rf"\b{re.escape(head)}\b", words)), default=words.find(head) + len(head))
        found = owner(text, start, head_end) or _named_before(text, start, head_end - len(head), head, mentions) or earlier_owner(article, head, start, mentions)
        if found and not _a_place_it_came_from(text, head_end, found, mentions):
            named = next((m for m in mentions if found[0] <= m.start < found[1] and m.end > found[1] and m.label in _SPEAKER_LABELS), None)
            if named is not None:  # `the reports by Johns Hopkins Center for Systems Science and Engineering`: the name begun there
                return ENTITY, named.entity_id, named.entity_name
            return _resolve(article, *found, mentions, parses)
        if head.lower() in _UNNAMED_OUTLETS:
            return GROUP, None, " ".join(phrase[: phrase.lower().rfind(head.lower()) + len(head)].lower().split())
        return UNRESOLVED, None, None
    if head is None:
        return UNRESOLVED, None, None
    tag = _tag_at(article, parses, start + words.find(head))
    capitalised_alone = len(core(phrase).split()) == 1 and not _names_a_mention(head, mentions)  # `Authorities said`
    if is_plural(head, tag) and (head[:1].islower() or capitalised_alone):
        return GROUP, None, " ".join(phrase.lower().split())
    # (`The Committee`, `the President`: a capitalised description)
    described = head[:1].islower() or bool(AGE.fullmatch(head.lower())) or (bool(_DETERMINER.match(lowered)) and (head.lower() in roles() or (head.lower() in _organisation_words() and core(phrase) == head)))
    if described:
        role = head.lower()
        if role in GOVERNMENT_WORDS and " ".join(core(phrase).lower().split()) != role:
            # a government qualified as `governments.named_government` does not read (`the federal
            # government`, `the Hamas government in Gaza`): no organisation named so, nor a place in it
            found = None
        elif role in _organisation_words():
            found = _organisation_described(text, start, end, mentions)
        else:
            found = None if names_another(words, role) else by_description(text, start, phrase, role, mentions)
        if found is not None:
            return ENTITY, found.entity_id, found.entity_name
        named = name_ending(text, start, end, mentions)
        return _resolve(article, named, end, mentions, parses) if named is not None else (UNRESOLVED, None, None)
    trailing = name_after_title(text, start, end, mentions)
    if trailing is not None:
        start, words = trailing, text[trailing:end]  # `First Minister of Scotland Nicola Sturgeon`
    elif head.lower() in roles():
        # `Senator from Texas`, `Iranian Chess Federation President`: a position, not a name
        found = by_title(text, start, phrase, head.lower(), mentions)
        return (ENTITY, found.entity_id, found.entity_name) if found else (UNRESOLVED, None, None)
    name = without_title(display_name(core(words)))
    # the name the model tagged elsewhere in the document, also an acronym (`RIAA`) it linked to its long name
    same = next((mention for mention in mentions if normalise(name) in (normalise(mention.entity_name), normalise(mention.text)) and mention.label in _SPEAKER_LABELS), None)
    if same is not None:
        return ENTITY, same.entity_id, same.entity_name
    if not is_a_name(name):
        return UNRESOLVED, None, None
    same = _person_by_surname(name, mentions)
    if same is not None:
        return ENTITY, same.entity_id, same.entity_name
    first = words.find(name.split()[0])
    tag = _tag_at(article, parses, start + first) if first >= 0 else None
    if tag is not None and not tag.startswith("NN"):
        # a capitalised word that opens the sentence and is no noun (`Some`, `Except`, `Former CIA`);
        # a name the tagger reads as a common noun (`Trump said`) still counts
        return UNRESOLVED, None, None
    return NAME, None, name


def _organisation_described(text: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    """`the company`: the organisation the document names most before (its subject); `the army`
    only one named so; never for a source, nor for words that name someone (`a spokesman for
    West`) or belong to a pronoun's owner (`his office`) whom `speaker_entity` did not find."""
    section, word = description_kind(text[start:end])
    if section == "unnamed" or any(start <= mention.start and mention.end <= end and mention.label == "PERSON" for mention in mentions) or possessive_owner(text[start:end]) in ("his", "her"):
        return None
    return organisation_of_kind(text, start, word, mentions, of_kind_only=section == "named", words=text[start:end])


def _a_place_it_came_from(text: str, head_end: int, owner: tuple[int, int], mentions: list[Mention]) -> bool:
    """`reports from Gaza`, `a report from Kabul`: where it came from, not who wrote it."""
    came_from = re.match(r"\s+(?:\w+\s+)?from\s", text[head_end : owner[0] + 1])
    return bool(came_from) and any(mention.start == owner[0] and mention.label in ("GPE", "LOC") for mention in mentions)


def _tag_at(article: "Article", parses: dict[int, "ParsedSentence"], offset: int) -> str | None:
    """The tagger's tag of the word at `offset`, when its sentence was parsed."""
    token = token_at(article, parses, offset)
    return token.tag_ if token is not None else None


def _names_a_mention(word: str, mentions: list[Mention]) -> bool:
    """`Fallows` is tagged as a plural, but the document names James Fallows."""
    return any(word in mention.text.split() for mention in mentions)


def _person_by_surname(name: str, mentions: list[Mention]) -> Mention | None:
    """A single name the model did not tag here is the one person of the document with that name."""
    if " " in name:
        return None
    people = {mention.entity_id: mention for mention in mentions if mention.label == "PERSON" and name in mention.entity_name.split()}
    return next(iter(people.values())) if len(people) == 1 else None


def _antecedent_of_relative(article: "Article", start: int, parses: dict[int, "ParsedSentence"]) -> tuple[int, int] | None:
    """The noun phrase a relative pronoun hangs on: from the parse when the sentence was parsed,
    else the words between the previous break and `, who`."""
    token = token_at(article, parses, start)
    if token is not None:
        parsed = parses[article.sentence_at(start).index]
        if token.head.dep_ == "relcl" and token.head.head.i != token.head.i:
            noun = token.head.head
            low = min((child.left_edge.i for child in noun.children if child.dep_ in ("compound", "amod", "det", "poss", "nummod", "prep") and child.i < token.i), default=noun.i)
            high = max([noun.i] + [child.right_edge.i for child in noun.children if child.dep_ == "prep" and child.i < token.i])
            return parsed.start(noun.doc[min(low, noun.i)]), parsed.end(noun.doc[high])
    text = article.text
    before = text[max(0, start - 120) : start].rstrip(" ,")
    match = re.search(r"([\w’'.-]+(?:\s+[\w’'.-]+){0,6})$", before)
    if not match:
        return None
    # `according to police, who said …`, which the parser reads as a clause of its own: the noun
    # phrase, not the preposition before it
    opener = _OPENING_PREPOSITION.match(match.group(1))
    phrase_start = max(0, start - 120) + match.start() + (opener.end() if opener else 0)
    return phrase_start, max(0, start - 120) + len(before)


def _plural_subject_before(article: "Article", start: int, parses: dict[int, "ParsedSentence"]) -> tuple[int, int] | None:
    """`if the people writing the laws had thought …, they might have said`: `they` is the plural
    subject of an earlier clause of its own sentence, as the parse reads it; a `they` opening a
    sentence is the plural subject of a speech verb in the sentence before in its paragraph (`The
    researchers reported a coating … They also reported …`)."""
    token = token_at(article, parses, start)
    if token is None:
        return None
    sentence = article.sentence_at(start)
    parsed = parses[sentence.index]
    subjects = [other for other in token.doc[: token.i] if other.dep_ in ("nsubj", "nsubjpass") and other.tag_ == "NNS"]
    limit = token.i
    if not subjects and token.i == 0 and (before := parses.get(sentence.index - 1)) is not None and "\n" not in article.text[before.offset : start]:
        parsed, limit = before, len(before.doc)
        # only the subject of a speech verb: those who spoke go on speaking (not `Their demands included …`)
        subjects = [other for other in before.doc if other.dep_ == "nsubj" and other.head.dep_ == "ROOT" and is_cue(other.head.text) and other.tag_ == "NNS"]
    if not subjects:
        return None
    noun = subjects[-1]
    low = min([noun.i] + [child.left_edge.i for child in noun.children if child.dep_ in ("compound", "amod", "det", "nummod") and child.i < noun.i])
    high = max([noun.i] + [child.right_edge.i for child in noun.children if child.dep_ in ("prep", "acl") and child.i > noun.i and child.right_edge.i < limit])
    return parsed.start(noun.doc[low]), parsed.end(noun.doc[high])


@cache
def _organisation_words() -> frozenset[str]:
    return word_list("speaker_descriptions.txt")
