"""The `newslake` command: ingest, serve, query, search, report, check, views, browse.

The commands other than `ingest` (`cli.ingest`, the one with a life of its own) are a few lines of
wiring each: the options they share and what they read them into are `cli.options`, printing rows
and errors `cli.output`; the work itself lives in `newslake/` and `flows/`."""

from __future__ import annotations

import os

# One BLAS/OpenMP thread per process: newslake parallelises with worker processes, and spaCy's
# small models run faster single-threaded than with threads contending for two cores (measured:
# 5.6 s against 7.9 s for the same 120 articles). Set before numpy is imported; users may override.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
# Arrow's buffers from the C library's allocator: pyarrow's default (mimalloc) kept what a commit's
# derived tables had used (80 MB after a 216 KB paragraph) and added it to the report's peak
# (measured in a profile of the flow on a 216 KB paragraph: 630 MB at peak against 572 MB).
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from cli.display import cell, visible
from cli.ingest import ingest
from cli.options import (
    DaskOption, DataOption, EntitiesOption, FieldOption, FieldsFileOption, FollowLinksOption, SeedsOption, TimeoutOption, Unit, WorkersOption,
    committed_store, connect_views, load_settings,
)
from cli.output import Format, default_format, duckdb_message, err, fail, out, print_rows, reader_may_stop
from cli.stopping import stop_on_sigterm
from newslake.interrupts import stop_was_asked
from newslake.settings import configure_prefect, missing_seeds_message, query_timeout

app = typer.Typer(help="Turn a pile of news articles into an analytics dataset.", no_args_is_help=True, add_completion=False, rich_markup_mode=None)

app.command()(ingest)


@app.command()
def serve(
    cron: Annotated[Optional[str], typer.Option("--cron", help="cron schedule, e.g. '*/15 * * * *'")] = None,
    interval: Annotated[Optional[int], typer.Option("--interval", help="run every N seconds")] = None,
    seeds: SeedsOption = None,
    data: DataOption = None,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    field: FieldOption = None,
    fields: FieldsFileOption = None,
    entities: EntitiesOption = None,
    follow_links: FollowLinksOption = None,
) -> None:
    """Serve the deployment `ingest/scheduled` on a schedule until Ctrl-C (starts a local Prefect server if needed)."""
    if (cron is None) == (interval is None):
        fail("give exactly one of --cron EXPR or --interval SECONDS")
    settings = load_settings(seeds, data, workers, field, fields, entities, dask, follow_links)
    if not settings.seeds.is_dir():
        fail(missing_seeds_message(settings.seeds))
    configure_prefect()
    from contextlib import nullcontext

    from flows.serve import ServerDidNotStart, check_schedule, local_prefect_server, serve_ingest

    try:
        check_schedule(cron, interval)  # before anything starts
    except ValueError as error:
        fail(str(error))

    parameters = settings.flow_parameters(absolute=True)
    own_server = not os.environ.get("PREFECT_API_URL")
    try:
        with local_prefect_server() if own_server else nullcontext(os.environ["PREFECT_API_URL"]) as api_url:
            ui = api_url.removesuffix("/api")
            schedule = f"cron {cron!r}" if cron else f"every {interval} s"
            out.print(f"Serving ingest/scheduled ({schedule}) against {'a local' if own_server else 'the'} Prefect server.")
            out.print(f"Prefect UI: {ui}   API: {api_url}   (Ctrl-C stops{' both' if own_server else ''})", soft_wrap=True)
            serve_ingest(parameters, cron, interval)
    except ServerDidNotStart as error:
        fail(str(error))
    except KeyboardInterrupt:
        pass
    except Exception as error:
        if not stop_was_asked():
            fail(f"serve failed: {type(error).__name__}: {error}")
    out.print("stopped")


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="one or more SQL statements; the last one's rows are printed")],
    data: DataOption = None,
    format: Annotated[Optional[Format], typer.Option("--format", "-f", help="output format [default: table on a terminal, csv when piped]", show_default=False)] = None,
    limit: Annotated[int, typer.Option(help="rows shown in table format (csv and json print all)")] = 50,
    timeout: TimeoutOption = None,
) -> None:
    """Run read-only SQL against the views (see `newslake views`)."""
    import duckdb

    from newslake.views import NotReadOnly, QueryStopped, read_only_statements, run_limited

    _at_least("--limit", limit, 0)
    seconds = _query_seconds(timeout)
    connection = connect_views(committed_store(load_settings(data=data).data))

    def run() -> tuple[list[str], list[tuple]]:
        result = None
        for statement in statements:
            result = connection.sql(statement.query)
        return (result.columns, result.fetchall()) if result is not None else ([], [])

    try:
        statements = read_only_statements(connection, sql)
        if not statements:
            fail("no SQL statement given")
        columns, rows = run_limited(connection, run, seconds)
    except (NotReadOnly, QueryStopped) as error:
        fail(str(error))
    except duckdb.Error as error:
        fail(duckdb_message(error))
    with reader_may_stop():
        print_rows(columns, rows, format or default_format(), limit)


@app.command()
def search(
    words: Annotated[str, typer.Argument(help="the words to look for (any of them; rarer words weigh more)")],
    in_: Annotated[Unit, typer.Option("--in", help="search quotations (direct and reported speech) or all sentences")] = Unit.quotes,
    limit: Annotated[int, typer.Option(help="results shown")] = 10,
    data: DataOption = None,
    format: Annotated[Optional[Format], typer.Option("--format", "-f", help="output format [default: table on a terminal, csv when piped]", show_default=False)] = None,
    timeout: TimeoutOption = None,
) -> None:
    """Ranked keyword search (BM25) over quotations or sentences; in SQL: `from search('words', 'quotes')`."""
    import duckdb

    from newslake.views import QueryStopped, run_limited

    _at_least("--limit", limit, 1)
    seconds = _query_seconds(timeout)
    format = format or default_format()
    connection = connect_views(committed_store(load_settings(data=data).data))

    def run() -> tuple[list[str], list[tuple]]:
        result = connection.execute(
            "select rank, score, speaker, kind, text, title, published_at, doc_id from search(?, unit_kind := ?, top_k := ?)",
            [words, in_.value, limit],
        )
        return [d[0] for d in result.description], result.fetchall()

    try:
        columns, rows = run_limited(connection, run, seconds)
    except QueryStopped as error:
        fail(str(error))
    except duckdb.Error as error:
        fail(duckdb_message(error))
    if format is not Format.table:
        with reader_may_stop():
            print_rows(columns, rows, format, limit)
        return
    if not rows:
        out.print(f"no {in_.value} match {words!r}")
        return
    from cli.highlight import highlight

    table = Table("#", "score", *(["speaker", "kind"] if in_ is Unit.quotes else []), in_.value[:-1], "document")
    for rank, score, speaker, kind, text, title, published_at, _doc_id in rows:
        document = title + (f" ({published_at:%Y-%m-%d})" if published_at else "")
        table.add_row(str(rank), f"{score:.2f}", *([cell(speaker), cell(kind)] if in_ is Unit.quotes else []), highlight(text, words), cell(document))
    out.print(table)


def _at_least(option: str, value: int, least: int) -> None:
    if value < least:
        fail(f"{option} must be {least} or more, not {value}")


def _query_seconds(option: float | None) -> float | None:
    """The query time limit in seconds (None: no limit), from the option, the variable, or the default."""
    try:
        seconds = query_timeout(option)
    except ValueError as error:
        fail(str(error))
    return seconds


@app.command()
def report(
    out_path: Annotated[Optional[Path], typer.Option("--out", help="where to write the HTML file [default: DATA/report.html]")] = None,
    data: DataOption = None,
) -> None:
    """Write one self-contained HTML page of charts: speakers, entities, coverage, co-occurrence, quotations."""
    from newslake.outputs import REPORT_NAME, publish_file
    from newslake.report import write_report

    store = committed_store(load_settings(data=data).data)
    connection = connect_views(store)
    try:
        if out_path:
            headline, path = write_report(connection, out_path), str(out_path)
        else:
            headline, path = publish_file(store, REPORT_NAME, lambda local: write_report(connection, local)), store.uri(REPORT_NAME)
    except OSError as error:
        fail(f"cannot write the report: {error}")
    out.print(headline.plain(path))


@app.command()
def check(data: DataOption = None) -> None:
    """Check the data contracts of every table (keys unique, required columns filled, allowed
    values, references that exist): one line per broken rule, and exit status 1 when any is broken."""
    from newslake.contracts import check as broken_rules, rules
    from transforms.schema import TABLES

    store = committed_store(load_settings(data=data).data)
    broken = broken_rules(store)
    for rule in broken:
        out.print(escape(visible(rule.line())), soft_wrap=True)
    if broken:
        fail(f"{len(broken)} rule{'s' * (len(broken) != 1)} broken in {store.location}")
    out.print(f"all {sum(len(rules(table)) for table in TABLES.values())} rules hold on the {len(TABLES)} tables in {escape(store.location)}", soft_wrap=True)


@app.command()
def views() -> None:
    """List every view and table macro with its description."""
    from newslake.views import load_views

    table = Table("view", "description")
    for view in load_views():
        table.add_row(view.name + ("(...)" if view.is_macro else ""), view.description)
    out.print(table)


@app.command()
def browse(
    data: DataOption = None,
    port: Annotated[int, typer.Option("--port", help="port to listen on (0: any free port)")] = 8001,
    host: Annotated[str, typer.Option("--host", help="address to listen on; anything but loopback lets other machines read the whole lake")] = "127.0.0.1",
) -> None:
    """Browse the lake in Datasette (facets, full-text search, a page per row, JSON and CSV) until Ctrl-C."""
    if not 0 <= port <= 65535:
        fail(f"--port must be between 0 and 65535, not {port}")
    store = committed_store(load_settings(data=data).data)
    try:
        _browse(store, host, port)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (`main`), also while the file is being written
        pass
    out.print("stopped")


def _browse(store, host: str, port: int) -> None:
    import socket
    import tempfile

    from newslake.browse import SQLITE_NAME, build_sqlite, is_current, serve
    from newslake.outputs import is_stale, publish_file

    with tempfile.TemporaryDirectory(prefix="newslake-browse-") as folder:
        # object storage: Datasette reads a local copy
        path = store.data_dir / SQLITE_NAME if store.is_local else Path(folder) / SQLITE_NAME
        if not store.is_local and not is_stale(store, SQLITE_NAME):
            store.fs.get_file(store.path(SQLITE_NAME), str(path))
        if is_stale(store, SQLITE_NAME) or not is_current(path):
            # the first browse of a lake, or a file of another version: made now, and from now on
            # by each commit
            err.print(f"writing {escape(store.uri(SQLITE_NAME))} (from now on each commit refreshes it)", soft_wrap=True)
            connection = connect_views(store)
            publish_file(store, SQLITE_NAME, lambda local: build_sqlite(connection, local))
            connection.close()
            if not store.is_local:
                store.fs.get_file(store.path(SQLITE_NAME), str(path))
        try:
            sock = socket.create_server((host, port))
        except OSError as error:
            fail(f"cannot listen on {host}:{port}: {os.strerror(error.errno) if error.errno else error}")
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        out.print(f"Datasette on {store.location}: http://{shown}:{bound_port}/newslake   (Ctrl-C stops)", soft_wrap=True)
        sys.stdout.flush()
        try:
            serve(path, sock)
        finally:
            sock.close()


def main() -> None:
    """The `newslake` command: SIGTERM stops it like Ctrl-C (whatever SIGINT was set to by whoever
    started it), and the processes an ingest or a served schedule starts end with it, however it ends."""
    stop_on_sigterm()
    if len(sys.argv) > 1 and sys.argv[1] in ("ingest", "serve"):
        from cli import watchdog

        watchdog.start()
    app()


if __name__ == "__main__":
    main()
