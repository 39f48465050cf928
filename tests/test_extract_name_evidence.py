"""Name evidence (extract/names.py): given names and legal forms from the field's reference data, and the
organization contexts an article writes a name in, decide person vs organization once per name. The sentences
are made up for these tests; each model test fails without its rule."""

from __future__ import annotations

from collections import Counter
from typing import Any

from briefsite.extract.canonical import ORG, PERSON, Mention
from briefsite.extract.models import Facts
from briefsite.extract.names import agree_names, is_given_name, legal_form, org_signs, titled_people
from tests.conftest import facts_of


def names(facts: Facts, kind: str) -> list[str]:
    return [e["name"] for e in getattr(facts, kind)]


def test_given_names_come_from_the_reference_data() -> None:
    # the US Census lists' names, hyphenated ones by their first part; firms' and places' words are not names
    assert all(is_given_name(n) for n in ("Britney", "Howard", "Marisol", "Tomas", "Dario", "Eva-Marie", "Conrad"))
    assert not any(is_given_name(n) for n in ("Northrop", "Lockheed", "Goldman", "Boeing", "Spokane", "Harvard"))
    # a name among the lists' rarest is no evidence: firms are named after rare given names ("Dell")
    assert not is_given_name("Dell") and not is_given_name("Piper")


def test_legal_forms_of_many_countries_end_an_organization_name() -> None:
    assert all(legal_form(n) for n in ("Velstrom Kessig AG", "Acme GmbH", "Ostrava Pelnik Oyj", "Acme S.A.",
                                       "Acme Pty Ltd", "Acme B.V.", "Acme Sdn Bhd"))
    # a two-letter form counts only in capitals: no person's last word is read as one
    assert not any(legal_form(n) for n in ("Maria Da", "Tom Kg", "Acme", "Ryan As"))


def test_org_signs_are_counted_over_every_mention() -> None:
    text = ["A survey from Hallbright Voss found demand rising.", "Hallbright Voss's shares rose 4 percent.",
            "Hallbright Voss said little else."]
    assert org_signs("Hallbright Voss", text) == 2
    assert org_signs("Dana Voss", ["Dana Voss said she would run again, and her husband agreed."]) == 0


def test_org_signs_read_the_kind_before_an_article_and_the_firms_people() -> None:
    for sentence in ("Shares of construction goods giant Acme Roe fell.", "The Acme Roe posted a video.",
                     "Acme Roe management will host a call.", "She is the research director of Acme Roe."):
        assert org_signs("Acme Roe", [sentence]) == 1, sentence
    # a modifier after "the" is no sign: "the Roe family" is a person's
    assert org_signs("Dana Roe", ["The Dana Roe family thanked the volunteers."]) == 0


def test_an_ampersand_joins_two_names_into_a_firm() -> None:
    mentions = [Mention(0, 0, 0, 18, "Harwell & Pinscott", PERSON), Mention(1, 1, 0, 10, "Dana Holt", PERSON)]
    agree_names(mentions, ["Harwell & Pinscott filed the suit.", "Dana Holt said."], Counter())
    assert [m.label for m in mentions] == [ORG, PERSON]


def test_an_organization_settled_by_its_contexts_stays_one() -> None:
    # the model's ORG label confirmed by the text is final: a fragment the model calls a person ("Roe" out of
    # "One Acme Roe") must not turn the firm into a person later
    paragraphs = ["Acme Roe shares fell 3 percent.", "The One Acme Roe plan cost more than expected."]
    mentions = [Mention(0, 0, 0, 8, "Acme Roe", ORG), Mention(1, 1, 12, 15, "Roe", PERSON),
                Mention(1, 1, 8, 16, "Acme Roe", ORG)]
    agree_names(mentions, paragraphs, Counter())
    assert [(m.label, m.votes) for m in mentions] == [(ORG, 3.0), (PERSON, 1.0), (ORG, 3.0)]


def test_a_name_used_with_the_as_a_noun_phrase_is_an_organization(nlp: Any) -> None:
    facts = facts_of(nlp, "Three aid workers held by the Kowalczyk Ambrose were freed on Sunday.",
                     "The Kowalczyk Ambrose later posted a video of the handover.")
    assert "Kowalczyk Ambrose" in names(facts, "organizations") and "Kowalczyk Ambrose" not in names(facts, "people")


def test_a_given_name_in_no_organization_context_is_a_person(nlp: Any) -> None:
    # the model reads "Howard Banks" (a surname that is also a common plural) as a firm
    facts = facts_of(nlp, "Contrary to the old Howard Banks song, things did not get better for the patient.")
    assert "Howard Banks" in names(facts, "people") and "Howard Banks" not in names(facts, "organizations")


def test_a_name_in_organization_contexts_is_an_organization(nlp: Any) -> None:
    facts = facts_of(nlp, "A new survey from Hallbright Voss found that most students plan to buy tablets this year.",
                     "Analysts at Hallbright Voss expect the trend to continue.")
    assert "Hallbright Voss" in names(facts, "organizations") and "Hallbright Voss" not in names(facts, "people")


def test_a_rare_given_name_does_not_outvote_an_organization_context(nlp: Any) -> None:
    # "Dell" is a given name the data calls rare: one organization context is enough
    facts = facts_of(nlp, "Demand for tablets is slowing, according to a report from Dell Whitaker released on Monday.")
    assert "Dell Whitaker" in names(facts, "organizations") and "Dell Whitaker" not in names(facts, "people")


def test_a_legal_form_makes_a_name_an_organization(nlp: Any) -> None:
    facts = facts_of(nlp, "The deal was signed with Ostrava Pelnik Oyj on Tuesday, the Finnish firm said.")
    assert names(facts, "organizations") == ["Ostrava Pelnik Oyj"] and not names(facts, "people")


def test_a_one_word_name_the_text_introduces_as_a_person_is_kept(nlp: Any) -> None:
    # a given name alone, named once, is usually the model's noise; not when the text says who it is
    for paragraph, name in (
            ("The couple paid off the house early, and now he and his wife Marisol travel most of the year.",
             "Marisol"),
            ("Tomas — who only gives his first name to reporters — quit his job at 49 and has not worked since.",
             "Tomas"),
            ("The farm was sold in 2015. Its buyer, Dario, 58, grows lavender there now.", "Dario")):
        assert names(facts_of(nlp, paragraph), "people") == [name], paragraph


def test_a_title_from_the_reference_list_marks_a_person_and_is_not_part_of_the_name(nlp: Any) -> None:
    # titles the hand-written list lacks (nameparser's list has them): the model misses the person, keeps the
    # title in the name, or reads the title as an organization
    for paragraph, name in (("Detective Irma Vantreese told reporters the car had been stolen.", "Irma Vantreese"),
                            ("Rabbi Milton Korvey led the service, which drew about 200 people.", "Milton Korvey"),
                            ("Bishop Conrad Kealy will visit the parish in May.", "Conrad Kealy")):
        facts = facts_of(nlp, paragraph)
        assert names(facts, "people") == [name] and not names(facts, "organizations"), paragraph


def test_a_title_before_a_building_or_a_place_makes_no_person() -> None:
    text = "Patients at Queen Elizabeth Hospital waited; the march ended at King Edward Park."
    hospital = text.index("Queen")
    assert titled_people(text, []) == []
    raw = [(hospital, hospital + len("Queen Elizabeth Hospital"), "FAC")]
    assert titled_people(text, raw) == raw


def test_a_listed_company_or_a_brand_shape_is_an_organization_unless_the_text_treats_it_as_a_person() -> None:
    # the model's person label on names a stock index lists ("Parker Hannifin") or with a brand's inner capital
    # ("StarVolt", made up) loses to the reference data; a listed name the text gives a person sign keeps its label
    paragraphs = ["Parker Hannifin and StarVolt won the pump contract.", "Marsh McLennan said he would retire."]
    mentions = [Mention(0, 0, 0, 15, "Parker Hannifin", PERSON), Mention(0, 0, 20, 28, "StarVolt", PERSON),
                Mention(1, 1, 0, 13, "Marsh McLennan", PERSON)]
    agree_names(mentions, paragraphs, Counter({"marsh mclennan": 1}))
    assert [m.label for m in mentions] == [ORG, ORG, PERSON]
    # a one-word listed name that a person in the text carries as a surname stays that person's
    mentions = [Mention(0, 0, 0, 11, "Dana Kroger", PERSON), Mention(1, 1, 0, 6, "Kroger", PERSON)]
    agree_names(mentions, ["Dana Kroger spoke.", "Kroger smiled."], Counter())
    assert [m.label for m in mentions] == [PERSON, PERSON]


def test_company_names_come_from_the_index_lists_less_legal_forms_and_places() -> None:
    from briefsite.extract.companies import is_known_company

    assert all(is_known_company(n) for n in ("Lockheed Martin", "Apple", "Apple Inc.", "Winnebago", "T-Mobile"))
    assert not any(is_known_company(n) for n in ("Hartford", "Dana Kroger", "Acme"))


def test_an_outlet_or_a_listed_company_the_model_missed_is_an_organization(nlp: Any) -> None:
    # the model reads nothing, or a work, where the text says it is a journal, or names its contributor;
    # a listed company's multi-word name needs no context
    for paragraph, name in (("The findings were published on Tuesday in the journal Plume Astrophysics.",
                             "Plume Astrophysics"),
                            ("A Strata Science contributor wrote that the sample was contaminated.", "Strata Science"),
                            ("According to Counting the Cost, a watchdog run by retired auditors, the budget is short.",
                             "Counting the Cost"),
                            ("Weeks later, it was revealed by the NGO Inner Lantern Watch that six of them had been "
                             "hacked.", "Inner Lantern Watch")):
        assert names(facts_of(nlp, paragraph), "organizations") == [name], paragraph
    from briefsite.extract.names import untagged_orgs

    text = "Shares of Emerson Electric rose, and Dana Roe told Marisol about it."
    assert untagged_orgs(text, []) == [(10, 26, "ORG")]  # "told Marisol": a given name, a person the model missed


def test_a_place_and_a_plural_nickname_make_a_team(nlp: Any) -> None:
    # the model tags neither team; a stretch of land or a party's members after a place make none
    facts = facts_of(nlp, "A late goal lifted the Spokane Otters over the Tacoma Herons 3-2 on Tuesday night.")
    assert names(facts, "organizations") == ["Spokane Otters", "Tacoma Herons"]
    from briefsite.extract.names import untagged_orgs

    assert untagged_orgs("They met the Ohio Democrats near the Tacoma Narrows.", []) == []
    # a headline's title case capitalises every word: no run there is a sign of a name
    assert untagged_orgs("Council Puts New Fees on Tacoma Imports", []) == []


def test_listed_companies_in_a_list_vote_as_companies(nlp: Any) -> None:
    # the model reads the two listed names as people and the made-up member as a place; the list is of one kind
    facts = facts_of(nlp, "The new consortium includes Tervane, Robert Half, and Ralph Lauren.")
    assert names(facts, "organizations") == ["Ralph Lauren", "Robert Half", "Tervane"]


def test_a_publications_last_word_makes_a_person_label_an_outlet(nlp: Any) -> None:
    # the model reads both made-up papers as people; no family name ends in "Gazette" or "Tribune"
    for paragraph, name in (("The deal was first reported by Tessaly Gazette on Sunday.", "Tessaly Gazette"),
                            ("Garrow Tribune first published the letter on Monday.", "Garrow Tribune")):
        facts = facts_of(nlp, paragraph)
        assert names(facts, "organizations") == [name] and not names(facts, "people"), paragraph
