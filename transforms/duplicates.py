"""The same article ingested twice (a saved page and a dump record, a file copied into two folders).

Copies share a `text_fingerprint`; the first by source path and record is kept, the others are
listed in `duplicates` and left out of every analytic view, so nothing is counted twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from transforms.schema import DUPLICATES

if TYPE_CHECKING:
    import duckdb  # only for annotations: worker processes never import it


def find_duplicates(connection: duckdb.DuckDBPyConnection) -> pa.Table:
    """The `duplicates` table from a connection's `documents`."""
    return DUPLICATES.from_sql(connection, _DUPLICATES_SQL)


_DUPLICATES_SQL = """
with ranked as (
    select
        doc_id,
        source_path,
        record_key,
        text_fingerprint,
        first_value(doc_id) over copies as duplicate_of,
        first_value(source_path) over copies as kept_source_path,
        row_number() over copies as copy_number
    from documents
    window copies as (partition by text_fingerprint order by source_path, record_key nulls first, doc_id)
)
select doc_id, source_path, record_key, duplicate_of, kept_source_path, text_fingerprint
from ranked
where copy_number > 1
order by kept_source_path, source_path, record_key
"""
