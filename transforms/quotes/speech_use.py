"""When a speech verb reports no speech: hedges, turns of phrase, telling and naming passives,
evidence verbs with a thing as subject, `tell` meaning telling apart (rules/speech_conditions.txt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transforms.quotes.grammar import speech_lemma
from transforms.quotes.owners import documents
from transforms.rules import sectioned_list

if TYPE_CHECKING:
    from spacy.tokens import Token

# Modals that make a first- or second-person speech verb a hedge (`I would say`), not a report;
# not `should` or `must` (`I should say that my father …` reports).
_HEDGES = frozenset({"would", "could", "can", "might", "'d", "’d"})


def used_as_speech(verb: "Token", subject: "Token | None") -> bool:
    """A speech verb that reports no speech (`transforms/rules/speech_conditions.txt`):
    - a hedge or a turn of phrase: `I would say`, `I can tell you`, `you could say`, `That said, …`,
      `Let's say …`;
    - the passive of a telling verb without its agent: `they were told to leave` names who heard;
    - an evidence verb with a thing as subject: `it indicates that`, `figures which revealed`;
    - a naming passive without its agent: `a method which is called radial velocity`;
    - `tell` with nobody told and a question after it: `you can't tell what they mean`.
    A negated verb still reports (`did not say whether …`): the reported-speech scoring rule counts
    it (shared/eval/quotes/INDIRECT.md), though a reader may call it no statement."""
    conditions = sectioned_list("speech_conditions.txt")
    lemma = speech_lemma(verb) or ""
    agent = any(child.dep_ == "agent" for child in verb.children)
    if lemma in conditions.get("names_when_passive", ()) and not agent and _passive(verb):
        return False
    if lemma in conditions.get("discerns_without_addressee", ()) and _discerns(verb):
        return False
    if lemma in conditions.get("addressee_passive", ()) and not agent and verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not _perfect(verb):
        return False  # `when asked to condemn them`: the one asked (not `having warned that …`)
    if subject is None:
        return True
    person = subject.lower_
    verbs = (verb, verb.head) if verb.dep_ == "conj" and verb.tag_ == "VB" and subject.head.i == verb.head.i else (verb,)  # `you can have access and ask them to …`
    if person in ("i", "we", "you") and any(child.dep_ == "aux" and child.lower_ in _HEDGES for hedged in verbs for child in hedged.children):
        return False
    if person in ("'s", "’s", "us") and verb.head.lower_ == "let":
        return False  # `Let's say the cells fire`: a supposition
    if person in ("that", "this") and subject.i + 1 == verb.i and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].text == ",":
        return False  # `That said, …`
    if subject.dep_ == "nsubjpass" and lemma in conditions.get("addressee_passive", ()) and not agent:
        return False
    if lemma in conditions.get("needs_a_speaker", ()) and (person in conditions.get("thing_subjects", ()) or person in documents()):
        return False
    return True


def _perfect(verb: "Token") -> bool:
    """`having warned that …`: the participle's subject did it (not `having been told`)."""
    children = [child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")]
    return "having" in children and "been" not in children


def _passive(verb: "Token") -> bool:
    """`which is called X`, `it's called X`; not `who's called for tax hikes`, where `'s` is `has`
    though the parser may read it as `is`: a demand (`for`, `on` right after it) is no naming, a
    place (`I'm called "celeron55" on the Internet`) is."""
    passive = any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)
    return passive and not any(child.dep_ == "prep" and child.lower_ in ("for", "on") and child.i == verb.i + 1 for child in verb.children)


def _discerns(verb: "Token") -> bool:
    """Nobody is told, the verb says what can be told (`can't tell`, `too early to tell`), and what
    follows is a question: `tell` means telling apart (`He told how he escaped` stays speech)."""
    if not any(child.dep_ == "aux" and child.lower_ in ("can", "could", "ca", "to") for child in verb.children):
        return False
    if any(child.dep_ in ("dative", "dobj", "iobj") or child.dep_ == "prep" and child.lower_ == "to" for child in verb.children):
        return False
    clauses = [child for child in verb.children if child.dep_ in ("ccomp", "xcomp", "advcl") and child.i > verb.i]
    return bool(clauses) and (clauses[0].left_edge.tag_ in ("WDT", "WP", "WRB") or clauses[0].left_edge.lower_ in ("whether", "if"))
