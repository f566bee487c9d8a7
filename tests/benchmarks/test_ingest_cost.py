"""What newslake costs beyond the NER it cannot avoid, measured as ratios in one run, on Wikinews
and on a quote-dense corpus (the PolNeAR dev texts: a third of their words stand in sentences with
quotation marks, twice Wikinews' share).

- `newslake ingest --workers 1` (a real process: Prefect's temporary server, imports, model loads,
  reading, splitting, NER, parsing the sentences that may carry speech, linking, quotes, writing) at
  two corpus sizes, against a bare `nlp.pipe` over the same texts with the NER component alone. The
  difference between the two sizes gives the per-article cost; what is left at zero articles is the
  fixed start-up.
- Where the time goes, in this process: the ingest's own batch analysis (`analyse_batch`) and
  writing, with each stage timed where its caller looks it up, as a share of NER time, so the
  shares other than NER add up to the in-process ratio less 1; the share of sentences (and words)
  parsed; and the project's own functions that take most time under cProfile.

Ratios are of CPU time, which other work on a shared machine moves less than wall time (wall-time
ratios of the same runs swung from 0.4 to 2.0 there); wall time is printed too, and is what
start-up is. Each measurement is taken twice, in turn with the other side's, and the quickest kept.
"""

import cProfile
import os
import pstats
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

import pytest

import newslake.analysis
import transforms.reading.articles
import transforms.quotes.parsing
import transforms.quotes
import transforms.tables
from newslake.analysis import Recipe, analyse_batch
from newslake.derived import update_derived
from newslake.planning import Manifest, discover, plan
from newslake.report import write_report
from newslake.settings import Settings
from newslake.store import Store
from newslake.views import build_database, connect
from transforms.reading.articles import parse_article
from transforms.quotes.parsing import load_parser, sentences_to_parse
from transforms.entities.places import gazetteer
from transforms.entities.recognition import DEFAULT_MODEL, load_model

NEWSLAKE = Path(sys.executable).parent / "newslake"
TREE = Path(__file__).resolve().parents[2]  # the tree under test: the subprocess must import it
PROFILE_ROWS = 10
REPEATS = 2  # each measurement, in turn with the other side's


@dataclass(frozen=True)
class Corpus:
    fixture: str
    sizes: tuple[int, int]  # articles in the two ingests
    profiled: bool = False  # the parser's components and cProfile's hot spots too (30 s more)


CORPORA = {"wikinews": Corpus("corpus", (50, 293)), "polnear": Corpus("quote_dense_corpus", (20, 84), profiled=True)}


class Seconds(NamedTuple):
    """Wall seconds, and CPU seconds (user + system, of this process and its threads, or of a child
    process and its own children): the machine is shared, and other work there slows the wall
    clock of single-threaded NLP far more than its CPU time."""

    wall: float
    cpu: float

    def __sub__(self, other: "Seconds") -> "Seconds":
        return Seconds(self.wall - other.wall, self.cpu - other.cpu)


def timed(function, *args) -> tuple[Seconds, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return Seconds(time.perf_counter() - wall, time.process_time() - cpu), result


def quickest(times: list[Seconds]) -> Seconds:
    """The least wall and the least CPU time of repeated runs: on a shared machine even the CPU
    time of the same NER over the same texts varied by a third between runs (2026-12-06), and
    what other work adds is never less than nothing."""
    return Seconds(min(run.wall for run in times), min(run.cpu for run in times))


def run_timed(command: list[str], environment: dict[str, str]) -> Seconds:
    """A command run to its end, with the CPU time of its process tree (as far as it was waited for)."""
    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    wall, cpu = time.perf_counter(), children_cpu()
    subprocess.run(command, check=True, capture_output=True, env=environment)
    return Seconds(time.perf_counter() - wall, children_cpu() - cpu)


def newslake_environment() -> dict[str, str]:
    """The environment with this tree first on PYTHONPATH, checked with the interpreter that runs
    the `newslake` script: an editable install elsewhere must not be what gets measured."""
    inherited = os.environ.get("PYTHONPATH")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TREE), *([inherited] if inherited else [])])}
    interpreter = NEWSLAKE.read_text().splitlines()[0].removeprefix("#!").strip()
    check = "import cli.app, flows.ingest, transforms.tables; print(cli.app.__file__, flows.ingest.__file__, transforms.tables.__file__)"
    found = subprocess.run([interpreter, "-c", check], env=environment, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(path).is_relative_to(TREE) for path in found), f"the newslake script imports {found}, not {TREE}"
    return environment


@pytest.mark.parametrize("name", CORPORA)
def test_ingest_against_bare_ner(name, request, tmp_path):
    corpus: list[Path] = request.getfixturevalue(CORPORA[name].fixture)
    sizes = CORPORA[name].sizes
    environment = newslake_environment()
    load, nlp = timed(lambda: (load_model.__wrapped__(DEFAULT_MODEL), load_parser.__wrapped__(DEFAULT_MODEL))[0])
    texts = {size: [parse_article(p.name, p.read_bytes()).text for p in corpus[:size]] for size in sizes}
    list(nlp.pipe(texts[sizes[0]][:5]))  # warm up
    bare_runs: dict[int, list[Seconds]] = {size: [] for size in sizes}
    ingest_runs: dict[int, list[Seconds]] = {size: [] for size in sizes}
    for size in sizes:
        seeds = tmp_path / f"seeds{size}"
        seeds.mkdir()
        for path in corpus[:size]:
            shutil.copy(path, seeds / path.name)
    for attempt in range(REPEATS):  # the two sides in turn, each kept at its quickest
        for size in sizes:
            bare_runs[size].append(timed(lambda t: list(nlp.pipe(t, batch_size=64)), texts[size])[0])
            command = [str(NEWSLAKE), "ingest", "--seeds", str(tmp_path / f"seeds{size}"), "--data", str(tmp_path / f"data{size}-{attempt}"), "--workers", "1"]
            ingest_runs[size].append(run_timed(command, environment))
    bare = {size: quickest(runs) for size, runs in bare_runs.items()}
    ingest = {size: quickest(runs) for size, runs in ingest_runs.items()}
    small, large = sizes
    per_article_bare = Seconds(*((b - a) / (large - small) for a, b in zip(bare[small], bare[large])))
    per_article_ingest = Seconds(*((b - a) / (large - small) for a, b in zip(ingest[small], ingest[large])))
    ratio = Seconds(*(i / b for i, b in zip(per_article_ingest, per_article_bare)))
    fixed = Seconds(*(i - small * a for i, a in zip(ingest[small], per_article_ingest)))
    words = sum(len(text.split()) for text in texts[large])
    print(f"\n[{name}] {large} articles, {words:,} words; seconds as wall / CPU")
    print(f"bare nlp.pipe (NER alone): {bare[small].wall:.2f} / {bare[small].cpu:.2f} s for {small}, {bare[large].wall:.2f} / {bare[large].cpu:.2f} s for {large} articles")
    print(f"newslake ingest --workers 1: {ingest[small].wall:.2f} / {ingest[small].cpu:.2f} s for {small}, {ingest[large].wall:.2f} / {ingest[large].cpu:.2f} s for {large} articles")
    print(f"per-article cost, ingest / bare NER: {ratio.cpu:.2f} in CPU time (target <= 1.6), {ratio.wall:.2f} in wall time")
    print(f"fixed start-up of `newslake ingest`: {fixed.wall:.1f} s wall, {fixed.wall - load.wall:.1f} s over loading the models "
          f"({load.wall:.1f} s; target <= 6 s over); {fixed.cpu:.1f} s CPU")
    assert ratio.cpu <= 1.6


class StageClock:
    """CPU seconds spent in named functions, wrapped where their callers look them up (the module
    that imported them), so the real code runs unchanged and stages nest as the calls do."""

    def __init__(self, monkeypatch):
        self.seconds: Counter[str] = Counter()
        self._monkeypatch = monkeypatch

    def wrap(self, module, name: str, stage: str) -> None:
        function = getattr(module, name)

        def timed_call(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] += time.process_time() - started

        self._monkeypatch.setattr(module, name, timed_call)

    def time(self, stage: str, function, *args):
        seconds, result = timed(function, *args)
        self.seconds[stage] += seconds.cpu
        return result


# (module, function looked up there, stage, depth: 1 is a step of the ingest, 2 a part of the step above)
STAGES = (
    (newslake.analysis, "read_file", "reading, cleaning, segmenting", 1),
    (transforms.reading.articles, "paragraphs", "paragraph splitting", 2),
    (transforms.reading.articles, "sentences", "sentence splitting", 2),
    (transforms.tables, "recognise", "NER (recognise)", 1),
    (transforms.tables, "parse_sentences", "parsing (parse_sentences)", 1),
    (transforms.quotes.parsing, "sentences_to_parse", "choosing sentences to parse", 2),
    (transforms.tables, "link_mentions", "entity linking (link_mentions)", 1),
    (transforms.tables, "extract_quotes", "quotes (extract_quotes)", 1),
    (transforms.quotes, "direct_quotes", "direct quotations", 2),
    (transforms.quotes, "_reported_quotes", "reported speech", 2),
    (transforms.quotes, "resolve_speakers", "speaker resolution", 2),
    (newslake.analysis, "to_tables", "table building (to_tables)", 1),
)
WRITING = ("writing Parquet (append)", "derived tables (derive)", "database and report")


def ingest_in_process(corpus: list[Path], seeds: Path, data: Path, clock: StageClock | None = None) -> None:
    """What `newslake ingest --workers 1` does with the files once Prefect has started: analyse
    batches of the default size, write their rows, derive, build the database and the report."""
    clock = clock or StageClock(None)
    seeds.mkdir()
    for path in corpus:
        shutil.copy(path, seeds / path.name)
    sources = plan(seeds, discover(seeds), Manifest.from_rows([]), Recipe(DEFAULT_MODEL)).changed
    batch_size = Settings.load(seeds, data).batch_size
    at = datetime.now(timezone.utc)
    store = Store(data)
    with store.lock(), store.transaction() as transaction:
        for first in range(0, len(sources), batch_size):
            result = clock.time("analyse_batch", analyse_batch, str(seeds), sources[first : first + batch_size], Recipe(DEFAULT_MODEL), at, lambda files: None)
            clock.time(WRITING[0], transaction.append, result.tables)
        clock.time(WRITING[1], update_derived, transaction)
        store.commit(transaction)
    clock.time(WRITING[2], lambda: (build_database(store), write_report(connect(store), data / "report.html")))


@pytest.mark.parametrize("name", CORPORA)
def test_where_the_time_goes(name, request, tmp_path, monkeypatch):
    corpus: list[Path] = request.getfixturevalue(CORPORA[name].fixture)
    nlp = load_model.__wrapped__(DEFAULT_MODEL)  # the NER component alone, as the bare baseline above
    load_model(DEFAULT_MODEL), load_parser(DEFAULT_MODEL), gazetteer()  # loaded once per process
    articles = [parse_article(p.name, p.read_bytes()) for p in corpus]
    texts = [article.text for article in articles]
    ingest_in_process(corpus[:3], tmp_path / "warm-seeds", tmp_path / "warm-data")  # rule files, caches
    list(nlp.pipe(texts[:5]))
    bare = timed(lambda: list(nlp.pipe(texts, batch_size=64)))[0].cpu

    clock = StageClock(monkeypatch)
    for module, function, stage, _ in STAGES:
        clock.wrap(module, function, stage)
    ingest_in_process(corpus, tmp_path / "seeds", tmp_path / "data", clock)
    monkeypatch.undo()

    seconds = clock.seconds
    ner = seconds["NER (recognise)"]
    other = seconds["analyse_batch"] - sum(seconds[stage] for _, _, stage, depth in STAGES if depth == 1)
    total = seconds["analyse_batch"] + sum(seconds[stage] for stage in WRITING)
    chosen = [(article, sentences_to_parse(article)) for article in articles]
    n_sentences = sum(len(article.sentences) for article in articles)
    n_parsed = sum(len(indexes) for _, indexes in chosen)
    words = sum(len(article.text[s.start : s.end].split()) for article in articles for s in article.sentences)
    parsed_words = sum(len(a.text[a.sentences[i].start : a.sentences[i].end].split()) for a, indexes in chosen for i in indexes)

    print(f"\n[{name}] in process, {len(articles)} articles, {words:,} words, CPU seconds: {total:.2f} s, {total / ner:.2f}x NER "
          f"({ner:.2f} s; bare nlp.pipe {bare:.2f} s, so {total / bare:.2f}x bare NER)")
    for _, _, stage, depth in STAGES:
        indent = "    " if depth == 2 else "  "
        print(f"{indent}{stage:<34} {seconds[stage]:6.2f} s {seconds[stage] / ner:6.1%} of NER")
    print(f"  {'the rest of analyse_batch':<34} {other:6.2f} s {other / ner:6.1%} of NER")
    for stage in WRITING:
        print(f"  {stage:<34} {seconds[stage]:6.2f} s {seconds[stage] / ner:6.1%} of NER")
    print(f"  beyond NER: {(total - ner) / ner:.1%} of NER")
    print(f"parsed: {n_parsed} of {n_sentences} sentences ({n_parsed / n_sentences:.0%}), {parsed_words / words:.0%} of the words")
    if CORPORA[name].profiled:
        sentence_texts = [a.text[a.sentences[i].start : a.sentences[i].end] for a, indexes in chosen for i in indexes]
        components = parse_by_component(load_parser(DEFAULT_MODEL), sentence_texts)
        print("parsing by component: " + ", ".join(f"{component} {s:.2f} s ({s / ner:.1%} of NER)" for component, s in components.items()))
        print_hot_spots(name, corpus, tmp_path)
    parse, quotes, link = seconds["parsing (parse_sentences)"], seconds["quotes (extract_quotes)"], seconds["entity linking (link_mentions)"]
    assert parse + quotes <= 0.6 * ner
    assert link <= 0.05 * ner


def parse_by_component(parser, texts: list[str]) -> dict[str, float]:
    """CPU seconds of the parser pipeline's tokenizer and each of its components over the same texts,
    in batches of the size `parse_sentences` uses."""
    seconds, docs = timed(lambda: [parser.make_doc(text) for text in texts])
    split = {"tokenizer": seconds.cpu}
    for component, process in parser.pipeline:
        seconds, docs = timed(lambda: list(process.pipe(docs, batch_size=256)))
        split[component] = seconds.cpu
    return split


def print_hot_spots(name: str, corpus: list[Path], tmp_path: Path) -> None:
    """The project's own functions (not spaCy's, thinc's, Arrow's or the standard library's) that
    take most time under cProfile, by time of their own and by time with what they call, as shares
    of the whole profiled ingest (the profiler slows Python more than compiled code: shares only)."""
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(ingest_in_process, corpus, tmp_path / "profiled-seeds", tmp_path / "profiled-data")
    stats = pstats.Stats(profiler).stats
    whole = sum(own for _, _, own, _, _ in stats.values())
    ours = [
        (own, cumulative, f"{Path(file).relative_to(TREE)}:{line} {function}")
        for (file, line, function), (_, _, own, cumulative, _) in stats.items()
        if file.startswith(str(TREE)) and "/tests/" not in file
    ]
    print(f"[{name}] the project's own code under cProfile, {len(corpus)} articles ({whole:.1f} s profiled):")
    for title, key in (("time of its own", lambda row: row[0]), ("time with callees", lambda row: row[1])):
        print(f"  by {title}:")
        for own, cumulative, where in sorted(ours, key=key, reverse=True)[:PROFILE_ROWS]:
            print(f"    own {own / whole:5.1%}  with callees {cumulative / whole:5.1%}  {where}")
