"""One settings object: CLI options win, then `NEWSLAKE_*` environment variables, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from newslake.analysis import Recipe
from transforms.entities.knowledge import KnownEntities, read_known_entities
from transforms.entities.recognition import DEFAULT_MODEL
from transforms.reading.records import FieldMap


@dataclass(frozen=True)
class Settings:
    """Everything a run is told, in one place: the CLI, `serve` and the flow all load it, so a
    default is written once (here)."""

    seeds: Path
    data: Path | str  # a local folder, or an fsspec URL such as s3://bucket/prefix (`newslake.store`)
    spacy_model: str
    batch_size: int  # articles analysed together
    workers: int  # processes analysing batches in parallel; 0 means one per core
    fields: dict[str, str] = field(default_factory=dict)  # dump field name -> column, `field_map`
    entities: Path | None = None  # the user's CSV of identified entities (`transforms.entities.knowledge`)
    dask: str | None = None  # analyse on Dask: a scheduler's address, or "local:N" (`flows.ingest.dask_runner`)
    follow_links: bool = False  # read links that lead out of the seeds folder (`newslake.planning.discover`)

    @classmethod
    def load(
        cls, seeds: Path | str | None = None, data: Path | str | None = None, spacy_model: str | None = None,
        batch_size: int | None = None, workers: int | None = None, fields: dict[str, str] | None = None,
        entities: Path | str | None = None, dask: str | None = None, follow_links: bool | None = None,
    ) -> "Settings":
        """Arguments win, then `NEWSLAKE_*` environment variables, then the defaults.

        Raises:
            ValueError: a number or a yes/no in the environment is not one, or the Dask option is
                neither an address nor local:N (one line).
        """
        return cls(
            seeds=Path(seeds or os.environ.get("NEWSLAKE_SEEDS") or "seeds"),
            data=_location(data or os.environ.get("NEWSLAKE_DATA") or "data"),
            spacy_model=spacy_model or os.environ.get("NEWSLAKE_SPACY_MODEL") or DEFAULT_MODEL,
            batch_size=batch_size or _whole_number("NEWSLAKE_BATCH_SIZE", 64, least=1),
            workers=workers if workers is not None else _whole_number("NEWSLAKE_WORKERS", 0, least=0),
            fields=dict(fields or {}),
            entities=Path(entities) if (entities := entities or os.environ.get("NEWSLAKE_ENTITIES")) else None,
            dask=_dask_engine(dask or os.environ.get("NEWSLAKE_DASK") or None),
            follow_links=follow_links if follow_links is not None else _yes_or_no("NEWSLAKE_FOLLOW_LINKS"),
        )

    def flow_parameters(self, absolute: bool = False) -> dict:
        """The same settings as the served `ingest` flow's parameters (plain values, as a Prefect
        deployment stores them); `absolute` paths, since its runs may start elsewhere. (`newslake
        ingest` hands the flow this object itself.)"""
        seeds, data = (self.seeds.absolute(), _absolute(self.data)) if absolute else (self.seeds, self.data)
        return {
            "seeds": str(seeds), "data": str(data), "spacy_model": self.spacy_model,
            "batch_size": self.batch_size, "workers": self.workers, "fields": self.fields,
            "entities": str(self.entities.absolute() if absolute else self.entities) if self.entities else None,
            "dask": self.dask, "follow_links": self.follow_links,
        }

    @cached_property
    def field_map(self) -> FieldMap:
        """`fields` checked: an unknown field name raises ValueError (one line)."""
        return FieldMap(self.fields)

    @cached_property
    def recipe(self) -> Recipe:
        """What analyses a file, read from these settings."""
        return Recipe(self.spacy_model, self.field_map, self.known_entities)

    @cached_property
    def known_entities(self) -> KnownEntities:
        """The user's entities (none without a file), read once.

        Raises:
            ValueError: the file cannot be read (one line naming it).
        """
        return read_known_entities(self.entities) if self.entities else KnownEntities()


def field_map(options: list[str] | None = None, config: Path | None = None) -> dict[str, str]:
    """Field names of JSONL/CSV dumps: a TOML file's `[fields]` table, then `NAME=COLUMN` options.

    Raises:
        ValueError: an option is not NAME=COLUMN, or the file cannot be read (one line).
    """
    import tomllib

    fields: dict[str, str] = {}
    if config is not None:
        try:
            table = tomllib.loads(Path(config).read_text(encoding="utf-8")).get("fields", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ValueError(f"cannot read the field map {config}: {error}") from None
        if not isinstance(table, dict) or not all(isinstance(value, str) for value in table.values()):
            raise ValueError(f"{config}: [fields] must map names to column names, e.g. text = \"story_body\"")
        fields.update(table)
    for option in options or []:
        name, sep, column = option.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise ValueError(f"--field wants NAME=COLUMN (e.g. text=story_body), not {option!r}")
        fields[name.strip()] = column.strip()
    return fields


def _dask_engine(dask: str | None) -> str | None:
    """`local:N` (N ≥ 1 workers) or a scheduler address (`tcp://host:8786`, `host:8786`)."""
    if dask is None:
        return None
    if dask.startswith("local:"):
        if not dask[6:].isdigit() or int(dask[6:]) < 1:
            raise ValueError(f"--dask local:N wants a number of workers of at least 1, not {dask!r}")
        return dask
    if "://" not in dask and ":" not in dask:
        raise ValueError(f"--dask wants a scheduler address such as tcp://host:8786, or local:N, not {dask!r}")
    return dask


def _location(data: Path | str) -> Path | str:
    """A folder as a Path; a URL (`s3://…`) as it is, since a Path would fold its `//`."""
    if "://" in str(data):
        return str(data)
    if "?" in str(data):  # (DuckDB reads what follows a `?` in a database's path as options)
        raise ValueError(f"data folder {data} has a '?' in its path, where DuckDB cannot keep a database: give another folder")
    return Path(data)


def _absolute(data: Path | str) -> Path | str:
    return data.absolute() if isinstance(data, Path) else data


def _whole_number(variable: str, default: int, least: int) -> int:
    value = os.environ.get(variable) or str(default)
    if not value.isdigit() or int(value) < least:
        raise ValueError(f"{variable} must be a whole number of at least {least}, not {value!r}")
    return int(value)


QUERY_TIMEOUT = 120.0  # seconds a query of `newslake query` or `search` may run by default


def query_timeout(seconds: float | None = None) -> float | None:
    """A query's time limit: the option, else NEWSLAKE_QUERY_TIMEOUT, else QUERY_TIMEOUT; 0 is no
    limit (None).

    Raises:
        ValueError: the limit is negative or not a number (one line).
    """
    if seconds is None:
        written = os.environ.get("NEWSLAKE_QUERY_TIMEOUT") or str(QUERY_TIMEOUT)
        try:
            seconds = float(written)
        except ValueError:
            raise ValueError(f"NEWSLAKE_QUERY_TIMEOUT must be a number of seconds, not {written!r}") from None
    if not seconds >= 0:  # (NaN too)
        raise ValueError(f"the query time limit must be 0 (none) or more seconds, not {seconds:g}")
    return seconds or None


def _yes_or_no(variable: str) -> bool:
    value = (os.environ.get(variable) or "").strip().lower()
    if value in ("", "0", "no", "false"):
        return False
    if value in ("1", "yes", "true"):
        return True
    raise ValueError(f"{variable} must be 1 or 0 (yes or no), not {os.environ[variable]!r}")


def configure_prefect() -> None:
    """Defaults for Prefect, set before it is imported: no telemetry (neither the server's nor the
    client's, whose notice Prefect prints on a terminal), its log at INFO for its UI only.

    Prefect's state (its database of flow runs, the server's log) stays where the user's Prefect
    keeps it (`~/.prefect`, or PREFECT_HOME), never in the install folder. Not in each data
    folder: a new Prefect database takes its temporary server 5 s of migrations, on the first
    run in every new folder (measured: 16.3 s against 11.4 s for a one-article ingest).

    A user's own PREFECT_* variables (PREFECT_HOME, PREFECT_API_URL for a real server) still win.
    """
    defaults = {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",  # the client's telemetry, and its notice on a terminal
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        # INFO reaches the flow run's log in Prefect's UI; the terminal gets newslake's own lines
        # (a failure is one line there, its traceback is in the flow run's log)
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
        # Prefect's own machinery (its log and event senders) writes to the terminal directly, not
        # through the console handler: a good run printed "Service 'EventsWorker' failed"
        "PREFECT_LOGGING_INTERNAL_LEVEL": "CRITICAL",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


def missing_seeds_message(seeds: Path) -> str:
    """Why a seeds path cannot be ingested, in one line."""
    if seeds.exists():
        return f"seeds folder {seeds} is a file, not a folder: give the folder that holds the articles"
    return f"seeds folder {seeds} does not exist"
