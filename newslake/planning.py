"""An ingest's decisions: which files to read (`plan`), and once they are read, which rows go,
which stay and what the manifest and the rejects become (`settle`).

Pure functions over the seeds folder, the manifest and the run's results, with no Prefect and no
model: the command can tell that nothing changed before either starts, the flow runs the same
functions as tasks, and each decision has unit tests of its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newslake.analysis import Recipe, Source, sha256_of, stat_source
from transforms.inputs import Reject, format_of, unsupported_reason


@dataclass
class Discovery:
    """What the seeds folder holds: every entry, and the linked folders that loop back."""

    paths: list[Path]
    loops: list[Path]


@dataclass
class Plan:
    changed: list[Source]
    unchanged: list[dict]  # manifest rows, mtimes refreshed
    rejects: list[Reject]


@dataclass
class Settlement:
    """What a run commits besides the new rows."""

    seen: set[str]  # files this run looked at
    ingested: set[str]  # files analysed and written
    missing: list[str]  # in the manifest, no longer in the seeds folder
    gone: set[str]  # files whose rows are removed without replacement
    delete_rows_of: set[str]  # files whose earlier rows go: ingested again, or gone
    manifest: list[dict]
    rejects: list[dict]

    @property
    def changed(self) -> bool:
        return bool(self.ingested or self.gone)


def discover(seeds: Path) -> Discovery:
    """Every entry below the seeds folder, sorted, and the linked folders that lead back into a
    folder already walked (a loop). Hidden files and folders are not articles; a linked folder is
    followed like a linked file."""
    found, loops = [], []
    walked = {_identity(seeds)}
    for root, dirs, files in os.walk(seeds, followlinks=True):
        kept = []
        for name in sorted(dirs):
            path = Path(root) / name
            if name.startswith("."):
                continue
            identity = _identity(path)
            if path.is_symlink() and identity in walked:
                loops.append(path)
                continue
            walked.add(identity)
            kept.append(name)
        dirs[:] = kept
        for name in [*files, *(d for d in kept if format_of(d))]:
            if not name.startswith("."):
                found.append(Path(root) / name)
    return Discovery(sorted(found), sorted(loops))


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def plan(seeds: Path, found: Discovery, manifest: dict[str, dict], recipe: Recipe) -> Plan:
    """Which of the files found to analyse: size and mtime first; the hash only when they differ."""
    plan = Plan([], [], [])
    plan.rejects.extend(Reject(path.relative_to(seeds).as_posix(), "is a link to a folder that contains it (a loop): not followed") for path in found.loops)
    for path in found.paths:
        relative = path.relative_to(seeds).as_posix()
        if format_of(relative) is None:
            plan.rejects.append(Reject(relative, unsupported_reason(relative)))
            continue
        if path.is_dir():
            plan.rejects.append(Reject(relative, "is a directory, not a file"))
            continue
        if not path.exists():
            plan.rejects.append(Reject(relative, "is a broken link: its target does not exist"))
            continue
        if not path.is_file():
            # reading a FIFO would wait forever while the ingest holds the lock
            plan.rejects.append(Reject(relative, "is not a regular file (a pipe, socket or device): not read"))
            continue
        version = recipe.version(relative)
        try:
            source = stat_source(seeds, path, version)
            recorded = manifest.get(relative)
            if recorded and recorded["pipeline_version"] == version and recorded["size"] == source.size:
                if recorded["modified_at"] == source.modified_at or recorded["content_sha256"] == sha256_of(path):
                    plan.unchanged.append({**recorded, "modified_at": source.modified_at})
                    continue
        except OSError as error:
            plan.rejects.append(Reject(relative, f"cannot read: {error.strerror or error}"))
            continue
        plan.changed.append(source)
    return plan


def settle(
    plan: Plan, manifest: dict[str, dict], analysed: list[dict], rejects: list[Reject], stored_rejects: list[dict],
    prune: bool, recipe: Recipe, at: datetime,
) -> Settlement:
    """Once the changed files are analysed (`analysed`: their fresh manifest rows; `rejects`: the
    plan's and the analysis's), what the new snapshot keeps and drops.

    A file read again replaces its rows; a missing file keeps its rows unless `prune`, except rows
    made by another pipeline version, which cannot be made again. Rejects of files this run did not
    read again are kept; the rest are replaced by this run's.
    """
    ingested = {row["source_path"] for row in analysed}
    unchanged = {row["source_path"] for row in plan.unchanged}
    seen = unchanged | {source.path for source in plan.changed} | {reject.source_path for reject in rejects}
    missing = sorted(set(manifest) - seen)
    outdated = {path for path in missing if manifest[path]["pipeline_version"] != recipe.version(path)}
    gone = set(missing) if prune else outdated
    kept = [row for path, row in manifest.items() if path not in ingested | gone | unchanged]
    read_again = (seen - unchanged) | gone
    kept_rejects = [row for row in stored_rejects if row["source_path"] not in read_again]
    new_rejects = [{"source_path": r.source_path, "line": r.line, "reason": r.reason, "rejected_at": at} for r in rejects]
    return Settlement(
        seen=seen, ingested=ingested, missing=missing, gone=gone, delete_rows_of=(ingested & set(manifest)) | gone,
        manifest=kept + plan.unchanged + analysed, rejects=kept_rejects + new_rejects,
    )


def nothing_to_do(plan: Plan, manifest: dict[str, dict], stored_rejects: list[dict], outputs_fresh: bool) -> bool:
    """Whether a run would change nothing: no new or changed file, none gone, none touched (a new
    time with the same bytes is written to the manifest, so it is not hashed again), the same files
    rejected for the same reasons, and the report and database as new as the data."""
    seen = {row["source_path"] for row in plan.unchanged} | {reject.source_path for reject in plan.rejects}
    touched = any(manifest[row["source_path"]]["modified_at"] != row["modified_at"] for row in plan.unchanged)
    stored = {(row["source_path"], row["reason"]) for row in stored_rejects if row["line"] is None}
    same_rejects = stored == {(reject.source_path, reject.reason) for reject in plan.rejects}
    return not plan.changed and not touched and set(manifest) <= seen and same_rejects and outputs_fresh


@dataclass
class IngestSummary:
    """What one run saw and did; the CLI prints it and the flow attaches it as artifacts (a run with
    nothing to do, answered by the CLI alone, has one too)."""

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


def summary_line(summary: dict) -> str:
    """What one run did, in one line: the command prints it, and so does each run of `serve`."""
    return (
        f"{summary['files_seen']} files seen: {summary['ingested']} ingested, {summary['unchanged']} unchanged, "
        f"{summary['rejected']} rejected, {summary['missing']} missing ({summary['seconds']} s)"
        + (f"; {summary['rejected_records']} dump record{'s' * (summary['rejected_records'] != 1)} rejected" if summary["rejected_records"] else "")
        + (f"; {summary['duplicates']} duplicate articles left out of the views" if summary["duplicates"] else "")
    )
