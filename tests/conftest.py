"""Shared fixtures: the seed article, parsed once, and small helpers."""

import fcntl
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "unequal-battle.txt"


@pytest.fixture(scope="session")
def seed_file() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_article():
    from transforms.reading.articles import parse_article

    return parse_article("unequal-battle.txt", SEED.read_bytes())


@pytest.fixture(scope="session")
def nlp():
    from transforms.entities.recognition import load_model

    return load_model()


@pytest.fixture(scope="session")
def parser():
    from transforms.quotes.parsing import load_parser
    from transforms.entities.recognition import DEFAULT_MODEL

    return load_parser(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def seed_analysis(seed_article, nlp, parser):
    from transforms.tables import analyse

    return analyse([seed_article], nlp, parser)[0]


def ingest_with_cli(seeds: Path, data: Path, *extra: str) -> str:
    """Run `newslake ingest` in-process and return what it printed."""
    from typer.testing import CliRunner

    from cli.app import app

    result = CliRunner().invoke(app, ["ingest", "--seeds", str(seeds), "--data", str(data), *extra])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def harness():
    """One temporary Prefect server for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory, worker_id, request) -> Path:
    """A data folder made by ingesting the shipped seeds/ folder, for the SQL tests (which only read
    it). Analysed in this process: worker processes would each load the model again, and they give
    the same rows (test_incremental.py). Under pytest-xdist the first worker to ask ingests it into
    the run's shared temporary folder and the others wait for it (an ingest is ~20 s of CPU). Each
    worker starts its Prefect server first: a waiting worker would otherwise start it only after
    the wait, at its next flow test (~15 s on a busy 2-core machine)."""
    request.getfixturevalue("harness")
    if worker_id == "master":  # not under xdist (-p no:xdist, -n 0)
        data = tmp_path_factory.mktemp("seed-data")
        ingest_with_cli(ROOT / "seeds", data, "--workers", "1")
        return data
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    data, done = shared / "seed-data", shared / "seed-data.done"
    with open(shared / "seed-data.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if the ingest fails
        if not done.exists():
            shutil.rmtree(data, ignore_errors=True)  # left by a worker whose ingest failed
            ingest_with_cli(ROOT / "seeds", data, "--workers", "1")
            done.touch()
    return data


@pytest.fixture(scope="session")
def seed_db(seed_data):
    from newslake.views import connect

    return connect(seed_data)


@pytest.fixture
def updated(monkeypatch) -> list[str]:
    """The derived tables updated from the changed documents (not rebuilt) by the last commits."""
    names: list[str] = []
    from newslake.derived import _Update

    changed_documents = _Update.changed_documents

    def spy(self, name, *rest):
        changed = changed_documents(self, name, *rest)
        if changed is not None:
            names.append(name)
        return changed

    monkeypatch.setattr(_Update, "changed_documents", spy)
    return names
