"""Folders nobody curated: what could hang, crash or split an ingest is refused or handled, in one line."""

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newslake.analysis import read_bytes
from cli.app import app
from transforms.reading.decoding import RejectedInput
from transforms.entities import Mention
from transforms.entities.linking import link_mentions
from transforms.entities.recognition import DEFAULT_MODEL, _chunks, recognise
from transforms.reading.records import FieldMap

ARTICLE = "Talks resume\n\nOfficials met in Paris on Monday. Emmanuel Macron said the talks would go on.\n"


def plan(seeds):
    from newslake.analysis import Recipe
    from newslake.planning import Manifest, discover, plan as plan_files

    return plan_files(seeds, discover(seeds), Manifest.from_rows([]), Recipe(DEFAULT_MODEL))


def test_a_paragraph_longer_than_spacy_accepts_is_analysed_in_bounded_chunks():
    import spacy

    text = "Officials met in Paris on Monday. " * 33_000  # 1.1 MB, one paragraph: spaCy's limit is 1,000,000
    spans = _chunks(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end - start <= 4_000 for start, end in spans)
    assert all(previous[1] == following[0] for previous, following in zip(spans, spans[1:]))
    assert all(text[end - 1] == "." for _, end in spans[:-1])  # cut after a sentence
    assert recognise(spacy.blank("en"), [text]) == [[]]  # no E088


def test_a_paragraph_with_no_space_at_all_is_still_cut():
    assert max(end - start for start, end in _chunks("x" * 10_000)) == 4_000


def test_a_pipe_in_the_seeds_folder_is_rejected_not_read(tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "waiting.txt")
    found = plan(tmp_path)
    assert [source.path for source in found.changed] == ["article.txt"]
    assert [(reject.source_path, reject.reason) for reject in found.rejects] == [
        ("waiting.txt", "is not a regular file (a pipe, socket or device): not read"),
    ]
    with pytest.raises(RejectedInput, match="not a regular file"):
        read_bytes(tmp_path / "waiting.txt")  # a pipe put in a file's place after planning


def test_links_inside_the_seeds_folder_are_followed_and_a_loop_is_one_reject(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (seeds / "sub" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (seeds / "alias.txt").symlink_to(seeds / "sub" / "article.txt")
    (seeds / "sub" / "back").symlink_to(seeds, target_is_directory=True)
    (seeds / "gone.txt").symlink_to(tmp_path / "missing.txt")
    found = plan(seeds)
    assert sorted(source.path for source in found.changed) == ["alias.txt", "sub/article.txt"]
    assert sorted((reject.source_path, reject.reason) for reject in found.rejects) == [
        ("gone.txt", "is a broken link: its target does not exist"),
        ("sub/back", "is a link to a folder that contains it (a loop): not followed"),
    ]


def test_one_name_in_composed_and_decomposed_form_is_one_entity():
    composed = "José Núñez"
    decomposed = unicodedata.normalize("NFD", composed)
    text = f"{composed} spoke. {decomposed} left."
    second = text.index(decomposed)
    mentions = [Mention(0, len(composed), composed, "PERSON"), Mention(second, second + len(decomposed), decomposed, "PERSON")]
    linked = link_mentions(text, mentions)
    assert len({mention.entity_id for mention in linked}) == 1
    assert [mention.text for mention in linked] == [composed, decomposed]  # the stored text keeps its form


def test_a_seeds_path_that_is_a_file_says_so(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", "--seeds", str(article), "--data", str(tmp_path / "data")])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: seeds folder {article} is a file, not a folder: give the folder that holds the articles"


@pytest.mark.flow
def test_query_prints_cells_as_plain_text(seed_data):
    sql = "select '[/] closes [red]nothing[/red]' as markup, chr(27) || ']0;pwned' || chr(7) || chr(27) || '[2J' as escapes"
    result = CliRunner().invoke(app, ["query", sql, "--data", str(seed_data), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "[/] closes [red]nothing[/red]" in result.output
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in result.output and "\x1b" not in result.output


def test_search_highlight_shows_control_characters():
    from cli.highlight import highlight

    shown = highlight("Border \x1b[2J talks [bold]", "border")
    assert shown.plain == "Border \\x1b[2J talks [bold]"
    assert [(span.start, span.end) for span in shown.spans] == [(0, 6)]


@pytest.mark.flow
@pytest.mark.parametrize("sql, refused", [
    ("create table x as select 1", "create"),
    ("insert into documents select * from documents", "insert"),
    ("copy (select 1) to 'PARQUET/quotes/extra.parquet'", "copy"),
    ("explain analyze copy (select 1) to 'PARQUET/quotes/extra.parquet'", "explain copy"),
    ("import database 'OUTSIDE'", "import"),
    ("export database 'OUTSIDE'", "export"),
    ("attach 'OUTSIDE/other.duckdb'", "attach"),
    ("install fts", "load"),
    ("load json", "load"),
    ("set enable_external_access = true", "set"),
    ("pragma enable_profiling", "pragma enable_profiling"),
    ("call pragma_version()", "call"),
    ("checkpoint", "call"),
    ("select 1; drop view documents", "drop"),
])
def test_query_refuses_every_statement_that_is_not_a_query(seed_data, tmp_path, sql, refused):
    (tmp_path / "schema.sql").write_text("create table planted as select 1;", encoding="utf-8")
    sql = sql.replace("PARQUET", str(seed_data / "parquet")).replace("OUTSIDE", str(tmp_path))
    before = sorted(path.name for path in (seed_data / "parquet" / "quotes").iterdir())
    result = CliRunner().invoke(app, ["query", sql, "--data", str(seed_data)])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: only queries are allowed here (got {refused}); the tables are written by `newslake ingest`"
    assert sorted(path.name for path in (seed_data / "parquet" / "quotes").iterdir()) == before


@pytest.mark.flow
@pytest.mark.parametrize("sql", [
    "select * from read_text('/etc/passwd')",
    "select * from read_csv('/etc/hostname')",
    "explain analyze select * from read_text('/etc/passwd')",
])
def test_query_reads_nothing_outside_the_data_folder(seed_data, sql):
    result = CliRunner().invoke(app, ["query", sql, "--data", str(seed_data)])
    assert result.exit_code == 1 and result.output.startswith("error: Permission Error: Cannot access file")


@pytest.mark.flow
@pytest.mark.parametrize("sql", [
    "select count(*) from quotations", "from documents limit 1", "describe quotes", "show tables", "summarize sentences",
    "explain select * from quotes", "pragma version", "values (1)", "select * from search('border')",
])
def test_query_still_answers_every_kind_of_query(seed_data, sql):
    result = CliRunner().invoke(app, ["query", sql, "--data", str(seed_data), "-f", "csv"])
    assert result.exit_code == 0, result.output


def test_a_record_without_an_id_never_takes_an_id_written_as_line_n():
    from transforms.reading.inputs import read_articles

    dump = b'{"id": "line 2", "text": "A"}\n{"text": "B"}\n{"text": "C"}\n{"id": "line 3", "text": "D"}\n'
    articles, rejects = read_articles("dump.jsonl", dump, FieldMap())
    assert [(article.metadata.record_key, article.text) for article in articles] == [("line 2", "A"), ("line 2 (no id)", "B"), ("line 3", "C")]
    assert [reject.reason for reject in rejects] == ["line 4: id 'line 3' was already used by an earlier record (a record without an id is keyed 'line N' by the line it starts on)"]


@pytest.mark.flow
def test_output_for_programs(seed_data):
    """Piped (not a terminal): CSV with whole cells; lists as JSON arrays; ISO 8601 times."""
    runner = CliRunner()
    piped = runner.invoke(app, ["query", "select name, aliases from entities where name = 'Donald Trump'", "--data", str(seed_data)])
    assert piped.output.splitlines() == ["name,aliases", 'Donald Trump,"[""Donald Trump"", ""Trump""]"']
    dated = runner.invoke(app, ["query", "select published_at from documents where published_at is not null order by 1 limit 1", "--data", str(seed_data), "-f", "json"])
    assert '"published_at": "2019-01-04T00:00:00+00:00"' in dated.output


@pytest.mark.flow
def test_duckdb_hints_are_kept(seed_data):
    result = CliRunner().invoke(app, ["query", "select titel from documents", "--data", str(seed_data)])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        'error: Binder Error: Referenced column "titel" not found in FROM clause!',
        'Candidate bindings: "title", "text", "text_fingerprint", "outlet", "ingested_at"',
    ]


@pytest.mark.flow
def test_a_reader_that_stops_early_ends_the_command_quietly(seed_data):
    newslake = Path(sys.executable).parent / "newslake"
    command = f"'{newslake}' query 'select * from sentences, range(50)' --data '{seed_data}' | head -1; echo \"status ${{PIPESTATUS[0]}}\""
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines() == ["sentence_id,doc_id,paragraph_index,sentence_index,start_char,end_char,text,range", "status 0"]
    assert result.stderr == ""


def test_help_shows_what_the_defaults_are():
    result = CliRunner().invoke(app, ["ingest", "--help"], terminal_width=200)
    assert "[env NEWSLAKE_SEEDS; default ./seeds]" in result.output
    assert "[fields] table" in result.output
    assert "0 means one per core, 1 analyses in this process [env NEWSLAKE_WORKERS; default 0]" in result.output


def test_a_broken_page_is_one_reject_and_no_log_lines(caplog):
    from transforms.reading.html import extract_page

    with pytest.raises(RejectedInput, match="no article text"):
        extract_page(b"\x00\x01<html")
    assert [record.getMessage() for record in caplog.records if record.name.split(".")[0] in ("trafilatura", "htmldate", "courlan")] == []


def test_prefect_telemetry_is_off_on_the_client_too(tmp_path):
    """Prefect printed its telemetry notice on a terminal although the server's analytics were off."""
    code = (
        "from newslake.settings import configure_prefect; configure_prefect()\n"
        "from prefect._internal.analytics.enabled import is_telemetry_enabled; print(is_telemetry_enabled())"
    )
    env = {key: value for key, value in os.environ.items() if key not in ("DO_NOT_TRACK", "CI", "PREFECT_SERVER_ANALYTICS_ENABLED")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.slow
@pytest.mark.flow
def test_a_failure_inside_the_flow_is_one_line(tmp_path, harness):
    """The traceback goes to the flow run's log in Prefect, not to the terminal."""
    from tests.conftest import ingest_with_cli

    seeds, data = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    (seeds / "a.txt").write_text(ARTICLE, encoding="utf-8")
    ingest_with_cli(seeds, data)
    for part in (data / "parquet" / "documents").glob("*.parquet"):
        part.write_bytes(b"not parquet")  # the rows of a changed file cannot be found any more
    (seeds / "a.txt").write_text(ARTICLE + "\nMore news.\n", encoding="utf-8")
    newslake = Path(sys.executable).parent / "newslake"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    result = subprocess.run([str(newslake), "ingest", "--seeds", str(seeds), "--data", str(data)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: ingest failed: ArrowInvalid: {result.stderr.split('ArrowInvalid: ', 1)[1].splitlines()[0]}"], result.stderr
    assert "holds the last complete snapshot" in result.stderr
