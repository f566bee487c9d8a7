"""One settings object: CLI options win, then `NEWSLAKE_*` environment variables, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from transforms.entities import DEFAULT_MODEL

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    seeds: Path
    data: Path
    spacy_model: str
    batch_size: int

    @classmethod
    def load(cls, seeds: Path | None = None, data: Path | None = None, spacy_model: str | None = None) -> "Settings":
        return cls(
            seeds=Path(seeds or os.environ.get("NEWSLAKE_SEEDS") or "seeds"),
            data=Path(data or os.environ.get("NEWSLAKE_DATA") or "data"),
            spacy_model=spacy_model or os.environ.get("NEWSLAKE_SPACY_MODEL") or DEFAULT_MODEL,
            batch_size=_positive_int("NEWSLAKE_BATCH_SIZE", 64),
        )


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


def _positive_int(variable: str, default: int) -> int:
    value = os.environ.get(variable) or str(default)
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{variable} must be a positive whole number, not {value!r}")
    return int(value)


def configure_prefect() -> None:
    """Defaults for Prefect, set before it is imported: state inside the project, no telemetry
    (neither the server's nor the client's, whose notice Prefect prints on a terminal).

    A user's own PREFECT_* variables (PREFECT_API_URL for a real server) still win.
    """
    defaults = {
        "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",  # the client's telemetry, and its notice on a terminal
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        # INFO reaches the flow run's log in Prefect's UI; the terminal gets newslake's own lines
        # (a failure is one line there, its traceback is in the flow run's log)
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


def missing_seeds_message(seeds: Path) -> str:
    """Why a seeds path cannot be ingested, in one line."""
    if seeds.exists():
        return f"seeds folder {seeds} is a file, not a folder: give the folder that holds the articles"
    return f"seeds folder {seeds} does not exist"
