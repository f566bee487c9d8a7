"""Where a lake lives: a local folder or an object store (fsspec), the paths and URLs of its
files, and a DuckDB connection that reads them. What the store, the transaction and the part
writers share, below all of them."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from fsspec import AbstractFileSystem
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem

from newslake.snapshots import PARTS_DIR, Part

if TYPE_CHECKING:
    import duckdb

TARGET_PART_BYTES = 16 << 20  # a part's target size; NEWSLAKE_PART_BYTES changes it (docs/how-it-works.md: why 16 MiB)
DUCKDB_MEMORY_LIMIT = "1GB"  # what a run's own queries (derived tables, the report) may hold; DuckDB spills the rest to disk


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


class Location:
    def __init__(self, location: str | Path, target_bytes: int | None = None):
        self.location = str(location)
        self.fs, self.root = open_location(location)
        self.is_local = isinstance(self.fs, LocalFileSystem)
        self.data_dir = Path(self.root)  # a local folder's path; for remote lakes only a name
        self.parquet_dir = self.data_dir / "parquet"
        self.target_bytes = target_bytes or int(os.environ.get("NEWSLAKE_PART_BYTES") or TARGET_PART_BYTES)
        self._listing = False  # inside `parts_listed`

    def path(self, relative: str) -> str:
        return f"{self.root}/{relative}"

    def uri(self, relative: str) -> str:
        """What DuckDB and pandas open: a local path, or the URL with its protocol."""
        path = self.path(relative)
        return path if self.is_local else self.fs.unstrip_protocol(path)

    def duckdb(self, database: str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection that reads this lake: through its fsspec file system when it is not
        local, and drawing no progress bar (DuckDB draws one on standard output for queries over
        2 s, which on a large lake would land in `newslake query`'s CSV)."""
        import duckdb

        connection = duckdb.connect(database, read_only=read_only)
        connection.execute("set enable_progress_bar = false")
        if not self.is_local:
            connection.register_filesystem(self.fs)
        return connection

    @contextmanager
    def parts_listed(self) -> Iterator[None]:
        """While a commit makes its derived tables (under the ingest lock, after every part of its
        batches is written, so no other process adds parts meanwhile): the lake's parts listed in one
        request, their sizes kept in the file system's listings cache. DuckDB asks a file's size each
        time it opens it, and on object storage each ask was a request of its own: 986 of the 1,221
        of a first commit of three articles. Forgotten on the way out: fsspec shares one file
        system per URL, and a later read of this process must not trust a listing that parts
        committed since by another process have made stale."""
        if self.is_local:
            yield
            return
        self._forget_listings()
        self._listing = True
        try:
            try:
                self.fs.find(self.path(PARTS_DIR))
            except FileNotFoundError:
                pass
            yield
        finally:
            self._listing = False
            self._forget_listings()

    def list_table(self, name: str) -> None:
        """Inside `parts_listed`: list a table's parts again when a write of this process dropped its
        cached listing (each new part was otherwise asked its size at each open, 193 times for
        `duplicates` in a first commit of three articles); elsewhere nothing."""
        if self._listing:
            try:
                self.fs.ls(self.path(f"{PARTS_DIR}/{name}"))
            except FileNotFoundError:
                pass

    def _forget_listings(self) -> None:
        folder = self.path(PARTS_DIR)
        for listed in [key for key in self.fs.dircache if key == folder or key.startswith(f"{folder}/")]:
            self.fs.dircache.pop(listed, None)


def sql_files(location: Location, parts: Iterable[Part]) -> str:
    """The parts' files as a DuckDB list, for `read_parquet`."""
    return "[" + ", ".join(sql_path(location.uri(part.path)) for part in parts) + "]"


def sql_path(path: str, pattern: str = "") -> str:
    """A file's path as a `read_parquet` argument, followed by `pattern` (`/*.parquet`)."""
    return sql_literal(glob_escaped(path) + pattern)


def glob_escaped(path: str) -> str:
    """DuckDB reads every path as a glob: a `[`, `*` or `?` in a folder's name (`/data/lake[1]`)
    is written as a class of that one character, or no file would match."""
    return re.sub(r"([\[*?])", r"[\1]", path)


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
