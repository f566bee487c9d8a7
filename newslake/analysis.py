"""Read and analyse one batch of article files, in this process or in a worker process.

Workers are spawned processes that load the spaCy model once; a batch goes in as file paths and
comes back as Arrow tables, so memory holds a few batches at a time, never the corpus. Progress is
told a few articles at a time (`PROGRESS_STEP`), from a worker through a queue to the parent.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import stat
import threading
import time
from collections import Counter
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO, Callable

import pyarrow as pa

from newslake import PIPELINE_VERSION
from transforms.reading.archives import Part, read_part
from transforms.reading.articles import Article
from transforms.reading.decoding import RejectedInput
from transforms.reading.guard import Reject, read_guarded, reason, whole_file
from transforms.reading.inputs import DUMP_FORMATS, format_of, read_file
from transforms.entities.knowledge import KnownEntities
from transforms.reading.limits import FILE_BYTES, check_file_size
from transforms.quotes.parsing import load_parser
from transforms.entities.places import gazetteer
from transforms.entities.recognition import load_model
from transforms.reading.records import FieldMap
from transforms.tables import analyse, to_tables

_READ_ATTEMPTS = 3
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Articles analysed between two progress reports: as fast as whole batches (measured: 64, 8 and 4
# articles a call took the same time within noise on 128 Wikinews articles).
PROGRESS_STEP = 8
# Analysis workers run at a lower priority than the command and Prefect's server: with one worker
# per core busy, the server starved (its events socket timed out, "Service 'EventsWorker' failed",
# and the run's task events were lost). Only the order of who runs first changes, not the work.
WORKER_NICENESS = 5
Progress = Callable[[float], None]  # told the files finished since its last call (fractions of dumps)
_parent_progress = None  # in a worker: the queue to the parent's progress display


@dataclass(frozen=True)
class Recipe:
    """What analyses a file: the spaCy model, the field map of dumps and the user's entities."""

    spacy_model: str
    fields: FieldMap = field(default_factory=FieldMap)
    known: KnownEntities = field(default_factory=KnownEntities)

    def version(self, source_path: str = "") -> str:
        """Recorded per file in the manifest: rows made by another analysis version, model or list
        of the user's entities (or, for dumps, field map) are made again."""
        version = f"{PIPELINE_VERSION}/{self.spacy_model}"
        if self.known.signature:
            version += f"/entities:{self.known.signature}"
        if format_of(source_path) in DUMP_FORMATS and self.fields.signature:
            version += f"/fields:{self.fields.signature}"
        return version


@dataclass(frozen=True)
class Source:
    """A file to analyse, with what `stat` said of it; or a part of a web archive (a run of its
    records), so that one archive is shared among batches and workers."""

    path: str  # relative to the seeds folder
    size: int
    modified_at: datetime
    pipeline_version: str = ""  # what will analyse it, recorded in the manifest
    part: Part | None = None  # of an archive: its records [start, end)
    share: float = 1.0  # of its file, for the progress display: 1 / number of parts
    content_sha256: str | None = None  # of a whole archive, hashed when it was split
    keyed_by_offset: bool = False  # an archive whose records are keyed by offset, not WARC-Record-ID

    @property
    def weight(self) -> int:
        """Articles it is expected to give, to fill batches: a part's pages, else one."""
        return self.part.pages if self.part else 1


@dataclass
class BatchResult:
    tables: dict[str, pa.Table] = field(default_factory=dict)
    parts: dict = field(default_factory=dict)  # table -> store.Part list, when a worker wrote the rows itself
    manifest: list[dict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)  # documents written, by language


def read_bytes(path: Path, kind: str | None = None) -> bytes:
    """Read a regular file, retrying transient I/O errors (network shares, a file being copied in).
    A file of a `kind` (input format) over its size limit is refused before it is read (and one
    that grows past it while read is refused too).

    Raises:
        RejectedInput: the path is not a regular file, or the file is over its limit.
    """
    limit = FILE_BYTES.get(kind) if kind else None
    for attempt in range(_READ_ATTEMPTS):
        try:
            with open_regular(path) as file:
                if limit is None:
                    return file.read()
                check_file_size(kind, os.fstat(file.fileno()).st_size)
                raw = file.read(limit + 1)
                check_file_size(kind, len(raw))
                return raw
        except (PermissionError, IsADirectoryError, FileNotFoundError, RejectedInput):
            raise
        except OSError:
            if attempt == _READ_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading: opened without blocking and checked, so a pipe put in
    place of a file is refused, not waited on.

    Raises:
        RejectedInput: the path is not a regular file.
    """
    file = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
        file.close()
        raise RejectedInput("is not a regular file (a pipe, socket or device): not read")
    return file


def outside_seeds(seeds: Path | str, relative: str) -> str | None:
    """When a path of the seeds folder leads outside the folder (through a link), where: the link
    as written (`/proc/self/status`, not the process it named when read), else None."""
    root = os.path.realpath(seeds)
    path = os.path.join(root, relative)
    target = os.path.realpath(path)
    if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return os.readlink(path) if os.path.islink(path) else target


def outside_reason(target: str) -> str:
    return f"is a link leading out of the seeds folder (to {target}): not followed (--follow-links follows it)"


def analyse_batch(
    seeds: str, sources: list[Source], recipe: Recipe, ingested_at: datetime, progress: Progress | None = None,
    follow_links: bool = False,
) -> BatchResult:
    """Read, decode, segment and analyse a batch; bad files and records become rejects, whatever
    they raise (`transforms.reading.guard`), and so does an article the analysis fails on. `progress` (in a
    worker: the parent's, through its queue) hears of each file as it is done. Links leading out of
    the seeds folder are read only when `follow_links`."""
    progress = progress or _tell_parent
    result = BatchResult()
    read: list[tuple[Source, list[Article]]] = []
    for source in sources:
        if source.part is None:
            found, rejected = read_file(source.path, lambda: _read_source(seeds, source.path, follow_links), recipe.fields)
        else:
            found, rejected = read_guarded(source.path, lambda: read_archive_part(Path(seeds), source, follow_links))
        result.rejects.extend(rejected)
        if found:
            read.append((source, found))
        else:
            progress(source.share)
    articles = [article for _, found in read for article in found]
    share = [source.share / len(found) for source, found in read for _ in found]  # of its file, per article
    failed: dict[str, Reject] = {}
    if articles:
        nlp, parser = load_model(recipe.spacy_model), load_parser(recipe.spacy_model)
        made = []
        for first in range(0, len(articles), PROGRESS_STEP):
            made.extend(_tables_guarded(articles[first : first + PROGRESS_STEP], nlp, parser, recipe.known, ingested_at, failed))
            progress(sum(share[first : first + PROGRESS_STEP]))
        result.tables = {name: pa.concat_tables([tables[name] for tables in made]) for name in made[0]} if made else {}
        result.languages = dict(Counter(article.metadata.language for article in articles if article.doc_id not in failed))
    for source, found in read:
        kept = [article for article in found if article.doc_id not in failed]
        lost = [failed[article.doc_id] for article in found if article.doc_id in failed]
        if not kept and source.part is None:
            result.rejects.append(whole_file(source.path, lost, "analysed"))
            continue
        result.rejects.extend(lost)
        if kept:
            result.manifest.append({
                "source_path": source.path, "n_documents": len(kept), "size": source.size,
                "modified_at": source.modified_at, "content_sha256": source.content_sha256 or found[0].content_sha256,
                "pipeline_version": source.pipeline_version, "ingested_at": ingested_at,
            })
    return result


def read_archive_part(seeds: Path, source: Source, follow_links: bool = False) -> tuple[list[Article], list[Reject]]:
    """The articles of one part of a web archive, and its pages that could not be read."""
    if not follow_links and (target := outside_seeds(seeds, source.path)):
        raise RejectedInput(outside_reason(target))
    with open_regular(seeds / source.path) as stream:
        found, failed = read_part(stream, source.path, source.content_sha256, format_of(source.path), source.part, source.keyed_by_offset)
    return found, [Reject(source.path, f"offset {offset}: {reason}", offset=offset) for offset, reason in failed]


def _read_source(seeds: str, relative: str, follow_links: bool) -> bytes:
    if not follow_links and (target := outside_seeds(seeds, relative)):
        raise RejectedInput(outside_reason(target))  # a link put in a file's place after planning
    return read_bytes(Path(seeds) / relative, format_of(relative))


def _tables_guarded(articles: list[Article], nlp, parser, known: KnownEntities, ingested_at: datetime, failed: dict[str, Reject]) -> list[dict[str, pa.Table]]:
    """The articles' rows; when the analysis fails on the group, each article alone, and one it
    still fails on is rejected (`failed`, by doc_id) instead of failing the run."""
    try:
        return [to_tables(analyse(articles, nlp, parser, known), ingested_at)]
    except Exception as error:  # the guard, for the analysis of one hostile article
        if len(articles) == 1:
            failed[articles[0].doc_id] = _analysis_failed(articles[0], error)
            return []
    return [tables for article in articles for tables in _tables_guarded([article], nlp, parser, known, ingested_at, failed)]


def _analysis_failed(article: Article, error: Exception) -> Reject:
    """The reject of an article the analysis failed on, naming its record (a dump's line, a web
    archive's offset) when it is one."""
    line, offset = article.metadata.line, article.metadata.offset
    where = f"line {line}: " if line else f"offset {offset}: " if offset is not None else ""
    return Reject(article.source_path, f"{where}analysis failed: {reason(error)}", line, offset)


def _tell_parent(files: float) -> None:
    if _parent_progress is not None:
        _parent_progress.put(files)


def sha256_of(path: Path) -> str:
    """Hashed a megabyte at a time: a web archive may be larger than memory."""
    with open_regular(path) as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def source_of(relative: str, info: os.stat_result, pipeline_version: str) -> Source:
    modified_at = _EPOCH + timedelta(microseconds=info.st_mtime_ns // 1000)  # exact, unlike a float
    return Source(relative, info.st_size, modified_at, pipeline_version)


class WorkerPool:
    """Spawned worker processes with the model loaded; what they tell of their progress reaches
    `progress` in this process, from a thread that reads their queue."""

    def __init__(self, workers: int, spacy_model: str, progress: Progress):
        context = multiprocessing.get_context("spawn")  # not fork: the parent runs Prefect's threads
        self._queue = context.SimpleQueue()
        self.executor: Executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=start_worker, initargs=(spacy_model, os.getpid(), self._queue),
        )
        self._reader = threading.Thread(target=self._read, args=(progress,), daemon=True, name="worker-progress")
        self._reader.start()

    def _read(self, progress: Progress) -> None:
        while (files := self._queue.get()) is not None:
            progress(files)

    def shutdown(self, now: bool = False) -> None:
        """After the batches in flight; `now` (the run was interrupted or failed): the workers are
        stopped at once, the batches they were analysing dropped, instead of waiting for them."""
        if now:
            # (Python 3.14 has ProcessPoolExecutor.terminate_workers; before it, its processes)
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.terminate()
        self.executor.shutdown(cancel_futures=True)
        self._queue.put(None)
        self._reader.join()


def start_worker(spacy_model: str, parent: int, progress=None) -> None:
    """In a worker process, before its first batch: end with the parent, yield the processor to
    the run's own (`WORKER_NICENESS`), load the models once."""
    global _parent_progress
    _parent_progress = progress
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="exit-with-parent").start()
    os.nice(WORKER_NICENESS)
    load_analysers(spacy_model)


def load_analysers(spacy_model: str) -> None:
    """What analysing the first article would load, loaded now (the command does it while Prefect's
    server starts): the NER and parser pipelines and the gazetteer of places (0.7 s)."""
    load_model(spacy_model)
    load_parser(spacy_model)
    gazetteer()


def _exit_with(parent: int) -> None:
    """A worker whose parent was killed (SIGKILL leaves no time to stop it) ends by itself."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
