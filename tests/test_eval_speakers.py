"""The hand-checked speaker sample `make eval` scores: the file's shape, and what counts as fully right."""

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from eval.speakers import Attribution, Item, attributions, read_sample
from transforms.reading.articles import parse_article
from transforms.quotes import Quote
from transforms.tables import Analysis

EVAL = Path(__file__).resolve().parent.parent / "eval"
TEXT = 'Talks.\n\n"We will sign," said Ann Lee, "but not today." Bob Ray said the "deal" was done.'


@pytest.mark.parametrize("name, per_class", [("wikinews_speakers.tsv", 30), ("wikinews_speakers_2.tsv", 25), ("wikinews_speakers_3.tsv", 25), ("wikinews_speakers_4.tsv", 25), ("wikinews_speakers_5.tsv", 25), ("wikinews_speakers_6.tsv", 25), ("wikinews_speakers_7.tsv", 25), ("wikinews_speakers_8.tsv", 25), ("wikinews_speakers_9.tsv", 25), ("wikinews_speakers_10.tsv", 25), ("wikinews_speakers_11.tsv", 25)])
def test_each_sample_holds_as_many_direct_as_reported_attributions_each_judged(name, per_class):
    items = read_sample(EVAL / name)
    assert Counter(item.kind for item in items) == {"direct": per_class, "reported": per_class}
    assert len({(item.source_path, item.start) for item in items}) == 2 * per_class
    assert all(item.start < item.end and item.excerpt for item in items)
    assert all(bool(item.speakers) == item.is_speech and all(item.speakers) for item in items)


def test_an_attribution_is_a_quotation_group_without_its_quoted_terms():
    article = parse_article("talks.txt", TEXT.encode())
    at = TEXT.index
    quotes = [
        Quote(0, at("We will"), at(",\" said"), "direct", at("Ann"), at(", \"but"), "e1", "Ann Lee"),
        Quote(0, at("but not"), at('." Bob'), "direct"),
        Quote(1, at("the \"deal"), TEXT.rindex("."), "mixed", at("Bob"), at(" said the"), None, None),
        Quote(1, at("deal"), at('" was'), "scare"),
    ]
    direct, reported = attributions(Analysis(article, [], quotes))
    assert (direct.kind, direct.start, direct.end, direct.speakers) == ("direct", at("We will"), at('." Bob'), [("Ann Lee", "Ann Lee")])
    assert (reported.kind, reported.speakers) == ("reported", [("Bob Ray", None)])


def item(is_speech: bool, found: Attribution | None) -> Item:
    return Item("talks.txt", "direct", 9, 21, "We will sign", is_speech, ["Ann Lee", "Lee"] if is_speech else [], found)


def found(kind: str, *names: str | None) -> Attribution:
    return Attribution("talks.txt", kind, 9, 21, [("words", name) for name in names])


def test_speech_is_fully_right_with_every_counted_speaker_among_the_alternatives_in_the_same_class():
    assert item(True, found("direct", "ann lee")).right
    assert item(True, found("direct", "Ann Lee", "Lee")).right
    assert not item(True, found("reported", "Ann Lee")).right
    assert not item(True, found("direct", "Ann Lee", "Bob Ray")).right
    assert not item(True, found("direct", None)).right  # a speaker without a name is not counted
    assert not item(True, found("direct")).right
    assert not item(True, None).right


def test_a_leading_the_is_folded_as_newslake_names_entities_and_groups():
    judged = Item("talks.txt", "reported", 9, 21, "We will sign", True, ["The Times", "the defendants"])
    assert [replace(judged, found=found("reported", name)).right for name in ("Times", "defendants", "Time", "defendant")] == [True, True, False, False]


def test_words_that_are_not_speech_are_right_only_when_no_longer_reported():
    assert item(False, None).right
    assert not item(False, found("direct", "Ann Lee")).right


def test_a_speaker_nobody_names_left_unresolved_is_counted_apart_never_as_right():
    def judged(*speakers: str, rows: list[tuple[str, str | None]]) -> Item:
        return Item("talks.txt", "reported", 9, 21, "We will sign", True, list(speakers), Attribution("talks.txt", "reported", 9, 21, rows))

    unnamed, described = judged("an MP (unnamed)", rows=[("One MP", None)]), judged("the fire service", rows=[("The fire service", None)])
    assert unnamed.honestly_unresolved and described.honestly_unresolved and not unnamed.right and not described.right
    assert not judged("Akram Pasha", "Akram", rows=[("He", None)]).honestly_unresolved  # a name was there to find
    assert not judged("an MP (unnamed)", rows=[("One MP", "Boris Johnson")]).honestly_unresolved  # a wrong name is wrong
