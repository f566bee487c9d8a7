"""The `ingest` flow, step by step in the order things happen: plan → split web archives →
analyse → settle files → update derived tables → commit → publish report.

Orchestration only: decisions about text live in `transforms`, what to read and what stays in
`newslake.planning`, reading a batch in `newslake.analysis`, the tables made from the others in
`newslake.derived`; every byte written goes through `newslake.store` (its `Transaction`, its parts).

The command (`newslake ingest`) plans once, holding the lake's lock, and hands its plan to
`ingest_planned`; the flow `newslake serve` deploys (`ingest`) takes plain parameters, as a
deployment needs, and plans itself. Both run the same steps (`_run`).
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict
from datetime import datetime, timezone

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.progress import FileProgress, log
from newslake.analysis import BatchResult, Progress, Source, WorkerPool, analyse_batch, default_workers
from newslake.derived import update_derived
from newslake.interrupts import stop_if_asked
from newslake.location import DUCKDB_MEMORY_LIMIT
from newslake.browse import build_sqlite
from newslake.outputs import DATABASE_NAME, REPORT_NAME, SQLITE_NAME, is_stale, outputs, publish_file
from newslake.parts import write_parts
from newslake.planning import IngestSummary, Plan, Planned, Settlement, doc_ids_of, plan_run, settle, split_archives, summary_line
from newslake.report import Headline, read_headline, write_report
from newslake.settings import Settings, missing_seeds_message
from newslake.snapshots import Snapshot
from newslake.store import Store
from newslake.transaction import Transaction
from newslake.views import build_database, connect, open_database
from transforms.reading.guard import Reject
from transforms.schema import REJECTS, TABLES


@task(cache_policy=NO_CACHE)
def plan(store: Store, settings: Settings) -> Planned:
    """Which files to analyse, against the committed manifest (`newslake.planning.plan_run`)."""
    return plan_run(store, settings)


@task(cache_policy=NO_CACHE)
def split_web_archives(planned: Plan, settings: Settings) -> Plan:
    """Each changed web archive cut into parts of a few pages (`newslake.planning.split_archives`)."""
    return split_archives(settings.seeds, planned, settings.batch_size, settings.workers or default_workers())


@task(cache_policy=NO_CACHE)
def analyse(
    seeds: str, sources: list[Source], settings: Settings, ingested_at: datetime, transaction: Transaction,
    pool: WorkerPool | None = None, progress: Progress | None = None,
) -> BatchResult:
    """One batch, in a worker process when there is a pool (which tells the progress itself); its
    rows go straight to the snapshot.

    The result handed back to Prefect holds no rows (Prefect keeps task results for the whole run).
    """
    arguments = (seeds, sources, settings.recipe, ingested_at)
    if pool is None:
        result = analyse_batch(*arguments, progress, follow_links=settings.follow_links)
    else:
        result = pool.executor.submit(analyse_batch, *arguments, follow_links=settings.follow_links).result()
    transaction.append(result.tables)
    result.tables = {}
    return result


@task(cache_policy=NO_CACHE)
def settle_files(
    store: Store, transaction: Transaction, planned: Planned, split: Plan, analysed: list[dict], rejects: list[Reject],
    prune: bool, settings: Settings, at: datetime,
) -> Settlement:
    """Decide what stays and goes (`newslake.planning.settle`), then put it in the snapshot: rows of
    files read again or gone deleted, the manifest and rejects replaced, the rest carried over."""
    settled = settle(split, planned.manifest, analysed, rejects, planned.stored_rejects, prune, settings.recipe, at)
    if settled.delete_rows_of:
        transaction.delete_docs(doc_ids_of(store.read("documents", ["doc_id", "source_path"]), settled.delete_rows_of))
    transaction.replace("manifest", settled.manifest)
    transaction.replace("rejects", REJECTS.from_rows(settled.rejects))
    transaction.carry_over()
    return settled


@task(cache_policy=NO_CACHE)
def update_derived_tables(transaction: Transaction) -> None:
    """The tables made from the others (`sql/derived/`), from what this snapshot changed (`newslake.derived`)."""
    update_derived(transaction)


@task(cache_policy=NO_CACHE)
def commit(store: Store, transaction: Transaction) -> Snapshot:
    """Publish the snapshot: readers see all of this run's rows from now on, or, before, none."""
    return store.commit(transaction)


@task(cache_policy=NO_CACHE)
def publish_report(store: Store, changed: bool) -> tuple[str, Headline]:
    """The database file (local lakes), the HTML report and the SQLite file `newslake browse`
    serves (once it has been made), written again when the data changed, or when they are missing or older than the snapshot (a run
    killed or failing after its commit)."""
    built = DATABASE_NAME in outputs(store) and (changed or is_stale(store, DATABASE_NAME))
    if built:
        build_database(store)
    connection = open_database(store) if built else connect(store)
    connection.execute(f"set memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    try:
        if changed or is_stale(store, REPORT_NAME):
            headline = publish_file(store, REPORT_NAME, lambda path: write_report(connection, path))
        else:
            headline = read_headline(connection)
        if SQLITE_NAME in outputs(store) and (changed or is_stale(store, SQLITE_NAME)):
            publish_file(store, SQLITE_NAME, lambda path: build_sqlite(connection, path))
        return store.uri(REPORT_NAME), headline
    finally:
        connection.close()


@flow(name="ingest")
def ingest(
    seeds: str | None = None,
    data: str | None = None,
    spacy_model: str | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    prune: bool = False,
    fields: dict[str, str] | None = None,
    entities: str | None = None,
    dask: str | None = None,
    follow_links: bool | None = None,
) -> dict:
    """Ingest the article files under `seeds` into the Parquet tables under `data`: plan → split
    web archives → analyse → settle files → update derived tables → commit → publish report.

    The flow a deployment (`newslake serve`) runs, with plain parameters: it takes the lake's lock
    and plans itself. Parameters left out come from `newslake.settings.Settings` (the `NEWSLAKE_*`
    variables, then its defaults). Incremental: a file whose size, time and bytes did not change is
    skipped before any NLP; a changed file's rows are replaced; a file that disappeared is
    reported, and its rows removed only with `prune`; a new pipeline version (or spaCy model)
    analyses everything again. `workers` processes analyse batches in parallel (0: one per core).
    `fields` maps newslake's record fields to other names in JSONL/CSV dumps (`{"text": "story"}`).
    `entities` is a CSV of the user's identified entities (name, label, id). `dask` runs the
    analysis on a Dask cluster instead: a scheduler's address, or `local:N` for a local cluster of
    N workers. `follow_links` reads links that lead out of the seeds folder (by default they are
    rejected). Writes `data/report.html` and attaches its headline figures as an artifact.
    """
    started = time.perf_counter()
    settings = Settings.load(seeds, data, spacy_model, batch_size, workers, fields, entities, dask, follow_links)
    if not settings.seeds.is_dir():
        raise FileNotFoundError(missing_seeds_message(settings.seeds))
    store = Store(settings.data)
    with store.lock():
        return _run(store, settings, plan(store, settings), prune, started)


def ingest_planned(store: Store, settings: Settings, planned: Planned, prune: bool = False) -> dict:
    """The `ingest` flow on a plan the caller made (`newslake.planning.plan_run`), holding the lake's
    lock; the command's way in, so that it plans once."""
    return _PlannedRun(store, planned).ingest(settings, prune)


class _PlannedRun:
    """A plan and its lake, whose flow is a method: Prefect records the flow's parameters (the
    settings) but not the object it is bound to, so a plan of 200,000 files is never encoded
    for the flow run's record, and the lake's lock is not taken again."""

    def __init__(self, store: Store, planned: Planned):
        self.store, self.planned = store, planned

    @flow(name="ingest", validate_parameters=False)
    def ingest(self, settings: Settings, prune: bool = False) -> dict:
        """The steps of `ingest` after its plan."""
        return _run(self.store, settings, self.planned, prune, time.perf_counter())


def _run(store: Store, settings: Settings, planned: Planned, prune: bool, started: float) -> dict:
    """The steps after the plan, in the flow run of `ingest` or `ingest_planned`."""
    # quote(): Prefect would visit every element of a task's parameters (on 200,000 files,
    # 50 s and 4 GB); these are data, not futures
    split = split_web_archives(quote(planned.plan), settings)
    ingested_at = datetime.now(timezone.utc)
    with store.transaction() as transaction:
        results = list(_analyse_all(str(settings.seeds), split, settings, ingested_at, transaction))
        analysed = [row for result in results for row in result.manifest]
        rejects = split.rejects + [reject for result in results for reject in result.rejects]
        stop_if_asked()  # (a stop a library swallowed on the way: `newslake.interrupts`)
        settled = settle_files(store, transaction, quote(planned), quote(split), quote(analysed), quote(rejects), prune, settings, ingested_at)
        update_derived_tables(transaction)
        stop_if_asked()
        commit(store, transaction)
    report_path, headline = publish_report(store, changed=settled.changed)
    totals = {name: store.count(name) for name in TABLES}

    summary = IngestSummary(
        files_seen=len(settled.seen), ingested=len(settled.ingested), unchanged=len(split.unchanged),
        rejected=sum(r.whole_file for r in rejects), rejected_records=sum(not r.whole_file for r in rejects),
        skipped_records=split.skipped, languages=_added(result.languages for result in results),
        missing=len(settled.missing), pruned=len(settled.gone), rows_written=transaction.rows_written, rows_total=totals,
        duplicates=totals["duplicates"], rejects=sorted(rejects, key=lambda r: (r.source_path, r.line or 0, r.offset or 0)),
        missing_paths=settled.missing, pruned_paths=sorted(settled.gone), report=str(report_path), seconds=round(time.perf_counter() - started, 2),
    )
    _report(summary)
    create_markdown_artifact(key="ingest-report", markdown=headline.markdown(report_path), description="Headline figures and the report")
    result = asdict(summary)
    log(summary_line(result))
    if os.environ.get(PRINT_RUNS):
        print(f"{datetime.now():%Y-%m-%d %H:%M:%S} {summary_line(result)}", flush=True)
    return result


# Set by `newslake serve`: each scheduled run prints its summary line where serve prints.
PRINT_RUNS = "NEWSLAKE_PRINT_RUNS"


@task(cache_policy=NO_CACHE)
def analyse_on_worker(
    location: str, seeds: str, sources: list[Source], settings: Settings, ingested_at: datetime, snapshot: int,
) -> BatchResult:
    """One batch on a Dask worker, which writes its rows into the lake itself (parts unlisted until
    the commit) and hands back only what they are; its models load on its first batch and stay."""
    result = analyse_batch(seeds, sources, settings.recipe, ingested_at, progress=lambda files: None, follow_links=settings.follow_links)
    result.parts = write_parts(Store(location), result.tables, snapshot)
    result.tables = {}
    return result


def dask_runner(engine: str):
    """Prefect's Dask task runner for `--dask`: an existing scheduler, or a local cluster of N
    single-threaded worker processes (spaCy holds the interpreter lock; threads would not help)."""
    import dask
    from prefect_dask import DaskTaskRunner

    if engine.startswith("local:"):
        workers = int(engine.removeprefix("local:"))
        # Dask gives its workers MALLOC_TRIM_THRESHOLD_, which also turns off glibc's adaptive mmap
        # threshold: spaCy's arrays are then mapped and unmapped on every batch (measured: the
        # same articles took 20 % more CPU than in our own worker processes)
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None})
    return DaskTaskRunner(address=engine)


def _analyse_all(seeds: str, planned: Plan, settings: Settings, ingested_at: datetime, transaction: Transaction):
    """Batch results in order, at most two per worker in flight (memory bounded by batches)."""
    if settings.dask:
        yield from _analyse_on_dask(seeds, planned, settings, ingested_at, transaction)
        return
    workers = settings.workers or default_workers()
    batches = _batches(planned.changed, settings.batch_size, workers)
    with FileProgress(_files(planned.changed)) as advance:
        if workers <= 1 or len(batches) <= 1:
            # In this thread: analysing in Prefect's pool threads would give each thread its own
            # malloc arena, and memory would grow to several times one batch.
            for batch in batches:
                stop_if_asked()
                yield analyse(seeds, batch, settings, ingested_at, transaction, progress=advance)
            return
        pool = WorkerPool(workers, settings.spacy_model, advance)
        try:
            def submit(batch):
                return analyse.submit(seeds, batch, settings, ingested_at, transaction, pool)

            for _batch, result in _in_windows(batches, 2 * workers, submit):
                stop_if_asked()
                yield result
        except BaseException:  # interrupted (SIGTERM, Ctrl-C) or failed: no batch is worth waiting for
            pool.shutdown(now=True)
            raise
        pool.shutdown()


def _batches(sources: list[Source], batch_size: int, workers: int) -> list[list[Source]]:
    """Batches of at most `batch_size` articles (a file is one, a web archive's part its pages);
    with several workers, enough to keep each busy to the end."""
    if workers > 1:
        batch_size = max(8, min(batch_size, -(-sum(source.weight for source in sources) // (4 * workers))))
    batches: list[list[Source]] = []
    load = 0
    for source in sources:
        if not batches or load + source.weight > batch_size:
            batches.append([])
            load = 0
        batches[-1].append(source)
        load += source.weight
    return batches


def _files(sources: list[Source]) -> int:
    """Files the sources come from (the progress counts files; an archive's parts are shares of one)."""
    return round(sum(source.share for source in sources))


def _added(counts) -> dict[str, int]:
    total: dict[str, int] = {}
    for count in counts:
        for key, value in count.items():
            total[key] = total.get(key, 0) + value
    return total


def _in_windows(batches: list[list[Source]], window: int, submit):
    """Each batch with its result, in order, at most `window` batches in flight (so memory holds
    a few batches' rows, whatever the engine)."""
    for first in range(0, len(batches), window):
        futures = [(batch, submit(batch)) for batch in batches[first : first + window]]
        for batch, future in futures:
            yield batch, future.result()


def _analyse_on_dask(seeds: str, planned: Plan, settings: Settings, ingested_at: datetime, transaction: Transaction):
    """The batches on Dask, a few per worker in flight; each result's parts join the snapshot."""
    with dask_runner(settings.dask) as runner, FileProgress(_files(planned.changed)) as advance:
        workers = max(1, len(runner.client.scheduler_info().get("workers", {})))
        batches = _batches(planned.changed, settings.batch_size, workers)

        def submit(batch):
            return runner.submit(analyse_on_worker, parameters={
                "location": str(settings.data), "seeds": seeds, "sources": batch, "settings": settings,
                "ingested_at": ingested_at, "snapshot": transaction.number,
            })

        for batch, result in _in_windows(batches, 2 * workers, submit):
            transaction.adopt(result.parts)
            advance(sum(source.share for source in batch))
            yield result


def _report(summary: IngestSummary) -> None:
    counts = [
        {"what": "files seen", "count": summary.files_seen},
        {"what": "ingested", "count": summary.ingested},
        {"what": "skipped, unchanged", "count": summary.unchanged},
        {"what": "rejected files", "count": summary.rejected},
        {"what": "rejected records of dumps and web archives", "count": summary.rejected_records},
        {"what": "missing from seeds", "count": summary.missing},
        {"what": "duplicate articles (left out of the views)", "count": summary.duplicates},
    ] + [{"what": f"web archive records skipped: {kind}", "count": count} for kind, count in summary.skipped_records.items()] + [
        {"what": f"documents written in language {code}", "count": count} for code, count in sorted(summary.languages.items())
    ] + [{"what": f"rows in {name}", "count": count} for name, count in summary.rows_total.items()]
    create_table_artifact(key="ingest-counts", table=counts, description="What this ingest run saw and wrote")
    if summary.rejects:
        create_table_artifact(
            key="ingest-rejects",
            table=[{"source_path": r.source_path, "line": r.line, "record_offset": r.offset, "reason": r.reason} for r in summary.rejects],
            description="Files this run could not ingest",
        )
    create_markdown_artifact(
        key="ingest-summary",
        markdown=(
            f"**{summary.ingested}** ingested, **{summary.unchanged}** unchanged, "
            f"**{summary.rejected}** rejected of **{summary.files_seen}** files in {summary.seconds} s."
        ),
    )
