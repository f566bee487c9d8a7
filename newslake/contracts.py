"""Data contracts: the rules `transforms/schema/` declares for every table, checked on the
committed Parquet files (`newslake check`, and a test over the seeds).

The rules are read from the schema, not written here: a key is unique, a required column holds no
null, a column with allowed values holds no other, a reference names an existing row. They are
checked on the tables as stored (duplicate copies included), not on the views.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from newslake.location import sql_literal
from newslake.store import Store
from transforms.schema import TABLES, Table


@dataclass(frozen=True)
class Rule:
    table: str
    says: str  # the rule in words: "key (doc_id) is unique"
    offending_sql: str  # one row per offending row, its first column an example value

    def check(self, connection: duckdb.DuckDBPyConnection) -> "Broken | None":
        rows, example = connection.execute(f"select count(*), any_value(example::varchar) from ({self.offending_sql})").fetchone()
        return Broken(self.table, self.says, rows, example) if rows else None


@dataclass(frozen=True)
class Broken:
    table: str
    says: str
    rows: int
    example: str | None

    def line(self) -> str:
        """One line for a terminal: the table, the rule and how many rows break it."""
        example = f", e.g. {self.example}" if self.example is not None else ""
        return f"{self.table}: {self.says}: {self.rows} row{'s' * (self.rows != 1)} break{'s' * (self.rows == 1)} it{example}"


def rules(table: Table) -> list[Rule]:
    """Every rule of one table's contract, in the order they are declared."""
    name, key = table.name, ", ".join(table.key)
    found = [
        Rule(
            name, f"key ({key}) is unique",
            f"select concat_ws(' | ', {key}) as example from (select *, count(*) over (partition by {key}) as copies from {name}) where copies > 1",
        ),
        *(
            Rule(name, f"{column} is never null", f"select concat_ws(' | ', {key}) as example from {name} where {column} is null")
            for column in table.required
        ),
        *(
            Rule(
                name, f"{column} is one of {', '.join(values)}",
                f"select {column} as example from {name} where {column} not in ({', '.join(sql_literal(value) for value in values)})",
            )
            for column, values in table.allowed.items()
        ),
    ]
    for reference in table.references:
        kept = " anti join duplicates using (doc_id)" if reference.kept_only else ""
        found.append(Rule(
            name,
            f"every {reference.column} is in {reference.target}.{reference.target_column}" + (" (duplicate copies left out)" if kept else ""),
            f"select {name}.{reference.column} as example from {name}{kept}"
            f" where {reference.column} is not null and {reference.column} not in (select {reference.target_column} from {reference.target})",
        ))
    return found


def check(store: Store, tables: list[str] | None = None) -> list[Broken]:
    """Every broken rule of the named tables (all by default) in the committed snapshot."""
    connection = store.duckdb()
    try:
        store.create_table_views(connection)
        return [
            broken
            for name in tables or list(TABLES)
            for rule in rules(TABLES[name])
            if (broken := rule.check(connection)) is not None
        ]
    finally:
        connection.close()
