"""What the commands print: the two consoles, the one-line error, and rows of a query as a table for a
person or as CSV/JSON for a program."""

from __future__ import annotations

import csv
import json
import os
import sys
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from typing import Iterator, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from cli.display import cell, visible

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(1)


def default_format() -> Format:
    """A table for a person at a terminal; CSV, every cell whole, for a program reading a pipe."""
    return Format.table if sys.stdout.isatty() else Format.csv


def duckdb_message(error: Exception) -> str:
    """DuckDB's message with its hints ("Did you mean …", candidate bindings, the caret under the
    error), without the blank lines; control characters it quotes from the data (`select
    title::int` quotes the title) are shown as escapes, as in table cells."""
    return "\n".join(visible(line) for line in str(error).splitlines() if line.strip())


def json_value(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()  # ISO 8601, with the T
    return str(value)


def csv_value(value: object) -> object:
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=json_value, ensure_ascii=False)
    return json_value(value) if isinstance(value, (datetime, date)) else value


@contextmanager
def reader_may_stop() -> Iterator[None]:
    """A program reading the output may stop early (`| head`): that ends the command with status 0
    (Click would exit 1), and nothing is left to flush into the closed pipe."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None


def print_rows(columns: list[str], rows: list[tuple], format: Format, limit: int) -> None:
    if format is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")  # as DuckDB's own CLI: `$(… | tail -1)` holds no \r
        writer.writerow(columns)
        writer.writerows([csv_value(value) for value in row] for row in rows)
    elif format is Format.json:
        sys.stdout.write(json.dumps([dict(zip(columns, row)) for row in rows], default=json_value, ensure_ascii=False, indent=1) + "\n")
    else:
        table = Table(*(Column(cell(column)) for column in columns))
        for row in rows[:limit]:
            table.add_row(*(cell(value) for value in row))
        out.print(table)
        if len(rows) > limit:
            out.print(f"({len(rows)} rows, {limit} shown; --limit or --format csv for more)")
