"""Benchmarks read the Wikinews corpus from ../shared; they are skipped when it is absent.

The bare baselines run with one BLAS thread per process, as `newslake` itself does.
"""

import os
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wikinews"


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"benchmark corpus not found at {CORPUS}")
    return sorted(CORPUS.glob("*.txt"))
