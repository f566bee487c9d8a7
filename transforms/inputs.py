"""Any supported input file to articles: text, Markdown, HTML pages, JSON Lines and CSV dumps.

One file gives one article, or one per record for dumps; a record that cannot be read becomes a
`Reject` with its line number while the rest of the file is read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import PurePosixPath
from typing import NamedTuple

from transforms.articles import Article, Metadata, parse_article, segment
from transforms.decoding import RejectedInput, decode
from transforms.html import extract_page
from transforms.records import BadRecord, FieldMap, read_csv, read_jsonl

FORMATS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
}
SUPPORTED_SUFFIXES = tuple(FORMATS)
DUMP_FORMATS = ("jsonl", "csv")


class Reject(NamedTuple):
    """An input, or one record of it, that did not become a document, and why (one line)."""

    source_path: str
    reason: str
    line: int | None = None


def format_of(source_path: str) -> str | None:
    """The input format a file's suffix names, or None when newslake does not read it."""
    return FORMATS.get(os.path.splitext(source_path)[1].lower())


def unsupported_reason(source_path: str) -> str:
    suffix = PurePosixPath(source_path).suffix or "(none)"
    return f"unsupported file type {suffix!r}; newslake reads {', '.join(SUPPORTED_SUFFIXES)}"


def read_articles(source_path: str, raw: bytes, fields: FieldMap = FieldMap()) -> tuple[list[Article], list[Reject]]:
    """The articles in one file, and the records of it that were rejected.

    Raises:
        RejectedInput: the whole file cannot be read (the message says why).
    """
    kind = format_of(source_path)
    if kind in ("text", "markdown"):
        return [parse_article(source_path, raw, markdown=kind == "markdown")], []
    content_sha256 = hashlib.sha256(raw).hexdigest()
    if kind == "html":
        if not raw.strip():
            raise RejectedInput("empty file")
        page = extract_page(raw)
        text = f"{page.title}\n\n{page.body}" if page.title else page.body
        metadata = Metadata("html", None, page.url, page.published_at, page.author, page.outlet, page.tags)
        return [segment(source_path, content_sha256, text, metadata, find_dateline=page.published_at is None)], []
    if kind in DUMP_FORMATS:
        return _read_dump(source_path, content_sha256, decode(raw), kind, fields)
    raise RejectedInput(unsupported_reason(source_path))


def _read_dump(source_path: str, content_sha256: str, text: str, kind: str, fields: FieldMap) -> tuple[list[Article], list[Reject]]:
    articles, rejects = [], []
    for record in (read_jsonl if kind == "jsonl" else read_csv)(text, fields):
        if isinstance(record, BadRecord):
            rejects.append(Reject(source_path, str(record), record.line))
            continue
        body = _paragraph_breaks(record.text)
        metadata = Metadata(kind, record.key, record.url, record.published_at, record.author, record.outlet, record.tags)
        try:
            articles.append(segment(source_path, content_sha256, f"{record.title}\n\n{body}" if record.title else body, metadata))
        except RejectedInput as error:
            rejects.append(Reject(source_path, f"line {record.line}: {error}", record.line))
    if not articles:
        if not rejects:
            raise RejectedInput(f"no records in the {kind.upper()} file")
        if len(rejects) > 1:
            raise RejectedInput(f"none of its {len(rejects)} records could be read; the first, {rejects[0].reason}")
        raise RejectedInput(rejects[0].reason)
    return articles, rejects


def _paragraph_breaks(text: str) -> str:
    """Dumps often separate paragraphs by single newlines; then every line is a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n\n" in text or "\n" not in text.strip():
        return text
    return "\n\n".join(line for line in text.split("\n"))
