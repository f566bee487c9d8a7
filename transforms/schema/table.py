"""What a table declaration is: columns with their meaning, a grain, a key, allowed values and
references, carried as Arrow field metadata so they travel inside the Parquet files too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
DOC_KEY = "doc_id"  # the column that names a row's document
_WITH_PANDAS: dict[str, pa.Schema] = {}  # Table.schema, by table name


def _field(name: str, type_: pa.DataType, doc: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


@dataclass(frozen=True)
class Reference:
    """Every non-null `column` value is a `target_column` value of `target`; `kept_only`: only in
    rows of documents kept in the views (a derived table leaves duplicate copies out)."""

    column: str
    target: str
    target_column: str
    kept_only: bool = False


@dataclass(frozen=True)
class Table:
    """A table's name, grain, key, schema and the rest of its contract."""

    name: str
    grain: str
    key: tuple[str, ...]
    columns: pa.Schema  # the Arrow schema without pandas' metadata: enough to read
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    per_document: bool = False  # each row belongs to one document (doc_id), replaced with it
    measures: tuple[str, ...] = ()  # of a derived total: sums over documents, the rest is the key
    keyed: bool = False  # of a derived table: each row made from the rows that hold its key (one column), so remade per key
    lists_copies: bool = False  # its doc_id names the copies left out of the views (only `duplicates`)
    small_parts: bool = False  # rows replaced anywhere in it at a commit: parts a fraction of the target (`newslake.parts.part_bytes`)

    @property
    def updated_from_changes(self) -> bool:
        """Whether a commit updates it from the documents that changed (`newslake.derived`) rather
        than rebuilding it."""
        return self.per_document or bool(self.measures) or self.keyed

    @property
    def leaves_copies_out(self) -> bool:
        """Whether its base view (`newslake.views.base_views`) leaves out the rows of the copies
        listed in `duplicates`: every table with a `doc_id` column, but `duplicates` itself."""
        return DOC_KEY in self.columns.names and not self.lists_copies

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema every writer uses: `columns`, plus the metadata that makes pandas read
        nullable integers as `Int32`. Made on first use, since it needs pandas (48 MB), which a
        run with nothing to do does not import."""
        if self.name not in _WITH_PANDAS:
            _WITH_PANDAS[self.name] = self.columns.with_metadata({**self.columns.metadata, b"pandas": _pandas_metadata(self.columns)})
        return _WITH_PANDAS[self.name]

    @property
    def required(self) -> list[str]:
        """Columns that may not hold a null."""
        return [column.name for column in self.schema if not column.nullable]

    def empty(self) -> pa.Table:
        return self.schema.empty_table()

    def from_rows(self, rows: list[dict]) -> pa.Table:
        return pa.Table.from_pylist(rows, schema=self.schema)


def _table(
    name: str, grain: str, key: tuple[str, ...], *fields: pa.Field,
    allowed: dict[str, Iterable[str]] | None = None, references: tuple[Reference, ...] = (),
    per_document: bool = False, measures: tuple[str, ...] = (), keyed: bool = False, lists_copies: bool = False,
    small_parts: bool = False,
) -> Table:
    values = {column: tuple(str(value) for value in allowed_values) for column, allowed_values in (allowed or {}).items()}
    return Table(name, grain, key, pa.schema(fields, metadata={"grain": grain}), values, references, per_document, measures, keyed, lists_copies, small_parts)


def _to_documents(*columns: str) -> tuple[Reference, ...]:
    return tuple(Reference(column, "documents", "doc_id") for column in columns)


def _pandas_metadata(schema: pa.Schema) -> bytes:
    """Tell pandas to read nullable integer columns as `Int32`, not float64 (pandas' default)."""
    frame = schema.empty_table().to_pandas()
    for column in schema:
        if column.nullable and pa.types.is_integer(column.type):
            frame[column.name] = frame[column.name].astype(str(column.type).capitalize())  # Int32, Int64
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False).schema.metadata[b"pandas"]
