"""An ingest's decisions: which files to read (`plan`), and once they are read, which rows go,
which stay and what the manifest and the rejects become (`settle`).

Pure functions over the seeds folder, the manifest and the run's results, with no Prefect and no
model, and `plan_run`, which reads the manifest and rejects from the lake: the command plans once
(holding the lake's lock), can tell that nothing changed before Prefect or the model start, and
hands the same plan to the flow; each decision has unit tests of its own.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from newslake.analysis import Recipe, Source, open_regular, outside_reason, outside_seeds, sha256_of, source_of
from transforms.reading.archives import SKIPPED_KINDS, WHOLE_ARCHIVE_COMPRESSION, cut, scan
from transforms.reading.compression import compression_of
from transforms.reading.decoding import RejectedInput
from transforms.reading.guard import Reject
from transforms.reading.inputs import ARCHIVE_FORMATS, format_of, unsupported_reason
from transforms.reading.limits import OverLimit, check_file_size
from transforms.schema import MANIFEST

if TYPE_CHECKING:
    from newslake.settings import Settings
    from newslake.store import Store


@dataclass
class Discovery:
    """What the seeds folder holds: every entry, the linked folders that loop back, the links
    leading out of the folder that were not followed, with where they lead, and the folders that
    could not be read, with why (paths relative to the seeds folder, with `/`)."""

    paths: list[str]
    loops: list[str]
    outside: dict[str, str] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)


class Manifest(Mapping[str, dict]):
    """The manifest table by source path, read column by column. A dict per row would cost a run
    with nothing to do on 200,000 files 1.3 s and 160 MB; planning needs only sizes, times and
    versions, and a whole row only for the few files it hashes or drops."""

    def __init__(self, table: pa.Table):
        self.table = table
        self._index = {path: row for row, path in enumerate(table["source_path"].to_pylist())}
        self._size = table["size"].to_pylist()
        versions = pc.dictionary_encode(table["pipeline_version"].combine_chunks())  # a few distinct strings
        self._version = [versions.dictionary[code].as_py() for code in range(len(versions.dictionary))]
        self._version_code = versions.indices.to_pylist()
        self._modified_us = pc.cast(table["modified_at"], pa.int64()).to_pylist()

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> "Manifest":
        return cls(MANIFEST.from_rows(list(rows)))

    def __getitem__(self, path: str) -> dict:
        return self.table.slice(self._index[path], 1).to_pylist()[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, path: object) -> bool:
        return path in self._index

    def version(self, path: str) -> str:
        return self._version[self._version_code[self._index[path]]]

    def same_file(self, path: str, size: int, modified_us: int, version: str) -> bool | None:
        """True: recorded with this size, time and version; None: the same size and version but
        another time (only the bytes can tell); False: not recorded so, or not at all."""
        row = self._index.get(path)
        if row is None or self._version[self._version_code[row]] != version or self._size[row] != size:
            return False
        return True if self._modified_us[row] == modified_us else None


@dataclass
class Plan:
    changed: list[Source]
    unchanged: list[str]  # source paths
    rejects: list[Reject]
    touched: dict[str, datetime] = field(default_factory=dict)  # unchanged bytes under a new time
    skipped: dict[str, int] = field(default_factory=dict)  # records of the changed web archives that are not pages, by kind


@dataclass
class Planned:
    """What one run will do, decided once: the plan, and the manifest and stored rejects it was
    decided from (the run settles against the same ones)."""

    plan: Plan
    manifest: Manifest
    stored_rejects: list[dict]

    def nothing_to_do(self, outputs_fresh: bool) -> bool:
        return nothing_to_do(self.plan, self.manifest, self.stored_rejects, outputs_fresh)


def plan_run(store: Store, settings: Settings, on_work: Callable[[], None] | None = None) -> Planned:
    """Discover the seeds folder and plan against the lake's committed manifest. Call it holding
    the lake's lock, and commit what it plans under the same lock. `on_work`: see `plan`."""
    manifest = Manifest(store.read("manifest"))
    found = plan(settings.seeds, discover(settings.seeds, settings.follow_links), manifest, settings.recipe, on_work)
    return Planned(found, manifest, store.read("rejects").to_pylist())


def doc_ids_of(documents: pa.Table, source_paths: set[str]) -> set[str]:
    """The doc_ids made from these files (one per record for a dump), from the documents table's
    `doc_id` and `source_path` columns."""
    made = pc.is_in(documents["source_path"], pa.array(sorted(source_paths), pa.string()))
    return set(documents.filter(made)["doc_id"].to_pylist())


@dataclass
class Settlement:
    """What a run commits besides the new rows."""

    seen: set[str]  # files this run looked at
    ingested: set[str]  # files analysed and written
    missing: list[str]  # in the manifest, no longer in the seeds folder
    gone: set[str]  # files whose rows are removed without replacement
    delete_rows_of: set[str]  # files whose earlier rows go: ingested again, or gone
    manifest: pa.Table
    rejects: list[dict]

    @property
    def changed(self) -> bool:
        return bool(self.ingested or self.gone)


def discover(seeds: Path, follow_links: bool = False) -> Discovery:
    """Every entry below the seeds folder, sorted, and the linked folders that lead back into a
    folder already walked (a loop). Hidden files and folders are not articles. A link (to a file
    or a folder) inside the folder is followed; one leading out of it only when `follow_links`:
    a link to `/etc/passwd` or `/proc/self/status` in a shared folder is not an article.

    Folders are walked as `os.walk` walks them (each folder's subfolders in name order, depth
    first), but from `os.scandir`'s entries, which say whether an entry is a link without a
    system call of its own (on 200,000 files, 0.45 s less than asking each path)."""
    found, loops, outside, unreadable = [], [], {}, {}
    walked = {_identity(str(seeds))}
    folders = [(str(seeds), "")]
    while folders:
        root, prefix = folders.pop()
        try:
            with os.scandir(root) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:  # (its files are not known: the folder itself is the reject)
            unreadable[prefix.rstrip("/") or "."] = error.strerror or str(error)
            continue
        kept = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = prefix + entry.name
            if not follow_links and entry.is_symlink() and (target := _leads_out(seeds, entry.path, relative)):
                outside[relative] = target
                continue
            if not _is_folder(entry):
                found.append(relative)
                continue
            try:
                identity = _identity(entry.path)
            except OSError as error:  # (a folder listed but not searchable: its entries cannot be opened)
                unreadable[relative] = error.strerror or str(error)
                continue
            if entry.is_symlink() and identity in walked:
                loops.append(relative)
                continue
            walked.add(identity)
            kept.append(entry)
            if format_of(entry.name):  # a folder named like an article: rejected by `plan`
                found.append(relative)
        folders.extend((entry.path, prefix + entry.name + "/") for entry in reversed(kept))
    return Discovery(sorted(found), sorted(loops), outside, unreadable)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _leads_out(seeds: Path, path: str, relative: str) -> str | None:
    """Where a link leads, when that is outside the seeds folder (a broken link is left to `plan`)."""
    return outside_seeds(seeds, relative) if os.path.exists(path) else None


def _identity(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def plan(seeds: Path, found: Discovery, manifest: Manifest, recipe: Recipe, on_work: Callable[[], None] | None = None) -> Plan:
    """Which of the files found to analyse: size and mtime first; the hash only when they differ.

    One `stat` per file and plain strings: on 200,000 files this is most of a run with nothing to do.
    `on_work` is called once, as soon as a file to analyse is known: a new file of a format
    newslake reads, before the files are asked their size and time (1 s at 200,000 files), else the
    first one changed, so that the caller can start what the run will need meanwhile.
    """
    plan = Plan([], [], [])
    if on_work is not None and any(path not in manifest and format_of(path) is not None for path in found.paths):
        on_work()
        on_work = None
    plan.rejects.extend(Reject(path, "is a link to a folder that contains it (a loop): not followed") for path in found.loops)
    plan.rejects.extend(Reject(path, outside_reason(target)) for path, target in sorted(found.outside.items()))
    plan.rejects.extend(Reject(path, f"is a folder that cannot be read ({reason}): its files were not ingested")
                        for path, reason in sorted(found.unreadable.items()))
    versions: dict[str | None, str] = {}
    folder = os.path.join(seeds, "")  # (paths joined by hand: os.path.join took a quarter of the loop)
    for relative in found.paths:
        kind = format_of(relative)
        if kind is None:
            plan.rejects.append(Reject(relative, unsupported_reason(relative)))
            continue
        path = folder + relative
        try:
            info = os.stat(path)
        except FileNotFoundError:
            plan.rejects.append(Reject(relative, "is a broken link: its target does not exist"))
            continue
        except OSError as error:
            plan.rejects.append(Reject(relative, f"cannot read: {error.strerror or error}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            plan.rejects.append(Reject(relative, "is a directory, not a file"))
            continue
        if not stat.S_ISREG(info.st_mode):
            # reading a FIFO would wait forever while the ingest holds the lock
            plan.rejects.append(Reject(relative, "is not a regular file (a pipe, socket or device): not read"))
            continue
        try:
            check_file_size(kind, info.st_size)  # before a byte is read
        except OverLimit as error:
            plan.rejects.append(Reject(relative, str(error)))
            continue
        if kind not in versions:
            versions[kind] = recipe.version(relative)
        same = manifest.same_file(relative, info.st_size, info.st_mtime_ns // 1000, versions[kind])
        if same:
            plan.unchanged.append(relative)
            continue
        source = source_of(relative, info, versions[kind])
        if same is None:
            try:
                same_bytes = manifest[relative]["content_sha256"] == sha256_of(Path(path))
            except OSError as error:
                plan.rejects.append(Reject(relative, f"cannot read: {error.strerror or error}"))
                continue
            if same_bytes:
                plan.unchanged.append(relative)
                plan.touched[relative] = source.modified_at
                continue
        plan.changed.append(source)
        if on_work is not None:
            on_work()
            on_work = None
    return plan


def split_archives(seeds: Path, planned: Plan, pages_per_part: int, workers: int) -> Plan:
    """The plan with each changed web archive replaced by its parts (runs of about
    `pages_per_part` pages, fewer when that keeps `workers` busy), its skipped records counted
    and its broken ones rejected by offset. An archive is read once here, headers only, and
    hashed; an archive without a single page is rejected whole."""
    changed, rejects, skipped = [], list(planned.rejects), dict(planned.skipped)
    for source in planned.changed:
        if format_of(source.path) not in ARCHIVE_FORMATS:
            changed.append(source)
            continue
        if compression_of(source.path) not in (None, "gzip"):
            rejects.append(Reject(source.path, WHOLE_ARCHIVE_COMPRESSION))
            continue
        try:
            with open_regular(seeds / source.path) as stream:
                found = scan(stream, source.size)
            content_sha256 = sha256_of(seeds / source.path)
        except RejectedInput as error:
            rejects.append(Reject(source.path, str(error)))
            continue
        except OSError as error:
            rejects.append(Reject(source.path, f"cannot read: {error.strerror or error}"))
            continue
        if not found.page_offsets:
            what = ", ".join(f"{found.skipped[kind]} {kind}" for kind in SKIPPED_KINDS if found.skipped[kind]) or "no records"
            first = f"; offset {found.broken[0][0]}: {found.broken[0][1]}" if found.broken else ""
            rejects.append(Reject(source.path, f"no HTML page with status 200 in the archive ({what}){first}"))
            continue
        for kind, count in found.skipped.items():
            skipped[kind] = skipped.get(kind, 0) + count
        rejects.extend(Reject(source.path, f"offset {offset}: {reason}", offset=offset) for offset, reason in found.broken)
        per_part = max(1, min(pages_per_part, -(-len(found.page_offsets) // (2 * max(1, workers)))))
        parts = cut(found.page_offsets, source.size, per_part)
        changed.extend(
            replace(source, part=part, share=1 / len(parts), content_sha256=content_sha256, keyed_by_offset=found.keyed_by_offset)
            for part in parts
        )
    return replace(planned, changed=changed, rejects=rejects, skipped=skipped)


def settle(
    plan: Plan, manifest: Manifest, analysed: list[dict], rejects: list[Reject], stored_rejects: list[dict],
    prune: bool, recipe: Recipe, at: datetime,
) -> Settlement:
    """Once the changed files are analysed (`analysed`: their fresh manifest rows; `rejects`: the
    plan's and the analysis's), what the new snapshot keeps and drops.

    A file read again replaces its rows; a missing file keeps its rows unless `prune`, except rows
    made by another pipeline version, which cannot be made again; a file in a folder that could not
    be read is not missing. Rejects of files this run did not
    read again are kept; the rest are replaced by this run's.
    """
    analysed = _whole_files(analysed)
    ingested = {row["source_path"] for row in analysed}
    unchanged = set(plan.unchanged)
    seen = unchanged | {source.path for source in plan.changed} | {reject.source_path for reject in rejects}
    # (the files of a folder rejected whole, one that could not be read this time, are not gone)
    rejected_folders = tuple("" if reject.source_path == "." else reject.source_path + "/"
                             for reject in rejects if reject.line is None and reject.offset is None)
    missing = sorted(path for path in set(manifest) - seen if not path.startswith(rejected_folders))
    outdated = {path for path in missing if manifest.version(path) != recipe.version(path)}
    gone = set(missing) if prune else outdated
    replaced = ingested | gone | set(plan.touched)
    kept = manifest.table.filter(pc.invert(pc.is_in(manifest.table["source_path"], pa.array(sorted(replaced), pa.string()))))
    touched = [{**manifest[path], "modified_at": modified_at} for path, modified_at in plan.touched.items()]
    new_manifest = pa.concat_tables([kept, MANIFEST.from_rows(touched + analysed)]).sort_by("source_path")
    read_again = (seen - unchanged) | gone
    kept_rejects = [row for row in stored_rejects if row["source_path"] not in read_again]
    # (the parts of one archive, read apart, may each fail whole on the same I/O error: one row)
    unique = {(r.source_path, r.line, r.offset): r for r in rejects[::-1]}  # the first of each
    new_rejects = [{"source_path": r.source_path, "line": r.line, "record_offset": r.offset, "reason": r.reason, "rejected_at": at} for r in unique.values()]
    return Settlement(
        seen=seen, ingested=ingested, missing=missing, gone=gone, delete_rows_of=(ingested & set(manifest)) | gone,
        manifest=new_manifest, rejects=kept_rejects + new_rejects,
    )


def _whole_files(analysed: list[dict]) -> list[dict]:
    """One manifest row per file: the parts of a web archive, analysed apart, add up."""
    rows: dict[str, dict] = {}
    for row in analysed:
        if row["source_path"] in rows:
            rows[row["source_path"]]["n_documents"] += row["n_documents"]
        else:
            rows[row["source_path"]] = dict(row)
    return list(rows.values())


def nothing_to_do(plan: Plan, manifest: Manifest, stored_rejects: list[dict], outputs_fresh: bool) -> bool:
    """Whether a run would change nothing: no new or changed file, none gone, none touched (a new
    time with the same bytes is written to the manifest, so it is not hashed again), the same files
    rejected for the same reasons, and (`outputs_fresh`) the derived tables made by this version's
    SQL, the report and database as new as the data."""
    # every recorded file seen: unchanged ones are recorded ones, each once, so counting does
    # (two sets of 200,000 paths would cost a run with nothing to do 40 MB)
    rejected_recorded = {reject.source_path for reject in plan.rejects if reject.source_path in manifest}
    none_gone = len(plan.unchanged) + len(rejected_recorded) == len(manifest)
    stored = {(row["source_path"], row["reason"]) for row in stored_rejects if row["line"] is None and row.get("record_offset") is None}
    same_rejects = stored == {(reject.source_path, reject.reason) for reject in plan.rejects}
    return not plan.changed and not plan.touched and none_gone and same_rejects and outputs_fresh


@dataclass
class IngestSummary:
    """What one run saw and did; the CLI prints it and the flow attaches it as artifacts (a run with
    nothing to do, answered by the CLI alone, has one too)."""

    files_seen: int = 0
    ingested: int = 0
    unchanged: int = 0
    rejected: int = 0  # whole files
    rejected_records: int = 0  # records of dumps and web archives whose other records were ingested
    skipped_records: dict[str, int] = field(default_factory=dict)  # web archive records that are not pages, by kind
    languages: dict[str, int] = field(default_factory=dict)  # documents written, by language
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


def summary_line(summary: dict) -> str:
    """What one run did, in one line: the command prints it, and so does each run of `serve`."""
    return (
        f"{summary['files_seen']} files seen: {summary['ingested']} ingested, {summary['unchanged']} unchanged, "
        f"{summary['rejected']} rejected, {summary['missing']} missing ({summary['seconds']} s)"
        + (f"; {summary['rejected_records']} dump record{'s' * (summary['rejected_records'] != 1)} rejected" if summary["rejected_records"] else "")
        + _skipped(summary.get("skipped_records") or {})
        + _languages(summary.get("languages") or {})
        + (f"; {summary['duplicates']} duplicate articles left out of the views" if summary["duplicates"] else "")
    )


def _skipped(skipped: dict[str, int]) -> str:
    if not skipped:
        return ""
    kinds = ", ".join(f"{skipped[kind]} {kind}" for kind in SKIPPED_KINDS if skipped.get(kind))
    return f"; {sum(skipped.values())} archive records skipped ({kinds})"


def _languages(languages: dict[str, int]) -> str:
    """Documents written by language, and how many got no sentences, entities or quotes."""
    from transforms.text.language import NLP_LANGUAGE

    others = sum(count for code, count in languages.items() if code != NLP_LANGUAGE)
    if not others:
        return ""
    counts = ", ".join(f"{count} {code}" for code, count in sorted(languages.items(), key=lambda item: (-item[1], item[0])))
    return f"; documents by language: {counts} ({others} not in English: kept without sentences, entities or quotes)"
