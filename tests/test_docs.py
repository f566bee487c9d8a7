"""Docs that cannot go stale: the README names every view and every CLI command, and no others; every
query the docs show answers on the seeds; docs/tables.md is what the table declarations make."""

import re

import pytest

from cli.app import app
from newslake.docs import TABLES_PAGE, tables_page
from newslake.views import SQL_DIR, load_views
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# the pages that show queries with their answers on the seeds
PAGES_WITH_QUERIES = ("README.md", "docs/questions.md", "docs/scaling.md")


def readme_views() -> set[str]:
    """Names in the first column of the README's table under `## Views`."""
    section = README.split("\n## Views", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`(\w+)(?:\(\w*\))?`", first_cell))
    return names


def test_readme_views_table_names_every_view_of_the_sql_folder_and_no_other_view():
    """The base views of the tables are listed in docs/tables.md (generated): the README may name
    some of them, and must name every view written in `sql/`."""
    written = {path.stem for path in SQL_DIR.glob("*.sql")}
    assert written <= readme_views() <= {view.name for view in load_views()}


def test_every_cli_command_is_in_the_readme():
    commands = {command.name or command.callback.__name__ for command in app.registered_commands}
    missing = {name for name in commands if f"`newslake {name}" not in README}
    assert not missing, f"commands missing from README.md: {sorted(missing)}"


def test_readme_shows_the_two_setup_commands():
    assert "make run" in README and "make test" in README


def test_tables_page_is_what_the_table_declarations_make():
    assert TABLES_PAGE.read_text(encoding="utf-8") == tables_page(), (
        "docs/tables.md differs from transforms/schema/: run `python -m newslake.docs`"
    )


def shown_queries(page: str) -> list[str]:
    """The SQL of every `newslake query [--option value …] "…"` a page shows at a prompt (`$ ` or
    make's echo)."""
    text = (ROOT / page).read_text(encoding="utf-8")
    return re.findall(r'^(?:\$ |\.venv/bin/)newslake query (?:--\S+ \S+ )*"(.*)"$', text, flags=re.MULTILINE)


@pytest.mark.flow
@pytest.mark.parametrize("page", PAGES_WITH_QUERIES)
def test_every_query_shown_answers_on_the_seeds(seed_db, page):
    queries = shown_queries(page)
    assert queries, f"{page} shows no query"
    for sql in queries:
        assert seed_db.sql(sql).fetchall(), f"{page}: {sql}"


def test_the_questions_page_shows_every_question_with_a_query():
    assert len(shown_queries("docs/questions.md")) >= 12
