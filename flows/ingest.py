"""The `ingest` flow: find what changed, analyse it in batches, commit one snapshot, report.

Orchestration only: decisions about text live in `transforms`, reading a batch in
`newslake.analysis`, every byte written goes through `newslake.store`.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from newslake.analysis import BatchResult, Source, analyse_batch, default_workers, worker_pool
from newslake.derived import derived_tables
from newslake.planning import Plan, pipeline_version, plan, summary_line
from newslake.report import REPORT_NAME, Headline, read_headline, write_report
from newslake.settings import missing_seeds_message
from newslake.store import Store, Transaction
from newslake.views import build_database, connect
from transforms.entities import DEFAULT_MODEL
from transforms.inputs import Reject
from transforms.records import FieldMap
from transforms.schema import MANIFEST, REJECTS, TABLES
from transforms.tables import reject_rows


@dataclass
class IngestSummary:
    """What one run saw and did; the CLI prints it and the flow attaches it as artifacts."""

    files_seen: int = 0
    ingested: int = 0
    unchanged: int = 0
    rejected: int = 0  # whole files
    rejected_records: int = 0  # records of dumps whose other records were ingested
    missing: int = 0
    pruned: int = 0
    rows_written: dict[str, int] = field(default_factory=dict)
    rows_total: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    rejects: list[Reject] = field(default_factory=list)
    missing_paths: list[str] = field(default_factory=list)
    pruned_paths: list[str] = field(default_factory=list)
    report: str = ""
    seconds: float = 0.0


@task(cache_policy=NO_CACHE)
def plan_sources(seeds: Path, manifest: dict[str, dict], spacy_model: str, fields: FieldMap) -> Plan:
    """Which files to analyse (`newslake.planning.plan`)."""
    return plan(seeds, manifest, spacy_model, fields)


@task(cache_policy=NO_CACHE)
def analyse(seeds: str, sources: list[Source], spacy_model: str, fields: FieldMap, ingested_at: datetime, transaction: Transaction, pool=None) -> BatchResult:
    """One batch, in a worker process when there is a pool; its rows go straight to the snapshot.

    The result handed back to Prefect holds no rows (Prefect keeps task results for the whole run).
    """
    if pool is None:
        result = analyse_batch(seeds, sources, spacy_model, ingested_at, fields)
    else:
        result = pool.submit(analyse_batch, seeds, sources, spacy_model, ingested_at, fields).result()
    transaction.append(result.tables)
    result.tables = {}
    return result


@task(cache_policy=NO_CACHE)
def publish_report(data_dir: Path, changed: bool) -> tuple[Path, Headline]:
    """The HTML report, written again when the data changed, or when it is missing or older than the
    snapshot (a run killed or failing after its commit, before the report was written)."""
    path = data_dir / REPORT_NAME
    stale = changed or Store(data_dir).is_stale(path)
    connection = connect(data_dir)
    try:
        return path, write_report(connection, path) if stale else read_headline(connection)
    finally:
        connection.close()


@flow(name="ingest")
def ingest(
    seeds: str = "seeds",
    data: str = "data",
    spacy_model: str = DEFAULT_MODEL,
    batch_size: int = 64,
    workers: int = 0,
    prune: bool = False,
    fields: dict[str, str] | None = None,
) -> dict:
    """Ingest the article files under `seeds` into the Parquet tables under `data`.

    Writes `data/report.html` and attaches its headline figures as an artifact.
    Incremental: a file whose size, time and bytes did not change is skipped before any NLP; a
    changed file's rows are replaced; a file that disappeared is reported, and its rows removed only
    with `prune`; a new pipeline version (or spaCy model) analyses everything again.
    `workers` processes analyse batches in parallel (0: one per core). `fields` maps newslake's
    record fields to other names in JSONL/CSV dumps (`{"text": "story"}`).
    """
    started = time.perf_counter()
    seeds_dir, store = Path(seeds), Store(Path(data))
    if not seeds_dir.is_dir():
        raise FileNotFoundError(missing_seeds_message(seeds_dir))
    workers = workers or default_workers()
    field_map = FieldMap(fields or {})
    with store.lock():
        manifest = {row["source_path"]: row for row in store.read("manifest").to_pylist()}
        plan = plan_sources(seeds_dir, manifest, spacy_model, field_map)
        ingested_at = datetime.now(timezone.utc)
        if workers > 1:  # enough batches to keep every worker busy to the end
            batch_size = max(8, min(batch_size, -(-len(plan.changed) // (4 * workers))))
        batches = [plan.changed[i : i + batch_size] for i in range(0, len(plan.changed), batch_size)]
        rejects = list(plan.rejects)
        fresh_manifest: list[dict] = []
        with store.transaction() as transaction:
            for result in _analyse_all(str(seeds_dir), batches, spacy_model, field_map, ingested_at, workers, transaction):
                rejects.extend(result.rejects)
                fresh_manifest.extend(result.manifest)
            ingested = {row["source_path"] for row in fresh_manifest}
            unchanged = {row["source_path"] for row in plan.unchanged}
            seen = unchanged | {s.path for s in plan.changed} | {r.source_path for r in rejects}
            missing = sorted(set(manifest) - seen)
            # Rows of a missing file made by another pipeline version cannot be re-made: they go too.
            outdated = {path for path in missing if manifest[path]["pipeline_version"] != pipeline_version(spacy_model, path, field_map)}
            gone = set(missing) if prune else outdated
            transaction.delete_docs(_doc_ids_of(store, (ingested & set(manifest)) | gone))
            kept = [row for path, row in manifest.items() if path not in ingested | gone | unchanged]
            transaction.replace("manifest", MANIFEST.from_rows(kept + plan.unchanged + fresh_manifest))
            transaction.replace("rejects", _merge_rejects(store.read("rejects"), rejects, seen - unchanged, gone, ingested_at))
            for name, build in derived_tables().items():
                transaction.derive(name, build)
        build_database(store.data_dir)
        totals = {name: store.count(name) for name in TABLES}
        report_path, headline = publish_report(store.data_dir, changed=bool(ingested or gone))

    summary = IngestSummary(
        files_seen=len(seen), ingested=len(ingested), unchanged=len(plan.unchanged),
        rejected=sum(r.line is None for r in rejects), rejected_records=sum(r.line is not None for r in rejects),
        missing=len(missing), pruned=len(gone), rows_written=transaction.rows_written, rows_total=totals,
        duplicates=totals["duplicates"], rejects=sorted(rejects, key=lambda r: (r.source_path, r.line or 0)),
        missing_paths=missing, pruned_paths=sorted(gone), report=str(report_path), seconds=round(time.perf_counter() - started, 2),
    )
    _report(summary)
    create_markdown_artifact(key="ingest-report", markdown=headline.markdown(report_path), description="Headline figures and the report")
    result = asdict(summary)
    _log(summary_line(result))
    if os.environ.get(PRINT_RUNS):
        print(f"{datetime.now():%Y-%m-%d %H:%M:%S} {summary_line(result)}", flush=True)
    return result


# Set by `newslake serve`: each scheduled run prints its summary line where serve prints.
PRINT_RUNS = "NEWSLAKE_PRINT_RUNS"


def _analyse_all(seeds: str, batches: list[list[Source]], spacy_model: str, fields: FieldMap, ingested_at: datetime, workers: int, transaction: Transaction):
    """Batch results in order, at most two per worker in flight (memory bounded by batches)."""
    pool = worker_pool(workers, spacy_model) if len(batches) > 1 else None
    try:
        with _progress(sum(map(len, batches))) as advance:
            if pool is None:
                # In this thread: analysing in Prefect's pool threads would give each thread its own
                # malloc arena, and memory would grow to several times one batch.
                for batch in batches:
                    yield analyse(seeds, batch, spacy_model, fields, ingested_at, transaction)
                    advance(len(batch))
                return
            window = 2 * workers
            for first in range(0, len(batches), window):
                futures = [
                    analyse.submit(seeds, batch, spacy_model, fields, ingested_at, transaction, pool)
                    for batch in batches[first : first + window]
                ]
                for future, batch in zip(futures, batches[first : first + window]):
                    yield future.result()
                    advance(len(batch))
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def _doc_ids_of(store: Store, paths: set[str]) -> set[str]:
    """Every document made from these files (one per record for a dump)."""
    if not paths:
        return set()
    documents = store.read("documents", ["doc_id", "source_path"]).to_pylist()
    return {row["doc_id"] for row in documents if row["source_path"] in paths}


def _merge_rejects(previous: pa.Table, rejects: list[Reject], read_again: set[str], pruned: set[str], at: datetime) -> pa.Table:
    """Keep earlier rejects of files this run did not read again; replace the rest."""
    kept = [row for row in previous.to_pylist() if row["source_path"] not in read_again | pruned]
    return pa.concat_tables([REJECTS.from_rows(kept), reject_rows(rejects, at)])


class _progress:
    """Articles analysed so far: a bar with the time left on a terminal; elsewhere (a log, a
    scheduled run) a line every `_PROGRESS_SECONDS`, and a log line for Prefect's UI."""

    def __init__(self, n_files: int):
        self._total, self._done, self._started = n_files, 0, time.monotonic()
        self._last_line = self._started
        self._bar = None
        if n_files and sys.stderr.isatty():
            from rich.progress import Progress

            self._bar = Progress(*Progress.get_default_columns(), transient=True)
            self._task = self._bar.add_task(f"analysing {n_files} files", total=n_files)

    def __enter__(self):
        if self._bar:
            self._bar.start()
        return self.advance

    def advance(self, n_files: int) -> None:
        self._done += n_files
        if self._bar:
            self._bar.advance(self._task, n_files)
            return
        now = time.monotonic()
        if now - self._last_line >= _PROGRESS_SECONDS and self._done < self._total:
            self._last_line = now
            left = (now - self._started) / self._done * (self._total - self._done)
            line = f"analysed {self._done} of {self._total} files ({self._done / self._total:.0%}), about {left:.0f} s left"
            print(line, file=sys.stderr, flush=True)
            _log(line)

    def __exit__(self, *exc):
        if self._bar:
            self._bar.stop()


_PROGRESS_SECONDS = 10.0


def _log(line: str) -> None:
    """A line in the flow run's log (Prefect's UI); nothing outside a flow run."""
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        get_run_logger().info(line)
    except MissingContextError:
        pass


def _report(summary: IngestSummary) -> None:
    counts = [
        {"what": "files seen", "count": summary.files_seen},
        {"what": "ingested", "count": summary.ingested},
        {"what": "skipped, unchanged", "count": summary.unchanged},
        {"what": "rejected files", "count": summary.rejected},
        {"what": "rejected records of dumps", "count": summary.rejected_records},
        {"what": "missing from seeds", "count": summary.missing},
        {"what": "duplicate articles (left out of the views)", "count": summary.duplicates},
    ] + [{"what": f"rows in {name}", "count": count} for name, count in summary.rows_total.items()]
    create_table_artifact(key="ingest-counts", table=counts, description="What this ingest run saw and wrote")
    if summary.rejects:
        create_table_artifact(
            key="ingest-rejects",
            table=[{"source_path": r.source_path, "line": r.line, "reason": r.reason} for r in summary.rejects],
            description="Files this run could not ingest",
        )
    create_markdown_artifact(
        key="ingest-summary",
        markdown=(
            f"**{summary.ingested}** ingested, **{summary.unchanged}** unchanged, "
            f"**{summary.rejected}** rejected of **{summary.files_seen}** files in {summary.seconds} s."
        ),
    )
