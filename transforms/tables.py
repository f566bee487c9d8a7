"""Segmented articles to Arrow tables: the rows every Parquet table is written from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Sequence

import pyarrow as pa

from transforms.reading.articles import Article, count_words
from transforms.entities import Mention
from transforms.entities.linking import link_mentions
from transforms.text.normalisation import Composed, composed
from transforms.quotes.parsing import parse_sentences
from transforms.quotes import DIRECT, INDIRECT, MIXED, Quote, extract_quotes
from transforms.entities.recognition import recognise
from transforms.schema import DOCUMENTS, MENTIONS, QUOTES, SENTENCES, TERMS
from transforms.text.search import postings
from transforms.text.sentences import Span

if TYPE_CHECKING:
    from spacy.language import Language

    from transforms.entities.knowledge import KnownEntities


@dataclass
class Analysis:
    """Everything newslake finds in one article (for one not in English: the document alone)."""

    article: Article
    mentions: list[Mention]
    quotes: list[Quote]


def analyse(articles: Sequence[Article], nlp: "Language", parser: "Language", known: "KnownEntities | None" = None) -> list[Analysis]:
    """NER over the batch's English articles in one `nlp.pipe` call, the parser over the sentences
    that may carry speech in another, then entity linking (with the user's `known` entities) and
    quotes per article. The model is English: other articles are kept as documents only.

    Each article is read in composed form (`transforms.text.normalisation`); what is found in it is
    mapped back, so every offset points into the text as written."""
    english = [article for article in articles if article.metadata.is_english]
    forms = [composed(article.text) for article in english]
    readings = [article if form is None else _reading(article, form) for article, form in zip(english, forms)]
    found = recognise(nlp, [reading.text for reading in readings])
    parsed = parse_sentences(parser, readings)
    analysed = {}
    for article, reading, form, mentions, parses in zip(english, readings, forms, found, parsed):
        linked = link_mentions(reading.text, mentions, known=known)
        quotes = extract_quotes(reading, linked, parses)
        if form is not None:
            linked, quotes = _as_written(article.text, form, linked, quotes)
        analysed[id(article)] = Analysis(article, linked, quotes)
    return [analysed.get(id(article)) or Analysis(article, [], []) for article in articles]


def _reading(article: Article, form: Composed) -> Article:
    """The article as the analysis reads it: its composed text, paragraphs and sentences."""
    def span(part: Span) -> Span:
        return Span(form.to_composed(part.start), form.to_composed(part.end, end=True))

    sentences = [replace(sentence, start=form.to_composed(sentence.start), end=form.to_composed(sentence.end, end=True)) for sentence in article.sentences]
    return replace(article, text=form.text, paragraphs=[span(part) for part in article.paragraphs], sentences=sentences)


def _as_written(text: str, form: Composed, mentions: list[Mention], quotes: list[Quote]) -> tuple[list[Mention], list[Quote]]:
    """Mentions and quotes found in the composed text, with offsets (and the mention's words)
    in the text as written; names of entities stay composed, so both spellings are one name."""
    def start(offset: int | None) -> int | None:
        return None if offset is None else form.to_written(offset)

    def end(offset: int | None) -> int | None:
        return None if offset is None else form.to_written(offset, end=True)

    written = []
    for mention in mentions:
        first, last = start(mention.start), end(mention.end)
        written.append(replace(mention, start=first, end=last, text=text[first:last]))
    moved = [
        replace(quote, start=start(quote.start), end=end(quote.end), speaker_start=start(quote.speaker_start),
                speaker_end=end(quote.speaker_end), cue_start=start(quote.cue_start), cue_end=end(quote.cue_end))
        for quote in quotes
    ]
    return written, moved


def to_tables(analyses: Sequence[Analysis], ingested_at: datetime) -> dict[str, pa.Table]:
    """Rows for the per-document tables (documents, sentences, mentions, quotes)."""
    documents, sentences, mentions, quotes, terms = [], [], [], [], []
    for analysis in analyses:
        article = analysis.article
        metadata = article.metadata
        documents.append({
            "doc_id": article.doc_id,
            "source_path": article.source_path,
            "record_key": metadata.record_key,
            "format": metadata.format,
            "title": article.title,
            "url": metadata.url,
            "published_at": metadata.published_at,
            "author": metadata.author,
            "outlet": metadata.outlet,
            "tags": list(metadata.tags),
            "text": article.text,
            "description": metadata.description,
            "language": metadata.language,
            "language_confidence": metadata.language_confidence,
            "declared_language": metadata.declared_language,
            "crawled_at": metadata.crawled_at,
            "text_fingerprint": article.fingerprint,
            "content_sha256": article.content_sha256,
            "n_paragraphs": len(article.paragraphs),
            "n_sentences": len(article.sentences) if metadata.is_english else 0,
            "n_words": article.n_words,
            "ingested_at": ingested_at,
        })
        if not metadata.is_english:
            continue
        for sentence in article.sentences:
            sentences.append({
                "sentence_id": article.sentence_id(sentence.index),
                "doc_id": article.doc_id,
                "paragraph_index": sentence.paragraph_index,
                "sentence_index": sentence.index,
                "start_char": sentence.start,
                "end_char": sentence.end,
                "text": article.text[sentence.start : sentence.end],
            })
        for index, mention in enumerate(analysis.mentions):
            mentions.append({
                "mention_id": f"{article.doc_id}-m{index:04d}",
                "doc_id": article.doc_id,
                "sentence_id": article.sentence_id(article.sentence_at(mention.start).index),
                "start_char": mention.start,
                "end_char": mention.end,
                "text": mention.text,
                "label": mention.label,
                "entity_id": mention.entity_id,
                "entity_name": mention.entity_name,
                "kb_id": mention.kb_id,
                "kb_source": mention.kb_source,
            })
        for index, quote in enumerate(analysis.quotes):
            quotes.append({
                "quote_id": f"{article.doc_id}-q{index:04d}",
                "quote_group": _group_id(article, quote.group),
                "doc_id": article.doc_id,
                "sentence_id": article.sentence_id(article.sentence_at(quote.start).index),
                "start_char": quote.start,
                "end_char": quote.end,
                "text": article.text[quote.start : quote.end],
                "kind": quote.kind,
                "speaker": quote.speaker_text(article.text),
                "speaker_start": quote.speaker_start,
                "speaker_end": quote.speaker_end,
                "speaker_entity_id": quote.speaker_entity_id,
                "speaker_name": quote.speaker_name,
                "speaker_status": quote.speaker_status,
                "cue": quote.cue_text(article.text),
                "rule": quote.rule,
                "n_words": count_words(article.text[quote.start : quote.end]),
            })
        sentence_units = ((article.sentence_id(s.index), article.text[s.start : s.end]) for s in article.sentences)
        terms.extend(postings("sentences", article.doc_id, sentence_units))
        terms.extend(postings("quotes", article.doc_id, _quotations(article, analysis.quotes)))
    return {
        "documents": DOCUMENTS.from_rows(documents),
        "sentences": SENTENCES.from_rows(sentences),
        "mentions": MENTIONS.from_rows(mentions),
        "quotes": QUOTES.from_rows(quotes),
        "terms": TERMS.from_rows(terms),
    }


def _quotations(article: Article, quotes: Sequence[Quote]) -> list[tuple[str, str]]:
    """Each attribution as one search unit keyed by quote_group: a direct quotation's pieces joined,
    or the reported clause (a mixed clause holds its quoted fragments already)."""
    pieces: dict[int, list[str]] = {}
    clauses: dict[int, list[str]] = {}
    for quote in quotes:
        if quote.kind == DIRECT:
            pieces.setdefault(quote.group, []).append(article.text[quote.start : quote.end])
        elif quote.kind in (INDIRECT, MIXED):
            clauses.setdefault(quote.group, []).append(article.text[quote.start : quote.end])
    units = {**pieces, **clauses}
    return [(_group_id(article, group), " ".join(texts)) for group, texts in sorted(units.items())]


def _group_id(article: Article, group: int) -> str:
    return f"{article.doc_id}-g{group:04d}"

