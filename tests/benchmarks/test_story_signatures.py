"""What story signatures cost, as ratios of CPU time in one run against NER over the same Wikinews
texts (the cost newslake cannot avoid): datasketch's MinHash with the band keys newslake keeps,
and rensa's Rust MinHash over the same shingles, for the choice of library."""

import time

import pytest

from transforms.entities.recognition import load_model
from transforms.collection.stories import NUM_PERM, SEED, band_rows, shingles


def _cpu(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def test_signatures_cost_a_small_share_of_ner(corpus):
    texts = [path.read_text(encoding="utf-8") for path in corpus]
    nlp = load_model()
    list(nlp.pipe(texts[:2]))  # warm up
    ner = _cpu(lambda: list(nlp.pipe(texts, batch_size=32)))
    band_rows("warm", texts[0])
    datasketch = _cpu(lambda: [band_rows(str(index), text) for index, text in enumerate(texts)])
    rensa = pytest.importorskip("rensa")

    def with_rensa():
        for text in texts:
            minhash = rensa.RMinHash(num_perm=NUM_PERM, seed=SEED)
            minhash.update(sorted(shingles(text)))
            minhash.digest()

    rust = _cpu(with_rensa)
    words = sum(len(text.split()) for text in texts)
    print(f"\n{len(texts)} texts, {words:,} words: NER {ner:.2f} s CPU; datasketch signatures and band keys {datasketch:.3f} s "
          f"({datasketch / ner:.3f} of NER); rensa signatures {rust:.3f} s ({rust / ner:.3f} of NER); "
          f"datasketch / rensa {datasketch / rust:.1f}x")
    assert datasketch / ner < 0.10
