"""Quotes and who said them: straight and curly quotes, fragments inside sentences, block quotes after
"said:", with the speaker taken only from what the text states (attribution verbs, "according to", a pronoun
or surname carried from the sentence before) and the outlet it was said to (`via`).

Pure: works on paragraphs plus entity spans already resolved to canonical names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from briefsite.extract import canonical as canon
from briefsite.extract.attribution import INSTITUTION_NOUNS, STATEMENT_NOUNS

MIN_WORDS = 4  # shorter quoted spans are titles, slogans and scare quotes ("skinny", "Hanoi Hilton")

_OPEN = "\"“„«"
_CLOSE = "\"”»"
# Two single marks typed for a double one, as wire copy does (``...'', “...’’)
_PAIRED_OPEN = ("``", "‘‘")
_PAIRED_CLOSE = ("’’", "''")
_CUE = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|adding|continued|continues|wrote|writes|tweeted|stated|states|"
    r"stating|saying|explained|explains|noted|notes|announced|announces|declared|asked|argued|insisted|"
    r"recalled|quipped|urged|warned|replied|responded|commented|remarked|posted|acknowledged|admitted|"
    r"conceded|cautioned|predicted|according to|quoted|quoting|reported|reports|"
    r"interjected|countered|rejoined|joked|concluded|testified|observed|retorted|exclaimed|written)\b"
)
_SUBJECT_ONLY = frozenset({"told", "tells"})  # "X told Y": Y is the audience, not the speaker
_OBJECT_ONLY = frozenset({"according to"})
_FILLER = r"(?:\s*(?:\w+ly|also|later|then|has|had|have|would|will|once|further|previously|again)\b)*\s*"
_APPOSITIVE = r"(?:,[^,\"“”]{1,110},)?"
_PRONOUN_BEFORE = re.compile(rf"\b(?P<p>[Hh]e|[Ss]he)\b{_FILLER}$")
_NOUN_SUBJECT = re.compile(rf"\b(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+"
                           rf"(?P<noun>(?:[\w’'-]+\s+){{0,3}}?[\w’'-]+){_FILLER}$")
_VIA = re.compile(
    r"(?:\btold|\bin an? (?:interview|email|statement|note|call|message) (?:with|to)|\bin remarks to|"
    r"\bspeaking to|\bsaid on|\bsaid to|\bin comments to|\bsaid in an? \w+ (?:with|to))\s+$"
)


@dataclass(frozen=True)
class Span:
    """A resolved entity mention inside a paragraph."""

    start: int
    end: int
    kind: str  # ORG | PERSON | PLACE | PRODUCT
    name: str  # canonical name


@dataclass
class _Quote:
    paragraph: int
    start: int  # offset of the opening mark (or paragraph start for block quotes)
    end: int  # offset after the closing mark
    text: str
    unclosed: bool = False
    speaker: str | None = None
    via: str | None = None
    decided: bool = False


Locate = Callable[[int, int], int]
Parsed = Sequence[Sequence[tuple[int, Any]]]  # per paragraph: (sentence offset, parsed spaCy Doc)


def find_quotes(
    paragraphs: Sequence[str],
    spans: Sequence[Sequence[Span]],
    locate: Locate,
    roles: dict[str, str],
    gender: dict[str, str],
    parsed: Parsed | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Quotes with speaker and via; returns (facts, problems). `spans[p]` are paragraph p's entity spans,
    `roles` maps a person to their role, `gender` a person to "m"/"f" when the text shows it, `parsed[p]` the
    dependency-parsed sentences of paragraph p that hold a quote (read first; the word rules are the
    fallback)."""
    facts: list[dict[str, Any]] = []
    problems: list[str] = []
    previous: _Quote | None = None
    found: list[_Quote] = []
    for p, text in enumerate(paragraphs):
        quotes, unclosed = _spans_in(text, p)
        if unclosed:
            problems.append(f"paragraph {p + 1}: unclosed quotation mark; the quote runs to the end of the paragraph")
        if not quotes and p > 0 and paragraphs[p - 1].rstrip().endswith(":") and _CUE.search(paragraphs[p - 1][-80:]):
            quotes = [_Quote(p, 0, len(text), text.strip())]  # block quote after "said:"
        masked = _mask(text, quotes)
        for q in quotes:
            if len(q.text.split()) < MIN_WORDS:
                continue
            if _names_a_work(text, q):
                q.speaker, q.decided = None, True  # a title or slogan in quotes: nobody says it here
            elif _continues(q, previous, masked):
                assert previous is not None
                q.speaker, q.via, q.decided = previous.speaker, previous.via, True
            elif (answerer := _answer_label(q, p, masked, paragraphs, spans)) is not None:
                q.speaker, q.decided = answerer, True
            elif not (parsed and _from_parse(q, quotes, p, masked, parsed[p], paragraphs, spans, roles, gender)):
                _attribute(q, quotes, p, text, masked, paragraphs, spans, locate, roles, gender, previous)
            found.append(q)
            previous = q
    _carry_across_paragraphs(found, paragraphs, spans)
    _repeated_words(found)
    for q in found:
        first, last = locate(q.paragraph, q.start), locate(q.paragraph, max(q.start, q.end - 1))
        facts.append({"text": q.text, "speaker": q.speaker, "via": q.via, "evidence": list(range(first, last + 1))})
        if q.speaker is None:
            problems.append(f"sentence {first}: quote has no stated speaker: {_short(q.text)!r}")
    return facts, problems


def canonical_speaker(name: str | None, people: Sequence[dict[str, Any]],
                      organizations: Sequence[dict[str, Any]]) -> str | None:
    """The article's own name for a speaker: one decision per name per article, so a quote is credited to an
    entity the article lists. An alias or another spelling of an entity's name is that entity; a short form
    ("Roe", "Roe's", "Doctors") or an extension ("Acme President Jane Roe") is the one entity of the article it
    is a part of or contains; anything else stays as found."""
    if not name:
        return name
    entities = [*people, *organizations]

    def one(found: Sequence[dict[str, Any]]) -> str | None:
        names = {e["name"] for e in found}
        return names.pop() if len(names) == 1 else None

    if any(e["name"] == name for e in entities):
        # a surname the entity list keeps apart from the one full name it ends ("Roe" beside "Jane Roe")
        full = one([e for e in people if len(e["name"].split()) > 1 and e["name"].split()[-1] == name]) \
            if len(name.split()) == 1 and any(e["name"] == name for e in people) else None
        return full or name
    bare = re.sub(r"['’]s?$", "", name.strip())
    wanted = canon.key(bare)
    same = one([e for e in entities if any(canon.key(n) == wanted for n in (e["name"], *(e.get("aliases") or [])))])
    if same is not None:
        return same
    words = bare.split()
    part = one([*(e for e in people if e["name"].split()[-len(words):] == words),
                *(e for e in organizations if e["name"].split()[: len(words)] == words)])
    if part is not None:
        return part
    whole = [e for e in entities if len(e["name"].split()) < len(words) and f" {e['name']} " in f" {bare} "]
    return one([e for e in whole if e in people] or whole) or name


def _from_parse(q: _Quote, quotes: Sequence[_Quote], p: int, masked: str, parsed: Sequence[tuple[int, Any]],
                paragraphs: Sequence[str], spans: Sequence[Sequence[Span]], roles: dict[str, str],
                gender: dict[str, str]) -> bool:
    """Attribute `q` from the parse of the sentence that holds it (or, for a quote that ends a sentence, the
    one the attribution follows in); False when the parse names no speech verb for it."""
    from briefsite.extract.attribution import NOBODY, SPEECH_NOUNS, speaker_from_parse, subject_before

    ranges = [(o.start, o.end) for o in quotes]
    holding = [(off, doc) for off, doc in parsed if off <= q.end and q.start < off + len(doc.text)]
    para_spans = [s for s in spans[p] if not any(o.start <= s.start < o.end for o in quotes)]

    def last_org(before: int, noun: str) -> str | None:
        return _named_by_noun(noun, p, before, paragraphs, spans)

    def pronoun(word: str) -> str | None:
        if word == "they":
            people = [s for s in para_spans if s.kind == "PERSON" and s.end <= q.start]
            return people[-1].name if people else _named_by_noun("it", p, q.start, paragraphs, spans)
        return _resolve_pronoun(word, p, q.start, spans, gender, paragraphs)

    def known(word: str) -> str | None:
        person = next((s.name for row in spans for s in row if s.kind == "PERSON" and s.name.split()[-1] == word),
                      None)
        return person or _org_by_short_name(word, spans) or _person_by_surname(word, paragraphs, spans)

    def role_person(noun: str) -> str | None:
        # "the president said": the one person with that role; "the doctors said": the organization the
        # text defined them as ("The doctors, members of the group Doctors for Peace, ..."); "the 45-year-old
        # said", "the Democrat said": an epithet for the person the text is about
        if noun.startswith(("the ", "given ")):
            # "the president said", "the spokeswoman said" after "Jane Roe, the president of Acme,": a definite
            # title stands for the person the text last gave it, before anyone else with that role
            given = _given_title(noun.split()[-1], p, q.start, paragraphs, spans)
            if given is not None or noun.startswith("given "):
                return given or _role_person(noun, roles)
        if noun.startswith("its "):
            # "the company's president": not whoever else is a president (another company's, a country's)
            # but the person named with that title in the text just before
            return _titled_person(noun.split()[-1], p, q.start, paragraphs, spans) or \
                _resolve_pronoun("he", p, q.start, spans, {}, paragraphs)
        found = _role_person(noun, roles) or _defined_as(noun, p, q.start, paragraphs, spans)
        if found is None and (_EPITHET.fullmatch(noun) or noun[:1].isupper() or (
                noun.startswith("the ") and not _introduced_unnamed(noun.split()[-1], p, q.start, paragraphs))):
            found = _resolve_pronoun("he", p, q.start, spans, {}, paragraphs)
        return found

    # A name set after the quote with a dash: "“...” — Jane Roe, Acme founder"
    dash = re.match(r"\s*(?:—|–|--)\s*", masked[q.end:])
    # (the entity model may run a name over the dash before it: "— Jane Roe")
    signed = next((s for s in para_spans if dash and q.end <= s.start <= q.end + dash.end()
                   and s.kind in ("PERSON", "ORG")), None)
    if signed is not None:
        q.speaker, q.via, q.decided = signed.name, None, True
        return True
    for off, doc in holding:
        who = speaker_from_parse(doc, off, (q.start, q.end), ranges, para_spans, pronoun, last_org,
                                 role_person, known)
        if who is not NOBODY:
            end = off + len(doc.text)
            q.speaker, q.via = who, _via(masked, para_spans, (off, q.start), (q.end, max(q.end, end)))
            q.decided = True
            return True
    # A quote introduced by a colon: "Roe: “...”" (a speaker label), "Roe cut her off: “...”" (the subject
    # of the clause before the colon).
    colon = re.search(r":\s*$", masked[: q.start])
    if colon is not None:
        clause_start = max((b.end() for b in _BOUNDARY.finditer(masked, 0, colon.start())), default=0)
        label = masked[clause_start: colon.start()].strip()
        # (an entity the model ran over the colon, "Jane Roe:", still ends the label)
        named = [s for s in para_spans if clause_start <= s.start and s.end <= colon.end()
                 and s.kind in ("PERSON", "ORG")]
        title = (masked[clause_start: named[0].start] + masked[named[0].end: colon.start()]).split() \
            if len(named) == 1 else ["-"]
        if len(named) > 1 and named[-1].kind == "PERSON" and not masked[named[-1].end: colon.start()].strip() and \
                sum(s.kind == "PERSON" for s in named) == 1:
            # "Acme CEO Jane Roe: “...”": a label naming the person's organization and title before the name
            rest = masked[clause_start: named[-1].start]
            for s in reversed(named[:-1]):
                rest = rest[: s.start - clause_start] + rest[s.end - clause_start:]
            title, named = rest.split(), named[-1:]
        who = NOBODY
        owned = re.fullmatch(rf"(?P<who>[A-Z][\w.'’ -]*?)['’]s?\s+(?:{'|'.join(sorted(SPEECH_NOUNS))})", label)
        mine = re.fullmatch(rf"(?P<p>His|Her)\s+(?:[a-z-]+\s+)?(?:{'|'.join(sorted(SPEECH_NOUNS))})", label)
        if mine is not None:  # "Her verdict: “...”", "His short answer: “...”": the one "his"/"her" stands for
            who = pronoun("he" if mine.group("p") == "His" else "she") or NOBODY
        elif owned is not None:  # "Roe's response: “...”": the owner of the words
            who = named[0].name if len(named) == 1 and named[0].kind == "PERSON" else (
                _person_by_surname(owned.group("who").split()[-1], paragraphs, spans) or NOBODY)
        elif len(title) <= 5 and all(w[:1].isupper() for w in title):
            who = named[0].name  # a speaker label: the name (with at most a title) and the colon
        elif len(named) == 1 and named[0].kind in ("PERSON", "ORG") and \
                re.fullmatch(r"\s*(?:(?i:from|in)\s+)?", masked[clause_start: named[0].start]) and \
                _LABEL_TAIL.fullmatch(masked[named[0].end: colon.start()]):
            # "Roe, speaking to reporters on Monday: “...”", "Roe, in a letter to investors:", "Roe on the deal:",
            # "From Roe's letter to investors:": the name, and how or on what the words came
            who = named[0].name
        elif re.fullmatch(r"[A-Z][\w'’-]+", label):
            who = _person_by_surname(label, paragraphs, spans) or NOBODY
        elif not named and re.fullmatch(r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}", label):
            # a full name the entity model missed in a speaker label: the person the text names so elsewhere
            person = _person_by_surname(label.split()[-1], paragraphs, spans)
            who = person if person is not None and person.endswith(label) else NOBODY
        else:
            for off, doc in holding:
                if off <= colon.start() < off + len(doc.text):
                    who = subject_before(doc, off, colon.start(), para_spans, pronoun, last_org,
                                         role_person)
        if who is not NOBODY and who is not None:
            q.speaker, q.via, q.decided = who, None, True
            return True
    # A quote that is a sentence of its own, and the sentence after it says whose words they were: "“...”
    # That was how Roe put it.", "“...” That is what Roe told the board.", "“...” So said Roe."
    first = holding[0][0] if holding else q.start
    opens = not masked[first: q.start].strip()
    later = next(((off, doc) for off, doc in parsed if off >= q.end), None)
    if holding and opens and later is not None and BACK_REFERENCE.match(later[1].text) and \
            not masked[q.end: later[0]].strip(" .,!?"):
        off, doc = later
        who = speaker_from_parse(doc, off, (off, off), ranges, para_spans, pronoun, last_org, role_person, known)
        if isinstance(who, str):
            q.speaker, q.via, q.decided = who, _via(masked, para_spans, (off, off), (off, off + len(doc.text))), True
            return True
    # A quote that opens its sentence with no verb of its own, after a sentence that says who spoke
    # ("Roe's spokesman told the paper it was false. “...”", "Rules get broken, he said. “...”",
    # "“No,” Roe said. “...”").
    # Also a quote inside a sentence with no reporting verb, after a sentence that reports someone's words
    # without quoting them ("..., Roe says. Just because X, “that doesn't mean ...”").
    earlier = [(off, doc) for off, doc in parsed if off + len(doc.text) <= first]
    if holding and earlier and (opens or not any(
            earlier[-1][0] <= o.start < earlier[-1][0] + len(earlier[-1][1].text) for o in quotes)):
        off, doc = earlier[-1]
        tail = masked[q.end: q.end + 160]
        tail = tail[: m.start() + 1] if (m := _BOUNDARY.search(tail)) else tail
        # an earlier sentence that holds its own quote ("“No,” Roe said. “...”") counts only when no
        # attribution follows this quote (`“...?” Roe said in an interview`, which the word rules read)
        if not any(off <= o.start < off + len(doc.text) for o in quotes) or not _CUE.search(tail):
            end = off + len(doc.text)
            who = speaker_from_parse(doc, off, (end, end), ranges, para_spans, pronoun, last_org,
                                     role_person)
            if who is not NOBODY and who is not None:
                q.speaker, q.via = who, _via(masked, para_spans, (off, end), (end, end))
                return True
            if who is NOBODY and opens and \
                    masked[q.end: holding[-1][0] + len(holding[-1][1].text)].strip(" .,!?") == "":
                # a bare quote after a sentence about a person, in the same paragraph: "Roe returned to the
                # issue later. “What happens in 2024?”" -- that person, when the subject is a named person
                who = subject_before(doc, off, end, para_spans, pronoun, last_org,
                                     role_person)
                if isinstance(who, str) and any(s.name == who and s.kind == "PERSON" for s in para_spans):
                    q.speaker, q.via = who, None
                    return True
    return False


def _continues(q: _Quote, previous: _Quote | None, masked: str) -> bool:
    """A paragraph that opens with a quote mark after a paragraph whose quote was left open: the same quote
    going on (news writing closes a quote that runs over paragraphs only at its last one)."""
    return previous is not None and previous.unclosed and previous.paragraph == q.paragraph - 1 and \
        previous.speaker is not None and not masked[: q.start].strip()


# A sentence that opens on a word pointing back at the words just quoted ("That was how Roe put it").
BACK_REFERENCE = re.compile(r"^(?:That|This|These|Those|So|Such)(?:['’]s)?\s")
_QA_LABEL = re.compile(r"^\s*(?P<label>Q|A|Question|Answer)\s*[:.]\s*$")


def _answer_label(q: _Quote, p: int, masked: str, paragraphs: Sequence[str],
                  spans: Sequence[Sequence[Span]]) -> str | None:
    """The one interviewed, for a quote that an "A:" label opens in a Q-and-A layout: the first person named
    in the paragraph that introduces the questions (the last one before the run of Q:/A: paragraphs that
    names a person); None for any other quote."""
    label = _QA_LABEL.match(masked[: q.start])
    if label is None or label.group("label")[0] != "A":
        return None
    row = p - 1
    asked = False
    while row >= 0 and (head := re.match(r"\s*(Q|A|Question|Answer)\s*[:.]", paragraphs[row])):
        asked = asked or head.group(1)[0] == "Q"
        row -= 1
    if not asked:
        return None
    for r in range(row, max(-1, row - 3), -1):
        people = [s for s in spans[r] if s.kind == "PERSON" and _outside_quotes(paragraphs[r], s.start)]
        if people:
            return people[0].name
    return None


# An unnamed person who speaks ("says a doctor", "a resident said"): a later "he"/"she" in the paragraph is them.
_UNNAMED_SPEAKER = re.compile(r"\b(?:says|said|told|adds|added)\s+(?:an?|one|another)\s+[a-z]|"
                              r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z-]+\s+){1,3}(?:says|said|told|added)\b")
_QUOTED = re.compile(r"[\"“][^\"“”]*(?:[\"”]|$)")
_THE_BEFORE = re.compile(r"\bthe\s+$")
# An organization the words were given to ("a statement emailed to NBC News", "told Reuters"): the outlet,
# never the one "the spokesperson" speaks for.
# ... but "officials with the Forest Service" are its members: "with" names a recipient only after a word of talk.
_RECIPIENT = re.compile(r"\b(?:to|told|(?:interview|interviews|spoke|speaking|talked|talking|conversation|call|chat)"
                        r"\s+with)\s+(?:the\s+)?$")
_STATEMENT_ISSUED = re.compile(rf"\b(?:{'|'.join(sorted(STATEMENT_NOUNS))})s?\b")


def _named_by_noun(noun: str, p: int, before: int, paragraphs: Sequence[str],
                   spans: Sequence[Sequence[Span]]) -> str | None:
    """Who "the company" / "the group" / "the statement" stands for: the organization the text named with that
    noun ("The group, WeWorkers Coalition," / "Acme, a software company"), the one that issued a statement
    ("Acme issued a statement"), else the last organization named outside quotes (this paragraph and three
    before)."""
    rows = range(p, max(-1, p - 6), -1)
    for row in rows:
        text = paragraphs[row]
        limit = before if row == p else len(text)
        outside_quotes = [s for s in spans[row] if s.kind in ("ORG", "PERSON") and s.end <= limit
                          and _outside_quotes(text, s.start)]
        if noun in _STATEMENT_NOUNS:
            for m in reversed(list(_STATEMENT_ISSUED.finditer(text, 0, limit))):
                if not _outside_quotes(text, m.start()):
                    continue
                lead = [s for s in outside_quotes if s.end <= m.start() and
                        not re.search(r"[.;!?]\s", text[s.end: m.start()])]
                lead = [s for s in lead if s.start >= max(0, m.start() - 120)]
                people = [s for s in lead if s.kind == "PERSON"]
                if people or lead:
                    return (people or lead)[0].name  # "Acme chief executive Jane Roe issued a statement"
                sentence_start = max((b.end() for b in _BOUNDARY.finditer(text, 0, m.start())), default=0)
                subject = re.match(r"\s*(?:The|the|Its|its)\s+(?:[\w-]+\s+)??(?P<noun>[a-z]+)\b|\s*(?P<it>It|They)\b",
                                   text[sentence_start: m.start()])
                if subject and (subject.group("it") or subject.group("noun") in _COMPANY_WORDS):
                    # "The company denied it in a statement": whoever "the company" is
                    return _named_by_noun(subject.group("noun") or "it", row, sentence_start, paragraphs, spans)
            continue
        for s in reversed(outside_quotes):
            if s.kind != "ORG":
                continue
            lead_text, tail = text[max(0, s.start - 40): s.start], text[s.end: s.end + 60]
            if re.search(rf"\b{re.escape(noun)},\s*$", lead_text, re.I) or re.match(
                    rf",\s*(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}{re.escape(noun)}\b", tail, re.I):
                return s.name
    if noun in _STATEMENT_NOUNS:
        return None
    opener = _sentence_subject_org(paragraphs[p], before, spans[p]) if noun not in INSTITUTION_NOUNS else None
    if opener is None and noun not in INSTITUTION_NOUNS and p > 0 and \
            not _sentence_starts(paragraphs[p], before)[1:]:
        # the sentence opens its paragraph: the subject of the sentence just before is the last one of the
        # paragraph before ("Acme announced the change on Tuesday." / "“...,” the company said.")
        previous = paragraphs[p - 1]
        opener = _sentence_subject_org(previous, len(previous), spans[p - 1], last=True)
    if opener is not None:
        return opener  # "Acme announced the change. “...,” the company said": the subject just before
    # An organization whose own name ends in the noun: "the association" for the Valley Teachers Association
    for row in rows:
        text = paragraphs[row]
        limit = before if row == p else len(text)
        ending = [s for s in spans[row] if s.kind == "ORG" and s.end <= limit and _outside_quotes(text, s.start)
                  and s.name.split()[-1].lower() == noun]
        if ending:
            return ending[-1].name
    if noun in INSTITUTION_NOUNS:
        return None  # "the university said" with no university named: nobody the text names
    # Otherwise the organization the story is about: of those named in the last paragraphs, the one named
    # most often so far (the latest on a tie), not merely the last one named ("... a Netflix documentary.
    # The company denied it" is about the label, not Netflix).
    recent: list[str] = []
    for row in list(rows)[:3]:
        text = paragraphs[row]
        limit = before if row == p else len(text)
        recent = [s.name for s in spans[row] if s.kind == "ORG" and s.end <= limit
                  and _outside_quotes(text, s.start) and not _RECIPIENT.search(text, 0, s.start)] + recent
    if not recent:
        return None
    counts = Counter(s.name for row in range(p + 1) for s in spans[row] if s.kind == "ORG"
                     and (row < p or s.end <= before))
    best = max(counts[name] for name in recent)
    return next(name for name in reversed(recent) if counts[name] == best)


def _sentence_starts(text: str, before: int) -> list[int]:
    """Where the sentences of `text` up to offset `before` start (not at a full stop inside a quote)."""
    return [0, *(b.end() for b in _BOUNDARY.finditer(text, 0, before)
                 if b.end() <= before and _outside_quotes(text, b.start()) and _outside_quotes(text, b.end()))]


def _sentence_subject_org(text: str, before: int, spans: Sequence[Span], last: bool = False) -> str | None:
    """The organization that opens, as its subject, the sentence before the one that holds offset `before`
    in this paragraph ("Acme announced the change on Tuesday. “...,” the company said."), or with `last` the
    paragraph's last sentence: its name at the sentence start (after an optional "The"), a lower-case word
    (the verb) after it."""
    starts = _sentence_starts(text, before)
    if len(starts) < 2 and not last:
        return None
    start, end = (starts[-1], len(text)) if last else (starts[-2], starts[-1])
    for s in spans:
        if s.kind == "ORG" and start <= s.start < end and re.fullmatch(r"\s*(?:The\s+)?", text[start: s.start]) \
                and re.match(r"\s+[a-z]", text[s.end: s.end + 3]):
            return s.name
    return None


_EPITHET = re.compile(r"\d+-year-old")


def _titled_person(title: str, p: int, before: int, paragraphs: Sequence[str],
                   spans: Sequence[Sequence[Span]]) -> str | None:
    """The person named last, outside quotes, in a sentence that gives them `title` ("Acme named Jane Roe its
    president", "Jane Roe, the company's president, ..."), in this paragraph before `before` or the three
    before it; None when no such sentence."""
    for text, limit, s in _people_before(p, before, paragraphs, spans):
        start = max((b.end() for b in _BOUNDARY.finditer(text, 0, s.start)), default=0)
        end = (m.start() + 1) if (m := _BOUNDARY.search(text, s.end)) else len(text)
        if re.search(rf"\b{re.escape(title)}\b", _QUOTED.sub(" ", text[start: min(end, limit)]), re.I):
            return s.name
    return None


def _people_before(p: int, before: int, paragraphs: Sequence[str],
                   spans: Sequence[Sequence[Span]]) -> Iterator[tuple[str, int, Span]]:
    """The people named outside quotes in paragraph `p` before `before` and in the three paragraphs before it,
    last first, each with its paragraph's text and the offset the search stops at."""
    for row in range(p, max(-1, p - 4), -1):
        text = paragraphs[row]
        limit = before if row == p else len(text)
        for s in sorted(spans[row], key=lambda s: -s.start):
            if s.kind == "PERSON" and s.end <= limit and _outside_quotes(text, s.start):
                yield text, limit, s


def _given_title(title: str, p: int, before: int, paragraphs: Sequence[str],
                 spans: Sequence[Sequence[Span]]) -> str | None:
    """The person the text last gave `title`, outside quotes, in this paragraph before `before` or the three
    before it: in an apposition ("Jane Roe, the president of Acme,", "Jane Roe, a spokeswoman for Acme,") or
    as a title before the name ("Acme President Jane Roe", "spokeswoman Jane Roe"); None when none."""
    word = f"(?i:{re.escape(title)})"
    apposition = re.compile(rf",\s+(?:(?:the|a|an|its|their|[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*['’]s?)\s+)?"
                            rf"(?:[\w-]+\s+){{0,3}}?{word}\b")
    for text, _, s in _people_before(p, before, paragraphs, spans):
        if apposition.match(text, s.end) or re.search(rf"\b{word}\s+$", text[max(0, s.start - 40): s.start]):
            return s.name
    return None


def _introduced_unnamed(noun: str, p: int, before: int, paragraphs: Sequence[str]) -> bool:
    """Whether the text brought in someone unnamed with that noun before ("a police officer ... the officer
    said"): the definite noun then stands for them, not for a person named."""
    text = "\n".join([*paragraphs[:p], paragraphs[p][:before]])
    return bool(re.search(rf"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun)}\b", text))


def _defined_as(noun: str, p: int, before: int, paragraphs: Sequence[str],
                spans: Sequence[Sequence[Span]]) -> str | None:
    """The organization the text defines with a plural noun, in an apposition before the quote: "The doctors,
    members of a new group, Doctors for Peace, ..." or "Doctors for Peace, a group of doctors, ..."; None when
    the noun is singular or no such definition is found."""
    word = noun.split()[-1].lower()
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return None
    for row in range(p, -1, -1):  # a definition holds for the rest of the text
        text = paragraphs[row]
        limit = before if row == p else len(text)
        for s in spans[row]:
            if s.kind != "ORG" or s.end > limit or not _outside_quotes(text, s.start):
                continue
            lead, tail = text[max(0, s.start - 90): s.start], text[s.end: s.end + 60]
            if re.search(rf"\b(?:[Tt]he|[Tt]hese|[Tt]hose)\s+{re.escape(word)},\s+(?:[\w’'-]+\s+){{0,8}}$", lead) or \
                    re.match(rf",\s*(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}(?:of\s+)(?:[\w-]+\s+){{0,2}}?{re.escape(word)}\b",
                             tail, re.I):
                return s.name
    return None


_NOT_FIRST_NAMES = frozenset({
    "Mr", "Ms", "Mrs", "Dr", "Sen", "Rep", "Gov", "Gen", "President", "Director", "Minister", "Secretary",
    "Senator", "Chief", "Officer", "Executive", "General", "Attorney", "Judge", "Justice", "Deputy", "Prosecution",
    "Prosecutor", "Spokesman", "Spokeswoman", "Analyst", "Professor", "The", "A", "An", "In", "On", "At", "But",
    "And", "As", "When", "If", "Vice", "Prime", "Chairman", "Founder", "Manager", "Editor", "Coach", "Leader"})


def _person_by_surname(word: str, paragraphs: Sequence[str], spans: Sequence[Sequence[Span]]) -> str | None:
    """The full name of the person a lone surname stands for: a person found whose name ends with it, else
    "First Surname" as the text writes it somewhere (the entity model missed it); None when neither."""
    for row in spans:
        for s in row:
            if s.kind == "PERSON" and s.name.split()[-1] == word:
                return s.name
    for text in paragraphs:
        for m in re.finditer(rf"\b(?P<first>[A-Z][\w'’-]+)(?P<middle>\s+[A-Z]\.)?\s+{re.escape(word)}\b", text):
            if m.group("first").rstrip(".") not in _NOT_FIRST_NAMES:
                return f"{m.group('first')}{m.group('middle') or ''} {word}"
    return None


def _org_by_short_name(word: str, spans: Sequence[Sequence[Span]]) -> str | None:
    """The organization a capitalized word stands for as the short form of its name ("Acme said" after "Acme
    Widgets"): the one organization named in the text whose name starts with that word; None when none or
    several do."""
    names = {s.name for row in spans for s in row if s.kind == "ORG" and len(s.name.split()) > 1
             and s.name.split()[0] == word}
    return names.pop() if len(names) == 1 else None


def _outside_quotes(text: str, at: int) -> bool:
    head = text[:at]
    return head.count("\"") % 2 == 0 and head.count("“") <= head.count("”")


_COMPANY_WORDS = frozenset({"company", "firm", "group", "label", "bank", "retailer", "agency", "ministry",
                            "department", "studio", "network", "organization", "organisation", "government"})
_STATEMENT_NOUNS = STATEMENT_NOUNS


def _carry_across_paragraphs(found: Sequence[_Quote], paragraphs: Sequence[str],
                             spans: Sequence[Sequence[Span]]) -> None:
    """A paragraph that is only a quote, with nobody named: the answer to a question quoted at the end of the
    paragraph before is the other side of the exchange; else the speaker of the quote in the next paragraph
    when that one is attributed, else the person the paragraph before is about (its last named person)."""
    by_paragraph: dict[int, list[_Quote]] = {}
    for q in found:
        by_paragraph.setdefault(q.paragraph, []).append(q)
    for q in found:
        if q.speaker is not None or q.decided:
            continue
        rest = _mask(paragraphs[q.paragraph], by_paragraph[q.paragraph])
        if re.search(r"[A-Za-z]", rest):
            continue  # the paragraph says more than the quote: its own words decide
        asked = by_paragraph.get(q.paragraph - 1)
        if asked and asked[-1].speaker and asked[-1].text.rstrip().endswith("?"):
            # the answer to a question quoted just before: the other side of the exchange, the last one
            # quoted before the one who asked ("“..., do you dispute that?” Roe asked." then “There can be ...”)
            earlier = [o.speaker for o in found if o.paragraph < q.paragraph - 1 and o.speaker]
            other = next((who for who in reversed(earlier) if who != asked[-1].speaker), None)
            if other is not None:
                q.speaker = other
                continue
        before_text = paragraphs[q.paragraph - 1] if q.paragraph > 0 else ""
        reported = [s for s in spans[q.paragraph - 1] if s.kind in ("PERSON", "ORG") and
                    _outside_quotes(before_text, s.start) and _SPEAKS.match(before_text, s.end)] \
            if q.paragraph > 0 and not by_paragraph.get(q.paragraph - 1) else []
        if len({s.name for s in reported}) == 1:
            # the paragraph before reports what one named speaker said, in its own words ("Roe said on
            # Tuesday that the plan was flawed."): the bare quote after it is theirs, whoever speaks next
            q.speaker = reported[0].name
            continue
        after = by_paragraph.get(q.paragraph + 1)
        if after and after[0].speaker:
            q.speaker = after[0].speaker
            continue
        if q.paragraph > 0:
            before = paragraphs[q.paragraph - 1]
            # ... or the organization that speaks there ("Acme said on Tuesday that ...", "Acme told ...")
            people = [s for s in spans[q.paragraph - 1] if s.kind == "PERSON"] or [
                s for s in spans[q.paragraph - 1] if s.kind == "ORG" and _outside_quotes(before, s.start)
                and _SPEAKS.match(before, s.end)]
            if people:
                q.speaker = people[-1].name


def _repeated_words(found: Sequence[_Quote]) -> None:
    """A quote with nobody named that repeats words quoted earlier with a speaker ("Roe, by her own account,
    has given “plenty of ...”" after “I've given plenty of ...,” Roe told CNN): that speaker's words."""
    def words(text: str) -> str:
        return " ".join(re.findall(r"[^\W_]+", text.lower()))

    for i, q in enumerate(found):
        if q.speaker is not None or q.decided or len(q.text.split()) < MIN_WORDS:
            continue
        mine = words(q.text)
        source = next((o for o in found[:i] if o.speaker and f" {mine} " in f" {words(o.text)} "), None)
        if source is not None:
            q.speaker = source.speaker


_MINOR_WORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "and", "or", "for", "at", "by", "with", "as",
                          "is", "it", "from", "but", "nor"})
_NOT_A_NOUN = frozenset({"he", "she", "they", "it", "we", "i", "you", "the", "a", "an", "and", "or", "but",
                         "according", "as", "in", "on", "at", "to", "from", "when", "while", "after"})


def _names_a_work(text: str, q: _Quote) -> bool:
    """A quoted title or slogan rather than words someone says: Title Case ("NPR's “Wait Wait ... Don't Tell
    Me!”", a song, a book), or a whole quoted sentence used as a modifier ("the “Meth. We're on it.”
    campaign")."""
    from briefsite.extract.attribution import SPEECH

    words = re.findall(r"[^\W\d_][\w'’-]*", q.text)
    content = [w for w in words if w.lower() not in _MINOR_WORDS]
    if len(words) >= 4 and content and all(w[0].isupper() for w in content) and \
            not re.search(r":\s*$", text[: q.start]) and not q.text.isupper():
        return True
    follower = re.match(r"\s+([a-z][a-z-]+)\b", text[q.end: q.end + 40])
    # ... but not a question or exclamation a titled speaker said (`“Why?” prosecutor Tom Brown asked`)
    clause = re.split(r"[.;:!?\"“”]", text[q.end: q.end + 80])[0]
    return bool(q.text.rstrip()[-1:] in ".!?" and follower and follower.group(1) not in SPEECH
                and follower.group(1) not in _NOT_A_NOUN and not _CUE.search(clause))


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47].rstrip() + "..."


def _spans_in(text: str, p: int) -> tuple[list[_Quote], bool]:
    out: list[_Quote] = []
    start: int | None = None
    width = 1  # of the opening mark: two typed single marks (``...'', ‘‘...’’) stand for one double mark
    skip = False
    for i, ch in enumerate(text):
        if skip:
            skip = False
            continue
        pair = text[i: i + 2]
        if start is None:
            # a closing mark typed where an opening one belongs (`said: ”Bird flu ...”`) opens a quote when it
            # stands before a word and after a space or the paragraph start
            if pair in _PAIRED_OPEN:
                start, width, skip = i, 2, True
            elif ch in _OPEN or (ch == "”" and (i == 0 or text[i - 1].isspace()) and text[i + 1: i + 2].isalnum()):
                start, width = i, 1
        elif pair in _PAIRED_CLOSE:
            out.append(_Quote(p, start, i + 2, _clean(text[start + width: i])))
            start, skip = None, True
        elif ch in _CLOSE:
            out.append(_Quote(p, start, i + 1, _clean(text[start + width: i])))
            start = None
    unclosed = start is not None
    if start is not None:
        out.append(_Quote(p, start, len(text), _clean(text[start + width:]), unclosed=True))
    return out, unclosed


def _clean(inner: str) -> str:
    return re.sub(r"\s+", " ", inner).strip().rstrip(",").strip()


def _mask(text: str, quotes: Sequence[_Quote]) -> str:
    chars = list(text)
    for q in quotes:
        for i in range(q.start, min(q.end, len(chars))):
            chars[i] = " "
    return "".join(chars)


_BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z])")
# Titles abbreviated with a full stop before a name: not the end of a sentence.
_HONORIFIC_END = re.compile(r"(?:^|\s)(?:Dr|Mr|Mrs|Ms|Mx|Sen|Rep|Gov|Lt|Gen|Col|Maj|Capt|Sgt|Adm|Cmdr|Prof|Rev|"
                            r"Hon|Supt|Insp|Det|Atty|Sens|Reps|Fr|St)\.$")


def _attribute(q: _Quote, quotes: Sequence[_Quote], p: int, text: str, masked: str, paragraphs: Sequence[str],
               spans: Sequence[Sequence[Span]], locate: Locate, roles: dict[str, str], gender: dict[str, str],
               previous: _Quote | None) -> None:
    para_spans = [s for s in spans[p] if not any(o.start <= s.start < o.end for o in quotes)]
    # Before-window: from the start of the sentence that holds the opening mark.
    sent_start = max((m.end() for m in _BOUNDARY.finditer(text, 0, min(len(text), q.start + 2))
                      if m.end() <= q.start), default=0)
    before = (sent_start, q.start)
    # After-window: up to the next sentence end (the splitter may have cut right after `?"`).
    tail = masked[q.end: q.end + 220]
    # (not at a title's full stop: `“...?” Dr. Roe said`, `“...,” said Lt. Gov. Jane Roe`)
    cut = next((m for m in _BOUNDARY.finditer(tail) if not _HONORIFIC_END.search(tail, 0, m.start() + 1)), None)
    after = (q.end, q.end + (cut.start() + 1 if cut else len(tail)))
    same_paragraph_prev = previous if previous is not None and previous.paragraph == p else None

    # 1. An attribution verb right before the quote ("Esper said, “...", "further stating, “...").
    window = masked[before[0]: before[1]]
    adjacent = re.search(r"(?:" + _CUE.pattern + r")[\s,:]*(?:that\s+)?(?:\w+\s+){0,3}?$", window)
    if adjacent and window.rstrip().endswith((",", ":", "said", "says", "added", "saying", "stating")):
        cue = _last_cue(window)
        if cue is not None:
            who = _speaker_for_cue(masked, before[0] + cue.start(), before[0] + cue.end(), cue.group(0),
                                   para_spans, before, roles, locate, p, spans, gender, allow_after=False,
                                   paragraphs=paragraphs)
            if who is not _NOBODY:
                _set(q, who, masked, para_spans, before, after)
                return
            lead = re.match(r"^\s*(?:[^,\"“”]{0,40},\s*)?(?P<p>[Hh]e|[Ss]he)\s+(?!\w+\s+that\b)", window)
            if lead:  # "During the call, he asked ..., called X a "..." and said, “..."
                _set(q, _resolve_pronoun(lead.group("p").lower(), p, q.start, spans, gender, paragraphs), masked,
                     para_spans, before, after)
                return
            if same_paragraph_prev is not None and same_paragraph_prev.speaker and \
                    locate(p, same_paragraph_prev.start) == locate(p, q.start):
                _set(q, same_paragraph_prev.speaker, masked, para_spans, before, after,
                     via=same_paragraph_prev.via)
                return
    # 2. The words right after the quote (`," said Jeffrey Halley`, `," according to Microsoft CEO ...`).
    region = masked[after[0]: after[1]]
    for cue in _CUE.finditer(region):
        if cue.start() > 90:
            break
        who = _speaker_for_cue(masked, after[0] + cue.start(), after[0] + cue.end(), cue.group(0), para_spans,
                               after, roles, locate, p, spans, gender, allow_after=True,
                               paragraphs=paragraphs)
        if who is not _NOBODY:
            _set(q, who, masked, para_spans, before, after)
            return
    # 3. An attribution anywhere earlier in the sentence ("Noem later tweeted that the ... “needs ...").
    for cue in reversed(list(_CUE.finditer(window))):
        who = _speaker_for_cue(masked, before[0] + cue.start(), before[0] + cue.end(), cue.group(0), para_spans,
                               before, roles, locate, p, spans, gender, allow_after=True,
                               paragraphs=paragraphs)
        if who is not _NOBODY:
            _set(q, who, masked, para_spans, before, after)
            return
    # 4. A quote that continues the previous one: same paragraph, or a paragraph that opens with it.
    if previous is not None and previous.speaker:
        between = masked[previous.end: q.start] if previous.paragraph == p else masked[: q.start]
        continues = previous.paragraph == p or (previous.paragraph == p - 1 and not between.strip())
        # ... unless that paragraph ended on a question it quoted and this paragraph is only a quote: an answer
        answer = previous.paragraph == p - 1 and previous.text.rstrip().endswith("?") and \
            not masked[: q.start].strip() and not re.search(r"[A-Za-z]", masked[q.end:]) and \
            not re.search(r"[A-Za-z]", _mask(paragraphs[p - 1], [previous])[previous.end:])
        if continues and not answer:
            q.speaker, q.via = previous.speaker, previous.via
            return
    if p > 0 and not masked[: q.start].strip() and paragraphs[p - 1].rstrip().endswith(":"):
        prev_text = paragraphs[p - 1]
        cue = _last_cue(prev_text)
        if cue is not None:
            who = _speaker_for_cue(prev_text, cue.start(), cue.end(), cue.group(0), spans[p - 1],
                                   (0, len(prev_text)), roles, locate, p - 1, spans, gender, allow_after=True,
                                   paragraphs=paragraphs)
            if who is not _NOBODY:
                q.speaker = who
    return


_LABEL_TAIL = re.compile(
    r",\s+(?:speaking|writing|testifying|responding|replying|answering|addressing|asked|interviewed|posting|"
    r"tweeting)\b[^:;]{0,80}"
    rf"|(?:,\s+in|['’]s?)\s+(?:(?:a|an|his|her|their|its|the)\s+)?(?:[\w-]+\s+)?"
    rf"(?:{'|'.join(sorted(STATEMENT_NOUNS | {'interview', 'speech', 'remarks', 'testimony', 'op-ed', 'essay'}))})"
    r"\b[^:;]{0,60}"
    r"|\s+on\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,4}")
_SPEAKS = re.compile(r"\s+(?:\w+ly\s+)?(?:said|says|told|tells|added|adds|wrote|writes|stated|explained)\b")
_AFFILIATED = re.compile(r"\s+(?:of|at|from|with|for)\s+(?:the\s+)?")


class _Nobody:
    """Sentinel: no attribution found here (distinct from None = attributed to no named speaker)."""


_NOBODY: Any = _Nobody()


def _last_cue(window: str) -> re.Match[str] | None:
    cues = list(_CUE.finditer(window))
    return cues[-1] if cues else None


def _speaker_for_cue(text: str, cs: int, ce: int, cue: str, para_spans: Sequence[Span], window: tuple[int, int],
                     roles: dict[str, str], locate: Locate, p: int, spans: Sequence[Sequence[Span]],
                     gender: dict[str, str], allow_after: bool, paragraphs: Sequence[str] = ()) -> Any:
    """The named speaker of one attribution verb; None when its subject is not a name ("the statement
    said"); _NOBODY when this verb does not attribute anything."""
    if cue not in _OBJECT_ONLY:
        for s in sorted(para_spans, key=lambda s: -s.end):
            if s.end <= cs and s.kind in ("PERSON", "ORG") and s.start >= window[0] - 200:
                gap = text[s.end: cs]
                if re.fullmatch(rf"(?:['’]s?)?\s*{_APPOSITIVE}{_FILLER}", gap):
                    if cue in ("quoted", "quoting"):
                        break  # "The Wall Street Journal quoted X": the journal is the outlet
                    # "analyst Jane Roe of Acme said": the person the organization qualifies speaks
                    member = next((m for m in para_spans if m.kind == "PERSON" and m.end <= s.start and
                                   _AFFILIATED.fullmatch(text[m.end: s.start])), None) if s.kind == "ORG" else None
                    return member.name if member is not None else s.name
        head = text[max(0, cs - 60): cs]
        pron = _PRONOUN_BEFORE.search(head)
        if pron:
            return _resolve_pronoun(pron.group("p").lower(), p, cs, spans, gender, paragraphs)
        noun = _NOUN_SUBJECT.search(head)
        if noun and noun.group("noun").split()[-1].lower() not in {"and", "or", "but", "then", "also"}:
            return _role_person(noun.group("noun"), roles)
    if (cue not in _SUBJECT_ONLY and allow_after) or cue in _OBJECT_ONLY or cue in ("quoted", "quoting"):
        for s in sorted(para_spans, key=lambda s: s.start):
            if s.start >= ce and s.kind in ("PERSON", "ORG"):
                gap = text[ce: s.start]
                if len(gap) > 60 or re.search(r"[.;:!?\"“”]", gap):
                    break
                if re.fullmatch(r"\s+(?:(?:[A-Z][\w.&'’-]*|of|and|the|chief|executive|vice|senior|"
                                r"co-founder|president|chairman|analyst|spokes\w+|director|minister)[\s,]+){0,6}",
                                gap):
                    later = [t for t in para_spans if t.start >= s.start and t.start - ce <= 60
                             and t.kind == "PERSON"]
                    if s.kind == "ORG" and later and re.fullmatch(r"[\s\w.,'’&-]*", text[s.end: later[0].start]):
                        return later[0].name  # "according to Microsoft CEO Satya Nadella"
                    return s.name
                break
    return _NOBODY


def _role_person(noun: str, roles: dict[str, str]) -> str | None:
    """"the president said" -> the one person whose role is president; None when it names no person."""
    word = noun.split()[-1].lower()
    matches = [person for person, role in roles.items() if word in role.lower().split()]
    return matches[0] if len(matches) == 1 else None


def _resolve_pronoun(pronoun: str, p: int, offset: int, spans: Sequence[Sequence[Span]],
                     gender: dict[str, str], paragraphs: Sequence[str] = ()) -> str | None:
    """The person a "he"/"she" stands for: the first person of that gender named earlier in the same
    paragraph (the one the paragraph is about: "Roe declined to say whether Doe knew, ... she said"), else the
    first one named in the nearest paragraph before that names one. Names inside quotes are not candidates:
    the speaker is not the one spoken of."""
    want = "m" if pronoun == "he" else "f"
    text_here = paragraphs[p][:offset] if p < len(paragraphs) else ""
    if not any(s.kind == "PERSON" and s.start < offset for s in spans[p]) and _UNNAMED_SPEAKER.search(
            _QUOTED.sub(" ", text_here)):
        return None  # "“...,” says a doctor from Hebron. ... “...,” he says": the unnamed one goes on

    def people(row: int, limit: int | None) -> list[Span]:
        text = paragraphs[row] if row < len(paragraphs) else ""
        # "the Moon" is no person a "he" can stand for, whatever the entity model says
        return [s for s in spans[row] if s.kind == "PERSON" and (limit is None or s.start < limit)
                and (not text or (_outside_quotes(text, s.start) and not _THE_BEFORE.search(text, 0, s.start)))]

    for row, limit in [(p, offset), *((r, None) for r in range(p - 1, max(-1, p - 4), -1))]:
        found = [s for s in people(row, limit) if gender.get(s.name, want) == want]
        if found and row != p:
            # an earlier paragraph: the one it is most about ("At the time Doe was working, Roe ... Roe ...")
            counts = Counter(s.name for s in found)
            return max(counts, key=lambda name: (counts[name], -next(i for i, s in enumerate(found)
                                                                      if s.name == name)))
        if found:
            return found[0].name
    return None


def _set(q: _Quote, who: str | None, masked: str, para_spans: Sequence[Span], before: tuple[int, int],
         after: tuple[int, int], via: str | None = None) -> None:
    q.speaker = who
    q.via = via or _via(masked, para_spans, before, after)


def _via(masked: str, para_spans: Sequence[Span], before: tuple[int, int], after: tuple[int, int]) -> str | None:
    """The outlet the words were said to: "told The Wall Street Journal", "in an interview with ...",
    "The Wall Street Journal quoted ...", "said on CNBC's ..."."""
    for s in para_spans:
        if s.kind != "ORG" or not (before[0] <= s.start < after[1]):
            continue
        lead = masked[max(before[0], s.start - 40): s.start]
        if _VIA.search(lead):
            return s.name
        if re.match(r"\s+quoted\b", masked[s.end: s.end + 10]):
            return s.name
    return None
