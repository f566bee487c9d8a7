"""DuckDB views from `sql/`: one view (or table macro) per file, named after the file, over the
tables' base views, which are made from the table declarations (`base_views`).

Every name means one set of rows (issue 28): `lake.<table>` is every row of a Parquet table, and
the base view `<table>` leaves out the copies listed in `duplicates` when the table has a `doc_id`
(`Table.leaves_copies_out`). The derived tables' SQL (`newslake.derived`) sees the same two names
with the same meaning. A file of `sql/` named after a table replaces its base view with one of the
same rows that adds or renames columns (`quotations`, `entity_mentions`, `search_stats`).

Parquet is the source of truth; `DATA/newslake.duckdb` only holds view definitions and can always be
rebuilt. Views name the Parquet folder by its absolute path, so the database works from any working
directory. On object storage the views list the snapshot's files, read through the lake's fsspec
file system registered on the connection (DuckDB's own S3 extension cannot be installed offline).
"""

from __future__ import annotations

import os
import re
import signal
import threading
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Callable, TypeVar

import duckdb

from newslake.location import glob_escaped, sql_literal
from newslake.outputs import DATABASE_NAME, made_from
from newslake.store import Store
from transforms.schema import DOC_KEY, TABLES, Table

T = TypeVar("T")
SQL_DIR = Path(str(files("sql")))  # the `sql` folder, also when installed from the wheel
LAKE = "lake"  # the schema that holds every row of each table: `lake.quotations`
COPIES = "duplicates"  # the table that lists the copies the base views leave out
_MACRO = re.compile(r"^\s*create\s+(?:or\s+replace\s+)?macro\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str

    @property
    def is_macro(self) -> bool:
        return bool(_MACRO.search(self.sql))

    def statement(self) -> str:
        if self.is_macro:
            return self.sql
        return f"create or replace view {self.name} as\n{self.sql}"


def base_view_sql(table: Table) -> str:
    """The base view's query: every row of `lake.<table>`, but the copies' when the table leaves
    them out (written here once for every table, where eight files of `sql/` wrote it by hand)."""
    rows = f"select * from {LAKE}.{table.name}"
    if table.leaves_copies_out:
        return f"{rows}\nanti join {LAKE}.{COPIES} as copies using ({DOC_KEY})"
    return rows


def base_views(tables: dict[str, Table] = TABLES) -> list[View]:
    """One base view per declared table, named after it; a table declared in `transforms/schema/`
    gets its own with no file to write."""
    views = []
    for table in tables.values():
        kept = "; copies listed in duplicates are left out" if table.leaves_copies_out else ""
        views.append(View(table.name, f"{table.grain}{kept} (base view over {LAKE}.{table.name})", base_view_sql(table)))
    return views


def load_views(sql_dir: Path = SQL_DIR) -> list[View]:
    """The base views, then every `sql/*.sql` file (its first line, a `--` comment, is the
    description); a file named after a table replaces that table's base view."""
    views = {view.name: view for view in base_views()}
    for path in sorted(sql_dir.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        first = sql.splitlines()[0] if sql else ""
        if not first.startswith("--"):
            raise ValueError(f"{path}: the first line must be a `--` description of the view")
        views[path.stem] = View(path.stem, first[2:].strip(), sql.rstrip().rstrip(";"))
    return list(views.values())


def create_lake_schema(connection: duckdb.DuckDBPyConnection, store: Store) -> None:
    """`lake.<table>`: every row of each table, over the snapshot's files (`Store.sources`)."""
    connection.execute(f"create schema if not exists {LAKE}")
    store.create_table_views(connection, prefix=f"{LAKE}.")


def create_views(connection: duckdb.DuckDBPyConnection, store: Store, views: list[View] | None = None) -> None:
    """Create the `lake` schema and all views on a connection of the store (`Store.duckdb`), each
    after the views it reads (found by retrying until none is left)."""
    create_lake_schema(connection, store)
    pending = list(views if views is not None else load_views())
    while pending:
        failed: list[tuple[View, Exception]] = []
        for view in pending:
            try:
                connection.execute(view.statement())
            except duckdb.CatalogException as error:
                failed.append((view, error))
        if len(failed) == len(pending):
            names = ", ".join(view.name for view, _ in failed)
            raise RuntimeError(f"views that cannot be created: {names}: {failed[0][1]}")
        pending = [view for view, _ in failed]


def build_database(store: Store) -> Path:
    """Write `DATA/newslake.duckdb` with every view, replacing the old file in one rename (a local
    lake only: a database file cannot carry the file system registration an object store needs)."""
    target = store.data_dir / DATABASE_NAME
    staging = target.with_name(f".{DATABASE_NAME}.{os.getpid()}.tmp")
    staging.unlink(missing_ok=True)
    staging.with_name(staging.name + ".wal").unlink(missing_ok=True)  # a dead writer's of the same pid would be replayed
    snapshot = store.snapshot()
    connection = store.duckdb(str(staging))
    try:
        create_views(connection, store)
        connection.execute("checkpoint")
    finally:
        connection.close()
    os.replace(staging, target)
    made_from(store, DATABASE_NAME, snapshot)
    return target


def open_database(store: Store) -> duckdb.DuckDBPyConnection:
    """The database file `build_database` wrote, opened read-only: its views exist already, and
    making them again in memory would cost a one-article ingest 0.15 s."""
    return store.duckdb(str(store.data_dir / DATABASE_NAME), read_only=True)


def connect(data: Path | str | Store, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with every view over the lake (a folder, an fsspec URL, or a Store).

    In-memory rather than the `.duckdb` file: queries never wait on a writer, and the views always
    match the `sql/` folder of the installed version. `read_only` is for SQL typed by users: once
    the views exist the engine itself refuses files outside the Parquet folder and any change to
    that rule (see `read_only_statements` for what it still allows).
    """
    store = data if isinstance(data, Store) else Store(data)
    connection = store.duckdb()
    create_views(connection, store)
    if read_only:
        if store.is_local:
            folders = sorted({store.parquet_dir.as_posix() + "/", store.path(".views/"), store.path("tables/")})
        else:
            folders = [store.uri("tables/")]
        folders = sorted({*folders, *map(glob_escaped, folders)})  # (the views name them as globs)
        listed = ", ".join(sql_literal(folder) for folder in folders)
        connection.execute(f"set allowed_directories = [{listed}]")
        connection.execute("set enable_external_access = false")
        connection.execute("set lock_configuration = true")
    return connection


class NotReadOnly(ValueError):
    """A statement that is not a query; the message names its type."""


_READ_ONLY_PRAGMAS = frozenset({"version", "platform", "table_info", "show", "show_tables", "show_tables_expanded", "database_list", "functions", "collations"})
_EXPLAIN = re.compile(r"^\s*explain\s+(?:analy[sz]e\s+)?", re.IGNORECASE)
_PRAGMA_NAME = re.compile(r"^\s*pragma\s+(\w+)", re.IGNORECASE)
# What a query may open with, and words that only a statement that writes has outside its strings
_QUERY_START = re.compile(r"^[\s(]*(?:pivot|unpivot|select|from|with|values)\b", re.IGNORECASE)
_WRITES = re.compile(r"\b(?:copy|insert|update|delete|create|drop|alter|attach|detach|export|import|install|load|set|reset|call|checkpoint|vacuum|truncate)\b", re.IGNORECASE)
_LITERALS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", re.DOTALL)


def read_only_statements(connection: duckdb.DuckDBPyConnection, sql: str) -> list:
    """The statements of `sql`, each a query: SELECT (with FROM-first, VALUES, DESCRIBE, SHOW,
    SUMMARIZE), EXPLAIN of a query, or a read-only PRAGMA.

    A read-only connection already refuses every file outside the Parquet folder; this refuses what
    would still write inside it (`COPY … TO`, also behind `EXPLAIN ANALYZE`) and what DuckDB types
    as a PRAGMA but is not one (`IMPORT DATABASE`). A PIVOT without its list of values comes typed
    MULTI (DuckDB first makes a temporary type of the values it finds): it is taken when it is a
    query, opening with one and naming nothing a statement that writes names.

    Raises:
        NotReadOnly: a statement that is not a query.
    """
    statements = connection.extract_statements(sql)
    for statement in statements:
        kind = statement.type.name
        if kind == "EXPLAIN":
            inner = connection.extract_statements(_EXPLAIN.sub("", statement.query, count=1))
            kind = "EXPLAIN" if all(part.type.name == "SELECT" for part in inner) else "EXPLAIN " + "/".join(part.type.name for part in inner)
        elif kind == "PRAGMA":
            name = _PRAGMA_NAME.match(statement.query)
            if name is None:
                kind = statement.query.split()[0].upper()  # `IMPORT DATABASE` comes typed as a pragma
            elif name.group(1).lower() not in _READ_ONLY_PRAGMAS:
                kind = f"PRAGMA {name.group(1)}"
        elif kind == "MULTI" and _is_query(statement.query):
            kind = "SELECT"
        if kind not in ("SELECT", "EXPLAIN", "PRAGMA"):
            raise NotReadOnly(f"only queries are allowed here (got {kind.lower()}); the tables are written by `newslake ingest`")
    return statements


def _is_query(sql: str) -> bool:
    """Whether SQL text opens as a query and, strings, quoted names and comments aside, holds no
    word of a statement that writes."""
    bare = _LITERALS.sub(" ", sql)
    return bool(_QUERY_START.match(bare)) and not _WRITES.search(bare)


class QueryStopped(RuntimeError):
    """A query stopped before its end: over its time limit, or interrupted (Ctrl-C, SIGTERM)."""


def run_limited(connection: duckdb.DuckDBPyConnection, work: Callable[[], T], seconds: float | None) -> T:
    """`work` (queries on `connection`, and fetching their rows) stopped by DuckDB's own interrupt
    after `seconds` (None: no limit), or at SIGINT or SIGTERM. The queries run on a thread of their
    own: DuckDB does not look at signals while it runs, and Python handles them only on the main
    thread, between two of its own steps. A signal only interrupts DuckDB: raised in the waiting
    thread as KeyboardInterrupt, the query's thread ended mid-query and the process aborted at exit
    ("FATAL: exception not rethrown", 8 runs of 10).

    Raises:
        QueryStopped: the limit passed, or a signal came (the message says which).
    """
    outcome: dict[str, object] = {}
    signalled: list[int] = []

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the waiting thread, which raises it
            outcome["error"] = error

    def interrupt(number, frame) -> None:
        signalled.append(number)
        connection.interrupt()

    runner = threading.Thread(target=run, name="query", daemon=True)
    on_main = threading.current_thread() is threading.main_thread()  # (only it may set handlers)
    stops = {number: signal.signal(number, interrupt) for number in (signal.SIGINT, signal.SIGTERM)} if on_main else {}
    try:
        runner.start()
        runner.join(seconds)
        if runner.is_alive():
            connection.interrupt()
            runner.join()
            if not signalled:
                raise QueryStopped(f"stopped after {seconds:g} s, the query time limit (--timeout changes it, 0 for none)")
    finally:
        for number, previous in stops.items():
            signal.signal(number, previous)
    if signalled:
        raise QueryStopped("interrupted")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
