"""Docs that cannot go stale: the README names every view and every CLI command, and no others."""

import re

import pytest

from cli.app import app
from newslake.views import load_views
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_views() -> set[str]:
    """Names in the first column of the README's table under `## Views`."""
    section = README.split("\n## Views", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`(\w+)(?:\(\w*\))?`", first_cell))
    return names


def test_readme_views_table_matches_sql_folder():
    assert readme_views() == {view.name for view in load_views()}


def test_every_cli_command_is_in_the_readme():
    commands = {command.name or command.callback.__name__ for command in app.registered_commands}
    missing = {name for name in commands if f"`newslake {name}" not in README}
    assert not missing, f"commands missing from README.md: {sorted(missing)}"


def test_readme_shows_the_two_setup_commands():
    assert "make run" in README and "make test" in README


@pytest.mark.flow
def test_every_query_shown_in_the_readme_answers_on_the_seeds(seed_db):
    queries = re.findall(r'^\$ newslake query "(.*)"$', README, flags=re.MULTILINE)
    assert len(queries) >= 9
    for sql in queries:
        assert seed_db.sql(sql).fetchall(), sql
