"""The Parquet store: every table under `DATA/parquet/<table>/`, changed only by atomic snapshots.

`DATA/parquet` is a symbolic link to `DATA/.snapshots/<n>/`. A commit builds snapshot n+1 beside
it (hard links for untouched files, new files for new rows, rewritten files where rows are
replaced), then swaps the link with one `rename`. Readers (DuckDB, pandas) therefore see the whole
old state or the whole new one, never a half-written file, and a process killed mid-commit leaves
the old state exactly as it was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from transforms.schema import PER_DOCUMENT, TABLES

_MAX_PARTS = 8  # more files than this per table are merged into one, to keep queries fast


class StoreBusy(RuntimeError):
    """Another process is committing to the same data folder."""


class Store:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.parquet_dir = self.data_dir / "parquet"
        self._snapshots = self.data_dir / ".snapshots"

    def table_dir(self, table: str) -> Path:
        return self.parquet_dir / table

    def current_snapshot(self) -> Path | None:
        if not self.parquet_dir.is_symlink():
            return None
        return self.data_dir / os.readlink(self.parquet_dir)

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        """The table as committed now (empty, with its schema, before the first commit)."""
        snapshot = self.current_snapshot()
        schema = TABLES[table].schema
        if snapshot is None:
            return schema.empty_table() if columns is None else schema.empty_table().select(columns)
        parts = sorted((snapshot / table).glob("*.parquet"))
        tables = [pq.read_table(part, columns=columns, schema=schema) for part in parts]
        if not tables:
            return schema.empty_table() if columns is None else schema.empty_table().select(columns)
        return pa.concat_tables(tables)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the data folder for one writer; a second one fails at once with StoreBusy."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
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
            try:
                yield
            finally:
                handle.seek(0)
                handle.truncate()

    def commit(
        self,
        delete_docs: set[str],
        append: Mapping[str, pa.Table],
        replace: Mapping[str, pa.Table],
    ) -> Path:
        """Publish a new snapshot in one atomic step.

        Args:
            delete_docs: doc_ids whose rows leave every per-document table (replaced or pruned).
            append: new rows per table.
            replace: tables rewritten whole (derived tables such as `entities`, and `rejects`).

        Returns:
            The new snapshot's folder.
        """
        self._snapshots.mkdir(parents=True, exist_ok=True)
        self._remove_unfinished()
        previous = self.current_snapshot()
        number = int(previous.name) + 1 if previous else 1
        staging = self._snapshots / f".tmp-{number:06d}-{os.getpid()}"
        staging.mkdir()
        for name, table in TABLES.items():
            target = staging / name
            target.mkdir()
            if name in replace:
                self._write(replace[name].cast(table.schema), target, number)
                continue
            old_parts = sorted((previous / name).glob("*.parquet")) if previous else []
            self._carry_over(old_parts, target, delete_docs if name in PER_DOCUMENT else set(), number)
            if name in append and append[name].num_rows:
                self._write(append[name].cast(table.schema), target, number)
            if len(list(target.glob("*.parquet"))) > _MAX_PARTS:
                self._compact(target, table.schema, number)
            if not any(target.glob("*.parquet")):
                self._write(table.schema.empty_table(), target, number)
        _fsync_dir(staging)
        final = self._snapshots / f"{number:06d}"
        os.rename(staging, final)
        link = self.data_dir / f".parquet-{os.getpid()}.tmp"
        if link.is_symlink():
            link.unlink()
        os.symlink(os.path.relpath(final, self.data_dir), link)
        os.replace(link, self.parquet_dir)
        _fsync_dir(self.data_dir)
        self._remove_old(keep={final.name, previous.name if previous else ""})
        return final

    def _carry_over(self, parts: list[Path], target: Path, delete_docs: set[str], number: int) -> None:
        for part in parts:
            if delete_docs:
                doc_ids = pq.read_table(part, columns=["doc_id"])["doc_id"]
                if pc.any(pc.is_in(doc_ids, pa.array(list(delete_docs), pa.string()))).as_py():
                    table = pq.read_table(part)
                    kept = table.filter(pc.invert(pc.is_in(table["doc_id"], pa.array(list(delete_docs), pa.string()))))
                    if kept.num_rows:
                        self._write(kept, target, number)
                    continue
            os.link(part, target / part.name)

    def _compact(self, target: Path, schema: pa.Schema, number: int) -> None:
        parts = sorted(target.glob("*.parquet"))
        merged = pa.concat_tables([pq.read_table(part, schema=schema) for part in parts])
        for part in parts:
            part.unlink()
        self._write(merged, target, number)

    @staticmethod
    def _write(table: pa.Table, target: Path, number: int) -> None:
        path = target / f"part-{number:06d}-{uuid.uuid4().hex[:8]}.parquet"
        pq.write_table(table, path, compression="zstd")
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())

    def _remove_unfinished(self) -> None:
        for leftover in self._snapshots.glob(".tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)

    def _remove_old(self, keep: set[str]) -> None:
        # The previous snapshot stays: a query that started before the swap may still read it.
        for snapshot in self._snapshots.iterdir():
            if snapshot.name not in keep and not snapshot.name.startswith("."):
                shutil.rmtree(snapshot, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
