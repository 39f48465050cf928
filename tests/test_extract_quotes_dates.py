"""Speaker patterns of news writing and the forms a stated date takes, one made-up article or sentence each
(invented for these tests, not copied from an article), run through the real plain-text reader and extractor."""

from __future__ import annotations

from typing import Any

import pytest

from briefsite.extract.article import extract
from briefsite.extract.dates import find_dates
from briefsite.extract.models import Facts
from briefsite.extract.nlp import DEFAULT_MODEL, load_model
from briefsite.read.plain import parse_text


def _facts(*paragraphs: str) -> Facts:
    article = parse_text("\n\n".join(["Town news from the valley", *paragraphs]), "made-up.txt", "0" * 64)
    return extract(article, load_model(DEFAULT_MODEL))  # the model is cached per process


def _speaker(facts: Facts, start: str) -> str | None:
    quote = next(q for q in facts.quotes if q["text"].startswith(start))
    return quote["speaker"]


def test_the_short_form_of_an_organizations_name_speaks_for_it() -> None:
    facts = _facts("Pinecrest Health said on Monday that it would close its clinic on Main Street.",
                   "\"This decision was not made lightly by anyone here,\" Pinecrest said in a release.")
    assert _speaker(facts, "This decision was not") == "Pinecrest Health"


def test_officials_with_an_agency_are_its_members_not_its_audience() -> None:
    facts = _facts("Officials with the Forest Service said the blaze was 40% contained by Sunday. "
                   "\"Crews made good progress overnight on the ridge,\" the agency said.")
    assert _speaker(facts, "Crews made good progress") == "Forest Service"
    # ... while an interview with an outlet still names the outlet the words went to, not the speaker
    facts = _facts("Marsh Creek Farms lost half its harvest to the flood, a spokeswoman said in an interview with "
                   "the Valley Ledger. \"We will replant as soon as the fields dry out,\" the company said.")
    assert _speaker(facts, "We will replant") == "Marsh Creek Farms"


def test_an_official_of_a_kind_of_organization_speaks_for_the_one_named() -> None:
    facts = _facts("Oakridge Bank will close twelve branches across the county by the end of June.",
                   "\"We will keep every account open for our customers,\" a bank official said.")
    assert _speaker(facts, "We will keep every account") == "Oakridge Bank"


def test_calling_it_a_quoted_phrase_is_the_subjects_words() -> None:
    facts = _facts("Governor Mark Lee signed the water bill on Monday, calling it \"a good day for every farmer "
                   "in this state.\"")
    assert _speaker(facts, "a good day for every") == "Mark Lee"


def test_as_name_put_it_reports_the_words() -> None:
    facts = _facts("Helen Ruiz has run the night shelter for a decade. As Ruiz put it, \"Nobody chooses to sleep "
                   "outside in January.\"")
    assert _speaker(facts, "Nobody chooses to sleep") == "Helen Ruiz"


def test_in_the_words_of_a_person_names_the_owner() -> None:
    facts = _facts("Helen Ruiz has run the night shelter for a decade. In Ruiz's words, \"nobody chooses to sleep "
                   "outside in January.\"",
                   "Tom Pike runs the food bank. In the words of Tom Pike, \"every can on this shelf was a gift.\"")
    assert _speaker(facts, "nobody chooses to sleep") == "Helen Ruiz"
    assert _speaker(facts, "every can on this shelf") == "Tom Pike"


def test_quoted_as_saying_is_the_passive_subjects_words() -> None:
    facts = _facts("\"We are not leaving this town, whatever happens,\" Helen Ruiz was quoted as saying by the "
                   "Valley Ledger.")
    assert _speaker(facts, "We are not leaving") == "Helen Ruiz"


def test_a_speaker_label_with_organization_and_title_before_the_colon() -> None:
    facts = _facts("Brightwater Kitchens reported a record quarter on Tuesday.",
                   "Brightwater Kitchens CEO Nora Vance: \"We will double the plant's output by next summer.\"")
    assert _speaker(facts, "We will double") == "Nora Vance"


def test_the_institution_is_the_organization_whose_name_ends_in_that_noun() -> None:
    facts = _facts("The Valley Teachers Association welcomed the ruling against Harbor Schools Inc. on Monday.",
                   "Harbor Schools Inc. said it would appeal, and Harbor Schools Inc. shares fell 3%.",
                   "\"This is the right decision for our students and their families,\" the association said.")
    assert _speaker(facts, "This is the right decision") == "Valley Teachers Association"
    # ... and nobody the text names when no organization has that noun in its name
    facts = _facts("Harbor Schools Inc. will close two campuses next year.",
                   "\"Enrollment has fallen for five years in a row,\" the university said.")
    assert _speaker(facts, "Enrollment has fallen") is None


@pytest.mark.parametrize(("sentence", "start"), [
    ("Senator Ellen Brooks slammed the water plan as \"a giveaway to the biggest farms in the state.\"",
     "a giveaway"),
    ("Senator Ellen Brooks hailed the water plan as \"a lifeline for the smallest farms in the state.\"",
     "a lifeline"),
    ("Senator Ellen Brooks pointed out that \"the smallest farms in the state get nothing from this plan.\"",
     "the smallest farms"),
    ("Senator Ellen Brooks branded the water plan \"a giveaway to the biggest farms in the state.\"", "a giveaway"),
])
def test_verbs_of_judging_or_disclosing_report_the_subjects_words(sentence: str, start: str) -> None:
    facts = _facts("The water plan passed the state senate on Tuesday by two votes.", sentence)
    assert _speaker(facts, start) == "Ellen Brooks"


def test_the_title_alone_stands_for_the_person_just_named() -> None:
    facts = _facts("Jill Ortega has served as mayor of Brookfield since 2016.",
                   "\"The city is in better shape than it has ever been,\" the mayor said.")
    assert _speaker(facts, "The city is in better") == "Jill Ortega"
    facts = _facts("Tom Reed, 64, has lived on River Street for thirty years.",
                   "\"I never thought the water would come this high in my lifetime,\" the retired teacher said.")
    assert _speaker(facts, "I never thought") == "Tom Reed"
    # ... but not when the text brought in someone unnamed with that title
    facts = _facts("Police arrested Tom Hale near the bridge on Friday, a police officer said.",
                   "\"He did not resist at any point during the arrest,\" the officer said.")
    assert _speaker(facts, "He did not resist") is None


def test_a_possessive_opening_the_next_sentence_gives_the_gender() -> None:
    facts = _facts("Mike Brennan coaches the town's football team. His wife, Julia Brennan, runs the bakery.",
                   "\"People here look out for each other no matter what,\" she said.")
    assert _speaker(facts, "People here look out") == "Julia Brennan"


@pytest.mark.parametrize(("sentence", "value"), [
    ("The talks ran Nov. 5-7, 2019, in a hotel by the lake.", "2019-11-05"),
    ("The talks ran 5-7 November 2019 in a hotel by the lake.", "2019-11-05"),
    ("The mill closed in March of 2019 after a long strike.", "2019-03"),
    ("The mill closed in March, 2019, after a long strike.", "2019-03"),
    ("The mill closed on the 5th of March 2019 after a long strike.", "2019-03-05"),
])
def test_stated_dates_in_the_forms_news_text_writes_them(sentence: str, value: str) -> None:
    found = [fact for _, _, fact in find_dates([sentence], "2020-01-15")]
    assert [(f["value"], f["relative"]) for f in found] == [(value, False)]


@pytest.mark.parametrize(("paragraph", "values"), [
    ("Updated Dec. 2, 2019 at 4:05 p.m. ET", []),  # the page's stamp repeated in the body
    ("Tom Ortiz says: December 2, 2019 at 4:05 pm", []),  # a comment's timestamp
    ("Globex buys a rival mill — Dec 2, 2019", []),  # a related story's title and date
    ("— Tom Ortiz (@tortiz) Monday, December 2, 2019", ["2019-12-02"]),  # an embedded post states its date
    ("The mill was sold on December 2, 2019.", ["2019-12-02"]),
])
def test_a_paragraph_that_is_only_the_pages_date_line_states_no_date(paragraph: str, values: list[str]) -> None:
    found = find_dates(["Globex said it would buy the mill.", paragraph], "2020-01-15")
    assert [f["value"] for _, _, f in found if not f["relative"]] == values


# --- forms found by bench/attribution_variants.py (metamorphic variants of dev/), one made-up case each -------


def _span(text: str, name: str, kind: str, at: str | None = None) -> Any:
    from briefsite.extract.quotes import Span

    start = text.index(at or name)
    return Span(start, start + len(at or name), kind, name)


def test_analyst_name_of_firm_said_is_the_analysts_words() -> None:
    """"“...,” analyst NAME of FIRM said": the firm only qualifies the person who speaks (the word rules,
    which read it when the parse gives no subject outside the quote)."""
    from briefsite.extract.quotes import find_quotes

    text = "“The fleet has room to grow through the winter,” analyst Dana Whitlock of Corvel Research said."
    spans = [[_span(text, "Dana Whitlock", "PERSON"), _span(text, "Corvel Research", "ORG")]]
    quotes, _ = find_quotes([text], spans, lambda p, o: 1, {}, {})
    assert quotes[0]["speaker"] == "Dana Whitlock"


def test_a_speaker_label_whose_name_ran_over_the_colon_or_was_missed() -> None:
    """"NAME: “...”" (interview style): the label names the speaker, also when the entity model took the colon
    into the name, or missed the name there but found it elsewhere in the text."""
    from briefsite.extract.nlp import parse_pipes
    from briefsite.extract.quotes import find_quotes

    nlp = load_model(DEFAULT_MODEL)

    def parsed(text: str) -> Any:
        doc = nlp(text)
        for pipe in parse_pipes(nlp):
            doc = pipe(doc)
        return [(0, doc)]

    intro = "The clinic hired Rhys Calloway last spring."
    label = "Rhys Calloway: “Take really detailed notes of every visit.”"
    over = [[_span(intro, "Rhys Calloway", "PERSON")], [_span(label, "Rhys Calloway", "PERSON", "Rhys Calloway:")]]
    quotes, _ = find_quotes([intro, label], over, lambda p, o: p + 1, {}, {}, [[], parsed(label)])
    assert quotes[0]["speaker"] == "Rhys Calloway"
    missed = [[_span(intro, "Rhys Calloway", "PERSON")], []]
    quotes, _ = find_quotes([intro, label], missed, lambda p, o: p + 1, {}, {}, [[], parsed(label)])
    assert quotes[0]["speaker"] == "Rhys Calloway"


def test_the_company_is_the_organization_that_opened_the_sentence_before() -> None:
    """"ORG announced the change. “...,” the company said": the subject just before, not the organization
    named most often so far."""
    facts = _facts("Tarrow Mills makes paper in the valley. Tarrow Mills will cut jobs, the union said.",
                   "Brisco Foods announced the change on Tuesday. “We will keep every store open through the "
                   "winter,” the company said in a release.")
    assert _speaker(facts, "We will keep every store") == "Brisco Foods"


def test_a_bare_quote_paragraph_after_an_organization_said() -> None:
    """A paragraph that is only a quote, after a paragraph where an organization said something: its words."""
    facts = _facts("The district has 40 buses.", "Brisco Foods said on Monday that the plan was under review.",
                   "“We have to look at every bus route before the winter comes.”")
    assert _speaker(facts, "We have to look at every") == "Brisco Foods"


def test_according_to_a_name_the_parser_misreads() -> None:
    """"According to Will NAME, “...”": the parser reads "Will" as an auxiliary and loses the object of "to";
    the name right after "to" is still the source."""
    facts = _facts("Will Brondquist sells candles online.",
                   "According to Will Brondquist, “I was at a fair with my cousins in Oslo and posted it on my "
                   "story. And of my 800 followers, six swiped away.”")
    assert _speaker(facts, "I was at a fair") == "Will Brondquist"


# Session 7 (issue 14): forms the extended variant bench found unattributed, one made-up article each.

def test_a_quote_left_open_goes_on_in_the_next_paragraph() -> None:
    facts = _facts("Ruth Okafor, who chairs the library board, said: \"We have waited nine years for a new roof "
                   "over the reading room. Why should the children wait any longer?",
                   "\"Is that too much to ask of a county this size?\"",
                   "Tom Brennan, the county treasurer, said: \"The money is simply not in this year's budget.\"")
    assert _speaker(facts, "Is that too much to ask") == "Ruth Okafor"


def test_an_a_label_in_a_question_and_answer_layout_is_the_one_interviewed() -> None:
    facts = _facts("Lena Vasquez, who has coached the girls' rowing team since 2015, spoke with us about the "
                   "new boathouse.",
                   "Q: When will the team move in?",
                   "A: \"We hope to be on the water there by the first week of April.\"")
    assert _speaker(facts, "We hope to be on the water") == "Lena Vasquez"


def test_the_agent_of_a_passive_speech_verb_is_the_speaker() -> None:
    facts = _facts("Harlow Foods met Brightwater Dairy on Monday.",
                   "\"Every plant will stay open through the winter,\" it was announced by Brightwater Dairy "
                   "on Tuesday.")
    assert _speaker(facts, "Every plant will stay open") == "Brightwater Dairy"


def test_a_statement_issued_by_an_organization_is_its_words() -> None:
    facts = _facts("Harlow Foods and Brightwater Dairy met on Monday.",
                   "\"Talks will resume after the holidays with both sides at the table,\" read a statement "
                   "issued by Brightwater Dairy.")
    assert _speaker(facts, "Talks will resume after") == "Brightwater Dairy"


def test_the_companys_title_is_the_person_named_with_that_title() -> None:
    facts = _facts("President Anna Lind of the chamber of commerce opened the fair on Friday.",
                   "Kestrel Outfitters named Sarah Mitchell its president last spring.",
                   "\"We will double the size of the downtown store by June,\" the company's president said.")
    assert _speaker(facts, "We will double the size") == "Sarah Mitchell"


def test_a_sentence_pointing_back_at_a_quote_names_its_speaker() -> None:
    facts = _facts("Carla Mendes spoke first at the council meeting. \"Every bus route in the east end has been "
                   "cut in half since March.\" That was how Dorothy Pike put it on Tuesday.")
    assert _speaker(facts, "Every bus route in the east") == "Dorothy Pike"


def test_a_title_abbreviated_after_a_question_does_not_end_the_attribution() -> None:
    facts = _facts("Helen Marsh, a director at the clinic, spoke to the board on Tuesday.",
                   "\"Who will pay for the new wing next year?\" Dr. Marsh asked.")
    assert _speaker(facts, "Who will pay for the new wing") == "Helen Marsh"


# Session 8 (issue 14): structural forms of attribution, one made-up article each.

def test_according_to_an_outlet_after_a_named_speaker_is_not_the_speaker() -> None:
    """"“...,” NAME said, according to OUTLET": the outlet reports who said it; the subject of "said" speaks."""
    facts = _facts("\"We are not moving the depot out of this town,\" Ortiz said on a call, according to the "
                   "Valley Ledger.")
    assert _speaker(facts, "We are not moving the depot") != "Valley Ledger"


def test_an_inverted_subject_the_parser_hangs_on_the_quote() -> None:
    """"“...,” the museum's director, NAME, said": the parser makes the title the quoted verb's object and
    leaves "said" with no subject; the name between the quote and the verb is the speaker."""
    facts = _facts("\"We had no warning at all, and the water ruined the whole archive,\" the museum's "
                   "director, Mara Quinlan, said.")
    assert _speaker(facts, "We had no warning at all") == "Mara Quinlan"


def test_a_document_speaks_for_the_organization_that_issued_it() -> None:
    """"The lawsuit, filed by ORG, says ... “...”" and "ORG released its study. The study found that “...”":
    the issuer named in the text."""
    facts = _facts("The lawsuit, filed by the Riverside Tenants Union, says the landlord \"failed to fix a single "
                   "broken boiler in two winters.\"")
    assert _speaker(facts, "failed to fix a single") == "Riverside Tenants Union"
    facts = _facts("The Harbor Institute released its study on Monday. The study found that \"nearly half of the "
                   "bay's oyster beds are in decline.\"")
    assert _speaker(facts, "nearly half of the bay") == "Harbor Institute"


def test_a_speaker_is_credited_to_the_articles_own_entity() -> None:
    """One decision per name per article: a surname, a possessive, a short form, another spelling or an
    extension of a listed name is that entity; a name that matches none, or several, stays as found."""
    from briefsite.extract.quotes import canonical_speaker

    people = [{"name": "Imani Okafor", "aliases": []}, {"name": "Lars Berg", "aliases": []},
              {"name": "Ada Berg", "aliases": []}]
    orgs = [{"name": "Doctors for Open Clinics", "aliases": []}, {"name": "The Harbor Courier", "aliases": ["HC"]}]
    assert canonical_speaker("Okafor", people, orgs) == "Imani Okafor"
    assert canonical_speaker("Okafor’s", people, orgs) == "Imani Okafor"
    assert canonical_speaker("Doctors", people, orgs) == "Doctors for Open Clinics"
    assert canonical_speaker("Harbor Courier", people, orgs) == "The Harbor Courier"
    assert canonical_speaker("Clinic Director Imani Okafor", people, orgs) == "Imani Okafor"
    assert canonical_speaker("Berg", people, orgs) == "Berg"  # two people of that name: the text decides
    assert canonical_speaker("Mona Vale", people, orgs) == "Mona Vale"
    listed = [*people, {"name": "Okafor", "aliases": []}]  # a surname the list keeps apart from the full name
    assert canonical_speaker("Okafor", listed, orgs) == "Imani Okafor"
    assert canonical_speaker(None, people, orgs) is None


def test_a_quote_that_completes_a_named_persons_verb_is_theirs() -> None:
    """No speech verb, but the quote is the object or complement of a verb whose subject is a named person:
    "NAME wants “...”", "NAME is “...”" (a passive subject's quote stays nobody's: "was charged with “...”")."""
    facts = _facts("Maria Santos runs the shelter on Elm Street. Santos wants \"a full accounting of every "
                   "dollar the county spent on the move.\"",
                   "Santos is \"very worried about what happens when the first cold snap comes.\"",
                   "Carl Voigt was charged with \"obstructing a county officer in the line of duty.\"")
    assert _speaker(facts, "a full accounting of every") == "Maria Santos"
    assert _speaker(facts, "very worried about what") == "Maria Santos"
    assert _speaker(facts, "obstructing a county officer") is None
    facts = _facts("Carl Voigt runs the mill. Voigt faces \"a long and costly fight in the courts this year.\"")
    assert _speaker(facts, "a long and costly") is None  # what the subject undergoes, not says
    facts = _facts("Carl Voigt runs the mill. Voigt backed the \"one big beautiful spending bill\" in the vote.")
    assert _speaker(facts, "one big beautiful") is None  # a part of the object, naming a thing


def test_verbs_of_hope_and_worry_report_the_subjects_words() -> None:
    """textacy's reporting verbs beyond "say": "fears", "hopes", "estimated" (and "Her verdict:" for the
    words of the one "her" stands for)."""
    facts = _facts("Brisco Foods will close its plant in Dayton in March. \"Hundreds of families will lose their "
                   "income by the spring,\" the company fears.")
    assert _speaker(facts, "Hundreds of families") == "Brisco Foods"
    facts = _facts("\"The talks broke down late on Friday night after a long dispute over pay,\" the Valley Ledger "
                   "reported.")
    assert _speaker(facts, "The talks broke down") == "Valley Ledger"
    facts = _facts("Maria Santos runs the shelter on Elm Street.", "The county plans to cut its funding in March. "
                   "Her verdict: \"We need forty more beds before the first snow.\"")
    assert _speaker(facts, "We need forty more beds") == "Maria Santos"


def test_a_bare_quote_after_a_named_speakers_reported_words_is_theirs() -> None:
    """A paragraph that is only a quote, after a paragraph that reports in its own words what one named person
    said: that person's, not the next paragraph's speaker."""
    facts = _facts("Jane Roe said the zoning plan was badly flawed.",
                   "\"Nobody on the council even asked us what we thought about the changes.\"",
                   "\"We think it is a fair plan and a good start,\" council member John Doe said.")
    assert _speaker(facts, "Nobody on the council") == "Jane Roe"
    assert _speaker(facts, "We think it is a fair") == "John Doe"


def test_a_name_and_how_the_words_came_before_a_colon() -> None:
    """"NAME, speaking to reporters on Monday: “...”", "NAME on the merger:", "NAME, in a letter to investors:":
    a speaker label that says how, or on what, the words came."""
    facts = _facts("Dan Reeves coaches the Harbor Lions. Reeves, speaking to reporters on Monday: \"He played his "
                   "heart out tonight and I could not be prouder of him.\"")
    assert _speaker(facts, "He played his heart out") == "Dan Reeves"
    facts = _facts("Jane Roe runs the Harbor Fund. Roe on the merger: \"We bought every share we could find at "
                   "that price.\"", "Roe, in a letter to investors: \"Nobody should expect the same returns next "
                   "year.\"")
    assert _speaker(facts, "We bought every share") == "Jane Roe"
    assert _speaker(facts, "Nobody should expect") == "Jane Roe"


def test_a_place_name_as_the_subject_of_a_speech_verb_speaks() -> None:
    """Whatever the entity label, the named subject of "said" is who the text credits: a country's government
    speaking as the country ("Norway said in a statement")."""
    facts = _facts("\"We will not accept any change to the fishing quota this year,\" Norway said in a statement "
                   "on Tuesday.")
    assert _speaker(facts, "We will not accept any change") == "Norway"


def test_a_definite_title_stands_for_the_person_last_given_it() -> None:
    facts = _facts("Anna Cole, the director of Valley Bank, spoke on Monday.",
                   "Tom Becker thanked Omar Diaz, the director of Oakridge Mills, on Tuesday. Becker said the talks "
                   "went well.",
                   "\u201cThe mill will stay open through the winter months,\u201d the director said.")
    assert _speaker(facts, "The mill will stay open") == "Omar Diaz"
    # ... and "the spokeswoman" is the one named as a spokeswoman, not the organization she speaks for
    facts = _facts("Helen Ruiz, a spokeswoman for Marsh Creek Farms, spoke to reporters on Monday.",
                   "\u201cWe will replant as soon as the fields dry out,\u201d the spokeswoman said.")
    assert _speaker(facts, "We will replant") == "Helen Ruiz"
    # ... and "the CEO" is a title, not the surname of someone called "Mills CEO"
    facts = _facts("Oakridge Mills CEO Omar Diaz spoke on Tuesday.",
                   "\u201cThe mill will stay open through the winter months,\u201d the CEO said.")
    assert _speaker(facts, "The mill will stay open") == "Omar Diaz"


def test_went_on_reports_the_words() -> None:
    facts = _facts("Ruth Fenwick, the owner of Oakridge Mills, spoke on Tuesday.",
                   "\u201cWhy would anyone close a mill with orders through March?\u201d she went on.")
    assert _speaker(facts, "Why would anyone close") == "Ruth Fenwick"


def test_a_pronoun_after_a_quote_does_not_outvote_the_persons_own_sentence() -> None:
    facts = _facts("Omar Diaz, the owner of Oakridge Mills, spoke on Tuesday.",
                   "Ruth Fenwick, who chairs the board, said she had not seen the plan.",
                   "\u201cThe mill will stay open through the winter months,\u201d he said.")
    assert _speaker(facts, "The mill will stay open") == "Omar Diaz"


def test_the_company_at_a_paragraphs_start_is_the_subject_of_the_sentence_before() -> None:
    facts = _facts("Oakridge Bank lent the farm money. Oakridge Bank said it was pleased. Marsh Creek Farms announced "
                   "the change on Tuesday.",
                   "\u201cWe will replant as soon as the fields dry out,\u201d the company said.")
    assert _speaker(facts, "We will replant") == "Marsh Creek Farms"


def test_a_signed_embed_line_names_the_one_who_wrote_it() -> None:
    facts = _facts("\u201cFirst, you should count what the mill owes before it opens again.\u201d \u2014 Leif Holmgren "
                   "(@leifholmgren) March 5, 2019")
    assert _speaker(facts, "First, you should count") == "Leif Holmgren"
