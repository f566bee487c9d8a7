"""Stories: near-copies of one article grouped, the first published the original."""

from datetime import datetime, timezone

import pytest

from transforms.collection.stories import (
    band_rows, candidate_pairs, confirm_pairs, estimate_jaccard, group_stories, jaccard, lsh_params, shingles, signature, stories,
)

WIRE = (
    "Flooding forced thousands of people from their homes in northern Italy on Tuesday after two days of heavy rain "
    "burst the banks of several rivers in the Emilia-Romagna region.\n\n"
    "The civil protection agency said 13 people had died and more than 10,000 had been evacuated, while rescuers "
    "used helicopters to lift residents from the roofs of houses surrounded by water.\n\n"
    "Regional president Stefano Bonaccini said the damage would run to billions of euros and asked the government "
    "to declare a state of emergency for the whole region.\n\n"
    "The Formula One Grand Prix at Imola, due to be held this weekend, was called off because of the danger to "
    "spectators and staff, organisers said."
)
# The same wire story as an outlet runs it: its own headline, a line of boilerplate after it.
OUTLET = (
    "Italy floods: thousands flee as rivers burst their banks\n\n"
    + WIRE
    + "\n\nSign up to our morning newsletter for the day's top stories."
)
OTHER = (
    "The city council approved a new cycle lane along the seafront on Monday, after a public consultation found "
    "that most residents supported the plan, despite objections from some shop owners about parking."
)
MONDAY, TUESDAY = datetime(2023, 5, 15, 9, tzinfo=timezone.utc), datetime(2023, 5, 16, 9, tzinfo=timezone.utc)


def test_shingles_are_case_folded_five_word_runs():
    assert shingles("Rescuers used helicopters to lift Residents.") == {
        "rescuers used helicopters to lift", "used helicopters to lift residents",
    }
    assert shingles("Too short") == {"too short"}
    assert shingles(" ... ") == set()


def test_an_outlets_edited_copy_is_one_story_with_the_wire_original():
    similarity = jaccard(shingles(WIRE), shingles(OUTLET))
    assert 0.8 <= similarity < 1
    bands, pairs, rows = stories({"wire": WIRE, "outlet": OUTLET, "other": OTHER}, {"wire": MONDAY, "outlet": TUESDAY, "other": MONDAY})
    assert len(bands) == 3 * lsh_params().bands
    assert pairs == [{"doc_id_a": "outlet", "doc_id_b": "wire", "jaccard": round(similarity, 6)}]
    assert rows == [
        {"doc_id": "other", "story_id": "other", "is_original": True, "n_documents": 1},
        {"doc_id": "outlet", "story_id": "wire", "is_original": False, "n_documents": 2},
        {"doc_id": "wire", "story_id": "wire", "is_original": True, "n_documents": 2},
    ]


def test_a_pair_below_the_threshold_is_a_candidate_only():
    # The first two paragraphs alone share about half their shingles with the whole story.
    half = WIRE.split("\n\n")[0] + "\n\n" + WIRE.split("\n\n")[1]
    assert 0.4 < jaccard(shingles(WIRE), shingles(half)) < 0.6
    assert confirm_pairs([("half", "wire")], {"half": half, "wire": WIRE}) == []
    assert confirm_pairs([("wire", "half")], {"half": half, "wire": WIRE}, threshold=0.4) == [
        {"doc_id_a": "half", "doc_id_b": "wire", "jaccard": round(jaccard(shingles(WIRE), shingles(half)), 6)},
    ]


def test_band_rows_are_the_same_in_every_run_and_join_copies():
    rows = band_rows("wire", WIRE)
    assert rows == band_rows("wire", WIRE)
    assert [row["band"] for row in rows] == list(range(lsh_params().bands))
    assert all(-(2**63) <= row["band_key"] < 2**63 for row in rows)
    assert candidate_pairs(rows + band_rows("copy", WIRE) + band_rows("other", OTHER)) == {("copy", "wire")}
    assert band_rows("empty", "—") == []


def test_the_signature_estimates_jaccard():
    assert estimate_jaccard(signature(WIRE), signature(WIRE)) == 1.0
    assert abs(estimate_jaccard(signature(WIRE), signature(OUTLET)) - jaccard(shingles(WIRE), shingles(OUTLET))) < 0.12
    with pytest.raises(ValueError, match="different lengths"):
        estimate_jaccard(signature(WIRE), signature(WIRE, num_perm=64))


def test_a_copy_joins_the_first_original_it_is_paired_with_never_a_chain():
    # c is a near-copy of b and of d, but b and d are not near-copies of each other: d stays a story.
    published = {"b": MONDAY, "c": None, "d": TUESDAY}
    pairs = [{"doc_id_a": "b", "doc_id_b": "c", "jaccard": 0.9}, {"doc_id_a": "c", "doc_id_b": "d", "jaccard": 0.85}]
    assert group_stories(published, pairs) == [
        {"doc_id": "b", "story_id": "b", "is_original": True, "n_documents": 2},
        {"doc_id": "c", "story_id": "b", "is_original": False, "n_documents": 2},
        {"doc_id": "d", "story_id": "d", "is_original": True, "n_documents": 1},
    ]


def test_a_copy_published_earlier_but_ingested_later_becomes_the_original():
    published = {"b": TUESDAY, "c": TUESDAY}
    pairs = [{"doc_id_a": "b", "doc_id_b": "c", "jaccard": 0.9}]
    assert {row["doc_id"]: row["story_id"] for row in group_stories(published, pairs)} == {"b": "b", "c": "b"}
    later = group_stories({**published, "z": MONDAY}, [*pairs, {"doc_id_a": "c", "doc_id_b": "z", "jaccard": 0.95}, {"doc_id_a": "b", "doc_id_b": "z", "jaccard": 0.9}])
    assert {row["doc_id"]: (row["story_id"], row["is_original"]) for row in later} == {"b": ("z", False), "c": ("z", False), "z": ("z", True)}
    # The same pairs in any order give the same rows.
    assert group_stories({"z": MONDAY, **published}, list(reversed([*pairs, {"doc_id_a": "c", "doc_id_b": "z", "jaccard": 0.95}, {"doc_id_a": "b", "doc_id_b": "z", "jaccard": 0.9}]))) == later


def test_a_pair_naming_an_unknown_document_is_an_error():
    with pytest.raises(ValueError, match=r"pair \(a, x\) names a document that is not in the collection"):
        group_stories({"a": None}, [{"doc_id_a": "a", "doc_id_b": "x", "jaccard": 1.0}])


def test_the_rows_fit_the_declared_tables():
    from transforms.schema import COLLECTION_TABLES

    bands, pairs, rows = stories({"wire": WIRE, "outlet": OUTLET}, {"wire": MONDAY, "outlet": TUESDAY})
    for name, made in (("story_bands", bands), ("story_pairs", pairs), ("document_stories", rows)):
        assert COLLECTION_TABLES[name].from_rows(made).num_rows == len(made)
