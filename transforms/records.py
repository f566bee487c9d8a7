"""Article dumps, one article per JSON line or CSV row, read through a field map.

Scrapers and exports name their fields differently; the usual names are recognised, and a user
maps any other name (`--field text=story_body`, or a `[fields]` table in a TOML file). A bad record
is reported with its line number and the rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterator, Mapping

from transforms.dates import parse_date
from transforms.front_matter import tag_list

csv.field_size_limit(64 * 1024 * 1024)  # article bodies are far longer than csv's 128 KB default

FIELDS = ("id", "title", "text", "url", "published_at", "author", "outlet", "tags")
USUAL_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "guid", "uuid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "full_text", "maintext"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "published_at": ("published_at", "date", "published", "publish_date", "pubdate", "date_published", "datetime"),
    "author": ("author", "authors", "byline"),
    "outlet": ("source", "outlet", "publisher", "site", "sitename", "source_name"),
    "tags": ("tags", "keywords", "categories", "topics"),
}


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

    @property
    def signature(self) -> str:
        """Part of the pipeline version of dump files: a new map reads them again."""
        return ",".join(f"{key}={value}" for key, value in sorted(self.custom.items()))


@dataclass(frozen=True)
class Record:
    line: int
    key: str  # the record's id, or "line N"
    title: str | None
    text: str
    url: str | None
    published_at: datetime | None
    author: str | None
    outlet: str | None
    tags: tuple[str, ...] = ()


class BadRecord(ValueError):
    """One record that cannot become a document; `line` says where it starts."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def read_jsonl(text: str, fields: FieldMap) -> Iterator[Record | BadRecord]:
    """One record per non-blank line."""
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield BadRecord(number, f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(value, dict):
            yield BadRecord(number, f"a JSON {type(value).__name__}, not an object")
            continue
        yield _record(number, value, fields, seen)


def read_csv(text: str, fields: FieldMap) -> Iterator[Record | BadRecord]:
    """One record per row after the header row; a quoted field may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        yield BadRecord(1, f"no CSV header row ({error})" if str(error) else "no CSV header row")
        return
    seen: set[str] = set()
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield BadRecord(first_line, f"not valid CSV ({error})")
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield BadRecord(first_line, f"{len(row)} cells where the header has {len(header)}")
            continue
        yield _record(first_line, dict(zip(header, row)), fields, seen)


def _record(line: int, value: dict, fields: FieldMap, seen: set[str]) -> Record | BadRecord:
    lowered = {str(name).strip().lower(): item for name, item in value.items()}

    def raw(name: str):
        """The value of the first field present (and not empty) among the names of `name`."""
        return next((lowered[key] for key in (candidate.lower() for candidate in fields.names(name)) if lowered.get(key) not in (None, "", [])), None)

    def get(name: str) -> str | None:
        """The field as one string: lists joined, an object's `name`; blank values passed over."""
        for candidate in fields.names(name):
            item = lowered.get(candidate.lower())
            if isinstance(item, list):
                item = ", ".join(str(part) for part in item if part)
            if isinstance(item, dict):
                item = item.get("name")
            if item is not None and str(item).strip():
                return str(item).strip()
        return None

    text = get("text")
    if text is None:
        return BadRecord(line, f"no article text (looked for a field named {' or '.join(fields.names('text'))})")
    given = get("id")
    key = given or f"line {line}"
    if key in seen and not given:
        key = f"line {line} (no id)"  # an earlier record's own id was literally "line N"
    if key in seen:
        why = f"id {key!r} was already used by an earlier record"
        if re.fullmatch(r"line \d+", key):
            why += " (a record without an id is keyed 'line N' by the line it starts on)"
        return BadRecord(line, why)
    seen.add(key)
    published = get("published_at")
    try:
        published_at = parse_date(published) if published else None
    except ValueError:
        return BadRecord(line, f"published_at {published!r} is not a date newslake reads (ISO 8601, RFC 2822 or 'January 4, 2019')")
    return Record(line, key, get("title"), text, get("url"), published_at, get("author"), get("outlet"), tag_list(raw("tags")))
