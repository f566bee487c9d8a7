"""Files made from the data, beside the tables: the HTML report, the SQLite file Datasette serves
(`newslake browse`), and on a local disk the database file. Each records the snapshot it was made from, so a run killed after its commit (before its
report) leaves a file the next run knows to be stale."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

from newslake.snapshots import Snapshot
from newslake.store import Store

REPORT_NAME = "report.html"
DATABASE_NAME = "newslake.duckdb"  # (local lakes only)
SQLITE_NAME = "newslake.sqlite"  # what `newslake browse` serves (newslake.browse)
_MADE_FROM = "outputs.json"  # the snapshot each of them was made from

T = TypeVar("T")


def outputs(store: Store) -> tuple[str, ...]:
    """The report, on a local disk the database file (it cannot carry the file system registration
    an object store needs), and the SQLite file once `newslake browse` has made it: it grows with
    the rows (27 KB and 0.6 ms a document, docs/browse.md), so lakes nobody browses never pay for it."""
    made = (REPORT_NAME, DATABASE_NAME) if store.is_local else (REPORT_NAME,)
    return (*made, SQLITE_NAME) if store.fs.exists(store.path(SQLITE_NAME)) else made


def is_stale(store: Store, name: str) -> bool:
    """Whether the file is missing or was made from another snapshot than the current one.
    Compared by snapshot number, not by file time: a clock set wrong, or a file touched into the
    future, cannot make an old report look new."""
    if not store.fs.exists(store.path(name)):
        return True
    snapshot = store.snapshot()
    return snapshot is None or _made_from(store).get(name) != snapshot.number


def publish_file(store: Store, name: str, write: Callable[[Path], T]) -> T:
    """Write the file beside the tables: `write` makes it in a local folder, then it is moved in
    with one rename, or uploaded with one put. The snapshot it was made from is recorded."""
    snapshot = store.snapshot()
    if store.is_local:
        store.data_dir.mkdir(parents=True, exist_ok=True)
        result = write(store.data_dir / name)
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = write(Path(folder) / name)
            store.fs.put_file(str(Path(folder) / name), store.path(name))
    made_from(store, name, snapshot)
    return result


def made_from(store: Store, name: str, snapshot: Snapshot | None) -> None:
    """Record that the file `name` was made from `snapshot`. (Two writers at once may lose one's
    record: that file then counts as stale and is made again, never the other way round.)"""
    if snapshot is None:
        return
    record = json.dumps({**_made_from(store), name: snapshot.number}).encode()
    if store.is_local:
        staging = store.data_dir / f".{_MADE_FROM}.{os.getpid()}.tmp"
        staging.write_bytes(record)
        os.replace(staging, store.data_dir / _MADE_FROM)
    else:
        store.fs.pipe_file(store.path(_MADE_FROM), record)


def _made_from(store: Store) -> dict[str, int]:
    try:
        found = json.loads(store.fs.cat_file(store.path(_MADE_FROM)))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
