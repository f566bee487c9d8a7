"""The snapshot model: a snapshot is a manifest (`_snapshots/<n>.json`) listing each table's
immutable Parquet parts (`tables/<table>/p<n>-<id>.parquet`), with the signatures of the schema
and SQL that made them. Only names and records live here; no file is read or written."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field

from transforms.schema import TABLES

MANIFESTS_DIR = "_snapshots"
PARTS_DIR = "tables"


@dataclass(frozen=True)
class Part:
    path: str  # relative to the lake's root
    rows: int
    bytes: int

    @property
    def number(self) -> int:
        return written_for(self.path)


@dataclass(frozen=True)
class Snapshot:
    number: int
    committed_at: float  # seconds since the epoch
    tables: dict[str, tuple[Part, ...]]
    derived: dict[str, str] = field(default_factory=dict)  # derived table -> the signature of the SQL that made it
    schemas: dict[str, str] = field(default_factory=dict)  # table -> the signature of the schema its parts have

    def to_json(self) -> bytes:
        tables = {name: [[part.path, part.rows, part.bytes] for part in parts] for name, parts in self.tables.items()}
        record = {"snapshot": self.number, "committed_at": self.committed_at, "tables": tables, "derived": self.derived, "schemas": self.schemas}
        return json.dumps(record, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Snapshot":
        record = json.loads(data)
        tables = {name: tuple(Part(*part) for part in parts) for name, parts in record["tables"].items()}
        return cls(record["snapshot"], record["committed_at"], tables, record.get("derived", {}), record.get("schemas", {}))


def manifest_name(number: int) -> str:
    """Where snapshot `number`'s manifest is, relative to the lake's root."""
    return f"{MANIFESTS_DIR}/{number:012d}.json"


def new_part_name(table: str, number: int) -> str:
    """A fresh name, relative to the lake's root, for a part written for snapshot `number`."""
    return f"{PARTS_DIR}/{table}/p{number:06d}-{uuid.uuid4().hex[:8]}.parquet"


def written_for(path: str) -> int:
    """The snapshot a part file was written for: its name starts `p<number>-`."""
    return int(path.rsplit("/", 1)[-1][1:7])


def schema_signatures() -> dict[str, str]:
    """Each table's columns (names, types, nullability) as a short hash, recorded in every snapshot:
    a table whose parts were written with other columns is upgraded by the next commit."""
    return {
        name: hashlib.sha256(repr([(column.name, str(column.type), column.nullable) for column in table.columns]).encode()).hexdigest()[:16]
        for name, table in TABLES.items()
    }
