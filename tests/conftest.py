"""Shared fixtures: the seed article, parsed once, and small helpers."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "unequal-battle.txt"


@pytest.fixture(scope="session")
def seed_file() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_article():
    from transforms.articles import parse_article

    return parse_article("unequal-battle.txt", SEED.read_bytes())


@pytest.fixture(scope="session")
def nlp():
    from transforms.entities import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_analysis(seed_article, nlp):
    from transforms.tables import analyse

    return analyse([seed_article], nlp)[0]
