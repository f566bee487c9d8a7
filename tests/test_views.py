"""The SQL views over the shipped seed: each returns rows, and the answers are the article's."""

import pytest

from newslake.views import load_views

pytestmark = pytest.mark.flow

VIEWS = [view for view in load_views() if not view.is_macro]


def rows(db, sql):
    return db.sql(sql).fetchall()


@pytest.mark.parametrize("view", [view.name for view in VIEWS if view.name != "rejects"])
def test_every_view_returns_rows_on_the_seed(seed_db, view):
    assert rows(seed_db, f"select count(*) from {view}")[0][0] > 0


def test_doc_stats(seed_db):
    assert rows(seed_db, "select title, n_sentences, n_quotes from doc_stats") == [
        ("“Unequal battle”: what can Putin and Biden agree on during negotiations", 45, 4)
    ]


def test_top_speakers(seed_db):
    assert rows(seed_db, "select speaker, n_quotes from top_speakers order by speaker") == [
        ("CNN", 1), ("Dmitry Peskov", 1), ("Donald Trump", 1), ("Jen Psaki", 1),
    ]


def test_top_entities_by_label(seed_db):
    assert rows(seed_db, "select name, n_mentions from top_entities where label = 'PERSON' and rank_in_label <= 2") == [
        ("Vladimir Putin", 8), ("Joseph Biden", 7),
    ]


def test_entity_cooccurrence(seed_db):
    top = rows(seed_db, "select entity_a, entity_b, n_sentences, n_docs from entity_cooccurrence limit 1")
    assert top == [("Vladimir Putin", "Joseph Biden", 4, 1)]


def test_speaker_mentions_who_talks_about_whom(seed_db):
    assert ("Donald Trump", "Vladimir Putin", 2) in rows(seed_db, "select speaker, mentioned, n_mentions from speaker_mentions")


def test_quotes_mentioning_finds_aliases(seed_db):
    by_alias = rows(seed_db, "select speaker from quotes_mentioning('Putin')")
    by_name = rows(seed_db, "select speaker from quotes_mentioning('Vladimir Putin')")
    assert by_alias == by_name == [("Donald Trump",)]
    assert rows(seed_db, "select speaker from quotes_mentioning('USA') order by speaker") == [("CNN",)]


def test_speaker_quotes_has_title_and_sentence(seed_db):
    found = rows(seed_db, "select speaker, cue, sentence from speaker_quotes where speaker = 'Donald Trump'")
    assert found == [("Donald Trump", "said", "“Personally, I have never had any problems with Putin.")]


def test_doc_entities_ranks_within_each_document(seed_db):
    assert rows(seed_db, "select entity from doc_entities where rank_in_doc = 1") == [("Vladimir Putin",)]
