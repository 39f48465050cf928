"""Whether a name the text uses is a place: the gazetteer's knowledge (GeoNames, ISO 3166) weighed with the words
around each mention and the model's label, never one of them alone.

- A name the model calls a place that the gazetteer does not know ("Weibo", "Coupe", a pet's name) stays a place
  only when some mention of it has a place context: "in/near/across (the) X", "X, <known place>", "X-based",
  "X County", a wire place line, a list of places.
- A name the model calls an organization or a person that the gazetteer knows ("Spokane", "Frankfurt") becomes a
  place when a mention has a place context and none has an organization's or a person's ("X said", "X's CEO",
  "a stake in X", "X shares fell"); the place after an institution and a comma ("the University of Hamelin,
  Trondheim,") is where the institution is, whatever cue the label had;
  a country, US state or city of a million ("Darnah's demands" read as a person) needs no place context, only
  no such sign against it.
- "Osun State", "Logar Province": a known subdivision with its kind after it is a place whatever the label.
- A run of capitalised words the model tagged as nothing that the gazetteer knows whole ("Palo Alto") is a place
  when a mention of it has a place context, or when it is a country or US state written in full; one decision
  per name per article (`unlabelled_places`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from briefsite.extract import canonical as canon
from briefsite.extract.canonical import ORG, PERSON, PLACE, PRODUCT, Mention
from briefsite.extract.gazetteer import KIND_SUFFIXES, is_country_or_state, is_known_place, is_major_place
from briefsite.extract.names import is_given_name

NOT_PLACE = "MISC"  # the label a mention dropped as a place gets: listed nowhere

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w.'’-]*){0,3}"
# "in X", "across the X", "in China's X"; not in a title's run of capitalised words ("10 Things in Tech")
_PREPOSITION_BEFORE = re.compile(
    r"(?:^|(?:(?P<prev2>\S+)\s+)?(?P<prev>\S+)\s+)(?:in|near|outside|across|throughout|atop|into|within|around|inside)\s+(?:the\s+)?"
    rf"(?:(?P<owner>{_NAME})['’]s\s+)?$")
# "the capital X", "the city of X", "President Jane Roe of X", "the government of X": a noun that governs a place
_GOVERNED_BEFORE = re.compile(
    r"\b(?:(?:capital|city|town|village|province|state|country|nation|region|island|port)(?:\s+of)?"
    r"|(?:government|people|citizens|residents|economy|outskirts|coast|streets|north|south|east|west|mayor|"
    r"governor|president|ambassador|embassy|capital|rest|parts)\s+of"
    r"|(?:President|Prime Minister|King|Queen|Emir|Governor|Mayor)\s+(?:[A-Z][\w.'’-]*\s+){1,3}of)\s+(?:the\s+)?$")
_STAKE_WORDS = frozenset({"shares", "stake", "stakes", "stock", "holding", "holdings"})
_COMMA_PLACE_AFTER = re.compile(rf"^,\s+(?P<place>{_NAME})(?=\s*(?:[,.;:)—–-]|\(|$|\s+[a-z]))")
_COMMA_PLACE_BEFORE = re.compile(rf"(?P<place>{_NAME}),\s+$")
# "the University of Hamelin, Trondheim,": an institution, then the place it is in (an affiliation or address)
_INSTITUTION_BEFORE = re.compile(
    r"\b(?:University|Institute|College|Hospital|School|Centre|Center|Laborator(?:y|ies)|Museum|Academy|"
    r"Observatory|Clinic)(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?,\s+$")
_COORDINATED_AFTER = re.compile(rf"^,?\s+(?:and|or)\s+(?P<place>{_NAME})")
_COORDINATED_BEFORE = re.compile(rf"(?P<place>{_NAME}),?\s+(?:and|or)\s+$")
_KIND_AFTER = re.compile(r"^(?:-based\b|\s+(?:County|Province|State|Region|District|counties|provinces|states|"
                         r"county|province|region|district|area)\b)")
_CLOSES = re.compile(r"^\s*(?:[,.;:)]|$)")
# what a place is never said to do or have
_AGENT_AFTER = re.compile(r"^(?:['’]s?\s+(?:[a-z]+\s+)?(?:CEO|chief|president|founder|shares|stock|spokes\w+|"
                          r"employees|executives?|board|users|customers)\b|\s+(?:said|says|told|Inc|Corp|Ltd)\b)")
# what the text says only of a company, never of a place: its shares, stake, leaders and owners as possessions
# or modifiers ("Acme's shares", "Acme shares fell", "a stake in Acme", "built by Acme"); narrower than
# names.org_signs, whose "officials", "customers in" or "headquarters" are said of places too
_FIRM_AFTER = re.compile(
    r"^['’]s?\s+(?:(?:own|new|latest|former)\s+)?(?:shares|stock(?!\s+(?:market|exchange))|stake|share price|"
    r"market (?:value|cap\w*)|valuation|IPO|dividends?|quarterly (?:results|earnings|profit)|CEO|CFO|COO|"
    r"chief executive|chairman|chairwoman|board of directors|shareholders|subscribers|app)\b"
    r"|^\s+(?:shares|stock|shareholders)\s+(?:rose|fell|jumped|dropped|slid|gained|climbed|tumbled|soared|sank|"
    r"closed|ended|were|are|have)\b")
_FIRM_BEFORE = re.compile(
    r"\b(?:(?:shares|stock|stake|stakes|shareholders|subsidiary|CEO|chief executive)\s+(?:of|in)|"
    r"(?:acquired|owned|bought|built|made|manufactured|developed)\s+by|"
    r"(?:analysts?|jobs?|works?|worked|employees|executives?|engineers?)\s+at)\s+(?:the\s+)?$", re.IGNORECASE)
_DIRECTION = re.compile(r"^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Inner|Outer|Upper|"
                        r"Lower|Greater|Northeast|Northwest|Southeast|Southwest)(?:ern)?\s+(?P<rest>.+)$")
_KIND_IN_NAME = re.compile(r"\s(?:[Pp]rovince|[Cc]ounty|[Ss]tate|[Rr]egion|[Dd]istrict|[Pp]refecture)$")
_KIND_SUFFIX = re.compile(rf"\s(?:{'|'.join(sorted(KIND_SUFFIXES))})$")  # "Osun State"


def known(name: str, body: str = "") -> bool:
    """True when the gazetteer knows `name`, its canonical spelling ("U.S."), or the place a direction word
    qualifies ("West Michigan", "Inner Mongolia")."""
    if is_known_place(name) or name.lower() in canon.PLACE_ALIASES or name in canon.STATE_ABBREVIATIONS:
        return True
    spelled = canon.place_name(name, body)
    if spelled != name and is_known_place(spelled):
        return True
    direction = _DIRECTION.match(name)
    if direction and is_known_place(direction.group("rest")):
        return True
    parts = name.split(", ")  # "Washington, D.C.", "Tacoma, Washington": a place and the place it is in
    return len(parts) == 2 and all(known(part, body) for part in parts)


def place_context(before: str, after: str, body: str = "", places: Collection[str] = ()) -> bool:
    """True when the words around a mention say it names a place (`before`/`after`: its paragraph's text up
    to and from the mention); a name it is joined to ("X, Y", "X and Y") is a place when the gazetteer knows it
    or it is in `places` (the names the model labelled places in the text)."""
    prep = _PREPOSITION_BEFORE.search(before[-80:])
    if prep and not _in_title(prep.group("prev2"), prep.group("prev")) \
            and (prep.group("prev") or "").lower() not in _STAKE_WORDS:  # "a stake in X": a company
        return True
    comma = _COMMA_PLACE_AFTER.match(after)
    if comma and (comma.group("place") in places or known(comma.group("place"), body)):
        return True
    seat = _COMMA_PLACE_BEFORE.search(before[-60:]) if _CLOSES.match(after) else None
    if seat and (seat.group("place") in places or known(seat.group("place"), body)):
        return True  # "Varrick Springs, Norvik Bay," / "Springfield, Illinois."
    if _KIND_AFTER.match(after) or _GOVERNED_BEFORE.search(before[-80:]) \
            or (_INSTITUTION_BEFORE.search(before[-80:]) and _CLOSES.match(after)):
        return True
    other = _COORDINATED_AFTER.match(after) or _COORDINATED_BEFORE.search(before[-60:])
    return bool(other and (other.group("place") in places or known(other.group("place"), body)))


def _in_title(prev2: str | None, prev: str | None) -> bool:
    """True when the word before a preposition is capitalised inside a sentence, as in a title or a name ("10 Things
    in", "the Museum in"); not a sentence's first word ("Farmers near")."""
    if prev is None or not prev[:1].isupper() or prev.endswith((".", ":", ",", '"', "”")):
        return False
    return prev2 is not None and not prev2.endswith((".", "!", "?", ":", '"', "”"))


def firm_context(before: str, after: str) -> bool:
    """True when the words around a mention say it is a company ("a stake in X", "X's shares", "X shares fell")."""
    return bool(_FIRM_AFTER.match(after) or _FIRM_BEFORE.search(before[-60:]))


def agent_context(after: str) -> bool:
    """True when the words after a mention say it acts or owns like an organization or a person."""
    return bool(_AGENT_AFTER.match(after))


def settle_places(mentions: Sequence[Mention], paragraphs: Sequence[str], body: str) -> None:
    """Relabel, in place, the mentions of each name (grouped as `canonical.vote_labels` groups them) by the
    gazetteer and the context of all its mentions; see the module's docstring."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    labelled = {m.text for m in mentions if m.label == PLACE}
    for m in mentions:
        groups[canon.key(m.text)].append(m)
    for group in groups.values():
        votes: dict[str, float] = defaultdict(float)
        for m in group:
            votes[m.label] += m.votes
        winner = max(votes, key=lambda label: votes[label])
        if winner not in (PLACE, ORG, PERSON, PRODUCT):
            continue
        is_known = any(known(m.text, body) for m in group)
        contexts = [_around(m, paragraphs) for m in group]
        # "Tressingham province", "Osun State": the kind word inside the model's span
        placed = any(_KIND_IN_NAME.search(m.text) for m in group) \
            or any(place_context(b, a, body, labelled) for b, a in contexts)
        firm = any(firm_context(b, a) for b, a in contexts)
        if winner == PLACE:
            # a cue the mention rules already weighed (a place line, "the city of X") counts as context
            cued = placed or any(m.label == PLACE and m.votes > 1.0 for m in group)
            if not is_known and not cued:
                for m in group:
                    if m.label == PLACE:
                        m.label = NOT_PLACE
            continue
        if not is_known or firm or any(agent_context(a) for _, a in contexts):
            continue
        suffixed = any(_KIND_SUFFIX.search(m.text) for m in group)
        # "the University of Hamelin, Trondheim,": where an institution is, however the label was cued
        addressed = any(_INSTITUTION_BEFORE.search(b[-80:]) and _CLOSES.match(a) for b, a in contexts)
        strong = any(m.votes >= 2.0 for m in group if m.label != PLACE)
        # a country, US state or city of a million is a place the model misread unless the text says otherwise
        major = winner in (ORG, PERSON) and any(is_major_place(m.text) for m in group)
        if suffixed or addressed or ((placed or major) and not strong):
            for m in group:
                m.label, m.votes = PLACE, max(m.votes, 2.0)


def _around(m: Mention, paragraphs: Sequence[str]) -> tuple[str, str]:
    text = paragraphs[m.paragraph] if 0 <= m.paragraph < len(paragraphs) else ""
    if text[m.start:m.end] != m.text and m.text not in text[m.start:m.end]:
        return "", ""  # a mention whose offsets do not hold its text (a joined or rewritten name)
    return text[:m.start], text[m.end:]


# a run of capitalised words ("Palo Alto", "McAllen"), not glued to a longer token, a hyphenated name or a domain
_RUN = re.compile(r"(?<![\w@#&/.'’-])[A-Z][^\W\d_]*[a-z][^\W\d_]*(?:\s[A-Z][^\W\d_]*[a-z][^\W\d_]*)*"
                  r"(?![\w&]|[-–][A-Z\d]|\.[A-Za-z])")
# capitalised function words that open a sentence before a name ("In Irvine, ..."), and those among them that say
# a place follows
_LEADING = frozenset({"The", "A", "An", "And", "But", "Or", "So", "Yet", "In", "At", "On", "For", "From", "To", "By",
                      "With", "Near", "Outside", "Across", "Throughout", "Inside", "Around", "Within", "Of", "As",
                      "Then", "Now", "When", "While", "After", "Before", "Since", "If"})
_LEADING_IN = frozenset({"In", "Near", "Outside", "Across", "Throughout", "Inside", "Around", "Within"})
# "Bank of America", "University of Texas": a place after "<Name> of" is part of a longer name
_NAME_OF_BEFORE = re.compile(r"[A-Z][\w.&'’-]*\s+(?:of|for|de)\s+(?:the\s+)?$")
# what a team named by its place does, never the place ("Denver beat Utah", "Denver (5-3)")
_TEAM_AFTER = re.compile(r"^\s+(?:beat|beats|defeated|defeats|edged|routed|rallied|won|wins|lost|loses|scored|"
                         r"trails|trailed)\b|^\s*\(\d+-\d+")
# "flew to X", "a letter from X": a direction, weaker than "in X" (a person is written to or from too), so never for
# a given name
_TOWARD_BEFORE = re.compile(r"(?<![A-Z][\w.'’-])\s(?:from|to|toward|towards)\s+$")
# a lowercase kind word after an unknown name: "the Saemangeum area", "the Kelvan valley"
_KIND_WORD_AFTER = re.compile(r"^\s+(?:area|region|province|county|district|prefecture|valley|basin|peninsula|"
                              r"coast|islands?)\b")
_SENTENCE_OPENING = " \"“”‘’'([—–-"


@dataclass(frozen=True)
class Unlabelled:
    """A run of capitalised words no entity covers that the gazetteer knows (offsets in the sentence); `placed`
    when this mention alone says it is a place."""

    start: int
    end: int
    name: str
    placed: bool


def unlabelled_places(text: str, taken: Sequence[tuple[int, int]], body: str = "",
                      places: Collection[str] = ()) -> list[Unlabelled]:
    """The gazetteer's names in `text` (a sentence) that no span in `taken` touches: whole runs of capitalised
    words, never a month or a run after "<Name> of", never a name its context makes an agent, a team or a firm.
    A one-word name the text also writes in lowercase is a common word ("Federal", "Police", "Turkey"). `placed`
    needs a place context (see `place_context`; "In X" opening a sentence counts), or a country or US state
    written in full that is not a given name."""
    out: list[Unlabelled] = []
    for run in _RUN.finditer(text):
        start, words = run.start(), run.group(0).split()
        while words and words[0] in _LEADING:
            start += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        end = start + len(name)
        if name in canon.CALENDAR_WORDS or any(a < end and start < b for a, b in taken):
            continue
        before, after = text[:start], text[end:]
        if not known(name, body):
            if _KIND_WORD_AFTER.match(after):  # "the Saemangeum area": a place no gazetteer lists, by its kind
                out.append(Unlabelled(start, end, name, True))
            continue
        if _NAME_OF_BEFORE.search(before) or agent_context(after) or _TEAM_AFTER.match(after) \
                or firm_context(before, after):
            continue
        if " " not in name and re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", body or text):
            continue  # "in Federal court", "Police said": a word the text also writes in lowercase
        opened_in = not text[:run.start()].strip(_SENTENCE_OPENING) and run.group(0).split()[0] in _LEADING_IN
        given = " " not in name and is_given_name(name)
        placed = opened_in or place_context(before, after, body, places) \
            or (not given and bool(_TOWARD_BEFORE.search(before[-40:])))
        if not placed and (is_country_or_state(name) or name.lower() in canon.PLACE_ALIASES):
            placed = not given
        out.append(Unlabelled(start, end, name, placed))
    return out
