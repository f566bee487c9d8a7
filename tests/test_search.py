"""Keyword search: terms as indexed, BM25 ranking in SQL, and `newslake search` on the shipped seeds."""

import math

import duckdb
import pytest
from typer.testing import CliRunner

from cli.app import app
from newslake.views import load_views
from transforms.text.search import fold, postings, terms


def test_terms_are_lower_case_words_without_stop_words_and_plurals():
    assert terms("The Senators' sanctions were not lifted, she says; 2 policies, 1 bus.") == [
        "senator", "sanction", "not", "lifted", "say", "policy", "bus",
    ]


@pytest.mark.parametrize("word, folded", [
    ("sanctions", "sanction"), ("policies", "policy"), ("horses", "horse"), ("bus", "bus"), ("class", "class"),
    ("series", "sery"), ("toes", "toe"), ("trees", "tree"), ("is", "is"), ("news", "new"), ("us", "us"),
])
def test_plural_fold(word, folded):
    assert fold(word) == folded


def test_sql_folds_query_words_exactly_as_the_index_does():
    connection = duckdb.connect()
    [macro] = [view for view in load_views() if view.name == "search_term"]
    connection.execute(macro.sql)
    words = "sanctions policies horses bus class series toes trees is news us ies ves says Trump's cookies aes impeachment".lower().split()
    assert [connection.execute("select search_term(?)", [w]).fetchone()[0] for w in words] == [fold(w) for w in words]


def test_postings_count_terms_per_unit():
    rows = list(postings("sentences", "d1", [("d1-s0001", "Wall, wall, border wall."), ("d1-s0002", "The end.")]))
    assert [(r["unit_id"], r["term"], r["tf"], r["unit_length"]) for r in rows] == [
        ("d1-s0001", "wall", 3, 4), ("d1-s0001", "border", 1, 4), ("d1-s0002", "end", 1, 1),
    ]


@pytest.mark.flow
def test_search_ranks_quotes_by_bm25(seed_db):
    found = seed_db.sql("select speaker, unit_id, score, kind from search('border emergency')").fetchall()
    # both words in a short unit: what Al Jazeera reported, then Becerra's "no border crisis ... his emergency declaration"
    assert [(speaker, kind) for speaker, _, _, kind in found[:2]] == [("Al Jazeera", "indirect"), ("Xavier Becerra", "direct")]
    # the score is BM25 (k1 1.2, b 0.75) recomputed here from the index tables
    n_units, avg_length = seed_db.sql("select n_units, avg_length from search_stats where unit = 'quotes'").fetchall()[0]
    expected = 0.0
    for term in ("border", "emergency"):
        df = seed_db.sql(f"select count(*) from terms where unit = 'quotes' and term = '{term}'").fetchall()[0][0]
        for tf, length in seed_db.sql(f"select tf, unit_length from terms where unit_id = '{found[0][1]}' and term = '{term}'").fetchall():
            expected += math.log(1 + (n_units - df + 0.5) / (df + 0.5)) * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / avg_length))
    assert found[0][2] == pytest.approx(expected, abs=1e-3)
    assert [score for _, _, score, _ in found] == sorted((score for _, _, score, _ in found), reverse=True)


@pytest.mark.flow
def test_search_sentences_and_what_matches_nothing(seed_db):
    top = seed_db.sql("select text, title from search('impeachment inquiry', unit_kind := 'sentences') limit 1").fetchall()[0]
    assert "official impeachment inquiry" in top[0]
    assert seed_db.sql("select count(*) from search('the and of', 'quotes')").fetchall()[0] == (0,)
    assert seed_db.sql("select count(*) from search('', 'sentences')").fetchall()[0] == (0,)


@pytest.mark.flow
def test_search_leaves_out_duplicate_copies(seed_db):
    hits = seed_db.sql("select doc_id from search('impeachment', 'sentences')").fetchall()
    copies = {row[0] for row in seed_db.sql("select doc_id from duplicates").fetchall()}
    assert hits and not copies & {row[0] for row in hits}


@pytest.mark.flow
def test_cli_search(seed_data):
    result = CliRunner().invoke(app, ["search", "Putin problems", "--data", str(seed_data), "--limit", "1", "-f", "csv"])
    assert result.exit_code == 0, result.output
    header, first = result.output.splitlines()[:2]
    assert header == "rank,score,speaker,kind,text,title,published_at,doc_id"
    assert first.startswith("1,") and ",Donald Trump,direct,\"Personally, I have never had any problems with Putin." in first
    table = CliRunner().invoke(app, ["search", "Putin problems", "--data", str(seed_data), "--in", "sentences", "-f", "table"])
    assert table.exit_code == 0 and "sentence" in table.output and "Unequal battle" in table.output
    nothing = CliRunner().invoke(app, ["search", "xylophone", "--data", str(seed_data), "-f", "table"])
    assert nothing.output.strip() == "no quotes match 'xylophone'"
