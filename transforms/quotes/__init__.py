"""Who said what: direct quotations found by their marks, reported speech found by its grammar.

- `marks` pairs quote marks into quoted pieces (direct quotations and quoted terms);
- `direct` credits each quotation to its speaker with the rules of `direct.RULES`, tried in order;
- `reported` reads the parsed sentences for reported speech (`X said that …`, `according to X`);
- `speakers` links a speaker's words (a name, `he`, `the company`) to a named entity.

Every row says which rule credited its speaker (`Quote.rule`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transforms.quotes.direct import direct_quotes
from transforms.quotes.quotations import DIRECT, SCARE, Attribution, Quote
from transforms.quotes.speakers import speaker_entity
from transforms.quotes.reported import reports_in

if TYPE_CHECKING:
    from transforms.articles import Article
    from transforms.entities import Mention
    from transforms.parsing import ParsedSentence

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
        parses: its parsed sentences by index (`transforms.parsing.parse_sentences`); without them
            only direct quotations are found.

    Returns:
        One `Quote` per piece in text order; pieces of one quotation share `group`; a `mixed` row
        shares the group of the direct fragment it holds.
    """
    quotes = direct_quotes(article, mentions, parses)
    if parses:
        quotes.extend(_reported_quotes(article, mentions, parses, quotes))
    return sorted(quotes, key=lambda quote: (quote.start, -quote.end))


def _credit_direct(text: str, report, spoken: list[Quote], mentions, quote_spans) -> None:
    """A direct quotation that is the clause object of a speech verb (`X said “…”`) is X's words,
    where the surface rules found no speaker or only guessed that the previous speaker goes on."""
    if report.speaker is None:
        return
    pieces = [quote for quote in spoken if quote.start < report.content.end and report.content.start < quote.end]
    groups = {quote.group for quote in pieces}
    rows = [quote for quote in spoken if quote.group in groups]
    if not rows or any(quote.speaker_start is not None and quote.rule != "continuation" for quote in rows):
        return
    referent = report.referent or report.speaker
    attribution = Attribution(referent.start, referent.end, report.cue.start, report.cue.end)
    attribution.pronoun = text[referent.start : referent.end].lower() in ("he", "she", "it", "they", "we", "i", "you")
    entity = speaker_entity(text, attribution, mentions, quote_spans)
    for quote in rows:
        quote.speaker_start, quote.speaker_end = report.speaker.start, report.speaker.end
        quote.cue_start, quote.cue_end = report.cue.start, report.cue.end
        quote.speaker_entity_id = entity.entity_id if entity else None
        quote.speaker_name = entity.entity_name if entity else None
        quote.rule = "cue_verb_subject"


def _reported_quotes(article: "Article", mentions: list["Mention"], parses: dict[int, "ParsedSentence"], direct: list[Quote]) -> list[Quote]:
    text = article.text
    spoken = [quote for quote in direct if quote.kind == DIRECT]
    quoted = bytearray(len(text))
    for quote in spoken:
        quoted[quote.start : quote.end] = b"\x01" * (quote.end - quote.start)
    quote_spans = [(quote.start, quote.end) for quote in direct]
    next_group = max((quote.group for quote in direct), default=-1) + 1
    found: list[Quote] = []
    for index in sorted(parses):
        for report in reports_in(parses[index]):
            if quoted[report.cue.start]:
                continue  # a speaker reporting someone else inside their own quotation
            letters = [position for position in range(report.content.start, report.content.end) if text[position].isalnum()]
            if not letters:
                continue
            inside = sum(quoted[position] for position in letters) / len(letters)
            if inside >= _QUOTED_ENOUGH:
                _credit_direct(text, report, spoken, mentions, quote_spans)
                continue
            fragments = [quote for quote in spoken if report.content.start <= quote.start and quote.end <= report.content.end]
            if inside and fragments:
                kind, group = MIXED, fragments[0].group
            else:
                kind, group = INDIRECT, next_group
                next_group += 1
            quote = Quote(group, report.content.start, report.content.end, kind, cue_start=report.cue.start, cue_end=report.cue.end, rule=report.rule)
            if report.speaker is not None:
                referent = report.referent or report.speaker
                attribution = Attribution(referent.start, referent.end, report.cue.start, report.cue.end)
                attribution.pronoun = text[referent.start : referent.end].lower() in ("he", "she", "it", "they", "we", "i", "you")
                entity = speaker_entity(text, attribution, mentions, quote_spans)
                quote.speaker_start, quote.speaker_end = report.speaker.start, report.speaker.end
                quote.speaker_entity_id = entity.entity_id if entity else None
                quote.speaker_name = entity.entity_name if entity else None
            found.append(quote)
    return found
