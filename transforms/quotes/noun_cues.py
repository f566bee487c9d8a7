"""Reported speech cued by words that are no speech verb: `according to X, …`, `X's claim that …`,
`made a promise to lower taxes`. `reported.reports_in` tries them before the verb rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transforms.quotes.grammar import Report, Span, clause_span, noun_phrase, referent_of, subject_of
from transforms.quotes.parsing import ParsedSentence
from transforms.quotes.words import TIME_WORDS, WEEKDAYS_AND_MONTHS
from transforms.rules import word_list

if TYPE_CHECKING:
    from spacy.tokens import Token


def according_to(parsed: ParsedSentence, token: "Token") -> Report | None:
    """`According to X, CLAUSE.` / `CLAUSE, according to X.`"""
    if token.lower_ != "according":
        return None
    to = next((child for child in token.children if child.lower_ == "to"), None)
    if to is None:
        return None
    # the source: the object of `to`, else its last noun (`according to show insiders`, `show` read as a verb)
    source = next((child for child in to.children if child.dep_ == "pobj"), None) or next(
        (word for word in reversed(list(to.subtree)) if word.tag_.startswith("NN")), None
    )
    if source is None or source.lower_ in ("you", "me", "us"):
        return None  # `What according to you is …?`: an interviewer's question, not an attribution
    doc = token.doc
    # the phrase ends with its source at the latest comma, also where the parser hung the sentence on it
    end = _source_end(source, to)
    before = list(doc[: token.i])
    after = list(doc[end + 1 :])
    if len(before) > 1 and len(after) > 1 and before[-1].text == "," and after[0].text == ",":
        root = next(word for word in doc if word.head.i == word.i)
        # `Statements from Putin, according to Peskov, are not worth waiting for.`: the sentence goes
        # on after the phrase; `The top 1 percent would see …, according to X, more than twice …`: an
        # aside follows a finished clause
        tokens = list(doc) if root.i > end else before
    else:
        tokens = after if len(after) > len(before) else before
    content = clause_span(parsed, tokens, token)
    if content is None:
        return None
    end = parsed.end(to)
    return Report(content, noun_phrase(parsed, source), Span(parsed.start(token), end), "according_to")


def _source_end(source: "Token", to: "Token") -> int:
    """The last token of `according to SOURCE`: the first comma after the source ends it, unless a
    name in apposition follows (`according to the police chief, John Smith, …`)."""
    doc = source.doc
    index = source.i
    while index < to.right_edge.i:
        index += 1
        if doc[index].text != ",":
            continue
        following = doc[index + 1] if index + 1 < len(doc) else None
        name = following if following is not None and following.dep_ == "appos" else following.head if following is not None else None
        if following is not None and following.tag_ == "NNP" and name.dep_ == "appos" and name.head.i == source.i:
            index = name.right_edge.i
            continue
        return index - 1
    return to.right_edge.i


def noun_cue(parsed: ParsedSentence, noun: "Token") -> Report | None:
    """`Biden's statement that he does not accept red lines`, `his claim that …`, `made a promise to
    lower taxes`: a speech noun with its clause; the speaker is its owner, or the subject of the verb
    it is the object of (`Trump repeated his claim` -> Trump)."""
    if not noun.tag_.startswith("NN") or noun.lower_ not in word_list("speech_nouns.txt"):
        return None
    clauses = [child for child in noun.children if child.dep_ in ("acl", "ccomp") and child.i > noun.i and _is_clause_object(child)]
    if not clauses:
        return None
    content = clause_span(parsed, list(clauses[0].subtree), noun)
    if content is None:
        return None
    owner = next((child for child in noun.children if child.dep_ == "poss"), None)
    if owner is not None and _a_time(owner):
        # `Thursday's announcement that …`, `last week's statement`: when, not who; who is the
        # agent, if any (`Yesterday's statement by the central bank`)
        agent = next((grandchild for child in noun.children if child.dep_ == "prep" and child.lower_ == "by" for grandchild in child.children if grandchild.dep_ == "pobj"), None)
        if agent is None:
            return None
        return Report(content, noun_phrase(parsed, agent), Span(parsed.start(noun), parsed.end(noun)), "noun_cue")
    speaker = referent = None
    if owner is not None and owner.tag_ != "PRP$":
        speaker = noun_phrase(parsed, owner)
    elif noun.dep_ == "dobj" and (subject := subject_of(noun.head)) is not None:
        speaker = noun_phrase(parsed, subject)
        referent = noun_phrase(parsed, referent_of(noun.head, subject))
    if speaker is None:
        return None
    speaker = Span(speaker.start, speaker.end - _possessive_length(parsed, speaker))
    return Report(content, speaker, Span(parsed.start(noun), parsed.end(noun)), "noun_cue", referent if referent != speaker else None)


def _a_time(owner: "Token") -> bool:
    """`Thursday's`, `last week's`, `Yesterday's`; not a name that holds such a word (`Theresa May's`,
    `Ruby Tuesday's`, `USA Today's`, `Doris Day's`): nothing compounds with it, nor does a name run
    into it, and a common time word is in lower case unless it opens the sentence."""
    if any(child.dep_ in ("compound", "nmod") for child in owner.children):
        return False
    doc = owner.doc
    if owner.i > 0 and doc[owner.i - 1].tag_ in ("NNP", "NNPS") and doc[owner.i - 1].head.i == owner.i:
        return False
    if owner.text in WEEKDAYS_AND_MONTHS:
        return owner.text != "May"  # (a month, and a name that is also one: `May's promise`)
    return owner.lower_ in TIME_WORDS and (owner.text.islower() or owner.is_sent_start)


def _is_clause_object(clause: "Token") -> bool:
    """A `that` clause or an infinitive (`to lower taxes`), not a relative clause (`the claim he made`)."""
    return any(child.dep_ in ("mark", "aux") and child.lower_ in ("that", "to") and child.i < clause.i for child in clause.children)


def _possessive_length(parsed: ParsedSentence, speaker: Span) -> int:
    text = parsed.doc.text[speaker.start - parsed.offset : speaker.end - parsed.offset]
    return 2 if text.endswith(("'s", "’s")) else 0
