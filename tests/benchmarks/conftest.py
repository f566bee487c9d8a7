"""Benchmarks read the Wikinews corpus from ../shared; they are skipped when it is absent."""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wikinews"


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"benchmark corpus not found at {CORPUS}")
    return sorted(CORPUS.glob("*.txt"))
