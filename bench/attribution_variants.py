"""Metamorphic variants of dev/ (issue 14): the same facts written in the other common forms of news writing,
scored for whether the answer stays right. Measures generalization without spending test/.

    .venv/bin/python bench/attribution_variants.py [--quotes | --dates] [--swap] [--forms a,b] [--misses FORM]

Quotes: every dev/ quote with a gold speaker has its paragraph rewritten into one attribution form at a time
("“...,” Acme President Jane Roe said in a statement", "said NAME, TITLE at ORG", "according to NAME",
"NAME: “...”", a quote-only paragraph after the speaker's paragraph (not before it: a bare quote between
two speakers' paragraphs continues the one before, as news writing means it), a pronoun in the next sentence, "the
company said in a release", ...), the rest of the article kept as is; the bench reports per form how many of
those quotes keep the right speaker. Organization forms use the gold organization when it is the speaker,
else a made-up company (the expected speaker becomes that company). `--swap` also replaces every gold person
speaker's name throughout the article with a made-up name of another shape (two-part, three-part,
hyphenated, initials, particles, non-English), rotating shapes deterministically, and reports per shape too.

Dates: every dev/ `reader: text` file that states a publication date has its date line replaced by the same
date in another header form ("3 March 2019", "Posted at 10:15 AM, Mar 4, 2019", "By NAME March 5, 2019",
ISO, "Updated ...", "Published: ...", a body dateline, "Last modified on ..."), and removed (or replaced by a
relative time, "2 hours ago"): the reader must find the same day, and must find none once the date is gone (no
date invented from the body). An all-numeric date that could be read either way ("04/03/2019", no clock or
zone beside it) must be read the way the page writes its other dates ("March 4" or "4 March"), and not at all
when the page does not tell.

Deterministic; never reads tests/gold/test/. No timing. Exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

from briefsite.extract.article import EXTRACTOR_VERSION, _extract_chunk  # noqa: E402
from briefsite.extract.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefsite.extract.quotes import _spans_in  # noqa: E402
from briefsite.extract.score import GoldArticle, _norm, _quote_words, load_gold  # noqa: E402
from briefsite.read.datelines import date_order  # noqa: E402
from briefsite.read.plain import parse_text  # noqa: E402

# Made-up names, one per shape: (full name, the short form a story uses after the first mention).
SHAPES: dict[str, tuple[str, str]] = {
    "two-part": ("Marta Kowalczyk", "Kowalczyk"),
    "three-part": ("Mary Beth Hollander", "Hollander"),
    "hyphenated": ("Anne-Sophie Delacroix-Hart", "Delacroix-Hart"),
    "initials": ("J.D. Whitcombe", "Whitcombe"),
    "particle": ("Pieter van der Berg", "van der Berg"),
    "yoruba": ("Oluwaseun Adeyemi", "Adeyemi"),
    "chinese": ("Xu Jiayin", "Xu"),
    "nordic": ("Søren Åkesson", "Åkesson"),
    "indian": ("Siddharth Raghunathan", "Raghunathan"),
}
# Made-up organizations for the forms that name one (a speaker's employer, a company that speaks).
ORGS = ("Norbridge Capital", "Castellan Health", "Vantor Systems", "Pellham Logistics", "Meridian Analytics")
OUTLET = "The Harbor Courier"
TITLES = ("President", "Chief Executive", "Director")


@dataclass
class Target:
    """One quote to rewrite: where it is, its words, who must come out as its speaker."""

    paragraph: int
    start: int
    end: int
    text: str
    speaker: str
    person: bool
    role: str
    spellings: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Who:
    """The speaker as a form writes it."""

    name: str
    short: str
    title: str
    org: str
    pronoun: str


def _quote_parts(text: str) -> tuple[str, str]:
    """The quote without its final punctuation (inner double quotes made single) and the mark it ends on."""
    body = text.strip().replace("“", "‘").replace("”", "’").replace('"', "'")
    end = "?" if body.endswith("?") else "!" if body.endswith("!") else ""
    body = body.rstrip(" .,;:?!")
    return (body[:1].upper() + body[1:]) if body else body, end


def _lead(q: str, end: str) -> str:
    return f"“{q}{end or ','}”"


def _full(q: str, end: str) -> str:
    return f"“{q}{end or '.'}”"


def _halves(q: str) -> tuple[str, str]:
    """The quote cut in two where news writing puts the attribution: after its first sentence, else at a
    comma, else (ten words or more) in the middle; ("", "") when it is too short to cut."""
    words = q.split()
    cuts = [i for i in range(4, len(words) - 3) if words[i - 1].endswith((".", "?", "!"))] or \
        [i for i in range(4, len(words) - 3) if words[i - 1].endswith((",", ";"))] or \
        ([len(words) // 2] if len(words) >= 10 else [])
    if not cuts:
        return q, ""
    cut = min(cuts, key=lambda i: abs(i - len(words) / 2))
    return " ".join(words[:cut]).rstrip(",;"), " ".join(words[cut:])


def _middle(q: str, end: str, name: str) -> str:
    """“First part,” NAME said, “second part.” (after a whole sentence: “First.” NAME said. “Second.”)"""
    first, second = _halves(q)
    if not second:
        return f"{_lead(q, end)} {name} said."
    if first.endswith("."):
        return f"“{first[:-1]},” {name} said. “{second}{end or '.'}”"
    if first.endswith(("?", "!")):
        return f"“{first}” {name} said. “{second}{end or '.'}”"
    return f"“{first},” {name} said, “{second}{end or '.'}”"


Form = Callable[[str, str, Who], list[str]]

PERSON_FORMS: dict[str, Form] = {
    "after": lambda q, e, w: [f"{_lead(q, e)} {w.name} said."],
    "said_name": lambda q, e, w: [f"{_lead(q, e)} said {w.name}."],
    "says_name": lambda q, e, w: [f"{_lead(q, e)} says {w.name}."],
    "said_title_at": lambda q, e, w: [f"{_lead(q, e)} said {w.name}, {w.title.lower()} at {w.org}."],
    "before": lambda q, e, w: [f"{w.name} said, {_full(q, e)}"],
    "before_colon": lambda q, e, w: [f"{w.name} said: {_full(q, e)}"],
    "that_fragment": lambda q, e, w: [f"{w.name} said that “{q[:1].lower() + q[1:]}{e or '.'}”"],
    "middle": lambda q, e, w: [_middle(q, e, w.name)],
    "title_statement": lambda q, e, w: [f"{_lead(q, e)} {w.org} {w.title} {w.name} said in a statement."],
    "appositive": lambda q, e, w: [f"{_lead(q, e)} {w.name}, the {w.title.lower()} of {w.org}, said."],
    "told_adding": lambda q, e, w: [f"{w.name} told {OUTLET} that the fight against {ORGS[0]} “is absolutely "
                                    f"core to this,” adding, {_full(q, e)}"],
    "told_outlet": lambda q, e, w: [f"{_lead(q, e)} {w.name} told {OUTLET}."],
    "according_after": lambda q, e, w: [f"{_lead(q, e)} according to {w.name}."],
    "according_before": lambda q, e, w: [f"According to {w.name}, {_full(q, e)}"],
    "interview": lambda q, e, w: [f"{w.name}: {_full(q, e)}"],
    "analyst_of": lambda q, e, w: [f"{_lead(q, e)} analyst {w.name} of {w.org} said."],
    "in_interview": lambda q, e, w: [f"In an interview with {OUTLET}, {w.name} said: {_full(q, e)}"],
    "wrote_twitter": lambda q, e, w: [f"{_lead(q, e)} {w.name} wrote on Twitter."],
    "pronoun": lambda q, e, w: [f"{w.name}, {w.title.lower()} at {w.org}, spoke on Tuesday. "
                                f"{_lead(q, e)} {w.pronoun} said."],
    "pronoun_next_para": lambda q, e, w: [f"{w.name}, {w.title.lower()} at {w.org}, spoke on Tuesday.",
                                          f"{_lead(q, e)} {w.pronoun} said."],
    "surname_next_para": lambda q, e, w: [f"{w.name}, {w.title.lower()} at {w.org}, spoke on Tuesday.",
                                          f"{_lead(q, e)} {w.short} said."],
    "para_before": lambda q, e, w: [f"{w.name} said on Tuesday that the matter was under review.", _full(q, e)],
    "para_before_colon": lambda q, e, w: [f"{w.name} said in a statement on Tuesday:", _full(q, e)],
}
# Forms added in session 7 (reported apart from the 29 above, so the earlier figure stays comparable).
OTHER = "Dana Whitfield"  # a second made-up person in the paragraph, who does not speak
HONORIFICS = ("Dr.", "Sen.", "Rep.", "Gov.", "Prof.", "Lt. Gov.")
VERBS = ("added", "noted", "argued", "warned", "explained", "recalled")


def _split_said_name(q: str, end: str, name: str) -> str:
    """“First part,” said NAME, “second part.”"""
    first, second = _halves(q)
    if not second:
        return f"{_lead(q, end)} said {name}."
    return f"“{first.rstrip('.')},” said {name}, “{second}{end or '.'}”"


def _multi_paragraph(q: str, end: str, name: str) -> list[str]:
    """NAME said: “First part. (no closing mark: the quote goes on in the next paragraph) / “Second part.”"""
    first, second = _halves(q)
    if not second:
        return [f"{name} said: {_full(q, end)}"]
    return [f"{name} said: “{first.rstrip(',;')}{'' if first.endswith(('.', '?', '!')) else '.'}",
            f"“{second}{end or '.'}”"]


NEW_PERSON_FORMS: dict[str, Form] = {
    "middle_both": lambda q, e, w: [_middle(q, e, w.name)],  # "middle", both halves checked
    "split_said_name": lambda q, e, w: [_split_said_name(q, e, w.name)],
    "multi_paragraph": lambda q, e, w: _multi_paragraph(q, e, w.name),
    "two_people_after": lambda q, e, w: [f"{_lead(q, e)} {w.name} said after meeting with {OTHER}."],
    "two_people_before": lambda q, e, w: [f"After {OTHER} left the meeting, {w.name} said, {_full(q, e)}"],
    "two_people_next": lambda q, e, w: [f"{w.name} told reporters that {OTHER} had approved the plan. "
                                        f"{_full(q, e)}"],
    "long_appositive": lambda q, e, w: [f"{_lead(q, e)} {w.name}, who has led {w.org} since 2019 and oversaw its "
                                        f"move into three new markets, said."],
    "long_appositive_before": lambda q, e, w: [f"{w.name}, who joined {w.org} in 2019 after a decade at a rival "
                                               f"firm, said: {_full(q, e)}"],
    "verbs_after": lambda q, e, w: [f"{_lead(q, e)} {w.name} {VERBS[len(q) % len(VERBS)]}."],
    "verbs_before": lambda q, e, w: [f"{w.name} {VERBS[len(q) % len(VERBS)]}: {_full(q, e)}"],
    "in_email": lambda q, e, w: [f"{_lead(q, e)} {w.name} said in an email."],
    "in_tweet": lambda q, e, w: [f"{_lead(q, e)} {w.name} wrote in a tweet."],
    "put_it_next": lambda q, e, w: [f"{_full(q, e)} That was how {w.name} put it on Tuesday."],
    "qa": lambda q, e, w: [f"{w.name}, {w.title.lower()} of {w.org}, spoke with {OUTLET} about the plan.",
                           "Q: What comes next for the plan?", f"A: {_full(q, e)}"],
    # (a company title, not the gold role: "the company's justice" is no English)
    "honorific_after": lambda q, e, w: [f"{_lead(q, e)} said {HONORIFICS[len(q) % len(HONORIFICS)]} {w.name}."],
    "honorific_before": lambda q, e, w: [f"{HONORIFICS[len(q) % len(HONORIFICS)]} {w.name} said: {_full(q, e)}"],
    "honorific_surname": lambda q, e, w: [f"{w.name}, {w.title.lower()} at {w.org}, spoke on Tuesday.",
                                          f"{_lead(q, e)} {HONORIFICS[len(q) % len(HONORIFICS)]} {w.short} said."],
    "age_after": lambda q, e, w: [f"{_lead(q, e)} said {w.name}, 52, who has lived in the town since 1990."],
    "said_of": lambda q, e, w: [f"{_lead(q, e)} {w.name} said of the plan, speaking to reporters after the vote."],
    "role_only": lambda q, e, w: [f"{w.org} named {w.name} its {TITLES[len(q) % 3].lower()} last year.",
                                  f"{_lead(q, e)} the company's {TITLES[len(q) % 3].lower()} said."],
}
# A quote no one is named for, in a paragraph right after a named speaker's quote: it must stay null (or not
# be taken as a quote at all).
NULL_LINES = {
    "null_phrase": "Critics have long called the program “a solution in search of a problem,” and the vote next "
                   "month is expected to be close.",
    "null_title": "The plan borrows its name from the 1998 report “Building a Better Harbor for Everyone,” which "
                  "the city never adopted.",
    "null_scare": "The deal includes what some observers describe as “a very generous exit clause for both "
                  "sides.”",
    "null_sign": "Outside the hall, a hand-painted sign reading “Keep the buses running on Sundays” leaned "
                 "against the door.",
}
for _form, _line in NULL_LINES.items():
    NEW_PERSON_FORMS[_form] = (lambda line: lambda q, e, w: [f"{_lead(q, e)} {w.name} said.", line])(_line)
# Forms whose second half is a quote of its own, with the same speaker.
SPLIT_FORMS = frozenset({"middle_both", "split_said_name", "multi_paragraph"})
ORG_FORMS: dict[str, Form] = {
    "org_statement": lambda q, e, w: [f"{_lead(q, e)} {w.name} said in a statement."],
    "company_release": lambda q, e, w: [f"{w.name} announced the change on Tuesday. "
                                        f"{_lead(q, e)} the company said in a release."],
    "company_spokesperson": lambda q, e, w: [f"{w.name} announced the change on Tuesday. "
                                             f"{_lead(q, e)} a company spokesperson said."],
    "spokesperson_for": lambda q, e, w: [f"{_lead(q, e)} a spokesperson for {w.name} said."],
    "org_spokesperson": lambda q, e, w: [f"An {w.name} spokesperson said, {_full(q, e)}"
                                         if w.name[:1] in "AEIOU" else f"A {w.name} spokesperson said, {_full(q, e)}"],
    "statement_read": lambda q, e, w: [f"{w.name} issued a statement on Tuesday.",
                                       f"{_lead(q, e)} the statement read."],
    "according_statement": lambda q, e, w: [f"{_lead(q, e)} according to a statement from {w.name}."],
}
NEW_ORG_FORMS: dict[str, Form] = {
    "announced_by": lambda q, e, w: [f"{_lead(q, e)} it was announced by {w.name} on Tuesday."],
    "statement_issued_by": lambda q, e, w: [f"{_lead(q, e)} read a statement issued by {w.name}."],
    "emailed_statement": lambda q, e, w: [f"{_lead(q, e)} {w.name} said in an emailed statement."],
}
# Forms added in session 8: an inverted subject after the quote, an outlet that reports the words, a verb of
# worry (textacy's reporting verbs), a document that speaks for its issuer.
S8_PERSON_FORMS: dict[str, Form] = {
    "inverted_appositive": lambda q, e, w: [f"{_lead(q, e)} the {w.title.lower()} of {w.org}, {w.name}, said."],
    "said_according_outlet": lambda q, e, w: [f"{_lead(q, e)} {w.name} said, according to {OUTLET}."],
    "fears_that": lambda q, e, w: [f"{w.name} fears that “{q[:1].lower() + q[1:]}{e or '.'}”"],
}
S8_ORG_FORMS: dict[str, Form] = {
    "lawsuit_filed_by": lambda q, e, w: [f"The lawsuit, filed by {w.name} on Tuesday, says: {_full(q, e)}"],
    "study_found": lambda q, e, w: [f"{w.name} released a study on Tuesday. The study found that "
                                    f"“{q[:1].lower() + q[1:]}{e or '.'}”"],
}
# Forms added in session 9, from the shapes of news attribution (PARC 3.0's source/cue/content, AP's "said"
# rules): the cue in the present, a day or a setting after the verb, a framing phrase before the source, a
# named spokesperson, a title or a pronoun carried across paragraphs, a signed embed line.
OPPOSITE = {"he": ("Laura Whitfield", "she"), "she": ("Daniel Whitfield", "he")}
S9_PERSON_FORMS: dict[str, Form] = {
    "says_after": lambda q, e, w: [f"{_lead(q, e)} {w.name} says."],
    "said_weekday": lambda q, e, w: [f"{_lead(q, e)} {w.name} said Tuesday."],
    "conference_call": lambda q, e, w: [f"{_lead(q, e)} {w.name} said in a conference call with analysts."],
    "in_statement_before": lambda q, e, w: [f"In a statement, {w.name} said: {_full(q, e)}"],
    "in_statement_middle": lambda q, e, w: [f"{w.name}, in a statement, said: {_full(q, e)}"],
    "org_spokesperson_named": lambda q, e, w: [f"{_lead(q, e)} {w.org}'s spokesperson, {w.name}, said."],
    "spokesperson_for_named": lambda q, e, w: [f"{_lead(q, e)} {w.name}, a spokesperson for {w.org}, said."],
    "wrote_memo": lambda q, e, w: [f"{_lead(q, e)} {w.name} wrote in a memo to staff."],
    "wrote_blog": lambda q, e, w: [f"{_lead(q, e)} {w.name} wrote in a blog post."],
    "asked_about": lambda q, e, w: [f"Asked about the plan on Tuesday, {w.name} said: {_full(q, e)}"],
    "responded_colon": lambda q, e, w: [f"{w.name} responded: {_full(q, e)}"],
    "speaking_at": lambda q, e, w: [f"{w.name}, speaking at an industry conference on Tuesday, said: {_full(q, e)}"],
    "paren_title": lambda q, e, w: [f"{_lead(q, e)} {w.name} ({w.title.lower()}, {w.org}) said."],
    "went_on": lambda q, e, w: [f"{w.name}, {w.title.lower()} at {w.org}, spoke on Tuesday.",
                                f"{_lead(q, e)} {w.pronoun} went on."],
    "pronoun_two_paras": lambda q, e, w: [
        f"{w.name}, {w.title.lower()} at {w.org}, spoke on Tuesday.",
        f"{OPPOSITE[w.pronoun][0]}, who chairs the board, said {OPPOSITE[w.pronoun][1]} had not seen the plan.",
        f"{_lead(q, e)} {w.pronoun} said."],
    "title_callback": lambda q, e, w: [f"{w.name}, the {TITLES[len(q) % 3].lower()} of {w.org}, spoke on Tuesday.",
                                       f"{_lead(q, e)} the {TITLES[len(q) % 3].lower()} said."],
    "spokesperson_callback": lambda q, e, w: [f"{w.name}, a spokeswoman for {w.org}, spoke on Tuesday.",
                                              f"{_lead(q, e)} the spokeswoman said."],
    "tweet_embed": lambda q, e, w: [f"{_full(q, e)} — {w.name} (@{w.short.lower().replace(' ', '')}) "
                                    f"March 5, 2019"],
    "interviewer_label": lambda q, e, w: [f"{w.name}, {w.title.lower()} of {w.org}, spoke with {OUTLET}.",
                                          f"{OUTLET}: What comes next for the plan?", f"{w.short}: {_full(q, e)}"],
}
# Quotes no one is named for (a source kept anonymous, a title, a term): null.
S9_NULL_LINES = {
    "null_one_analyst": "“Growth will slow before it picks up again next year,” one analyst said.",
    "null_source": "“The talks are close to collapse at this point,” a person familiar with the matter said.",
    "null_film": "The documentary “Nobody Came Back to the Harbor” opens in May at the old mill.",
    "null_term": "What the industry calls “dynamic pricing for every single seat” has spread to smaller venues.",
}
for _form, _line in S9_NULL_LINES.items():
    S9_PERSON_FORMS[_form] = (lambda line: lambda q, e, w: [f"{_lead(q, e)} {w.name} said.", line])(_line)
NULL_LINES.update(S9_NULL_LINES)
S9_ORG_FORMS: dict[str, Form] = {
    "org_says": lambda q, e, w: [f"{_lead(q, e)} {w.name} says."],
    "org_said_weekday": lambda q, e, w: [f"{_lead(q, e)} {w.name} said Tuesday."],
    "org_in_statement_before": lambda q, e, w: [f"In a statement, {w.name} said: {_full(q, e)}"],
    "statement_from_read": lambda q, e, w: [f"{_lead(q, e)} a statement from {w.name} read."],
    "org_wrote_filing": lambda q, e, w: [f"{_lead(q, e)} {w.name} wrote in the filing."],
    "company_next_para": lambda q, e, w: [f"{w.name} announced the change on Tuesday.",
                                          f"{_lead(q, e)} the company said."],
}
PERSON_FORMS_ALL = {**PERSON_FORMS, **NEW_PERSON_FORMS, **S8_PERSON_FORMS, **S9_PERSON_FORMS}
ORG_FORMS_ALL = {**ORG_FORMS, **NEW_ORG_FORMS, **S8_ORG_FORMS, **S9_ORG_FORMS}
SWAP_FORMS = ("as_is", "after", "said_title_at", "title_statement", "pronoun", "surname_next_para",
              "according_after", "interview")


def _surname(name: str) -> str:
    """The last name, not a suffix ("Patrick W. Roe Jr." -> "Roe")."""
    words = [w for w in name.split() if w.rstrip(".,") not in ("Jr", "Sr", "II", "III", "IV")]
    return (words or name.split())[-1]


def _pronoun(article_text: str, surname: str) -> str:
    """"he" or "she", as the article's own sentences about this person say (a sentence naming them and the
    next); "they" when the text shows neither."""
    sentences = re.split(r"(?<=[.!?”])\s+", article_text)
    votes: Counter[str] = Counter()
    for i, s in enumerate(sentences):
        if surname in s:
            near = " ".join(sentences[i: i + 2])
            votes["he"] += len(re.findall(r"\b(?:he|his|him)\b", near, re.I))
            votes["she"] += len(re.findall(r"\b(?:she|her|hers)\b", near, re.I))
    if votes["he"] == votes["she"]:
        return "they"
    return "he" if votes["he"] > votes["she"] else "she"


def targets(item: GoldArticle) -> list[Target]:
    """The article's quotes with a gold speaker, located in its paragraphs (first unused match by start words)."""
    gold = item.gold
    people = {_norm(p["name"]): p for p in gold.get("people") or []}
    entities = [*(gold.get("people") or []), *(gold.get("organizations") or [])]
    found = [(p, q) for p, text in enumerate(item.article.paragraphs) for q in _spans_in(text, p)[0]]
    used: set[tuple[int, int]] = set()
    out = []
    for g in gold.get("quotes") or []:
        if not g.get("speaker"):
            continue
        start = _quote_words(g["start"])
        hit = next(((p, q) for p, q in found if (p, q.start) not in used and (
            _quote_words(q.text)[: len(start)] == start or " ".join(start) in " ".join(_quote_words(q.text)))), None)
        if hit is None:
            continue
        used.add((hit[0], hit[1].start))
        key = _norm(g["speaker"])
        entity = next((e for e in entities if _norm(e["name"]) == key), {"name": g["speaker"]})
        spellings = {key, *(_norm(a) for a in entity.get("aliases") or [])}
        person = key in people
        out.append(Target(hit[0], hit[1].start, hit[1].end, hit[1].text, g["speaker"], person,
                          str((people.get(key) or {}).get("role") or ""), spellings))
    return out


def _swap_names(paragraphs: list[str], item: GoldArticle, names: dict[str, tuple[str, str]]) -> list[str]:
    """Every mention of each swapped gold person (full name, aliases, surname) replaced by the made-up name."""
    out = []
    people = {_norm(p["name"]): p for p in item.gold.get("people") or []}
    for text in paragraphs:
        for key, (full, short) in names.items():
            person = people[key]
            forms = sorted({person["name"], *(person.get("aliases") or [])}, key=len, reverse=True)
            for form in forms:
                text = re.sub(rf"(?<![\w-]){re.escape(form)}(?![\w-])", full, text)
            surname = _surname(person["name"])
            if len(surname) > 2 and surname not in full:
                text = re.sub(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", short, text)
        out.append(text)
    return out


def variant(item: GoldArticle, index: int, form: str, swap: bool) -> tuple[Any, list[Target]]:
    """The article rewritten with every target quote in `form` (and names swapped with `swap`); the targets
    with the speaker each must come out as."""
    found = targets(item)
    paragraphs = list(item.article.paragraphs)
    names: dict[str, tuple[str, str]] = {}
    if swap:
        speakers = sorted({_norm(t.speaker) for t in found if t.person})
        shapes = list(SHAPES.values())
        for n, key in enumerate(speakers):
            # (the shape rotation counts the forms before session 8's, so earlier figures stay comparable)
            rotation = list((*PERSON_FORMS, *NEW_PERSON_FORMS, "as_is", *S8_PERSON_FORMS, *S9_PERSON_FORMS))
            names[key] = shapes[(index + n + rotation.index(form)
                                 if form in PERSON_FORMS_ALL or form == "as_is" else index + n) % len(shapes)]
    by_paragraph: dict[int, list[Target]] = defaultdict(list)
    for t in found:
        by_paragraph[t.paragraph].append(t)
    expected: list[Target] = []
    new: list[str] = []
    org_form = form in ORG_FORMS_ALL
    for p, text in enumerate(paragraphs):
        here = by_paragraph.get(p)
        if not here or form == "as_is":
            new.append(text)
            for t in here or []:
                full = names.get(_norm(t.speaker), (t.speaker,))[0] if t.person else t.speaker
                expected.append(replace(t, speaker=full, spellings={_norm(full)} if full != t.speaker else t.spellings))
            continue
        for k, t in enumerate(here):
            q, end = _quote_parts(t.text)
            if len(q.split()) < 4:
                continue
            if org_form:
                name = t.speaker if not t.person else ORGS[(index + k) % len(ORGS)]
                who = Who(name, name, "", "", "it")
            else:
                if not t.person:
                    continue
                full, short = names.get(_norm(t.speaker), (t.speaker, _surname(t.speaker)))
                title = t.role or TITLES[(index + k) % len(TITLES)]
                who = Who(full, short, title, ORGS[(index + k + 1) % len(ORGS)],
                          _pronoun(" ".join(item.article.paragraphs), _surname(t.speaker)))
            if who.pronoun == "they" and (form.startswith("pronoun") or form == "went_on"):
                continue
            forms = ORG_FORMS_ALL if org_form else PERSON_FORMS_ALL
            new.extend(forms[form](q, end, who))
            spellings = t.spellings if who.name == t.speaker else {_norm(who.name)}
            first, second = _halves(q) if form in SPLIT_FORMS else (q, "")
            # (each half is checked as a quote of its own; a half under four words is no quote)
            for part in (first, second) if second else (q,):
                if len(part.split()) >= 4:
                    expected.append(replace(t, text=part, speaker=who.name, spellings=spellings))
            if form in NULL_LINES:
                line = NULL_LINES[form]
                expected.append(replace(t, text=line[line.index("“") + 1:], speaker="", spellings={""}))
    if names:
        new = _swap_names(new, item, names)
    article = replace(item.article, paragraphs=tuple(new))
    return article, expected


def _check(facts: Any, expected: Sequence[Target]) -> list[tuple[Target, str | None, bool]]:
    out = []
    quotes = list(facts.quotes)
    for t in expected:
        start = _quote_words(t.text)[:5]
        hit = next((q for q in quotes if _quote_words(q["text"])[: len(start)] == start), None)
        if hit is not None:
            quotes.remove(hit)
        said = hit.get("speaker") if hit else None
        # a null target (no one named for it) is right when it stays null or is not taken as a quote at all
        out.append((t, said, (hit is not None or t.spellings == {""}) and _norm(said or "") in t.spellings))
    return out


def run_quotes(items: Sequence[GoldArticle], forms: Sequence[str], swap: bool, misses: str, nlp: Any) -> None:
    """Per form (and per name shape with `swap`): quotes kept with the right speaker."""
    per_shape: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    total = [0, 0]
    by_form: dict[str, tuple[int, int]] = {}
    print(f"quote attribution variants, dev/ only (extractor v{EXTRACTOR_VERSION}){' names swapped' if swap else ''}")
    for form in forms:
        built = [variant(item, i, form, swap) for i, item in enumerate(items)]
        results = _extract_chunk([a for a, _ in built], nlp)
        right = count = 0
        for (_article, expected), facts, item in zip(built, results, items, strict=True):
            for t, said, ok in _check(facts, expected):
                count += 1
                right += ok
                if swap:
                    shape = next((s for s, (full, _) in SHAPES.items() if full == t.speaker), "org/unswapped")
                    per_shape[shape][0] += ok
                    per_shape[shape][1] += 1
                if not ok and misses in (form, "all"):
                    print(f"    [{form}] {item.name}: {t.text[:50]!r}: {said!r} != {t.speaker!r}")
        total[0] += right
        total[1] += count
        by_form[form] = (right, count)
        print(f"  {form:22} {right / count if count else 1:.3f} ({right}/{count})", flush=True)
    print(f"  {'all forms':22} {total[0] / total[1] if total[1] else 1:.3f} ({total[0]}/{total[1]})")
    for label, group in (("the 29 forms of v8", {*PERSON_FORMS, *ORG_FORMS}),
                         ("new forms", {*NEW_PERSON_FORMS, *NEW_ORG_FORMS}),
                         ("session 9's forms", {*S9_PERSON_FORMS, *S9_ORG_FORMS})):
        ok, n = (sum(by_form[f][i] for f in forms if f in group) for i in (0, 1))
        if n and len(group & set(forms)) < len(forms):
            print(f"  {label:22} {ok / n:.3f} ({ok}/{n})")
    for shape, (ok, n) in sorted(per_shape.items()):
        print(f"  shape {shape:16} {ok / n:.3f} ({ok}/{n})")


# The header forms a plain-text article states its date in (the date inserted under the headline and dek, or
# as the body's dateline).
DATE_FORMS: dict[str, Callable[[dt.date], str]] = {
    "date_only_mdy": lambda d: f"{d:%B} {d.day}, {d.year}",
    "date_only_dmy": lambda d: f"{d.day} {d:%B} {d.year}",
    "weekday": lambda d: f"{d:%A}, {d:%B} {d.day}, {d.year}",
    "posted_at": lambda d: f"Posted at 10:15 AM, {d:%b} {d.day}, {d.year}",
    "byline_date": lambda d: f"By Jane Marlow {d:%B} {d.day}, {d.year}",
    "byline_pipe": lambda d: f"Jane Marlow | {d:%b} {d.day}, {d.year}",
    "updated": lambda d: f"Updated 5:02 PM ET, {d:%a} {d:%B} {d.day}, {d.year}",
    "iso": lambda d: d.isoformat(),
    "published_label": lambda d: f"Published: {d:%B} {d.day}, {d.year}",
    "published_on": lambda d: f"Published on {d:%b}. {d.day}, {d.year} at 9:30 a.m.",
    "last_modified": lambda d: f"Last modified on {d:%a} {d.day} {d:%b} {d.year} 10.15 GMT",
    "abbrev_time": lambda d: f"{d:%b}. {d.day}, {d.year} / 10:15 AM",
    "day_month_abbr": lambda d: f"{d.day} {d:%b} {d.year}, 10:15",
    "slash_us": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "first_published": lambda d: f"First published on {d:%A} {d.day} {d:%B} {d.year}",
    "guardian_style": lambda d: f"{d:%a} {d.day} {d:%b} {d.year} 10.15 GMT",
    "time_first": lambda d: f"10:15 AM ET {d:%b} {d.day}, {d.year}",
    "no_comma": lambda d: f"{d:%b} {d.day} {d.year}",
    "ordinal": lambda d: f"{d:%B} {d.day}th, {d.year}",
    "byline_outlet_date": lambda d: f"By Jane Marlow, Reuters | {d:%B} {d.day}, {d.year}",
    "published_updated": lambda d: f"Published 9:00 AM ET {d:%a}, {d:%B} {d.day}, {d.year} "
                                   f"Updated 11:00 AM ET {d + dt.timedelta(days=1):%a}, "
                                   f"{d + dt.timedelta(days=1):%B} {(d + dt.timedelta(days=1)).day}, {d.year}",
    "date_label": lambda d: f"Date: {d.isoformat()}",
    "dotted_dmy": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    # added in session 7: the header forms of large outlets' saved pages
    "published_time_first": lambda d: f"Published 10:15 a.m. ET {d:%B} {d.day}, {d.year}",
    "date_time_outlet": lambda d: f"{d:%B} {d.day}, {d.year} / 10:15 AM / CBS News",
    "iso_z": lambda d: f"{d.isoformat()}T10:15:00Z",
    "by_pipe": lambda d: f"By Jane Marlow | {d:%B} {d.day}, {d.year}",
    "last_updated_label": lambda d: f"Last Updated: {d:%B} {d.day}, {d.year} 10:15 AM",
    "updated_on_weekday": lambda d: f"Updated on {d:%A}, {d.day} {d:%B} {d.year} at 10:15 BST",
    "guardian_first_published": lambda d: f"First published on {d:%a} {d.day} {d:%b} {d.year} 09.00 GMT",
    "byline_title_pipe": lambda d: f"By Jane Marlow, Staff Writer | Updated {d:%b}. {d.day}, {d.year} at 10:15 a.m.",
    "slash_dmy": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "slash_dmy_zone": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year} 10:15 BST",
    "slash_us_zone": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year} 10:15 AM ET",
    "date_read_time": lambda d: f"{d.day} {d:%B} {d.year} • 4 min read",
    "posted_by_on": lambda d: f"Posted by Jane Marlow on {d:%B} {d.day}, {d.year}",
    # added in session 8: a copied page's date boxes run together, and more labelled forms
    "reuters_glued": lambda d: f"{d:%B} {d.day}, {d.year}10:15 AM UTCUpdated 2 hours ago",
    "reuters_slashes": lambda d: f"{d:%B} {d.day}, {d.year} / 10:15 AM / Updated 2 hours ago",
    "posted_colon_zone": lambda d: f"Posted: {d:%b} {d.day}, {d.year} 10:15 AM EST",
    "no_comma_time": lambda d: f"{d:%b} {d.day} {d.year}, 10:15 am",
    "date_label_words": lambda d: f"Date: {d:%B} {d.day}, {d.year}",
    "published_abbr_time_first": lambda d: f"Published 10:15 a.m. ET {_abbr(d)} {d.day}, {d.year}",
    "time_zone_first_weekday": lambda d: f"10:15 AM EST, {d:%a} {d:%B} {d.day}, {d.year}",
    "controls_above": lambda d: "\n\n".join(["Follow", "Share", "Save", "Listen to this article", "5 min",
                                              "Gift this article", f"{d:%B} {d.day}, {d.year}"]),
    "comment_tail": lambda d: f"{d:%B} {d.day}, {d.year} by Jane Marlow Leave a Comment",
    # added in session 9: the wordings of the dev-side corpus pages' date and byline boxes the reader missed,
    # and the header shapes the field's date libraries document (htmldate, dateparser, newspaper4k)
    "date_by_colon_letters": lambda d: f"{d:%B} {d.day}, {d.year} | BY: Jane Marlow, MS, RDN",
    "date_time_relative": lambda d: f"{d:%b} {d.day}, {d.year} at 9:08 GMT 1 day ago",
    "date_filed_under": lambda d: f"{d:%B} {d.day}, {d.year} at 9:45 am Filed Under: Acme Widgets , health , "
                                  f"Ohio , factory jobs",
    "first_names_weekday": lambda d: f"Anna, Maya, and Carla Marlow {d:%A} {d:%B} {d.day}, {d.year}",
    "author_publish_date": lambda d: f"Author: Marlow Editorial Staff Publish date: {d:%b} {d.day}, {d.year}",
    "name_role_pipe": lambda d: f"Jane Marlow, Staff writer | {_abbr(d)} {d.day}, {d.year}",
    "name_pipe_role_pipe": lambda d: f"Jane Marlow | Staff writer | {_abbr(d)} {d.day}, {d.year}",
    "name_lower_role": lambda d: f"Jane Marlow, senior editor, {_abbr(d)} {d.day}, {d.year}",
    "date_zone_by": lambda d: f"{d:%B} {d.day}, {d.year} 2:30pm PT by Jane Marlow",
    "share_label_date": lambda d: f"Share this article: {d:%b} {d.day}, {d.year}",
    "section_date_pipes": lambda d: f"Markets | {d:%B} {d.day}, {d.year} | 6:23 PM EST",
    "outlet_caps_pipe": lambda d: f"JANE MARLOW FOR THE DAILY PLANET | {d:%b} {d.day}, {d.year}",
    "ordinal_dmy": lambda d: f"{d.day}{_ordinal(d.day)} {d:%B} {d.year}",
    "by_role_pipe": lambda d: f"By Jane Marlow | Staff writer | {_abbr(d)} {d.day}, {d.year}",
    "name_reporter_pipe": lambda d: f"Jane Marlow, Reporter | {d:%b} {d.day}, {d.year}",
    "date_wire_credit": lambda d: f"{d:%B} {d.day}, {d.year} (Reuters) -",
}
# The all-numeric forms whose day and month could be either way round, and the order each writes.
SLASHED_ORDER = {"slash_us": "mdy", "slash_dmy": "dmy"}
# A relative time in place of the date states no calendar date: the reader must find none.
RELATIVE_FORMS = ("2 hours ago", "Updated 35 minutes ago", "Published 1 day ago", "Last updated: 3 hours ago")
BODY_FORMS: dict[str, Callable[[dt.date], str]] = {
    "body_dateline": lambda d: f"WASHINGTON, {d:%B} {d.day}, {d.year} — ",
    "body_wire": lambda d: f"NEW YORK, {d:%b}. {d.day}, {d.year} /PRNewswire/ -- ",
    "body_city_state": lambda d: f"SPRINGFIELD, Ill., {_abbr(d)} {d.day}, {d.year} — ",
}


_CLEAN = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_OPENING = re.compile(r"^[A-Z][A-Z.,'’ -]{2,40}(?:\([^()]{1,30}\))?\s*[—–-]+\s*")


def date_variants(item: GoldArticle, path: Path) -> dict[str, tuple[str, str | None]]:
    """The saved text in every date form (and without its date): form -> (text, the date the reader must
    find). The header lines the reader took out that state a date are dropped; the new line goes where the
    first of them stood (a body form opens the first paragraph, in place of its own dateline)."""
    lines = [_CLEAN.sub(" ", ln).strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    stated = {r.text for r in item.article.removed if r.kind in ("dateline", "byline")}
    gold = item.gold.get("published")
    if gold is None or not item.article.paragraphs:
        return {}
    day = dt.date.fromisoformat(str(gold)[:10])
    body_at = next((i for i, ln in enumerate(lines) if ln == item.article.paragraphs[0]), None)
    dated = [i for i, ln in enumerate(lines[:12]) if ln in stated and re.search(r"\b\d{4}\b", ln)]
    if body_at is None or not dated or max(dated) > body_at:
        return {}
    kept = [ln for i, ln in enumerate(lines) if i not in dated]
    body_at -= len(dated)
    at = dated[0]
    out: dict[str, tuple[str, str | None]] = {"removed": ("\n\n".join(kept), None)}
    for form, render in DATE_FORMS.items():
        text = "\n\n".join([*kept[:at], render(day), *kept[at:]])
        order = SLASHED_ORDER.get(form)
        if order is not None and day.day <= 12 and day.day != day.month:
            # "04/03/2019" with no clock or zone beside it: read the way the page writes its dates, none when
            # the page does not tell; a page that writes them the other way round would not print this form
            page = date_order(text)
            if page not in (order, None):
                continue
            out[form] = (text, day.isoformat() if page == order else None)
            continue
        out[form] = (text, day.isoformat())
    # the same date line above the headline, and as the last header line right above the story
    out["above_headline"] = ("\n\n".join([DATE_FORMS["date_only_mdy"](day), *kept]), day.isoformat())
    out["above_headline_dated"] = ("\n\n".join([DATE_FORMS["share_label_date"](day), *kept]), day.isoformat())
    out["above_story"] = ("\n\n".join([*kept[:body_at], DATE_FORMS["posted_at"](day), *kept[body_at:]]),
                          day.isoformat())
    for n, line in enumerate(RELATIVE_FORMS):
        out[f"relative_{n}"] = ("\n\n".join([*kept[:at], line, *kept[at:]]), None)
    for form, render in BODY_FORMS.items():
        body = list(kept)
        body[body_at] = render(day) + _OPENING.sub("", body[body_at])
        out[form] = ("\n\n".join(body), day.isoformat())
    return out


def run_dates(items: Sequence[GoldArticle], misses: str) -> None:
    """Per date form: the reader finds the stated day (or, removed, no day at all)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    used = 0
    for item in items:
        if item.gold.get("reader") != "text":
            continue
        path = ROOT / item.article.file
        variants = date_variants(item, path)
        used += bool(variants)
        for form, (text, want) in variants.items():
            article = parse_text(text, item.article.file, "variant")
            got = article.published[:10] if article.published and article.published_from == "stated" else None
            ok = got == want
            tally[form][0] += ok
            tally[form][1] += 1
            if not ok and misses in (form, "all", "dates"):
                print(f"    [{form}] {item.name}: {got!r} != {want!r}")
    print(f"publication date variants, dev/ reader: text files that state a date ({used} files)")
    right = sum(t[0] for t in tally.values())
    count = sum(t[1] for t in tally.values())
    for form, (ok, n) in tally.items():
        print(f"  {form:22} {ok / n:.3f} ({ok}/{n})")
    print(f"  {'all forms':22} {right / count if count else 1:.3f} ({right}/{count})")


# The forms a stated date takes in a sentence of the body (run through extract/dates.py's finder).
PROSE_FORMS: dict[str, Callable[[dt.date], str]] = {
    "mdy": lambda d: f"{d:%B} {d.day}, {d.year}",
    "mdy_abbr": lambda d: f"{_abbr(d)} {d.day}, {d.year}",
    "dmy": lambda d: f"{d.day} {d:%B} {d.year}",
    "dmy_comma": lambda d: f"{d.day} {d:%B}, {d.year}",
    "ordinal": lambda d: f"{d:%B} {d.day}th, {d.year}",
    "of_month": lambda d: f"the {d.day}th of {d:%B}, {d.year}",
    "no_comma": lambda d: f"{d:%B} {d.day} {d.year}",
    "weekday": lambda d: f"{d:%A}, {d:%B} {d.day}, {d.year}",
}


def _ordinal(day: int) -> str:
    """The ordinal suffix of a day of the month: "st" for 1, "nd" for 22, "th" for 11."""
    return "th" if 4 <= day <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _abbr(d: dt.date) -> str:
    """The month as AP style abbreviates it: "Jan.", "Sept.", "March", "June"."""
    return {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}.get(d.month, f"{d:%B}")


def run_prose_dates(items: Sequence[GoldArticle], misses: str) -> None:
    """Per form: every full date the body states (day, month, year) rewritten in that form; the finder must
    give the same days, no fewer and no more."""
    from briefsite.extract.dates import find_dates

    print("stated date variants, dev/ bodies (every full date rewritten in one form)")
    total = [0, 0, 0]
    for form, render in PROSE_FORMS.items():
        right = count = extra = 0
        for item in items:
            paragraphs = list(item.article.paragraphs)
            found = find_dates(paragraphs, item.article.published)
            full = [(p, off, f) for p, off, f in found if not f.get("relative") and len(f.get("value") or "") == 10]
            if not full:
                continue
            for p, off, f in sorted(full, key=lambda x: (x[0], -x[1])):
                paragraphs[p] = paragraphs[p][:off] + render(dt.date.fromisoformat(f["value"])) + \
                    paragraphs[p][off + len(f["text"]):]
            want = Counter(f["value"] for _, _, f in full)
            got = Counter(f["value"] for _, _, f in find_dates(paragraphs, item.article.published)
                          if not f.get("relative") and len(f.get("value") or "") == 10)
            right += sum((want & got).values())
            count += sum(want.values())
            extra += sum((got - want).values())
            if want != got and misses in (form, "all", "dates"):
                print(f"    [{form}] {item.name}: missed {sorted((want - got).elements())} "
                      f"extra {sorted((got - want).elements())}")
        total = [total[0] + right, total[1] + count, total[2] + extra]
        print(f"  {form:22} {right / count if count else 1:.3f} ({right}/{count}, {extra} extra)")
    print(f"  {'all forms':22} {total[0] / total[1] if total[1] else 1:.3f} ({total[0]}/{total[1]}, "
          f"{total[2]} extra)")


# Sentences of the body with a date-like string in them, and the stated dates (tests/gold/README.md: month and
# year, or day, month and year) each must add: a range is its first day, a date in a URL, a file name or a
# version number is no stated date, a relative time is none, a date inside a quote is still stated.
PROSE_TRAPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The festival runs March 3-5, 2019, in the old mill.", ("2019-03-03",)),
    ("The March 2019 report found no fault with the crew.", ("2019-03",)),
    ("The filing is posted at https://example.com/news/2019/03/04/acme-files.html for anyone.", ()),
    ("Reporters were sent report-2019-03-04.pdf by the agency.", ()),
    ("Version 2019.03.04 of the app shipped without the feature.", ()),
    ("She said: “We signed on March 4, 2019, and never looked back at all.”", ("2019-03-04",)),
    ("The statement was posted 2 hours ago on the company's site.", ()),
    ("The 10th anniversary of the March 4, 2009 flood passed quietly.", ("2009-03-04",)),
    # added in session 8: a weekday and a time, a day with no month, a date with no year
    ("The vote is set for Tuesday at 10 a.m. in the old hall.", ()),
    ("Tickets went on sale on the 3rd and sold out by noon.", ()),
    ("Doors open at 7:30 p.m. on Friday, March 8, at the mill.", ()),
)
# Paragraphs a saved page carries besides the story (added in session 9), each appended as a paragraph of its
# own, and what the gold counts (tests/gold/README.md): a line that is only a date line of the page (its updated
# stamp repeated, a comment's timestamp, a related story's title and date) states no date of the story; a
# copyright year is a bare year; a caption, a sentence about the article's first printing and an embedded
# post's signature are text that states its date (dev/'s gold counts the embedded posts' dates).
PARAGRAPH_TRAPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Updated Nov. 3, 2019 at 6:23 p.m. ET", ()),
    ("Jane Marlow says: March 5, 2019 at 9:10 am", ()),
    ("Acme opens a plant in Ohio — March 5, 2019", ()),
    ("Related: Acme opens a plant in Ohio | Mar 5, 2019", ()),
    ("© 2019 Acme Media. All rights reserved.", ()),
    ("Copyright 2019 Acme Media Group", ()),
    ("A worker walks past the plant in Ohio on March 5, 2019. (Jane Marlow/Acme Photo)", ("2019-03-05",)),
    ("This article was originally published on March 5, 2019.", ("2019-03-05",)),
    ("— Jane Marlow (@jmarlow) March 5, 2019", ("2019-03-05",)),
    ("The plant opens on Tuesday, the company said.", ()),
)


def run_prose_traps(items: Sequence[GoldArticle], misses: str) -> None:
    """Per trap sentence, appended to every dev/ body's last paragraph: the finder adds exactly its dates."""
    from briefsite.extract.dates import find_dates

    def stated(paragraphs: list[str], published: str | None) -> Counter[str]:
        return Counter(f["value"] for _, _, f in find_dates(paragraphs, published)
                       if not f.get("relative") and len(f.get("value") or "") >= 7)

    print("in-sentence date traps, dev/ bodies (one sentence appended)")
    right = count = 0
    for sentence, want in PROSE_TRAPS:
        ok = 0
        for item in items:
            paragraphs = list(item.article.paragraphs)
            before = stated(paragraphs, item.article.published)
            paragraphs[-1] = f"{paragraphs[-1]} {sentence}"
            added = stated(paragraphs, item.article.published) - before
            good = added == Counter(want)
            ok += good
            if not good and misses in ("all", "dates"):
                print(f"    [trap] {item.name}: {sentence[:40]!r}: added {sorted(added.elements())}")
        right, count = right + ok, count + len(items)
        print(f"  {sentence[:48]:50} {ok / len(items):.3f} ({ok}/{len(items)})")
    print(f"  {'all traps':50} {right / count:.3f} ({right}/{count})")
    print("page lines, dev/ bodies (one paragraph appended)")
    right = count = 0
    for line, want in PARAGRAPH_TRAPS:
        ok = 0
        for item in items:
            paragraphs = list(item.article.paragraphs)
            before = stated(paragraphs, item.article.published)
            added = stated([*paragraphs, line], item.article.published) - before
            good = added == Counter(want)
            ok += good
            if not good and misses in ("all", "dates"):
                print(f"    [page line] {item.name}: {line[:40]!r}: added {sorted(added.elements())}")
        right, count = right + ok, count + len(items)
        print(f"  {line[:48]:50} {ok / len(items):.3f} ({ok}/{len(items)})")
    print(f"  {'all page lines':50} {right / count:.3f} ({right}/{count})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--quotes", action="store_true", help="quote variants only")
    parser.add_argument("--dates", action="store_true", help="date variants only")
    parser.add_argument("--swap", action="store_true", help="swap speakers' names for made-up names of other shapes")
    parser.add_argument("--forms", default="", help="comma-separated forms (default: all)")
    parser.add_argument("--misses", default="", help="list the misses of one form ('all' for every form)")
    args = parser.parse_args()
    items = load_gold(ROOT / "tests" / "gold", "dev")
    if not args.quotes:
        run_dates(items, args.misses)
        run_prose_dates(items, args.misses)
        run_prose_traps(items, args.misses)
    if not args.dates:
        wanted = [f for f in args.forms.split(",") if f]
        forms = wanted or (list(SWAP_FORMS) if args.swap else [*PERSON_FORMS_ALL, *ORG_FORMS_ALL])
        run_quotes(items, forms, args.swap, args.misses, load_model(args.model))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
