"""The attacks of issue 26, one small case each: one hostile file never stops the run, never
takes the machine; every command refuses what it cannot do in one line.

The cases that need a gigabyte are benchmarks (`tests/benchmarks/test_hostile_memory.py`).
"""

import json
import os
import resource
import time
import unicodedata

import pytest

from transforms.reading.decoding import RejectedInput
from transforms.reading.guard import Reject
from transforms.reading.inputs import read_articles, read_file
from transforms.reading.limits import FILE_BYTES, FRONT_MATTER_CHARS, NESTING_DEPTH, RECORD_BYTES, SENTENCE_CHARS
from transforms.reading.records import FieldMap

BODY = "Officials met in Paris on Monday. Emmanuel Macron said the talks would go on.\n"
ALIAS_BOMB = (
    "---\n"
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi"))
    + "title: *i\n---\n" + BODY
).encode()


def rejected(source_path: str, raw: bytes) -> list[tuple[int | None, str]]:
    """What the guard makes of a file: its rejects (the run's view), as (line, reason)."""
    _, rejects = read_file(source_path, lambda: raw)
    return [(reject.line, reject.reason) for reject in rejects]


def jsonl(*lines: str) -> bytes:
    return "".join(line + "\n" for line in lines).encode()


def test_a_yaml_alias_bomb_is_rejected_before_it_expands():
    assert len(ALIAS_BOMB) < 600  # nine levels of nine: 9**9 items once expanded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    assert rejected("bomb.md", ALIAS_BOMB) == [(None, "front matter is not valid YAML: aliases (*a) are not read in front matter")]
    assert time.perf_counter() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB


@pytest.mark.parametrize("date, reason", [
    ("2019-02-30", "front matter: not a date: '2019-02-30' (day is out of range for month)"),
    ("2019-01-01T10:00:00+25:00", "front matter: not a date: '2019-01-01T10:00:00+25:00' (offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24))"),
    ("9999-12-31T23:59:59-12:00", "front matter: date '9999-12-31T23:59:59-12:00' is outside the dates the tables store (years 1 to 9999 in UTC)"),
])
def test_a_front_matter_date_that_is_no_storable_date_rejects_the_file(date, reason):
    assert rejected("dated.md", f"---\ntitle: Talks\ndate: {date}\n---\n{BODY}".encode()) == [(None, reason)]


def test_a_record_dated_after_year_9999_in_utc_is_rejected_not_stored():
    articles, rejects = read_articles("feed.jsonl", jsonl(
        json.dumps({"id": "late", "text": BODY, "date": "9999-12-31T23:59:59-12:00"}),
        json.dumps({"id": "fine", "text": BODY, "date": "9999-12-31T23:59:59+12:00"}),
    ))
    assert [article.metadata.published_at.year for article in articles] == [9999]
    assert rejects == [Reject("feed.jsonl", "line 1: published_at '9999-12-31T23:59:59-12:00' is outside the dates the tables store (years 1 to 9999 in UTC)", 1)]


def test_a_json_line_nested_100000_deep_is_one_rejected_record():
    articles, rejects = read_articles("feed.jsonl", jsonl("[" * 100_000, json.dumps({"text": BODY})))
    assert len(articles) == 1
    assert rejects == [Reject("feed.jsonl", f"line 1: JSON nesting of 100,000 levels is over the limit of {NESTING_DEPTH} levels (see docs/limits.md)", 1)]


def test_brackets_inside_json_strings_are_not_nesting():
    [article], rejects = read_articles("feed.jsonl", jsonl(json.dumps({"text": BODY, "title": "[" * 1_000})))
    assert rejects == [] and article.title == "[" * 1_000


def test_a_paragraph_with_no_sentence_stop_is_cut_into_bounded_sentences():
    paragraph = "Nancy Pelosi met Trump and " * 400  # 10,800 characters, no stop
    [article], _ = read_articles("long.txt", f"Talks\n\n{paragraph}".encode())
    pieces = [article.text[sentence.start : sentence.end] for sentence in article.sentences[1:]]
    assert max(len(piece) for piece in pieces) <= SENTENCE_CHARS and len(pieces) == 6
    assert " ".join(pieces) == paragraph.strip()  # cut at spaces: no word is split, nothing lost


def test_a_word_longer_than_a_sentence_is_cut_where_it_must():
    [article], _ = read_articles("long.txt", b"Talks\n\n" + b"x" * (2 * SENTENCE_CHARS + 1))
    assert [sentence.end - sentence.start for sentence in article.sentences[1:]] == [SENTENCE_CHARS, SENTENCE_CHARS, 1]


def test_a_title_of_yes_stays_the_word_yes():
    [article], _ = read_articles("yes.md", f"---\ntitle: yes\nauthor: null\ntags: [no, 2019]\n---\n{BODY}".encode())
    assert (article.title, article.metadata.author, article.metadata.tags) == ("yes", None, ("no", "2019"))


def test_a_field_named_text_with_a_space_does_not_silently_win():
    articles, rejects = read_articles("feed.jsonl", jsonl(
        json.dumps({"id": "a", "text": "The real body of the article.", "text ": "A planted body."}),
        json.dumps({"id": "b", "Text": "Same body.", "text": "Same body."}),  # the same value: no doubt
    ))
    assert [article.metadata.record_key for article in articles] == ["b"]
    assert rejects == [Reject("feed.jsonl", "line 1: the fields 'text' and 'text ' both name the text; rename one of them", 1)]


def test_one_nul_byte_in_a_csv_rejects_its_record_not_the_file():
    articles, rejects = read_articles("sheet.csv", b'id,text\n1,"Talks \x00 resumed."\n2,Talks resumed on Monday.\n')
    assert [article.metadata.record_key for article in articles] == ["2"]
    assert rejects == [Reject("sheet.csv", "line 2: the text field holds a NUL character: not text", 2)]


def test_a_nul_in_a_text_file_rejects_it_as_not_text():
    assert rejected("a.txt", b"Talks\n\nOfficials met \x00 in Paris.\n") == [(None, "holds a NUL character (character 21): not text")]


def test_front_matter_over_its_limit_or_too_deep_is_rejected():
    long = f"---\ntitle: {'x' * FRONT_MATTER_CHARS}\n---\n{BODY}".encode()
    deep = f"---\ntitle: {'[' * (NESTING_DEPTH + 1)}{']' * (NESTING_DEPTH + 1)}\n---\n{BODY}".encode()
    assert rejected("long.md", long) == [(None, f"front matter of {FRONT_MATTER_CHARS + 7:,} characters is over the limit of {FRONT_MATTER_CHARS:,} characters (see docs/limits.md)")]
    assert rejected("deep.md", deep) == [(None, f"front matter is not valid YAML: nested deeper than {NESTING_DEPTH} levels")]


def test_a_record_over_its_limit_is_rejected_and_the_next_one_read():
    articles, rejects = read_articles("feed.jsonl", jsonl(json.dumps({"text": "x" * RECORD_BYTES}), json.dumps({"text": BODY})))
    assert len(articles) == 1 and [reject.reason for reject in rejects] == ["line 1: a record of 16,777,228 bytes is over the limit of 16 MiB (see docs/limits.md)"]


def test_a_file_over_its_limit_is_rejected_before_it_is_read(tmp_path):
    from newslake.analysis import Recipe
    from newslake.planning import Manifest, discover, plan

    with open(tmp_path / "huge.txt", "wb") as file:
        file.truncate(FILE_BYTES["text"] + 1)  # sparse: no disk used
    found = plan(tmp_path, discover(tmp_path), Manifest.from_rows([]), Recipe("model"))
    assert [(reject.source_path, reject.reason) for reject in found.rejects] == [
        ("huge.txt", "a text file of 16,777,217 bytes is over the limit of 16 MiB (see docs/limits.md)"),
    ]


def test_a_link_leading_out_of_the_seeds_folder_is_followed_only_when_asked(tmp_path, monkeypatch):
    from datetime import datetime, timezone

    from newslake.analysis import Recipe, Source, analyse_batch
    from newslake.planning import Manifest, discover, plan
    from newslake.settings import Settings

    seeds, elsewhere = tmp_path / "seeds", tmp_path / "elsewhere"
    seeds.mkdir()
    elsewhere.mkdir()
    (elsewhere / "article.txt").write_text(f"Talks\n\n{BODY}", encoding="utf-8")
    (seeds / "passwd.txt").symlink_to("/etc/passwd")
    (seeds / "status.txt").symlink_to("/proc/self/status")
    (seeds / "more").symlink_to(elsewhere, target_is_directory=True)

    def planned(follow_links):
        found = plan(seeds, discover(seeds, follow_links), Manifest.from_rows([]), Recipe("model"))
        return sorted(source.path for source in found.changed), sorted((reject.source_path, reject.reason) for reject in found.rejects)

    out = "is a link leading out of the seeds folder (to {}): not followed (--follow-links follows it)"
    assert planned(False) == ([], [("more", out.format(elsewhere)), ("passwd.txt", out.format("/etc/passwd")), ("status.txt", out.format("/proc/self/status"))])
    assert planned(True) == (["more/article.txt", "passwd.txt", "status.txt"], [])
    # a link put in a file's place after planning is refused when the file is read
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    result = analyse_batch(str(seeds), [Source("passwd.txt", 1, at)], Recipe("model"), at, progress=lambda files: None)
    assert result.rejects == [Reject("passwd.txt", out.format("/etc/passwd"))] and not result.tables
    monkeypatch.setenv("NEWSLAKE_FOLLOW_LINKS", "1")
    assert Settings.load().follow_links and not Settings.load(follow_links=False).follow_links


@pytest.mark.parametrize("option", ["--data", "--seeds"])
def test_an_empty_folder_option_is_an_error_not_the_default(tmp_path, option):
    from typer.testing import CliRunner

    from cli.app import app

    result = CliRunner().invoke(app, ["ingest", option, ""])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {option} is empty: give a folder")


def test_an_interrupted_first_ingest_does_not_claim_a_snapshot(tmp_path):
    from cli.ingest import _what_is_kept

    assert _what_is_kept(tmp_path / "data") == f"nothing was written to {tmp_path / 'data'}: it holds no snapshot yet"


def test_whatever_a_reader_raises_is_a_reject_naming_the_file(monkeypatch):
    import transforms.reading.inputs

    def broken(raw, url=None):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(transforms.reading.inputs, "extract_page", broken)
    assert rejected("page.html", b"<html><p>Talks</p></html>") == [(None, "could not be read (ZeroDivisionError: division by zero)")]


def test_whatever_building_a_record_raises_rejects_that_record_only(monkeypatch):
    import transforms.reading.inputs

    real = transforms.reading.inputs.segment

    def fragile(source_path, content_sha256, text, metadata, **options):
        if "poison" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(source_path, content_sha256, text, metadata, **options)

    monkeypatch.setattr(transforms.reading.inputs, "segment", fragile)
    articles, rejects = read_articles("feed.jsonl", jsonl(json.dumps({"text": "poison"}), json.dumps({"text": BODY})))
    assert len(articles) == 1
    assert rejects == [Reject("feed.jsonl", "line 1: nested too deeply to read (RecursionError)", 1)]


def test_an_article_the_analysis_fails_on_is_rejected_and_the_batch_goes_on(tmp_path, monkeypatch):
    from datetime import datetime, timezone

    import transforms.tables
    from newslake.analysis import Recipe, Source, analyse_batch
    from transforms.entities.recognition import DEFAULT_MODEL

    real = transforms.tables.extract_quotes

    def fragile(article, mentions, parses=None):
        if "Poison" in article.text:
            raise IndexError("list index out of range")
        return real(article, mentions, parses)

    monkeypatch.setattr(transforms.tables, "extract_quotes", fragile)
    (tmp_path / "good.txt").write_text(f"Talks\n\n{BODY}", encoding="utf-8")
    (tmp_path / "bad.txt").write_text(f"Poison\n\n{BODY}", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_bytes(jsonl(json.dumps({"title": "Poison", "text": BODY}), json.dumps({"title": "Fine", "text": BODY})))
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    sources = [Source(name, 1, at) for name in ("bad.txt", "feed.jsonl", "good.txt")]
    result = analyse_batch(str(tmp_path), sources, Recipe(DEFAULT_MODEL), at, progress=lambda files: None)
    assert sorted(result.tables["documents"]["title"].to_pylist()) == ["Fine", "Talks"]
    assert [(row["source_path"], row["n_documents"]) for row in result.manifest] == [("feed.jsonl", 1), ("good.txt", 1)]
    assert result.rejects == [
        Reject("bad.txt", "analysis failed: could not be read (IndexError: list index out of range)"),
        Reject("feed.jsonl", "line 1: analysis failed: could not be read (IndexError: list index out of range)", 1),
    ]


def test_one_name_composed_and_decomposed_is_one_speaker_and_offsets_stay_as_written(nlp, parser):
    from transforms.tables import analyse, to_tables
    from datetime import datetime, timezone

    body = "Talks in Madrid\n\nJosé Núñez met Angela Merkel in Berlin on Monday. \"We agreed on the plan,\" José Núñez said.\n"
    articles = [read_articles(f"{form}.txt", unicodedata.normalize(form, body).encode())[0][0] for form in ("NFC", "NFD")]
    tables = to_tables(analyse(articles, nlp, parser), datetime(2026, 1, 1, tzinfo=timezone.utc))
    texts = dict(zip(tables["documents"]["doc_id"].to_pylist(), tables["documents"]["text"].to_pylist()))
    mentions = tables["mentions"].to_pylist()
    assert all(texts[row["doc_id"]][row["start_char"] : row["end_char"]] == row["text"] for row in mentions)
    people = {(row["doc_id"], row["entity_name"]) for row in mentions if row["label"] == "PERSON"}
    assert {name for _, name in people} == {"José Núñez", "Angela Merkel"}  # composed, in both documents
    assert len(people) == 4
    assert {row["speaker_name"] for row in tables["quotes"].to_pylist()} == {"José Núñez"}


RECURSION = "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r"


def newslake(*arguments: str):
    from typer.testing import CliRunner

    from cli.app import app

    return CliRunner().invoke(app, list(arguments))


@pytest.mark.flow
def test_control_characters_in_duckdb_error_messages_are_shown_as_escapes(seed_data):
    result = newslake("query", "select (chr(27) || ']0;pwned' || chr(7))::int", "--data", str(seed_data))
    assert result.exit_code == 1
    assert result.output.startswith("error: Conversion Error: Could not convert string '\\x1b]0;pwned\\x07' to INT32")
    assert "\x1b" not in result.output and "\x07" not in result.output


@pytest.mark.flow
def test_pivot_only_reads_so_it_is_a_query(seed_data):
    result = newslake("query", "pivot (select format from documents) on format using count(*)", "--data", str(seed_data), "-f", "csv")
    assert (result.exit_code, result.output) == (0, "jsonl,text\n3,9\n")
    refused = newslake("query", f"copy (pivot documents on format using count(*)) to '{seed_data}/parquet/x.csv'", "--data", str(seed_data))
    assert refused.exit_code == 1 and "only queries are allowed here (got multi)" in refused.output


@pytest.mark.flow
def test_a_query_stops_at_its_time_limit(seed_data):
    started = time.perf_counter()
    result = newslake("query", RECURSION, "--data", str(seed_data), "--timeout", "0.5")
    assert time.perf_counter() - started < 10
    assert (result.exit_code, result.output) == (1, "error: stopped after 0.5 s, the query time limit (--timeout changes it, 0 for none)\n")


@pytest.mark.flow
def test_a_query_interrupted_by_sigint_prints_one_line(seed_data):
    import signal
    import subprocess
    import sys
    from pathlib import Path

    command = [str(Path(sys.executable).parent / "newslake"), "query", RECURSION, "--data", str(seed_data)]
    # SIGINT as a terminal sends it, whatever the test runner's own disposition is
    query = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        time.sleep(4)  # started, and running the query
        query.send_signal(signal.SIGINT)
        output, errors = query.communicate(timeout=30)
    finally:
        query.kill()
    assert (query.returncode, output, errors) == (1, "", "error: interrupted\n")


def test_a_signal_during_a_query_only_interrupts_duckdb(tmp_path):
    """Raised as KeyboardInterrupt in the waiting thread, it ended the query's thread mid-query and
    the process aborted at exit ("FATAL: exception not rethrown"; 8 runs of 10)."""
    import subprocess
    import sys

    code = (
        "import os, signal, threading, duckdb\n"
        "from newslake.views import QueryStopped, run_limited\n"
        "connection = duckdb.connect()\n"
        "threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
        "try:\n"
        f"    run_limited(connection, lambda: connection.sql({RECURSION!r}).fetchall(), None)\n"
        "except QueryStopped as stopped:\n"
        "    print(stopped)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "interrupted\n", "")


@pytest.mark.flow
def test_csv_output_ends_its_lines_with_a_newline_only(seed_data):
    result = newslake("query", "select count(*) as n from documents", "--data", str(seed_data), "-f", "csv")
    assert result.output == "n\n12\n"


@pytest.mark.flow
@pytest.mark.parametrize("command", ["search", "query"])
def test_a_negative_limit_is_an_error(seed_data, command):
    result = newslake(command, "trump" if command == "search" else "select 1", "--limit", "-1", "--data", str(seed_data))
    assert (result.exit_code, result.output) == (1, f"error: --limit must be {1 if command == 'search' else 0} or more, not -1\n")


@pytest.mark.parametrize("schedule, reason", [
    (["--cron", "not a cron"], "--cron 'not a cron' is not a cron schedule (five fields: minute hour day month weekday, e.g. '*/15 * * * *')"),
    (["--interval", "-5"], "--interval wants a number of seconds above 0, not -5"),
])
def test_serve_refuses_a_schedule_before_anything_starts(tmp_path, monkeypatch, schedule, reason):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # were anything started, it would fail on this
    result = newslake("serve", *schedule, "--seeds", str(tmp_path), "--data", str(tmp_path / "data"))
    assert (result.exit_code, result.output) == (1, f"error: {reason}\n")


@pytest.mark.parametrize("rows, reason", [
    ("Joe Biden,PERSON,Q6279\nJoe Biden,PERSON,Q1\n", "line 3: 'Joe Biden' (PERSON) has the id 'Q1', but line 2 gave it 'Q6279': one name, one entity"),
    ("Joe Biden,PERSN,Q6279\n", "line 2: unknown label 'PERSN'; the labels are PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE (or empty: any)"),
])
def test_conflicting_ids_and_unknown_labels_in_the_entities_file_are_errors(tmp_path, rows, reason):
    from transforms.entities.knowledge import read_known_entities

    path = tmp_path / "entities.csv"
    path.write_text("name,label,id\nJoseph Biden,PERSON,Q6279\n".replace("Joseph Biden,PERSON,Q6279\n", "") + rows, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        read_known_entities(path)
    assert str(error.value) == f"{path}: {reason}"


def test_a_server_record_is_trusted_only_for_our_own_server_on_loopback(tmp_path):
    import http.server
    import threading

    from flows.serve import SERVER_RECORD, running_server

    class Healthy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Healthy)  # answers /api/health like Prefect
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api_url = f"http://127.0.0.1:{server.server_address[1]}/api"
    try:
        for pid, server_pid, url in [(1, 1, api_url), (os.getpid(), os.getpid(), api_url), (os.getpid(), os.getpid(), "http://example.com/api")]:
            (tmp_path / SERVER_RECORD).write_text(json.dumps({"pid": pid, "api_url": url, "server_pid": server_pid, "token": "t"}), encoding="utf-8")
            assert running_server(tmp_path) is None
    finally:
        server.shutdown()


def test_prefect_machinery_errors_do_not_reach_the_terminal(tmp_path):
    """A good run's last line was Prefect's "ERROR | … Service 'EventsWorker' failed with 0 pending items."."""
    import subprocess
    import sys

    code = (
        "from newslake.settings import configure_prefect; configure_prefect()\n"
        "import prefect, logging\n"
        "logging.getLogger('prefect._internal.concurrency').error(\"Service 'EventsWorker' failed with 0 pending items.\")\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_LOGGING")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_lake_whose_folder_is_named_like_a_glob_is_read_and_updated(tmp_path, harness):
    """DuckDB reads every path as a glob: `lake[1]` had matched no file, and every ingest failed
    in its derived tables (the same on object storage: the S3 tests' lake is named so)."""
    from typer.testing import CliRunner

    from cli.app import app
    from tests.conftest import ingest_with_cli

    seeds, data = tmp_path / "seeds", tmp_path / "lake[1]*"
    seeds.mkdir()
    (seeds / "a.txt").write_text(f"Talks\n\n{BODY}", encoding="utf-8")
    ingest_with_cli(seeds, data)
    (seeds / "b.txt").write_text("Talks end\n\nOfficials met in Berlin on Tuesday. Angela Merkel said the talks had ended.\n", encoding="utf-8")
    assert "1 ingested, 1 unchanged" in ingest_with_cli(seeds, data)
    result = CliRunner().invoke(app, ["query", "select speaker from quotations order by speaker", "--data", str(data), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.split("\n") == ["speaker", "Angela Merkel", "Emmanuel Macron", ""]
    refused = CliRunner().invoke(app, ["ingest", "--seeds", str(seeds), "--data", str(tmp_path / "lake?")])
    assert refused.exit_code == 1 and refused.output.startswith(f"error: data folder {tmp_path / 'lake?'} has a '?' in its path")
