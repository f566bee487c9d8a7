"""The attribution rules that read, in the parse, the clause a quotation hangs on.

A lead-in ending in a colon (`The finance minister gave a statement:`), a cue verb the quotation
hangs on however far before it stands (`Cruz called Trump a "bully"`), a clause a comma or colon
hands the quotation over from (`Fernández elaborated, "…"`, `people are like, "…"`), and a
sentence before whose subject the writer then quotes. They read the sentences
`parsing.sentences_to_parse` parsed; `before` holds the rules that read the words before a
quotation as text. The order they are tried in is `direct.RULES_BEFORE_QUOTATION` and
`direct.RULES_FOR_SPEECH`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transforms.quotes.grammar import noun_phrase, subject_of
from transforms.quotes.marks import DOUBLE_MARK, Piece
from transforms.quotes.quotations import Attribution
from transforms.quotes.words import Context, end_of_text_before, is_cue, is_judgement, speech_nouns

if TYPE_CHECKING:
    from spacy.tokens import Token

    from transforms.quotes.parsing import ParsedSentence


# Verbs of giving out words (the parse has no lemmas): `issued a statement:`, `made the following announcement:`.
_GIVING = frozenset("issue issues issued make makes made release releases released give gives gave deliver delivers delivered post posts posted publish publishes published repeat repeats repeated".split())


def lead_in_subject(context: Context, piece: Piece) -> Attribution | None:
    """A quotation that opens its paragraph after a lead-in ending with a colon (`The finance
    minister, Jane Doe, spoke to reporters and gave a statement:`): the subject of the lead-in's
    main verb, read from the parse (a role noun gives way to the name in apposition). In the same
    paragraph, only where that verb's object is a speech noun (`an official government Twitter
    account made the following announcement: “…”`, `The government of American Samoa issued a
    statement agreeing …: “…”`)."""
    text = context.text
    end = end_of_text_before(text, piece.open_start)
    if not text.endswith(":", 0, end):
        return None
    sentence = context.article.sentence_at(end - 1)
    parsed = context.parses.get(sentence.index)
    if parsed is None:
        return None
    root = next((token for token in parsed.doc if token.dep_ == "ROOT"), None)
    if root is None or parsed.start(root) >= end:
        return None
    if "\n" not in text[end : piece.open_start] and not (root.lower_ in _GIVING and any(child.dep_ == "dobj" and child.lower_.rstrip("s") in speech_nouns() for child in root.children)):
        return None  # (not `The embassy received a threat: "…"`)
    subject = subject_of(root) if root.tag_.startswith("VB") else None
    if subject is None or subject.tag_ in ("WP", "EX") or subject.lower_ in ("it", "this", "that", "there"):
        return None
    return _speaker_of(parsed, root, subject)


def cue_governs_quote(context: Context, piece: Piece) -> Attribution | None:
    """`Cruz called Trump a "bully" and a "narcissist at a level …"`, `protesters marched while
    chanting, "Hands up, don't shoot."`: the quotation hangs in the parse on a cue verb, however
    far away; its subject (or the subject of the verb it hangs on) speaks."""
    for parsed, token in _heads_above(context, piece):
        if token.tag_.startswith("VB") and (is_cue(token.text) or is_judgement(token.text)):
            subject = subject_of(token)
            if subject is None or piece.open_start <= parsed.start(subject) < piece.close_end:
                return None
            return _speaker_of(parsed, token, subject)
        if _own_subject(token) is not None:
            return None  # `…, with Ross Spano calling the process "…"`: the clause of another subject
    return None


def clause_introduces_quote(context: Context, piece: Piece) -> Attribution | None:
    """`President Fernández elaborated, "…"`, `Jagger also reacted on Twitter, "…"`: a speech-like
    quotation a comma or colon hands over to, hanging in the parse on the clause before it: the
    subject of that clause's verb, whatever the verb (the nearest verb with a subject), when it is a
    name or a personal pronoun acting (not a passive's subject), outside quote marks."""
    text = context.text
    if not text.endswith((",", ":"), 0, end_of_text_before(text, piece.open_start)):
        return None
    for parsed, token in _heads_above(context, piece) or _clause_hung_on_quote(context, piece):
        subject = _own_subject(token)
        if subject is None:
            continue
        if (
            subject.dep_ == "nsubjpass"  # `officials are removed after being convicted of, "Treason …"`
            or (subject.tag_ not in ("NNP", "NNPS", "PRP") and not (subject.tag_ == "NNS" and _quotative_like(token)))  # a name or a person: not `the new structure`; `people are like, "…"`
            or subject.lower_ in ("it", "this", "that", "there")
            or _inside_quote_marks(text, parsed.start(token))  # a verb of another quotation
            or parsed.start(subject) > piece.open_start
        ):
            return None
        return _speaker_of(parsed, token, subject)
    return None


def _quotative_like(verb: "Token") -> bool:
    """`I was like`, `people are like`: `be like` hands over to quoted words, whoever says them."""
    return verb.lower_.replace("’", "'") in _BE and any(child.lower_ == "like" for child in verb.children)


_BE = frozenset("am is are was were 'm 's 're be been being".split())  # (the parse has no lemmas)


def _heads_above(context: Context, piece: Piece) -> list[tuple["ParsedSentence", "Token"]]:
    """The tokens a quotation hangs on in its sentence's parse, nearest first, outside the quotation."""
    token = context.token_at(piece.start)
    if token is None:
        return []
    parsed = context.parses[context.article.sentence_at(piece.start).index]
    heads = []
    while token.head.i != token.i:
        token = token.head
        if not piece.open_start <= parsed.start(token) < piece.close_end:
            heads.append((parsed, token))
    return heads


def _clause_hung_on_quote(context: Context, piece: Piece) -> list[tuple["ParsedSentence", "Token"]]:
    """`And I am like, "Think about it."`: the parser may hang the clause before a quotation on the
    quotation's verb (a `ccomp`, as it does for `"…," she said`): that clause's verb."""
    token = context.token_at(piece.start)
    if token is None:
        return []
    parsed = context.parses[context.article.sentence_at(piece.start).index]
    root = token.sent.root
    if not piece.open_start <= parsed.start(root) < piece.close_end:
        return []
    before = [child for child in root.children if child.dep_ in ("ccomp", "parataxis") and parsed.end(child.right_edge) <= piece.open_start]
    return [(parsed, before[-1])] if before else []  # the nearest (not `Every time I ask, people are like, "…"`)


def _own_subject(token: "Token") -> "Token | None":
    """A verb's own subject (not one it shares with a verb it is coordinated with)."""
    if not token.tag_.startswith("VB"):
        return None
    return next((child for child in token.children if child.dep_ in ("nsubj", "nsubjpass")), None)


def _speaker_of(parsed: "ParsedSentence", verb: "Token", subject: "Token") -> Attribution:
    speaker = noun_phrase(parsed, subject)
    return Attribution(speaker.start, speaker.end, parsed.start(verb), parsed.end(verb), pronoun=subject.tag_ == "PRP")


def previous_sentence_subject(context: Context, piece: Piece) -> Attribution | None:
    """`Sanders identified young voters' exhaustion with bigotry as a reason. "The younger people
    are … sick and tired of discrimination."`: a speech-like quotation that is a sentence of its
    own, after a sentence in the same paragraph whose subject is a name, is
    that person's: the writer introduces the speaker doing something other than speaking, then
    quotes them. Only a parsed sentence is read: one that holds a cue word or a quote mark
    (`parsing.sentences_to_parse`); parsing the sentence before every quotation as well changed no
    attribution on PolNeAR dev or Wikinews and cost 5 % more parsing."""
    text, article = context.text, context.article
    sentence = article.sentence_at(piece.open_start)
    if text[sentence.start : piece.open_start].strip() or not sentence.index:
        return None
    previous = article.sentences[sentence.index - 1]
    parsed = context.parses.get(previous.index)
    if parsed is None or previous.paragraph_index != sentence.paragraph_index:
        return None
    root = next((token for token in parsed.doc if token.dep_ == "ROOT"), None)
    if root is None or not root.tag_.startswith("VB") or is_cue(root.text):
        return None  # a sentence of speech: the quotation goes on in its speaker's words (`continuation`)
    subject = subject_of(root)
    if subject is None or subject.tag_ != "NNP" or _inside_quote_marks(text, parsed.start(subject)) or _inside_quote_marks(text, parsed.start(root)):
        return None
    return _speaker_of(parsed, root, subject)


def _inside_quote_marks(text: str, position: int) -> bool:
    """Whether an odd number of double quote marks opens the paragraph up to `position`."""
    return len(DOUBLE_MARK.findall(text, text.rfind("\n", 0, position) + 1, position)) % 2 == 1
