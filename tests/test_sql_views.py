"""The SQL views on a small hand-made lake (tests/sql_lake.py): rows written by hand through the
declared schemas, derived tables made by the flow's own SQL, views created as `newslake query` creates
them. No model runs, so these answers move only when a view's SQL does; test_views.py keeps the
end-to-end answers on the seeds."""

from datetime import date

import pytest

from newslake.contracts import check
from newslake.views import connect, load_views
from tests.sql_lake import COPY, write_lake


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    return write_lake(tmp_path_factory.mktemp("hand-made-lake"))


@pytest.fixture(scope="module")
def db(lake):
    connection = connect(lake)
    yield connection
    connection.close()


def rows(db, sql):
    return db.sql(sql).fetchall()


def test_the_hand_made_rows_keep_every_contract(lake):
    assert check(lake) == []


def test_duplicates_lists_the_later_copy_of_the_same_text(db):
    assert rows(db, "select doc_id, source_path, duplicate_of, kept_source_path from duplicates") == [
        ("d3", "third.txt", "d2", "second.txt"),
    ]


def test_the_copy_is_left_out_of_every_view_with_documents(db):
    checked, leaking = [], []
    for view in load_views():
        if view.is_macro or view.name == "duplicates":
            continue
        columns = [row[0] for row in rows(db, f"describe {view.name}")]
        if "doc_id" in columns:
            checked.append(view.name)
            if rows(db, f"select count(*) from {view.name} where doc_id = '{COPY}'")[0][0]:
                leaking.append(view.name)
    assert leaking == []
    assert {"documents", "quotations", "speaker_quotes", "doc_stats", "doc_entities", "mentions", "entity_mentions"} <= set(checked)


def test_entities_are_named_by_most_mentions_and_counted_without_the_copy(db):
    assert rows(db, "select entity_id, name, aliases, n_mentions, n_docs from entities") == [
        ("e-biden", "Joe Biden", ["Biden", "Joe Biden", "Joseph Biden"], 3, 2),  # "Joe Biden" twice, "Joseph Biden" once
        ("e-geneva", "Geneva", ["Geneva"], 2, 2),
        ("e-kremlin", "Kremlin", ["Kremlin"], 2, 1),  # not 4: the copy's two are left out
        ("e-russia", "Russia", ["Russia"], 1, 1),
        ("e-putin", "Vladimir Putin", ["Putin"], 1, 1),
    ]


def test_top_speakers_counts_entities_names_and_groups_only(db):
    found = rows(db, "select speaker, speaker_entity_id, speaker_status, kind, n_quotes, n_words, n_docs from top_speakers")
    assert found == [
        # "Joe Biden" (a split quotation and a reported clause) and "Joseph Biden": one entity, named as entities names it
        ("Joe Biden", "e-biden", "entity", "all", 3, 14, 2),
        # "MARK SMITH" once and "Mark Smith" twice: one name, case folded, written as most attributions write it
        ("Mark Smith", None, "name", "all", 3, 9, 2),
        ("analysts", None, "group", "all", 2, 8, 2),
        ("Kremlin", "e-kremlin", "entity", "all", 1, 8, 1),  # the mixed clause's words, not its quoted fragment's
        ("Joe Biden", "e-biden", "entity", "direct", 2, 11, 2),
        ("Mark Smith", None, "name", "indirect", 3, 9, 2),
        ("analysts", None, "group", "indirect", 2, 8, 2),
        ("Joe Biden", "e-biden", "entity", "indirect", 1, 3, 1),
        ("Kremlin", "e-kremlin", "entity", "mixed", 1, 8, 1),
    ]  # "he" (unresolved) and the quotation with no speaker are not ranked; the copy's Kremlin is not counted


def test_speaker_resolution_counts_every_attribution_by_status(db):
    found = rows(db, "select speaker_status, counted, n_quotes, share, most_frequent from speaker_resolution where kind = 'all' order by n_quotes desc, speaker_status")
    assert found == [
        ("entity", True, 4, 0.364, ["Joe Biden", "Joseph Biden", "Kremlin"]),
        ("name", True, 3, 0.273, ["Mark Smith", "MARK SMITH"]),
        ("group", True, 2, 0.182, ["analysts"]),
        ("none", False, 1, 0.091, ["(unattributed)"]),
        ("unresolved", False, 1, 0.091, ["he"]),
    ]  # 11 attributions: the quoted term ("reset") is none, and the copy's 5 are left out
    assert rows(db, "select kind, sum(n_quotes), round(sum(share), 2) from speaker_resolution group by kind order by kind") == [
        ("all", 11, 1.0), ("direct", 4, 1.0), ("indirect", 6, 1.0), ("mixed", 1, 1.0),
    ]  # shares of each kind, rounded to 3 places
    assert rows(db, "select speaker_status, n_quotes from speaker_resolution where kind = 'all' and counted") == [
        ("entity", 4), ("name", 3), ("group", 2),
    ]  # counted first, as top_speakers counts them: 4 + 3 + 2 = the 9 attributions of its 'all' rows


def test_quotations_join_the_pieces_of_one_quotation(db):
    found = rows(db, "select quote_group, kind, speaker, speaker_as_written, quote, n_pieces, n_words from quotations order by quote_group")
    assert found == [
        ("d1-g1", "direct", "Joe Biden", "Joe Biden", "We will talk … and we will listen", 2, 7),
        ("d1-g2", "indirect", "Joe Biden", "Biden", "Russia would join", 0, 3),
        ("d1-g3", "indirect", "analysts", "Analysts", "the summit was short", 0, 4),
        ("d1-g4", "indirect", "MARK SMITH", "MARK SMITH", "it rained", 0, 2),
        ("d1-g5", "direct", "he", "he", "Nothing changed", 1, 2),
        ("d1-g6", "direct", None, None, "Talks end at noon.", 1, 4),
        # the mixed clause speaks for its group: its words, not the fragment's ("constructive and calm")
        ("d2-g1", "direct", "Joe Biden", "Joseph Biden", "The talks were useful", 1, 4),
        ("d2-g2", "mixed", "Kremlin", "The Kremlin", "Putin was ready for “constructive and calm” work", 1, 8),
        ("d2-g3", "indirect", "Mark Smith", "Mark Smith", "the talks were late", 0, 4),
        ("d2-g4", "indirect", "Mark Smith", "Mark Smith", "Geneva was cold", 0, 3),
        ("d2-g5", "indirect", "analysts", "Analysts", "more talks would follow", 0, 4),
    ]  # d1-g7, the quoted term "reset", is not an attribution
    assert rows(db, "select sentence, start_char, end_char from quotations where quote_group = 'd1-g1'") == [
        ("“We will talk,” Joe Biden said, “and we will listen.”", 25, 75),  # from the first piece to the end of the last
    ]


def test_speaker_quotes_gives_each_attribution_its_document_in_document_order(db):
    found = rows(db, "select source_path, title, speaker, kind, cue, quote from speaker_quotes")
    first, second = ("first.txt", "Leaders meet in Geneva"), ("second.txt", "Kremlin reacts")
    assert found == [
        (*first, "Joe Biden", "direct", "said", "We will talk … and we will listen"),
        (*first, "Joe Biden", "indirect", "said", "Russia would join"),
        (*first, "analysts", "indirect", "said", "the summit was short"),
        (*first, "MARK SMITH", "indirect", "said", "it rained"),
        (*first, "he", "direct", "said", "Nothing changed"),
        (*first, None, "direct", None, "Talks end at noon."),
        (*second, "Joe Biden", "direct", "told", "The talks were useful"),
        (*second, "Kremlin", "mixed", "said", "Putin was ready for “constructive and calm” work"),
        (*second, "Mark Smith", "indirect", "said", "the talks were late"),
        (*second, "Mark Smith", "indirect", "added", "Geneva was cold"),
        (*second, "analysts", "indirect", "said", "more talks would follow"),
    ]


def test_speaker_quotes_names_an_entity_as_top_speakers_does(db):
    by_quotes = rows(db, "select speaker, count(*) from speaker_quotes where speaker_entity_id = 'e-biden' group by speaker")
    assert by_quotes == rows(db, "select speaker, n_quotes from top_speakers where speaker_entity_id = 'e-biden' and kind = 'all'")


def test_doc_stats_counts_each_kept_document(db):
    found = rows(db, "select source_path, language, n_paragraphs, n_sentences, n_mentions, n_quotes, n_reported from doc_stats")
    assert found == [
        ("first.txt", "en", 3, 8, 4, 3, 3),  # direct: the split quotation, "he"'s and the speakerless one; the term "reset" in neither
        ("quatre.txt", "fr", 2, 0, 0, 0, 0),  # not English: a document only
        ("second.txt", "en", 3, 6, 5, 1, 4),  # the mixed clause is reported speech
    ]


def test_coverage_by_day_counts_dated_documents_once(db):
    assert rows(db, "select day, language, n_documents, n_quotes, n_reported, n_mentions from coverage_by_day") == [
        (date(2021, 6, 1), "en", 1, 3, 3, 4),
        (date(2021, 6, 2), "en", 1, 1, 4, 5),  # second.txt and its copy: one document
    ]  # the undated French document has no day


def test_entity_cooccurrence_pairs_entities_of_one_sentence(db):
    assert rows(db, "select entity_a, label_a, entity_b, label_b, n_sentences, n_docs from entity_cooccurrence") == [
        ("Joe Biden", "PERSON", "Russia", "GPE", 1, 1),  # "Biden said Russia would join."
        ("Kremlin", "ORG", "Vladimir Putin", "PERSON", 1, 1),  # once: the copy's sentence is left out
    ]


def test_doc_entities_ranks_entities_within_each_document(db):
    assert rows(db, "select doc_id, entity, n_mentions, rank_in_doc, first_char from doc_entities") == [
        ("d1", "Joe Biden", 2, 1, 40),
        ("d1", "Geneva", 1, 2, 16),
        ("d1", "Russia", 1, 2, 89),
        ("d2", "Kremlin", 2, 1, 0),
        ("d2", "Joe Biden", 1, 2, 41),  # written "Joseph Biden" here, named as entities names him
        ("d2", "Vladimir Putin", 1, 2, 87),
        ("d2", "Geneva", 1, 2, 197),
    ]


def test_every_table_is_in_the_lake_schema_with_every_row_and_its_base_view_leaves_the_copy_out(db):
    """One name, one set of rows: `lake.<table>` holds the copy's rows, the base view `<table>`
    does not, for every table with a doc_id (also those whose base view a file of sql/ replaces)."""
    from transforms.schema import TABLES

    for name, table in TABLES.items():
        every = rows(db, f"select count(*) from lake.{name}")[0][0]
        kept = rows(db, f"select count(*) from {name}")[0][0]
        if table.leaves_copies_out:
            copies = rows(db, f"select count(*) from lake.{name} where doc_id = '{COPY}'")[0][0]
            assert kept == every - copies, name
        else:
            assert kept == every, name
    assert rows(db, f"select count(*) from lake.quotations where doc_id = '{COPY}'") == [(5,)]  # the copy's 5 attributions
    assert rows(db, "select count(*) from lake.duplicates") == rows(db, "select count(*) from duplicates") == [(1,)]


def test_a_newly_declared_table_gets_its_base_view_from_its_declaration():
    import pyarrow as pa

    from newslake.views import base_views
    from transforms.schema import Table

    def declared(name, *columns):
        return Table(name, "one row per thing", (columns[0],), pa.schema([pa.field(column, pa.string()) for column in columns]))

    by_document, collection = declared("things", "doc_id", "word"), declared("outlets", "outlet")
    views = {view.name: view for view in base_views({"things": by_document, "outlets": collection})}
    assert views["things"].sql == "select * from lake.things\nanti join lake.duplicates as copies using (doc_id)"
    assert views["outlets"].sql == "select * from lake.outlets"
    assert views["things"].description == "one row per thing; copies listed in duplicates are left out (base view over lake.things)"


def _view(connection, name: str) -> None:
    connection.execute(f"create view {name} as " + next(view.sql for view in load_views() if view.name == name))


def test_a_surname_some_documents_write_alone_counts_under_the_full_name_that_leads():
    """`Obama` (documents that never write the full name) is Barack Obama, whom three documents or
    more write in full and who holds 3 in 4 of the full names ending in Obama; `Johnson` is nobody's
    while two full names share it; `Smith`'s only full name is in two documents, too few; a `Biden`
    the user identified (--entities) stays theirs."""
    import duckdb

    connection = duckdb.connect()
    connection.execute("create table entities (entity_id varchar, name varchar, label varchar, n_mentions integer, n_docs integer, kb_id varchar)")
    connection.execute("""insert into entities values
        ('e-obama', 'Obama', 'PERSON', 107, 20, null), ('e-barack', 'Barack Obama', 'PERSON', 71, 30, null), ('e-michelle', 'Michelle Obama', 'PERSON', 19, 3, null),
        ('e-johnson', 'Johnson', 'PERSON', 9, 4, null), ('e-boris', 'Boris Johnson', 'PERSON', 40, 12, null), ('e-dwayne', 'Dwayne Johnson', 'PERSON', 30, 9, null),
        ('e-smith', 'Smith', 'PERSON', 5, 3, null), ('e-john', 'John Smith', 'PERSON', 6, 2, null), ('e-ford', 'Ford', 'ORG', 50, 10, null),
        ('e-gerald', 'Gerald Ford', 'PERSON', 10, 4, null), ('Q1', 'Biden', 'PERSON', 8, 3, 'Q1'), ('e-joe', 'Joe Biden', 'PERSON', 90, 20, null)""")
    connection.execute("""create table speaker_totals (speaker varchar, speaker_entity_id varchar, speaker_status varchar, kind varchar, language varchar,
        n_quotes bigint, n_words bigint, n_docs bigint)""")
    connection.execute("""insert into speaker_totals values
        ('Obama', 'e-obama', 'entity', 'all', 'en', 67, 900, 11), ('Barack Obama', 'e-barack', 'entity', 'all', 'en', 20, 300, 9),
        ('Johnson', 'e-johnson', 'entity', 'all', 'en', 4, 50, 2)""")
    _view(connection, "same_person")
    _view(connection, "top_speakers")
    assert connection.sql("select name, same_as_name from same_person").fetchall() == [("Obama", "Barack Obama")]
    assert connection.sql("select speaker, speaker_entity_id, n_quotes, n_words, n_docs from top_speakers").fetchall() == [
        ("Barack Obama", "e-barack", 87, 1200, 20), ("Johnson", "e-johnson", 4, 50, 2),
    ]
