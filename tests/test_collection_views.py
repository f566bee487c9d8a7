"""The collection's views (doc_origins, outlet_stats, quotes_by_outlet, statements, statement_spread,
gender_by_outlet, and coverage_by_day's stories) on the hand-made lake (tests/sql_lake.py) with one
more document: n1, d1 as a wire service ran it an hour and a half earlier on its own site (a URL,
no site name), one sentence ("Mr Biden said he was pleased.") and a credit line ("Reuters") added."""

from datetime import date, datetime, timedelta, timezone

import pytest

from newslake.store import Store
from newslake.views import connect
from tests.sql_lake import lake_rows
from tests.test_collection import near_copy
from tests.test_derived import commit

EARLIER = datetime(2021, 6, 1, 8, 0, tzinfo=timezone.utc)  # d1 was published at 9:30


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    rows = lake_rows()
    copy = near_copy(rows)
    copy["documents"][0]["published_at"] = EARLIER
    for name, added in copy.items():
        rows[name] += added
    store = Store(tmp_path_factory.mktemp("collection-lake") / "data")
    commit(store, rows)
    connection = connect(store)
    yield connection
    connection.close()


def rows(db, sql):
    return db.sql(sql).fetchall()


def test_doc_origins_gives_each_kept_document_its_outlet_wire_agency_and_story(db):
    assert rows(db, "select doc_id, outlet, outlet_domain, wire_agency, story_id, is_original, story_documents from doc_origins order by doc_id") == [
        ("d1", "Daily", None, None, "n1", False, 2),  # the near-copy published first is the story's original
        ("d2", "Evening", None, None, "d2", True, 1),  # (d3, its exact copy, is in duplicates: not here)
        ("d4", "Le Soir", None, None, "d4", True, 1),
        ("n1", "evening.co.uk", "evening.co.uk", "Reuters", "n1", True, 2),  # no site name: the URL's registrable domain
    ]


def test_outlet_stats_counts_documents_stories_wire_copy_and_quotations(db):
    assert rows(db, "select * from outlet_stats") == [
        ("Daily", 1, 1, 0, 0.0, 6, ["en"]),
        ("Evening", 1, 1, 0, 0.0, 5, ["en"]),  # the copy d3 is not counted
        ("Le Soir", 1, 1, 0, 0.0, 0, ["fr"]),
        ("evening.co.uk", 1, 1, 1, 1.0, 6, ["en"]),
    ]


def test_quotes_by_outlet_ranks_speakers_within_each_outlet(db):
    assert rows(db, "select outlet, speaker, n_quotes, n_words, rank_in_outlet from quotes_by_outlet where outlet in ('Daily', 'Evening')") == [
        ("Daily", "Joe Biden", 2, 10, 1),
        ("Daily", "analysts", 1, 4, 2),
        ("Daily", "MARK SMITH", 1, 2, 2),  # the unresolved "he" and the speakerless quotation are not ranked
        ("Evening", "Mark Smith", 2, 7, 1),
        ("Evening", "Kremlin", 1, 8, 2),
        ("Evening", "Joe Biden", 1, 4, 2),  # written "Joseph Biden" here: named as entities names him
        ("Evening", "analysts", 1, 4, 2),
    ]


def test_statements_join_the_same_quotation_in_both_documents(db):
    assert rows(db, "select text, speaker, speaker_share, first_doc_id, last_doc_id, n_occurrences, n_outlets from statements where speaker = 'Joe Biden' order by text") == [
        ("Russia would join", "Joe Biden", 1.0, "n1", "d1", 2, 2),
        ("The talks were useful", "Joe Biden", 1.0, "d2", "d2", 1, 1),
        ("We will talk … and we will listen", "Joe Biden", 1.0, "n1", "d1", 2, 2),
    ]


def test_statement_spread_gives_the_outlets_in_order_and_the_time_to_the_second(db):
    found = rows(db, "select text, first_outlet, n_outlets, to_second_outlet, to_fifth_outlet, outlets from statement_spread where text like 'We will%' or text like 'Geneva%'")
    assert found == [
        ("We will talk … and we will listen", "evening.co.uk", 2, timedelta(hours=1, minutes=30), None, ["evening.co.uk", "Daily"]),
        ("Geneva was cold", "Evening", 1, None, None, ["Evening"]),
    ]
    assert rows(db, "select count(*), count(*) filter (where n_outlets = 2) from statement_spread") == [(11, 6)]  # d1's 6 attributions twice


def test_gender_by_outlet_counts_quotations_of_named_people_by_month(db):
    assert rows(db, "select * from gender_by_outlet") == [
        ("Daily", date(2021, 6, 1), 2, 0, 2, 0, 0.0),  # Biden is male by n1's own words ("Mr Biden", "he"), in every outlet
        ("Evening", date(2021, 6, 1), 1, 0, 1, 0, 0.0),
        ("evening.co.uk", date(2021, 6, 1), 2, 0, 2, 0, 0.0),
    ]


def test_coverage_by_day_counts_a_story_once(db):
    assert rows(db, "select day, n_documents, n_stories from coverage_by_day") == [
        (date(2021, 6, 1), 2, 1),  # d1 and its near-copy n1: two documents, one story
        (date(2021, 6, 2), 1, 1),
    ]
