"""Beyond one machine: Dask against worker processes, and what a commit costs on a large lake.

Every figure is a ratio of two runs measured here, one after the other, on the same machine.
- Dask: `--dask local:2` against `--workers 2`, both analysing the same 2,051 altered articles.
- Storage: a lake of 2,051 and one of 200,059 documents, made by copying the rows of the analysed
  Wikinews corpus (`lakes.copy_lake`); on each, a run with nothing to do; then, on a fresh copy of
  each lake in turn, three times, a run that adds 10 new articles (late editions of 10 articles of
  the lake: near-copies, which join their stories, and whose quotations join their statements),
  with every derived and collection table updated (the figure: the medians' ratio); then every
  view read whole from the large lake.
"""

import os
import shutil
import statistics
import time
from pathlib import Path

from newslake.store import Store
from newslake.views import connect, load_views
from tests.benchmarks.lakes import copy_lake
from tests.benchmarks.test_scaling import NEWSLAKE, altered_copies, run_ingest
from tests.benchmarks.test_startup import timed

SMALL, LARGE = 7, 683  # copies of the 293 articles: 2,051 and 200,059 documents
VIEW_TARGET_S = 1.0
# issue 25: adding 10 articles to the 200k lake against the 2k lake, with every collection table
TIME_RATIO_TARGET, MEMORY_RATIO_TARGET = 1.5, 2.0
COLLECTION_VIEW_TARGET_S = 0.5  # first rows of the collection's views (issue 25)
ROUNDS = 7  # runs adding the ten to each lake, in turn
COLLECTION_VIEWS = {"doc_origins", "outlet_stats", "quotes_by_outlet", "statements", "statement_spread", "gender_by_outlet", "coverage_by_day"}
COLLECTION = ("story_bands", "story_pairs", "document_stories", "wire_credits", "document_outlets", "statement_grams", "statements",
              "statement_quotations", "gender_evidence", "person_genders", "outlet_speakers")


def test_dask_against_worker_processes(corpus, tmp_path):
    seeds = altered_copies(corpus, tmp_path / "seeds", SMALL)
    processes, processes_own, processes_peak = run_ingest(seeds, tmp_path / "processes", "--workers", "2")
    dask, dask_own, dask_peak = run_ingest(seeds, tmp_path / "dask", "--dask", "local:2")
    n = SMALL * len(corpus)
    print(f"\n{n:,} articles: --workers 2 {processes:.1f} s (run {processes_own:.1f} s), --dask local:2 {dask:.1f} s (run {dask_own:.1f} s)")
    print(f"Dask throughput / worker processes' throughput: whole command {processes / dask:.2f}x, run {processes_own / dask_own:.2f}x (target >= 0.95)")
    print(f"peak memory: worker processes {processes_peak / 2**20:.0f} MiB, Dask {dask_peak / 2**20:.0f} MiB")


def add_ten(corpus: list[Path], seeds: Path) -> None:
    folder = seeds / "new"
    folder.mkdir()
    for number, path in enumerate(corpus[:10]):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        (folder / path.name).write_text(f"{title} (late edition)\n{body}\n\nThe late edition {number} adds this line.", encoding="utf-8")


def test_commits_cost_what_changed(corpus, tmp_path):
    base_seeds = tmp_path / "base-seeds"
    base_seeds.mkdir()
    for path in corpus:
        (base_seeds / path.name).write_bytes(path.read_bytes())
    run_ingest(base_seeds, tmp_path / "base", "--workers", "2")

    floor, _ = timed([str(NEWSLAKE), "--help"])
    for label, copies in (("2k", SMALL), ("200k", LARGE)):
        started = time.perf_counter()
        lake, seeds = tmp_path / f"built-{label}", tmp_path / f"built-seeds-{label}"
        store = copy_lake(tmp_path / "base", lake, copies, base_seeds, seeds)
        built = time.perf_counter() - started
        parts = {name: len(store.parts(name)) for name in ("terms", "sentences", "documents")}
        run_ingest(seeds, lake)  # writes the report and the database file, which copying did not
        no_op, _, no_op_peak = run_ingest(seeds, lake)
        print(f"\n{store.count('documents'):,}-document lake (built in {built:.0f} s; parts: {parts}): "
              f"no-op {no_op:.2f} s, the command's own work {no_op - floor:.2f} s, peak {no_op_peak / 2**20:.0f} MiB")
    # Adding the ten to a fresh copy of each lake, the two lakes in turn, ROUNDS times: one round's
    # ratio swung 1.24x-1.84x on this shared machine within five minutes (7 rounds, 2026-12-07),
    # so three rounds' medians moved by more than the target's margin; the medians' ratio is the figure
    figures: dict[str, list[tuple[float, int]]] = {"2k": [], "200k": []}
    for _ in range(ROUNDS):
        for label in figures:
            lake, seeds = tmp_path / f"lake-{label}", tmp_path / f"seeds-{label}"
            shutil.rmtree(lake, ignore_errors=True)
            shutil.rmtree(seeds, ignore_errors=True)
            shutil.copytree(tmp_path / f"built-{label}", lake, symlinks=True)  # (`parquet` links to the snapshot it shows)
            shutil.copytree(tmp_path / f"built-seeds-{label}", seeds, copy_function=os.link)  # (the ingest never writes a seed)
            add_ten(corpus, seeds)
            added, added_own, added_peak = run_ingest(seeds, lake)
            figures[label].append((added, added_peak))
            print(f"{label}: adding 10 articles {added:.1f} s (run {added_own:.1f} s), peak {added_peak / 2**20:.0f} MiB")
    for label in figures:  # the last round's lakes
        lake = tmp_path / f"lake-{label}"
        store = Store(lake)
        connection = connect(lake)
        late = connection.sql(
            "select count(*) filter (where story_documents > 1), count(*) from doc_origins where title like '%(late edition)'").fetchall()[0]
        joined = connection.sql(
            "select count(distinct s.statement_id) from statements as s join read_parquet('" + str(lake / "parquet" / "statement_quotations" / "*.parquet") + "') as q "
            "using (statement_id) join documents as d on d.doc_id = q.doc_id where d.title like '%(late edition)' and s.n_documents > 1").fetchall()[0][0]
        connection.close()
        print(f"  {label}: late editions in a story with other documents: {late[0]} of {late[1]}; their statements carried by other documents too: {joined}; "
              f"collection tables' rows: " + ", ".join(f"{name} {store.count(name):,}" for name in COLLECTION))
    median = {label: (statistics.median(time for time, _ in runs), statistics.median(peak for _, peak in runs)) for label, runs in figures.items()}
    print("per round, 200k / 2k: " + ", ".join(f"{large[0] / small[0]:.2f}x" for small, large in zip(figures["2k"], figures["200k"])))
    (small_time, small_peak), (large_time, large_peak) = median["2k"], median["200k"]
    time_ratio, memory_ratio = large_time / small_time, large_peak / small_peak
    print(f"adding 10 articles, 200k lake / 2k lake, medians of {ROUNDS}: time {time_ratio:.2f}x (target <= {TIME_RATIO_TARGET}), "
          f"peak memory {memory_ratio:.2f}x (target <= {MEMORY_RATIO_TARGET})")
    print("(no-op targets on the 200k lake: the command's own work under 3 s, peak under 300 MiB)")

    connection = connect(tmp_path / "lake-200k")
    baseline = median_seconds(connection, "select * from documents")
    print(f"views on the 200k lake, median of 3 (target < {VIEW_TARGET_S} s); baseline: all of documents to Arrow {baseline:.2f} s")
    print(f"{'view':22s} {'first 100 rows':>15s} {'all rows':>10s} {'rows':>12s} {'all / baseline':>15s}")
    slow = {}
    for view in load_views():
        if not view.is_macro:
            first = median_seconds(connection, f"select * from {view.name} limit 100")
            whole = median_seconds(connection, f"select * from {view.name}")
            rows = connection.sql(f"select count(*) from {view.name}").fetchall()[0][0]
            target = f"  (target < {COLLECTION_VIEW_TARGET_S} s: {'ok' if first < COLLECTION_VIEW_TARGET_S else 'OVER'})" if view.name in COLLECTION_VIEWS else ""
            print(f"{view.name:22s} {first:14.2f}s {whole:9.2f}s {rows:12,d} {whole / baseline:15.1f}{target}")
            if view.name in COLLECTION_VIEWS and first >= COLLECTION_VIEW_TARGET_S:
                slow[view.name] = round(first, 2)
    connection.close()
    assert time_ratio <= TIME_RATIO_TARGET and memory_ratio <= MEMORY_RATIO_TARGET, (time_ratio, memory_ratio)
    assert not slow, f"collection views whose first 100 rows take {COLLECTION_VIEW_TARGET_S} s or more: {slow}"


def median_seconds(connection, sql: str) -> float:
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        connection.sql(sql).to_arrow_table()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)
