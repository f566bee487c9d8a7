"""The lake: each table a set of immutable Parquet parts; each snapshot a manifest listing them
(`newslake.snapshots`). A `Store` reads the committed snapshot, holds a local lake for one writer,
opens the next snapshot (`newslake.transaction`) and, after its commit, deletes what no reader can
still need.

Object stores have no rename, so a commit renames nothing. New rows go into parts under new names;
then the manifest of snapshot n is created only if that name is still free. That create is the
commit (`Transaction.commit`):
- a reader takes the highest manifest and reads exactly its parts, so it sees a whole snapshot;
- a writer killed before the create leaves parts no manifest lists, and the next commit deletes them;
- a second writer that loses the race for number n is refused (`StoreBusy`), and nothing it wrote
  is listed.

On a local disk `DATA/parquet/<table>/` also shows the current snapshot as plain folders (hard links
to its parts, swapped in with one symlink rename), for `pandas.read_parquet` and the `.duckdb` file.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newslake.location import Location, fsync_dir, sql_files, sql_literal
from newslake.snapshots import (
    MANIFESTS_DIR, PARTS_DIR, Part, Snapshot, derived_signatures, manifest_name, new_part_name, schema_signatures, written_for,
)
from newslake.transaction import StoreBusy, Transaction
from transforms.schema import TABLES

if TYPE_CHECKING:
    import duckdb

REPORT_NAME = "report.html"  # files made from the data, beside the tables
DATABASE_NAME = "newslake.duckdb"  # (local lakes only)

_VIEWS = ".views"  # local only: the folders `DATA/parquet` links to
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp(?:\.wal)?$")  # `.<name>.<pid>.tmp`: a writer's file before its rename
_OUTPUTS = "outputs.json"  # the snapshot each file beside the tables (report, database) was made from

# Data folders whose lock this process holds (a lock belongs to the process, like the flock itself).
_HELD: dict[str, int] = {}
_HELD_GUARD = threading.Lock()

T = TypeVar("T")


class Store(Location):
    def __init__(self, location: str | Path, target_bytes: int | None = None):
        super().__init__(location, target_bytes)
        self._manifests: dict[int, Snapshot] = {}  # a manifest never changes once created

    def snapshot(self) -> Snapshot | None:
        """The committed snapshot: the highest manifest (None before the first commit). Each call
        lists the manifests (another writer may have committed); a manifest is read only once."""
        numbers = self._manifest_numbers()
        if not numbers:
            return None
        number = max(numbers)
        if number not in self._manifests:
            self._manifests[number] = Snapshot.from_json(self.fs.cat_file(self.path(manifest_name(number))))
        return self._manifests[number]

    def parts(self, table: str, snapshot: Snapshot | None = None) -> tuple[Part, ...]:
        snapshot = snapshot or self.snapshot()
        return snapshot.tables.get(table, ()) if snapshot else ()

    def read(self, table: str, columns: list[str] | None = None, snapshot: Snapshot | None = None) -> pa.Table:
        """The table as committed (empty, with its schema, before the first commit).

        Read with `ParquetFile`, whose tables keep the pandas metadata the parts were written with
        (`.to_pandas()` gives the declared dtypes): `pq.read_table` imports pandas to do the same,
        48 MB that a run with nothing to do does without.
        """
        parts = self.parts(table, snapshot)
        if not parts:
            empty = TABLES[table].schema.empty_table()
            return empty if columns is None else empty.select(columns)
        tables = []
        for part in parts:
            with self.fs.open(self.path(part.path), "rb") as handle:
                tables.append(pq.ParquetFile(handle).read(columns=columns))
        return pa.concat_tables(tables)

    def documents_of(self, source_paths: set[str]) -> set[str]:
        """The doc_ids made from these files (one per record for a dump), from two columns."""
        if not source_paths:
            return set()
        documents = self.read("documents", ["doc_id", "source_path"])
        made = pc.is_in(documents["source_path"], pa.array(sorted(source_paths), pa.string()))
        return set(documents.filter(made)["doc_id"].to_pylist())

    def count(self, table: str) -> int:
        """Rows in the committed table, from the manifest (nothing else is read)."""
        return sum(part.rows for part in self.parts(table))

    def sources(self) -> dict[str, str]:
        """Each table as a DuckDB `read_parquet` argument: the `DATA/parquet/<table>` folder on a
        local disk (so the `.duckdb` file outlives later commits), else the snapshot's files."""
        snapshot = self.snapshot()
        if self.is_local and snapshot is not None and self._linked_number() == snapshot.number:
            return {name: sql_literal(f"{(self.parquet_dir / name).as_posix()}/*.parquet") for name in TABLES}
        return {name: sql_files(self, self.parts(name, snapshot)) for name in TABLES}

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold a local lake for one writer; a second one fails at once with StoreBusy.

        Re-entrant within a process: the command takes the lock before Prefect starts, so a second
        ingest is refused at once, and the flow it runs takes the same lock again. An object store
        has no lock: there a second writer is refused when it commits (the manifest's number is
        taken).
        """
        if not self.is_local:
            yield
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = str(self.data_dir.resolve())
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
                self._adopt_legacy_layout()
                yield
            finally:
                with _HELD_GUARD:
                    del _HELD[key]
                handle.seek(0)
                handle.truncate()

    @property
    def outputs(self) -> tuple[str, ...]:
        """The files made from the data beside the tables: the report, and on a local disk the
        database file (it cannot carry the file system registration an object store needs)."""
        return (REPORT_NAME, DATABASE_NAME) if self.is_local else (REPORT_NAME,)

    def create_table_views(self, connection: duckdb.DuckDBPyConnection, prefix: str = "") -> None:
        """Each committed table as a view named `prefix` + its name, on a connection of this store."""
        for name, source in self.sources().items():
            connection.execute(f"create or replace view {prefix}{name} as select * from read_parquet({source})")

    def derived_current(self, builders: dict[str, str]) -> bool:
        """Whether the snapshot's derived tables were made by these queries (a newer newslake may
        bring new or changed ones, which the next commit makes)."""
        snapshot = self.snapshot()
        return snapshot is not None and snapshot.derived == derived_signatures(builders) and snapshot.schemas == schema_signatures()

    def is_stale(self, name: str) -> bool:
        """Whether a file made from the data (the report, the database), beside the tables, is
        missing or was made from another snapshot than the current one (a run killed after its
        commit left it behind). Compared by snapshot number, not by file time: a clock set wrong,
        or a file touched into the future, cannot make an old report look new."""
        if not self.fs.exists(self.path(name)):
            return True
        snapshot = self.snapshot()
        return snapshot is None or self._made_from().get(name) != snapshot.number

    def publish_file(self, name: str, write: Callable[[Path], T]) -> T:
        """Write a file made from the data (the report) beside the tables: `write` makes it in a
        local folder, then it is moved in with one rename, or uploaded with one put. The snapshot
        it was made from is recorded (`is_stale`)."""
        snapshot = self.snapshot()
        if self.is_local:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            result = write(self.data_dir / name)
        else:
            with tempfile.TemporaryDirectory() as folder:
                result = write(Path(folder) / name)
                self.fs.put_file(str(Path(folder) / name), self.path(name))
        self.made_from(name, snapshot)
        return result

    def made_from(self, name: str, snapshot: Snapshot | None) -> None:
        """Record that the file `name` beside the tables was made from `snapshot`. (Two writers at
        once may lose one's record: that file then counts as stale and is made again, never the
        other way round.)"""
        if snapshot is None:
            return
        record = json.dumps({**self._made_from(), name: snapshot.number}).encode()
        if self.is_local:
            staging = self.data_dir / f".{_OUTPUTS}.{os.getpid()}.tmp"
            staging.write_bytes(record)
            os.replace(staging, self.data_dir / _OUTPUTS)
        else:
            self.fs.pipe_file(self.path(_OUTPUTS), record)

    def _made_from(self) -> dict[str, int]:
        try:
            found = json.loads(self.fs.cat_file(self.path(_OUTPUTS)))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def clear_leftovers(self) -> None:
        """Remove what a killed local writer left behind: half-written report, database (and its
        write-ahead log) or manifest files, and a view of the tables that lags the committed snapshot. Call it holding the lock.
        (Parts it left unlisted go with the next commit.)"""
        if not self.is_local:
            return
        for temporary in [*self.data_dir.glob(".*.tmp*"), *(self.data_dir / MANIFESTS_DIR).glob(".*.tmp")]:
            found = _TEMPORARY.match(temporary.name)  # (DuckDB writes `<database>.wal` beside a database)
            if found and not _alive(int(found.group(1))):
                temporary.unlink(missing_ok=True)
        snapshot = self.snapshot()
        if snapshot is not None and self._linked_number() != snapshot.number:
            self._link_view(snapshot, None)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """The next snapshot under construction; committed when the block ends without an error."""
        self.clear_leftovers()
        previous = self.snapshot()
        transaction = Transaction(self, previous, (previous.number if previous else 0) + 1)
        try:
            yield transaction
            snapshot = transaction.commit()
        except BaseException:
            transaction.discard()
            raise
        self._after_commit(snapshot, previous)

    def _after_commit(self, snapshot: Snapshot, previous: Snapshot | None) -> None:
        """Show the new snapshot locally, then delete what no reader can still need: parts and
        manifests of snapshots older than the previous one (a query that started before the
        commit may still read that), and parts a killed writer left unlisted."""
        if self.is_local:
            self._link_view(snapshot, previous)
        kept = {part.path for parts in snapshot.tables.values() for part in parts}
        if previous is not None:
            kept |= {part.path for parts in previous.tables.values() for part in parts}
        for name in TABLES:
            folder = self.path(f"{PARTS_DIR}/{name}")
            for path in self._list(folder):
                relative = f"{PARTS_DIR}/{name}/{path.rsplit('/', 1)[-1]}"
                if relative.endswith(".parquet") and relative not in kept and written_for(relative) <= snapshot.number:
                    self.fs.rm_file(path)
        for number in self._manifest_numbers():
            if number < snapshot.number - 1:
                self.fs.rm_file(self.path(manifest_name(number)))

    def _manifest_numbers(self) -> list[int]:
        names = (path.rsplit("/", 1)[-1] for path in self._list(self.path(MANIFESTS_DIR)))
        return [int(name[:-5]) for name in names if name.endswith(".json") and name[:-5].isdigit()]

    def _list(self, folder: str) -> list[str]:
        self.fs.invalidate_cache(folder)  # another writer may have added files since
        try:
            return self.fs.ls(folder, detail=False)
        except FileNotFoundError:
            return []

    def _linked_number(self) -> int | None:
        if not self.parquet_dir.is_symlink():
            return None
        name = os.readlink(self.parquet_dir).rsplit("/", 1)[-1]
        return int(name) if name.isdigit() else None

    def _link_view(self, snapshot: Snapshot, previous: Snapshot | None) -> None:
        """`DATA/parquet` → `.views/<n>/<table>/` (hard links to the snapshot's parts), swapped in
        with one rename; the previous view stays for queries still reading it."""
        views = self.data_dir / _VIEWS
        target = views / f"{snapshot.number:06d}"
        if not target.exists():
            staging = views / f".tmp-{snapshot.number:06d}-{os.getpid()}"
            shutil.rmtree(staging, ignore_errors=True)
            for name in TABLES:
                (staging / name).mkdir(parents=True)
                for part in snapshot.tables.get(name, ()):
                    os.link(self.path(part.path), staging / name / part.path.rsplit("/", 1)[-1])
            os.rename(staging, target)
        link = self.data_dir / f".parquet-{os.getpid()}.tmp"
        link.unlink(missing_ok=True)
        os.symlink(os.path.relpath(target, self.data_dir), link)
        os.replace(link, self.parquet_dir)
        fsync_dir(self.data_dir)
        keep = {target.name, f"{previous.number:06d}" if previous else ""}
        for entry in views.iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
        for stray in self.data_dir.glob(".parquet-*.tmp"):  # ours was renamed; these are dead writers'
            stray.unlink(missing_ok=True)

    def _adopt_legacy_layout(self) -> None:
        """A lake written before manifests (`DATA/parquet` → `.snapshots/<n>/`) becomes snapshot 1
        of this layout, its files linked, not copied, so nothing is analysed again."""
        legacy = self.data_dir / ".snapshots"
        if not legacy.is_dir() or self._manifest_numbers():
            return
        linked = self.data_dir / os.readlink(self.parquet_dir) if self.parquet_dir.is_symlink() else None
        if linked is not None and linked.is_dir():
            transaction = Transaction(self, None, 1)
            for name in TABLES:
                for file in sorted((linked / name).glob("*.parquet")):
                    relative = new_part_name(name, 1)
                    Path(self.path(relative)).parent.mkdir(parents=True, exist_ok=True)
                    os.link(file, self.path(relative))
                    transaction.adopt({name: [Part(relative, pq.read_metadata(file).num_rows, file.stat().st_size)]})
            snapshot = transaction.commit()
            self.parquet_dir.unlink()
            self._after_commit(snapshot, None)
        shutil.rmtree(legacy, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

