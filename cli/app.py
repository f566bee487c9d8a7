"""The `newslake` command: ingest, serve, query, search, report, check, views, browse.

One module because the commands share its option parsing and settings (printing rows and errors is
`cli.output`); the work itself lives in `newslake/` and `flows/`, so each command here is a few
lines of wiring."""

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
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from cli.display import cell, visible
from cli.output import Format, default_format, duckdb_message, err, fail, out, print_rows, reader_may_stop
from cli.stopping import stop_on_sigterm
from newslake.interrupts import stop_was_asked
from newslake.settings import QUERY_TIMEOUT, Settings, configure_prefect, field_map, missing_seeds_message, query_timeout
from transforms.schema import PER_DOCUMENT

app = typer.Typer(help="Turn a pile of news articles into an analytics dataset.", no_args_is_help=True, add_completion=False, rich_markup_mode=None)

SeedsOption = Annotated[Optional[str], typer.Option("--seeds", help="folder of article files [env NEWSLAKE_SEEDS; default ./seeds]", show_default=False)]
DataOption = Annotated[Optional[str], typer.Option("--data", help="output folder, or an fsspec URL such as s3://bucket/prefix [env NEWSLAKE_DATA; default ./data]")]
DaskOption = Annotated[Optional[str], typer.Option("--dask", help="analyse on Dask: a scheduler's ADDRESS (tcp://host:8786), or local:N for a local cluster of N workers [env NEWSLAKE_DASK]", show_default=False)]
FieldOption = Annotated[Optional[list[str]], typer.Option("--field", help="in JSONL/CSV dumps, read a field from another column: NAME=COLUMN (repeat)")]
FieldsFileOption = Annotated[Optional[Path], typer.Option("--fields", help="TOML file whose [fields] table maps NAME = \"COLUMN\"")]
EntitiesOption = Annotated[Optional[Path], typer.Option("--entities", help="CSV of entities you identify (columns name, label, id, and optionally source; one row per name or alias) [env NEWSLAKE_ENTITIES]")]
WorkersOption = Annotated[Optional[int], typer.Option("--workers", help="processes analysing batches in parallel; 0 means one per core, 1 analyses in this process [env NEWSLAKE_WORKERS; default 0]", show_default=False)]
FollowLinksOption = Annotated[Optional[bool], typer.Option("--follow-links", help="read links that lead out of the seeds folder (by default they are rejected) [env NEWSLAKE_FOLLOW_LINKS=1]", show_default=False)]
TimeoutOption = Annotated[Optional[float], typer.Option("--timeout", help=f"stop a query after this many seconds; 0 for no limit [env NEWSLAKE_QUERY_TIMEOUT; default {QUERY_TIMEOUT:g}]", show_default=False)]


class Unit(str, Enum):
    quotes = "quotes"
    sentences = "sentences"


def _settings(
    seeds: str | None = None, data: str | None = None, workers: int | None = None, field: list[str] | None = None,
    fields: Path | None = None, entities: Path | None = None, dask: str | None = None, follow_links: bool | None = None,
) -> Settings:
    """The settings of this command, or one line saying which option, variable or file is wrong."""
    for option, value in (("--seeds", seeds), ("--data", data)):
        if value is not None and not value.strip():
            fail(f"{option} is empty: give a folder{' or a URL' if option == '--data' else ''} (leave the option out for the default)")
    try:
        settings = Settings.load(seeds, data, workers=workers, fields=field_map(field, fields), entities=entities, dask=dask, follow_links=follow_links)
        # an unknown field name or an unreadable entities file fails here, before any work
        settings.field_map
        settings.known_entities
    except ValueError as error:
        fail(str(error))
    if workers is not None and workers < 0:
        fail(f"--workers must be 0 (one per core) or more, not {workers}")
    return settings


def _store(data: Path | str):
    """The lake, or a one-line error when nothing was committed there."""
    from newslake.store import Store

    store = Store(data)
    try:
        committed = store.snapshot() is not None
    except OSError as error:
        fail(f"cannot read {data}: {error}")
    if not committed:
        fail(f"no data in {data}: run `newslake ingest` first")
    return store


def _connect(store):
    """Read-only views over a lake (`_store`), or a one-line error when it is from an older version."""
    import duckdb

    from newslake.views import connect

    try:
        return connect(store, read_only=True)
    except (duckdb.IOException, duckdb.BinderException, RuntimeError) as error:
        fail(f"the data in {store.location} was written by another newslake version ({str(error).splitlines()[0]}); run `newslake ingest` to update it")


@app.command()
def ingest(
    seeds: SeedsOption = None,
    data: DataOption = None,
    prune: Annotated[bool, typer.Option("--prune", help="remove the rows of files no longer in the seeds folder")] = False,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    field: FieldOption = None,
    fields: FieldsFileOption = None,
    entities: EntitiesOption = None,
    follow_links: FollowLinksOption = None,
) -> None:
    """Run the Prefect flow `ingest` once: new and changed files in, a summary out. When nothing
    changed it says so at once, without starting Prefect or the model."""
    started = time.perf_counter()
    settings = _settings(seeds, data, workers, field, fields, entities, dask, follow_links)
    if not settings.seeds.is_dir():
        fail(missing_seeds_message(settings.seeds))
    from newslake.planning import plan_run
    from newslake.store import Store, StoreBusy
    from transforms.entities.recognition import ModelNotInstalled, check_model

    from flows.runtime import start_temporary_server

    early, booted = None, False

    def boot_server() -> None:
        """A file to analyse is known: Prefect's server boots on the other core while the rest of
        the seeds folder is planned, Prefect is imported and the models load (a run with nothing to
        do starts none)."""
        nonlocal early, booted
        configure_prefect()
        early, booted = start_temporary_server(), True

    try:
        # the lock first: a second ingest is refused at once, before Prefect's server starts; the
        # plan made under it is the one the flow carries out
        store = Store(settings.data)
        with store.lock():
            planned = plan_run(store, settings, on_work=boot_server)
            if _answered_nothing_changed(store, settings, planned, started):
                _stop_early(early)  # (a new file found, then rejected without being read)
                return
            check_model(settings.spacy_model)  # only now: spaCy's import alone takes 0.5 s
            if not booted:
                boot_server()  # (the outputs to make again, with no file to analyse)
            from flows.runtime import local_run
            from flows.ingest import ingest_planned

            from transforms.reading.inputs import ARCHIVE_FORMATS, format_of

            # (a web archive counts as many files: it is split into parts for the workers)
            changed = planned.plan.changed
            few = len(changed) <= settings.batch_size and not any(format_of(source.path) in ARCHIVE_FORMATS for source in changed)
            in_process = not settings.dask and (settings.workers == 1 or few)

            with local_run(meanwhile=lambda: _load_ahead(settings.spacy_model, in_process), early=early) as server:
                if server:
                    err.print(f"flow run on the Prefect server at {escape(server.removesuffix('/api'))}", soft_wrap=True)
                summary = ingest_planned(store, settings, planned, prune)
    except (StoreBusy, ModelNotInstalled) as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail(f"interrupted; {_what_is_kept(settings.data)}")
    except Exception as error:  # Prefect has logged the traceback above
        if stop_was_asked():
            fail(f"interrupted; {_what_is_kept(settings.data)}")
        # Snapshots are published whole, so the data is complete either way: the run's, when the
        # failure came after publishing (building the views or the report), or the one before.
        fail(f"ingest failed: {type(error).__name__}: {error} ({_what_is_kept(settings.data)})")
    for path, reason, *_where in summary["rejects"]:
        _print_reject(settings.seeds / path, reason)
    for path in summary["missing_paths"]:
        verb = "missing, rows removed" if path in summary["pruned_paths"] else "missing (rows kept; --prune removes them)"
        err.print(f"[yellow]{verb}[/yellow] {escape(visible(str(settings.seeds / path)))}", soft_wrap=True)
    from newslake.planning import summary_line

    out.print(escape(summary_line(summary)), soft_wrap=True)
    table = Table("table", "rows written", "rows in total", title=str(settings.data), title_justify="left")
    for name, total in summary["rows_total"].items():
        written = str(summary["rows_written"].get(name, 0)) if name in PER_DOCUMENT else "-"  # others are rewritten whole
        table.add_row(name, written, str(total))
    out.print(table)
    out.print(f"report: {summary['report']}", soft_wrap=True)


def _load_ahead(spacy_model: str, analyses: bool) -> None:
    """What this process will load in the flow anyway, loaded while Prefect's server starts instead
    of on the way to the run's end: the models and the language identifier when it analyses
    itself (no workers), datasketch, which the derived tables made here use, and plotly, which the
    report uses."""
    from newslake.analysis import load_analysers
    from newslake.report import load_plotting
    from transforms.collection.stories import load_minhash
    from transforms.text.language import load_identifier

    if analyses:
        load_analysers(spacy_model)
        load_identifier()
    load_minhash()
    load_plotting()


def _stop_early(server) -> None:
    if server is not None:
        from flows.serve import stop

        stop(server.process, 5)


def _what_is_kept(data: Path | str) -> str:
    """What a failed or interrupted ingest leaves: the last complete snapshot, or nothing at all."""
    from newslake.store import Store

    try:
        committed = Store(data).snapshot() is not None
    except Exception:  # the folder or the object store cannot be read now: say what is certain
        return f"nothing of this run was committed to {data}"
    return f"{data} holds the last complete snapshot" if committed else f"nothing was written to {data}: it holds no snapshot yet"


def _answered_nothing_changed(store, settings: Settings, planned, started: float) -> bool:
    """When the plan changes nothing, say so as a run would and stop: no server, no model, no flow run."""
    from dataclasses import asdict

    from newslake.derived import derived_current
    from newslake.outputs import REPORT_NAME, is_stale, outputs
    from newslake.planning import IngestSummary, summary_line

    fresh = derived_current(store) and not any(is_stale(store, name) for name in outputs(store))
    if not planned.nothing_to_do(fresh):
        return False
    rejects, found = planned.stored_rejects, planned.plan
    for row in sorted(rejects, key=lambda row: (row["source_path"], row["line"] or 0, row.get("record_offset") or 0)):
        _print_reject(settings.seeds / row["source_path"], row["reason"])
    summary = IngestSummary(
        files_seen=len(found.unchanged) + len(found.rejects), unchanged=len(found.unchanged), rejected=len(found.rejects),
        rejected_records=sum(row["line"] is not None or row.get("record_offset") is not None for row in rejects), duplicates=store.count("duplicates"),
        seconds=round(time.perf_counter() - started, 2),
    )
    out.print(escape(summary_line(asdict(summary))) + "; nothing changed, no flow run", soft_wrap=True)
    out.print(f"report: {store.uri(REPORT_NAME)}", soft_wrap=True)
    return True


def _print_reject(path: Path, reason: str) -> None:
    err.print(f"[yellow]rejected[/yellow] {escape(visible(str(path)))}: {escape(visible(reason))}", soft_wrap=True)


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
    settings = _settings(seeds, data, workers, field, fields, entities, dask, follow_links)
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
    connection = _connect(_store(_settings(data=data).data))

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
    connection = _connect(_store(_settings(data=data).data))

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

    store = _store(_settings(data=data).data)
    connection = _connect(store)
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

    store = _store(_settings(data=data).data)
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
    store = _store(_settings(data=data).data)
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
            connection = _connect(store)
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
