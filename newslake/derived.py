"""Tables made from the others at every commit, each from its query in `sql/derived/`, in the
order they read each other: `duplicates`, `entities`, `search_stats`, and the tables the heavy
views read instead of grouping or joining the corpus at every query (per document: `quotations`,
`doc_entity_counts`, `entity_mentions`; totals: `speaker_totals`, `speaker_mention_totals`,
`entity_pairs`, `entity_forms`). Which are updated from the changed documents only is declared in
`transforms/schema.py` (`per_document`, `measures`); see `Transaction.derive`."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from transforms.schema import TABLES

if TYPE_CHECKING:
    import duckdb

DERIVED_DIR = Path(str(files("sql"))) / "derived"  # (not through newslake.views: a run with nothing to do reads these without DuckDB)


def rebuild_derived(connection: duckdb.DuckDBPyConnection) -> None:
    """Every derived table made whole, as a table of the connection, from the tables of the same
    names it holds: what a first commit makes, without the store (the eval, tests)."""
    for name, sql in derived_tables().items():
        connection.execute(f"create or replace table {name} as {sql}")


def derived_tables(sql_dir: Path = DERIVED_DIR) -> dict[str, str]:
    """Each derived table's query, a table after every derived table its query names."""
    queries = {path.stem: path.read_text(encoding="utf-8") for path in sorted(sql_dir.glob("*.sql"))}
    unknown = set(queries) - set(TABLES)
    if unknown:
        raise ValueError(f"{sql_dir}: no schema in transforms/schema.py for {', '.join(sorted(unknown))}")
    ordered: list[str] = []
    while len(ordered) < len(queries):
        ready = [
            name for name, sql in queries.items()
            if name not in ordered and all(other in ordered or other == name or not reads(sql, other) for other in queries)
        ]
        if not ready:
            raise ValueError(f"{sql_dir}: derived tables that read each other in a circle: {', '.join(sorted(set(queries) - set(ordered)))}")
        ordered.extend(ready)
    return {name: queries[name] for name in ordered}


def reads(sql: str, table: str) -> bool:
    """Whether a query names the table (outside its `--` comments)."""
    return re.search(rf"\b{re.escape(table)}\b", re.sub(r"--[^\n]*", "", sql)) is not None
