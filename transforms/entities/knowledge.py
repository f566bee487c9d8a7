"""Entities a user identifies: a CSV of names or aliases, labels and identifiers (Wikidata QIDs, an
in-house register), for the people and organisations no offline package can link.

A mention whose canonical name (or its own words) is listed gets the identifier, and the identifier
becomes the entity: "Joe Biden" and "Joseph R. Biden Jr." listed under Q6279 are one entity.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from transforms.entities import Mention
from transforms.entities.names import entity_id, normalise
from transforms.schema import ENTITY_LABELS

COLUMNS = ("name", "label", "id")  # and optionally "source" (default: user)


@dataclass(frozen=True)
class KnownEntity:
    name: str
    label: str  # empty: any label
    kb_id: str
    kb_source: str


@dataclass(frozen=True)
class KnownEntities:
    """The user's list, looked up by normalised name and label."""

    entries: tuple[KnownEntity, ...] = ()
    _by_key: dict[tuple[str, str], KnownEntity] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self._by_key.setdefault((normalise(entry.name), entry.label), entry)

    def find(self, name: str, label: str) -> KnownEntity | None:
        key = normalise(name)
        return self._by_key.get((key, label)) or self._by_key.get((key, ""))

    @cached_property
    def signature(self) -> str:
        """Part of the pipeline version: another list analyses every file again. Computed once: the
        version of every file in the seeds folder asks for it."""
        if not self.entries:
            return ""
        rows = sorted((entry.name, entry.label, entry.kb_id, entry.kb_source) for entry in self.entries)
        return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()[:12]


def read_known_entities(path: Path) -> KnownEntities:
    """The CSV at `path`: a header with `name`, `label` and `id` (and optionally `source`), one row
    per name or alias.

    Raises:
        ValueError: the file cannot be read, or a row lacks a name or an id (one line, with the row).
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot read the entities file {path}: {error}") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path}: the header must name the columns {', '.join(COLUMNS)} (and optionally source); {', '.join(missing)} missing")
    entries = []
    listed: dict[tuple[str, str], tuple[int, KnownEntity]] = {}
    for number, row in enumerate(reader, start=2):
        name, label, kb_id = ((row.get(column) or "").strip() for column in COLUMNS)
        if not name or not kb_id:
            raise ValueError(f"{path}: line {number}: a row needs a name and an id")
        entry = KnownEntity(name, label.upper(), kb_id, (row.get("source") or "").strip() or "user")
        if entry.label and entry.label not in ENTITY_LABELS:
            raise ValueError(f"{path}: line {number}: unknown label {label!r}; the labels are {', '.join(ENTITY_LABELS)} (or empty: any)")
        earlier = listed.setdefault((normalise(name), entry.label), (number, entry))
        if (earlier[1].kb_id, earlier[1].kb_source) != (entry.kb_id, entry.kb_source):
            what = f"{name!r}" + (f" ({entry.label})" if entry.label else "")
            raise ValueError(f"{path}: line {number}: {what} has the id {kb_id!r}, but line {earlier[0]} gave it {earlier[1].kb_id!r}: one name, one entity")
        entries.append(entry)
    return KnownEntities(tuple(entries))


def link_known(mentions: list[Mention], known: KnownEntities) -> list[Mention]:
    """The user's identifier for a mention listed by its canonical name or its own words."""
    linked = []
    for mention in mentions:
        entry = known.find(mention.entity_name, mention.label) or known.find(mention.text, mention.label)
        if entry is not None:
            mention = replace(mention, entity_id=entity_id(f"{entry.kb_source}:{entry.kb_id}", mention.label), kb_id=entry.kb_id, kb_source=entry.kb_source)
        linked.append(mention)
    return linked
