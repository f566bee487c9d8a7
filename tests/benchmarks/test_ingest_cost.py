"""What newslake costs beyond the NER it cannot avoid, measured as ratios in one run.

- `newslake ingest` (a real process: Prefect's temporary server, imports, model loads, reading,
  splitting, NER, parsing the sentences that may carry speech, linking, quotes, writing) at two
  corpus sizes, against a bare `nlp.pipe` over the same texts with the same model and components.
  The difference between the two sizes gives the per-article cost; what is left at zero articles is
  the fixed start-up.
- Parsing, attribution, and entity linking with place ids against NER time on the same articles, and the share of sentences (and
  of words) that were parsed.
"""

import shutil
import subprocess
import sys
import time
from pathlib import Path

from transforms.articles import parse_article
from transforms.entities import DEFAULT_MODEL, link_mentions, load_model, recognise
from transforms.places import gazetteer
from transforms.parsing import load_parser, parse_sentences, sentences_to_parse
from transforms.quotes import extract_quotes

SIZES = (50, 293)
NEWSLAKE = Path(sys.executable).parent / "newslake"


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def test_ingest_against_bare_ner(corpus, tmp_path):
    load_seconds, nlp = timed(lambda: (load_model.__wrapped__(DEFAULT_MODEL), load_parser.__wrapped__(DEFAULT_MODEL))[0])
    texts = {size: [parse_article(p.name, p.read_bytes()).text for p in corpus[:size]] for size in SIZES}
    list(nlp.pipe(texts[SIZES[0]][:5]))  # warm up
    bare = {size: timed(lambda t: list(nlp.pipe(t, batch_size=64)), texts[size])[0] for size in SIZES}
    ingest = {}
    for size in SIZES:
        seeds, data = tmp_path / f"seeds{size}", tmp_path / f"data{size}"
        seeds.mkdir()
        for path in corpus[:size]:
            shutil.copy(path, seeds / path.name)
        command = [str(NEWSLAKE), "ingest", "--seeds", str(seeds), "--data", str(data), "--workers", "1"]
        ingest[size] = timed(lambda: subprocess.run(command, check=True, capture_output=True))[0]
    small, large = SIZES
    per_article_bare = (bare[large] - bare[small]) / (large - small)
    per_article_ingest = (ingest[large] - ingest[small]) / (large - small)
    fixed = ingest[small] - small * per_article_ingest
    print(f"\nbare nlp.pipe: {bare[small]:.2f} s for {small}, {bare[large]:.2f} s for {large} articles")
    print(f"newslake ingest: {ingest[small]:.2f} s for {small}, {ingest[large]:.2f} s for {large} articles")
    print(f"per-article cost, ingest / bare NER: {per_article_ingest / per_article_bare:.2f} (target <= 1.6)")
    print(f"fixed start-up of `newslake ingest`: {fixed:.1f} s, {fixed - load_seconds:.1f} s over loading the models ({load_seconds:.1f} s; target <= 6 s over)")
    assert per_article_ingest / per_article_bare <= 1.6


def test_parsing_and_attribution_against_ner(corpus):
    nlp, parser = load_model(), load_parser(DEFAULT_MODEL)
    articles = [parse_article(p.name, p.read_bytes()) for p in corpus]
    list(parser.pipe(["Warm up the parser."]))
    ner_seconds, found = timed(recognise, nlp, [a.text for a in articles])
    parse_seconds, parses = timed(parse_sentences, parser, articles)
    gazetteer()  # loaded once per process, like the model
    link_seconds, linked = timed(lambda: [link_mentions(a.text, mentions) for a, mentions in zip(articles, found)])
    quote_seconds, _ = timed(lambda: [extract_quotes(a, m, p) for a, m, p in zip(articles, linked, parses)])
    chosen = [(a, set(sentences_to_parse(a))) for a in articles]
    n_sentences = sum(len(a.sentences) for a in articles)
    n_parsed = sum(len(indexes) for _, indexes in chosen)
    words = sum(len(a.text[s.start : s.end].split()) for a in articles for s in a.sentences)
    parsed_words = sum(len(a.text[a.sentences[i].start : a.sentences[i].end].split()) for a, indexes in chosen for i in indexes)
    print(f"\nNER {ner_seconds:.2f} s; parsing {parse_seconds:.2f} s ({parse_seconds / ner_seconds:.0%} of NER); "
          f"attribution {quote_seconds:.2f} s ({quote_seconds / ner_seconds:.1%} of NER); "
          f"entity linking and place ids {link_seconds:.2f} s ({link_seconds / ner_seconds:.1%} of NER) for {len(articles)} articles")
    print(f"parsed: {n_parsed} of {n_sentences} sentences ({n_parsed / n_sentences:.0%}), {parsed_words / words:.0%} of the words")
    assert parse_seconds + quote_seconds <= 0.6 * ner_seconds
    assert link_seconds <= 0.05 * ner_seconds
