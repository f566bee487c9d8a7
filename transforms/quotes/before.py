"""The attribution rules that read the words before a quotation as text.

`X said: “`, `according to X, “`, `…, saying “`, `Said Ellis: “`, `X made the following comment:
“`, `The decree signed by the Pope read “`, a quote after a sentence that ends `…, Schiff said.`,
a `From Senator Ortiz:` line. The rules that read the parse of the words before a quotation are in
`governing`. The order they are tried in is `direct.RULES_BEFORE_QUOTATION`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from transforms.quotes.marks import DOUBLE_MARK, MARK, Piece
from transforms.quotes.grammar import ISSUED_NOUNS
from transforms.quotes.owners import documents
from transforms.quotes.roles import person_nouns
from transforms.quotes.quotations import Attribution
from transforms.quotes.speakers import is_pronoun, pronouns
from transforms.rules import word_list
from transforms.quotes.words import (
    ADVERB,
    DASHES,
    DETERMINERS,
    MAX_SPEAKER_WORDS,
    NOT_SUBJECTS,
    PHRASE_OPENERS,
    Context,
    attribution_from,
    clause_final_attribution,
    end_of_text_before,
    inside_parenthesis,
    is_clause_break,
    is_cue,
    plausible_speaker,
    span_text,
    speaker_after_cue,
    speech_nouns,
    with_rule,
    word_spans,
)

# Capitalised sentence openers that are not a speaker ("This is how …:", "Here is …:").
_STARTERS_NOT_NAMES = frozenset({"this", "that", "these", "those", "here", "there", "it", "in", "on", "at", "for", "but", "and", "so", "the", "a", "an"})
# How many words a participle cue (`…, saying earlier in the morning before the call, “`) may stand
# before the quotation it introduces.
_PARTICIPLE_REACH = 24
# Words that end a speaker's name (`by Trump on June 11`).
_NOT_IN_A_NAME = frozenset("on in at during after before last this to for when while".split())
# Not "that" or "this", which may open a clause before a verb ("officials that said").
_NOUN_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "these", "those"})


def before_quote(context: Context, piece: Piece) -> Attribution | None:
    return _attribution_before(context, piece)


def _attribution_before(context: Context, piece: Piece) -> Attribution | None:
    """`X said: “` / `X told reporters, “` / `according to X, “` in the words before the quote."""
    text, article = context.text, context.article
    sentence = article.sentence_at(piece.open_start)
    start = sentence.start
    before = text[start : piece.open_start]
    if not before.strip():
        if sentence.index and article.sentences[sentence.index - 1].paragraph_index == sentence.paragraph_index:
            # `…over Syria, Schiff said. “The other factor…”`: a quote that follows, in the same
            # paragraph, a sentence ending in an attribution goes on in that speaker's words.
            return with_rule("previous_sentence_cue", _ending_attribution(text, article.sentences[sentence.index - 1]))
        # A paragraph that is only a quote: the attribution may end the paragraph before ("He said:").
        end = end_of_text_before(text, piece.open_start)
        if not text.endswith(":", 0, end):
            return None
        sentence = article.sentence_at(end - 1)
        start, before = sentence.start, text[sentence.start : end]
    put_it = _AS_X_PUT_IT.search(before)
    if put_it:
        # `As Steven M. Rosenthal, a tax lawyer, recently put it, “…”`: the name before any aside
        name = start + put_it.start("who"), start + put_it.start("who") + len(put_it.group("who").split(",")[0])
        found = attribution_from(text, word_spans(text, *name), (start + put_it.start("cue"), start + put_it.end("cue")))
        if found:
            return with_rule("speaker_then_cue_before_quote", found)
    according = list(re.finditer(r"\b[Aa]ccording to\b", before))
    if according:
        found = speaker_after_cue(text, start + according[-1].start(), start + according[-1].end(), piece.open_start)
        if found:
            return with_rule("according_to", found)
    words = _without_closing_aside(text, word_spans(text, start, start + len(before.rstrip())))
    if not words:
        return None
    tail = span_text(text, words[-1])
    introduced = tail in (":", ",") or tail.lower() == "that" or is_cue(tail)
    # A partial quotation ending a reported clause ("He said the U.S. is “focused on …”") is
    # credited to the clause's speaker when it is a phrase, not a quoted term.
    reach = 9 if introduced else (len(words) if _n_words(text, piece) >= 4 else 0)
    for index in range(len(words) - 1, max(-1, len(words) - 1 - max(reach, _PARTICIPLE_REACH if introduced else 0)), -1):
        word = span_text(text, words[index])
        if (is_cue(word) and word[0].islower() and not _not_reporting(text, words, index)) or _document_reads(text, words, index):
            if word.lower().endswith("ing") and index and _on_a_thing_done(context, words[index]):
                found = _sentence_subject(text, words[:index], words[index])
                if found:
                    return with_rule("participle_subject", found)
            if word.lower().endswith("ing") and index and span_text(text, words[index - 1]) in (",", "by"):
                # `He then defended the remark, saying, “…”`, `He continued by announcing, “…”`: the
                # participle's subject opens the sentence; else an earlier cue may name the speaker.
                found = _sentence_subject(text, words[:index], words[index])
                if found:
                    return with_rule("participle_subject", found)
                continue
            if index < len(words) - 1 - reach:
                continue  # beyond a finite cue's reach: only a participle reaches that far
            return with_rule("speaker_then_cue_before_quote", _speaker_before_cue(text, words[:index], words[index])) or with_rule(
                "sentence_opens_with_speaker", _opening_attribution(text, words)
            )
        if not introduced and word in (";", ":") or MARK.fullmatch(word):
            break
    if introduced:
        found = with_rule("sentence_opens_with_speaker", _opening_attribution(text, words)) or with_rule("inverted_cue", _inverted_attribution(text, words[:-1]))
        if found:
            return found
    if tail == ":" and _n_words(text, piece) >= 2:
        # `X told Discover Magazine the frequency … suggested some deep pattern: “…”`: a sentence
        # ending in a colon is introduced by its cue however far back, said by the cue's subject.
        cues = [index for index, span in enumerate(words[:-1]) if is_cue(word := span_text(text, span)) and word[0].islower() and not _not_reporting(text, words, index)]
        found = cues and with_rule("speaker_then_cue_before_quote", _speaker_before_cue(text, words[: cues[0]], words[cues[0]]))
        if found:
            return found
        # `On July 6, Sanders made the following comment: “…”`: the subject of the introducing
        # clause, else of the sentence; with no cue verb, the attribution has no cue.
        commas = [index for index, span in enumerate(words) if span_text(text, span) == ","]
        return with_rule(
            "colon_introduction",
            _words_from(text, words[:-1]) or (commas and _sentence_subject(text, words[commas[-1] + 1 : -1])) or _sentence_subject(text, words[:-1]),
        )
    return None


def _on_a_thing_done(context: Context, cue: tuple[int, int]) -> bool:
    """`Pahlavanzadeh explained the decision to ban the players saying, “…”`: a participle the
    parser hung on the object of the verb before it, a thing that cannot speak (no person, group,
    organisation or document, nor a name): the one who did the verb says it, as after a comma."""
    token = context.token_at(cue[0])
    if token is None or token.dep_ != "acl" or token.tag_ != "VBG":
        return False
    noun = token.head
    return (
        noun.tag_ == "NN" and noun.dep_ == "dobj" and not noun.ent_type_ and noun.lower_ not in _speaking_nouns()
        and noun.head.lower_ not in _PASSING_ON
    )


@cache
def _speaking_nouns() -> frozenset[str]:
    """Nouns whose participle is theirs to say: people, organisations, documents, speech, and what
    bears words (`a banner saying "united in diversity"`)."""
    return person_nouns() | ISSUED_NOUNS | speech_nouns() | word_list("speaker_descriptions.txt") | _BEARING_WORDS


# Besides what a speaker issues (`grammar.ISSUED_NOUNS`: speech nouns, documents, messages) and says
_BEARING_WORDS = frozenset(
    "speech address interview banner sign placard poster plaque headline caption slogan shirt t-shirt sticker card label "
    "text reply response notification alert petition voicemail recording video meme leaflet".split()
)
# Verbs of receiving or passing on what someone else said (`Garcia received a reply saying …`): the
# participle is not the subject's (a hostile review, 2026-12-08)
_PASSING_ON = frozenset(
    "receive receives received receiving get gets got getting read reads reading see sees saw seen seeing find finds found "
    "finding hear hears heard hearing show shows showed shown showing play plays played playing share shares shared sharing "
    "retweet retweets retweeted cite cites cited citing quote quotes quoted quoting".split()
)


_AS_X_PUT_IT = re.compile(r"\b[Aa]s (?P<who>[A-Z].{0,150}?|he|she|they|we) (?:\w+ly )?(?P<cue>put it|puts it)\s*[,:]?\s*$")


def _without_closing_aside(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`Bercow commented on the matter — which the BBC noted as unusual — “…”`: an aside between
    dashes that ends right at the quotation is left out; the clause before it introduces the quote."""
    if len(words) < 3 or span_text(text, words[-1]) not in DASHES:
        return words
    for index in range(len(words) - 2, 0, -1):
        if span_text(text, words[index]) in DASHES:
            return words[:index]
    return words


def _words_from(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`The palace issued the following statement from the king:`: the words are those of the one
    a speech noun says they come from, not of the sentence's subject."""
    for index in range(len(words) - 2, max(0, len(words) - 8), -1):
        if span_text(text, words[index]).lower() in ("from", "by") and span_text(text, words[index - 1]).lower().rstrip("s") in speech_nouns():
            speaker = words[index + 1 :]
            cut = next((at for at, span in enumerate(speaker) if at and span_text(text, span).lower() in _NOT_IN_A_NAME), len(speaker))
            speaker = speaker[:cut]  # `this statement by Trump on June 11:`
            start, end = speaker[0][0], speaker[-1][1]
            if plausible_speaker(text, start, end) and not any(is_clause_break(span_text(text, span)) for span in speaker):
                return Attribution(start, end, None, None, pronoun=is_pronoun(text, start, end))
            return None
    return None


def _inverted_attribution(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`Said Ellis: “…”`, `Added the senator, “…”`: a clause that opens with its cue, then the speaker."""
    clause = word_spans(text, words[0][0], words[-1][1]) if words else []
    breaks = [index for index, span in enumerate(clause) if span_text(text, span) in (".", ";", ":", ",")]
    clause = clause[breaks[-1] + 1 :] if breaks else clause
    if len(clause) < 2 or not is_cue(span_text(text, clause[0])) or not span_text(text, clause[0])[:1].isupper():
        return None
    speaker = clause[1:]
    cut = next((at for at, span in enumerate(speaker) if at and span_text(text, span) in ("on", "in", "at", "during", "after", "before")), len(speaker))
    speaker = speaker[:cut]  # `Said Senate Majority Leader Chuck Schumer of New York on Tuesday,`
    start, end = speaker[0][0], speaker[-1][1]
    if len(speaker) > 10 or not plausible_speaker(text, start, end):  # `Remarked Center for Biological Diversity scientist Tierra Curry,`
        return None
    return Attribution(start, end, *clause[0], pronoun=is_pronoun(text, start, end))


def _document_reads(text: str, words: list[tuple[int, int]], index: int) -> bool:
    """`The decree signed by the Pope read "…"`, `Their statement also read "…"`, `It read, "…"`:
    what a document says is what it reads (its subject a few words back in the same clause, or `it`)."""
    if span_text(text, words[index]).lower() not in ("read", "reads"):
        return False
    if any(span_text(text, span).lower() not in (",", ":", "in", "part") for span in words[index + 1 :]):
        return False  # the quotation follows `read` (`read in part:`), not `it read like "…"`
    if any(is_cue(span_text(text, span)) and span_text(text, span)[:1].islower() for span in words[:index]):
        return False  # `Investigators said the bill of lading … read "…"`: said by the investigators
    for distance, span in enumerate(reversed(words[max(0, index - 7) : index])):
        word = span_text(text, span)
        if word.lower() in documents() or (distance == 0 and word.lower() == "it"):
            return True
        if word in (",", ";", ":") or MARK.fullmatch(word):
            return False
    return False


def _not_reporting(text: str, words: list[tuple[int, int]], index: int) -> bool:
    """A cue word that reports no speech: a noun after a possessive or an article (`Mr. Obama's
    remarks “…”`, `the saying “…”`), or a name given right before the quote by no speaker
    (`a program called “…”`, not `what Trump called “…”`)."""
    previous = span_text(text, words[index - 1]) if index else ""
    if previous.lower() in _NOUN_DETERMINERS or previous.lower().endswith(("'s", "’s")):
        return True
    naming = span_text(text, words[index]).lower() in ("called", "calls", "dubbed", "termed")
    return naming and index == len(words) - 1 and not (previous[:1].isupper() or previous.lower() in pronouns())


def _opening_attribution(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`She then urges her husband … and repeatedly says, “…”`, `She added that …, “…”`: the
    sentence opens with its speaker and a cue verb (an adverb may stand between)."""
    subject = _sentence_subject(text, words)
    if subject is None:
        return None
    following = [span for span in words if span[0] >= subject.speaker_end]
    if following and span_text(text, following[0]) == ",":
        # `Marc H. Morial, the chief executive of the National Urban League, forcefully told …`
        closing = next((index for index, span in enumerate(following[1:31], 1) if span_text(text, span) == ","), None)
        following = following[closing + 1 :] if closing else []
    for span in following[:2]:
        word = span_text(text, span)
        if is_cue(word) and word[0].islower():
            subject.cue_start, subject.cue_end = span
            return subject
        if not ADVERB.fullmatch(word):
            break
    return None


def _ending_attribution(text: str, sentence) -> Attribution | None:
    """`…, Schiff said.`: a sentence of reported speech whose last clause names the speaker."""
    words = word_spans(text, sentence.start, sentence.end)
    if len(words) < 3 or DOUBLE_MARK.search(text, sentence.start, sentence.end):
        return None
    cue = span_text(text, words[-1])  # "said." is one word
    if not (cue.endswith(".") and is_cue(cue) and cue[0].islower() and not cue.lower().rstrip(".").endswith("ing")):
        return None
    return clause_final_attribution(text, words)


def _sentence_subject(text: str, words: list[tuple[int, int]], cue: tuple[int, int] | None = None) -> Attribution | None:
    """The name or pronoun opening a sentence (`Dean, a former chairman, poked…`), before its verb,
    as the speaker of `cue` (or of no cue).

    An introductory phrase (`During a speech on Monday, Trump attacked…`) is skipped.
    """
    first = span_text(text, words[0]) if words else ""
    commas = [index for index, span in enumerate(words[:16]) if span_text(text, span) == ","]
    if first.lower() in NOT_SUBJECTS:
        return _sentence_subject(text, words[commas[0] + 1 :], cue) if commas else None
    if first.endswith("ing") and commas:
        # `Having left the team, Derakhshani…`; not `Boeing did not…`, which has no subject after its comma
        found = _sentence_subject(text, words[commas[0] + 1 :], cue)
        if found:
            return found
    cue_start, cue_end = cue or (None, None)
    if first.lower() in ("he", "she", "they"):
        return Attribution(*words[0], cue_start, cue_end, pronoun=True)
    run: list[tuple[int, int]] = []
    for span in words:
        word = span_text(text, span)
        if not (word[:1].isupper() or (run and word.lower() in ("of", "the", "de", "van", "von"))):
            break
        run.append(span)
    if not run or len(run) == len(words) or first.lower() in _STARTERS_NOT_NAMES:
        return None
    following = span_text(text, words[len(run)])
    if following == ",":
        # `Dean, a former chairman, poked…`; not `Meanwhile, it attacked…`
        after = span_text(text, words[len(run) + 1]).lower() if len(run) + 1 < len(words) else ""
        if len(run) == 1 and after not in DETERMINERS | {"who"} and not _aside_then_verb(text, words, first):
            return None
    elif not following[:1].islower():
        return None
    return Attribution(run[0][0], run[-1][1], cue_start, cue_end)


def _aside_then_verb(text: str, words: list[tuple[int, int]], first: str) -> bool:
    """`Hurley, for his part, paraphrased …`: one name, a short aside between commas, then its
    verb; not `Meanwhile, it attacked …`."""
    if first.lower() in word_list("sentence_starters.txt") or first.lower().endswith("ly"):
        return False
    closing = next((index for index, span in enumerate(words[2:9], 2) if span_text(text, span) == ","), None)
    return closing is not None and closing + 1 < len(words) and span_text(text, words[closing + 1])[:1].islower()


def _n_words(text: str, piece: Piece) -> int:
    return len(text[piece.start : piece.end].split())


def _speaker_before_cue(text: str, words: list[tuple[int, int]], cue: tuple[int, int]) -> Attribution | None:
    if len(words) > 2 and span_text(text, words[-1]).lower() == "who" and (span_text(text, words[-2]) == "," or span_text(text, words[-2])[:1].isupper()):
        # `… and Stevie Wonder, who joked, “…”`: `who` speaks, for the name it stands for; `Mark
        # Hay, a marine ecologist and Regents Professor at GT, who said`: the name before the
        # apposition; `drafted by Alex Greenwich who said`: with no comma, the name right before
        before = words[:-2] if span_text(text, words[-2]) == "," else words[:-1]
        comma = next((index for index in range(len(before) - 2, max(-1, len(before) - 14), -1) if span_text(text, before[index]) == ","), None)
        found = None
        if comma and span_text(text, before[comma + 1]).lower() in ("a", "an", "the"):
            name = []
            for span in reversed(before[max(0, comma - 5) : comma]):
                if not span_text(text, span)[:1].isupper():
                    break
                name.insert(0, span)
            found = Attribution(name[0][0], name[-1][1], *cue) if name else None
        found = found or _speaker_before_cue(text, before, cue)
        return replace(found, speaker_start=words[-1][0], speaker_end=words[-1][1], referent=(found.speaker_start, found.speaker_end)) if found else None
    if words and span_text(text, words[-1]) == ",":
        # `Rucker Culpepper, who runs Clinton's effort for veterans' families, said, “…”`: the name
        # before the apposition speaks.
        for index in range(len(words) - 2, max(-1, len(words) - 32), -1):
            word = span_text(text, words[index])
            if word in (";", ":") or MARK.fullmatch(word):
                return None
            if word == "," and _inside_a_place_apposition(text, words, index):
                continue
            if word == ",":
                found = _speaker_before_cue(text, words[:index], cue) if index else None
                apposition = words[index + 1 : -1]
                if found and 0 < len(apposition) <= 4 and all(span_text(text, span)[:1].isupper() for span in apposition):
                    found.speaker_end = apposition[-1][1]  # `The Senate Minority Leader, Chuck Schumer, said`
                return found
        return None
    kept: list[tuple[int, int]] = []
    for span in reversed(words):
        if is_clause_break(span_text(text, span)) and not inside_parenthesis(text, span[0], kept[-1][1] if kept else span[1]):
            break
        kept.insert(0, span)
        if len(kept) >= MAX_SPEAKER_WORDS:
            break
    # "panel Chairman Rep. Jason Chaffetz said": keep the phrase from its first name-like word; a
    # phrase opener stays, for `attribution_from` to keep the name that ends the phrase.
    while kept and span_text(text, kept[0]).lower() not in PHRASE_OPENERS and not plausible_speaker(text, kept[0][0], kept[-1][1]):
        kept.pop(0)
    return attribution_from(text, _without_verb_to(text, kept), cue) if kept else None


def _inside_a_place_apposition(text: str, words: list[tuple[int, int]], comma: int) -> bool:
    """`Johnnie Wilson, of Springfield, Va., said`: the comma inside `of Springfield, Va.`, a place
    in apposition after a name, is not the one that ends the name."""
    previous = next((index for index in range(comma - 1, max(-1, comma - 6), -1) if span_text(text, words[index]) == ","), None)
    return previous is not None and previous > 0 and span_text(text, words[previous + 1]) in ("of", "from") and span_text(text, words[previous - 1])[:1].isupper()


def _without_verb_to(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`She went on to say`, `The minister wanted to add`: the speaker's words end before the verb
    the cue's `to` hangs on (and its particle)."""
    if len(words) < 3 or span_text(text, words[-1]) != "to":
        return words
    kept = words[:-1]
    if len(kept) > 2 and span_text(text, kept[-1]) in ("on", "up", "out", "back"):
        kept = kept[:-1]
    if len(kept) > 1 and span_text(text, kept[-1]).islower():
        kept = kept[:-1]
    return kept


def colon_line(context: Context, piece: Piece) -> Attribution | None:
    """`From Senator Ortiz:` alone on the line before a quotation: a name, no verb."""
    text = context.text
    end = end_of_text_before(text, piece.open_start)
    line_start = text.rfind("\n", 0, end) + 1
    if not text.endswith(":", 0, end) or "\n" not in text[end : piece.open_start]:
        return None
    words = word_spans(text, line_start, end - 1)
    if not words or len(words) > 6 or any(is_cue(span_text(text, span)) or MARK.fullmatch(span_text(text, span)) for span in words):
        return None
    if span_text(text, words[0]).lower() in ("from", "by"):
        words = words[1:]
    if not words or not all(span_text(text, span)[:1].isupper() or span_text(text, span) in (".", "of", "the") for span in words):
        return None
    return Attribution(words[0][0], words[-1][1], None, None)
