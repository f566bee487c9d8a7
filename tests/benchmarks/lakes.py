"""Large lakes made from a real one: altered copies of every analysed document, written through the
store as an ingest of that many articles would write them (parts, compaction, manifest, derived
tables by the flow's own SQL), with a seeds folder that matches their manifest.

Each copy gets its own ids and text fingerprint (so no copy is a duplicate), dates shifted by a
day per copy, and entity ids drawn from 64 groups, so the entities table grows as a real corpus'
would. Every copy but the first has its words changed too (`CIPHER_KEPT`), so that copies are not
near-copies of each other: otherwise each story would hold every copy of an article and each
statement every copy of a quotation, which no real collection has. Copying rows instead of analysing the same texts again keeps a 200,000-document lake to
minutes; the tables have the sizes and value distributions such an ingest has.
"""

from __future__ import annotations

import os
import random
import shutil
import string
from pathlib import Path


from newslake.derived import update_derived
from newslake.store import Store
from transforms.schema import PER_DOCUMENT, TABLES

# Columns that start with a doc_id (ids of sentences, mentions, quotes, search units) or identify
# the text (the fingerprint): each copy rewrites their first 6 characters.
ID_COLUMNS = {"doc_id", "sentence_id", "mention_id", "quote_id", "quote_group", "unit_id", "text_fingerprint"}
COPIES_PER_BATCH = 16
# Copies after the first substitute the other lower-case letters, a permutation per copy, in the
# texts of documents, sentences and quotes: lengths and offsets stay, 5-word shingles and quotations
# differ, while capitals (names, agency credits such as "(AP)") and the words made of these letters
# only ("he", "she", "his", "her", "Mr", "Mrs", "Ms", "Sir") stay, so gender evidence is still found.
CIPHER_KEPT = "ehimrs"
CIPHERED = {("documents", "text"), ("sentences", "text"), ("quotes", "text")}


def copy_lake(base: Path, target: Path, copies: int, base_seeds: Path | None = None, seeds: Path | None = None) -> Store:
    """`copies` altered copies of the lake at `base` in a new lake at `target`; with `base_seeds`,
    also a `seeds` folder of hard links (`c00042/<file>`) that the copied manifest describes."""
    source = Store(base)
    connection = source.duckdb()
    source.create_table_views(connection, prefix="base_")
    store = Store(target)
    with store.lock(), store.transaction() as transaction:
        for first in range(0, copies, COPIES_PER_BATCH):
            batch = range(first, min(copies, first + COPIES_PER_BATCH))
            for name in PER_DOCUMENT:
                sql = " union all ".join(_copy_sql(name, copy) for copy in batch)
                transaction.append({name: connection.sql(sql).to_arrow_table()})
        manifest = " union all ".join(_copy_sql("manifest", copy) for copy in range(copies))
        transaction.replace("manifest", connection.sql(manifest).to_arrow_table())
        transaction.replace("rejects", TABLES["rejects"].empty())
        update_derived(transaction)
        store.commit(transaction)
    connection.close()
    if base_seeds is not None and seeds is not None:
        shutil.rmtree(seeds, ignore_errors=True)
        files = [path for path in base_seeds.rglob("*") if path.is_file()]
        for copy in range(copies):
            folder = seeds / f"c{copy:05d}"
            folder.mkdir(parents=True)
            for path in files:
                os.link(path, folder / path.relative_to(base_seeds))
    return store


def _copy_sql(name: str, copy: int) -> str:
    columns = []
    for column in TABLES[name].schema.names:
        if column in ID_COLUMNS:
            columns.append(f"'{copy:05d}-' || substr({column}, 7) as {column}")
        elif column in ("entity_id", "speaker_entity_id"):  # (a speaker's id as its mentions' ids, so speakers join entities)
            columns.append(f"'{copy % 64:05d}-' || substr({column}, 7) as {column}")
        elif column in ("source_path", "kept_source_path"):
            columns.append(f"'c{copy:05d}/' || {column} as {column}")
        elif (name, column) in CIPHERED and copy > 0:
            letters = "".join(letter for letter in string.ascii_lowercase if letter not in CIPHER_KEPT)
            permuted = "".join(random.Random(copy).sample(letters, len(letters)))
            columns.append(f"translate({column}, '{letters}', '{permuted}') as {column}")
        elif column == "published_at":
            columns.append(f"published_at + interval ({copy}) day as published_at")
        else:
            columns.append(column)
    return f"select {', '.join(columns)} from base_{name}"
