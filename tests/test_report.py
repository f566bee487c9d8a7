"""The HTML report: self-contained, every chart drawn in a real browser, the quotations table filters."""

import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

from newslake.report import Headline, force_layout, write_report

ROOT = Path(__file__).resolve().parent.parent
CHARTS = ("chart-speakers", "chart-entities", "chart-coverage", "chart-network")


def test_force_layout_is_deterministic_and_in_the_unit_square():
    edges = [(0, 1, 5), (1, 2, 1), (3, 4, 2)]
    first, second = force_layout(5, edges), force_layout(5, edges)
    assert np.array_equal(first, second)
    assert first.min() >= 0 and first.max() <= 1
    distance = np.linalg.norm(first[:, None] - first[None], axis=-1)
    assert distance[0, 1] < distance[0, 4]  # linked nodes closer than unlinked ones


def test_headline_markdown():
    headline = Headline(12, 1, 44, 80, 19, 213, "2019-01-04", "2019-12-21", "Donald Trump")
    assert headline.markdown(Path("data/report.html")) == (
        "**12** documents (2019-01-04 to 2019-12-21; 1 duplicate copy left out), **44** direct quotations and **80** reported "
        "statements from **19** named speakers, **213** entities.\n\nMost quoted: **Donald Trump**.\n\nReport: `data/report.html`"
    )


def report_rows(query: str, tables: dict[str, str], **parameters) -> list[dict]:
    """The rows of a report query over small tables standing in for the views it reads."""
    import duckdb

    from newslake.report import _rows

    connection = duckdb.connect()
    connection.execute("create schema lake")  # (`lake.quotations`: every row of a table)
    for name, sql in tables.items():
        connection.execute(f"create table {name} as {sql}")
    return _rows(connection, query, **parameters)


@pytest.mark.parametrize(("last_day", "unit", "periods"), [("2024-01-20", "day", 2), ("2024-06-01", "week", 2), ("2027-01-01", "month", 2)])
def test_coverage_is_drawn_by_day_week_or_month_as_the_span_asks(last_day, unit, periods):
    documents = ("select * from (values ('a', timestamp '2024-01-01 08:00'), ('b', timestamp '2024-01-01 23:00'), ('c', timestamp '2024-01-01 12:00'), "
                 f"('d', timestamp '{last_day} 09:00'), ('undated', null)) as t(doc_id, published_at)")
    counts = ("select * from (values ('a', 2, 0), ('b', 1, 1), ('c', 0, 0), ('d', 1, 0), ('undated', 1, 0)) "
              "as t(doc_id, n_quotes, n_reported)")
    rows = report_rows("coverage", {"documents": documents, "doc_counts": counts}, days=62, weeks=2 * 365)
    assert [row["unit"] for row in rows] == [unit] * periods
    assert (rows[0]["n_documents"], rows[0]["n_quotes"]) == (3, 3)  # the first day's documents, one without quotations; reported speech left out
    assert report_rows("coverage", {"documents": documents + " where false", "doc_counts": counts}, days=62, weeks=2 * 365) == []


def test_the_newest_quotations_are_those_of_the_newest_documents_that_have_any():
    tables = {
        "documents": "select * from (values ('old', 'Old', timestamp '2024-01-01'), ('new', 'New', timestamp '2024-03-01'), "
                     "('none', 'Quiet', timestamp '2024-04-01'), ('mid', 'Mid', timestamp '2024-02-01'), ('undated', 'Undated', null)) as t(doc_id, title, published_at)",
        "lake.quotations": "select * from (values ('new', 'A', 'direct', 'one', 'said', 10), ('new', null, 'direct', 'two', 'said', 50), ('old', 'B', 'indirect', 'three', 'said', 5), "
                           "('mid', 'C', 'direct', 'four', 'told', 7), ('mid', 'C', 'direct', 'five', 'told', 3), ('undated', 'D', 'direct', 'six', 'said', 1)) "
                           "as t(doc_id, speaker, kind, quote, cue, start_char)",
        "doc_counts": "select * from (values ('old', 0, 1), ('new', 2, 0), ('none', 0, 0), ('mid', 2, 0), ('undated', 1, 0)) as t(doc_id, n_quotes, n_reported)",
    }
    rows = report_rows("quotes", tables, top=4)
    assert [(row["title"], row["quote"], row["speaker"]) for row in rows] == [
        ("New", "one", "A"), ("New", "two", "(unattributed)"), ("Mid", "five", "C"), ("Mid", "four", "C"),
    ]
    assert [row["quote"] for row in report_rows("quotes", tables, top=10)][-1] == "six"  # undated last


def test_the_network_keeps_the_pairs_named_together_most():
    pairs = "select * from (values ('a', 'b', 9, 2), ('a', 'c', 4, 1), ('b', 'c', 4, 3), ('c', 'd', 2, 1)) as t(entity_id_a, entity_id_b, n_sentences, n_docs)"
    tables = {
        "entity_pairs": pairs,
        "entity_cooccurrence": "select entity_id_a, entity_id_b, upper(entity_id_a) as entity_a, upper(entity_id_b) as entity_b, 'PERSON' as label_a, "
                               "'PERSON' as label_b, n_sentences, n_docs from entity_pairs order by n_sentences desc, n_docs desc",
    }
    assert [(row["entity_a"], row["entity_b"]) for row in report_rows("network", tables, top=2)] == [("A", "B"), ("B", "C")]
    assert len(report_rows("network", tables, top=10)) == 4


@pytest.fixture(scope="module")
def report(seed_db, tmp_path_factory) -> tuple[Path, Headline]:
    path = tmp_path_factory.mktemp("report") / "report.html"
    return path, write_report(seed_db, path)


@pytest.mark.flow
def test_report_is_one_file_that_needs_no_network(report):
    path, headline = report
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//""", page)
    assert all(f'id="{chart}"' in page for chart in CHARTS)
    assert (headline.documents, headline.duplicates, headline.top_speaker) == (12, 1, "Donald Trump")


@pytest.mark.flow
def test_quotations_table_has_every_quotation_with_its_kind(report, seed_db):
    page = report[0].read_text(encoding="utf-8")
    table = page[page.index('<table id="quotes-table">') :]
    n_rows = table.count("<tr>") - 1  # the header row
    assert n_rows == seed_db.sql("select count(*) from speaker_quotes").fetchall()[0][0]
    assert "<td>direct</td><td>Personally, I have never had any problems with Putin. We had" in table
    assert "<td>indirect</td>" in table


@pytest.mark.flow
def test_the_report_counts_from_totals_what_the_views_count(report, seed_db):
    """The headline reads speaker_totals and the coverage chart the counts kept per document
    (doc_counts), which cost a commit less than grouping every quotation; the figures are those of
    the quotations themselves."""
    from newslake.report import _rows

    headline = report[1]
    [counted] = seed_db.sql("select count(*) filter (where kind = 'direct'), count(*) filter (where kind <> 'direct'), "
                            "count(distinct speaker_entity_id) from quotations").fetchall()
    assert (headline.quotes, headline.reported, headline.speakers) == counted and counted[0] > 0
    days = seed_db.sql("select date_trunc('day', published_at)::date as day, count(distinct documents.doc_id), count(quotations.doc_id) filter (where kind = 'direct') "
                       "from documents left join quotations using (doc_id) where published_at is not null group by day order by day").fetchall()
    rows = _rows(seed_db, "coverage", days=10_000, weeks=20_000)  # drawn by day, whatever the span
    assert [(row["period"], row["n_documents"], row["n_quotes"]) for row in rows] == days and len(days) > 1


def chromium():
    """Debian's chromium through chromedriver, started as the machine's closed network requires."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert binary and driver, "chromium and chromedriver are missing: `make test` installs them (Debian packages chromium, chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}",
                 "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


@pytest.mark.flow
def test_report_renders_in_headless_chromium(report):
    from selenium.webdriver.common.by import By

    browser = chromium()
    try:
        browser.get(report[0].as_uri())
        drawn = browser.execute_script("""
            return Array.from(document.querySelectorAll('.js-plotly-plot')).map(function (chart) {
                return [chart.id, chart.querySelectorAll('.main-svg').length,
                        chart.querySelectorAll('.bars .point, .scatterlayer .point').length];
            });
        """)
        assert [chart for chart, *_ in drawn] == list(CHARTS)
        assert all(svgs > 0 and marks > 0 for _, svgs, marks in drawn), drawn
        errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []
        fetched = browser.execute_script("return performance.getEntriesByType('resource').map(function (r) { return r.name; })")
        assert [url for url in fetched if not url.startswith(("file:", "data:", "blob:"))] == []

        rows = browser.find_elements(By.CSS_SELECTOR, "#quotes-table tbody tr")
        browser.find_element(By.ID, "quote-filter").send_keys("putin")
        shown = [row for row in rows if row.is_displayed()]
        assert 0 < len(shown) < len(rows)
        assert all("putin" in row.text.lower() for row in shown)
        assert browser.find_element(By.ID, "quote-count").text == f"{len(shown)} of {len(rows)} shown"

        (ROOT / "data").mkdir(exist_ok=True)
        browser.refresh()  # the whole report, unfiltered, from the top
        browser.set_window_size(1280, browser.execute_script("return document.body.scrollHeight"))
        assert browser.save_screenshot(str(ROOT / "data" / "report-screenshot.png"))
    finally:
        browser.quit()
