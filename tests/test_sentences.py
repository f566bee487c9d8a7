"""Sentence splitting: small real news sentences in, exact sentences out."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.text.sentences import paragraphs, sentences


def split(text: str) -> list[str]:
    return [text[span.start : span.end] for span in sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello world. My name is Jonas.", ["Hello world.", "My name is Jonas."]),
        ("Mr. Smith met Gen. Milley and Dr. Fauci. They talked.", ["Mr. Smith met Gen. Milley and Dr. Fauci.", "They talked."]),
        ("I work for the U.S. Government in Virginia.", ["I work for the U.S. Government in Virginia."]),
        ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
        ("critics of U.S. President Donald Trump's policies", ["critics of U.S. President Donald Trump's policies"]),
        ("in Washington D.C. The six-member team", ["in Washington D.C.", "The six-member team"]),
        ("My name is Jonas E. Smith.", ["My name is Jonas E. Smith."]),
        ("She has $100.00. It is in her bag.", ["She has $100.00.", "It is in her bag."]),
        ("Turnout was 61.2 percent. Officials said it was high.", ["Turnout was 61.2 percent.", "Officials said it was high."]),
        ("The vote is on Jan. 5 in the capital.", ["The vote is on Jan. 5 in the capital."]),
        (
            '"We did it. We won," he said. "Now we rest."',
            ['"We did it.', 'We won," he said.', '"Now we rest."'],
        ),
        ('She turned to him, "This is great." she said.', ['She turned to him, "This is great." she said.']),
        ("Really?! Yes. Wow!! Done.", ["Really?!", "Yes.", "Wow!!", "Done."]),
        ("after Biden’s statement that he does not accept anyone’s “red lines”… Strategic stability",
         ["after Biden’s statement that he does not accept anyone’s “red lines”…", "Strategic stability"]),
        ("Pitt, Briggs & Co. closed the deal. It closed yesterday.", ["Pitt, Briggs & Co. closed the deal.", "It closed yesterday."]),
        ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
        ("The talks (which began at 6 p.m. Moscow time) ended.", ["The talks (which began at 6 p.m. Moscow time) ended."]),
        # the seed's typography: a quotation closed with an opening glyph still ends its sentence
        ("The court called it “a misguided decision.“ However, the JSC said it would appeal.",
         ["The court called it “a misguided decision.“", "However, the JSC said it would appeal."]),
    ],
)
def test_splits_news_sentences(text, expected):
    assert split(text) == expected


def test_paragraphs_are_blocks_between_blank_lines():
    text = "Title line\n\nFirst paragraph.\nStill first.\n \nSecond."
    assert [text[p.start : p.end] for p in paragraphs(text)] == ["Title line", "First paragraph.\nStill first.", "Second."]


def test_spans_index_the_whole_text_not_the_paragraph():
    text = "Title\n\nOne. Two."
    second = paragraphs(text)[1]
    spans = sentences(text, second.start, second.end)
    assert [(s.start, s.end) for s in spans] == [(7, 11), (12, 16)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
       | st.text(alphabet=list(" .!?…\"'“”‘’«»()\n\tAaB1-:,;"), max_size=200))
def test_any_text_gives_round_tripping_non_overlapping_spans(text):
    previous_end = 0
    for paragraph in paragraphs(text):
        for span in sentences(text, paragraph.start, paragraph.end):
            assert paragraph.start <= span.start < span.end <= paragraph.end
            assert span.start >= previous_end
            piece = text[span.start : span.end]
            assert piece == piece.strip() and piece
            previous_end = span.end
