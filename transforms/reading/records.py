"""Article records: one per JSON line or CSV row of a dump, or the article object (or list of them)
of a crawler's JSON file, read through a field map.

Scrapers and exports name their fields differently; the usual names are recognised, those of the
crawlers people use among them (news-please, Fundus, trafilatura `--json`, newspaper4k), and a
user maps any other name (`--field text=story_body`, or a `[fields]` table in a TOML file). Each
record is built inside the guard (`transforms.reading.guard.each_record`): a bad one is rejected with its
line number and the rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate
from typing import Callable, Iterator, Mapping

from transforms.text.dates import DateOutOfRange, parse_date
from transforms.reading.decoding import RejectedInput
from transforms.reading.front_matter import tag_list
from transforms.reading.limits import NESTING_DEPTH, RECORD_BYTES, OverLimit

csv.field_size_limit(RECORD_BYTES)  # article bodies are far longer than csv's 128 KB default

FIELDS = ("id", "title", "text", "url", "published_at", "author", "outlet", "tags", "description", "language", "crawled_at")
# In order of preference. news-please: maintext, date_publish, date_download, source_domain,
# authors, description, language; Fundus: plaintext (or body's sections), publishing_date, topics,
# lang; trafilatura --json: text, date, sitename, hostname, excerpt, language (its `source` is the
# URL: an outlet that is a URL is passed over); newspaper4k: text, publish_date, canonical_link,
# meta_description, meta_lang, meta_site_name.
USUAL_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "guid", "uuid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "full_text", "maintext", "plaintext", "raw_text"),
    "url": ("url", "link", "canonical_url", "canonical_link", "source_url", "source"),
    "published_at": ("published_at", "date", "published", "publish_date", "pubdate", "date_published", "datetime", "date_publish", "publishing_date"),
    "author": ("author", "authors", "byline"),
    "outlet": ("source", "outlet", "publisher", "site", "sitename", "source_name", "meta_site_name", "source-hostname", "source_domain", "hostname"),
    "tags": ("tags", "keywords", "categories", "topics"),
    "description": ("description", "meta_description", "excerpt", "summary", "lead"),
    "language": ("language", "lang", "meta_lang", "inlanguage", "locale"),
    "crawled_at": ("crawled_at", "date_download", "crawl_date", "fetched_at", "date_crawled"),
}
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


@dataclass(frozen=True)
class FieldMap:
    """Which record field holds each of newslake's fields; names the user gives come first."""

    custom: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.custom) - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r} in the field map; newslake's fields are {', '.join(FIELDS)}")

    def names(self, name: str) -> tuple[str, ...]:
        return ((self.custom[name],) if name in self.custom else ()) + USUAL_NAMES[name]

    def owner(self, column: str) -> str | None:
        """The newslake field a column (by its folded name) would fill, or None."""
        return next((name for name in FIELDS if column in (candidate.strip().lower() for candidate in self.names(name))), None)

    @property
    def signature(self) -> str:
        """Part of the pipeline version of dump files: a new map reads them again."""
        return ",".join(f"{key}={value}" for key, value in sorted(self.custom.items()))


@dataclass(frozen=True)
class Record:
    line: int
    key: str | None  # the record's id, or "line N"; None for the one article of a JSON file without an id
    title: str | None
    text: str
    url: str | None
    published_at: datetime | None
    author: str | None
    outlet: str | None
    tags: tuple[str, ...] = ()
    description: str | None = None
    language: str | None = None  # as the record declares it
    crawled_at: datetime | None = None


# Where a record starts, and how to build it (raising RejectedInput with the reason).
RecordSource = tuple[int, Callable[[], Record]]


def read_jsonl(text: str, fields: FieldMap) -> Iterator[RecordSource]:
    """One record per non-blank line."""
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, lambda number=number, line=line: _record(number, _json_object(line), fields, seen)


def read_json(text: str, fields: FieldMap) -> Iterator[RecordSource]:
    """A crawler's JSON file: one article object, or a list of them (each keyed by the line it
    starts on, as in a JSON Lines dump)."""
    depth = _nesting(text)
    if depth > NESTING_DEPTH + 1:  # (a list of articles adds a level)
        yield 1, lambda: _fail(str(OverLimit("JSON nesting", depth, NESTING_DEPTH, "levels")))
        return
    decoder = json.JSONDecoder()
    start = _skip_space(text, 0)
    if text.startswith("[", start):
        seen: set[str] = set()
        position, line = _skip_space(text, start + 1), text.count("\n", 0, start) + 1
        while not text.startswith("]", position):
            line += text.count("\n", start, position)
            start = position
            try:
                value, position = decoder.raw_decode(text, position)
            except json.JSONDecodeError as error:
                yield error.lineno, lambda error=error: _fail(f"not valid JSON ({error.msg} at column {error.colno}); the records after it were not read")
                return
            yield line, lambda line=line, value=value: _record(line, _an_object(value, "not an object"), fields, seen)
            position = _skip_space(text, position)
            if text.startswith(",", position):
                position = _skip_space(text, position + 1)
            elif not text.startswith("]", position):
                yield text.count("\n", 0, position) + 1, lambda: _fail("not valid JSON (expected ',' or ']' after a record); the records after it were not read")
                return
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        yield error.lineno, lambda: _fail(f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})")
        return
    yield 1, lambda: _record(1, _an_object(value, "neither an article object nor a list of them"), fields, set(), whole_file=True)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def read_csv(text: str, fields: FieldMap) -> Iterator[RecordSource]:
    """One record per row after the header row; a quoted field may span lines. A row the csv
    module cannot read (an unclosed quote, a field over the record limit) ends the file there:
    where the next row starts is unknown."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        yield 1, lambda: _fail(f"no CSV header row ({error})" if str(error) else "no CSV header row")
        return
    seen: set[str] = set()
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield first_line, lambda error=error: _fail(f"not valid CSV ({error}); the rest of the file was not read")
            return
        if any(cell.strip() for cell in row):
            yield first_line, lambda first_line=first_line, row=row: _record(first_line, _csv_row(header, row), fields, seen)


def _fail(reason: str):
    raise RejectedInput(reason)


def _an_object(value, otherwise: str) -> dict:
    if not isinstance(value, dict):
        raise RejectedInput(f"a JSON {type(value).__name__}, {otherwise}")
    return value


def _json_object(line: str) -> dict:
    """The JSON object on one line, within the record limits."""
    if len(line) > RECORD_BYTES // 4 and len(line.encode("utf-8", "surrogatepass")) > RECORD_BYTES:
        raise OverLimit("a record", len(line.encode("utf-8", "surrogatepass")), RECORD_BYTES)
    depth = _nesting(line)
    if depth > NESTING_DEPTH:
        raise OverLimit("JSON nesting", depth, NESTING_DEPTH, "levels")
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise RejectedInput(f"not valid JSON ({error.msg} at column {error.colno})") from None
    return _an_object(value, "not an object")


def _nesting(text: str) -> int:
    """How deep a JSON text nests its lists and objects (brackets inside strings left out); only
    counted when it has enough brackets to go over the limit at all."""
    if text.count("[") + text.count("{") <= NESTING_DEPTH:
        return 0
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(1 if bracket in "[{" else -1 for bracket in brackets), default=0)


def _csv_row(header: list[str], row: list[str]) -> dict:
    if len(row) != len(header):
        raise RejectedInput(f"{len(row)} cells where the header has {len(header)}")
    size = sum(len(cell) for cell in row)
    if size > RECORD_BYTES // 4 and (size := sum(len(cell.encode("utf-8", "surrogatepass")) for cell in row)) > RECORD_BYTES:
        raise OverLimit("a record", size, RECORD_BYTES)
    return dict(zip(header, row))


def _folded(value: dict, fields: FieldMap) -> dict:
    """The record's fields by folded name (case and surrounding spaces aside). Two fields that
    fold to one name newslake reads, with different values, reject the record: neither may
    silently win (`"text"` and `"text "`)."""
    folded: dict = {}
    written: dict[str, str] = {}
    for name, item in value.items():
        key = str(name).strip().lower()
        if key in folded and folded[key] != item and (owner := fields.owner(key)):
            raise RejectedInput(f"the fields {written[key]!r} and {str(name)!r} both name the {owner}; rename one of them")
        folded[key], written[key] = item, str(name)
    return folded


def _record(line: int, value: dict, fields: FieldMap, seen: set[str], whole_file: bool = False) -> Record:
    """The record as newslake's fields (`whole_file`: the file's one article, keyed by its id or
    by nothing).

    Raises:
        RejectedInput: it cannot become a document (the reason says why).
    """
    lowered = _folded(value, fields)

    def raw(name: str):
        """The value of the first field present (and not empty) among the names of `name`."""
        return next((lowered[key] for key in (candidate.lower() for candidate in fields.names(name)) if lowered.get(key) not in (None, "", [])), None)

    def get(name: str) -> str | None:
        """The field as one string: lists joined, an object's `name`, a Fundus body's paragraphs;
        blank values passed over, and an outlet that is a URL."""
        for candidate in fields.names(name):
            item = lowered.get(candidate.lower())
            if isinstance(item, list):
                item = ", ".join(str(part) for part in item if part)
            if isinstance(item, dict):
                item = _sections_text(item) if name == "text" else item.get("name")
            if item is not None and str(item).strip() and _fits(name, candidate, str(item).strip()):
                if "\x00" in str(item):
                    raise RejectedInput(f"the {name} field holds a NUL character: not text")
                return str(item).strip()
        return None

    def date(name: str) -> datetime | None:
        written = get(name)
        return parse_date(written) if written else None

    text = get("text")
    if text is None:
        raise RejectedInput(f"no article text (looked for a field named {' or '.join(fields.names('text'))})")
    given = get("id")
    key = given or (None if whole_file else f"line {line}")
    if key in seen and not given:
        key = f"line {line} (no id)"  # an earlier record's own id was literally "line N"
    if key in seen:
        why = f"id {key!r} was already used by an earlier record"
        if re.fullmatch(r"line \d+", key):
            why += " (a record without an id is keyed 'line N' by the line it starts on)"
        raise RejectedInput(why)
    seen.add(key)
    dates = {}
    for name in ("published_at", "crawled_at"):
        try:
            dates[name] = date(name)
        except DateOutOfRange as error:
            raise RejectedInput(f"{name} {error}") from None
        except ValueError:
            raise RejectedInput(f"{name} {get(name)!r} is not a date newslake reads (ISO 8601, RFC 2822 or 'January 4, 2019')") from None
    tags = tag_list(raw("tags"))
    if any("\x00" in tag for tag in tags):
        raise RejectedInput("the tags field holds a NUL character: not text")
    return Record(
        line, key, get("title"), text, get("url"), dates["published_at"], get("author"), get("outlet"), tags,
        get("description"), get("language"), dates["crawled_at"],
    )


def _fits(name: str, candidate: str, value: str) -> bool:
    """`source` is an outlet's name in some dumps and the page's URL in trafilatura's JSON: an
    outlet is never a URL, and a URL taken from `source` must be one."""
    if name == "outlet":
        return not _URL.match(value)
    return name != "url" or candidate.lower() != "source" or bool(_URL.match(value))


def _sections_text(body: dict) -> str | None:
    """Fundus' article body, `{"summary": [...], "sections": [{"headline": [...], "paragraphs": [...]}]}`,
    as paragraphs separated by blank lines (section headlines are paragraphs too)."""
    def texts(value) -> list[str]:
        return [str(item) for item in value if str(item).strip()] if isinstance(value, list) else ([str(value)] if value else [])

    paragraphs = texts(body.get("summary"))
    for section in body.get("sections") or ():
        if isinstance(section, dict):
            paragraphs += texts(section.get("headline")) + texts(section.get("paragraphs"))
    return "\n\n".join(paragraphs) or None
