"""Reading a parsed sentence: which word is a speech verb, who is its subject, what it reports.

Tags are the Penn Treebank tags of the model's tagger (`VBD`, `NNP`, `PRP`): the parser pipeline
runs without the attribute ruler, so `token.pos_` is not set and not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from transforms.quotes.owners import documents
from transforms.quotes.parsing import ParsedSentence, speech_verbs
from transforms.rules import word_list

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependents that belong to a speaker's noun phrase; the rest (a relative clause, an apposition, an
# adverb, punctuation) are left out of the speaker's words.
_PHRASE_DEPENDENTS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "prep", "case", "quantmod", "npadvmod", "nn", "cc", "conj", "predet"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Report:
    """What a sentence reports: its content, speaker (None when the text names none) and cue."""

    content: Span
    speaker: Span | None  # the words as written: a name, `he`, `who`
    cue: Span
    rule: str
    referent: Span | None = None  # what the speaker's words stand for, when not themselves (`who`)
    cue_tag: str = ""  # the cue verb's tag: a participle (`VBG`) may continue an earlier report
    clause_start: int = 0  # where the cue's own clause starts (`, arguing that …`)


def is_verb(token: "Token") -> bool:
    return token.tag_.startswith("VB") or token.tag_ == "MD"


def speech_lemma(token: "Token") -> str | None:
    """The lemma of a speech verb used as a verb (`the state said`: "state" is a noun, no cue)."""
    if not token.tag_.startswith("VB"):
        return None
    lemma = speech_verbs().get(token.lower_)
    if lemma and " " in lemma:  # `point out` is a speech verb only with its particle
        verb, particle = lemma.split(" ", 1)
        if not any(child.dep_ == "prt" and child.lower_ == particle for child in token.children):
            return None
    return lemma


def cue_span(parsed: ParsedSentence, verb: "Token") -> Span:
    """The verb, with its particle when it has one (`pointed out`)."""
    end = parsed.end(verb)
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = parsed.end(child)
    return Span(parsed.start(verb), end)


def subject_of(verb: "Token") -> "Token | None":
    """Who does the verb: its subject (a relative `who` as written, see `referent_of`), the agent of
    a passive, or the subject of the verb it is coordinated with (`smiled and said`); the noun a
    relative clause without a subject hangs on."""
    for child in verb.children:
        if child.dep_ == "nsubjpass" and verb.lower_ not in _QUOTING and not as_saying(verb) and (agent := _agent(verb)) is not None:
            return agent  # `Amman, who was described as "knife-obsessed" by the police`: the police
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and child.lower_ not in ("it", "this")):
            misread = object_read_as_subject(verb)
            return misread[1] if misread is not None else _past_dateline(child)
        if child.dep_ == "agent" and (agent := _agent(verb)) is not None:
            return agent
    if verb.dep_ == "relcl" and verb.head.tag_.startswith("NN"):
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.tag_.startswith("NN") and verb.head.lower_ in ISSUED_NOUNS:
        return _issuer(verb.head)  # `Sean Conley issued a statement saying …`
    if _second_report(verb):
        return subject_of(verb.head.head)  # `China said it was opposed and warned …`: China warned
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i and is_verb(verb.head):
        return subject_of(verb.head)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
        quoted = _quoted_as(verb)
        if quoted is not None:
            return quoted
        # `he appeared at a hearing for saying that …`: a gerund after a preposition is said by
        # the subject of the verb the phrase hangs on
        head = verb.head.head
        while head.head.i != head.i and not is_verb(head):
            head = head.head
        return subject_of(head) if is_verb(head) and head.i != verb.i else None
    return None


def _issuer(noun: "Token") -> "Token | None":
    """Who a statement, letter or report that says something comes from: its author after `by` or
    `from` (`a letter from Vladimir Putin saying`), or the subject of a verb of issuing it is the
    object of (`X issued a statement saying`, `X sent a letter saying`), that verb's own and active:
    not one who received it (`was sent a letter saying`, `received a letter`), passed it on
    (`published a memo`, `shared a report`), or was made to, refused to or denied issuing it
    (`refused to sign a statement saying`). A name in the noun (`an internal Boeing memo`) is
    its author, whom no one else speaks for. Else the text does not say."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            return next((word for word in child.children if word.dep_ == "pobj"), None)
        if child.dep_ in ("compound", "poss") and child.tag_ in ("NNP", "NNPS"):
            return None
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lower_ in _ISSUING and is_verb(verb) and any(child.dep_ == "nsubj" for child in verb.children):
        return subject_of(verb)
    return None


def second_subject(verb: "Token", subject: "Token") -> "Token | None":
    """`New Orleans and Jefferson Parish officials have said`: a second subject the parser hung on
    the verb after the first and a conjunction, where it should have joined them."""
    return next(
        (child for child in verb.children
         if child.dep_ == "nsubj" and subject.i < child.i <= subject.i + 6
         and any(word.dep_ == "cc" and word.head.i == subject.i for word in verb.doc[subject.i : child.i])
         and not any(word.is_punct for word in verb.doc[subject.i : child.i])),
        None,
    )


# Nouns of what a speaker issues, whose participle `saying` reports for the issuer: speech nouns,
# the documents a speaker can be written as, and messages
ISSUED_NOUNS = frozenset(word_list("speech_nouns.txt") | documents() | {"message", "messages", "email", "emails", "post", "posts", "note", "notes"})
# Verbs of issuing one, in every form (the parser pipeline sets no lemmas); not those of passing
# on what someone else wrote (publish, share, deliver, give)
_ISSUING = frozenset(
    "issue issues issued issuing release releases released releasing send sends sent sending post posts posted posting "
    "put puts putting write writes wrote written writing sign signs signed signing file files filed filing submit submits "
    "submitted submitting make makes made making tweet tweets tweeted tweeting".split()
)


def _agent(verb: "Token") -> "Token | None":
    """Who does a passive verb (`by the police`); not the means (`told by phone`)."""
    agent = next((child for child in verb.children if child.dep_ == "agent"), None)
    found = next((child for child in agent.children if child.dep_ == "pobj"), None) if agent is not None else None
    return None if found is None or found.lower_ in _MEANS else found


def as_saying(verb: "Token") -> bool:
    """`was reported by Interfax as saying …`, `was described by the Kremlin as saying …`: the one
    whose words are passed on speaks, not who passes them on (as with `quoted by`)."""
    return any(
        child.dep_ == "prep" and child.lower_ == "as" and any(speech_lemma(word) is not None and word.tag_ == "VBG" for word in child.children)
        for child in verb.children
    )


_MEANS = frozenset("phone telephone email e-mail mail letter text video videolink satellite radio".split())


_QUOTING = frozenset("quote quotes quoted quoting cite cites cited citing".split())  # (the parser has no lemmas)


def _quoted_as(verb: "Token") -> "Token | None":
    """`Reuters quoted a senior official as saying …`, `cited the Air Force as stating …`: the one
    quoted or cited speaks, not the outlet that quotes them."""
    preposition, quoting = verb.head, verb.head.head
    if preposition.lower_ != "as" or quoting.lower_ not in _QUOTING:
        return None
    return next((child for child in quoting.children if child.dep_ == "dobj"), None)


def _second_report(verb: "Token") -> bool:
    """`X said it was opposed and warned Y to refrain`: a speech verb with no subject, which the
    parser joined to the verb of a reported clause, is a second report by the first speaker."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and speech_lemma(verb) is not None
        and not any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children)
        and head.dep_ == "ccomp"
        and speech_lemma(head.head) is not None
    )


def object_read_as_subject(verb: "Token") -> "tuple[int, Token] | None":
    """`Police have detained dissident Wang Donghai, the pressure group Human Rights in China
    said`: the parser reads the last noun of the clause before the verb as the verb's subject and
    the speaker as an apposition to it (or as a second subject). (where that noun starts, the
    speaker) when the noun follows the clause with no comma between them (the clause a `ccomp` of
    the verb, or the one the verb hangs on) and the speaker, after a comma, runs up to the verb."""
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    if subject is None or subject.i > verb.i:
        return None
    doc, first = verb.doc, subject.left_edge.i
    before = doc[first - 1] if first > 0 else None
    clause = next((child for child in verb.children if child.dep_ == "ccomp" and child.right_edge.i + 1 == first), None)
    hangs_on = verb.dep_ in ("ccomp", "parataxis") and verb.head.i < first and before is not None and before.i >= verb.head.left_edge.i
    if before is None or before.is_punct or (clause is None and not hangs_on):
        return None
    candidates = [token for token in subject.subtree if token.dep_ == "appos"] + [child for child in verb.children if child.dep_ == "nsubj" and child.i > subject.i]
    speaker = next((token for token in candidates if token.right_edge.i + 1 == verb.i and doc[token.left_edge.i - 1].text == ","), None)
    return (first, speaker) if speaker is not None else None


def _past_dateline(subject: "Token") -> "Token":
    """`WASHINGTON -- President Obama, dedicating …, said`: a dateline read as the subject stands
    for the name in apposition to it."""
    if subject.text.isupper() and len(subject.text) > 1:
        apposed = [child for child in subject.children if child.dep_ == "appos"]
        if apposed:
            return apposed[0]
    return subject


def referent_of(verb: "Token", subject: "Token") -> "Token":
    """What a subject stands for: the noun a relative pronoun hangs on (`officials who said`)."""
    if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head
    return subject


def noun_phrase(parsed: ParsedSentence, token: "Token") -> Span:
    """A speaker's words: the noun with its modifiers; a name in apposition is the speaker itself
    (`the airline's spokeswoman, Maria Ortiz` -> `Maria Ortiz`)."""
    if token.tag_ in ("NN", "NNS"):
        names = [child for child in token.children if child.dep_ == "appos" and child.tag_.startswith("NNP")]
        if names:
            token = names[0]
    low = high = token.i
    for child in token.children:
        if child.dep_ in _PHRASE_DEPENDENTS:
            low, high = min(low, child.left_edge.i), max(high, child.right_edge.i)
    doc = token.doc
    comma = next((index for index in range(token.i + 1, high + 1) if doc[index].text in (",", ";", ":", "(")), None)
    if comma is not None:
        high = comma - 1  # `Al Jazeera, US$3.6 billion from …`: a list or an aside after the name is not the speaker
    while low < token.i and (doc[low].is_punct or doc[low].dep_ == "cc"):
        low += 1
    while high > token.i and (doc[high].is_punct or doc[high].dep_ == "cc"):
        high -= 1
    return Span(parsed.start(doc[low]), parsed.end(doc[high]))


def clause_span(parsed: ParsedSentence, tokens: list["Token"], cue: "Token") -> Span | None:
    """The words of a reported clause: no leading `that`, no edge punctuation, no aside of the
    writer's at its end."""
    tokens = _beside_cue(tokens, cue)
    while tokens and (tokens[0].is_punct and tokens[0].text not in "\"“'‘«" or (tokens[0].lower_ == "that" and tokens[0].dep_ == "mark")):
        tokens = tokens[1:]
    tokens = _before_second_report(_without_trailing_aside(tokens))
    while tokens and tokens[-1].is_punct and tokens[-1].text not in "\"”'’»%" and not _closes_a_bracket(tokens):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return Span(parsed.start(tokens[0]), parsed.end(tokens[-1]))


def _closes_a_bracket(tokens: list["Token"]) -> bool:
    """`… of 25 mph (40 km/h)`: a closing bracket whose opening one the clause holds is part of it."""
    return tokens[-1].text == ")" and sum(token.text == "(" for token in tokens) > sum(token.text == ")" for token in tokens[:-1])


_ASIDES = frozenset({"relcl", "appos"})


def _beside_cue(tokens: list["Token"], cue: "Token") -> list["Token"]:
    """A semicolon ends a clause: of the parts it separates, what was reported is the one holding the
    cue or next to it (`X said A; they only learned …` -> A; `A; they had, his father says, paid …` -> the second)."""
    parts: list[list["Token"]] = [[]]
    for token in tokens:
        if token.text == ";":
            parts.append([])
        else:
            parts[-1].append(token)
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return tokens
    if cue.i < parts[0][0].i:
        return parts[0]
    return next((part for part in parts if cue.i <= part[-1].i), parts[-1])


def _without_trailing_aside(tokens: list["Token"]) -> list["Token"]:
    """What was reported ends where the writer's own words start: a relative clause set off by a
    comma at its end (`…, which forced her to leave`) or an apposition to a name (`Mr. Trump, the
    presumed Putin favorite`) describes a word of the report, it is not said (an apposition to a
    common noun is often a list: `tax fairness, the closure of loopholes`); a concession after a
    comma (`…, although it may take days to confirm`) is the writer weighing it; a colon before a
    quote mark introduces a quotation of its own."""
    for index, token in enumerate(tokens[1:-1], 1):
        if token.text == ":" and tokens[index + 1].text in ("\"", "“", "‘", "'", "«", "``") and index >= 3:
            return tokens[:index]  # `… as circumstances arose: "Somehow, …"`: the colon hands over to a quotation of its own
        if token.text != ",":
            continue
        if index >= 3 and _concedes(tokens[index + 1 :]):
            return tokens[:index]
        aside = tokens[index + 1]
        head = next((t for t in tokens[index + 1 :] if t.dep_ in _ASIDES and t.left_edge.i == aside.i), None)
        if head is not None and (head.dep_ == "relcl" or head.head.tag_ == "NNP") and head.right_edge.i >= tokens[-1].i - 1 and index >= 3:
            return tokens[:index]
    return tokens


def _before_second_report(tokens: list["Token"]) -> list["Token"]:
    """A second report joined to the clause (`… and warned North Korea to refrain`), or another
    speaker's set against it (`…, while the opposition leader said …`), is not part of it."""
    for index, token in enumerate(tokens[1:], 1):
        if _second_report(token):
            conjunction = next((child for child in token.head.children if child.dep_ == "cc" and child.i < token.i), None)
            cut = min(token.left_edge.i, conjunction.i if conjunction is not None else token.i)
            return [kept for kept in tokens if kept.i < cut]
        contrast = next((child for child in token.children if child.dep_ == "mark" and child.lower_ in ("while", "whereas")), None)
        if contrast is not None and _sets_against(tokens, token, contrast):
            # `… the talks had failed, while the opposition leader said they had never begun`: another's report
            return [kept for kept in tokens if kept.i < contrast.i]
    return tokens


def _sets_against(tokens: list["Token"], verb: "Token", contrast: "Token") -> bool:
    """`…, while the opposition leader said …` ending the clause: a speech verb with its own
    subject after a comma (in or after a closing quotation mark); not `while` meaning during (`her
    mother cried while the doctor explained`), nor a clause in the middle (`the tax, while
    economists argue it is regressive, raises revenue`)."""
    doc = verb.doc
    after_comma = any(word.text == "," for word in doc[max(tokens[0].i, contrast.i - 2) : contrast.i])
    at_the_end = all(word.is_punct for word in tokens if word.i > verb.right_edge.i)
    return (
        contrast.i > tokens[0].i and after_comma and at_the_end
        and speech_lemma(verb) is not None and any(child.dep_ == "nsubj" for child in verb.children)
    )


def _concedes(tokens: list["Token"]) -> bool:
    first = tokens[0].lower_
    second = tokens[1].lower_ if len(tokens) > 1 else ""
    return first in ("although", "though") or (first == "even" and second in ("as", "though"))
