"""Reported speech: `X said (that) …`, `X told Y …`, `…, the ministry said.`, and, through
`noun_cues`, `according to X, …` and `X's claim that …`.

Each rule reads one parsed sentence and returns what was reported, by whom and with which cue. The
verb rules are tried in the order of `VERB_RULES` (after `according_to` and `noun_cue`, which read
other words); a verb is used by one rule at most. When a speech verb reports no speech is
`speech_use.used_as_speech`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from transforms.quotes.grammar import Report, Span, as_saying, clause_span, cue_span, is_verb, noun_phrase, object_read_as_subject, referent_of, second_subject, speech_lemma, subject_of
from transforms.quotes.marks import MARK
from transforms.quotes.noun_cues import according_to, noun_cue
from transforms.quotes.parsing import ParsedSentence, speech_objects
from transforms.quotes.speech_use import used_as_speech
from transforms.quotes.words import TIME_WORDS
from transforms.rules import word_list
from transforms.text.dates import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions whose object is what was said: `called for`, `complained about`, `described as`.
_OBJECT_PREPOSITIONS = frozenset({"for", "about", "of", "against", "to", "with", "on", "as"})


def clause_object(parsed: ParsedSentence, verb: "Token") -> Report | None:
    """`X said (that) CLAUSE`, `X told reporters CLAUSE`, `CLAUSE, X said.` (the clause before the verb)."""
    clauses = [child for child in verb.children if child.dep_ == "ccomp" or (child.dep_ == "advcl" and (_opens_with_that(child) or _bare_clause(verb, child)))]
    if not clauses:
        return None
    after = [clause for clause in clauses if clause.i > verb.i and clause.dep_ == "ccomp"]
    if after and clauses[0].i < verb.i:
        # `It's unlikely; her team says she'll continue …`: a clause before a verb that goes on is
        # not what it says; nor is anything in `…, we tell how we got out`, a story told, not a claim
        if after[0].left_edge.tag_ in ("WRB", "WP", "WDT"):
            return None
        clauses = after
    clause = clauses[0]
    if clause.i < verb.i and _subordinate(clause):
        return None  # `now that we have a website, … I always just post the link`: when or why, not what
    if clause.i < verb.i and any(token.text == ";" for token in verb.doc[clause.right_edge.i + 1 : verb.i]):
        return None  # `That September, the movement launched; Thunberg promised protests …`: two sentences in one
    if clause.i > verb.i and clause.left_edge.i == clause.i and clause.tag_ in ("VBZ", "VBD", "VBP") and _subject(clause) is None:
        return None  # `Everything she says is a lie`: a clause with no subject of its own is the sentence the verb sits in
    tokens = _without_leading_phrase(verb, clause)
    if clause.i > verb.i and verb.dep_ == "relcl" and _has_a_verb_of_its_own(verb.head):
        # `the price that exporters say is realistic`, `rebels who Baghdad says are backed by Iran`:
        # the relative pronoun, before the speaker, stands for the noun; what was said follows the
        # verb. Not where the parser took the noun's own verb for the report's (`The things that she
        # said were hurtful`: what she said was not that)
        tokens = [token for token in tokens if token.i > verb.i]
    if (misread := object_read_as_subject(verb)) is not None and clause.i < verb.i:
        # the clause's last noun, which the parser made the verb's subject, ends what was said
        tokens = [*tokens, *verb.doc[misread[0] : misread[1].left_edge.i]]
    content = clause_span(parsed, tokens, verb)
    return _report(parsed, verb, content, "clause_object")


def _has_a_verb_of_its_own(noun: "Token") -> bool:
    """Whether the noun a relative clause hangs on has its own verb in the parse (`Rebels who … attacked
    the base`, `well below the price that …`): not when it is the root or a loose modifier, nor a
    second subject of a verb that has one already (`The things that she said were hurtful, her sister
    told the court`: `were hurtful` was the noun's verb)."""
    child, head = noun, noun.head
    while head.i != child.i and not is_verb(head):
        child, head = head, head.head
    if head.i == child.i or child.dep_ == "npadvmod":
        return False
    subjects = [token for token in head.children if token.dep_ in ("nsubj", "nsubjpass")]
    return child.dep_ not in ("nsubj", "nsubjpass") or len(subjects) == 1


def _without_leading_phrase(verb: "Token", clause: "Token") -> list["Token"]:
    """`said on Friday he would …`, `said after the convention he would …`: with no conjunction
    between them, a phrase between the verb and the clause's subject tells when or where it was said."""
    tokens = list(clause.subtree)
    subject = _subject(clause)
    if clause.i < verb.i or subject is None or any(child.dep_ == "mark" for child in clause.children):
        return tokens
    leading = [child for child in clause.children if child.i < subject.left_edge.i]
    if leading and all(child.dep_ in ("prep", "npadvmod") for child in leading):
        return [token for token in tokens if token.i >= subject.left_edge.i]
    return tokens


def _subordinate(clause: "Token") -> bool:
    """A clause opened by a conjunction of time, cause or condition (`now that`, `if`, `because`),
    which the parser may still hang on a verb as its object."""
    doc = clause.doc
    return any(
        child.dep_ == "mark" and (child.lower_ != "that" or (child.i > 0 and doc[child.i - 1].lower_ in _THAT_OPENERS))
        for child in clause.children
    )


_THAT_OPENERS = frozenset("now so given provided except such in".split())  # `now that`, `so that`, `given that`


def _opens_with_that(clause: "Token") -> bool:
    """`tweeted in the early hours that Machado was …`: a `that` clause the parser hung as an adverbial."""
    first = clause.left_edge
    return first.lower_ == "that" and first.i < clause.i and first.head.i == clause.i


def _subject(clause: "Token") -> "Token | None":
    return next((child for child in clause.children if child.dep_ in ("nsubj", "nsubjpass", "expl")), None)


def _bare_clause(verb: "Token", clause: "Token") -> bool:
    """`Trump said after the convention he would not accept …`: a finite clause with its own subject
    and no conjunction after the verb, which the parser hung as an adverbial because of the phrase
    between them, the phrase belonging to the verb."""
    subject = _subject(clause)
    return (
        clause.i > verb.i
        and subject is not None
        and subject.i > verb.i
        and not any(child.dep_ == "mark" or child.tag_ == "WRB" for child in clause.children)
        and (clause.tag_ in ("VBD", "VBZ", "VBP") or any(child.tag_ == "MD" or child.dep_ == "aux" and child.tag_ in ("VBD", "VBZ", "VBP") for child in clause.children))
    )


def infinitive_object(parsed: ParsedSentence, verb: "Token") -> Report | None:
    """`X urged Congress to act`, `she vowed to resign`: the object and its infinitive are what was
    asked or promised; not `the talks promise to be difficult`, where nobody speaks."""
    if "infinitive" not in speech_objects().get(speech_lemma(verb) or "", ()):
        return None
    infinitives = [child for child in verb.children if child.dep_ == "xcomp" and child.i > verb.i]
    if not infinitives:
        return None
    subject = subject_of(verb)
    copular = infinitives[0].lower_ in ("be", "become", "remain", "prove", "seem")
    if copular and (subject is None or not (subject.tag_.startswith("NNP") or subject.tag_ in ("PRP", "WP") or subject.lower_ in word_list("speaker_descriptions.txt"))):
        return None  # `the talks promise to be difficult`: a forecast about a thing, not a speaker's promise
    objects = [child for child in verb.children if child.dep_ == "dobj" and child.i < infinitives[0].i]
    first = objects[0].left_edge.i if objects else infinitives[0].left_edge.i
    doc = verb.doc
    content = clause_span(parsed, list(doc[first : infinitives[0].right_edge.i + 1]), verb)
    return _report(parsed, verb, content, "infinitive_object")


def noun_object(parsed: ParsedSentence, verb: "Token") -> Report | None:
    """`called for a moratorium`, `called the charges fabricated`, `described X as Y`: what was said,
    named by a noun phrase rather than a clause."""
    if "noun" not in speech_objects().get(speech_lemma(verb) or "", ()) or as_saying(verb):
        return None  # (`was described by the Kremlin as saying …`: the clause after `saying` is the report)
    parts = []
    for child in verb.children:
        if child.i <= verb.i or not (child.dep_ in ("dobj", "oprd") or (child.dep_ == "prep" and child.lower_ in _OBJECT_PREPOSITIONS and not _tells_when(child))):
            continue
        if _tells_whom(child):  # `testified to lawmakers about the failures`: the phrase the parser hung on the audience
            parts.extend(word for audience in child.children if audience.dep_ == "pobj" for word in audience.children if word.dep_ == "prep" and word.lower_ in _OBJECT_PREPOSITIONS)
        else:
            parts.append(child)
    agent = next((child for child in verb.children if child.dep_ == "agent"), None)
    if agent is not None and parts and parts[0].i < agent.i:
        parts = [part for part in parts if part.i < agent.i]  # `called a charlatan by fellow physicians for …`: who called it is no part of it
    if not parts or (speech_lemma(verb) == "call" and not _calls_something_something(verb, parts)):
        return None
    doc = verb.doc
    tokens = list(doc[parts[0].left_edge.i : max(part.right_edge.i for part in parts) + 1])
    if sum(not token.is_punct for token in tokens) < 2 or not any(token.tag_.startswith("NN") or token.tag_.startswith("VB") for token in tokens):
        return None
    if _leads_in_to_a_quotation(doc, tokens[-1].i + 1):
        return None
    return _report(parsed, verb, clause_span(parsed, tokens, verb), "noun_object")


def _calls_something_something(verb: "Token", parts: list["Token"]) -> bool:
    """`called the move a smash and grab`, `called for a moratorium`, `what it calls interference`:
    what a caller says of something, not a name given (`what we call emotional contagion`, `called
    it Flyboard Air`), a call made or a meeting called (`calling my mom`, `called an emergency
    meeting`)."""
    doc = verb.doc
    last = parts[-1]
    quoted = any(MARK.fullmatch(token.text) for token in doc[parts[0].left_edge.i : min(len(doc), last.right_edge.i + 2)])
    if quoted or parts[0].dep_ == "prep" or any(child.dep_ == "agent" for child in verb.children):
        return True  # `what she called a “rant”`, `called for a moratorium` (not `…, for instance`), `was called a charlatan by …`
    named = next((child for child in last.children if child.dep_ == "appos" and child.i > last.i), last)  # `his machine Flyboard Air`
    words = [token for token in named.subtree if token.is_alpha and token.tag_ not in ("PRP$",)]
    headline = verb.text[:1].isupper() and verb.i > 0 and not doc[verb.i - 1].is_punct  # `Christie Calls Clinton ‘A Disgrace’`
    if not headline and words and words[0].lower_ not in ("a", "an") and all(token.tag_ in ("NNP", "NNPS", "DT") for token in words):
        return False  # a proper name given (`what locals call Tent City`), not `called Netanyahu a Nazi`
    subject = subject_of(verb)
    if any(child.dep_ == "dobj" and child.tag_ in ("WP", "WDT") for child in verb.children):
        return subject is None or subject.lower_ not in ("i", "we", "you")  # `what we call emotional contagion` names; `what it calls interference` judges
    # a second object says what the thing was called (`called the move a smash and grab`, `called
    # its actions defensive`); one alone is who was called, or what (`called an emergency meeting`)
    second = [child for child in (*last.children, *verb.children) if child.i > last.i and child.dep_ in _SECOND_OBJECTS]
    # (or a parse that hung it inside the first: `called the citation and the demand a political ploy`)
    joined = [last, *(child for child in verb.children if child.i > last.i and child.dep_ in ("conj", "appos", "dep"))]
    indefinite = any(token.lower_ in ("a", "an") and token.i > last.left_edge.i and not _under_preposition(token, top) for top in joined for token in top.subtree)
    return len(parts) > 1 or bool(second) or indefinite


def _under_preposition(token: "Token", top: "Token") -> bool:
    """`called a meeting in a bid to …`: a word in a phrase of a preposition below `top`."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ == "prep":
            return True
        token = token.head
    return False


_SECOND_OBJECTS = frozenset({"appos", "oprd", "attr", "ccomp", "xcomp", "acomp", "advcl", "dobj", "dep", "amod"})


def _tells_whom(preposition: "Token") -> bool:
    """`announcing to journalists …`, `said to reporters`: who heard it, not what was said."""
    return preposition.lower_ == "to" and any(
        child.dep_ == "pobj" and (child.lower_ in _AUDIENCES or child.lower_.rstrip("s") in _AUDIENCES) for child in preposition.children
    )


_AUDIENCES = frozenset("journalist reporter press media audience crowd supporter lawmaker voter viewer reader listener".split())


def _tells_when(preposition: "Token") -> bool:
    """`reported on Thursday, coverage had risen …`, `announced on May 5`, `called a strike for
    Monday`: a date says when, not what (not `called for a day of mourning`, `complained about May`)."""
    for child in preposition.children:
        if child.dep_ != "pobj" or any(part.dep_ in ("prep", "relcl", "acl") or part.lower_ in ("a", "an") for part in child.children):
            continue
        dated = any(part.dep_ == "nummod" for part in child.children)
        if child.text in WEEKDAYS or (child.text in MONTHS and dated):  # `on Thursday`, `for June 8`
            return True
        if preposition.lower_ == "on" and child.lower_ in TIME_WORDS:
            return True
    return False



def _leads_in_to_a_quotation(doc, start: int) -> bool:
    """`described Day to the BBC in 2002: "Doris Day was America."`, `commented on the decision:
    "…"`: the noun phrase names what the quotation after the colon is about; the quotation is
    what was said."""
    for token in doc[start:]:
        if token.text == ":":
            return token.i + 1 < len(doc) and MARK.fullmatch(doc[token.i + 1].text) is not None
        if token.tag_.startswith(("VB", "MD")) or token.text in (",", ";", ".") or MARK.fullmatch(token.text):
            return False
    return False


def parenthetical(parsed: ParsedSentence, verb: "Token") -> Report | None:
    """`The deal is off, the ministry said.`, `Too often, he said, the debate …`: the speech verb
    hangs on the clause it reports."""
    if verb.dep_ not in ("parataxis", "advcl", "ccomp") or verb.head.i == verb.i:
        return None
    if any(child.dep_ in ("ccomp", "xcomp", "dobj", "oprd") for child in verb.children):
        return None  # (`His group, called the Virginia Conservation Legacy Fund, will …`: a name given)
    if any((child.dep_ == "mark" and child.lower_ not in ("as", "like")) or (child.tag_ == "WRB" and child.i < verb.i) for child in verb.children):
        return None  # `When the poll asked about …, Clinton was supported by …`, `whenever somebody writes`: a clause of time or cause, not an aside
    if verb.tag_ != "VBG" and not any(child.dep_ in ("nsubj", "nsubjpass", "agent") for child in verb.children):
        # `…, charged with one count of murder`, `as noted, …`: an aside with no speaker of its own
        # (`…, asking for help`, a participle, is said by the subject of the clause it hangs on)
        return None
    doc, head = verb.doc, verb.head
    if verb.right_edge.i >= head.right_edge.i:
        tokens = list(doc[head.left_edge.i : verb.left_edge.i])  # `…, the ministry said.`
    elif verb.left_edge.i <= head.left_edge.i:
        tokens = list(doc[verb.right_edge.i + 1 : head.right_edge.i + 1])  # `Said the ministry, …`
    elif (misread := object_read_as_subject(verb)) is not None:
        # `X detained Y, the group Z said`, Y read as the subject: the clause up to the speaker
        tokens = [*doc[head.left_edge.i : misread[1].left_edge.i], *doc[verb.right_edge.i + 1 : head.right_edge.i + 1]]
    else:
        tokens = list(doc[head.left_edge.i : head.right_edge.i + 1])  # the verb inside: both parts
    report = _report(parsed, verb, clause_span(parsed, tokens, verb), "parenthetical", inside_ok=True)
    return report


def _report(parsed: ParsedSentence, verb: "Token", content: Span | None, rule: str, inside_ok: bool = False) -> Report | None:
    if content is None:
        return None
    subject = subject_of(verb)
    if not used_as_speech(verb, subject):
        return None
    speaker = noun_phrase(parsed, subject) if subject is not None else None
    referent = noun_phrase(parsed, referent_of(verb, subject)) if subject is not None else None
    if speaker is not None and referent == speaker and (second := second_subject(verb, subject)) is not None:
        speaker = referent = Span(speaker.start, noun_phrase(parsed, second).end)  # (both, as one group of speakers)
    if speaker and not inside_ok and content.start <= speaker.start < content.end:
        speaker = referent = None  # the subject belongs to the content: a clause before the verb has its own
    if speaker is None and content.end <= parsed.start(verb):
        return None  # `…, ask them for their stories`: a clause before a verb with no subject (an imperative) was said by nobody
    clause_start = parsed.start(verb.left_edge)
    doc = verb.doc
    if verb.left_edge.i > 0 and doc[verb.left_edge.i - 1].is_punct:
        clause_start = parsed.start(doc[verb.left_edge.i - 1])
    return Report(content, speaker, cue_span(parsed, verb), rule, referent if referent != speaker else None, verb.tag_, clause_start)


# The order in which a speech verb is read; the first rule that finds a content wins.
VERB_RULES: tuple[Callable[[ParsedSentence, "Token"], Report | None], ...] = (
    clause_object,
    infinitive_object,
    noun_object,
    parenthetical,
)


def reports_in(parsed: ParsedSentence) -> list[Report]:
    """The reports a sentence makes, in text order of the cue.

    A report inside another one's content (`X said Y told him that …`) is part of what X said and
    is not a row of its own; nor is a noun-phrase object with nobody who said it.
    """
    found = []
    for token in parsed.doc:
        if token.lower_ == "according":
            report = according_to(parsed, token)
        elif token.tag_.startswith("NN"):
            report = noun_cue(parsed, token)
        elif speech_lemma(token) is None:
            continue
        else:
            report = next((report for rule in VERB_RULES if (report := rule(parsed, token))), None)
        if report and not (report.rule == "noun_object" and report.speaker is None):
            found.append(report)
    return _unnest(found)


def _unnest(reports: list[Report]) -> list[Report]:
    """One row per attribution where reports hold each other.

    - `X said A, arguing B`: the participle starts a second report by the same speaker;
    - a `…, Y boasted` clause that holds `X noted that …` is X's report, not Y's;
    - any other report inside another one's content is part of what the outer speaker said.
    """
    kept = list(reports)
    for inner in reports:
        for outer in reports:
            if inner is outer or not _inside(inner.cue, outer.content) or outer not in kept or inner not in kept:
                continue
            if inner.cue_tag == "VBG" and inner.cue.start > outer.content.start:
                kept[kept.index(outer)] = replace(outer, content=Span(outer.content.start, inner.clause_start))
                kept[kept.index(inner)] = replace(inner, speaker=outer.speaker, referent=outer.referent)
            elif outer.rule == "parenthetical" and inner.rule != "parenthetical":
                kept.remove(outer)
            else:
                kept.remove(inner)
    return kept


def _inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end
