"""The next snapshot under construction, and its commit.

Its commit creates the manifest of snapshot n only if that name is still free (a conditional put,
`If-None-Match: *`, on S3; a hard link on a local disk): the one step that publishes. A writer that
loses the race for n is refused (`StoreBusy`); what it wrote is listed nowhere, and the next commit
deletes it.

Commits cost what changed: untouched parts are listed again, never copied; a changed document's rows
are removed by rewriting only the parts that hold them; small parts merge with parts of their own
size (`compaction_plan`), streamed a row group at a time, and big ones are never rewritten.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newslake.derived import reads
from newslake.location import Location, fsync_dir, sql_files, sql_literal
from newslake.parts import batches_of, compaction_plan, conform, stream_parts, write_parts
from newslake.snapshots import MANIFESTS_DIR, Part, Snapshot, derived_signatures, manifest_name, schema_signatures
from transforms.schema import TABLES

if TYPE_CHECKING:
    import duckdb

DUCKDB_MEMORY_LIMIT = "1GB"  # what a commit's own queries may hold; DuckDB spills the rest to disk
# Rows a derived table is streamed by (DuckDB's row groups, then the batches read back from them):
# a row may carry a sentence of up to limits.SENTENCE_CHARS, so a batch holds at most about 4 MB
# (with 122,880 rows, DuckDB's default, one paragraph of 1.2 MB without a stop took 480 MB more;
# 4,096 rows and 16 MB row groups still 70 MB more than these). Parts still get row groups of up
# to ROW_GROUP_ROWS rows or about ROW_GROUP_BYTES (`newslake.parts`).
DERIVED_ROWS_PER_GROUP = 2_048
_SQL_TYPES = {pa.int64(): "bigint", pa.int32(): "integer"}  # of the measures of a table of totals


class StoreBusy(RuntimeError):
    """Another process is writing to the same lake."""


class StoreUnsupported(RuntimeError):
    """The file system cannot create a file only when it is absent, which a commit needs."""


class Transaction:
    """The parts of the next snapshot. Per-document tables: delete by doc_id, then append."""

    def __init__(self, store: Location, previous: Snapshot | None, number: int):
        self.store = store
        self.number = number
        self._previous = previous
        self.parts: dict[str, list[Part]] = {name: [] for name in TABLES}
        self._written: list[str] = []
        self._delete_docs: set[str] = set()
        self._replaced: dict[str, pa.Table] = {}
        self._carried_over = False
        self.rows_written: dict[str, int] = {}
        self.signatures: dict[str, str] = {}  # of the derived tables, once `derive` made them
        self._added_documents: list[Part] = []
        self._guard = threading.Lock()

    def delete_docs(self, doc_ids: set[str]) -> None:
        self._delete_docs |= doc_ids

    def append(self, tables: dict[str, pa.Table]) -> None:
        """Write a batch of new rows now (unlisted until the commit). Thread-safe."""
        self.adopt(write_parts(self.store, tables, self.number))

    def adopt(self, parts: dict[str, list[Part]]) -> None:
        """List parts written elsewhere (`write_parts`, on a Dask worker) in this snapshot. Thread-safe."""
        with self._guard:
            self._added_documents.extend(parts.get("documents", ()))
            for name, new in parts.items():
                self.parts[name].extend(new)
                self._written.extend(part.path for part in new)
                self.rows_written[name] = self.rows_written.get(name, 0) + sum(part.rows for part in new)

    def replace(self, name: str, table: pa.Table) -> None:
        """Rewrite a whole table (a small one, such as `rejects`)."""
        self._replaced[name] = table

    def carry_over(self) -> None:
        """List the previous snapshot's parts again, less the deleted documents' rows in the
        per-document tables, derived ones included (only the parts that hold them are rewritten),
        write the replaced tables, then merge small parts. `derive` then adds to or replaces the
        derived tables."""
        for name, table in TABLES.items():
            if name in self._replaced:
                self.parts[name] = self._write(name, [self._replaced[name].cast(table.schema)])
                continue
            deleted = self._delete_docs if table.per_document else set()
            previous = self._previous.tables.get(name, ()) if self._previous else ()
            if previous and self._previous.schemas.get(name) != schema_signatures()[name]:
                previous = self._upgraded(name, previous)
            for part in previous:
                self.parts[name].extend(self._without(name, part, deleted) if deleted else [part])
            self._compact(name)
        self._carried_over = True

    def derive(self, builders: dict[str, str]) -> None:
        """Make the derived tables from the snapshot's other tables with their SQL, in the order
        given, each seeing the ones before it.

        When the previous snapshot made a table with the same SQL, only the documents that changed
        (added, deleted, or now in or out of `duplicates`) are read: a per-document table
        (`Table.per_document`) gets their rows anew; a table of totals (`Table.measures`) adds
        what they sum to now and subtracts what they summed to before, which is exact for counts
        and sums. Other tables, and any table when over half the documents changed, are rebuilt.
        DuckDB streams each result to a Parquet file (its memory is bounded, it spills to disk),
        so no table is ever held whole in memory."""
        if not self._carried_over:
            self.carry_over()
        signatures = derived_signatures(builders)
        with tempfile.TemporaryDirectory() as folder:
            connection = self._connection(folder, self.parts)
            try:
                for name, sql in builders.items():
                    changed = self._changed_documents(name, sql, signatures[name])
                    if changed is None:
                        self.parts[name] = self._copy(connection, sql, name, folder)
                    elif changed and TABLES[name].per_document:  # (`carry_over` removed the deleted documents' rows)
                        rows = Path(folder) / f"{name}.changed.parquet"
                        self._copy_for(changed, self.parts, sql, rows)
                        self.parts[name] += self._write(name, pq.ParquetFile(rows).iter_batches(DERIVED_ROWS_PER_GROUP))
                        self._compact(name)
                    elif changed:
                        self.parts[name] = self._add_totals(connection, name, sql, changed, folder)
                    self._register(connection, name, self.parts[name])
            finally:
                connection.close()
        self.signatures = signatures

    def _changed_documents(self, name: str, sql: str, signature: str) -> set[str] | None:
        """The documents whose rows in `name` may differ from the previous snapshot's; None when
        the table is to be rebuilt."""
        table, previous = TABLES[name], self._previous
        if not (table.per_document or table.measures) or previous is None or previous.derived.get(name) != signature:
            return None
        changed = self._written_or_deleted | (self._in_or_out_of_duplicates if reads(sql, "duplicates") else set())
        documents = sum(part.rows for part in self.parts["documents"])
        return None if 2 * len(changed) > documents else changed

    @cached_property
    def _written_or_deleted(self) -> set[str]:
        return self._delete_docs | self._doc_ids(self._added_documents)

    @cached_property
    def _in_or_out_of_duplicates(self) -> set[str]:
        """(First asked for by a table that reads `duplicates`, so after `duplicates` is made.)"""
        return self._doc_ids(self._previous.tables.get("duplicates", ())) ^ self._doc_ids(self.parts["duplicates"])

    def _add_totals(self, connection: duckdb.DuckDBPyConnection, name: str, sql: str, changed: set[str], folder: str) -> list[Part]:
        """The previous totals, plus the changed documents' sums now, less their sums before."""
        table = TABLES[name]
        keys = [column for column in table.columns.names if column not in table.measures]
        now, before = Path(folder) / f"{name}.now.parquet", Path(folder) / f"{name}.before.parquet"
        self._copy_for(changed, self.parts, sql, now)
        self._copy_for(changed, self._previous.tables, sql, before)
        columns = ", ".join(table.columns.names)
        negated = ", ".join(keys + [f"-{measure}" for measure in table.measures])
        sums = ", ".join(keys + [f"sum({measure})::{_SQL_TYPES[table.columns.field(measure).type]} as {measure}" for measure in table.measures])
        merged = (
            f"select {sums} from (select {columns} from read_parquet({sql_files(self.store, self.parts[name])}) "
            f"union all select {columns} from read_parquet({sql_literal(now.as_posix())}) "
            f"union all select {negated} from read_parquet({sql_literal(before.as_posix())})) "
            f"group by all having sum({table.measures[0]}) <> 0"
        )
        return self._copy(connection, merged, name, folder)

    def _copy_for(self, changed: set[str], parts: dict[str, list[Part] | tuple[Part, ...]], sql: str, target: Path) -> None:
        """The SQL's rows over `parts`, every per-document table cut to the changed documents, in
        the local file `target`."""
        connection = self._connection(str(target.parent), parts, changed)
        try:
            connection.execute(f"copy ({sql}) to {sql_literal(target.as_posix())} (format parquet, row_group_size {DERIVED_ROWS_PER_GROUP})")
        finally:
            connection.close()

    def _connection(self, folder: str, parts: dict, changed: set[str] | None = None) -> duckdb.DuckDBPyConnection:
        """A connection with a view of each table's `parts` (per-document ones cut to `changed`)."""
        connection = self.store.duckdb()
        connection.execute(f"set temp_directory = {sql_literal(folder)}")
        connection.execute(f"set memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        if changed is not None:
            connection.register("changed_documents", pa.table({"doc_id": pa.array(sorted(changed), pa.string())}))
        for name, table in TABLES.items():
            cut = changed is not None and table.per_document
            self._register(connection, name, parts.get(name, ()), "semi join changed_documents using (doc_id)" if cut else "")
        return connection

    def _copy(self, connection: duckdb.DuckDBPyConnection, sql: str, name: str, folder: str) -> list[Part]:
        """The SQL's rows as the table's new parts (through a local file DuckDB streams to)."""
        local = Path(folder) / f"{name}.parquet"
        connection.execute(f"copy ({sql}) to {sql_literal(local.as_posix())} (format parquet, row_group_size {DERIVED_ROWS_PER_GROUP})")
        return self._write(name, pq.ParquetFile(local).iter_batches(DERIVED_ROWS_PER_GROUP))

    def _doc_ids(self, parts: Iterable[Part]) -> set[str]:
        ids: set[str] = set()
        for part in parts:
            with self.store.fs.open(self.store.path(part.path), "rb") as handle:
                ids.update(pq.ParquetFile(handle).read(columns=["doc_id"])["doc_id"].to_pylist())
        return ids

    def finish(self) -> Snapshot:
        """The snapshot to commit, every table with at least one (possibly empty) part."""
        if not self._carried_over:
            self.carry_over()
        for name, table in TABLES.items():
            if not self.parts[name]:
                self.parts[name] = self._write(name, [table.schema.empty_table()])
        return Snapshot(self.number, time.time(), {name: tuple(parts) for name, parts in self.parts.items()}, self.signatures, schema_signatures())

    def commit(self) -> Snapshot:
        """Finish the snapshot and create its manifest, only if its number is free: the one step
        that publishes."""
        snapshot = self.finish()
        store = self.store
        path = store.path(manifest_name(snapshot.number))
        try:
            if store.is_local:
                staging = Path(store.root) / MANIFESTS_DIR / f".{snapshot.number:012d}.{os.getpid()}.tmp"
                staging.parent.mkdir(parents=True, exist_ok=True)
                with open(staging, "wb") as handle:
                    handle.write(snapshot.to_json())
                    handle.flush()
                    os.fsync(handle.fileno())
                try:
                    os.link(staging, path)  # fails when the name exists: an exclusive create of whole content
                finally:
                    staging.unlink()
                fsync_dir(staging.parent)
            else:
                with store.fs.open(path, "xb") as handle:
                    handle.write(snapshot.to_json())
        except FileExistsError:
            raise StoreBusy(
                f"another ingest committed snapshot {snapshot.number} of {store.location} while this one ran; "
                "nothing of this run was kept, run it again"
            ) from None
        except (ValueError, NotImplementedError) as error:
            raise StoreUnsupported(f"{store.location}: this file system cannot create a file only when it is absent ({error}); newslake needs that to commit") from None
        return snapshot

    def discard(self) -> None:
        """Delete what this transaction wrote (it was never listed; the next commit would too)."""
        for path in self._written:
            try:
                self.store.fs.rm_file(self.store.path(path))
            except OSError:
                pass

    def _write(self, name: str, batches: Iterable[pa.Table | pa.RecordBatch]) -> list[Part]:
        parts = stream_parts(self.store, name, batches, self.number)
        with self._guard:
            self._written.extend(part.path for part in parts)
        return parts

    def _without(self, name: str, part: Part, deleted: set[str]) -> list[Part]:
        """The part, or its rows less the deleted documents' when it holds any (streamed)."""
        fs, path = self.store.fs, self.store.path(part.path)
        wanted = pa.array(sorted(deleted), pa.string())
        doc_ids = pq.read_table(path, columns=["doc_id"], filesystem=fs)["doc_id"]
        if not pc.any(pc.is_in(doc_ids, wanted)).as_py():
            return [part]
        with fs.open(path, "rb") as handle:
            batches = (batch.filter(pc.invert(pc.is_in(batch["doc_id"], wanted))) for batch in pq.ParquetFile(handle).iter_batches())
            return [kept for kept in self._write(name, batches) if kept.rows]

    def _upgraded(self, name: str, parts: Iterable[Part]) -> list[Part]:
        """Parts written by an older newslake, rewritten (streamed) with the table's schema now:
        new columns null, columns gone dropped. Once per table and upgrade."""
        return [
            upgraded for part in parts
            for upgraded in self._write(name, (conform(batch, TABLES[name].schema) for batch in batches_of(self.store, [part])))
            if upgraded.rows
        ]

    def _compact(self, name: str) -> None:
        while groups := compaction_plan(self.parts[name], self.store.target_bytes):
            for group in groups:
                merged = self._write(name, batches_of(self.store, group))
                self.parts[name] = [part for part in self.parts[name] if part not in group] + merged

    def _register(self, connection: duckdb.DuckDBPyConnection, name: str, parts: Iterable[Part], cut: str = "") -> None:
        """The table's `parts` as a view of that name, for the SQL (`cut`: a join that keeps some rows)."""
        parts = list(parts)
        if parts:
            source = f"read_parquet({sql_files(self.store, parts)})"
        else:  # (a registered table would be a temporary view, which no later view could replace)
            source = f"empty_{name}"
            connection.register(source, TABLES[name].empty())
        connection.execute(f"create or replace view {name} as select * from {source} {cut}")
