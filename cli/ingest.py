"""`newslake ingest`: plan under the lake's lock, answer at once when nothing changed, else run the
Prefect flow on the plan (its server booting as soon as the plan knows there is work) and print
what it did."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cli.display import visible
from cli.options import (
    DaskOption, DataOption, EntitiesOption, FieldOption, FieldsFileOption, FollowLinksOption, SeedsOption, WorkersOption, load_settings,
)
from cli.output import err, fail, out
from newslake.interrupts import stop_was_asked
from newslake.settings import Settings, configure_prefect, missing_seeds_message
from transforms.schema import PER_DOCUMENT


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
    settings = load_settings(seeds, data, workers, field, fields, entities, dask, follow_links)
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
