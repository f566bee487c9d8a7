"""Entities the user identifies (`--entities FILE`): a CSV of names or aliases, labels and ids."""

import pytest
from typer.testing import CliRunner

from cli.app import app
from transforms.entities import Mention
from transforms.entities.knowledge import read_known_entities
from transforms.entities.linking import link_mentions

CSV = """name,label,id,source
Joe Biden,PERSON,Q6279,wikidata
"Joseph R. Biden Jr.",PERSON,Q6279,wikidata
Red Hat,,Q503177,wikidata
Acme Widgets,ORG,ACME-1,
"""
TEXT = "Biden speaks\n\nJoe Biden met Red Hat staff. Joseph R. Biden Jr. said it went well; Acme Widgets agreed."


def mentions_of(text, *names):
    return [Mention(text.index(name), text.index(name) + len(name), name, label) for name, label in names]


@pytest.fixture
def known(tmp_path):
    (tmp_path / "entities.csv").write_text(CSV, encoding="utf-8")
    return read_known_entities(tmp_path / "entities.csv")


def test_listed_names_get_the_users_ids_and_become_one_entity(known):
    found = mentions_of(TEXT, ("Joe Biden", "PERSON"), ("Red Hat", "ORG"), ("Joseph R. Biden Jr.", "PERSON"), ("Acme Widgets", "ORG"))
    linked = {m.text: m for m in link_mentions(TEXT, found, known=known)}
    assert {text: (m.kb_source, m.kb_id) for text, m in linked.items()} == {
        "Joe Biden": ("wikidata", "Q6279"), "Red Hat": ("wikidata", "Q503177"),  # no label: any label
        "Joseph R. Biden Jr": ("wikidata", "Q6279"), "Acme Widgets": ("user", "ACME-1"),  # no source: user
    }  # (a span loses its final period; the list still matches it)
    assert linked["Joe Biden"].entity_id == linked["Joseph R. Biden Jr"].entity_id


def test_a_label_in_the_list_must_match(known):
    found = mentions_of(TEXT, ("Acme Widgets", "PERSON"))
    assert link_mentions(TEXT, found, known=known)[0].kb_id is None


def test_the_list_is_part_of_the_pipeline_version(known, tmp_path):
    from newslake.analysis import Recipe

    assert Recipe("model", known=known).version("a.txt") != Recipe("model").version("a.txt")
    (tmp_path / "other.csv").write_text(CSV.replace("Q503177", "Q1"), encoding="utf-8")
    assert Recipe("model", known=known).version("a.txt") != Recipe("model", known=read_known_entities(tmp_path / "other.csv")).version("a.txt")


@pytest.mark.parametrize("content, reason", [
    ("name,id\nJoe Biden,Q6279\n", "the header must name the columns name, label, id (and optionally source); label missing"),
    ("name,label,id\nJoe Biden,PERSON,\n", "line 2: a row needs a name and an id"),
])
def test_a_bad_list_is_one_line_naming_the_file(tmp_path, content, reason):
    (tmp_path / "entities.csv").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        read_known_entities(tmp_path / "entities.csv")
    assert str(error.value) == f"{tmp_path / 'entities.csv'}: {reason}"


def test_the_command_refuses_a_bad_list_before_any_work(tmp_path):
    (tmp_path / "seeds").mkdir()
    result = CliRunner().invoke(app, ["ingest", "--seeds", str(tmp_path / "seeds"), "--data", str(tmp_path / "data"), "--entities", str(tmp_path / "missing.csv")])
    assert result.exit_code == 1 and result.output.startswith(f"error: cannot read the entities file {tmp_path / 'missing.csv'}")
    assert not (tmp_path / "data").exists()


@pytest.mark.flow
def test_ingest_with_a_list_links_and_a_new_list_analyses_again(tmp_path, harness):
    from tests.conftest import ingest_with_cli
    from newslake.views import connect

    seeds, data = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    (seeds / "biden.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "entities.csv").write_text(CSV, encoding="utf-8")
    assert "1 ingested" in ingest_with_cli(seeds, data, "--entities", str(tmp_path / "entities.csv"))
    ids = connect(data).sql("select kb_source, kb_id from entity_ids where kb_source = 'wikidata' order by kb_id").fetchall()
    assert ids == [("wikidata", "Q503177"), ("wikidata", "Q6279")]
    (tmp_path / "entities.csv").write_text(CSV.replace("Q503177", "Q1"), encoding="utf-8")
    assert "1 ingested" in ingest_with_cli(seeds, data, "--entities", str(tmp_path / "entities.csv"))
    assert ("wikidata", "Q1") in connect(data).sql("select kb_source, kb_id from entity_ids").fetchall()
