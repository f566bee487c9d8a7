"""Direct-quote and speaker quality on PolNeAR (US political news with gold attributions).

The rule, as the quotes issue states it, counting only letters and digits:
- a predicted direct quote is correct if >= 50 % of its characters lie inside one gold quote of type
  `direct` or `mixed`; precision = correct / predicted;
- a gold `direct` quote is found if the correct predictions matched to it cover >= 50 % of it;
  recall = found / gold direct;
- the speaker is right if the predicted speaker span overlaps the gold speaker span; end-to-end
  precision and recall count only quotes whose speaker is also right.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from transforms.reading.articles import parse_article
from transforms.quotes.parsing import load_parser
from transforms.entities.recognition import DEFAULT_MODEL, load_model
from transforms.tables import Analysis, analyse


def _alnum(text: str, spans) -> set[int]:
    return {i for start, end in spans for i in range(start, end) if text[i].isalnum()}


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    precision = tp_p / n_pred if n_pred else 0.0
    recall = tp_r / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def analyse_polnear(path: Path, model: str | None = None) -> list[tuple[dict, Analysis]]:
    """Every PolNeAR article ingested as a document, paired with its gold record."""
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    articles = [parse_article(record["doc_id"], record["text"].encode("utf-8")) for record in records]
    model = model or DEFAULT_MODEL
    return list(zip(records, analyse(articles, load_model(model), load_parser(model))))


_QUOTE_MARKS = re.compile(r"[“”\"]")
_QUOTE_MARKS_AND_TWO_APOSTROPHES = re.compile(r"''|[“”\"]")


def quoted_fraction(text: str, spans, marks: re.Pattern = _QUOTE_MARKS) -> float:
    """PolNeAR's typing rule, re-implemented: the share of an attribution's letters and digits that
    lie between two marks of one paragraph (marks alternate open, close)."""
    chars = _alnum(text, spans)
    if not chars:
        return 0.0
    lo, hi = min(chars), max(chars)
    paragraph_start = text.rfind("\n", 0, lo) + 1
    paragraph_end = text.find("\n", hi)
    inside: set[int] = set()
    opened = None
    for mark in marks.finditer(text, paragraph_start, len(text) if paragraph_end == -1 else paragraph_end):
        if opened is None:
            opened = mark.end()
        else:
            inside.update(range(opened, mark.start()))
            opened = None
    return len(chars & inside) / len(chars)


def type_of(fraction: float) -> str:
    return "direct" if fraction >= 0.95 else "mixed" if fraction > 0 else "indirect"


def retyping_agreement(records: list[dict]) -> float:
    """How often the re-implemented rule gives the published type, on the articles without ''."""
    checked = [
        type_of(quoted_fraction(record["text"], gold["quote_spans"])) == gold["type"]
        for record in records
        if "''" not in record["text"]
        for gold in record["quotes"]
        if _alnum(record["text"], gold["quote_spans"])
    ]
    return sum(checked) / len(checked)


def with_two_apostrophes_retyped(pairs: list[tuple[dict, Analysis]]) -> list[tuple[dict, Analysis]]:
    """PolNeAR types every attribution in the articles quoting with '' … '' as `indirect`: its
    quoted-fraction rule does not count '' as a mark. Those articles' attributions are typed again
    by the same rule with '' counted; the other articles keep their published types."""
    retyped = []
    for record, analysis in pairs:
        text = record["text"]
        if "''" in text:
            quotes = [
                {**gold, "type": type_of(quoted_fraction(text, gold["quote_spans"], _QUOTE_MARKS_AND_TWO_APOSTROPHES))}
                if _alnum(text, gold["quote_spans"]) else gold
                for gold in record["quotes"]
            ]
            record = {**record, "quotes": quotes}
        retyped.append((record, analysis))
    return retyped


def _is_bare_cue(words: str | None) -> bool:
    """A span that is nothing but a speech verb (`said`) or `according to`."""
    lowered = (words or "").strip().lower()
    return lowered == "according to" or (lowered.isalpha() and _verb_lemma(lowered) is not None)


def swapped_labels(record: dict) -> list[dict]:
    """The attributions whose source and cue labels were swapped by the annotator: the source span
    is a bare speech verb (`"…," said Hester` annotated source `said`, cue `Hester`) and the cue
    span is not."""
    return [gold for gold in record["quotes"] if _is_bare_cue(gold["speaker"]) and not _is_bare_cue(gold["cue"])]


def with_swapped_labels_restored(pairs: list[tuple[dict, Analysis]]) -> list[tuple[dict, Analysis]]:
    """Those attributions with source and cue exchanged back; the other records are kept as they are."""
    restored = []
    for record, analysis in pairs:
        swapped = [id(gold) for gold in swapped_labels(record)]
        if swapped:
            record = {**record, "quotes": [_swap_labels(gold) if id(gold) in swapped else gold for gold in record["quotes"]]}
        restored.append((record, analysis))
    return restored


def _swap_labels(gold: dict) -> dict:
    return {
        **gold,
        "speaker": gold["cue"], "speaker_start": gold["cue_start"], "speaker_end": gold["cue_end"],
        "speaker_spans": [[gold["cue_start"], gold["cue_end"]]],
        "cue": gold["speaker"], "cue_start": gold["speaker_start"], "cue_end": gold["speaker_end"],
    }


def two_apostrophe_evidence(pairs: list[tuple[dict, Analysis]]) -> dict:
    """In the articles quoting with '' … '': our direct quotes, how many lie inside a gold
    attribution typed `indirect`, and how many gold direct quotes there are at all."""
    found = {"articles": 0, "predicted": 0, "inside_indirect": 0, "gold_direct": 0}
    for record, analysis in pairs:
        if "''" not in record["text"]:
            continue
        found["articles"] += 1
        found["gold_direct"] += sum(gold["type"] == "direct" for gold in record["quotes"])
        for quote in analysis.quotes:
            if quote.kind == "direct":
                found["predicted"] += 1
                found["inside_indirect"] += any(
                    gold["type"] == "indirect" and gold["quote_start"] <= quote.start and quote.end <= gold["quote_end"] + 2
                    for gold in record["quotes"]
                )
    return found


def score(pairs: list[tuple[dict, Analysis]]) -> dict:
    """Direct quotes: predicted `direct` rows against gold `direct` quotes (matched among `direct`
    and `mixed` attributions, the one with the largest overlap)."""
    figures = _match(
        pairs,
        kinds=("direct",),
        candidate=lambda gold: gold["type"] in ("direct", "mixed"),
        target=lambda gold: gold["type"] == "direct",
        smaller_on_tie=False,
    )
    return {**figures, "gold_direct": figures["targets"], "quotes": figures["found"]}


def _match(pairs, kinds: tuple[str, ...], candidate, target, smaller_on_tie: bool) -> dict:
    """Rows of `kinds` against gold attributions: a row is correct when >= 50 % of its letters and
    digits lie in the one candidate gold it overlaps most; a target is found when correct rows cover
    >= 50 % of it; the speaker is right when the spans overlap."""
    n_pred = correct = correct_e2e = n_targets = found = found_e2e = 0
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # predicted, correct, speaker right
    errors = []
    for record, analysis in pairs:
        text = record["text"]
        golds = [gold for gold in record["quotes"] if candidate(gold) and _alnum(text, gold["quote_spans"])]
        gold_chars = [_alnum(text, gold["quote_spans"]) for gold in golds]
        covered, covered_e2e = defaultdict(set), defaultdict(set)
        for quote in analysis.quotes:
            chars = _alnum(text, [(quote.start, quote.end)]) if quote.kind in kinds else None
            if not chars:
                continue
            n_pred += 1
            counts = by_rule[quote.rule or "(none)"]
            counts[0] += 1
            overlaps = [len(chars & gold) for gold in gold_chars]
            tie = (lambda index: (-overlaps[index], len(gold_chars[index]))) if smaller_on_tie else (lambda index: (-overlaps[index], index))
            best = min(range(len(golds)), key=tie, default=None)
            if best is None or overlaps[best] < 0.5 * len(chars):
                errors.append(("FP", quote.rule, record["doc_id"], text[quote.start : quote.end][:90]))
                continue
            correct += 1
            counts[1] += 1
            covered[best] |= chars & gold_chars[best]
            spans = golds[best].get("speaker_spans") or []
            if quote.speaker_start is not None and any(quote.speaker_start < end and start < quote.speaker_end for start, end in spans):
                correct_e2e += 1
                counts[2] += 1
                covered_e2e[best] |= chars & gold_chars[best]
            else:
                errors.append(("SPK", quote.rule, record["doc_id"], f"{quote.speaker_text(text)!r} vs {golds[best]['speaker']!r}: {text[quote.start:quote.end][:60]}"))
        for index, gold in enumerate(golds):
            if not target(gold):
                continue
            n_targets += 1
            if len(covered[index]) >= 0.5 * len(gold_chars[index]):
                found += 1
            else:
                errors.append(("FN", gold["cue"], record["doc_id"], gold["quote"][:90]))
            if len(covered_e2e[index]) >= 0.5 * len(gold_chars[index]):
                found_e2e += 1
    return {
        "articles": len(pairs),
        "predicted": n_pred,
        "targets": n_targets,
        "found": _prf(correct, n_pred, found, n_targets),
        "end_to_end": _prf(correct_e2e, n_pred, found_e2e, n_targets),
        "speaker_accuracy": correct_e2e / correct if correct else 0.0,
        "rules": _rule_figures(by_rule),
        "errors": errors,
    }


def _rule_figures(by_rule: dict[str, list[int]]) -> dict[str, dict]:
    """Per attribution rule: rows predicted, the share inside a gold attribution (precision) and the
    share of those whose speaker is right."""
    return {
        rule: {"predicted": predicted, "precision": correct / predicted if predicted else 0.0, "speaker_right": right / correct if correct else 0.0}
        for rule, (predicted, correct, right) in sorted(by_rule.items(), key=lambda item: -item[1][0])
    }


# --- reported speech (the rule of ../shared/eval/quotes/INDIRECT.md) -------------------------------

SPEECH_VERBS = frozenset(
    "say tell add note announce write state explain argue claim insist warn ask reply respond acknowledge admit deny "
    "suggest report testify tweet post confirm predict promise vow urge declare recall concede contend maintain counter "
    "emphasize stress describe allege assert complain accuse call".split()
) | {"point out"}
_IRREGULAR = {"said": "say", "told": "tell", "wrote": "write", "written": "write", "writes": "write"}
_AUXILIARIES = frozenset(
    "be is was were are been being am has have had having do does did will would can could may might shall should must "
    "not n't never also still then already again just even later previously repeatedly publicly privately first once".split()
)
_TRAILING = frozenset("in on at to of for with about up out off back down over later today yesterday tonight again".split())


def _verb_lemma(word: str) -> str | None:
    if word in SPEECH_VERBS:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    candidates = []
    if word.endswith("ies") or word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    if word.endswith("s"):
        candidates += [word[:-1], word[:-2]]
    if word.endswith("ed"):
        candidates += [word[:-1], word[:-2], word[:-3]]
    if word.endswith("ing"):
        candidates += [word[:-3], word[:-3] + "e", word[:-4]]
    return next((candidate for candidate in candidates if candidate in SPEECH_VERBS), None)


def cue_verb(cue: str | None) -> str | None:
    """The speech verb a gold cue counts by (INDIRECT.md), or None when it is not a speech cue."""
    if not cue:
        return None
    lowered = cue.lower()
    if "according to" in lowered:
        return "according to"
    words = re.findall(r"[a-z]+(?:n't)?", lowered.replace("’", "'"))
    while words and (words[0] in _AUXILIARIES or words[0].endswith("ly")):
        words = words[1:]
    if not words:
        return None
    if len(words) >= 2 and words[1] == "out" and _verb_lemma(words[0] + "") is None and words[0] in ("point", "points", "pointed", "pointing"):
        return "point out"
    first = _verb_lemma(words[0])
    if first:
        return first
    while len(words) > 1 and words[-1] in _TRAILING:
        words = words[:-1]
    return _verb_lemma(words[-1])


def score_reported(pairs: list[tuple[dict, Analysis]]) -> dict:
    """Reported speech: `indirect`/`mixed` rows against the gold's speech-cue attributions of type
    `indirect` or `mixed` (matched among attributions of any type; on a tie, the smaller one)."""
    figures = _match(
        pairs,
        kinds=("indirect", "mixed"),
        candidate=lambda gold: True,
        target=lambda gold: gold["type"] in ("indirect", "mixed") and cue_verb(gold["cue"]) is not None,
        smaller_on_tie=True,
    )
    return {**figures, "reported": figures["found"]}


def halves(pairs: list[tuple[dict, Analysis]]) -> tuple[list, list]:
    """The dev articles split in two by doc id: one half to tune the rules on, one to check them."""
    ordered = sorted(pairs, key=lambda pair: pair[0]["doc_id"])
    return ordered[0::2], ordered[1::2]
