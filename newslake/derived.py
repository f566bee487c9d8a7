"""Tables rebuilt from the others at every commit (duplicates, entities, search_stats), each from
its query in `sql/derived/`, in the order they read each other."""

from __future__ import annotations

import re
from pathlib import Path

from newslake.views import SQL_DIR
from transforms.schema import TABLES

DERIVED_DIR = SQL_DIR / "derived"


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
            if name not in ordered and all(other in ordered or other == name or not _names(sql, other) for other in queries)
        ]
        if not ready:
            raise ValueError(f"{sql_dir}: derived tables that read each other in a circle: {', '.join(sorted(set(queries) - set(ordered)))}")
        ordered.extend(ready)
    return {name: queries[name] for name in ordered}


def _names(sql: str, table: str) -> bool:
    return re.search(rf"\b{re.escape(table)}\b", sql) is not None

