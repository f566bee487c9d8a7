"""Parts: writing rows as Parquet files of about the target size, in row groups memory holds
easily, and reading them back a batch at a time; which small parts to merge (`compaction_plan`);
rows of an older schema in the one now (`conform`). A part is unlisted until a commit lists it."""

from __future__ import annotations

import math
import os
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newslake.location import Location
from newslake.snapshots import PARTS_DIR, Part, new_part_name
from transforms.schema import TABLES

FANOUT = 8  # parts of one size tier merged together; tiers are FANOUT times apart
# A table whose rows a commit replaces anywhere (`Table.small_parts`) has parts this many times
# smaller than the target: removing a row rewrites the part that holds it (at 200,000 documents,
# replacing the statements 10 new articles joined rewrote an 18 MB part, 0.47 s of the commit).
SMALL_PARTS = 4
ROW_GROUP_ROWS = 122_880
ROW_GROUP_BYTES = 8 << 20


def part_bytes(store: Location, name: str) -> int:
    """The size a part of table `name` is cut at."""
    return store.target_bytes // SMALL_PARTS if TABLES[name].small_parts else store.target_bytes


def compaction_plan(parts: Iterable[Part], target_bytes: int, fanout: int = FANOUT) -> list[list[Part]]:
    """Groups of parts to merge: `fanout` parts of one size tier become one part of the next.

    Tiers are `fanout` times apart below the target size; a part of half the target or more is
    big and never rewritten to add a few rows. Each row is thus rewritten about once per tier
    (log of the table's size), not once per commit.
    """
    smallest = max(1, target_bytes // fanout**3)
    tiers: dict[int, list[Part]] = {}
    for part in parts:
        if part.bytes < target_bytes // 2:
            tier = 0 if part.bytes < smallest else 1 + int(math.log(part.bytes / smallest, fanout))
            tiers.setdefault(tier, []).append(part)
    return [sorted(group, key=lambda part: part.path)[:fanout] for _, group in sorted(tiers.items()) if len(group) >= fanout]


def write_parts(store: Location, tables: dict[str, pa.Table], number: int) -> dict[str, list[Part]]:
    """Write a batch's rows as parts for snapshot `number`, unlisted until its commit. Dask
    workers call this to write their results into the lake themselves."""
    return {
        name: stream_parts(store, name, [table.cast(TABLES[name].schema)], number)
        for name, table in tables.items()
        if table.num_rows
    }


def stream_parts(store: Location, name: str, batches: Iterable[pa.Table | pa.RecordBatch], number: int) -> list[Part]:
    """Write batches as one part, or as several of about the target size; at least one part."""
    schema, target = TABLES[name].schema, part_bytes(store, name)
    parts: list[Part] = []
    handle = writer = relative = None
    rows = 0

    def close() -> None:
        writer.close()
        size = handle.tell()
        handle.close()
        parts.append(Part(relative, rows, size))

    try:
        for table in _row_groups(batches, schema, min(ROW_GROUP_BYTES, target)):
            if writer is None:
                relative = new_part_name(name, number)
                store.fs.makedirs(store.path(f"{PARTS_DIR}/{name}"), exist_ok=True)
                handle = store.fs.open(store.path(relative), "wb")
                writer, rows = pq.ParquetWriter(handle, schema, compression="zstd"), 0
            writer.write_table(table, row_group_size=ROW_GROUP_ROWS)  # (a table made whole at once is still read a row group at a time)
            rows += table.num_rows
            if handle.tell() >= target:
                close()
                handle = writer = None
        if writer is not None:
            close()
            handle = None
        if not parts:
            return stream_parts(store, name, [schema.empty_table()], number)
        if store.is_local:
            for part in parts:
                with open(store.path(part.path), "rb") as file:
                    os.fsync(file.fileno())
        return parts
    finally:
        if handle is not None:
            handle.close()


def _row_groups(batches: Iterable[pa.Table | pa.RecordBatch], schema: pa.Schema, group_bytes: int) -> Iterator[pa.Table]:
    """Batches gathered into row groups of up to ROW_GROUP_ROWS rows or about `group_bytes`: a
    table streamed a few thousand rows at a time still gets big row groups, and rows that carry
    long text get groups that memory holds easily (and that fit in a small part)."""
    pending: list[pa.Table] = []
    rows = size = 0
    for batch in batches:
        for table in _slices((batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])).cast(schema), group_bytes):
            pending.append(table)
            rows, size = rows + table.num_rows, size + table.nbytes
            if rows >= ROW_GROUP_ROWS or size >= group_bytes:
                yield pa.concat_tables(pending)
                pending, rows, size = [], 0, 0
    if pending:
        yield pa.concat_tables(pending)


def _slices(table: pa.Table, group_bytes: int) -> Iterator[pa.Table]:
    """A table given whole (a collection table made at once), in slices of about a row group, so
    that it is still cut into parts of the target size (without copying: slices share its memory)."""
    step = max(1, min(ROW_GROUP_ROWS, table.num_rows * group_bytes // max(1, table.nbytes)))
    for first in range(0, table.num_rows, step):
        yield table.slice(first, step)
    if not table.num_rows:
        yield table


def batches_of(store: Location, parts: list[Part]) -> Iterator[pa.RecordBatch]:
    for part in parts:
        with store.fs.open(store.path(part.path), "rb") as handle:
            yield from pq.ParquetFile(handle).iter_batches()


def conform(batch: pa.Table | pa.RecordBatch, schema: pa.Schema) -> pa.Table:
    """Rows of an older schema in this one: columns it lacks are null, columns it no longer has dropped."""
    table = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
    columns = [table[column.name] if column.name in table.column_names else pa.nulls(table.num_rows, column.type) for column in schema]
    return pa.Table.from_arrays(columns, schema=schema)
