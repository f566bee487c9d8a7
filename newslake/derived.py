"""Tables made from the others at every commit (duplicates, quotations, entities, search_stats and
the totals the heavy views sort: speaker_totals, entity_pairs), each from its query in
`sql/derived/`, in the order they read each other. Which ones are updated from the changed
documents only is declared in `transforms/schema.py` (`per_document`, `measures`); see
`Transaction.derive`."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

from transforms.schema import TABLES

DERIVED_DIR = Path(str(files("sql"))) / "derived"  # (not through newslake.views: a run with nothing to do reads these without DuckDB)


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
    """Whether the query names the table (outside its `--` comments)."""
    return re.search(rf"\b{re.escape(table)}\b", re.sub(r"--[^\n]*", "", sql)) is not None

