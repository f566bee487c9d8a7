"""The SQL views over the shipped seed: each returns rows, and the answers are the article's."""

import pytest

from newslake.views import load_views

pytestmark = pytest.mark.flow

VIEWS = [view for view in load_views() if not view.is_macro]


def rows(db, sql):
    return db.sql(sql).fetchall()


# Empty on the seed by design: no file is rejected, none carries an agency's credit, its one copy
# is exact (a duplicate, kept out of stories), so no pair of near-copies, and no person is named by
# surname alone in some documents and in full in three others (same_person: tests/test_sql_views.py).
EMPTY_ON_THE_SEED = {"rejects", "wire_credits", "story_pairs", "same_person"}


@pytest.mark.parametrize("view", [view.name for view in VIEWS if view.name not in EMPTY_ON_THE_SEED])
def test_every_view_returns_rows_on_the_seed(seed_db, view):
    assert rows(seed_db, f"select count(*) from {view}")[0][0] > 0


SEED = "source_path = 'unequal-battle.txt'"


def test_doc_stats(seed_db):
    assert rows(seed_db, f"select title, n_sentences, n_quotes, n_reported from doc_stats where {SEED}") == [
        ("“Unequal battle”: what can Putin and Biden agree on during negotiations", 45, 4, 7)
    ]
    assert rows(seed_db, "select count(*) from doc_stats") == [(12,)]  # 13 documents, one of them a copy


def test_top_speakers(seed_db):
    assert rows(seed_db, "select speaker, kind, n_docs from top_speakers limit 1") == [("Donald Trump", "all", 10)]
    trump = rows(seed_db, "select kind, n_quotes from top_speakers where speaker = 'Donald Trump' and kind <> 'all'")
    assert sum(n for _, n in trump) == rows(seed_db, "select n_quotes from top_speakers where speaker = 'Donald Trump' and kind = 'all'")[0][0]
    # 7 documents: in the JSONL dump's impeachment article "Trump … attacked the impeachment
    # investigation as "Witch Hunt garbage."" is his quotation (a verb of judgement it hangs on)
    assert rows(seed_db, "select speaker, n_docs from top_speakers where kind = 'direct' limit 1") == [("Donald Trump", 7)]
    # "Former US Ambassador to the United Nations Nikki Haley wrote": the title stays in `speaker`;
    # one quotation (the next paragraph's "The WH statement tonight …" is Brett McGurk's, who "also
    # criticized the decision via Twitter")
    direct = rows(seed_db, "select speaker, n_quotes from top_speakers where kind = 'direct'")
    assert ("Nikki Haley", 1) in direct and ("Brett McGurk", 2) in direct
    in_seed = rows(seed_db, f"select speaker, kind, count(*) from speaker_quotes where {SEED} group by all order by 1, 2")
    assert in_seed == [
        ("CNN", "direct", 1), ("Dmitry Peskov", "direct", 1), ("Dmitry Peskov", "indirect", 1), ("Donald Trump", "direct", 1),
        ("Donald Trump", "indirect", 2), ("Downing Street", "indirect", 1), ("Jen Psaki", "direct", 1), ("Joe Biden", "mixed", 1),
        ("Kremlin", "indirect", 2),
    ]


def test_top_entities_by_label(seed_db):
    assert rows(seed_db, "select name from top_entities where label = 'PERSON' and rank_in_label <= 2") == [
        # Joe Biden ties Nancy Pelosi: `The accusation against Biden` is Joe, not his son Hunter named just before
        ("Donald Trump",), ("Joe Biden",), ("Nancy Pelosi",),
    ]


def test_entity_cooccurrence(seed_db):
    top = rows(seed_db, "select entity_a, entity_b from entity_cooccurrence limit 1")
    assert top == [("United States", "Donald Trump")]  # a pair is ordered by entity_id
    # the seed article's "Joseph Biden" and the Wikinews seeds' "Joe Biden" are one person, named as most mentions name him
    pair = "entity_a = 'Vladimir Putin' and entity_b = 'Joe Biden'"
    assert rows(seed_db, f"select n_sentences, n_docs from entity_cooccurrence where {pair}") == [(4, 1)]


def test_speaker_mentions_who_talks_about_whom(seed_db):
    found = rows(seed_db, "select speaker, mentioned, kind, n_mentions from speaker_mentions")
    assert ("Donald Trump", "Vladimir Putin", "all", 2) in found and ("Donald Trump", "Vladimir Putin", "direct", 2) in found


def test_quotes_mentioning_finds_aliases(seed_db):
    by_alias = rows(seed_db, "select speaker, kind from quotes_mentioning('Putin')")
    by_name = rows(seed_db, "select speaker, kind from quotes_mentioning('Vladimir Putin')")
    assert by_alias == by_name == [("Donald Trump", "direct"), ("Dmitry Peskov", "indirect")]
    assert ("CNN",) in rows(seed_db, "select speaker from quotes_mentioning('USA')")


def test_speaker_quotes_has_title_and_sentence(seed_db):
    found = rows(seed_db, f"select speaker, kind, cue, sentence from speaker_quotes where speaker = 'Donald Trump' and {SEED}")
    assert found == [
        ("Donald Trump", "indirect", "calling", "Donald Trump has already praised the upcoming talks, calling them an unequal match."),
        ("Donald Trump", "indirect", "Said", "Said it was like playing a professional American football team against high school students."),
        ("Donald Trump", "direct", "said", "“Personally, I have never had any problems with Putin."),
    ]


def test_doc_entities_ranks_within_each_document(seed_db):
    assert rows(seed_db, f"select entity from doc_entities where rank_in_doc = 1 and doc_id in (select doc_id from documents where {SEED})") == [
        ("Vladimir Putin",)
    ]


def test_the_copy_in_the_dump_is_counted_once(seed_db):
    copies = rows(seed_db, "select source_path, kept_source_path from duplicates")
    assert copies == [("wikinews/wn2019-118_US_Speaker_Pelosi_announces_Trump_impeachment_investigation.txt", "wikinews-2019.jsonl")]
    assert rows(seed_db, "select count(*) from documents where title like 'US Speaker Pelosi announces%'") == [(1,)]


def test_coverage_by_day_reads_datelines_and_record_dates(seed_db):
    days = rows(seed_db, "select strftime(day, '%Y-%m-%d'), n_documents from coverage_by_day")
    assert days[0] == ("2019-01-04", 1) and days[-1] == ("2019-12-21", 1)
    assert ("2019-03-15", 1) in days  # from the JSONL record's "published" field
    assert sum(n for _, n in days) == 11  # every document but the undated seed article


def test_connections_draw_no_progress_bar(seed_data):
    """DuckDB draws one on standard output for queries over 2 s: it would land in `newslake query`'s CSV."""
    from newslake.views import connect

    for read_only in (False, True):
        assert connect(seed_data, read_only=read_only).sql("select current_setting('enable_progress_bar')").fetchall() == [(False,)]
