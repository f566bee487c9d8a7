"""What `newslake browse` costs: building the SQLite file at a commit against the report and the
DuckDB file made at the same commit, and how fast Datasette answers a facet, a search and a row page.

The lakes are altered copies of the Wikinews corpus' lake (`lakes.copy_lake`, as in
test_scale_out.py), so every copy is a distinct document: 1 copy (293 articles) and 64 (18,752, the
"19k-article" lake); `BROWSE_COPIES=1,64,683` adds the 200k one (about 5 GB of SQLite). Times are medians of RUNS; the build is reported as a ratio to the report's in the same
run (the machine is shared and noisy).
"""

import asyncio
import os
import statistics
import time
from pathlib import Path

from newslake.browse import SETTINGS, build_sqlite, metadata
from newslake.report import write_report
from newslake.views import build_database, connect
from newslake.store import Store
from tests.benchmarks.lakes import copy_lake
from tests.benchmarks.test_scaling import run_ingest

COPIES = tuple(int(copies) for copies in os.environ.get("BROWSE_COPIES", "1,64").split(","))
RUNS = 3
PAGES = {
    "quotations, five facets": "/newslake/quotations",
    "documents, three facets": "/newslake/documents",
    "quotations, search": "/newslake/quotations?_search=wall",
    "quotations, speaker + search": "/newslake/quotations?speaker=Donald+Trump&_search=border",
    "a quotation's row page": None,  # filled in from the file
    "an entity's row page (links counted)": None,
    "search query": "/newslake/search?words=wall+border",
    "quotes_mentioning query": "/newslake/quotes_mentioning?name=Putin",
}


def median_seconds(work) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def test_browse_cost(corpus, tmp_path):
    seeds, base = tmp_path / "seeds", tmp_path / "base"
    seeds.mkdir()
    for path in corpus:
        (seeds / path.name).write_bytes(path.read_bytes())
    run_ingest(seeds, base, "--workers", "2")
    for copies in COPIES:
        lake = tmp_path / f"lake-{copies}"
        copy_lake(base, lake, copies)
        store = Store(lake)
        connection = connect(store)
        documents = connection.execute("select count(*) from documents").fetchall()[0][0]
        quotations = connection.execute("select count(*) from quotations").fetchall()[0][0]
        report = median_seconds(lambda: write_report(connection, lake / "report.html"))
        database = median_seconds(lambda: build_database(store))
        path = lake / "newslake.sqlite"
        sqlite = median_seconds(lambda: build_sqlite(connection, path)) if copies < 100 else _once(lambda: build_sqlite(connection, path))
        size = path.stat().st_size / 1e6
        print(f"\n{documents} documents, {quotations} quotations: report {report:.2f} s, DuckDB file {database:.2f} s, "
              f"SQLite file {sqlite:.2f} s ({sqlite / report:.2f}x the report, {size:.1f} MB)")
        for name, ms in page_latencies(path).items():
            print(f"  {name}: {ms:.0f} ms")


def _once(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def page_latencies(path: Path) -> dict[str, float]:
    from datasette.app import Datasette

    datasette = Datasette(immutables=[str(path)], metadata=metadata(), settings=SETTINGS)

    async def measure() -> dict[str, float]:
        await datasette.invoke_startup()
        quotation = (await datasette.client.get("/newslake/quotations.json?_size=1&_shape=objects")).json()["rows"][0]
        entity = (await datasette.client.get("/newslake/entities.json?_size=1&_shape=objects&label=PERSON")).json()["rows"][0]
        urls = {**PAGES, "a quotation's row page": f"/newslake/quotations/{quotation['quote_group']}",
                "an entity's row page (links counted)": f"/newslake/entities/{entity['entity_id']}"}
        figures = {}
        for name, url in urls.items():
            timings = []
            for _ in range(RUNS):
                started = time.perf_counter()
                response = await datasette.client.get(url)
                timings.append(1000 * (time.perf_counter() - started))
                assert response.status_code == 200, (url, response.status_code)
            figures[name] = statistics.median(timings)
        return figures

    return asyncio.run(measure())
