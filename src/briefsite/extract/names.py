"""Name evidence: is a name a person's or an organization's? The small model guesses from a name's shape, so
"Northrop Grumman" reads as a person and "Britney Spears" as a firm. Two kinds of evidence sit beside its label:
the field's reference data (given names from the 1990 US Census lists shipped by the `names` package, about
3,300 names once the rarest are left out; company legal forms from cleanco: Inc, GmbH, S.A., Oyj, ...) and what the
article says of the name over all its mentions ("X's shares", "analysts at X", "X, which"; the person signs of
personhood.py). One decision per name per article; the reference data is one vote, never a word list that
overrides the text."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from briefsite.extract.canonical import (
    CALENDAR_WORDS,
    KNOWN_ORGS,
    ORG,
    ORG_AFTER,
    ORG_KINDS,
    PERSON,
    PLACE,
    Mention,
    key,
    org_suffix,
)
from briefsite.extract.companies import CAMEL_CASE, is_known_company
from briefsite.extract.gazetteer import is_known_place

# the 1990 US Census given-name lists shipped by the `names` package (MIT): one name a line in capitals, then its
# frequency in percent of people, the cumulative frequency and the rank; male 1,219 names, female 4,275
_GIVEN_FILES = ("dist.male.first", "dist.female.first")
# the two rarest steps of the lists (0.001 and 0.002 percent: "Piper", "Dell", about 2,100 of 5,494 names) are
# no evidence: firms are named after rare given names as often as people carry them
_MIN_FREQUENCY = 0.003


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The given names of the 1990 US Census lists (the `names` package's data) that are not among the rarest
    ("Britney", "Howard", "Tommy"; not "Piper" or "Dell"), title-cased, read once per process."""
    found: set[str] = set()
    data = resources.files("names")
    for file in _GIVEN_FILES:
        for line in (data / file).read_text(encoding="ascii").splitlines():
            fields = line.split()
            if len(fields) == 4 and float(fields[1]) >= _MIN_FREQUENCY:
                found.add(fields[0].title())
    return frozenset(found)


def is_given_name(word: str) -> bool:
    """`word` (or the first part of a hyphenated one: "Eva-Marie") is a given name in the reference data."""
    known = given_names()
    return word in known or word.split("-")[0] in known


_NOT_FORMS = frozenset({"private", "unlimited", "company"})  # words, not forms, when written out in English


@lru_cache(maxsize=1)
def _legal_form_re() -> re.Pattern[str]:
    """A name ending in a company legal form from cleanco's list (all countries). Short forms without a point
    ("ag", "sa", "ab") match only as written in capitals ("Siemens AG"), so that no person's or place's last
    word ("Da", "Oy", "Pt") is read as one."""
    from cleanco import termdata

    terms = {t.strip() for ts in termdata.terms_by_type.values() for t in ts}
    terms |= {t.strip() for ts in termdata.terms_by_country.values() for t in ts}
    any_case = [t for t in terms if "." in t or (len(t) >= 4 and t not in _NOT_FORMS)]
    capitals = [t.upper() for t in terms if "." not in t and 2 <= len(t) <= 3]
    titled = [t.title() for t in terms if t in ("oyj", "ltd", "inc", "plc", "bhd", "pty", "llc", "llp")]
    spelled = "|".join(re.escape(t) for t in sorted(any_case, key=len, reverse=True))
    short = "|".join(re.escape(t) for t in sorted({*capitals, *titled}, key=len, reverse=True))
    return re.compile(rf"\s(?:(?i:{spelled})|{short})$")


def legal_form(name: str) -> bool:
    """The name ends in a company's legal form ("Acme GmbH", "Acme S.A.", "Acme Oyj", "Acme Pty Ltd")."""
    return " " in name and bool(_legal_form_re().search(name))


# ... and before it: a job or a stake held at it, being bought or run, a report coming from it
_ORG_BEFORE = re.compile(
    r"\b(?:(?:works?|worked|working|employed|jobs?|analysts?|executives?|engineers?|researchers?|economists?|"
    r"strategists?|directors?|managers?|officials?|employees|staff|partners?|vice president)\s+(?:at|with)|"
    r"(?:directors?|president|head|chief|managers?|partners?|professors?|editors?|correspondents?)\s+(?:of|at)|"
    r"(?:joined|joins|joining|acquired|acquire|acquires|acquiring|bought|buys|buying)|"
    r"(?:shares|stock|stake|shareholders|investors|customers|clients|employees|executives?|CEO|CFO|"
    r"chief executive|chairman|co-?founder|founder|board|subsidiary|unit|division|spokes(?:person|man|woman))"
    r"\s+(?:of|in|at)|"
    r"(?:acquired|owned|bought|operated|made|manufactured|published|developed|issued)\s+by|"
    r"(?:survey|report|study|data|analysis|research|note|filing|memo|forecast)\s+(?:from|by)|"
    r"(?:rivals?|competitors?|peers?)(?:\s+such as|\s+including|\s+like)?)\s+(?:the\s+)?$"
    # the kind of organization right before its name, in lowercase ("construction goods giant Acme")
    rf"|(?:^|[a-z,]\s)(?:{ORG_KINDS}|[a-z]+maker|giant)\s+$")
# "the Acme Roe released a video": a name that takes an article and stands as a noun phrase of its own ("the Roe
# family" is a modifier) names no person
_THE_BEFORE = re.compile(r"(?:^|\s)[Tt]he\s+$")
_OWN_PHRASE_AFTER = re.compile(r"^(?:['’]s?)?(?:\s*[,.;:)?!]|\s*$|\s+(?:have|has|had|is|are|was|were|will|would|"
                               r"said|say|says|and|in|on|at|to|of|for|with|who|which|that|[a-z]+ed)\b)")
_AMPERSAND = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s+&\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_NAME_SHAPE = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*){1,2}")
# last words that name a kind of organization or a place, not a family: "Acme Partners", "Morgan Park"
_KIND_LAST_WORDS = """Park Center Centre Hall Tower Street Avenue Road Square Bridge Station Airport Hospital
    School Church Museum Library Club Team Trust Fund Bank Band Brothers Sisters Project Network Press Times Post
    Journal News Magazine Review Gazette Herald Tribune Daily Weekly Award Awards Prize Festival Cup Games League
    Series Show Foods Wines Farms Motors Media Films Pictures Records Music Books Studios County Island Islands
    Bay River Lake Valley Mountain Mountains Beach Falls Springs Heights Harbor Harbour Port Institute College
    University Foundation"""
_KIND_LAST = frozenset(_KIND_LAST_WORDS.split())
# the last word of a newspaper's, magazine's or news site's name, which no family name takes
_PUBLICATION = re.compile(r"\s(?:Times|Journal|Gazette|Tribune|Herald|Chronicle|Magazine|Inquirer|Bulletin|Dispatch|"
                          r"Courier|Examiner|Post|News|Daily|Weekly|Insider|Science|Telegraph|Guardian|Register|"
                          r"Ledger|Globe|Digest|Mail)$")


def org_signs(name: str, paragraphs: Sequence[str]) -> int:
    """How many times the text, anywhere, writes `name` in a context only an organization takes."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    found = 0
    for paragraph in paragraphs:
        for m in pattern.finditer(paragraph):
            after = paragraph[m.end(): m.end() + 80]
            before = paragraph[max(0, m.start() - 60): m.start()]
            if ORG_AFTER.match(after) or _ORG_BEFORE.search(before) \
                    or (_THE_BEFORE.search(before) and _OWN_PHRASE_AFTER.match(after)):
                found += 1
    return found


# a one-word name the text introduces as a person: a relative's noun before it ("his wife Kali"), "who" or an
# age right after it ("Tommy — who goes by his first name online", "Tommy, 61,")
_RELATIVE_BEFORE = re.compile(r"\b(?:his|her|their|my|our|your)\s+(?:(?:late|former|eldest|youngest|older|younger|"
                              r"twin|[a-z]+-year-old)\s+)?(?:wife|husband|partner|son|daughter|mother|father|brother|"
                              r"sister|mom|dad|grandson|granddaughter|grandmother|grandfather|fiancée?|girlfriend|"
                              r"boyfriend|niece|nephew|cousin|uncle|aunt)\s*,?\s+$")
_WHO_OR_AGE_AFTER = re.compile(r"^(?:,|\s*[—–]|\s+-)\s*(?:who\b|\d{1,3}\s*[,—–])")


def introduced_as_person(paragraph: str, start: int, end: int) -> bool:
    """The text introduces the name at `paragraph[start:end]` as a person: "his wife Kali", "Tommy — who",
    "Tommy, 61,"."""
    return bool(_RELATIVE_BEFORE.search(paragraph[max(0, start - 50): start])
                or _WHO_OR_AGE_AFTER.match(paragraph[end: end + 12]))


# adjectives nameparser lists as titles, which open organization and place names far more often than a person's
_NOT_TITLES = frozenset({"united", "private", "national", "royal", "federal", "state", "high", "grand", "first",
                         "new", "american", "great"})
_TITLED_NAME = re.compile(r"(?<![\w.'’-])(?P<title>[A-Z][a-z]+)\s+(?P<name>(?P<given>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
                          r"(?:\s+[A-Z]\.)?\s+(?P<last>[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*))(?![\w-])")


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Lowercase titles that come before a person's name, from nameparser's list (about 800: "sheriff", "rabbi",
    "detective", "archbishop", ...), less the adjectives that open organization names."""
    from nameparser.config.titles import TITLES

    return frozenset(t for t in TITLES if t.isalpha()) - _NOT_TITLES


def titled_people(text: str, raw: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`raw` (entity spans of `text`: start, end, label) with the people a title marks: "Sheriff Marlow Tessing"
    (a title from nameparser's list, a common given name, a surname) is a person without the title, whatever the
    model tagged there or whether it tagged anything, unless the model reads the whole as a place or a building."""
    out = list(raw)
    for m in _TITLED_NAME.finditer(text):
        title, given, last = m.group("title"), m.group("given"), m.group("last")
        if title.lower() not in titles() or given.lower() in titles() or not is_given_name(given) \
                or last in _KIND_LAST or org_suffix(m.group("name")):
            continue
        start, end = m.span("name")
        inside = [r for r in out if r[0] < end and m.start() < r[1]]
        if any(r[2] not in ("PERSON", "ORG", "NORP") or r[1] > end or r[0] < m.start() for r in inside):
            continue  # "Queen Elizabeth Hospital" read as a building, or a longer name the title is part of
        out = [r for r in out if r not in inside] + [(start, end, "PERSON")]
    # a title the model read as an organization right before a person it found ("Bishop" ORG, "Conrad Kealy")
    return [r for r in out if not (r[2] in ("ORG", "NORP") and text[r[0]:r[1]].lower() in titles() and any(
        p[2] == "PERSON" and p[0] == r[1] + 1 and text[r[1]] == " " for p in out))]


def agree_names(mentions: Sequence[Mention], paragraphs: Sequence[str], person_signs: Counter[str]) -> None:
    """Settle person vs organization once per name over all its mentions: the model's labels are one vote; the
    text's person signs (`person_signs`, by mention key), its organization signs, a legal form and whether the
    first word is a given name are the others. Relabels every mention of a name whose evidence disagrees with
    the model's majority label."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.label in (PERSON, ORG):
            by_key[key(m.text)].append(m)
    places = {key(m.text) for m in mentions if m.label == PLACE}
    lowercase = {w for p in paragraphs for w in re.findall(r"(?<![\w-])[a-z]+(?![\w-])", p)}
    surnames = {m.text.split()[-1] for m in mentions if m.label == PERSON and " " in m.text}
    for k, group in by_key.items():
        text = max((m.text for m in group), key=len)
        if not k or text in KNOWN_ORGS:
            continue
        if legal_form(text) or _AMPERSAND.fullmatch(text):  # "Roe & Doe": a law firm, a bank, a brand
            _relabel(group, ORG)
            continue
        # a listed company ("Northrop Grumman"; a one-word one only when no person in the text carries it as a
        # surname), a brand's inner capital ("SpaceX") or a publication's last word ("Acme Gazette") that the text
        # never treats as a person
        company = CAMEL_CASE.fullmatch(text) is not None or _PUBLICATION.search(text) is not None or (
            is_known_company(text) and (" " in text or text not in surnames))
        if company and not person_signs[k]:
            _relabel(group, ORG)
            continue
        if not _NAME_SHAPE.fullmatch(text):
            continue
        words = text.split()
        votes = {PERSON: 0.0, ORG: 0.0}
        for m in group:
            votes[m.label] += m.votes
        person = person_signs[k]
        given = is_given_name(words[0]) and words[0].lower() not in lowercase
        signs = org_signs(text, paragraphs)
        if votes[PERSON] > votes[ORG]:
            # a "person" the text never treats as one, in an organization's context (two such contexts when
            # its first word is a given name: "Morgan Stanley")
            if not person and signs >= (2 if given else 1):
                _relabel(group, ORG)
        elif signs and not person and not given and k not in places:
            _relabel(group, ORG)  # settled: a lone surname-like fragment ("Roe" in "One Acme Roe") does not undo it
        elif given and not person and not org_suffix(text) and words[-1] not in _KIND_LAST and not signs:
            _relabel(group, PERSON)  # "Britney Spears' new pop-up": a given name, and nothing of a firm


def _relabel(group: Sequence[Mention], label: str) -> None:
    for m in group:
        m.label, m.votes = label, 3.0


# what news writes of an outlet and of no person the model would miss: someone told it, a story is according to
# it or was reported by it, it reported, its staff ("a Acme Science contributor"), the kind of publication or
# service or of a group right before its name ("the journal Acme Letters", "the social network Acme", "the NGO
# Acme Watch")
_OUTLET_BEFORE = re.compile(
    r"\b(?:told|tells|telling|[Aa]ccording to|(?:reported|published|first reported) by|in an interview with|"
    r"(?:report|story|interview|article|investigation|survey|poll) (?:by|from|in|with))\s+(?:the\s+)?$"
    r"|\b(?:the|a|an)\s+(?:(?:news|science|tech|medical|scientific|trade|online|daily|weekly|monthly|social|"
    r"streaming|microblogging|messaging)\s+)?(?:journal|magazine|newspaper|newsletter|tabloid|outlet|website|"
    r"site|wire service|broadcaster|network|platform|app|service|publication|news agency)\s+$"
    # ... or of a group that is no outlet ("the NGO Acme Watch", "the rights group Acme Watch")
    r"|\b(?:the|a|an)\s+(?:(?:human|civil|digital|rights|advocacy|campaign|pressure|lobby|activist|watchdog|"
    r"research)\s+){0,2}(?:NGO|group|charity|nonprofit|non-profit|think tank|watchdog|coalition|union)\s+$")
_OUTLET_AFTER = re.compile(r"^(?:['’]s)?\s+(?:(?:first\s+)?reported|reports|contributors?|columnists?|reporters?|"
                           r"correspondents?|editors?|staff writers?|writers?|journalists?)\b")
# a run of capitalised words ("Acme Science", "E! News", "9to5Acme"), "of"/"for"/"the" allowed inside
_CAPITAL_RUN = re.compile(r"(?<![\w&'’.!-])(?:[A-Z]|\d+[a-z]+[A-Z])[\w&'’.!-]*"
                          r"(?:\s+(?:(?:of|for|the)\s+)?(?:[A-Z]|\d+[a-z]+[A-Z])[\w&'’.!-]*)*")
_OPENING_WORDS = "The A An I He She It They We You His Her Its Their Our This That These Those"
_CALENDAR_WORDS = CALENDAR_WORDS | frozenset(_OPENING_WORDS.split())
_CONTENT_LOWERCASE = re.compile(r"(?<![\w'’-])(?!(?:with|from|over|into|than|that|upon|onto)\b)[a-z]{4,}")
# the model's labels for an unknown capitalised name that an organization's context outweighs
_NOT_NAME_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "LAW", "EVENT", "GPE", "LOC", "FAC"})


def untagged_orgs(text: str, raw: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`raw` (the model's spans in one sentence `text`) with the organizations it tagged nothing over, or only a
    work's, product's or place's label inside them: a run of capitalised words in an outlet's context ("told Acme
    Science", "the journal Acme Letters", "Acme Science reported"), or in any organization context (the signs
    above) when a major stock index lists it; a multi-word listed company ("Ford Motor") needs no context. No
    run whose first word is a common given name or a title (a person the model missed), that a gazetteer knows
    as a place, or that only opens the sentence; nothing in a headline's title case, where every word is a
    capital run (no lowercase word but the short ones title case keeps: "on", "the", "with")."""
    out = list(raw)
    if not _CONTENT_LOWERCASE.search(text):
        return out

    def free(start: int, end: int) -> list[tuple[int, int, str]] | None:
        """The spans inside `start:end` the name may replace, or None when a name's span crosses it."""
        inside = [r for r in out if r[0] < end and start < r[1]]
        if any(r[2] not in _NOT_NAME_LABELS or r[0] < start or r[1] > end for r in inside):
            return None
        return inside

    for m in _CAPITAL_RUN.finditer(text):
        run = m.start() + len(re.sub(r"['’]s?$|[.!,]+$", "", m.group(0)))
        words = [(m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", text[m.start():run])]
        capitalised = [w for w in words if text[w[0]].isupper() or text[w[0]].isdigit()]
        listed = next(((a, b) for n in range(len(capitalised), 1, -1) for i in range(len(capitalised) - n + 1)
                       if text[(a := capitalised[i][0]):(b := capitalised[i + n - 1][1])].count(" ") == n - 1
                       and is_known_company(text[a:b])), None)
        if listed and (inside := free(*listed)) is not None:  # "Shares of Ford Motor": the listed name in it
            out = [r for r in out if r not in inside] + [(*listed, "ORG")]
            continue
        while words and text[slice(*words[0])] in _CALENDAR_WORDS:
            words = words[1:]
        # a kind written in capitals opens the run ("the NGO Acme Watch"): the name starts after it
        words = words[next((i for i in range(1, len(words) - 1)
                            if _OUTLET_BEFORE.search(text[max(0, words[i][0] - 60): words[i][0]])), 0):]
        if not words or text[slice(*words[-1])] in _CALENDAR_WORDS | {"of", "for", "the"}:
            continue
        start, end = words[0][0], words[-1][1]
        name, first = text[start:end], text[slice(*words[0])]
        inside = free(start, end)
        if inside is None or is_known_place(name) or re.search(r"-[a-z]", name):  # "Prize-winning", "-based"
            continue
        if _team_shaped(text[start:end]):
            out = [r for r in out if r not in inside] + [(start, end, "ORG")]
            continue
        if is_given_name(first) or first.lower() in titles():
            continue
        before, after = text[max(0, start - 60): start], text[end: end + 80]
        opens = not text[:start].strip(" \"“”‘’'([—–-")
        one = is_known_company(name)
        if _OUTLET_BEFORE.search(before) or ((not opens or " " in name) and _OUTLET_AFTER.match(after)) or (
                one and (_ORG_BEFORE.search(before) or (not opens and ORG_AFTER.match(after)))):
            out = [r for r in out if r not in inside] + [(start, end, "ORG")]
    return out


# plural last words that name a stretch of land or water, or a group of people, not a team's players
_NOT_NICKNAME_WORDS = """Keys Islands Isles Mountains Hills Heights Springs Falls Lakes Highlands Plains Flats
    Glades Shores Woods Pines Gardens Fields Meadows Narrows Sands Dunes Rapids Forks Oaks Rocks Bays Ridges
    Democrats Republicans Conservatives Liberals Socialists Greens Americans Muslims Christians Jews Catholics
    Protestants Residents Voters Officials Lawmakers Police"""
_NOT_NICKNAMES = frozenset(_NOT_NICKNAME_WORDS.split())


def _team_shaped(name: str) -> bool:
    """A team's name: a place the gazetteer knows, then a plural nickname of one or two capitalised words
    ("Acme City Otters", "Texas Red Herons"), not a stretch of land ("Florida Keys") or a group of people."""
    words = name.split()
    if len(words) < 2 or not re.fullmatch(r"[A-Z][a-z]+s", words[-1]) or words[-1] in _NOT_NICKNAMES \
            or not all(re.fullmatch(r"[A-Z][\w.'’-]*", w) for w in words):
        return False
    return any(is_known_place(" ".join(words[:-n])) for n in (1, 2) if len(words) > n)
