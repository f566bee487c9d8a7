"""Wire copy: an agency's credit read where wire copy carries it, never from the article's sentences."""

import pytest

from transforms.collection.wire import wire_agency, wire_credits, wire_rows

AP_DATELINE = (
    "Storm knocks out power to thousands\n\n"
    "MIAMI (AP) — A tropical storm knocked out power to more than 200,000 homes in South Florida on Sunday.\n\n"
    "Forecasters said the storm would weaken as it moved north."
)
REUTERS_SIGN_OFF = (
    "Oil prices rise on supply worries\n\n"
    "LONDON, March 3 (Reuters) - Oil prices rose on Monday as traders worried about supplies from the Middle East.\n\n"
    "Brent crude futures were up 1.2% at $84.10 a barrel by 0900 GMT.\n\n"
    "(Reporting by Alex Lawler; Editing by Susan Fenton)"
)
OUTLET_WITH_AFP = (
    "Volcano erupts in Iceland\n\n"
    "A volcano erupted on Iceland's Reykjanes peninsula on Monday night, sending lava fountains into the sky.\n\n"
    "The nearby town of Grindavik had been evacuated in November.\n\n"
    "© AFP 2023"
)
ABOUT_REUTERS = (
    "Reuters journalist freed after 500 days\n\n"
    "A Reuters journalist held in Myanmar was freed on Tuesday, Reuters reported, after more than 500 days in prison.\n\n"
    "Thomson Reuters said it was delighted. Photo: AFP/Getty Images\n\n"
    "The agency, AP and AFP had campaigned for his release."
)
PTI_INPUTS = (
    "Monsoon reaches Kerala\n\n"
    "The southwest monsoon reached Kerala on Thursday, three days ahead of its normal date, the weather office said.\n\n"
    "(With inputs from PTI)"
)


def test_an_ap_dateline_is_ap_wire_copy():
    assert wire_rows("d1", AP_DATELINE) == [
        {"doc_id": "d1", "agency": "AP", "place": "dateline", "start_char": 37, "end_char": 49, "credit": "MIAMI (AP) —"},
    ]


def test_a_reuters_dateline_and_sign_off_are_both_credits():
    assert [(credit.agency, credit.place) for credit in wire_credits(REUTERS_SIGN_OFF)] == [("Reuters", "dateline"), ("Reuters", "tail")]
    assert wire_agency(REUTERS_SIGN_OFF) == "Reuters"


@pytest.mark.parametrize(("text", "agency"), [
    (OUTLET_WITH_AFP, "AFP"),
    (PTI_INPUTS, "PTI"),
    ("Rates held\n\nThe central bank held rates.\n\nAdditional reporting by Reuters and the Press Association", "Reuters"),
    ("Rates held\n\nThe central bank held rates.\n\nThe Associated Press contributed to this report.", "AP"),
    ("Rates held\n\nBy Jane Doe, The Canadian Press\n\nThe central bank held rates.", "The Canadian Press"),
    ("Rates held\n\nBERLIN (dpa) - The central bank held rates.", "dpa"),
])
def test_credit_lines_name_their_agency(text, agency):
    assert wire_agency(text) == agency


def test_a_story_about_an_agency_is_not_wire_copy():
    assert wire_credits(ABOUT_REUTERS) == []


def test_a_credit_in_the_middle_of_a_long_article_is_not_read():
    middle = "\n\n".join(["Headline", "One.", "Two.", "Three.", "(AP) — quoted in a letter.", "Four.", "Five.", "Six.", "Seven."])
    assert wire_agency(middle) is None


def test_the_rows_fit_the_declared_table():
    from transforms.schema import COLLECTION_TABLES

    assert COLLECTION_TABLES["wire_credits"].from_rows(wire_rows("d2", REUTERS_SIGN_OFF)).column("agency").to_pylist() == ["Reuters", "Reuters"]
