"""Tables made from the others at every commit, each from its query in `sql/derived/`, in the
order they read each other: `duplicates`, `entities`, `search_stats`, and the tables the heavy
views read instead of grouping or joining the corpus at every query (per document: `quotations`,
`doc_entity_counts`, `doc_counts`, `entity_mentions`; totals: `speaker_totals`,
`speaker_mention_totals`, `entity_pairs`, `entity_forms`).

`update_derived` keeps them up to date inside a transaction, from what the transaction changed
(documents deleted, documents added) and what `duplicates` now holds: which tables are updated from
the changed documents only is declared in `transforms/schema/` (`per_document`, `measures`,
`keyed`). The store itself knows none of these names.

The SQL sees what a user's query sees (`newslake.views`): `lake.<table>` is every row of a table,
`<table>` its base view, which leaves out the copies listed in `duplicates` when it has a `doc_id`.
A per-document table reads `lake.*` (it is made for every document, since a copy is kept once its
original goes); a table of totals reads the base views."""

from __future__ import annotations

import hashlib
import re
import tempfile
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newslake.collection import COLLECTION_READS, Collection, collection_signatures, rebuild_collection
from newslake.location import DUCKDB_MEMORY_LIMIT, sql_files, sql_literal, sql_path
from newslake.snapshots import Part, schema_signatures
from newslake.transaction import Transaction
from transforms.schema import COLLECTION_TABLES, DOC_KEY, TABLES

if TYPE_CHECKING:
    import duckdb

    from newslake.store import Store

DERIVED_DIR = Path(str(files("sql"))) / "derived"  # (not through newslake.views: a run with nothing to do reads these without DuckDB)
DOCUMENTS = "documents"  # the table whose rows are the documents: added ones are the changed ones
DUPLICATES = "duplicates"  # a document going in or out of it changes the rows of every table that reads it
# Rows a derived table is streamed by (DuckDB's row groups, then the batches read back from them):
# a row may carry a sentence of up to limits.SENTENCE_CHARS, so a batch holds at most about 4 MB
# (with 122,880 rows, DuckDB's default, one paragraph of 1.2 MB without a stop took 480 MB more;
# 4,096 rows and 16 MB row groups still 70 MB more than these). Parts still get row groups of up
# to ROW_GROUP_ROWS rows or about ROW_GROUP_BYTES (`newslake.parts`).
DERIVED_ROWS_PER_GROUP = 2_048
# A table not made per document holds keys, names and counts, never a sentence: DuckDB hands its
# rows over as Arrow batches of this many, straight into parts (at 200,000 documents, making the
# 675,000 rows of entity_pairs took 0.35 s through a local Parquet file read back, 0.21 s so).
NARROW_ROWS_PER_BATCH = 65_536
_SQL_TYPES = {pa.int64(): "bigint", pa.int32(): "integer"}  # of the measures of a table of totals


def derived_tables(sql_dir: Path = DERIVED_DIR) -> dict[str, str]:
    """Each derived table's query, a table after every derived table its query names."""
    queries = {path.stem: path.read_text(encoding="utf-8") for path in sorted(sql_dir.glob("*.sql"))}
    unknown = set(queries) - set(TABLES)
    if unknown:
        raise ValueError(f"{sql_dir}: no schema in transforms/schema/ for {', '.join(sorted(unknown))}")
    for name, sql in queries.items():
        if TABLES[name].per_document and reads(sql, DUPLICATES):
            # its rows are replaced per changed document, and a copy's rows are made too (it is kept
            # once its original goes): a document moving in or out of `duplicates` changes nothing
            raise ValueError(f"{sql_dir}/{name}.sql: a per-document table reads every row (lake.<table>), not the base views that leave copies out")
    for name, sql in queries.items():
        if TABLES[name].keyed and not key_sources(name, sql):
            raise ValueError(f"{sql_dir}/{name}.sql: a table remade per key reads a per-document table that holds its key ({', '.join(TABLES[name].key)})")
    ordered: list[str] = []
    while len(ordered) < len(queries):
        ready = [
            name for name, sql in queries.items()
            if name not in ordered and all(other in ordered or other == name or not reads(sql, other) for other in queries)
        ]
        if not ready:
            raise ValueError(f"{sql_dir}: derived tables that read each other in a circle: {', '.join(sorted(set(queries) - set(ordered)))}")
        ordered.extend(ready)
    return {name: queries[name] for name in ordered}


def reads(sql: str, table: str) -> bool:
    """Whether a query names the table (outside its `--` comments), as `lake.<table>`, through its
    base view, or through a base view that leaves out the copies `duplicates` lists."""
    bare = re.sub(r"--[^\n]*", "", sql)
    if re.search(rf"\b{re.escape(table)}\b", bare, re.IGNORECASE):  # (SQL names are case-insensitive)
        return True
    return table == DUPLICATES and any(
        TABLES[other].leaves_copies_out and re.search(rf"(?<![.\w]){re.escape(other)}\b(?!\.)", bare, re.IGNORECASE) for other in TABLES
    )  # (`lake.quotes` is not the base view, nor is `quotes.kind` where `lake.quotes as quotes` was read)


def key_sources(name: str, sql: str) -> list[str]:
    """The per-document tables a keyed table's SQL reads that hold its key: the keys whose rows a
    commit remakes are those the changed documents' rows in them hold, now or before."""
    [key] = TABLES[name].key
    return [other for other, table in TABLES.items() if table.per_document and key in table.columns.names and reads(sql, other)]


def derived_signatures(builders: dict[str, str]) -> dict[str, str]:
    """Each derived table's signature: a hash of its schema and its SQL and of the signatures of
    the derived tables it reads, so that changing any of them rebuilds it, and a new table, or one
    changed, rebuilds only itself and what reads it (a chain over every SQL before it had a new
    `doc_counts` rebuild every later table and the collection's: 21 min at 200,000 documents);
    then the collection tables' (`newslake.collection`), from those of the tables it reads."""
    signatures: dict[str, str] = {}
    for name, sql in builders.items():
        table = TABLES[name]
        sources = [other for other in builders if other != name and reads(sql, other)]
        unsigned = [other for other in sources if other not in signatures]
        if unsigned:
            raise ValueError(f"{name} reads {', '.join(unsigned)}, given after it: sign the tables in derived_tables' order")
        read = "".join(signatures[other] for other in sources)
        signatures[name] = hashlib.sha256(f"{name}\n{table.columns}\n{table.per_document}\n{table.measures}\n{sql}\n{read}".encode()).hexdigest()[:16]
    read = "".join(signatures[name] for name in COLLECTION_READS if name in signatures)
    return {**signatures, **collection_signatures(hashlib.sha256(read.encode()).hexdigest()[:16])}


def derived_current(store: Store, builders: dict[str, str] | None = None) -> bool:
    """Whether the committed snapshot's derived tables were made by these queries from tables of
    the schemas now (a newer newslake may bring new or changed ones, which the next commit makes)."""
    snapshot = store.snapshot()
    builders = derived_tables() if builders is None else builders
    return snapshot is not None and snapshot.derived == derived_signatures(builders) and snapshot.schemas == schema_signatures()


def rebuild_derived(connection: duckdb.DuckDBPyConnection, collection: bool = True) -> None:
    """Every derived table made whole, as a table `lake.<name>` of the connection with its base
    view, from the other tables it holds as `lake.<table>`: what a first commit makes, without the
    store (the eval, tests); with `collection`, the collection tables after them."""
    import duckdb

    from newslake.views import LAKE, base_views

    pending = base_views()

    def create_base_views() -> None:
        """Each base view whose tables are there (a base view that leaves copies out, once
        `lake.duplicates` is)."""
        for view in list(pending):
            try:
                connection.execute(view.statement())
                pending.remove(view)
            except duckdb.CatalogException:
                pass

    create_base_views()
    for name, sql in derived_tables().items():
        connection.execute(f"create or replace table {LAKE}.{name} as {sql}")
        create_base_views()
    if collection:
        rebuild_collection(connection)
        create_base_views()


def update_derived(transaction: Transaction, builders: dict[str, str] | None = None) -> None:
    """Make the derived tables of the transaction's snapshot from its other tables (carried over
    first, if not yet), with their SQL, in the order given, each seeing the ones before it.

    When the previous snapshot made a table with the same SQL, only the documents that changed
    (added, deleted, or now in or out of `duplicates`) are read: a per-document table
    (`Table.per_document`) gets their rows anew (the carry-over removed the deleted documents'
    rows); a table of totals (`Table.measures`) adds what they sum to now and subtracts what they
    summed to before, which is exact for counts and sums. Other tables, and any table when over
    half the documents changed, are rebuilt. DuckDB streams each result (its memory is bounded, it
    spills to disk) into parts, so no table is ever held whole in memory."""
    builders = derived_tables() if builders is None else builders
    transaction.carry_over()
    signatures = derived_signatures(builders)
    with tempfile.TemporaryDirectory() as folder, transaction.store.parts_listed():
        update = _Update(transaction, folder)
        connection = update.connection(transaction.parts)
        try:
            for name, sql in builders.items():
                changed = update.changed_documents(name, sql, signatures[name])
                if changed is None:
                    transaction.parts[name] = update.copy(connection, sql, name)
                elif changed and TABLES[name].per_document:
                    rows = Path(folder) / f"{name}.changed.parquet"
                    update.copy_for(NOW, changed, sql, rows)
                    transaction.parts[name] += transaction.write(name, _read_back(rows))
                    transaction.compact(name)
                elif changed and TABLES[name].keyed:
                    transaction.parts[name] = update.remake_keys(connection, name, sql, changed)
                elif changed:
                    transaction.parts[name] = update.add_totals(connection, name, sql, changed)
                update.register(connection, name, transaction.parts[name])
                update.refresh(name)
            update.close_cuts()  # (before the collection step, which needs none: their memory goes back)
            update.collection(connection, signatures)
        finally:
            update.close_cuts()
            connection.close()
    transaction.derived = signatures


NOW, BEFORE = "now", "before"  # the sides of a commit a cut shows (`_Update.cut`)
_CUT = f"semi join changed_documents using ({DOC_KEY})"  # a per-document table cut to the changed documents


class _Update:
    """One `update_derived`: the transaction, a local folder for DuckDB's files, and the changed
    documents, each set found once."""

    def __init__(self, transaction: Transaction, folder: str):
        self.transaction, self.store, self.previous, self.folder = transaction, transaction.store, transaction.previous, folder
        self._cuts: dict[tuple[str, frozenset[str]], duckdb.DuckDBPyConnection] = {}

    def cut(self, side: str, changed: set[str]) -> duckdb.DuckDBPyConnection:
        """A connection whose views show the tables now (`NOW`) or in the previous snapshot
        (`BEFORE`), each per-document one cut to the changed documents: one per side and set of
        documents for the whole update, not one per use (14 to 17 per commit whatever the lake's size,
        each made in 0.06 to 0.08 s and reading the parts' metadata anew: 2.5 to 3 s of a commit);
        `refresh` shows it the tables made since."""
        key = (side, frozenset(changed))
        if key not in self._cuts:
            self._cuts[key] = self.connection(self.transaction.parts if side == NOW else self.previous.tables, changed)
        return self._cuts[key]

    def refresh(self, name: str) -> None:
        """The table just made, as the open cuts of the tables now show it (cut as they cut it)."""
        for (side, _), cut in self._cuts.items():
            if side == NOW:
                self.register(cut, name, self.transaction.parts[name], _CUT if TABLES[name].per_document else "")

    def close_cuts(self) -> None:
        for cut in self._cuts.values():
            cut.close()
        self._cuts.clear()

    def changed_documents(self, name: str, sql: str, signature: str) -> set[str] | None:
        """The documents whose rows in `name` may differ from the previous snapshot's; None when
        the table is to be rebuilt."""
        table = TABLES[name]
        if not table.updated_from_changes or self.previous is None or self.previous.derived.get(name) != signature:
            return None
        changed = self._written | self.transaction.deleted | (self._duplicates_before ^ self._duplicates_now if reads(sql, DUPLICATES) else set())
        return None if self._most_documents(changed) else changed

    def _most_documents(self, changed: set[str]) -> bool:
        """More than half the documents changed: rebuilding whole is cheaper than updating."""
        return 2 * len(changed) > sum(part.rows for part in self.transaction.parts[DOCUMENTS])

    @cached_property
    def _written(self) -> set[str]:
        return self._doc_ids(self.transaction.added[DOCUMENTS])

    @cached_property
    def _duplicates_before(self) -> set[str]:
        return self._doc_ids(self.previous.tables.get(DUPLICATES, ())) if self.previous else set()

    @cached_property
    def _duplicates_now(self) -> set[str]:
        """(First asked for by a table that reads `duplicates`, so after `duplicates` is made.)"""
        return self._doc_ids(self.transaction.parts[DUPLICATES])

    def collection(self, connection: duckdb.DuckDBPyConnection, signatures: dict[str, str]) -> None:
        """The collection tables (`newslake.collection`): from the changed documents when the
        previous snapshot made them with the same signatures and at most half the documents
        changed, else whole."""
        written, before, now = self._written, self._duplicates_before, self._duplicates_now
        full = (
            self.previous is None or self._most_documents(written | self.transaction.deleted | (before ^ now))
            or any(self.previous.derived.get(name) != signatures[name] for name in COLLECTION_TABLES)
        )
        transaction = self.transaction

        def write(name: str, batches) -> None:
            parts = transaction.write(name, batches)
            transaction.parts[name] = parts if full else transaction.parts[name] + parts
            transaction.compact(name)
            self.register(connection, name, transaction.parts[name])

        def remove(name: str, column: str, values: set[str]) -> None:
            transaction.remove_rows(name, column, values)
            self.register(connection, name, transaction.parts[name])

        previous = None
        if not full:
            previous = "previous_"
            for name in ("story_pairs", "document_outlets", "statement_quotations", "mentions", "quotations"):
                parts = self.previous.tables.get(name, ())
                source = f"read_parquet({sql_files(self.store, parts)})" if parts else f"empty_{previous}{name}"
                if not parts:
                    connection.register(source, TABLES[name].empty())
                connection.execute(f"create or replace view {previous}{name} as select * from {source}")
        def files(name: str) -> str | None:
            return sql_files(self.store, transaction.parts[name]) if transaction.parts[name] else None

        Collection(connection, write, remove, previous, written, transaction.deleted, now - before, before - now, files).make()

    def add_totals(self, connection: duckdb.DuckDBPyConnection, name: str, sql: str, changed: set[str]) -> list[Part]:
        """The previous totals, with the keys the changed documents touch given what they sum to
        now less what they summed to before (a key summing to nothing goes). Only those keys are
        grouped; the other rows are streamed past them (grouping every row took twice as long)."""
        table = TABLES[name]
        keys = [column for column in table.columns.names if column not in table.measures]
        now, before = Path(self.folder) / f"{name}.now.parquet", Path(self.folder) / f"{name}.before.parquet"
        self.copy_for(NOW, changed, sql, now)
        self.copy_for(BEFORE, changed, sql, before)
        columns = ", ".join(table.columns.names)
        negated = ", ".join(keys + [f"-{measure}" for measure in table.measures])
        typed = {measure: _SQL_TYPES[table.columns.field(measure).type] for measure in table.measures}
        same_key = " and ".join(f"old.{key} is not distinct from delta.{key}" for key in keys)  # (a key may hold nulls)
        first = table.measures[0]
        merged = (
            f"with old as (select {columns} from read_parquet({sql_files(self.store, self.transaction.parts[name])})), "
            f"delta as (select {', '.join(keys)}, {', '.join(f'sum({measure}) as {measure}' for measure in table.measures)} from ("
            f"select {columns} from read_parquet({sql_path(now.as_posix())}) "
            f"union all select {negated} from read_parquet({sql_path(before.as_posix())})) group by all) "
            f"select old.* from old anti join delta on {same_key} "
            f"union all select {', '.join(f'delta.{key}' for key in keys)}, "
            + ", ".join(f"(coalesce(old.{measure}, 0) + delta.{measure})::{typed[measure]} as {measure}" for measure in table.measures)
            + f" from delta left join old on {same_key} where coalesce(old.{first}, 0) + delta.{first} <> 0"
        )
        return self.copy(connection, merged, name)

    def remake_keys(self, connection: duckdb.DuckDBPyConnection, name: str, sql: str, changed: set[str]) -> list[Part]:
        """The previous rows, those of the keys the changed documents hold (now or before) made
        anew from the rows that hold them, in the order the SQL ends with (`entities`, rebuilt from
        4.5 M rows of doc_entity_counts at 200,000 documents, took 0.9 s)."""
        from newslake.views import LAKE

        [key] = TABLES[name].key
        keys: set[str] = set()
        for side in (NOW, BEFORE):
            for other in key_sources(name, sql):
                keys.update(value for (value,) in self.cut(side, changed).sql(f"select distinct {key} from {LAKE}.{other}").fetchall())
        remade = Path(self.folder) / f"{name}.remade.parquet"
        cut = self.connection(self.transaction.parts, keys=(key, keys))
        try:
            _copy_to(cut, sql, remade)
        finally:
            cut.close()
        connection.register("remade_keys", pa.table({key: pa.array(sorted(keys), TABLES[name].columns.field(key).type)}))
        order = re.search(r"\border\s+by\s+([^()]*?)\s*;?\s*$", re.sub(r"--[^\n]*", "", sql), re.IGNORECASE)
        merged = (
            f"select * from (select * from read_parquet({sql_files(self.store, self.transaction.parts[name])}) anti join remade_keys using ({key}) "
            f"union all select * from read_parquet({sql_path(remade.as_posix())}))" + (f" order by {order.group(1)}" if order else "")
        )
        try:
            return self.copy(connection, merged, name)
        finally:
            connection.unregister("remade_keys")

    def copy_for(self, side: str, changed: set[str], sql: str, target: Path) -> None:
        """The SQL's rows over the tables now or before (`side`), every per-document table cut to
        the changed documents, in the local file `target`."""
        _copy_to(self.cut(side, changed), sql, target)

    def connection(self, parts: dict, changed: set[str] | None = None, keys: tuple[str, set[str]] | None = None) -> duckdb.DuckDBPyConnection:
        """A connection with a view of each table's `parts` (per-document ones cut to `changed`;
        with `keys`, a column and values, every table that has the column cut to those values)."""
        from newslake.views import LAKE, base_views  # (DuckDB's import only when a commit derives)

        connection = self.store.duckdb()
        connection.execute(f"set temp_directory = {sql_literal(self.folder)}")
        connection.execute(f"set memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        connection.execute(f"create schema if not exists {LAKE}")
        if changed is not None:
            connection.register("changed_documents", pa.table({DOC_KEY: pa.array(sorted(changed), pa.string())}))
        if keys is not None:
            column, values = keys
            kind = next(table.columns.field(column).type for table in TABLES.values() if column in table.columns.names)
            connection.register("changed_keys", pa.table({column: pa.array(sorted(values), kind)}))
        for name, table in TABLES.items():
            if changed is not None and table.per_document:
                cut = _CUT
            elif keys is not None and keys[0] in table.columns.names:
                cut = f"semi join changed_keys using ({keys[0]})"
            else:
                cut = ""
            self.register(connection, name, parts.get(name, ()), cut)
        for view in base_views():
            connection.execute(view.statement())
        return connection

    def copy(self, connection: duckdb.DuckDBPyConnection, sql: str, name: str) -> list[Part]:
        """The SQL's rows as the table's new parts: a per-document table's through a local file
        DuckDB streams to, in small row groups (a row may carry a sentence), the others as DuckDB
        streams them out."""
        if not TABLES[name].per_document:
            return self.transaction.write(name, connection.sql(sql).to_arrow_reader(NARROW_ROWS_PER_BATCH))
        local = Path(self.folder) / f"{name}.parquet"
        _copy_to(connection, sql, local)
        return self.transaction.write(name, _read_back(local))

    def register(self, connection: duckdb.DuckDBPyConnection, name: str, parts: Iterable[Part], cut: str = "") -> None:
        """The table's `parts` as the view `lake.<name>`, for the SQL (`cut`: a join that keeps
        some rows); its base view reads it by name, so it follows."""
        from newslake.views import LAKE

        parts = list(parts)
        if parts:
            self.store.list_table(name)
            source = f"read_parquet({sql_files(self.store, parts)})"
        else:  # (a registered table would be a temporary view, which no later view could replace)
            source = f"empty_{name}"
            connection.register(source, TABLES[name].empty())
        connection.execute(f"create or replace view {LAKE}.{name} as select * from {source} {cut}")

    def _doc_ids(self, parts: Iterable[Part]) -> set[str]:
        ids: set[str] = set()
        for part in parts:
            with self.store.fs.open(self.store.path(part.path), "rb") as handle:
                ids.update(pq.ParquetFile(handle).read(columns=[DOC_KEY])[DOC_KEY].to_pylist())
        return ids


def _copy_to(connection: duckdb.DuckDBPyConnection, sql: str, path: Path) -> None:
    """The SQL's rows streamed by DuckDB into the local Parquet file `path`."""
    connection.execute(f"copy ({sql}) to {sql_literal(path.as_posix())} (format parquet, row_group_size {DERIVED_ROWS_PER_GROUP})")


def _read_back(path: Path) -> Iterator[pa.RecordBatch]:
    """A per-document table's rows DuckDB wrote to a local file, a row group at a time."""
    return pq.ParquetFile(path).iter_batches(DERIVED_ROWS_PER_GROUP)
