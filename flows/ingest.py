"""The `ingest` flow: discover article files, analyse what changed, commit one snapshot, report.

Orchestration only: every decision about text lives in `transforms`, every byte written goes
through `newslake.store`.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from newslake.store import Store
from newslake.views import build_database
from transforms.articles import Article, doc_id_for, parse_article
from transforms.decoding import RejectedInput
from transforms.entities import DEFAULT_MODEL, aggregate_entities, load_model
from transforms.schema import PER_DOCUMENT, REJECTS, TABLES
from transforms.tables import analyse, reject_rows, to_tables

SUPPORTED_SUFFIXES = (".txt",)
_READ_ATTEMPTS = 3


@dataclass
class IngestSummary:
    """What one run saw and did; the CLI prints it and the flow attaches it as an artifact."""

    files_seen: int = 0
    ingested: int = 0
    unchanged: int = 0
    rejected: int = 0
    missing: int = 0
    pruned: int = 0
    rows_written: dict[str, int] = field(default_factory=dict)
    rows_total: dict[str, int] = field(default_factory=dict)
    rejects: list[tuple[str, str]] = field(default_factory=list)
    missing_paths: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Source:
    path: str
    raw: bytes


@task(cache_policy=NO_CACHE)
def scan_sources(seeds: Path, known: dict[str, str]) -> tuple[list[_Source], list[str], list[tuple[str, str]]]:
    """Read every candidate file; split into changed sources, unchanged paths and rejects."""
    changed, unchanged, rejects = [], [], []
    for path in discover(seeds):
        relative = path.relative_to(seeds).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            rejects.append((relative, f"unsupported file type {path.suffix or '(none)'!r}; newslake reads .txt"))
            continue
        if path.is_dir():
            rejects.append((relative, "is a directory, not a file"))
            continue
        try:
            raw = _read(path)
        except OSError as error:
            rejects.append((relative, f"cannot read: {error.strerror or error}"))
            continue
        if known.get(relative) == hashlib.sha256(raw).hexdigest():
            unchanged.append(relative)
        else:
            changed.append(_Source(relative, raw))
    return changed, unchanged, rejects


def discover(seeds: Path) -> list[Path]:
    """Every entry below the seeds folder, sorted; hidden files and folders are not articles."""
    found = []
    for root, dirs, files in os.walk(seeds):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in [*files, *(d for d in dirs if Path(d).suffix.lower() in SUPPORTED_SUFFIXES)]:
            if not name.startswith("."):
                found.append(Path(root) / name)
    return sorted(found)


def _read(path: Path) -> bytes:
    """Read a file, retrying transient I/O errors (network shares, files being written)."""
    for attempt in range(_READ_ATTEMPTS):
        try:
            return path.read_bytes()
        except (PermissionError, IsADirectoryError, FileNotFoundError):
            raise
        except OSError:
            if attempt == _READ_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


@task(cache_policy=NO_CACHE)
def analyse_batch(sources: list[_Source], spacy_model: str, ingested_at: datetime) -> tuple[dict[str, pa.Table], list[tuple[str, str]]]:
    """Parse, segment and analyse one batch of articles (one `nlp.pipe` call)."""
    articles: list[Article] = []
    rejects = []
    for source in sources:
        try:
            articles.append(parse_article(source.path, source.raw))
        except RejectedInput as error:
            rejects.append((source.path, str(error)))
    tables = to_tables(analyse(articles, load_model(spacy_model)), ingested_at) if articles else {}
    return tables, rejects


@task(cache_policy=NO_CACHE)
def commit(store: Store, delete_docs: set[str], new_rows: dict[str, pa.Table], rejects: pa.Table) -> dict[str, int]:
    """Publish the run's rows as one snapshot; entities are re-derived from all mentions."""
    mentions = store.read("mentions")
    kept = mentions.filter(pc.invert(pc.is_in(mentions["doc_id"], pa.array(sorted(delete_docs), pa.string()))))
    all_mentions = pa.concat_tables([kept, new_rows.get("mentions", kept.schema.empty_table())])
    store.commit(delete_docs, new_rows, {"entities": aggregate_entities(all_mentions), "rejects": rejects})
    build_database(store.data_dir)
    return {name: store.read(name, columns=[_first_column(name)]).num_rows for name in ("documents", "sentences", "mentions", "entities", "quotes", "rejects")}


def _first_column(table: str) -> str:
    return TABLES[table].schema.names[0]


@flow(name="ingest", log_prints=False)
def ingest(
    seeds: str = "seeds",
    data: str = "data",
    spacy_model: str = DEFAULT_MODEL,
    batch_size: int = 64,
    prune: bool = False,
) -> dict:
    """Ingest the article files under `seeds` into the Parquet tables under `data`.

    Incremental: a file whose bytes did not change is skipped before any NLP; a changed file's rows
    are replaced; a file that disappeared is reported, and its rows removed only with `prune`.
    """
    started = time.perf_counter()
    seeds_dir, store = Path(seeds), Store(Path(data))
    summary = IngestSummary()
    if not seeds_dir.is_dir():
        raise FileNotFoundError(f"seeds folder {seeds_dir} does not exist")
    with store.lock():
        documents = store.read("documents", columns=["source_path", "content_sha256"]).to_pylist()
        known = {row["source_path"]: row["content_sha256"] for row in documents}
        changed, unchanged, rejects = scan_sources(seeds_dir, known)
        ingested_at = datetime.now(timezone.utc)
        batches = [changed[i : i + batch_size] for i in range(0, len(changed), batch_size)]
        parts: dict[str, list[pa.Table]] = {name: [] for name in PER_DOCUMENT}
        for tables, batch_rejects in _with_progress(
            (analyse_batch(batch, spacy_model, ingested_at) for batch in batches), len(batches), len(changed)
        ):
            rejects.extend(batch_rejects)
            for name, table in tables.items():
                parts[name].append(table)
        new_rows = {name: pa.concat_tables(tables) for name, tables in parts.items() if tables}
        seen = {path for path in unchanged} | {source.path for source in changed} | {path for path, _ in rejects}
        missing = sorted(set(known) - seen)
        ingested_paths = set(new_rows["documents"]["source_path"].to_pylist()) if "documents" in new_rows else set()
        delete_docs = {doc_id_for(path) for path in ingested_paths & set(known)}
        if prune:
            delete_docs |= {doc_id_for(path) for path in missing}
        rejects_table = _merge_rejects(store.read("rejects"), rejects, seen, set(missing) if prune else set(), ingested_at)
        totals = commit(store, delete_docs, new_rows, rejects_table)

    summary.files_seen = len(seen)
    summary.ingested = len(ingested_paths)
    summary.unchanged = len(unchanged)
    summary.rejected = len(rejects)
    summary.rejects = sorted(rejects)
    summary.missing = len(missing)
    summary.missing_paths = missing
    summary.pruned = len(missing) if prune else 0
    summary.rows_written = {name: table.num_rows for name, table in new_rows.items()}
    summary.rows_total = totals
    summary.seconds = round(time.perf_counter() - started, 2)
    _report(summary)
    return asdict(summary)


def _merge_rejects(previous: pa.Table, rejects: list[tuple[str, str]], seen: set[str], pruned: set[str], at: datetime) -> pa.Table:
    """Keep earlier rejects of files this run did not look at again; replace the rest."""
    kept = [row for row in previous.to_pylist() if row["source_path"] not in seen and row["source_path"] not in pruned]
    return pa.concat_tables([REJECTS.from_rows(kept), reject_rows(rejects, at)])


def _with_progress(results, n_batches: int, n_files: int):
    """A progress bar on a terminal when there is more than one batch to analyse."""
    if n_batches < 2 or not sys.stderr.isatty():
        yield from results
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        bar = progress.add_task(f"analysing {n_files} articles", total=n_batches)
        for result in results:
            yield result
            progress.advance(bar)


def _report(summary: IngestSummary) -> None:
    counts = [
        {"what": "files seen", "count": summary.files_seen},
        {"what": "ingested", "count": summary.ingested},
        {"what": "skipped, unchanged", "count": summary.unchanged},
        {"what": "rejected", "count": summary.rejected},
        {"what": "missing from seeds", "count": summary.missing},
    ] + [{"what": f"rows in {name}", "count": count} for name, count in summary.rows_total.items()]
    create_table_artifact(key="ingest-counts", table=counts, description="What this ingest run saw and wrote")
    if summary.rejects:
        create_table_artifact(
            key="ingest-rejects",
            table=[{"source_path": path, "reason": reason} for path, reason in summary.rejects],
            description="Files this run could not ingest",
        )
    create_markdown_artifact(
        key="ingest-summary",
        markdown=(
            f"**{summary.ingested}** ingested, **{summary.unchanged}** unchanged, "
            f"**{summary.rejected}** rejected of **{summary.files_seen}** files in {summary.seconds} s."
        ),
    )
