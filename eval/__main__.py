"""`make eval`: every quality figure, beside the reference points the issues give.

It exits 1 when a figure falls below its target, naming each one, so a regression fails loudly.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


class Targets:
    """The targets the issues set, and the figures that missed theirs."""

    def __init__(self) -> None:
        self.missed: list[str] = []

    def check(self, name: str, value: float, target: float) -> str:
        if value < target:
            self.missed.append(f"{name} {value:.3f} < {target}")
        return f"target >= {target}"


def main() -> int:
    eval_dir, corpus = SHARED / "eval", SHARED / "corpus" / "wikinews"
    if not eval_dir.is_dir():
        print(f"make eval: the evaluation data is not here ({eval_dir} is missing); nothing was scored.")
        return 0
    from eval import entities, html, lang, quotes, sentences, speakers

    targets = Targets()
    print("== Sentences (GUM Wikinews paragraphs: internal boundary P/R/F1; pySBD golden rules: exact) ==")
    news = sentences.score_news(eval_dir / "sentences" / "gum_news_dev.jsonl")
    rules, failed = sentences.score_golden_rules(eval_dir / "sentences" / "golden_rules_en.jsonl")
    speed = sentences.words_per_second(eval_dir / "sentences" / "gum_news_dev.jsonl")
    print(f"news     P {news['precision']:.3f}  R {news['recall']:.3f}  F1 {100 * news['f1']:.1f}   "
          f"(reference: Moses 95.6, blingfire 95.4, syntok 94.9, spaCy senter 93.2, pySBD 90.4; "
          f"{targets.check('sentence F1', 100 * news['f1'], 96.5)})")
    print(f"rules    {100 * rules:.1f} % exact, failed ids {failed}   (reference: pySBD 97.9 %; {targets.check('golden rules %', 100 * rules, 85)})")
    print(f"speed    {speed:,.0f} words/s   (target >= 100,000; not gated: the machines are shared)")

    print("\n== Direct quotes (PolNeAR dev, 84 articles; scoring rule of the quotes issue) ==")
    started = time.perf_counter()
    pairs = quotes.analyse_polnear(eval_dir / "quotes" / "polnear_dev.jsonl")
    result = quotes.score(pairs)
    for name in ("quotes", "end_to_end"):
        figures = result[name]
        print(f"{name:11s} P {figures['precision']:.3f}  R {figures['recall']:.3f}  F1 {figures['f1']:.3f}")
    print(f"speaker accuracy {result['speaker_accuracy']:.3f}   ({result['predicted']} predicted, {result['gold_direct']} gold direct; "
          f"{time.perf_counter() - started:.0f} s to analyse)")
    evidence = quotes.two_apostrophe_evidence(pairs)
    print(f"  PolNeAR types every attribution in the {evidence['articles']} articles quoting with '' … '' as indirect "
          f"({evidence['gold_direct']} gold direct quotes there); {evidence['inside_indirect']} of our "
          f"{evidence['predicted']} direct quotes in them lie inside such an attribution.")
    agreement = quotes.retyping_agreement([record for record, _ in pairs])
    swapped = sum(len(quotes.swapped_labels(record)) for record, _ in pairs)
    retyped = quotes.with_swapped_labels_restored(quotes.with_two_apostrophes_retyped(pairs))
    corrected = quotes.score(retyped)
    print(f"  corrected gold (those attributions typed again by PolNeAR's quoted-fraction rule counting '' as a mark; "
          f"the rule gives the published type for {100 * agreement:.1f} % of the other articles' attributions; "
          f"and {swapped} attributions whose source span is a bare cue, `said` or `according to`, and whose cue span is the "
          f"speaker, given their labels back):")
    for name in ("quotes", "end_to_end"):
        figures = corrected[name]
        print(f"  {name:11s} P {figures['precision']:.3f}  R {figures['recall']:.3f}  F1 {figures['f1']:.3f}")
    print(f"  speaker accuracy {corrected['speaker_accuracy']:.3f}   ({corrected['predicted']} predicted, {corrected['gold_direct']} gold direct)")
    print("reference: textacy P .858 R .768 F1 .811, speaker accuracy .898; GenderGapTracker 83.7 F1 / 86.5 %; corrected gold: "
          f"direct F1 {targets.check('direct-quote F1', corrected['quotes']['f1'], 0.97)}, "
          f"end-to-end F1 {targets.check('direct end-to-end F1', corrected['end_to_end']['f1'], 0.95)} (part 3; .92 before), "
          f"speaker accuracy {targets.check('direct speaker accuracy', corrected['speaker_accuracy'], 0.96)} (part 3; .94 before)")
    tune, check = quotes.halves(retyped)
    for name, part in (("tune half", tune), ("check half", check)):
        figures = quotes.score(part)
        print(f"  {name:10s} ({figures['articles']} articles): F1 {figures['quotes']['f1']:.3f}, end to end {figures['end_to_end']['f1']:.3f}, "
              f"speaker accuracy {figures['speaker_accuracy']:.3f}")
    _print_rules(corrected["rules"])

    print("\n== Reported speech (PolNeAR dev; the rule of shared/eval/quotes/INDIRECT.md, '' articles typed again) ==")
    reported = quotes.score_reported(retyped)
    for name, part in (("all", retyped), ("tune half", tune), ("check half", check)):
        figures = quotes.score_reported(part)
        print(f"{name:10s} P {figures['reported']['precision']:.3f}  R {figures['reported']['recall']:.3f}  F1 {figures['reported']['f1']:.3f}   "
              f"end to end P {figures['end_to_end']['precision']:.3f}  R {figures['end_to_end']['recall']:.3f}  F1 {figures['end_to_end']['f1']:.3f}   "
              f"speaker accuracy {figures['speaker_accuracy']:.3f}   ({figures['predicted']} predicted, {figures['targets']} targets)")
    print("reference: dependency-rule extractor (INDIRECT.md) F1 .776, end to end .707; GenderGapTracker 83.7 F1; Citron 83.3; "
          f"F1 {targets.check('reported-speech F1', reported['reported']['f1'], 0.85)} (part 3; .82 before), "
          f"end to end {targets.check('reported-speech end-to-end F1', reported['end_to_end']['f1'], 0.78)} (part 3; .72 before)")
    _print_rules(reported["rules"])

    print("\n== HTML extraction (real news pages; bag-of-words P/R/F1 of the article body, macro-averaged) ==")
    pages = html.score_pages(eval_dir / "html")
    for name, label in (("newslake", "newslake (trafilatura)"), ("baseline", "all visible text")):
        precision, recall, f1 = pages[name]
        print(f"{label:23s} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    worst = min(pages["rows"], key=lambda row: row["newslake"][2])
    print(f"{pages['pages']} pages; lowest F1 {worst['newslake'][2]:.3f} ({worst['page']})   "
          f"(reference: trafilatura 0.90-0.95 on public benchmarks; {targets.check('HTML body F1', pages['newslake'][2], 0.90)})")

    if corpus.is_dir():
        print("\n== Language (UD dev paragraphs in de, fr, es, ru; Wikinews paragraphs in en; py3langid) ==")
        languages = lang.score(lang.paragraphs(eval_dir / "lang" / "ud_dev_paragraphs.jsonl", corpus))
        for name, figures in languages.items():
            per_language = ", ".join(f"{code} {right}/{total}" for code, (right, total) in figures["per_language"].items())
            confusions = ", ".join(f"{gold}->{found} {count}" for (gold, found), count in sorted(figures["confusions"].items())) or "none"
            gate = targets.check("language accuracy on paragraphs", figures["accuracy"], 0.98) if name == "paragraphs" else "not gated"
            print(f"{name:16s} {figures['accuracy']:.3f} of {figures['n']} ({per_language}); confusions: {confusions}   ({gate})")

    print("\n== Entities (CoNLL-2003 dev, exact span and type, PER/ORG/LOC) ==")
    conll = entities.score_conll(eval_dir / "entities" / "conll2003_dev.jsonl")
    for name in ("newslake", "bare model"):
        figures = conll[name]
        print(f"{name:11s} P {figures['precision']:.3f}  R {figures['recall']:.3f}  F1 {100 * figures['f1']:.1f}")
    f1 = 100 * conll["newslake"]["f1"]
    gain = f1 - 100 * conll["bare model"]["f1"]
    print(f"gain over the bare model: {gain:+.1f} F1 points   (reference: bare en_core_web_sm about 59-61; {targets.check('entity F1 gain', gain, 2)})")
    print(f"CoNLL dev F1 {f1:.1f}   ({targets.check('CoNLL dev F1', f1, 73)}; 70.0 before the place, label and span rules)")
    print("  per correction, F1 gain (newslake minus newslake without it):")
    for name, figures in conll.items():
        if name.startswith("without "):
            print(f"    {name[8:]:20s} {f1 - 100 * figures['f1']:+.1f}")

    if corpus.is_dir():
        print("\n== Canonical entities on the Wikinews corpus ==")
        here = Path(__file__).resolve().parent
        report = entities.wikinews_entities(corpus, here / "wikinews_entities.tsv", here / "wikinews_places.tsv")
        print(", ".join(f"{key}: {report[key]}" for key in ("articles", "mentions", "entities", "linked to an identifier")))
        right = [name for name, expected, found in report["checked"] if found == expected]
        share = len(right) / len(report["checked"])
        print(f"{len(right)} of {len(report['checked'])} frequent entities with the right name, label and identifier: {share:.3f}   ({targets.check('Wikinews entities right', share, 0.95)})")
        for name, expected, found in report["checked"]:
            if found != expected:
                print(f"    {name}: expected {expected}, found {found}")
        linked = [row for row in report["places"] if row[3] is not None]
        precise = sum(found == kb_id for _, _, kb_id, found in linked)
        precision = precise / len(linked) if linked else 0.0
        print(f"place links right on {precise} of {len(linked)} hand-checked mentions: precision {precision:.3f}   ({targets.check('place linking precision', precision, 0.90)})")
        for source_path, text, kb_id, found in linked:
            if found != kb_id:
                print(f"    {text} in {source_path[:60]}: expected {kb_id or 'no place'}, found {found}")

        samples = (  # (file, what it is, target, its wrong items printed: not for a held-out sample)
            ("wikinews_speakers.tsv", "first sample, 2026-12-04", 0.90, True),
            ("wikinews_speakers_2.tsv", "second sample, drawn and judged 2026-12-05; the rules of that day were written against it", None, True),
            ("wikinews_speakers_3.tsv", "third sample, drawn and judged 2026-12-06 on ea2701f; held out until its errors were read that day", None, True),
            ("wikinews_speakers_4.tsv", "fourth sample, drawn and judged 2026-12-06 on 3fcf127; held out: its items are not printed", None, False),
            ("wikinews_speakers_5.tsv", "fifth sample, drawn and judged 2026-12-06 on 3749a04 (36/50 then); held out until its errors were read that day", None, True),
            ("wikinews_speakers_6.tsv", "sixth sample, drawn and judged 2026-12-06 on ae10585 (33/50 then); held out: its items are not printed", None, False),
            ("wikinews_speakers_7.tsv", "seventh sample, drawn and judged blind 2026-12-06 on 630ecd9 (32/50 then); held out until its errors were read that day", None, True),
            ("wikinews_speakers_8.tsv", "eighth sample, drawn and judged blind 2026-12-06 on 4332ea8 (36/50 then); held out: its items are not printed", None, False),
            ("wikinews_speakers_9.tsv", "ninth sample, drawn and judged blind 2026-12-07 on 0c50034 (37/50 then); held out until its errors were read that day", None, True),
            ("wikinews_speakers_10.tsv", "tenth sample, drawn and judged blind 2026-12-07 on 7ab0097 (31/50 then); held out until its errors were read that day", None, True),
            ("wikinews_speakers_11.tsv", "eleventh sample, drawn and judged blind 2026-12-07 on 2069677 (31/50 then); held out until its errors were read that day", None, True),
        )
        for name, what, target, items_shown in samples:
            print(f"\n== Speakers, hand-checked on Wikinews ({what}) ==")
            _print_speakers(speakers.score(corpus, here / name), targets, target, items_shown)

    if corpus.is_dir():
        from eval import collection

        here = Path(__file__).resolve().parent
        print("\n== Stories (Wikinews with planted copies: headline changed, a paragraph cut or added, boilerplate around) ==")
        found = collection.score_stories(corpus)
        print(f"{found['documents']} documents ({found['copies']} planted copies), {found['stories']} stories of more than one; "
              f"recall {found['recall']:.3f} of {found['planted_pairs']} planted pairs at Jaccard >= 0.8   "
              f"({targets.check('story recall', found['recall'], 0.95)}); {len(found['below_0.6'])} of {found['joined_pairs']} joined pairs below 0.6 (target 0)")
        if found["below_0.6"]:
            targets.missed.append(f"story pairs below 0.6 joined: {len(found['below_0.6'])}")
        print("\n== Wire credits (hand-labelled lines in Wikinews articles; every article as it is) ==")
        wire = collection.score_wire(corpus, here / "wire_labelled.tsv")
        share = wire["right"] / wire["labelled"]
        print(f"{wire['right']}/{wire['labelled']} labelled lines right ({targets.check('wire labels right', share, 1.0)}); "
              f"{len(wire['false_positives'])} of {wire['articles']} unlabelled articles given an agency (target 0)")
        if wire["false_positives"]:
            targets.missed.append(f"wire false positives: {len(wire['false_positives'])}")
        for name, line, expected, got in wire["wrong"]:
            print(f"    {name[:40]} {line!r}: expected {expected}, found {got}")
        print("\n== Statements (40 Wikinews quotations planted three ways in other articles, whole pipeline) ==")
        planted = collection.score_statements(corpus)
        share = planted["joined"] / planted["plants"]
        print(f"{planted['joined']}/{planted['plants']} plants joined their quotation's statement ({targets.check('statement plants joined', share, 0.95)}); "
              f"{len(planted['mixed'])} statements mixing two quotations (target 0); not found as a quotation: {len(planted['not_found'])}")
        if planted["mixed"]:
            targets.missed.append(f"statements mixing quotations: {len(planted['mixed'])}")
        print("\n== Gender of people, hand-checked on Wikinews (each person judged in one article) ==")
        from eval import gender

        checked = gender.score(corpus, here / "wikinews_genders.tsv")
        for part in ("dev", "dev2", "heldout"):
            items = [item for item in checked["items"] if item.sample == part]
            if not items:
                continue
            right = sum(item.right for item in items)
            given = [item for item in items if item.found != "unknown"]
            precise = sum(item.right for item in given)
            share = precise / len(given) if given else 0.0
            print(f"{part:8s} right where a gender is given {precise}/{len(given)}: {share:.3f}   "
                  f"({targets.check(f'gender accuracy ({part})', share, 0.97)}); "
                  f"all {len(items)} items right (unknown counts): {right}/{len(items)}")
            for item in items:
                if not item.right:
                    print(f"    {item.source_path[:40]} {item.entity_id}: judged {item.judged}, found {item.found}")
        print(f"coverage: {checked['speakers_given']}/{checked['speaker_pairs']} speakers of a quotation given a gender "
              f"({checked['speakers_given'] / checked['speaker_pairs']:.3f}); {checked['given']}/{checked['pairs']} of all people "
              f"({checked['given'] / checked['pairs']:.3f}); per (person, article); given: "
              + ", ".join(f"{name} {count}" for name, count in checked["by_gender"].items()))

    if targets.missed:
        print("\nmake eval: below target: " + "; ".join(targets.missed))
        return 1
    print("\nmake eval: every gated figure meets its target")
    return 0


def _print_speakers(checked: list, targets: Targets, target: float | None, items_shown: bool = True) -> None:
    """A sample's figures, and the items it got wrong unless it is held out: a held-out sample
    measures the rules only while nobody who writes them reads its errors."""
    from eval import speakers

    right = sum(item.right for item in checked)
    share = right / len(checked)
    verdict = targets.check("Wikinews speakers fully right", share, target) if target is not None else "no target: a second check"
    print(f"fully right (speech and speaker) {right}/{len(checked)}: {share:.3f}   ({verdict})")
    spoken = [item for item in checked if item.is_speech]
    print(f"speech right {sum(item.speech_right for item in checked)}/{len(checked)}; "
          f"speaker right {sum(item.speaker_right for item in spoken)}/{len(spoken)} of the items that are speech; "
          f"of the wrong, {sum(item.honestly_unresolved for item in checked)} left unresolved where the judge names nobody "
          f"(the speaker unnamed, or the description kept as written: not counted, as top_speakers leaves them out)")
    for kind in speakers.CLASSES:
        part = [item for item in checked if item.kind == kind]
        print(f"  {kind:9s} fully right {sum(item.right for item in part)}/{len(part)}, speech right {sum(item.speech_right for item in part)}/{len(part)}")
    for item in checked if items_shown else ():
        if not item.right:
            expected = " | ".join(item.speakers) if item.is_speech else "not speech"
            print(f"    {item.source_path[:40]} {item.excerpt[:40]!r}: expected {item.kind}, {expected}; found {item.describe_found()}")


def _print_rules(rules: dict[str, dict]) -> None:
    print("  per rule: rows, precision (inside a gold attribution), speaker right")
    for rule, figures in rules.items():
        print(f"    {rule:32s} {figures['predicted']:5d}  {figures['precision']:.3f}  {figures['speaker_right']:.3f}")


if __name__ == "__main__":
    sys.exit(main())
