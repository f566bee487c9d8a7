"""Article text to a segmented article: strip boilerplate, find title, paragraphs, sentences, dateline."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime

from transforms.text.cleaning import strip_boilerplate
from transforms.text.dates import dateline
from transforms.reading.decoding import RejectedInput, decode
from transforms.reading.front_matter import split_front_matter
from transforms.text.language import NLP_LANGUAGE, declared_code, identify
from transforms.reading.limits import SENTENCE_CHARS
from transforms.text.sentences import Span, bounded, paragraphs, sentences

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_FINGERPRINT_TOKEN = re.compile(r"\w+")
_HEADING_MARKS = re.compile(r"^#{1,6}\s+")
_DATELINE_PARAGRAPHS = 4  # the title and the next three paragraphs may hold the dateline


@dataclass(frozen=True)
class Metadata:
    """What is known of an article besides its text; None where the input does not say."""

    format: str = "text"
    record_key: str | None = None  # the record's id (or "line N") inside a dump file
    url: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    outlet: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None  # the standfirst or summary the input gives
    declared_language: str | None = None  # ISO 639-1, as the page or record declares it
    crawled_at: datetime | None = None  # when a crawler fetched the page (never the publication time)
    language: str | None = None  # ISO 639-1, identified from the text by `segment`
    language_confidence: float | None = None
    line: int | None = None  # where the record starts inside a dump file
    offset: int | None = None  # where the record starts inside a web archive

    @property
    def is_english(self) -> bool:
        """Whether the document gets sentences, entities and quotes (the model is English)."""
        return self.language == NLP_LANGUAGE


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph_index: int
    start: int
    end: int


@dataclass
class Article:
    """A decoded, segmented article; every offset indexes `text`."""

    doc_id: str
    source_path: str
    content_sha256: str
    text: str
    paragraphs: list[Span]
    sentences: list[Sentence]
    metadata: Metadata = field(default_factory=Metadata)
    removed_lines: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        first = self.paragraphs[0]
        return _HEADING_MARKS.sub("", self.text[first.start : first.end])

    @property
    def fingerprint(self) -> str:
        """A hash of the body's words, case-folded: the same article saved twice, in any format.

        The title and a dateline paragraph are left out: pages and dumps often carry them apart;
        composed and decomposed accents count as one (`transforms.text.normalisation`).
        """
        body = [self.text[p.start : p.end] for p in self.paragraphs[1:] or self.paragraphs]
        kept = unicodedata.normalize("NFC", " ".join(p for p in body if not dateline(p)))  # one spelling of "é"
        words = " ".join(_FINGERPRINT_TOKEN.findall(kept.casefold()))
        return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32]

    @property
    def n_words(self) -> int:
        return count_words(self.text)

    def sentence_id(self, index: int) -> str:
        return f"{self.doc_id}-s{index:04d}"

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence containing `offset` (or the nearest one before it)."""
        low, high = 0, len(self.sentences) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.sentences[middle].start <= offset:
                low = middle
            else:
                high = middle - 1
        return self.sentences[low]


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def doc_id_for(source_path: str, record_key: str | None = None) -> str:
    """A stable id from the path (and record), so a changed file keeps its ids and replaces its rows."""
    name = source_path if record_key is None else f"{source_path}#{record_key}"
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]


def parse_article(source_path: str, raw: bytes, markdown: bool = False, content_sha256: str | None = None) -> Article:
    """Decode and segment one text (or Markdown) file. Front matter (`---` YAML at the top) gives
    the title, date, url, author and outlet; else a dateline at the top gives `published_at`.

    Raises:
        RejectedInput: the file cannot become a document (the message says why).
    """
    metadata = Metadata(format="markdown" if markdown else "text")
    decoded = decode(raw)
    if "\x00" in decoded:
        raise RejectedInput(f"holds a NUL character (character {decoded.index(chr(0))}): not text")
    front, text = split_front_matter(decoded)
    if front is not None:
        metadata = replace(
            metadata, url=front.url, published_at=front.published_at, author=front.author, outlet=front.outlet, tags=front.tags,
            description=front.description, declared_language=declared_code(front.language),
        )
        if front.title:
            text = f"{front.title}\n\n{text.lstrip()}"
    return segment(source_path, content_sha256 or hashlib.sha256(raw).hexdigest(), text, metadata, find_dateline=True)


def segment(source_path: str, content_sha256: str, text: str, metadata: Metadata, find_dateline: bool = False) -> Article:
    """Segment article text (first line: title; paragraphs: blocks between blank lines; sentences
    of at most `limits.SENTENCE_CHARS` characters).

    Raises:
        RejectedInput: nothing is left once boilerplate lines are removed.
    """
    text, removed = strip_boilerplate(text)
    blocks = _split_title(text, paragraphs(text))
    if not blocks:
        raise RejectedInput("no text left after removing boilerplate lines")
    if find_dateline and metadata.published_at is None:
        dates = (dateline(text[block.start : block.end]) for block in blocks[1:_DATELINE_PARAGRAPHS])
        metadata = replace(metadata, published_at=next((date for date in dates if date), None))
    language, confidence = identify(text)
    metadata = replace(metadata, language=language, language_confidence=confidence)
    spans: list[Sentence] = []
    for paragraph_index, block in enumerate(blocks):
        parts = [block] if paragraph_index == 0 else sentences(text, block.start, block.end)
        for part in parts:
            for piece in bounded(text, part, SENTENCE_CHARS):  # a run without a sentence stop, cut
                spans.append(Sentence(len(spans), paragraph_index, piece.start, piece.end))
    return Article(
        doc_id=doc_id_for(source_path, metadata.record_key),
        source_path=source_path,
        content_sha256=content_sha256,
        text=text,
        paragraphs=blocks,
        sentences=spans,
        metadata=metadata,
        removed_lines=removed,
    )


def _split_title(text: str, blocks: list[Span]) -> list[Span]:
    """The title is the first line; when no blank line follows it, it still is its own paragraph."""
    if not blocks:
        return blocks
    first = blocks[0]
    newline = text.find("\n", first.start, first.end)
    if newline == -1:
        return blocks
    title_end = newline
    while text[title_end - 1].isspace():
        title_end -= 1
    rest = first.end
    body_start = newline
    while text[body_start].isspace():
        body_start += 1
    return [Span(first.start, title_end), Span(body_start, rest), *blocks[1:]]
