"""`DATA/newslake.sqlite`: the lake as a SQLite file for Datasette (`newslake browse`), made by the
first `browse` and then at each commit beside the report and the DuckDB file.

Datasette is the tool data journalists already click through (facets, full-text search, a page per
row, foreign-key links, JSON and CSV of every page), and it reads SQLite. DuckDB answers over
Parquet, so the pages are copied out: one SQLite table per page (`PAGES`), each the rows of a DuckDB
query over the views, declared with sqlite-utils (keys, foreign keys, FTS5 indexes), plus the answer
views of `sql/` that suit a page (`ANSWERS`). The file is written under another name and moved in with
one rename, so Datasette never opens a half-written file.

A page is one `Page` entry: its query, key, links and search columns; `metadata()` turns the same
entries into Datasette's facets, search and descriptions, so a new table is one entry here.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newslake.outputs import SQLITE_NAME
from newslake.views import load_views
from transforms.entities.places import coordinates

DATABASE = "newslake"  # Datasette names a database after its file: /newslake/quotations
# Bumped when the pages change, so a file made by another version is made again (PRAGMA user_version)
FORMAT_VERSION = 2
BATCH_ROWS = 20_000


@dataclass(frozen=True)
class Page:
    """One table of the SQLite file and its Datasette page."""

    name: str
    description: str
    sql: str  # DuckDB, over the views
    pk: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)
    search: tuple[str, ...] = ()  # columns of its FTS5 index
    facets: tuple[str, ...] = ()
    label: str | None = None  # the column that names a row where another table links to it
    sort_desc: str | None = None
    indexes: tuple[str, ...] = ()  # columns filtered or faceted on, beside the foreign keys


def _day(column: str) -> str:
    return f"strftime({column}, '%Y-%m-%d')"


PAGES: tuple[Page, ...] = (
    Page(
        "documents", "One row per article (copies listed in duplicates left out): metadata, language, outlet, counts and its text.",
        f"""select documents.doc_id, documents.title, {_day('documents.published_at')} as day, documents.outlet, documents.language,
            documents.author, documents.url, documents.format, documents.source_path, documents.n_words, documents.n_sentences,
            stats.n_mentions, stats.n_quotes, stats.n_reported, documents.description, documents.tags,
            documents.published_at, documents.text
        from documents left join doc_stats as stats using (doc_id)
        order by documents.published_at desc nulls last, documents.doc_id""",
        pk="doc_id", search=("title", "text"), facets=("language", "outlet", "format"), label="title", sort_desc="day",
        indexes=("day", "outlet", "language"),
    ),
    Page(
        "entities", "One row per canonical entity (a normalised name and a label), with its identifier linked out when it has one.",
        """select entity_id, name, label, n_mentions, n_docs, kb_source, kb_id,
            case kb_source
                when 'geonames' then 'https://www.geonames.org/' || kb_id
                when 'iso3166-1' then 'https://www.iso.org/obp/ui/#iso:code:3166:' || kb_id
                when 'iso3166-2' then 'https://www.iso.org/obp/ui/#iso:code:3166:' || split_part(kb_id, '-', 1)
            end as url,
            aliases
        from entities
        order by n_mentions desc, name""",
        pk="entity_id", search=("name", "aliases"), facets=("label", "kb_source"), label="name", indexes=("label",),
    ),
    Page(
        "quotations", "One row per attribution: a direct quotation (its pieces joined), reported speech (indirect) or a reported clause holding a quoted fragment (mixed), with its speaker, cue, document and day.",
        f"""select quotations.quote_group, quotations.quote, quotations.speaker, quotations.kind, documents.outlet, quotations.language,
            {_day('documents.published_at')} as day, quotations.cue, quotations.speaker_entity_id, quotations.doc_id,
            quotations.speaker_as_written, quotations.speaker_status, quotations.sentence, quotations.rule, quotations.n_words,
            quotations.start_char, quotations.end_char
        from quotations join documents using (doc_id)
        order by documents.published_at desc nulls last, quotations.doc_id, quotations.start_char""",
        pk="quote_group", foreign_keys=(("doc_id", "documents", "doc_id"), ("speaker_entity_id", "entities", "entity_id")),
        search=("quote", "speaker"), facets=("kind", "speaker", "outlet", "language", "day"), label="quote",
        indexes=("kind", "speaker", "outlet", "language", "day"),
    ),
    Page(
        "mentions", "One row per named-entity mention, with its entity and document (its sentence is in the document's text, at start_char; repeating it here tripled the file).",
        """select mention_id, mention, entity_id, label, doc_id, start_char, end_char
        from entity_mentions
        order by doc_id, start_char""",
        pk="mention_id", foreign_keys=(("entity_id", "entities", "entity_id"), ("doc_id", "documents", "doc_id")),
        facets=("label",), label="mention",
    ),
    Page(
        "entity_names", "Every name and alias of each entity, in lower case: how quotes_mentioning finds an entity by any of its names with an index.",
        """select distinct lower(name) as name, entity_id from (
            select entity_id, name from entities
            union all
            select entity_id, unnest(aliases) as name from entities
        )
        order by 1, 2""",
        pk="rowid", foreign_keys=(("entity_id", "entities", "entity_id"),), indexes=("name",),
    ),
    Page(
        "quotation_mentions", "Which entities each quotation names (a mention inside one of its quoted pieces or its reported clause): the rows behind quotes_mentioning.",
        """select distinct quotes.quote_group, mentions.entity_id
        from quotes
        join mentions on mentions.doc_id = quotes.doc_id
            and mentions.start_char >= quotes.start_char and mentions.end_char <= quotes.end_char
        where quotes.kind <> 'scare'
        order by 1, 2""",
        pk="rowid", foreign_keys=(("quote_group", "quotations", "quote_group"), ("entity_id", "entities", "entity_id")),
    ),
)

# Views of sql/ that suit a page of their own, copied whole with the description of their file. The
# others are on a page already (doc_stats in documents, speaker_quotes in quotations, entity_mentions
# in mentions, entity_ids in entities), list internals (search_stats), or are macros (`QUERIES`).
ANSWERS = (
    "top_speakers", "speaker_resolution", "same_person", "speaker_mentions", "top_entities", "entity_cooccurrence", "doc_entities", "coverage_by_day",
    "doc_origins", "outlet_stats", "quotes_by_outlet", "statements", "statement_spread", "gender_by_outlet",  # the collection's
)
ON_A_PAGE = {"doc_stats": "documents", "speaker_quotes": "quotations", "entity_mentions": "mentions", "entity_ids": "entities",
             "quotations": "quotations", "entities": "entities", "documents": "documents", "mentions": "mentions"}

PLACES = Page(
    "places", "Entities linked to a GeoNames city, with its coordinates from the GeoNames data newslake ships (countries and states have no single point there).",
    "", pk="entity_id", foreign_keys=(("entity_id", "entities", "entity_id"),), label="name",
)

# The table macros of sql/, as Datasette queries with a parameter (SQLite's FTS5 ranks with BM25 too)
QUERIES = {
    "search": {
        "title": "search(words): quotations ranked by BM25",
        "description": "Quotations and reported speech holding all the words (stemmed: wall finds walls), best first by BM25 as the DuckDB macro search(words, 'quotes'), which takes any of them; FTS5's syntax works: wall OR border, \"a phrase\", prefix*.",
        "sql": """select quotations.quote_group, quotations.speaker, quotations.kind, quotations.quote, quotations.day,
    quotations.outlet, quotations.doc_id
from quotations_fts
join quotations on quotations.rowid = quotations_fts.rowid
where quotations_fts match :words
order by quotations_fts.rank
limit 100""",
    },
    "quotes_mentioning": {
        "title": "quotes_mentioning(name): quotations that name an entity",
        "description": "The quotations and reported speech that name an entity, asked for by its name or any alias (as the DuckDB macro quotes_mentioning(name)).",
        "sql": """select entities.name as entity, quotations.speaker, quotations.kind, quotations.quote, quotations.day,
    quotations.doc_id, quotations.quote_group
from entities
join quotation_mentions on quotation_mentions.entity_id = entities.entity_id
join quotations on quotations.quote_group = quotation_mentions.quote_group
where entities.entity_id in (select entity_id from entity_names where name = lower(:name))
order by quotations.day, quotations.doc_id, quotations.quote_group""",
    },
}


def answer_pages() -> list[Page]:
    """The answer views of `sql/` named in `ANSWERS`, each a page with its file's description."""
    described = {view.name: view.description for view in load_views()}
    return [Page(name, described[name], f"select * from {name}", pk="rowid") for name in ANSWERS]


def build_sqlite(connection: duckdb.DuckDBPyConnection, target: Path) -> Path:
    """Write the SQLite file from a connection with the views, under another name first, then moved
    in with one rename: a Datasette serving the old file keeps reading it whole."""
    import sqlite_utils

    target = Path(target)
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    staging.unlink(missing_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(staging))
    try:
        db.execute("pragma journal_mode = off")  # a new file, renamed in only once it is whole
        db.execute("pragma synchronous = off")
        for page in (*PAGES, *answer_pages()):
            _copy(connection, db, page)
        _copy_places(connection, db)
        for page in PAGES:
            if page.search:
                db[page.name].enable_fts(list(page.search), fts_version="FTS5", tokenize="porter")
        db.execute(f"pragma user_version = {FORMAT_VERSION}")
        db.conn.commit()
        db.execute("analyze")
    except BaseException:
        db.conn.close()
        staging.unlink(missing_ok=True)
        raise
    db.conn.close()
    os.replace(staging, target)
    return target


def is_current(path: Path) -> bool:
    """Whether the file exists and was made by this version's pages."""
    if not Path(path).exists():
        return False
    try:
        with closing(sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)) as db:
            return db.execute("pragma user_version").fetchone()[0] == FORMAT_VERSION
    except sqlite3.Error:
        return False


def _copy(connection: duckdb.DuckDBPyConnection, db, page: Page) -> None:
    """One page's rows, in batches: lists and structs as JSON, times as ISO 8601 text."""
    relation = connection.sql(page.sql)
    columns = [_sqlite_value(name, str(kind)) for name, kind in zip(relation.columns, relation.types)]
    result = connection.execute(f"select {', '.join(columns)} from ({page.sql})")
    types = {name: _sqlite_type(str(kind)) for name, kind in zip(relation.columns, relation.types)}
    pk = None if page.pk == "rowid" else page.pk
    db[page.name].create(types, pk=pk, foreign_keys=list(page.foreign_keys) or None, not_null={pk} if pk else None)
    insert = f"insert into [{page.name}] ({', '.join(f'[{name}]' for name in relation.columns)}) values ({', '.join('?' * len(columns))})"
    while rows := result.fetchmany(BATCH_ROWS):
        db.conn.executemany(insert, rows)
    for column in dict.fromkeys([column for column, *_ in page.foreign_keys] + list(page.indexes)):
        db[page.name].create_index([column], if_not_exists=True)


def _copy_places(connection: duckdb.DuckDBPyConnection, db) -> None:
    rows = connection.sql("select entity_id, name, label, kb_id, n_mentions, n_docs from entities where kb_source = 'geonames' order by n_mentions desc, name").fetchall()
    placed = []
    for entity_id, name, label, kb_id, n_mentions, n_docs in rows:
        point = coordinates(kb_id)
        if point is not None:
            placed.append({"entity_id": entity_id, "name": name, "label": label, "geonames_id": kb_id, "latitude": point[0], "longitude": point[1], "n_mentions": n_mentions, "n_docs": n_docs})
    columns = {"entity_id": str, "name": str, "label": str, "geonames_id": str, "latitude": float, "longitude": float, "n_mentions": int, "n_docs": int}
    db[PLACES.name].create(columns, pk=PLACES.pk, foreign_keys=list(PLACES.foreign_keys))
    db[PLACES.name].insert_all(placed)


def _sqlite_value(name: str, kind: str) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    if kind.endswith("[]") or kind.startswith(("STRUCT", "MAP")):  # (before TIMESTAMP: a list of times is a list)
        return f"to_json({quoted})::varchar as {quoted}"
    if kind.startswith("TIMESTAMP"):
        return f"strftime({quoted}, '%Y-%m-%dT%H:%M:%SZ') as {quoted}"
    if kind == "HUGEINT" or kind.startswith("DECIMAL"):
        return f"{quoted}::double as {quoted}"
    if kind in ("DATE", "UUID", "INTERVAL"):
        return f"{quoted}::varchar as {quoted}"
    return quoted


def _sqlite_type(kind: str) -> type:
    if kind in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "BOOLEAN"):
        return int
    if kind in ("FLOAT", "DOUBLE", "HUGEINT") or kind.startswith("DECIMAL"):
        return float
    return str


def metadata() -> dict:
    """Datasette's metadata: every page's description, facets, search and label, the queries."""
    tables: dict[str, dict] = {}
    for page in (*PAGES, PLACES, *answer_pages()):
        settings: dict = {"description": page.description}
        if page.facets:
            settings["facets"] = list(page.facets)
        if page.label:
            settings["label_column"] = page.label
        if page.sort_desc:
            settings["sort_desc"] = page.sort_desc
        tables[page.name] = settings
    return {
        "title": "newslake",
        "description": "The lake's documents, quotations and entities (a copy made at the last commit; `newslake query` reads the Parquet itself).",
        "databases": {DATABASE: {"tables": tables, "queries": QUERIES}},
        "plugins": {"datasette-cluster-map": {"latitude_column": "latitude", "longitude_column": "longitude"}},
    }


# Read-only and bounded: no query runs longer than 3 s, no facet longer than 1 s. Facet suggestions
# are off: they count distinct values in every column of a page, 1.3 s of the quotations page's
# 1.4 s on the 19k-article lake (86 ms without them, its five facets shown all the same).
SETTINGS = {"sql_time_limit_ms": 3000, "facet_time_limit_ms": 1000, "suggest_facets": False, "allow_download": False}


def app(path: Path):
    """The Datasette ASGI app over the file, opened immutable (read-only, never written, counts
    cached), with no canned query that writes and a time limit on every query."""
    from datasette.app import Datasette

    datasette = Datasette(immutables=[str(path)], metadata=metadata(), settings=SETTINGS)
    return datasette.app()


def serve(path: Path, sock, log_level: str = "warning") -> None:
    """Serve the file on a bound socket until SIGINT or SIGTERM (uvicorn's own handlers stop it
    gracefully; this process has no child to leave behind)."""
    import uvicorn

    config = uvicorn.Config(app(path), log_level=log_level, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
