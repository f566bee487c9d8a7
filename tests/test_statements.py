"""Statements: one quotation reported by several documents is one row, its longest form kept."""

from datetime import datetime, timezone

from transforms.collection.statements import match_key, statements

FULL = "We will not allow the closure of the plant, and we will fight for every single job in this town."
TRIMMED = "we will fight for every single job in this town"
DAY = [datetime(2024, 3, day, 8, tzinfo=timezone.utc) for day in range(1, 8)]


def occurrence(group, doc_id, quote, day, speaker="Jane Ellis", entity="e-ellis", outlet=None, kind="direct"):
    return {"quote_group": group, "doc_id": doc_id, "quote": quote, "kind": kind, "speaker_name": speaker,
            "speaker_entity_id": entity, "published_at": DAY[day], "outlet": outlet}


def test_the_match_key_drops_case_punctuation_and_quote_marks():
    assert match_key("“We won’t back down,” — not now…") == "we wont back down not now"
    assert match_key("We won't back down, not now.") == "we wont back down not now"
    assert match_key(" ... ") == ""


def test_the_same_quotation_trimmed_and_punctuated_differently_is_one_statement():
    rows, links = statements([
        occurrence("a#1", "a", "We will fight for every single job in this town!", 2, outlet="Daily Post"),
        occurrence("b#3", "b", FULL, 3, outlet="Evening News"),
        occurrence("c#1", "c", "‘We will not allow the closure of the plant – and we will fight for every single job in this town’", 5,
                   speaker="Ellis", entity="e-ellis", outlet="Daily Post"),
        occurrence("d#2", "d", TRIMMED, 6, speaker=None, entity=None, outlet="Radio North"),
    ])
    [row] = rows
    assert row == {
        "statement_id": row["statement_id"], "text": FULL, "match_key": match_key(FULL), "n_words": 20,
        "speaker": "Jane Ellis", "speaker_entity_id": "e-ellis", "speaker_share": 0.75, "kind": "direct",
        "first_seen_at": DAY[2], "first_doc_id": "a", "first_outlet": "Daily Post",
        "last_seen_at": DAY[6], "last_doc_id": "d", "n_occurrences": 4, "n_documents": 4, "n_outlets": 3, "n_forms": 2,
        "outlets": ["Daily Post", "Evening News", "Radio North"], "outlets_first_seen_at": [DAY[2], DAY[3], DAY[6]],
    }
    assert [(link["quote_group"], link["statement_id"]) for link in links] == [(group, row["statement_id"]) for group in ("a#1", "b#3", "c#1", "d#2")]


def test_the_outlets_come_in_the_order_they_first_carried_it_undated_ones_last():
    undated = occurrence("e#1", "e", TRIMMED, 0, outlet="Zeta Times") | {"published_at": None}
    [row], _ = statements([
        occurrence("a#1", "a", TRIMMED, 4, outlet="Daily Post"),
        occurrence("b#1", "b", TRIMMED, 2, outlet="Evening News"),
        occurrence("c#1", "c", TRIMMED, 1, outlet="Daily Post"),  # its earlier document counts
        undated,
        occurrence("d#1", "d", TRIMMED, 3),  # no outlet: not in the spread
        occurrence("f#1", "f", TRIMMED, 5, outlet="Alpha") | {"published_at": None},
    ])
    assert (row["outlets"], row["outlets_first_seen_at"]) == (["Daily Post", "Evening News", "Alpha", "Zeta Times"], [DAY[1], DAY[2], None, None])


def test_the_id_stays_when_a_longer_form_arrives_later():
    [before], _ = statements([occurrence("a#1", "a", TRIMMED, 2), occurrence("b#1", "b", TRIMMED + ".", 3)])
    [after], _ = statements([occurrence("a#1", "a", TRIMMED, 2), occurrence("b#1", "b", TRIMMED + ".", 3), occurrence("c#1", "c", FULL, 4)])
    assert after["statement_id"] == before["statement_id"]
    assert (before["text"], after["text"]) == (TRIMMED, FULL)


def test_a_part_said_by_someone_else_does_not_join():
    rows, _ = statements([
        occurrence("a#1", "a", FULL, 1),
        occurrence("b#1", "b", TRIMMED, 2, speaker="Tom Reid", entity="e-reid"),
    ])
    assert sorted((row["text"], row["speaker"]) for row in rows) == [(FULL, "Jane Ellis"), (TRIMMED, "Tom Reid")]


def test_a_part_joins_a_longer_form_that_outlets_give_to_its_speaker_and_to_another():
    rows, _ = statements([
        occurrence("a#1", "a", FULL, 1, speaker="Tom Reid", entity="e-reid"),
        occurrence("b#1", "b", FULL, 2),
        occurrence("c#1", "c", TRIMMED, 3),
    ])
    [row] = rows
    assert (row["text"], row["speaker"], round(row["speaker_share"], 3), row["n_occurrences"]) == (FULL, "Jane Ellis", 0.667, 3)


def test_a_short_quotation_joins_only_its_own_speaker_and_no_part_under_six_words_joins():
    rows, _ = statements([
        occurrence("a#1", "a", "We will see.", 1),
        occurrence("b#1", "b", "We will see", 2, speaker="Tom Reid", entity="e-reid"),
        occurrence("c#1", "c", "we will see", 3),
        occurrence("d#1", "d", "every single job in this", 4),
        occurrence("e#1", "e", FULL, 5),
    ])
    assert sorted((row["match_key"], row["speaker"], row["n_occurrences"]) for row in rows) == [
        ("every single job in this", "Jane Ellis", 1),
        (match_key(FULL), "Jane Ellis", 1),
        ("we will see", "Jane Ellis", 2),
        ("we will see", "Tom Reid", 1),
    ]


def test_two_different_longer_forms_keep_a_shared_part_with_the_longest():
    other = "I said it before and I say it again: we will fight for every single job in this town, all of us."
    rows, links = statements([occurrence("a#1", "a", FULL, 1), occurrence("b#1", "b", other, 2), occurrence("c#1", "c", TRIMMED, 3)])
    texts = {row["statement_id"]: row["text"] for row in rows}
    assert sorted(texts.values()) == sorted([FULL, other])
    assert texts[next(link["statement_id"] for link in links if link["quote_group"] == "c#1")] == other


def test_the_rows_do_not_depend_on_the_order_of_the_occurrences():
    found = [occurrence("a#1", "a", FULL, 1), occurrence("b#1", "b", TRIMMED, 2), occurrence("c#1", "c", "No comment.", 3, speaker=None, entity=None)]
    assert statements(found) == statements(list(reversed(found)))


def test_the_rows_fit_the_declared_tables():
    from transforms.schema import COLLECTION_TABLES

    rows, links = statements([occurrence("a#1", "a", FULL, 1, outlet="Daily Post"), occurrence("b#1", "b", TRIMMED, 2)])
    assert COLLECTION_TABLES["statements"].from_rows(rows).to_pylist() == rows
    assert COLLECTION_TABLES["statement_quotations"].from_rows(links).to_pylist() == links
