"""The options the `newslake` commands share, and what each command reads them into: the
settings, the lake, read-only views of it (each a one-line error when it cannot be had)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from cli.output import fail
from newslake.settings import QUERY_TIMEOUT, Settings, field_map

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


def load_settings(
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


def committed_store(data: Path | str):
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


def connect_views(store):
    """Read-only views over a lake (`_store`), or a one-line error when it is from an older version."""
    import duckdb

    from newslake.views import connect

    try:
        return connect(store, read_only=True)
    except (duckdb.IOException, duckdb.BinderException, RuntimeError) as error:
        fail(f"the data in {store.location} was written by another newslake version ({str(error).splitlines()[0]}); run `newslake ingest` to update it")
