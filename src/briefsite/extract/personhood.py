"""Which names the text itself treats as people. The small model labels the same surname a person in one
sentence and an organization in the next; the text around the name settles it: a title right before it
("deputy director of public prosecutions, Eva-Marie Persson"), a family word after its possessive ("Roe's
wife"), "he"/"she" standing for it (the name opens a sentence that, or whose next sentence, says "she"), an age
after it ("Jane Roe, 45,"), and the text calling it by its last word alone later ("Jane Roe" ... "Roe said"): news
writing names a person in full once and by surname after, an organization by its first word or initials.
Organizations get none of these."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefsite.extract.canonical import (
    KNOWN_ORGS,
    ORG,
    PERSON,
    PLACE,
    PRODUCT,
    Mention,
    key,
    org_suffix,
    without_titles,
)
from briefsite.read.models import Sentence

# a name's shape: one to three capitalised words (hyphens and apostrophes inside, initials allowed)
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|(?:[A-Z]\.){1,3})"  # initials run together too: "J.D."
_NAME_SHAPE = re.compile(rf"(?=.*[a-z]){_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}")
_FAMILY_AFTER = re.compile(r"^['’]s?\s+(?:(?:own|late|former|estranged|eldest|youngest|[a-z]+-year-old)\s+)?"
                           r"(?:wife|husband|son|sons|daughter|daughters|children|child|kids|mother|father|parents|"
                           r"brother|sister|family|widow|grandson|granddaughter|fiancée?|girlfriend|boyfriend)\b")
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.I)
_PRONOUN_OR_POSSESSIVE = re.compile(r"\b(?:he|she|his|her)\b", re.I)  # organizations take "it" and "its"
_OPENS_WITH_PRONOUN = re.compile(r"^\W*(?:He|She)\b")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_QUOTED = re.compile(r"[\"“][^\"“”]*(?:[\"”]|$)")
_AGE_AFTER = re.compile(r"^,\s+\d{1,3},")
_WHO_AFTER = re.compile(r"^,\s+who\b")  # "Jane Roe, who runs the shop": organizations take "which" or "that"
# an appositive whose head noun has the shape of a noun for a person ("Jane Roe, the cat's original owner", ",
# a NASA planetary scientist who"): -er, -or, -ist, -ian, -ant, -ent, -man, -woman, -person; not the nouns for a
# kind of organization with that shape (retailer, publisher, government: _ORG_NOUN)
_PERSON_APPOSITIVE = re.compile(
    r"^,\s+(?:(?:a|an|the|his|her|their)\s+|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}['’]s\s+)(?:[\w'’-]+\s+){0,3}?"
    r"(?P<head>[a-z]+(?:er|or|ist|ian|ant|ent|man|woman|person))"
    r"(?=\s*[,.;]|\s*$|\s+(?:at|of|for|with|who|in|on|from)\b)")
# ... or a bare job noun with the place of the job after it (", director at Acme", ", founder of Acme")
_BARE_JOB_APPOSITIVE = re.compile(r"^,\s+(?:[a-z][\w'’-]*\s+){0,2}?(?P<head>[a-z]+(?:er|or|ist|ian|ant|ent))"
                                  r"\s+(?:at|of|for|with)\s+(?:the\s+)?[A-Z]")
_ORG_NOUN = re.compile(r".*(?:ment|maker|retailer|lender|insurer|publisher|broadcaster|developer|operator|"
                       r"provider|producer|manufacturer|distributor|supplier|carrier|owner of|center|theater|"
                       r"computer|paper|newspaper|department|parent)$")
_SURNAME = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")
# what may stand right before a surname used alone: not a capitalised word (then it is part of a longer name or
# has a title: "Mr. Roe", "Acme Roe") and not "the" ("the Lakers"); a sentence's end is no name
_NAME_OR_THE_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Sgt|Lt|Col|Capt|Prof|St)\.|"
                                 r"[A-Z]\.|[Tt]he)\s+$")  # not "... the Rockets. Roe had"


def person_evidence(mentions: Sequence[Mention], sentences: Sequence[Sentence], paragraphs: Sequence[str],
                    titled: Sequence[bool]) -> Counter[str]:
    """How often the text treats each name-shaped mention key as a person (`titled[i]`: mention i has a
    title right before it)."""
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_sentence[m.sentence].append(m)
    texts = {s.index: s for s in sentences}
    evidence: Counter[str] = Counter()
    reused: dict[str, int] = {}
    with_the: dict[str, bool] = {}
    text = index_text(paragraphs)
    for i, m in enumerate(mentions):
        if not _NAME_SHAPE.fullmatch(m.text) or m.text in KNOWN_ORGS or org_suffix(m.text):
            continue
        paragraph = paragraphs[m.paragraph] if m.paragraph < len(paragraphs) else ""
        if _THE_BEFORE.search(paragraph[max(0, m.start - 4): m.start]) or _inside_quote(paragraph, m.start):
            continue  # "the Gateway" is no one's name; a name inside a quote is the speaker's words
        k = key(m.text)
        if titled[i]:
            evidence[k] += 1
        if k not in with_the:
            with_the[k] = _used_with_the(m.text, text)
        if not with_the[k]:  # "the surging Acme Lakers, who ...": a team or a firm, whatever follows
            evidence[k] += _apposed_as_person(paragraph[m.end: m.end + 120])
            if k not in reused and " " in m.text:
                reused[k] = _surname_reused(m.text, text)
                evidence[k] += reused[k]
        if _FAMILY_AFTER.match(paragraph[m.end: m.end + 40]):
            evidence[k] += 1
        sentence = texts.get(m.sentence)
        if sentence is None:
            continue
        here = sorted(by_sentence[m.sentence], key=lambda x: x.start)
        others = {x.text for x in here if x.label == PERSON and x.text != m.text and x.start != m.start}
        if here[0] is not m or others:
            continue  # only the first name of a sentence that names no other person
        narrative = _QUOTED.sub(lambda q: " " * len(q.group(0)), sentence.text)
        after = narrative[m.end - sentence.start:]
        following = texts.get(m.sentence + 1)
        if _PRONOUN.search(after) or (following is not None and _OPENS_WITH_PRONOUN.match(following.text)):
            evidence[k] += 1
    return evidence


def _apposed_as_person(after: str) -> int:
    """1 when what follows a name says it is a person: an age (", 45,"), "who", or a noun for a person."""
    if _AGE_AFTER.match(after) or _WHO_AFTER.match(after):
        return 1
    appositive = _PERSON_APPOSITIVE.match(after) or _BARE_JOB_APPOSITIVE.match(after)
    return int(appositive is not None and not _ORG_NOUN.fullmatch(appositive.group("head")))


# (the lowercase words between "the" and the name are its modifiers, not a preposition ending the phrase: "the
# animal to Teodor Roe")
_THE_RUN = re.compile(r"\b[Tt]he\s+(?:(?!(?:to|of|for|from|with|by|at|in|on|into|onto|and|or|than|as|about)\s)"
                      r"[a-z][\w-]*\s+){0,2}(?P<run>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
# what follows a name used as a noun phrase of its own, not as a modifier ("the Roe family")
_OWN_PHRASE_AFTER = re.compile(r"\s*[,.;:)?!]|\s*$|\s+(?:have|has|had|is|are|was|were|will|would|won|lost|beat|said|"
                               r"say|says|in|on|at|to|of|for|with|who|which|that)\b")
_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?![\w-])")
_LOWERCASE = re.compile(r"(?<![\w-])[a-z][\w'’]*(?![\w-])")
_CAPITAL_NEXT = re.compile(r"\s+[A-Z]")


@dataclass
class TextIndex:
    """What the name signs look up in an article's text, gathered in one pass: the words it writes in lowercase,
    where each capitalised word stands, and the names it writes after "the" as a noun phrase of their own."""

    paragraphs: Sequence[str]
    lowercase: set[str] = field(default_factory=set)
    capitalised: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)
    with_the: set[str] = field(default_factory=set)


def index_text(paragraphs: Sequence[str]) -> TextIndex:
    """The TextIndex of `paragraphs`."""
    index = TextIndex(paragraphs)
    for p, text in enumerate(paragraphs):
        index.lowercase.update(m.group(0) for m in _LOWERCASE.finditer(text))
        for m in _CAPITALISED.finditer(text):
            index.capitalised.setdefault(m.group(0), []).append((p, m.start(), m.end()))
        for m in _THE_RUN.finditer(text):
            if _OWN_PHRASE_AFTER.match(text, m.end()):
                index.with_the.add(re.sub(r"['’]s?$", "", m.group("run")))
    return index


def _used_with_the(name: str, text: TextIndex) -> bool:
    """The text writes the name, or its last word, after "the" as a noun phrase of its own ("the Lakers won",
    "the surging Acme Lakers."), not as a modifier ("the Roe family", "the Roe and Doe reports"): no person's name
    takes an article."""
    return name in text.with_the or name.split()[-1] in text.with_the


def _surname_reused(name: str, text: TextIndex) -> int:
    """1 when the last word of a two- or three-word name stands alone somewhere in the text ("Roe said"), 2 when
    "he" or "she" follows it in the same sentence ("Roe said she would"); 0 when the text also writes the word
    in lowercase (a common word: "Capital One" ... "one")."""
    words = name.split()
    last = words[-1]
    if len(words) > 3 or not _SURNAME.fullmatch(last) or last.lower() in text.lowercase:
        return 0
    found = 0
    for p, start, end in text.capitalised.get(last, []):
        paragraph = text.paragraphs[p]
        if _CAPITAL_NEXT.match(paragraph, end) or _NAME_OR_THE_BEFORE.search(paragraph[max(0, start - 40): start]) \
                or _inside_quote(paragraph, start):
            continue
        rest = _QUOTED.sub(" ", re.split(r"[.!?](?:\s|$)", paragraph[end:], maxsplit=1)[0])
        found = max(found, 2 if _PRONOUN_OR_POSSESSIVE.search(rest) else 1)
    return found


def _inside_quote(paragraph: str, offset: int) -> bool:
    """An odd number of quotation marks before `offset` in its paragraph."""
    before = paragraph[:offset]
    return (before.count('"') + before.count("“") + before.count("”")) % 2 == 1


def relabel_people(mentions: Sequence[Mention], evidence: Counter[str]) -> None:
    """Names with two signs of a person, or one sign and a person label from the model somewhere, are people
    in every mention. A full name and its surname alone ("Eva-Marie Persson", "Persson") pool their signs."""
    model_person = {key(m.text).split()[-1] for m in mentions if m.label == PERSON and key(m.text)}
    by_surname: Counter[str] = Counter()
    for k, n in evidence.items():
        if k:
            by_surname[k.split()[-1]] += n
    for m in mentions:
        k = key(m.text)
        if not k or not evidence[k]:
            continue
        signs = by_surname[k.split()[-1]]
        if m.label in (ORG, PLACE, PRODUCT) and (signs >= 2 or (signs >= 1 and k.split()[-1] in model_person)):
            m.label, m.votes = PERSON, 3.0
            # "Justice Ilse Roe" read as an organization kept its title: a person's name has none
            name = without_titles(m.text)
            m.start, m.text = m.start + len(m.text) - len(name), name
