"""The PolNeAR corrections `make eval` prints: attributions in '' … '' typed again by the corpus's own rule,
source and cue labels given back where the annotator swapped them."""

import pytest

from eval.quotes import cue_verb, quoted_fraction, type_of, with_swapped_labels_restored, with_two_apostrophes_retyped

TEXT = "Taxes.\n\n''This isn't tax reform,'' said Douglas Holtz-Eakin. He said the plan was complex."


def gold(quote: str, published: str) -> dict:
    start = TEXT.index(quote)
    return {"quote": quote, "quote_spans": [[start, start + len(quote)]], "type": published}


def test_the_rule_counts_straight_and_curly_marks_and_two_apostrophes_only_when_asked():
    spans = gold("This isn't tax reform,", "indirect")["quote_spans"]
    assert quoted_fraction(TEXT, spans) == 0.0
    assert type_of(quoted_fraction('He said: "No." Then left.', [[9, 12]])) == "direct"


def test_only_articles_quoting_with_two_apostrophes_are_retyped():
    record = {"text": TEXT, "quotes": [gold("This isn't tax reform,", "indirect"), gold("the plan was complex", "indirect")]}
    [(retyped, analysis)] = with_two_apostrophes_retyped([(record, "analysis")])
    assert [quote["type"] for quote in retyped["quotes"]] == ["direct", "indirect"]
    assert analysis == "analysis" and record["quotes"][0]["type"] == "indirect"
    plain = {"text": TEXT.replace("''", '"'), "quotes": [gold("the plan was complex", "mixed")]}
    assert with_two_apostrophes_retyped([(plain, None)])[0][0] is plain


@pytest.mark.parametrize("cue, verb", [
    ("said", "say"), ("also said", "say"), ("has denied", "deny"), ("pointed out", "point out"),
    ("said in a statement", "say"), ("did not immediately respond", "respond"), ("told", "tell"),
    ("According to", "according to"), ("is calling for", "call"), ("shows", None), ("believes", None),
])
def test_a_gold_cue_counts_by_its_speech_verb(cue, verb):
    """The reported-speech targets of INDIRECT.md: auxiliaries, negation and adverbs set aside."""
    assert cue_verb(cue) == verb


def test_a_source_labelled_with_the_cue_verb_gets_its_labels_back():
    text = '"Nobody wants to bus their kids," said Hester. The report says so.'

    def attribution(speaker: str, cue: str) -> dict:
        return {"speaker": speaker, "speaker_start": text.index(speaker), "speaker_end": text.index(speaker) + len(speaker),
                "speaker_spans": [[text.index(speaker), text.index(speaker) + len(speaker)]],
                "cue": cue, "cue_start": text.index(cue), "cue_end": text.index(cue) + len(cue)}

    swapped, right = attribution("said", "Hester"), attribution("The report", "says")
    [(record, _)] = with_swapped_labels_restored([({"text": text, "quotes": [swapped, right]}, None)])
    assert [(gold["speaker"], gold["speaker_spans"], gold["cue"]) for gold in record["quotes"]] == [
        ("Hester", [[39, 45]], "said"), ("The report", right["speaker_spans"], "says")]
