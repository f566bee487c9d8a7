"""Who said what: direct quotations found by their marks, reported speech found by its grammar.

- `marks` pairs quote marks into quoted pieces (direct quotations and quoted terms);
- `kinds` tells speech from quoted terms and titles;
- `direct` credits each quotation to its speaker with the rules listed, in the order they are tried,
  at the end of `direct.py`: those in `after` read the words after a closing mark, those in `before`
  the words before a quotation, both through the word helpers of `words`;
- `parsing` runs the dependency parse on the sentences that may carry speech;
- `reported` reads the parsed sentences for reported speech (`X said that …`, `according to X`);
- `speakers` links a speaker's words (a name, `he`, `the company`) to a named entity, asking
  `organisations` which one a description names (`the bank`, `the newspaper`, a news agency);
- `resolve` decides what each attribution is counted under (an entity, a name, a group) or that
  it is unresolved, and drops speakers that cannot be (inside a quotation, a dateline), asking
  `roles` (the person a title names), `owners` (who a document speaks for) and `interviews`
  (whose turn a word is in).

Every row says which rule credited its speaker (`Quote.rule`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from transforms.quotes.direct import direct_quotes
from transforms.quotes.quotations import DIRECT, SCARE, Attribution, Quote
from transforms.quotes.grammar import Span
from transforms.quotes.grammar import Report
from transforms.quotes.reported import reports_in
from transforms.quotes.datelines import in_dateline
from transforms.quotes.resolve import resolve_speakers
from transforms.quotes.speakers import is_pronoun, speaker_entity

if TYPE_CHECKING:
    from transforms.reading.articles import Article
    from transforms.entities import Mention
    from transforms.quotes.parsing import ParsedSentence

INDIRECT, MIXED = "indirect", "mixed"
KINDS = (DIRECT, INDIRECT, MIXED, SCARE)
# A reported clause this much inside quote marks is the direct quotation itself, already a row.
_QUOTED_ENOUGH = 0.95

__all__ = ["DIRECT", "INDIRECT", "KINDS", "MIXED", "SCARE", "Quote", "extract_quotes"]


def extract_quotes(article: "Article", mentions: list["Mention"], parses: dict[int, "ParsedSentence"] | None = None) -> list[Quote]:
    """Direct quotations, quoted terms and reported speech of one article.

    Args:
        article: the segmented article.
        mentions: its linked entity mentions (speakers resolve to these).
        parses: its parsed sentences by index (`transforms.quotes.parsing.parse_sentences`); without them
            only direct quotations are found.

    Returns:
        One `Quote` per piece or reported clause in text order; pieces of one quotation share
        `group`, and a `mixed` clause shares it with the quoted fragments it holds.
    """
    # the agency credited in a dateline (`LONDON (Reuters) -`) is nobody's antecedent: `The company said` is not Reuters
    mentions = [mention for mention in mentions if not in_dateline(article.text, mention.start, mention.end)]
    quotes = direct_quotes(article, mentions, parses)
    if parses:
        quotes.extend(_reported_quotes(article, mentions, parses, quotes))
    resolve_speakers(article, quotes, mentions, parses or {})
    return sorted(quotes, key=lambda quote: (quote.start, -quote.end))


def _reported_quotes(article: "Article", mentions: list["Mention"], parses: dict[int, "ParsedSentence"], pieces: list[Quote]) -> list[Quote]:
    """Rows for the reports the parsed sentences make; the quoted pieces they hold join them.

    A report whose content is a direct quotation credits that quotation (rule `cue_verb_subject`)
    where the surface rules found no speaker; a reported clause that holds quoted pieces is `mixed`
    and shares their quote_group, and a quotation inside it with no speaker yet, or one only guessed from the previous speaker
    (`continuation`), is the reporter's.
    A quoted term inside stays `scare`: crediting terms to the clause's speaker cost precision on
    PolNeAR (direct quotes .985 -> .978).
    """
    text = article.text
    spoken = [quote for quote in pieces if quote.kind == DIRECT]
    quoted = bytearray(len(text))
    for quote in spoken:
        quoted[quote.start : quote.end] = b"\x01" * (quote.end - quote.start)
    any_quoted = bytearray(len(text))
    for quote in pieces:
        any_quoted[quote.start : quote.end] = b"\x01" * (quote.end - quote.start)
    quote_spans = [(quote.start, quote.end) for quote in pieces]
    next_group = max((quote.group for quote in pieces), default=-1) + 1
    found: list[Quote] = []
    for index in sorted(parses):
        for report in reports_in(parses[index]):
            if quoted[report.cue.start]:
                continue  # a speaker reporting someone else inside their own quotation
            if report.speaker and any_quoted[report.speaker.start]:
                continue  # `'…, let it' said Jamie Parsons`, `said on “Fox and Friends”`: a subject inside quote marks is a misparse
            if _handed_over(article, report, spoken) or any(
                quote.speaker_start == report.content.start and quote.cue_start is not None and report.content.start <= quote.cue_start < report.content.end
                or report.speaker is None and quote.cue_start == report.cue.start and quote.end <= report.cue.start and quote.speaker_start is not None
                and report.content.start <= quote.speaker_start and quote.speaker_end < report.content.end
                for quote in spoken
            ):
                # (`“You winning?” she said, but …, Melanie said yes`: what a report holds is not another
                # quotation's attribution; `“…,” said John Smith, chief executive of Acme Corp. Smith told …`:
                # nor is the speaker a quotation's cue names, where the sentence was not ended after `Corp.`)
                continue
            report = _through_quotations(text, report, spoken)
            letters = [position for position in range(report.content.start, report.content.end) if text[position].isalnum()]
            if not letters:
                continue
            entity = _entity(text, report, mentions, quote_spans)
            inside = sum(quoted[position] for position in letters) / len(letters)
            if inside >= _QUOTED_ENOUGH:
                groups = {quote.group for quote in spoken if quote.start < report.content.end and report.content.start < quote.end}
                rows = [quote for quote in spoken if quote.group in groups]
                if report.speaker and not any(quote.speaker_start is not None and quote.rule != "continuation" for quote in rows):
                    for quote in rows:
                        _credit(quote, report, entity, "cue_verb_subject")
                continue
            closing = len(text[report.content.end :]) - len(text[report.content.end :].lstrip(".,;:!?”’\"'"))
            held = [quote for quote in pieces if report.content.start <= quote.start and quote.end <= report.content.end + closing]  # `… words.”`
            group = held[0].group if held else next_group
            next_group += 0 if held else 1
            quote = Quote(group, report.content.start, report.content.end, MIXED if held else INDIRECT)
            _credit(quote, report, entity, report.rule)
            found.append(quote)
            for fragment in held:
                if fragment.kind == DIRECT and report.speaker and _reporter_speaks(text, fragment, report):
                    _credit(fragment, report, entity, report.rule)
                fragment.group = group
    _elided_subjects(article, [*spoken, *found], found)
    _after_reports(article, spoken, found)
    return found


def _handed_over(article: "Article", report: Report, spoken: list[Quote]) -> bool:
    """`X scolded him: “…” she said`, `He said A; however, “…”, he added`: a clause before a
    quotation that a colon, a semicolon or a sentence's end hands over to is not what the cue after
    the quotation reports:
    the quotation is (a fragment in the clause's own sentence is part of it: `…, an organisation
    responsible for many “community initiatives”, the candidate told Wikinews`)."""
    if report.content.end > report.cue.start:
        return False
    between = [quote for quote in spoken if report.content.end <= quote.start and quote.end <= report.cue.start]
    if not between:
        return False
    opening = min(quote.start for quote in between)
    lead = article.text[report.content.end : opening]
    # (a sentence boundary by the splitter, not a full stop: `the U.S. Senate` goes on)
    return ":" in lead or ";" in lead or article.sentence_at(max(report.content.start, report.content.end - 1)).index != article.sentence_at(opening).index


def _entity(text: str, report: Report, mentions: list["Mention"], quote_spans: list[tuple[int, int]]) -> "Mention | None":
    """The entity a report's speaker stands for (`who` stands for the noun it hangs on)."""
    if report.speaker is None:
        return None
    referent = report.referent or report.speaker
    attribution = Attribution(referent.start, referent.end, report.cue.start, report.cue.end, pronoun=is_pronoun(text, referent.start, referent.end))
    return speaker_entity(text, attribution, mentions, quote_spans)


def _credit(quote: Quote, report: Report, entity: "Mention | None", rule: str) -> None:
    quote.speaker_start, quote.speaker_end = (report.speaker.start, report.speaker.end) if report.speaker else (None, None)
    quote.cue_start, quote.cue_end = report.cue.start, report.cue.end
    quote.speaker_entity_id = entity.entity_id if entity else None
    quote.speaker_name = entity.entity_name if entity else None
    quote.rule = rule


def _through_quotations(text: str, report: Report, spoken: list[Quote]) -> Report:
    """`He called Burma a "good news story in an era when …"`: a quotation opened inside what was
    reported after its cue is part of it to its end, wherever the parse ended the clause; not one a
    colon introduces (`… the case: "The key factor …"`), nor one after a clause around its cue."""
    if report.content.start < report.cue.end:
        return report
    ends = [
        quote.end
        for quote in spoken
        if report.content.start < quote.start < report.content.end < quote.end and ":" not in text[report.content.start : quote.start]
    ]
    if not ends:
        return report
    end = max(ends)
    closing = end + 1 if text[end : end + 1] in ("”", '"', "’", "'", "»") else end
    return replace(report, content=Span(report.content.start, closing))


def _reporter_speaks(text: str, fragment: Quote, report: Report) -> bool:
    """A quoted fragment inside a report is the reporter's when nothing else credits it, when only
    the previous speaker was guessed (`continuation`), or when a pronoun inside the report does
    (`Clinton says she admired … what she calls a "war of words"`: the name, not the `she`)."""
    if fragment.speaker_start is None or fragment.rule == "continuation":
        return True
    return (
        fragment.cue_start is not None
        and report.content.start <= fragment.cue_start < report.content.end
        and is_pronoun(text, fragment.speaker_start, fragment.speaker_end)
    )


def _after_reports(article: "Article", spoken: list[Quote], reported: list[Quote]) -> None:
    """`Cummings called him a master at deals. "He showed again and again …"`: a quotation nobody
    is said to speak, standing alone as the sentence right after a report or going on right where
    the report ends (`the study notes that X, "equal to …"`), goes on in the reporter's words, as it
    does after a quotation (`continuation`) when that was said last."""
    credited = [quote for quote in [*spoken, *reported] if quote.speaker_start is not None and quote.rule != "continuation"]
    groups: dict[int, list[Quote]] = {}
    for quote in spoken:
        groups.setdefault(quote.group, []).append(quote)
    for pieces in groups.values():
        first = min(pieces, key=lambda quote: quote.start)
        if any(quote.speaker_start is not None and quote.rule != "continuation" for quote in pieces):
            continue
        before = [quote for quote in credited if quote.end <= first.start and quote.group != first.group]
        if not before:
            continue
        last = max(before, key=lambda quote: quote.end)
        if last.kind not in (INDIRECT, MIXED):
            continue
        sentence = article.sentence_at(first.start)
        next_sentence = sentence.index == article.sentence_at(last.end - 1).index + 1 and not article.text[sentence.start : first.start].strip(" \"“‘'«")
        if not next_sentence and article.text[last.end : first.start].strip(" ,;:-–—\"“‘'«"):
            continue  # only a quotation standing alone as the next sentence, or going on right where the report ends
        for quote in pieces:
            quote.speaker_start, quote.speaker_end = last.speaker_start, last.speaker_end
            quote.cue_start, quote.cue_end = last.cue_start, last.cue_end
            quote.speaker_entity_id, quote.speaker_name = last.speaker_entity_id, last.speaker_name
            quote.rule = "after_report"


def _elided_subjects(article: "Article", credited: list[Quote], reported: list[Quote]) -> None:
    """`Trump praised the talks. Said it was like …`: a sentence that opens with its speech verb
    goes on with the speaker credited last in the same paragraph."""
    text = article.text
    for quote in reported:
        sentence = article.sentence_at(quote.cue_start)
        if quote.speaker_start is not None or text[sentence.start : quote.cue_start].strip():
            continue
        earlier = [
            other for other in credited
            if other.speaker_start is not None and other.speaker_start < quote.cue_start
            and article.sentence_at(other.speaker_start).paragraph_index == sentence.paragraph_index
        ]
        if earlier:
            source = max(earlier, key=lambda other: other.speaker_start)
            quote.speaker_start, quote.speaker_end = source.speaker_start, source.speaker_end
            quote.speaker_entity_id, quote.speaker_name = source.speaker_entity_id, source.speaker_name
            quote.rule = "previous_speaker"
