"""Direct quotations credited to their speakers by the words around the quote marks.

Attribution reads the words right after a quotation (`,” said X`, `,” X said`, `“- reports X`;
the rules in `after`) or right before it (`X said: “`, `according to X, “`; the rules in
`before`, and in the parse of the clause it hangs on, `governing`); an unattributed quotation that reads like speech continues the previous speaker in the
same or the next paragraph. Short quoted terms that nobody is said to speak ("red lines", a title)
are kept as `scare` quotes, credited to nobody. The rules are tried in the order of the `RULES_*`
tables at the end of this module, the one place that order is written.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from transforms.entities import Mention
from transforms.quotes.after import (
    TRANSCRIPT_LINE,
    WordsAfter,
    after_rule,
    cue_then_speaker_after,
    dash_signature_after,
    speaker_then_cue,
    transcript_turn,
    verb_and_subject_after_quote,
    words_after,
)
from transforms.quotes.before import before_quote, colon_line
from transforms.quotes.governing import clause_introduces_quote, cue_governs_quote, lead_in_subject, previous_sentence_subject
from transforms.quotes.kinds import is_nickname, is_stage_direction, is_title, speechlike
from transforms.quotes.marks import Piece, pair_quote_marks
from transforms.quotes.quotations import DIRECT, SCARE, Attribution, Quotation, Quote
from transforms.quotes.parsing import ParsedSentence
from transforms.quotes.speakers import speaker_entity, without_contraction
from transforms.quotes.words import Context, clause_final_attribution, with_rule

if TYPE_CHECKING:
    from transforms.reading.articles import Article


def direct_quotes(article: "Article", mentions: list[Mention], parses: dict[int, ParsedSentence] | None = None) -> list[Quote]:
    """All quoted pieces of one article, direct speech attributed where the text says who spoke.

    Args:
        article: the segmented article.
        mentions: its linked entity mentions (speakers resolve to these).
        parses: its parsed sentences by index; the grammar rules need them, the others do not.

    Returns:
        One `Quote` per piece in text order; pieces of one quotation share `group`.
    """
    text = article.text
    context = Context(text, article, parses or {})
    pieces = pair_quote_marks(text, [(p.start, p.end) for p in article.paragraphs])
    quotations = _split_transcript_turns(text, _group(pieces))
    paragraph_of = _paragraph_index(article)
    for quotation in quotations:
        quotation.paragraph = paragraph_of(quotation.pieces[0].open_start)
        quotation.attribution = _attribute(context, quotation)
        quotation.speechlike = speechlike(text, quotation, article)
        if quotation.attribution is None and quotation.speechlike:
            quotation.attribution = _attribute_speech(context, quotation)
    _join_split_quotes(text, quotations)
    _continue_speakers(article, quotations, mentions)
    quote_spans = [(piece.start, piece.end) for quotation in quotations for piece in quotation.pieces]
    quotes: list[Quote] = []
    for group, quotation in enumerate(quotations):
        attribution = quotation.attribution
        if attribution and attribution.entity is None:
            if (end := without_contraction(text, attribution.speaker_start, attribution.speaker_end)) != attribution.speaker_end:
                attribution = quotation.attribution = replace(attribution, speaker_end=end, pronoun=True)
            referent = replace(attribution, speaker_start=attribution.referent[0], speaker_end=attribution.referent[1]) if attribution.referent else attribution
            attribution.entity = speaker_entity(text, referent, mentions, quote_spans)
        for piece in quotation.pieces:
            quote = Quote(group, piece.start, piece.end, quotation.kind)
            if attribution and quotation.kind == DIRECT:
                quote = replace(
                    quote,
                    speaker_start=attribution.speaker_start,
                    speaker_end=attribution.speaker_end,
                    cue_start=attribution.cue_start,
                    cue_end=_trimmed_end(text, attribution.cue_start, attribution.cue_end),
                    speaker_entity_id=attribution.entity.entity_id if attribution.entity else None,
                    speaker_name=attribution.entity.entity_name if attribution.entity else None,
                    rule=attribution.rule,
                )
            quotes.append(quote)
    return sorted(quotes, key=lambda quote: quote.start)


def _group(pieces: list[Piece]) -> list[Quotation]:
    quotations: dict[int, Quotation] = {}
    for piece in sorted(pieces, key=lambda piece: piece.start):
        quotations.setdefault(piece.group, Quotation([])).pieces.append(piece)
    return sorted(quotations.values(), key=lambda quotation: quotation.pieces[0].start)


def _split_transcript_turns(text: str, quotations: list[Quotation]) -> list[Quotation]:
    """In a quoted transcript every `NAME:` paragraph is a turn of its own speaker."""
    turns: list[Quotation] = []
    for quotation in quotations:
        for piece in quotation.pieces:
            continues_turn = (
                piece is not quotation.pieces[0]
                and not TRANSCRIPT_LINE.match(text, piece.start, piece.end)
                and not is_stage_direction(text, piece)
            )
            if continues_turn:
                turns[-1].pieces.append(piece)
            else:
                turns.append(Quotation([piece]))
    return turns


def _paragraph_index(article: "Article"):
    starts = [paragraph.start for paragraph in article.paragraphs]

    def paragraph_of(offset: int) -> int:
        low, high = 0, len(starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low

    return paragraph_of


def _attribute(context: Context, quotation: Quotation) -> Attribution | None:
    """The first attribution a rule finds: the words after each piece, then the words before."""
    for piece in quotation.pieces:
        after = words_after(context.text, piece, context.article)
        for name, rule in RULES_AFTER_EACH_PIECE:
            found = rule(context, piece, after)
            if found and _cue_is_a_verb(context, found):
                return with_rule(name, found)
    for name, rule in RULES_BEFORE_QUOTATION:
        found = rule(context, quotation.pieces[0])
        if found and _cue_is_a_verb(context, found):
            return with_rule(name, found)
    return None


def _attribute_speech(context: Context, quotation: Quotation) -> Attribution | None:
    for name, rule in RULES_FOR_SPEECH:
        found = rule(context, quotation.pieces[0])
        if found:
            return with_rule(name, found)
    return None


def _cue_is_a_verb(context: Context, found: Attribution) -> bool:
    """`late-night tweets “…”`: a cue word the tagger read as a noun reports no speech."""
    if found.cue_start is None:
        return True
    token = context.token_at(found.cue_start)
    return token is None or not token.tag_.startswith("NN")


def _join_split_quotes(text: str, quotations: list[Quotation]) -> None:
    """`“A,” he said, “B.”`: B joins A's quotation, and with it A's speaker."""
    index = 1
    while index < len(quotations):
        previous, current = quotations[index - 1], quotations[index]
        attribution, last = previous.attribution, previous.pieces[-1]
        if (
            attribution
            and last.closed
            and last.close_end <= attribution.speaker_start
            and attribution.speaker_end <= current.pieces[0].open_start
            and (current.attribution is None or current.attribution.speaker_start == attribution.speaker_start)
            and re.fullmatch(r"[^.!?\"“”]*[,:]\s*", text[last.close_end : current.pieces[0].open_start])
        ):
            previous.pieces.extend(current.pieces)
            quotations.pop(index)
            continue
        index += 1
    for quotation in quotations:
        group = quotation.pieces[0].group
        quotation.pieces = [replace(piece, group=group) for piece in quotation.pieces]
        speech = quotation.attribution or quotation.speechlike
        quotation.kind = DIRECT if speech and not is_title(text, quotation) and not is_nickname(text, quotation) else SCARE
        if quotation.kind == SCARE:
            quotation.attribution = None


def _trimmed_end(text: str, start: int | None, end: int | None) -> int | None:
    if start is None or end is None:
        return end
    return start + len(text[start:end].rstrip(".,:;!?"))


def _continue_speakers(article: "Article", quotations: list[Quotation], mentions: list[Mention]) -> None:
    """An unattributed quotation that reads like speech goes on with the previous speaker: in the
    same paragraph, or in the next one when it opens its sentence (a phrase quoted inside the next
    paragraph's sentence, `the Constitution specifies … "Treason, Bribery, …"`, is someone else's)
    and no one else is named before it there (`… leaving Ingram unimpressed. "One of them …"`)."""
    text = article.text
    previous: Quotation | None = None
    for quotation in quotations:
        if quotation.kind != DIRECT:
            continue
        if quotation.attribution is None and previous is not None and previous.attribution is not None:
            opening = quotation.pieces[0].open_start
            opens_sentence = not text[article.sentence_at(opening).start : opening].strip()
            if quotation.paragraph == previous.paragraph or (
                quotation.paragraph == previous.paragraph + 1 and opens_sentence and not _someone_else_named_before(article, opening, previous, mentions)
            ):
                quotation.attribution = replace(previous.attribution, rule="continuation")
        previous = quotation


def _someone_else_named_before(article: "Article", opening: int, previous: Quotation, mentions: list[Mention]) -> bool:
    """The quotation's paragraph names, before it, a person other than the previous speaker, and
    not the previous speaker (`Marshall praised goalkeeper Tom Reid. "Tom kept us in the game."`
    goes on with Marshall)."""
    paragraph_start = article.text.rfind("\n", 0, opening) + 1
    speaker = previous.attribution
    own = {
        mention.entity_id
        for mention in mentions
        if speaker.speaker_start is not None and speaker.speaker_start <= mention.start and mention.end <= speaker.speaker_end
    } | ({speaker.entity.entity_id} if speaker.entity is not None else set())
    named = {mention.entity_id for mention in mentions if mention.label == "PERSON" and paragraph_start <= mention.start < opening}
    return bool(named - own) and not named & own


# --- the order in which the rules are tried -----------------------------------------------------

# Each piece of a quotation in turn: the words right after its closing mark.
RULES_AFTER_EACH_PIECE: tuple[tuple[str, Callable[[Context, Piece, WordsAfter | None], Attribution | None]], ...] = (
    ("transcript_turn", transcript_turn),  # `"WALLACE: Let's start…`
    ("cue_then_speaker_after_quote", cue_then_speaker_after),  # `,” said X`, `“- reports X`, `,” according to X`
    ("speaker_then_cue_after_quote", after_rule(lambda text, after: speaker_then_cue(text, after.words))),  # `,” X said`
    ("clause_final_cue", after_rule(lambda text, after: clause_final_attribution(text, after.words))),  # `…” for it, she said.`
    ("dash_signature", dash_signature_after),  # `“…” — Pamela Padilla`
    ("verb_and_subject_after_quote", verb_and_subject_after_quote),  # `,” muttered Ellis, shaking his head`
)
# Then the words before the quotation's first piece.
RULES_BEFORE_QUOTATION: tuple[tuple[str, Callable[[Context, Piece], Attribution | None]], ...] = (
    # in this order inside `before_quote`: previous_sentence_cue (`X said. “…”`), according_to,
    # speaker_then_cue_before_quote (`X said: “`), participle_subject (`…, saying “`),
    # sentence_opens_with_speaker, inverted_cue (`Said Ellis: “`), colon_introduction
    # (`X made the following comment: “`)
    ("before_quote", before_quote),
    ("colon_line", colon_line),  # `From Senator Ortiz:` on its own line
    ("lead_in_subject", lead_in_subject),  # `The minister, Jane Doe, gave a statement:` then the quotation
)
# Last, only for a quotation that reads like speech (a term in quote marks stays a term): the parse.
RULES_FOR_SPEECH: tuple[tuple[str, Callable[[Context, Piece], Attribution | None]], ...] = (
    ("cue_governs_quote", cue_governs_quote),  # `Cruz called Trump a "bully" and a "narcissist …"`
    ("clause_introduces_quote", clause_introduces_quote),  # `President Fernández elaborated, "…"`
    ("previous_sentence_subject", previous_sentence_subject),  # `Sanders identified … as a reason. "The younger people …"`
)
# After these, `transforms.quotes` credits a quotation that is a speech verb's clause object to the
# verb's subject (rule `cue_verb_subject`), and `_continue_speakers` lets an unattributed speech-like
# quotation go on in the previous speaker's words (rule `continuation`).
