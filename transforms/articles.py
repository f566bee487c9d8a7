"""One article file to a segmented article: decode, strip boilerplate, find title, paragraphs, sentences."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from transforms.cleaning import strip_boilerplate
from transforms.decoding import RejectedInput, decode
from transforms.sentences import Span, paragraphs, sentences

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


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
    removed_lines: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        first = self.paragraphs[0]
        return self.text[first.start : first.end]

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


def doc_id_for(source_path: str) -> str:
    """A stable id from the path, so a changed file keeps its id and replaces its rows."""
    return hashlib.sha1(source_path.encode("utf-8")).hexdigest()[:16]


def parse_article(source_path: str, raw: bytes) -> Article:
    """Decode and segment one article file (first line: title; paragraphs: blocks between blank lines).

    Raises:
        RejectedInput: the file cannot become a document (the message says why).
    """
    text, removed = strip_boilerplate(decode(raw))
    blocks = _split_title(text, paragraphs(text))
    if not blocks:
        raise RejectedInput("no text left after removing boilerplate lines")
    spans: list[Sentence] = []
    for paragraph_index, block in enumerate(blocks):
        parts = [block] if paragraph_index == 0 else sentences(text, block.start, block.end)
        for part in parts:
            spans.append(Sentence(len(spans), paragraph_index, part.start, part.end))
    return Article(
        doc_id=doc_id_for(source_path),
        source_path=source_path,
        content_sha256=hashlib.sha256(raw).hexdigest(),
        text=text,
        paragraphs=blocks,
        sentences=spans,
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
