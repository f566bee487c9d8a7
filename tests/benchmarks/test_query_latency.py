"""Query latency: every view in sql/ and `search` over 20 altered copies of the Wikinews corpus.

The corpus (293 articles) is ingested once for real; the 20 copies (5,860 documents) are made from
its rows by `lakes.copy_lake` (own ids, text fingerprints and dates for every copy), so the views see
5,860 distinct articles, in a lake written through the store with the flow's own derived tables.

Each figure is the median of 5 runs of the view read to Arrow (all rows, all columns), next to
the ratio against reading the whole `sentences` table in the same run.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from newslake.views import connect, load_views
from tests.benchmarks.lakes import copy_lake

COPIES = 20
RUNS = 5
VIEW_TARGET_MS, SEARCH_TARGET_MS = 300, 100
MACRO_CALLS = {
    "quotes_mentioning": "select * from quotes_mentioning('Trump')",
    "search": "select * from search('police shooting protest', 'quotes')",
    "search (sentences)": "select * from search('police shooting protest', unit_kind := 'sentences')",
}


def median_ms(connection: duckdb.DuckDBPyConnection, sql: str) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        connection.sql(sql).to_arrow_table()
        timings.append(1000 * (time.perf_counter() - started))
    return statistics.median(timings)


def test_view_and_search_latency(corpus, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in corpus:
        (seeds / path.name).symlink_to(path)
    newslake = Path(sys.executable).parent / "newslake"
    subprocess.run([str(newslake), "ingest", "--seeds", str(seeds), "--data", str(tmp_path / "data"), "--follow-links"], check=True, capture_output=True)
    big = tmp_path / "big"
    copy_lake(tmp_path / "data", big, COPIES)

    started = time.perf_counter()
    connection = connect(big)
    connect_ms = 1000 * (time.perf_counter() - started)
    n_documents = connection.sql("select count(*) from documents").fetchall()[0][0]
    n_duplicates = connection.sql("select count(*) from duplicates").fetchall()[0][0]
    baseline = median_ms(connection, "select * from sentences")

    results = {}
    for view in load_views():
        if not view.is_macro:
            results[view.name] = median_ms(connection, f"select * from {view.name}")
    for name, sql in MACRO_CALLS.items():
        results[name] = median_ms(connection, sql)

    print(f"\nquery latency over {n_documents:,} documents ({COPIES} copies of {len(corpus)}; {n_duplicates} duplicates); "
          f"views created in {connect_ms:.0f} ms; baseline (all of sentences to Arrow) {baseline:.1f} ms")
    print(f"{'view':24s} {'median ms':>10s} {'x baseline':>11s}  target")
    for name, ms in sorted(results.items(), key=lambda item: -item[1]):
        target = SEARCH_TARGET_MS if name.startswith("search (") or name == "search" else VIEW_TARGET_MS
        print(f"{name:24s} {ms:10.1f} {ms / baseline:11.2f}  {'ok' if ms < target else 'OVER'} (< {target} ms)")
    assert n_documents == COPIES * len(corpus) and n_duplicates == 0
