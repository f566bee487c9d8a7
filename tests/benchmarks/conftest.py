"""Benchmarks read their corpora from ../shared; they are skipped when it is absent.

- `corpus`: the Wikinews articles (293 text files).
- `quote_dense_corpus`: the 84 PolNeAR dev texts (political news; a third of the words stand in
  sentences with quotation marks, twice Wikinews' share), written at run time as text files to a
  temporary seeds folder: evaluation data is never committed.

The bare baselines run with one BLAS thread per process, as `newslake` itself does.
"""

import json
import os
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus" / "wikinews"
POLNEAR_DEV = SHARED / "eval" / "quotes" / "polnear_dev.jsonl"


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"benchmark corpus not found at {CORPUS}")
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def quote_dense_corpus(tmp_path_factory) -> list[Path]:
    """The PolNeAR dev texts as `<doc_id>.txt` files, in the order of the file."""
    if not POLNEAR_DEV.is_file():
        pytest.skip(f"quote-dense corpus not found at {POLNEAR_DEV}")
    folder = tmp_path_factory.mktemp("polnear_dev")
    paths = []
    with POLNEAR_DEV.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            path = folder / f"{record['doc_id']}.txt"
            path.write_text(record["text"], encoding="utf-8")
            paths.append(path)
    return paths
