"""The seed article, segmented: golden expectations written from reading it."""

import pytest

from transforms.reading.articles import parse_article
from transforms.reading.decoding import RejectedInput

TITLE = "“Unequal battle”: what can Putin and Biden agree on during negotiations"


def test_title_is_the_first_line(seed_article):
    assert seed_article.title == TITLE


def test_boilerplate_is_gone_from_the_text(seed_article):
    for line in ("Leave a Reply", "Your email address will not be published", "Back to top button"):
        assert line not in seed_article.text
    assert seed_article.text.endswith("immediately call after them.")


def test_paragraphs_and_sentences(seed_article):
    assert len(seed_article.paragraphs) == 11
    texts = [seed_article.text[s.start : s.end] for s in seed_article.sentences]
    assert texts[0] == TITLE
    assert texts[1] == (
        "The most anticipated event of the day – Russian-American talks between Vladimir Putin and "
        "Joseph Biden will begin at 6 pm Moscow time."
    )
    assert texts[2] == "It will be 10 am in Washington."
    # A quote whose closing mark is misplaced stays one sentence with its attribution.
    assert "Although the relationship is not very good, we see revival in some areas, ”said the press secretary of the Russian President Dmitry Peskov." in texts
    # An ellipsis after a quoted term ends the sentence.
    assert "Strategic stability and cyberspace are also on the agenda" in texts
    assert len(texts) == 45


def test_every_sentence_round_trips(seed_article):
    for sentence in seed_article.sentences:
        piece = seed_article.text[sentence.start : sentence.end]
        assert piece and piece == piece.strip()


def test_title_without_blank_line_is_still_its_own_paragraph():
    article = parse_article("a.txt", b"Headline here\nFirst sentence. Second one.\n\nNext paragraph.")
    assert article.title == "Headline here"
    assert [article.text[s.start : s.end] for s in article.sentences] == [
        "Headline here", "First sentence.", "Second one.", "Next paragraph."
    ]


def test_an_authors_follow_line_is_boilerplate():
    article = parse_article("a.txt", b'Headline\n\n"PENCE: We will win."\n\n"Follow Pam Key on Twitter @pamkeyNEN."')
    assert article.text == 'Headline\n\n"PENCE: We will win."'


def test_only_boilerplate_is_rejected():
    with pytest.raises(RejectedInput, match="no text left after removing boilerplate"):
        parse_article("a.txt", b"Leave a Reply\n\nBack to top button")
