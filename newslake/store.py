"""The Parquet store: every table under `DATA/parquet/<table>/`, changed only by atomic snapshots.

`DATA/parquet` is a symbolic link to `DATA/.snapshots/<n>/`. An ingest opens a transaction that
builds snapshot n+1 in a staging folder beside it: new rows are written there batch by batch (so
memory is bounded by one batch, not by the corpus), untouched files are hard-linked, files holding
replaced rows are rewritten without them. Commit renames the staging folder and swaps the link with
one `rename`. Readers (DuckDB, pandas) therefore see the whole old state or the whole new one, never
a half-written file; a process killed at any moment leaves the old state exactly as it was, and the
next run clears what it left at any point of the commit: an unfinished staging folder, a snapshot
renamed but never linked, a link made but not swapped in, older snapshots not yet removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from transforms.schema import PER_DOCUMENT, TABLES

_MAX_PARTS = 8  # more files than this per table are merged into one, to keep queries fast


# Data folders whose lock this process holds (a lock belongs to the process, like the flock itself).
_HELD: dict[Path, int] = {}
_HELD_GUARD = threading.Lock()


class StoreBusy(RuntimeError):
    """Another process is writing to the same data folder."""


class Store:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.parquet_dir = self.data_dir / "parquet"
        self._snapshots = self.data_dir / ".snapshots"

    def current_snapshot(self) -> Path | None:
        if not self.parquet_dir.is_symlink():
            return None
        return self.data_dir / os.readlink(self.parquet_dir)

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        """The table as committed now (empty, with its schema, before the first commit)."""
        snapshot = self.current_snapshot()
        return _read_parts(sorted((snapshot / table).glob("*.parquet")) if snapshot else [], table, columns)

    def count(self, table: str) -> int:
        """Rows in the committed table, from the Parquet footers (no data is read)."""
        snapshot = self.current_snapshot()
        parts = sorted((snapshot / table).glob("*.parquet")) if snapshot else []
        return sum(pq.read_metadata(part).num_rows for part in parts)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the data folder for one writer; a second one fails at once with StoreBusy.

        Re-entrant within a process: the command takes the lock before Prefect starts, so a second
        ingest is refused at once, and the flow it runs takes the same lock again.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = self.data_dir.resolve()
        with _HELD_GUARD:
            held = key in _HELD
            if held:
                _HELD[key] += 1
        if held:
            try:
                yield
            finally:
                with _HELD_GUARD:
                    _HELD[key] -= 1
            return
        with open(self.data_dir / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise StoreBusy(f"another ingest is writing to {self.data_dir} ({holder}); try again when it ends") from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            with _HELD_GUARD:
                _HELD[key] = 1
            try:
                yield
            finally:
                with _HELD_GUARD:
                    del _HELD[key]
                handle.seek(0)
                handle.truncate()

    def published_at(self) -> float | None:
        """When the current snapshot was swapped in (the link's own time), or None before any."""
        return os.lstat(self.parquet_dir).st_mtime if self.parquet_dir.is_symlink() else None

    def is_stale(self, derived: Path) -> bool:
        """Whether a file made from the data (the report, the database) is missing or older than
        the current snapshot: a run killed after its commit left it behind."""
        return not derived.exists() or derived.stat().st_mtime < (self.published_at() or 0)

    def clear_leftovers(self) -> None:
        """Remove what a killed writer left behind. Call it holding the lock.

        Staging folders and snapshots that were never linked are unfinished work: the linked
        snapshot is the truth, and the next run does that work again.
        """
        self._snapshots.mkdir(parents=True, exist_ok=True)
        current = self.current_snapshot()
        for entry in self._snapshots.iterdir():
            unpublished = entry.name.isdigit() and (current is None or int(entry.name) > int(current.name))
            if entry.name.startswith(".tmp-") or unpublished:
                shutil.rmtree(entry, ignore_errors=True)
        for link in self.data_dir.glob(".parquet-*.tmp"):
            link.unlink(missing_ok=True)
        for temporary in self.data_dir.glob(".*.*.tmp"):
            pid = temporary.name.rsplit(".", 2)[-2]
            if pid.isdigit() and not _alive(int(pid)):
                temporary.unlink(missing_ok=True)  # a report or database file half written

    @contextmanager
    def transaction(self) -> Iterator["Transaction"]:
        """A new snapshot under construction; published when the block ends without an error."""
        self.clear_leftovers()
        previous = self.current_snapshot()
        numbers = [int(entry.name) for entry in self._snapshots.iterdir() if entry.name.isdigit()]
        number = max(numbers, default=0) + 1
        staging = self._snapshots / f".tmp-{number:06d}-{os.getpid()}"
        staging.mkdir()
        transaction = Transaction(staging, previous, number)
        try:
            yield transaction
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        transaction.finish()
        self._publish(staging, previous, number)

    def _publish(self, staging: Path, previous: Path | None, number: int) -> None:
        final = self._snapshots / f"{number:06d}"
        os.rename(staging, final)
        link = self.data_dir / f".parquet-{os.getpid()}.tmp"
        if link.is_symlink():
            link.unlink()
        os.symlink(os.path.relpath(final, self.data_dir), link)
        os.replace(link, self.parquet_dir)
        _fsync_dir(self.data_dir)
        # The previous snapshot stays: a query that started before the swap may still read it.
        keep = {final.name, previous.name if previous else ""}
        for snapshot in self._snapshots.iterdir():
            if snapshot.name not in keep and not snapshot.name.startswith("."):
                shutil.rmtree(snapshot, ignore_errors=True)


class Transaction:
    """Rows going into the next snapshot. Per-document tables: delete by doc_id, then append."""

    def __init__(self, staging: Path, previous: Path | None, number: int):
        self.staging = staging
        self._previous = previous
        self._number = number
        self._delete_docs: set[str] = set()
        self._replaced: dict[str, pa.Table] = {}
        self._carried_over = False
        self.rows_written: dict[str, int] = {}
        self._counting = threading.Lock()
        for name in TABLES:
            (staging / name).mkdir()

    def delete_docs(self, doc_ids: set[str]) -> None:
        self._delete_docs |= doc_ids

    def append(self, tables: dict[str, pa.Table]) -> None:
        """Write a batch of new rows now (they stay invisible until the commit). Thread-safe."""
        for name, table in tables.items():
            if table.num_rows:
                _write(table.cast(TABLES[name].schema), self.staging / name, self._number)
                with self._counting:
                    self.rows_written[name] = self.rows_written.get(name, 0) + table.num_rows

    def replace(self, name: str, table: pa.Table) -> None:
        """Rewrite a whole table (a small one, such as `rejects`)."""
        self._replaced[name] = table

    def carry_over(self) -> None:
        """Carry the old rows over (less the deleted documents) and write the replaced tables; the
        appended rows are already there. Derived tables keep the previous snapshot's rows until
        `derive` rebuilds them."""
        for name, table in TABLES.items():
            if name in self._replaced:
                _write(self._replaced[name].cast(table.schema), self.staging / name, self._number)
                continue
            old_parts = sorted((self._previous / name).glob("*.parquet")) if self._previous else []
            self._carry_over(old_parts, self.staging / name, self._delete_docs if name in PER_DOCUMENT else set())
            if len(list((self.staging / name).glob("*.parquet"))) > _MAX_PARTS:
                _compact(self.staging / name, table.schema, self._number)
        self._carried_over = True

    def derive(self, builders: dict[str, Callable[[duckdb.DuckDBPyConnection], pa.Table]]) -> None:
        """Build the derived tables from the snapshot's other tables, in the order given, each
        seeing the ones before it (the staging tables appear as views of their names)."""
        if not self._carried_over:
            self.carry_over()
        connection = duckdb.connect()
        try:
            for name in TABLES:
                if name not in builders and any((self.staging / name).glob("*.parquet")):
                    self._register(connection, name)
            for name, build in builders.items():
                for stale in (self.staging / name).glob("*.parquet"):
                    stale.unlink()  # carried over from the previous snapshot
                _write(build(connection).cast(TABLES[name].schema), self.staging / name, self._number)
                self._register(connection, name)
        finally:
            connection.close()

    def finish(self) -> None:
        """Give every table at least an empty file and make every file durable."""
        if not self._carried_over:
            self.carry_over()
        for name, table in TABLES.items():
            if not any((self.staging / name).glob("*.parquet")):
                _write(table.schema.empty_table(), self.staging / name, self._number)
        _fsync_dir(self.staging)

    def _register(self, connection: duckdb.DuckDBPyConnection, name: str) -> None:
        """The staging table as a view of that name, for the derived tables' SQL."""
        parts = [part.as_posix() for part in sorted((self.staging / name).glob("*.parquet"))]
        connection.execute(f"create view {name} as select * from read_parquet({parts!r})")

    def _carry_over(self, parts: list[Path], target: Path, delete_docs: set[str]) -> None:
        deleted = pa.array(sorted(delete_docs), pa.string())
        for part in parts:
            if delete_docs:
                doc_ids = pq.read_table(part, columns=["doc_id"])["doc_id"]
                if pc.any(pc.is_in(doc_ids, deleted)).as_py():
                    table = pq.read_table(part)
                    kept = table.filter(pc.invert(pc.is_in(table["doc_id"], deleted)))
                    if kept.num_rows:
                        _write(kept, target, self._number)
                    continue
            os.link(part, target / part.name)


def _read_parts(parts: list[Path], table: str, columns: list[str] | None) -> pa.Table:
    schema = TABLES[table].schema
    tables = [pq.read_table(part, columns=columns, schema=schema) for part in parts]
    if not tables:
        empty = schema.empty_table()
        return empty if columns is None else empty.select(columns)
    return pa.concat_tables(tables)


def _compact(target: Path, schema: pa.Schema, number: int) -> None:
    parts = sorted(target.glob("*.parquet"))
    merged = pa.concat_tables([pq.read_table(part, schema=schema) for part in parts])
    for part in parts:
        part.unlink()
    _write(merged, target, number)


def _write(table: pa.Table, target: Path, number: int) -> None:
    path = target / f"part-{number:06d}-{uuid.uuid4().hex[:8]}.parquet"
    pq.write_table(table, path, compression="zstd")
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
