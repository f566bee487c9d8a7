"""Dump files through the flow: a record is a document, a bad record a rejects row, a copy counted once."""

import json

import pandas as pd
import pytest

from tests.conftest import ingest_with_cli
from tests.test_inputs import PAGE

pytestmark = pytest.mark.flow

RECORDS = [
    {"id": "bridge", "title": "Harbour bridge approved", "text": "PLACEHOLDER", "date": "2024-03-12"},
    {"id": "ferry", "title": "Ferry fares rise", "text": "Ferry fares will rise by 5 percent in April, the operator said on Monday.", "date": "2024-03-13"},
    "{not json",
    {"id": "tunnel", "title": "Tunnel study shelved", "text": "The council shelved the harbour tunnel study on Tuesday.", "date": "2024-03-13"},
]


def write_dump(path, records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")


@pytest.fixture()
def workspace(tmp_path, harness):
    from transforms.reading.inputs import read_articles

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bridge.html").write_text(PAGE, encoding="utf-8")
    [page], _ = read_articles("bridge.html", PAGE.encode())
    records = [dict(r, text=page.text[page.paragraphs[1].start :]) if r == RECORDS[0] else r for r in RECORDS]
    write_dump(seeds / "feed.jsonl", records)
    (seeds / "fields.toml").write_text('[fields]\ntext = "Story"\n')  # not an article: rejected, named
    return tmp_path, records


def query(data, sql):
    from newslake.views import connect

    return connect(data).sql(sql).fetchall()


def test_records_rejects_and_the_copy(workspace):
    root, records = workspace
    output = ingest_with_cli(root / "seeds", root / "data")
    assert "feed.jsonl: line 3: not valid JSON" in output
    assert "fields.toml: unsupported file type '.toml'" in output
    assert "3 files seen: 2 ingested, 0 unchanged, 1 rejected, 0 missing" in output
    assert "; 1 dump record rejected" in output
    documents = pd.read_parquet(root / "data" / "parquet" / "documents")
    assert sorted(zip(documents.source_path, documents.record_key.fillna("-"))) == [
        ("bridge.html", "-"), ("feed.jsonl", "bridge"), ("feed.jsonl", "ferry"), ("feed.jsonl", "tunnel"),
    ]
    rejects = pd.read_parquet(root / "data" / "parquet" / "rejects")
    assert sorted(zip(rejects.source_path, rejects.line.fillna(0))) == [("feed.jsonl", 3), ("fields.toml", 0)]
    # the page and the "bridge" record are one article: the views count it once
    assert query(root / "data", "select source_path, kept_source_path from duplicates") == [("feed.jsonl", "bridge.html")]
    assert query(root / "data", "select count(*) from documents") == [(3,)]
    assert query(root / "data", "select speaker, n_quotes from top_speakers where kind = 'direct' order by speaker") == [("David Chen", 1), ("Ellen Brooks", 1)]
    assert query(root / "data", "select strftime(day, '%Y-%m-%d'), n_documents from coverage_by_day") == [("2024-03-12", 1), ("2024-03-13", 2)]
    assert query(root / "data", "select n_mentions from entities where name = 'Ellen Brooks'") == [(1,)]


def test_a_changed_dump_replaces_all_its_records_and_an_unchanged_one_keeps_its_rejects(workspace):
    root, records = workspace
    ingest_with_cli(root / "seeds", root / "data")
    second = ingest_with_cli(root / "seeds", root / "data")
    assert "0 ingested, 2 unchanged" in second
    assert pd.read_parquet(root / "data" / "parquet" / "rejects").source_path.tolist().count("feed.jsonl") == 1

    write_dump(root / "seeds" / "feed.jsonl", [records[1], records[3]])  # the copy and the bad line are gone
    third = ingest_with_cli(root / "seeds", root / "data")
    assert "1 ingested, 1 unchanged, 1 rejected" in third  # fields.toml is still there
    assert query(root / "data", "select count(*) from duplicates") == [(0,)]
    assert query(root / "data", "select record_key from documents where record_key is not null order by 1") == [("ferry",), ("tunnel",)]
    rejects = pd.read_parquet(root / "data" / "parquet" / "rejects")
    assert rejects.source_path.tolist() == ["fields.toml"]
    manifest = pd.read_parquet(root / "data" / "parquet" / "manifest").set_index("source_path")
    assert manifest.n_documents.to_dict() == {"bridge.html": 1, "feed.jsonl": 2}


def test_a_field_map_reads_other_column_names(tmp_path, harness):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "sheet.csv").write_text("slug,Story,When\nmill,The mill reopened on Friday after two years.,2024-02-02\n")
    (tmp_path / "fields.toml").write_text('[fields]\ntext = "Story"\npublished_at = "When"\n')
    output = ingest_with_cli(seeds, tmp_path / "data", "--fields", str(tmp_path / "fields.toml"), "--field", "id=slug")
    assert "1 ingested" in output
    documents = pd.read_parquet(tmp_path / "data" / "parquet" / "documents")
    assert documents[["record_key", "format"]].values.tolist() == [["mill", "csv"]]
    assert str(documents.published_at[0].date()) == "2024-02-02"
    # the same map again: nothing to do; another map: the dump is read again
    assert "0 ingested, 1 unchanged" in ingest_with_cli(seeds, tmp_path / "data", "--fields", str(tmp_path / "fields.toml"), "--field", "id=slug")
    assert "1 ingested" in ingest_with_cli(seeds, tmp_path / "data", "--fields", str(tmp_path / "fields.toml"))


def test_a_bad_field_option_is_one_line(tmp_path):
    from typer.testing import CliRunner

    from cli.app import app

    (tmp_path / "seeds").mkdir()
    result = CliRunner().invoke(app, ["ingest", "--seeds", str(tmp_path / "seeds"), "--data", str(tmp_path / "d"), "--field", "body=Story"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["error: unknown field 'body' in the field map; newslake's fields are id, title, text, url, published_at, author, outlet, tags, description, language, crawled_at"]


def test_each_run_attaches_the_report_headline(tmp_path, harness):
    from prefect.artifacts import Artifact

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bridge.html").write_text(PAGE, encoding="utf-8")
    output = ingest_with_cli(seeds, tmp_path / "data")
    assert f"report: {tmp_path / 'data' / 'report.html'}" in output
    artifact = Artifact.get("ingest-report")
    assert artifact.data == (
        "**1** documents (2024-03-12 to 2024-03-12; 0 duplicate copies left out), **2** direct quotations and **2** reported statements from "
        f"**2** named speakers, **{len(query(tmp_path / 'data', 'select * from entities'))}** entities.\n\n"
        f"Documents by language: en 1.\n\nMost quoted: **Ellen Brooks**.\n\nReport: `{tmp_path / 'data' / 'report.html'}`"
    )
