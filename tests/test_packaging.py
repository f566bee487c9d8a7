"""The wheel is complete: built from the sources, installed in a fresh virtual environment, it
ingests and answers queries from a folder that is not the repository (`sql/` and the rules ship in it,
and nothing is written into site-packages)."""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["pyproject.toml", "README.md", "transforms", "newslake", "flows", "cli", "sql"]


def build_wheel(out: Path) -> Path:
    """The wheel, built offline (no build isolation) from a copy of the sources, so the build's
    scratch folders never land in the working tree."""
    tree = out / "source"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            tree.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, tree / name)
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), str(tree)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    [wheel] = out.glob("newslake-*.whl")
    return wheel


def fresh_environment(folder: Path, wheel: Path) -> Path:
    """A new virtual environment with only the wheel installed in it; the dependencies are read
    from this environment's site-packages (a path, so its editable install of newslake stays off)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = folder / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("dist"))


def test_the_wheel_holds_the_sql_and_the_rules(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for view in (ROOT / "sql").rglob("*.sql"):
        assert view.relative_to(ROOT).as_posix() in names
    for rule in (ROOT / "transforms" / "rules").iterdir():
        if rule.is_file():
            assert rule.relative_to(ROOT).as_posix() in names
    assert "cli/app.py" in names and "tests/conftest.py" not in names


@pytest.mark.slow
@pytest.mark.flow
def test_an_installed_wheel_ingests_and_answers_from_another_folder(tmp_path, seed_file, wheel, harness):
    from prefect.settings import PREFECT_API_URL

    venv = fresh_environment(tmp_path / "venv", wheel)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "articles").mkdir(parents=True)
    shutil.copy(seed_file, elsewhere / "articles")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "NEWSLAKE_", "PYTHON"))}
    env["PREFECT_API_URL"] = PREFECT_API_URL.value()  # the tests' server: no temporary one to start
    newslake = str(venv / "bin" / "newslake")

    def run(*arguments: str) -> str:
        result = subprocess.run([newslake, *arguments], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stdout

    where = subprocess.run([venv / "bin" / "python", "-c", "import newslake, sql; print(newslake.__file__, sql.__file__)"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert all(path.startswith(str(venv)) for path in where.stdout.split()), where.stdout + where.stderr
    assert "1 files seen: 1 ingested" in run("ingest", "--seeds", "articles", "--data", "out", "--workers", "1")
    assert run("query", "select count(*) as n from documents", "--data", "out", "--format", "csv") == "n\n1\n"
    assert run("check", "--data", "out").startswith("all ")
    assert not list(venv.rglob(".prefect"))  # Prefect's state is the user's, not the install's
