"""`newslake browse`: the SQLite file Datasette serves, its pages on the hand-made lake, HTML shown as
text, and the whole command driven in headless Chromium on the seed lake."""

import asyncio
import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from newslake.browse import ANSWERS, ON_A_PAGE, PAGES, QUERIES, build_sqlite, is_current, metadata
from newslake.views import connect, load_views
from tests.sql_lake import lake_rows, write_lake
from transforms.schema import TABLES


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory) -> sqlite3.Connection:
    folder = tmp_path_factory.mktemp("browse")
    write_lake(folder / "data")
    path = build_sqlite(connect(folder / "data"), folder / "newslake.sqlite")
    assert is_current(path)
    return sqlite3.connect(path)


def test_quotations_carry_their_document_day_and_outlet_and_link_to_document_and_speaker(hand_made):
    rows = hand_made.execute("select quote_group, speaker, kind, outlet, day, doc_id, speaker_entity_id from quotations order by quote_group").fetchall()
    assert rows == [  # the copy d3 left out, the quoted term (scare) too
        ("d1-g1", "Joe Biden", "direct", "Daily", "2021-06-01", "d1", "e-biden"),
        ("d1-g2", "Joe Biden", "indirect", "Daily", "2021-06-01", "d1", "e-biden"),
        ("d1-g3", "analysts", "indirect", "Daily", "2021-06-01", "d1", None),
        ("d1-g4", "MARK SMITH", "indirect", "Daily", "2021-06-01", "d1", None),
        ("d1-g5", "he", "direct", "Daily", "2021-06-01", "d1", None),
        ("d1-g6", None, "direct", "Daily", "2021-06-01", "d1", None),
        ("d2-g1", "Joe Biden", "direct", "Evening", "2021-06-02", "d2", "e-biden"),
        ("d2-g2", "Kremlin", "mixed", "Evening", "2021-06-02", "d2", "e-kremlin"),
        ("d2-g3", "Mark Smith", "indirect", "Evening", "2021-06-02", "d2", None),
        ("d2-g4", "Mark Smith", "indirect", "Evening", "2021-06-02", "d2", None),
        ("d2-g5", "analysts", "indirect", "Evening", "2021-06-02", "d2", None),
    ]
    links = {(row[3], row[2], row[4]) for row in hand_made.execute("pragma foreign_key_list(quotations)")}
    assert links == {("doc_id", "documents", "doc_id"), ("speaker_entity_id", "entities", "entity_id")}


def test_entities_link_out_places_have_coordinates_and_quotations_know_whom_they_name(hand_made):
    assert hand_made.execute("select entity_id, url, aliases from entities where kb_id is not null order by entity_id").fetchall() == [
        ("e-geneva", "https://www.geonames.org/2660646", '["Geneva"]'),
        ("e-russia", "https://www.iso.org/obp/ui/#iso:code:3166:RU", '["Russia"]'),
    ]
    assert hand_made.execute("select entity_id, name, latitude, longitude from places").fetchall() == [("e-geneva", "Geneva", 46.20222, 6.14569)]
    assert hand_made.execute("select quote_group, entity_id from quotation_mentions order by 1").fetchall() == [
        ("d1-g2", "e-russia"), ("d2-g2", "e-putin"), ("d2-g4", "e-geneva"),
    ]


def test_documents_keep_their_text_and_undated_ones_have_no_day(hand_made):
    assert hand_made.execute("select doc_id, title, day, outlet, language, tags from documents order by doc_id").fetchall() == [
        ("d1", "Leaders meet in Geneva", "2021-06-01", "Daily", "en", "[]"),
        ("d2", "Kremlin reacts", "2021-06-02", "Evening", "en", "[]"),
        ("d4", "Les dirigeants se rencontrent", None, "Le Soir", "fr", "[]"),
    ]
    assert hand_made.execute("select text from documents where doc_id = 'd4'").fetchall()[0][0] == "Les dirigeants se rencontrent\n\nLa réunion a eu lieu à Genève."


def test_the_queries_answer_as_the_duckdb_macros(hand_made):
    search = QUERIES["search"]["sql"]
    assert [row[0] for row in hand_made.execute(search, {"words": "cold"})] == ["d2-g4"]
    found = hand_made.execute(QUERIES["quotes_mentioning"]["sql"], {"name": "putin"}).fetchall()  # by its alias, any case
    assert [(row[0], row[1], row[2], row[6]) for row in found] == [("Vladimir Putin", "Kremlin", "mixed", "d2-g2")]


def test_every_view_of_the_sql_folder_has_a_page_or_a_query():
    """A new view of sql/ fails here until it is given a page (ANSWERS), said to be on one, or is a macro with a query."""
    names = {page.name for page in PAGES}
    for view in load_views():
        if view.name in TABLES and view.name not in ON_A_PAGE:
            continue  # the lake's own tables, listed in docs/tables.md; their pages are PAGES
        assert view.name in ANSWERS or ON_A_PAGE.get(view.name) in names or view.name in QUERIES or view.name in ("search_term", "search_stats"), view.name
    described = metadata()["databases"]["newslake"]["tables"]
    assert {"quotations", "documents", "entities", "places", *ANSWERS} <= set(described)
    assert described["quotations"]["facets"] == ["kind", "speaker", "outlet", "language", "day"]


def test_the_file_is_an_output_of_the_lake_once_browse_has_made_it(tmp_path):
    """Lakes nobody browses never pay for it at a commit; once made, each commit makes it again."""
    from newslake.outputs import SQLITE_NAME, is_stale, outputs, publish_file

    store = write_lake(tmp_path / "data")
    assert SQLITE_NAME not in outputs(store)
    publish_file(store, SQLITE_NAME, lambda path: build_sqlite(connect(store), path))
    assert SQLITE_NAME in outputs(store) and not is_stale(store, SQLITE_NAME)


def test_browse_says_in_one_line_what_is_wrong(tmp_path):
    import socket

    from typer.testing import CliRunner

    from cli.app import app

    runner = CliRunner()
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["browse", "--data", str(tmp_path / "empty")])
    assert (result.exit_code, result.output.strip()) == (1, f"error: no data in {tmp_path / 'empty'}: run `newslake ingest` first")
    write_lake(tmp_path / "data")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["browse", "--data", str(tmp_path / "data"), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    assert (tmp_path / "data" / "newslake.sqlite").exists()  # made before, for the next try and every commit


HOSTILE_TITLE = '<script>document.title="owned"</script><b>Leaders</b>'
HOSTILE_QUOTE = '<img src=x onerror="alert(1)">We will talk'


def test_html_in_a_title_or_a_quotation_is_shown_as_text(tmp_path):
    rows = lake_rows()
    rows["documents"][0]["title"] = HOSTILE_TITLE
    rows["quotes"][0]["text"] = HOSTILE_QUOTE
    store = write_lake(tmp_path / "data", rows)
    folder = tmp_path / "served"
    folder.mkdir()
    path = build_sqlite(connect(store), folder / "newslake.sqlite")

    from datasette.app import Datasette

    from newslake.browse import SETTINGS

    datasette = Datasette(immutables=[str(path)], metadata=metadata(), settings=SETTINGS)

    async def pages() -> list[str]:
        await datasette.invoke_startup()
        urls = ["/newslake/documents", "/newslake/documents/d1", "/newslake/quotations", "/newslake/quotations/d1-g1", "/newslake/quotations?_search=talk"]
        return [(await datasette.client.get(url)).text for url in urls]

    for page in asyncio.run(pages()):
        assert "<script>document.title" not in page and "<b>Leaders</b>" not in page and "<img src=x" not in page
        assert "&lt;b&gt;Leaders&lt;/b&gt;" in page or "&lt;img src=x" in page


def test_a_write_is_refused(hand_made, tmp_path):
    """The file is served immutable: Datasette's SQL runs on a read-only connection."""
    from datasette.app import Datasette

    from newslake.browse import SETTINGS

    path = hand_made.execute("pragma database_list").fetchone()[2]
    datasette = Datasette(immutables=[path], metadata=metadata(), settings=SETTINGS)

    async def run(sql: str) -> dict:
        await datasette.invoke_startup()
        return (await datasette.client.get("/newslake.json", params={"sql": sql})).json()

    answer = asyncio.run(run("delete from quotations"))
    assert answer["ok"] is False
    assert sqlite3.connect(path).execute("select count(*) from quotations").fetchall()[0][0] == 11


def _address(browse: subprocess.Popen, seconds: float = 90) -> str:
    ready, _, _ = select.select([browse.stdout], [], [], seconds)
    assert ready, "newslake browse printed no address"
    line = browse.stdout.readline()
    assert "http://127.0.0.1:" in line, line
    return "http://" + line.split("http://", 1)[1].split()[0]


def _json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.flow
@pytest.mark.slow
def test_browse_the_seed_lake_in_chromium(seed_data, seed_db):
    """Quotations page → facet by speaker → search a word → a quotation's article → back → the
    speaker's page and its quotations; the JSON API counts what the DuckDB views count; SIGTERM stops it."""
    from selenium.webdriver.common.by import By

    from tests.test_report import chromium

    browse = subprocess.Popen(
        [sys.executable, "-m", "cli", "browse", "--data", str(seed_data), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # as a background job has it: SIGTERM must do
    )
    browser = None
    try:
        base = _address(browse)
        assert _json(f"{base}/quotations.json?_size=0")["filtered_table_rows_count"] == seed_db.execute("select count(*) from quotations").fetchall()[0][0]
        trump = seed_db.execute("select count(*) from quotations where speaker = 'Donald Trump'").fetchall()[0][0]
        assert _json(f"{base}/quotations.json?_size=0&speaker=Donald+Trump")["filtered_table_rows_count"] == trump

        browser = chromium()
        browser.get(f"{base}/quotations")
        assert browser.find_element(By.CSS_SELECTOR, "h1").text == "quotations"
        browser.find_element(By.CSS_SELECTOR, "#facet-speaker").find_element(By.LINK_TEXT, "Donald Trump").click()
        assert "speaker=Donald+Trump" in browser.current_url
        assert browser.find_element(By.CSS_SELECTOR, "h3").text == f'{trump} rows where speaker = "Donald Trump"'

        search = browser.find_element(By.ID, "_search")
        search.send_keys("wall")
        search.submit()
        quotes = [cell.text.lower() for cell in browser.find_elements(By.CSS_SELECTOR, "td.col-quote")]
        assert quotes and all("wall" in quote for quote in quotes)
        assert all(cell.text == "Donald Trump" for cell in browser.find_elements(By.CSS_SELECTOR, "td.col-speaker"))

        listing = browser.current_url
        article = browser.find_element(By.CSS_SELECTOR, "td.col-doc_id a")
        title = article.text
        article.click()
        assert "/newslake/documents/" in browser.current_url
        assert browser.find_element(By.CSS_SELECTOR, "td.col-title").text == title
        assert "wall" in browser.find_element(By.CSS_SELECTOR, "td.col-text").text

        browser.back()
        assert browser.current_url == listing
        browser.find_element(By.CSS_SELECTOR, "td.col-speaker_entity_id a").click()
        assert browser.find_element(By.CSS_SELECTOR, "td.col-name").text == "Donald Trump"
        browser.find_element(By.PARTIAL_LINK_TEXT, f"{trump} rows").click()  # "… from speaker_entity_id in quotations"
        assert "speaker_entity_id=" in browser.current_url
        errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []
    finally:
        if browser is not None:
            browser.quit()
        browse.send_signal(signal.SIGTERM)
        try:
            output, _ = browse.communicate(timeout=30)
        finally:
            browse.kill()
    assert browse.returncode == 0
    assert output.strip().endswith("stopped")
