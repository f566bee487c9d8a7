"""Any Unicode text through the pure transforms: no exception but a clear reject, and every offset
points into the text it claims to (control characters, zero-width joiners, right-to-left marks,
decomposed accents, emoji, long runs without spaces, quote marks that never close)."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.reading.articles import parse_article
from transforms.reading.decoding import RejectedInput
from transforms.entities import Mention
from transforms.entities.linking import link_mentions
from transforms.quotes import extract_quotes

PIECES = st.sampled_from([
    "Officials", " said", " ", "\n", "\n\n", ".", "?", "!", "…", ",", ":", "—", "-", "“", "”", "„", "«", "»", '"', "'", "‘", "’",
    "''", "``", "\u200d", "\u200f", "\u202e", "\u00a0", "\x00", "\x1b[2J", "\t", "e\u0301", "👩\u200d👩\u200d👧", "Mr.", "U.S.",
    "Dr", "according to", "Ms Jones", "Putin", "x" * 300, "[/]", "#", "---", "1.", "(", ")",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_segments_and_quotes_with_true_offsets(body):
    try:
        article = parse_article("any.txt", ("Title\n\n" + body).encode("utf-8", "surrogatepass"))
    except RejectedInput as error:
        assert str(error) and "\n" not in str(error)
        return
    text = article.text
    for sentence in article.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == text[sentence.start : sentence.end].strip()
    assert [s.start for s in article.sentences] == sorted(s.start for s in article.sentences)
    names = [Mention(m.start(), m.end(), m.group(), "PERSON") for m in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", text)]
    mentions = link_mentions(text, names)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    for quote in extract_quotes(article, mentions):
        assert 0 <= quote.start <= quote.end <= len(text)
        if quote.speaker_start is not None:
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text)
        if quote.cue_start is not None:
            assert 0 <= quote.cue_start < quote.cue_end <= len(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_through_the_parser_and_the_grammar_rules(body):
    from transforms.quotes.parsing import load_parser, parse_sentences
    from transforms.entities.recognition import DEFAULT_MODEL

    try:
        article = parse_article("any.txt", ("Title\n\nThe minister said " + body).encode("utf-8", "surrogatepass"))
    except RejectedInput:
        return
    [parses] = parse_sentences(load_parser(DEFAULT_MODEL), [article])
    for quote in extract_quotes(article, [], parses):
        assert 0 <= quote.start <= quote.end <= len(article.text)
        if quote.speaker_start is not None:
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(article.text)
