"""The lake: each table a set of immutable Parquet parts; each snapshot a manifest listing them.

Object stores have no rename, so a commit renames nothing. New rows go into parts under new names
(`tables/<table>/p<n>-<id>.parquet`); then the manifest of snapshot n (`_snapshots/<n>.json`) is
created only if that name is still free (a conditional put, `If-None-Match: *`, on S3; a hard link
on a local disk). That create is the commit:
- a reader takes the highest manifest and reads exactly its parts, so it sees a whole snapshot;
- a writer killed before the create leaves parts no manifest lists, and the next commit deletes them;
- a second writer that loses the race for number n is refused (`StoreBusy`), and nothing it wrote
  is listed.

Commits cost what changed: untouched parts are listed again, never copied; a changed document's rows
are removed by rewriting only the parts that hold them; small parts merge with parts of their own
size (`compaction_plan`), streamed a row group at a time, and big ones are never rewritten.

On a local disk `DATA/parquet/<table>/` also shows the current snapshot as plain folders (hard links
to its parts, swapped in with one symlink rename), for `pandas.read_parquet` and the `.duckdb` file.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem

from transforms.schema import TABLES

if TYPE_CHECKING:
    import duckdb

REPORT_NAME = "report.html"  # files made from the data, beside the tables
DATABASE_NAME = "newslake.duckdb"  # (local lakes only)
TARGET_PART_BYTES = 128 << 20  # a part's target size; NEWSLAKE_PART_BYTES changes it
FANOUT = 8  # parts of one size tier merged together; tiers are FANOUT times apart
DUCKDB_MEMORY_LIMIT = "1GB"  # what a commit's own queries may hold; DuckDB spills the rest to disk
# Rows a derived table is streamed by (DuckDB's row groups, then the batches read back from them):
# a row may carry a sentence of up to limits.SENTENCE_CHARS, so a batch holds at most about 4 MB
# (with 122,880 rows, DuckDB's default, one paragraph of 1.2 MB without a stop took 480 MB more;
# 4,096 rows and 16 MB row groups still 70 MB more than these). Parts still get row groups of up
# to ROW_GROUP_ROWS rows or about ROW_GROUP_BYTES.
DERIVED_ROWS_PER_GROUP = 2_048
ROW_GROUP_ROWS = 122_880
ROW_GROUP_BYTES = 8 << 20

_MANIFESTS = "_snapshots"
_PARTS = "tables"
_VIEWS = ".views"  # local only: the folders `DATA/parquet` links to
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp(?:\.wal)?$")  # `.<name>.<pid>.tmp`: a writer's file before its rename
_OUTPUTS = "outputs.json"  # the snapshot each file beside the tables (report, database) was made from

# Data folders whose lock this process holds (a lock belongs to the process, like the flock itself).
_HELD: dict[str, int] = {}
_HELD_GUARD = threading.Lock()

T = TypeVar("T")


class StoreBusy(RuntimeError):
    """Another process is writing to the same lake."""


class StoreUnsupported(RuntimeError):
    """The file system cannot create a file only when it is absent, which a commit needs."""


@dataclass(frozen=True)
class Part:
    path: str  # relative to the lake's root
    rows: int
    bytes: int

    @property
    def number(self) -> int:
        return _written_for(self.path)


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


def open_location(location: str | Path) -> tuple[AbstractFileSystem, str]:
    """The file system and root of a lake: a local folder, or an fsspec URL (`s3://bucket/prefix`).

    S3 credentials come from the standard AWS settings (environment, profile);
    NEWSLAKE_S3_ENDPOINT names an S3-compatible store (MinIO, Ceph, a local test server).
    """
    text = str(location)
    if "://" not in text:
        return LocalFileSystem(), os.path.abspath(text)
    options = {}
    if text.split("://", 1)[0] in ("s3", "s3a") and os.environ.get("NEWSLAKE_S3_ENDPOINT"):
        options["endpoint_url"] = os.environ["NEWSLAKE_S3_ENDPOINT"]
    fs, root = url_to_fs(text, **options)
    return fs, root.rstrip("/")


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


class Store:
    def __init__(self, location: str | Path, target_bytes: int | None = None):
        self.location = str(location)
        self.fs, self.root = open_location(location)
        self.is_local = isinstance(self.fs, LocalFileSystem)
        self.data_dir = Path(self.root)  # a local folder's path; for remote lakes only a name
        self.parquet_dir = self.data_dir / "parquet"
        self.target_bytes = target_bytes or int(os.environ.get("NEWSLAKE_PART_BYTES") or TARGET_PART_BYTES)
        self._manifests: dict[int, Snapshot] = {}  # a manifest never changes once created

    def path(self, relative: str) -> str:
        return f"{self.root}/{relative}"

    def uri(self, relative: str) -> str:
        """What DuckDB and pandas open: a local path, or the URL with its protocol."""
        path = self.path(relative)
        return path if self.is_local else self.fs.unstrip_protocol(path)

    def snapshot(self) -> Snapshot | None:
        """The committed snapshot: the highest manifest (None before the first commit). Each call
        lists the manifests (another writer may have committed); a manifest is read only once."""
        numbers = self._manifest_numbers()
        if not numbers:
            return None
        number = max(numbers)
        if number not in self._manifests:
            self._manifests[number] = Snapshot.from_json(self.fs.cat_file(self.path(f"{_MANIFESTS}/{number:012d}.json")))
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

    def duckdb(self, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
        """A DuckDB connection that reads this lake: through its fsspec file system when it is not
        local, and drawing no progress bar (DuckDB draws one on standard output for queries over
        2 s, which on a large lake would land in `newslake query`'s CSV)."""
        import duckdb

        connection = duckdb.connect(database)
        connection.execute("set enable_progress_bar = false")
        if not self.is_local:
            connection.register_filesystem(self.fs)
        return connection

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
            return {name: _literal(f"{(self.parquet_dir / name).as_posix()}/*.parquet") for name in TABLES}
        return {name: _files(self, self.parts(name, snapshot)) for name in TABLES}

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
        for temporary in [*self.data_dir.glob(".*.tmp*"), *(self.data_dir / _MANIFESTS).glob(".*.tmp")]:
            found = _TEMPORARY.match(temporary.name)  # (DuckDB writes `<database>.wal` beside a database)
            if found and not _alive(int(found.group(1))):
                temporary.unlink(missing_ok=True)
        snapshot = self.snapshot()
        if snapshot is not None and self._linked_number() != snapshot.number:
            self._link_view(snapshot, None)

    @contextmanager
    def transaction(self) -> Iterator["Transaction"]:
        """The next snapshot under construction; committed when the block ends without an error."""
        self.clear_leftovers()
        previous = self.snapshot()
        transaction = Transaction(self, previous, (previous.number if previous else 0) + 1)
        try:
            yield transaction
            snapshot = transaction.finish()
            self._commit(snapshot)
        except BaseException:
            transaction.discard()
            raise
        self._after_commit(snapshot, previous)

    def _commit(self, snapshot: Snapshot) -> None:
        """Create the manifest, only if its number is free: the one step that publishes."""
        path = self.path(f"{_MANIFESTS}/{snapshot.number:012d}.json")
        try:
            if self.is_local:
                staging = Path(self.root) / _MANIFESTS / f".{snapshot.number:012d}.{os.getpid()}.tmp"
                staging.parent.mkdir(parents=True, exist_ok=True)
                with open(staging, "wb") as handle:
                    handle.write(snapshot.to_json())
                    handle.flush()
                    os.fsync(handle.fileno())
                try:
                    os.link(staging, path)  # fails when the name exists: an exclusive create of whole content
                finally:
                    staging.unlink()
                _fsync_dir(staging.parent)
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
            folder = self.path(f"{_PARTS}/{name}")
            for path in self._list(folder):
                relative = f"{_PARTS}/{name}/{path.rsplit('/', 1)[-1]}"
                if relative.endswith(".parquet") and relative not in kept and _written_for(relative) <= snapshot.number:
                    self.fs.rm_file(path)
        for number in self._manifest_numbers():
            if number < snapshot.number - 1:
                self.fs.rm_file(self.path(f"{_MANIFESTS}/{number:012d}.json"))

    def _manifest_numbers(self) -> list[int]:
        names = (path.rsplit("/", 1)[-1] for path in self._list(self.path(_MANIFESTS)))
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
        _fsync_dir(self.data_dir)
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
                    relative = f"{_PARTS}/{name}/p000001-{uuid.uuid4().hex[:8]}.parquet"
                    Path(self.path(relative)).parent.mkdir(parents=True, exist_ok=True)
                    os.link(file, self.path(relative))
                    transaction.adopt({name: [Part(relative, pq.read_metadata(file).num_rows, file.stat().st_size)]})
            snapshot = transaction.finish()
            self._commit(snapshot)
            self.parquet_dir.unlink()
            self._after_commit(snapshot, None)
        shutil.rmtree(legacy, ignore_errors=True)


class Transaction:
    """The parts of the next snapshot. Per-document tables: delete by doc_id, then append."""

    def __init__(self, store: Store, previous: Snapshot | None, number: int):
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
            f"select {sums} from (select {columns} from read_parquet({_files(self.store, self.parts[name])}) "
            f"union all select {columns} from read_parquet({_literal(now.as_posix())}) "
            f"union all select {negated} from read_parquet({_literal(before.as_posix())})) "
            f"group by all having sum({table.measures[0]}) <> 0"
        )
        return self._copy(connection, merged, name, folder)

    def _copy_for(self, changed: set[str], parts: dict[str, list[Part] | tuple[Part, ...]], sql: str, target: Path) -> None:
        """The SQL's rows over `parts`, every per-document table cut to the changed documents, in
        the local file `target`."""
        connection = self._connection(str(target.parent), parts, changed)
        try:
            connection.execute(f"copy ({sql}) to {_literal(target.as_posix())} (format parquet, row_group_size {DERIVED_ROWS_PER_GROUP})")
        finally:
            connection.close()

    def _connection(self, folder: str, parts: dict, changed: set[str] | None = None) -> duckdb.DuckDBPyConnection:
        """A connection with a view of each table's `parts` (per-document ones cut to `changed`)."""
        connection = self.store.duckdb()
        connection.execute(f"set temp_directory = {_literal(folder)}")
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
        connection.execute(f"copy ({sql}) to {_literal(local.as_posix())} (format parquet, row_group_size {DERIVED_ROWS_PER_GROUP})")
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

    def discard(self) -> None:
        """Delete what this transaction wrote (it was never listed; the next commit would too)."""
        for path in self._written:
            try:
                self.store.fs.rm_file(self.store.path(path))
            except OSError:
                pass

    def _write(self, name: str, batches: Iterable[pa.Table | pa.RecordBatch]) -> list[Part]:
        parts = _stream_parts(self.store, name, batches, self.number)
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
            for upgraded in self._write(name, (conform(batch, TABLES[name].schema) for batch in _batches_of(self.store, [part])))
            if upgraded.rows
        ]

    def _compact(self, name: str) -> None:
        while groups := compaction_plan(self.parts[name], self.store.target_bytes):
            for group in groups:
                merged = self._write(name, _batches_of(self.store, group))
                self.parts[name] = [part for part in self.parts[name] if part not in group] + merged

    def _register(self, connection: duckdb.DuckDBPyConnection, name: str, parts: Iterable[Part], cut: str = "") -> None:
        """The table's `parts` as a view of that name, for the SQL (`cut`: a join that keeps some rows)."""
        parts = list(parts)
        if parts:
            source = f"read_parquet({_files(self.store, parts)})"
        else:  # (a registered table would be a temporary view, which no later view could replace)
            source = f"empty_{name}"
            connection.register(source, TABLES[name].empty())
        connection.execute(f"create or replace view {name} as select * from {source} {cut}")


def write_parts(store: Store, tables: dict[str, pa.Table], number: int) -> dict[str, list[Part]]:
    """Write a batch's rows as parts for snapshot `number`, unlisted until its commit. Dask
    workers call this to write their results into the lake themselves."""
    return {
        name: _stream_parts(store, name, [table.cast(TABLES[name].schema)], number)
        for name, table in tables.items()
        if table.num_rows
    }


def _stream_parts(store: Store, name: str, batches: Iterable[pa.Table | pa.RecordBatch], number: int) -> list[Part]:
    """Write batches as one part, or as several of about the target size; at least one part."""
    schema = TABLES[name].schema
    parts: list[Part] = []
    handle = writer = relative = None
    rows = 0

    def close() -> None:
        writer.close()
        size = handle.tell()
        handle.close()
        parts.append(Part(relative, rows, size))

    try:
        for table in _row_groups(batches, schema):
            if writer is None:
                relative = f"{_PARTS}/{name}/p{number:06d}-{uuid.uuid4().hex[:8]}.parquet"
                store.fs.makedirs(store.path(f"{_PARTS}/{name}"), exist_ok=True)
                handle = store.fs.open(store.path(relative), "wb")
                writer, rows = pq.ParquetWriter(handle, schema, compression="zstd"), 0
            writer.write_table(table)
            rows += table.num_rows
            if handle.tell() >= store.target_bytes:
                close()
                handle = writer = None
        if writer is not None:
            close()
            handle = None
        if not parts:
            return _stream_parts(store, name, [schema.empty_table()], number)
        if store.is_local:
            for part in parts:
                with open(store.path(part.path), "rb") as file:
                    os.fsync(file.fileno())
        return parts
    finally:
        if handle is not None:
            handle.close()


def _row_groups(batches: Iterable[pa.Table | pa.RecordBatch], schema: pa.Schema) -> Iterator[pa.Table]:
    """Batches gathered into row groups of up to ROW_GROUP_ROWS rows or about ROW_GROUP_BYTES:
    a table streamed a few thousand rows at a time still gets big row groups, and rows that carry
    long text get groups that memory holds easily."""
    pending: list[pa.Table] = []
    rows = size = 0
    for batch in batches:
        table = (batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])).cast(schema)
        pending.append(table)
        rows, size = rows + table.num_rows, size + table.nbytes
        if rows >= ROW_GROUP_ROWS or size >= ROW_GROUP_BYTES:
            yield pa.concat_tables(pending)
            pending, rows, size = [], 0, 0
    if pending:
        yield pa.concat_tables(pending)


def _batches_of(store: Store, parts: list[Part]) -> Iterator[pa.RecordBatch]:
    for part in parts:
        with store.fs.open(store.path(part.path), "rb") as handle:
            yield from pq.ParquetFile(handle).iter_batches()


def _written_for(path: str) -> int:
    """The snapshot a part file was written for: its name starts `p<number>-`."""
    return int(path.rsplit("/", 1)[-1][1:7])


def reads(sql: str, table: str) -> bool:
    """Whether a query names the table (outside its `--` comments)."""
    return re.search(rf"\b{re.escape(table)}\b", re.sub(r"--[^\n]*", "", sql)) is not None


def derived_signatures(builders: dict[str, str]) -> dict[str, str]:
    """Each derived table's signature: a hash of its schema and its SQL and of every SQL before it
    (those it may read), so that changing any of them rebuilds it."""
    signatures, digest = {}, hashlib.sha256()
    for name, sql in builders.items():
        table = TABLES[name]
        digest.update(f"{name}\n{table.columns}\n{table.per_document}\n{table.measures}\n{sql}\n".encode())
        signatures[name] = digest.copy().hexdigest()[:16]
    return signatures


def schema_signatures() -> dict[str, str]:
    """Each table's columns (names, types, nullability) as a short hash, recorded in every snapshot:
    a table whose parts were written with other columns is upgraded by the next commit."""
    return {
        name: hashlib.sha256(repr([(column.name, str(column.type), column.nullable) for column in table.columns]).encode()).hexdigest()[:16]
        for name, table in TABLES.items()
    }


def conform(batch: pa.Table | pa.RecordBatch, schema: pa.Schema) -> pa.Table:
    """Rows of an older schema in this one: columns it lacks are null, columns it no longer has dropped."""
    table = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
    columns = [table[column.name] if column.name in table.column_names else pa.nulls(table.num_rows, column.type) for column in schema]
    return pa.Table.from_arrays(columns, schema=schema)


_SQL_TYPES = {pa.int64(): "bigint", pa.int32(): "integer"}  # of the measures of a table of totals


def _files(store: Store, parts: Iterable[Part]) -> str:
    return "[" + ", ".join(_literal(store.uri(part.path)) for part in parts) + "]"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


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
