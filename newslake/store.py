"""The lake: each table a set of immutable Parquet parts; each snapshot a manifest listing them
(`newslake.snapshots`). A `Store` reads the committed snapshot, holds a local lake for one writer,
opens the next snapshot (`newslake.transaction`) and, after its commit, deletes what no reader can
still need.

Object stores have no rename, so a commit renames nothing. New rows go into parts under new names;
then the manifest of snapshot n is created only if that name is still free (a conditional put,
`If-None-Match: *`, on S3; a hard link on a local disk). That create is the commit (`Store.commit`):
- a reader takes the highest manifest and reads exactly its parts, so it sees a whole snapshot;
- a writer killed before the create leaves parts no manifest lists, and the next commit deletes them;
- a second writer that loses the race for number n is refused (`StoreBusy`), and nothing it wrote
  is listed.

On a local disk `DATA/parquet/<table>/` also shows the current snapshot as plain folders (hard links
to its parts, swapped in with one symlink rename), for `pandas.read_parquet` and the `.duckdb` file.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newslake.location import Location, fsync_dir, sql_files, sql_path
from newslake.snapshots import (
    MANIFESTS_DIR, PARTS_DIR, Part, Snapshot, manifest_name, new_part_name, written_for,
)
from newslake.transaction import Transaction
from transforms.schema import TABLES

if TYPE_CHECKING:
    import duckdb

_VIEWS = ".views"  # local only: the folders `DATA/parquet` links to
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp(?:\.wal)?$")  # `.<name>.<pid>.tmp`: a writer's file before its rename


class StoreBusy(RuntimeError):
    """Another process is writing to the same lake."""


class StoreUnsupported(RuntimeError):
    """The file system cannot create a file only when it is absent, which a commit needs."""


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

    def count(self, table: str) -> int:
        """Rows in the committed table, from the manifest (nothing else is read)."""
        return sum(part.rows for part in self.parts(table))

    def sources(self) -> dict[str, str]:
        """Each table as a DuckDB `read_parquet` argument: the `DATA/parquet/<table>` folder on a
        local disk (so the `.duckdb` file outlives later commits), else the snapshot's files."""
        snapshot = self.snapshot()
        if self.is_local and snapshot is not None and self._linked_number() == snapshot.number:
            return {name: sql_path((self.parquet_dir / name).as_posix(), "/*.parquet") for name in TABLES}
        return {name: sql_files(self, self.parts(name, snapshot)) for name in TABLES}

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold a local lake for one writer, once per run (the command that plans takes it and the
        flow it runs does not again); a second writer fails at once with StoreBusy, another
        process or this one. An object store has no lock: there a second writer is refused when it
        commits (the manifest's number is taken)."""
        if not self.is_local:
            yield
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # (per open file: a second `lock` in this process is refused too)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise StoreBusy(f"another ingest is writing to {self.data_dir} ({holder}); try again when it ends") from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            try:
                self._adopt_legacy_layout()
                yield
            finally:
                handle.seek(0)
                handle.truncate()

    def create_table_views(self, connection: duckdb.DuckDBPyConnection, prefix: str = "") -> None:
        """Each committed table as a view named `prefix` + its name, on a connection of this store."""
        for name, source in self.sources().items():
            connection.execute(f"create or replace view {prefix}{name} as select * from read_parquet({source})")

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

    def begin(self) -> Transaction:
        """The next snapshot, to be built and then committed (`commit`). Call it holding the lock."""
        self.clear_leftovers()
        previous = self.snapshot()
        return Transaction(self, previous, (previous.number if previous else 0) + 1)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """The next snapshot (`begin`); what it wrote is deleted when the block ends without its
        commit (an error, an interrupt)."""
        transaction = self.begin()
        try:
            yield transaction
        finally:
            if not transaction.committed:
                transaction.discard()

    def commit(self, transaction: Transaction) -> Snapshot:
        """Publish the transaction: create the manifest of its snapshot only if that number is still
        free, the one step that publishes; then show it locally and delete what no reader needs."""
        snapshot = transaction.finish()
        self._publish(snapshot)
        transaction.committed = True
        self._after_commit(snapshot, transaction.previous)
        return snapshot

    def _publish(self, snapshot: Snapshot) -> None:
        """Create the snapshot's manifest, only if no other writer created that number first."""
        path = self.path(manifest_name(snapshot.number))
        try:
            if self.is_local:
                staging = Path(self.root) / MANIFESTS_DIR / f".{snapshot.number:012d}.{os.getpid()}.tmp"
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
                with self.fs.open(path, "xb") as handle:
                    handle.write(snapshot.to_json())
        except FileExistsError:
            raise StoreBusy(
                f"another ingest committed snapshot {snapshot.number} of {self.location} while this one ran; "
                "nothing of this run was kept, run it again"
            ) from None
        except (ValueError, NotImplementedError) as error:
            raise StoreUnsupported(f"{self.location}: this file system cannot create a file only when it is absent ({error}); newslake needs that to commit") from None

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
            snapshot = transaction.finish()
            self._publish(snapshot)
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

