"""Any supported input file to articles: text, Markdown, HTML pages, crawler JSON, JSON Lines and
CSV dumps, each also compressed (`.gz`, `.bz2`, `.xz`, `.zst`). Web archives (WARC, ARC) are read
record by record in `transforms.reading.archives`.

One file gives one article, or one per record for dumps; a record that cannot be read becomes a
`Reject` with its line number while the rest of the file is read. `read_file` reads a file inside
the guard (`transforms.reading.guard`): whatever goes wrong is a reject, never an error of the run.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Callable

from transforms.reading.articles import Article, Metadata, parse_article, segment
from transforms.reading.compression import COMPRESSIONS, compression_of, expand
from transforms.reading.decoding import RejectedInput, decode
from transforms.reading.guard import Reject, each_record, read_guarded, whole_file
from transforms.reading.html import extract_page
from transforms.text.language import declared_code
from transforms.reading.limits import EXPANDED_BYTES, FILE_BYTES, check_file_size
from transforms.reading.records import FieldMap, Record, read_csv, read_json, read_jsonl
from transforms.schema import Format

FORMATS = {
    ".txt": Format.TEXT, ".text": Format.TEXT, ".md": Format.MARKDOWN, ".markdown": Format.MARKDOWN,
    ".html": Format.HTML, ".htm": Format.HTML, ".json": Format.JSON, ".jsonl": Format.JSONL, ".ndjson": Format.JSONL,
    ".csv": Format.CSV, ".warc": Format.WARC, ".arc": Format.ARC,
}  # suffix -> format
SUPPORTED_SUFFIXES = tuple(FORMATS) + tuple(COMPRESSIONS)
DUMP_FORMATS = (Format.JSON, Format.JSONL, Format.CSV)  # read through the field map
ARCHIVE_FORMATS = (Format.WARC, Format.ARC)  # read record by record (`transforms.reading.archives`), split into parts
_LINE_FORMATS = (Format.JSONL, Format.CSV)  # keep the whole lines before a damaged compressed stream


def format_of(source_path: str) -> str | None:
    """The input format a file's suffix names, under a compression suffix (`dump.jsonl.gz` is
    jsonl), or None when newslake does not read it."""
    stem, suffix = os.path.splitext(source_path)
    suffix = suffix.lower()
    if suffix in COMPRESSIONS:
        suffix = os.path.splitext(stem)[1].lower()
    return FORMATS.get(suffix)


def compressed_archive(source_path: str) -> bool:
    """`.warc.gz` and `.arc.gz` are gzipped record by record, which the archive reader reads (and
    splits) itself; other compressions around an archive are expanded as a stream."""
    return format_of(source_path) in ARCHIVE_FORMATS and compression_of(source_path) == "gzip"


def unsupported_reason(source_path: str) -> str:
    suffix = PurePosixPath(source_path).suffix or "(none)"
    return f"unsupported file type {suffix!r}; newslake reads {', '.join(SUPPORTED_SUFFIXES)}"


def read_file(source_path: str, read: Callable[[], bytes], fields: FieldMap = FieldMap()) -> tuple[list[Article], list[Reject]]:
    """The articles of the file whose bytes `read` returns, and its rejects: inside the guard, so
    whatever reading or parsing raises (an I/O error too) is a reject of the file, never an error."""
    return read_guarded(source_path, lambda: read_articles(source_path, read(), fields))


def read_articles(source_path: str, raw: bytes, fields: FieldMap = FieldMap()) -> tuple[list[Article], list[Reject]]:
    """The articles in one file (not a web archive), and the records of it that were rejected.

    Raises:
        RejectedInput: the whole file cannot be read (the message says why); a hostile file may
            raise anything else too, so read files through `read_file`.
    """
    kind = format_of(source_path)
    if kind is None or kind in ARCHIVE_FORMATS:
        raise RejectedInput(unsupported_reason(source_path))
    check_file_size(kind, len(raw))
    content_sha256 = hashlib.sha256(raw).hexdigest()
    rejects: list[Reject] = []
    if compression := compression_of(source_path):
        # what it expands to is read whole too: it may hold what the uncompressed file may
        raw, damage = expand(io.BytesIO(raw), compression, min(FILE_BYTES.get(kind, EXPANDED_BYTES), EXPANDED_BYTES), whole_lines=kind in _LINE_FORMATS)
        if damage:
            rejects.append(Reject(source_path, f"{damage}; the whole records before it were read", raw.count(b"\n") + 1))
    if kind in ("text", "markdown"):
        return [parse_article(source_path, raw, markdown=kind == "markdown", content_sha256=content_sha256)], rejects
    if kind == "html":
        return [page_article(source_path, content_sha256, raw, Metadata("html"))], rejects
    articles, bad = _read_dump(source_path, content_sha256, decode(raw), kind, fields)
    return articles, bad + rejects


def page_article(source_path: str, content_sha256: str, raw: bytes, metadata: Metadata, url: str | None = None) -> Article:
    """The article of an HTML page (a saved page, or a web archive's record fetched from `url`).

    Raises:
        RejectedInput: the page is empty or holds no article text.
    """
    if not raw.strip():
        raise RejectedInput("empty file")
    page = extract_page(raw, url)
    text = f"{page.title}\n\n{page.body}" if page.title else page.body
    metadata = replace(
        metadata, url=url or page.url, published_at=page.published_at, author=page.author, outlet=page.outlet, tags=page.tags,
        description=page.description, declared_language=page.declared_language,
    )
    return segment(source_path, content_sha256, text, metadata, find_dateline=page.published_at is None)


def _read_dump(source_path: str, content_sha256: str, text: str, kind: str, fields: FieldMap) -> tuple[list[Article], list[Reject]]:
    """Each record built into an article inside the guard: a bad one is a reject with its line."""

    def article(record: Record) -> Article:
        body = _paragraph_breaks(record.text)
        metadata = Metadata(
            kind, record.key, record.url, record.published_at, record.author, record.outlet, record.tags,
            description=record.description, declared_language=declared_code(record.language), crawled_at=record.crawled_at,
            line=record.line,
        )
        return segment(source_path, content_sha256, f"{record.title}\n\n{body}" if record.title else body, metadata)

    records = {"json": read_json, "jsonl": read_jsonl, "csv": read_csv}[kind](text, fields)
    articles, rejects = each_record(source_path, ((line, lambda build=build: article(build())) for line, build in records))
    if not articles:
        if not rejects:
            raise RejectedInput(f"no records in the {kind.upper()} file")
        raise RejectedInput(whole_file(source_path, rejects).reason)
    return articles, rejects


def _paragraph_breaks(text: str) -> str:
    """Dumps often separate paragraphs by single newlines; then every line is a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n\n" in text or "\n" not in text.strip():
        return text
    return "\n\n".join(line for line in text.split("\n"))
