"""Who said a quote, read from the sentence's dependency parse (spaCy's parser): the subject of the speech
verb nearest the quote, climbing from "adding"/"saying" to the verb that has a subject; the entity inside that
subject (apposition, compound title, "a spokesperson for X", "Analyst NAME of FIRM"); "according to X"; a
pronoun resolved to the last named person of that gender; "the company" to the last organization named.

Pure: works on one parsed sentence plus the paragraph's resolved entity spans.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


class Span(Protocol):
    """A resolved entity mention inside a paragraph (quotes.Span): offsets, kind and canonical name."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...

SPEECH = frozenset({
    "said", "says", "say", "told", "tells", "added", "adds", "adding", "continued", "continues", "wrote",
    "writes", "tweeted", "stated", "states", "stating", "saying", "explained", "explains", "noted", "notes",
    "announced", "announces", "declared", "asked", "argued", "argues", "insisted", "recalled", "quipped",
    "urged", "warned", "warns", "replied", "responded", "commented", "remarked", "posted", "acknowledged",
    "admitted", "conceded", "cautioned", "predicted", "claimed", "claims", "described", "called", "reads",
    "read", "confirmed", "emphasized", "stressed", "suggested", "believes", "thinks", "according",
})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "ccomp", "acl", "relcl", "pcomp"})
# Subjects that stand for the organization last named ("the company said", "a spokeswoman said").
COMPANY_NOUNS = frozenset({
    "company", "firm", "group", "bank", "retailer", "agency", "ministry", "department", "newspaper", "paper",
    "government", "maker", "carmaker", "automaker", "startup", "insurer", "lender", "airline", "network",
    "spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative", "office", "label",
    "organization", "organisation", "campaign", "coalition", "union", "studio", "platform", "service",
})
# Subjects that stand for whoever issued them ("the statement read", "the release said").
STATEMENT_NOUNS = frozenset({"statement", "release", "letter", "memo", "post", "tweet", "filing", "notice",
                             "announcement", "email", "note"})
_HE, _SHE = frozenset({"he"}), frozenset({"she"})
_ORG_PRONOUNS = frozenset({"it", "they", "we"})

Resolver = Callable[[str], "str | None"]
NOBODY: Any = object()  # no attribution in this sentence (distinct from None: attributed to no named speaker)


def speaker_from_parse(doc: Doc, offset: int, quote: tuple[int, int], quotes: Sequence[tuple[int, int]],
                       spans: Sequence[Span], pronoun: Resolver, last_org: Callable[[int, str], str | None],
                       role_person: Resolver, known: Resolver | None = None) -> Any:
    """The speaker of the quote at paragraph offsets `quote` in the parsed sentence `doc` (which starts at
    paragraph offset `offset`); NOBODY when no speech verb outside the quotes governs it."""
    def outside(tok: Token) -> bool:
        at = offset + tok.idx
        return not any(a <= at < b for a, b in quotes)

    cues = [t for t in doc if outside(t) and t.text.lower() in SPEECH]
    if not cues:
        return NOBODY

    def distance(tok: Token) -> int:
        at = offset + tok.idx
        return min(abs(at - quote[1]), abs(quote[0] - at))

    for cue in sorted(cues, key=distance):
        if cue.text.lower() == "according":
            target = next((c for c in cue.children if c.text.lower() == "to"), None)
            objects = [c for c in target.children if c.dep_ == "pobj"] if target is not None else []
            if objects:
                who = _entity_in(objects[0], offset, spans, outside, pronoun, last_org, role_person)
                if who is not NOBODY:
                    return who
            continue
        if cue.text.lower() in ("quoted", "quoting", "cited", "citing"):
            # "The Journal quoted X saying ...": the one quoted is the speaker, the subject the outlet
            objects = [c for c in cue.children if c.dep_ == "dobj" and outside(c)]
            who = _entity_in(objects[0], offset, spans, outside, pronoun, last_org, role_person) \
                if objects else NOBODY
            if who is not NOBODY:
                return who
            continue
        verb = cue
        while not any(c.dep_ in _SUBJECT_DEPS and outside(c) for c in verb.children) and \
                verb.dep_ in _CLIMB_DEPS and verb.head is not verb and outside(verb.head):
            head = verb.head
            if verb.dep_ == "acl":  # "X saying ...", "a letter stating ...": the noun it modifies
                named = _entity_in(head, offset, spans, outside, pronoun, last_org, role_person, strict=True)
                if named is not NOBODY:
                    return named
                if head.dep_ in ("dobj", "pobj") and head.head is not head:
                    head = head.head  # "sent a letter stating": the one who sent it
            verb = head
        if verb.text.lower() in ("quoted", "quoting", "cited", "citing") and verb is not cue:
            objects = [c for c in verb.children if c.dep_ == "dobj" and outside(c)]
            if objects:
                who = _entity_in(objects[0], offset, spans, outside, pronoun, last_org, role_person)
                if who is not NOBODY:
                    return who
        # the subject nearest the verb first: a misparse can give two ("Wikileaks editor Jane Roe said")
        subjects = sorted((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and outside(c)),
                          key=lambda c: abs(c.i - verb.i))
        for subject in subjects:
            who = _entity_in(subject, offset, spans, outside, pronoun, last_org, role_person, known=known)
            if who is not NOBODY:
                return who
    return NOBODY


def _entity_in(head: Token, offset: int, spans: Sequence[Span], outside: Callable[[Token], bool],
               pronoun: Resolver, last_org: Callable[[int, str], str | None], role_person: Resolver,
               strict: bool = False, known: Resolver | None = None) -> Any:
    """The named speaker a subject phrase stands for; with `strict`, only a name inside the phrase."""
    def span_of(tok: Token) -> Span | None:
        at = offset + tok.idx
        return next((s for s in spans if s.start <= at < s.end and s.kind in ("PERSON", "ORG")), None)

    own = span_of(head)
    if own is not None and own.kind == "PERSON":
        return own.name
    # the phrase itself, not a clause hanging on it ("The statement, which was obtained by Variety, ...")
    clauses = [t for c in head.children if c.dep_ in ("relcl", "acl", "advcl", "ccomp") for t in c.subtree]
    inside = [span_of(t) for t in head.subtree if outside(t) and t not in clauses]
    people = [s for s in inside if s is not None and s.kind == "PERSON"]
    if people:
        return people[0].name  # "Acme President Jane Roe", "Analyst John Smith of Globex"
    if own is not None:
        return own.name
    orgs = [s for s in inside if s is not None and s.kind == "ORG"]
    if orgs:
        return orgs[0].name  # "a spokesperson for Acme", "Acme's chief"
    if strict:
        return NOBODY
    if head.text[:1].isupper() and head.text.isalpha() and len(head.text) > 2 and known is not None:
        found = known(head.text)  # a name the entity model missed here: "Ms Persson said"
        if found is not None:
            return found
    word = head.text.lower()
    if word in _HE or word in _SHE:
        return pronoun(word)
    if word == "they":
        return pronoun(word)  # a person just named ("a spokesperson ... they said"), else the organization
    if word in _ORG_PRONOUNS or word in COMPANY_NOUNS:
        return last_org(offset + head.idx, word)
    if word in STATEMENT_NOUNS:
        return last_org(offset + head.idx, word)  # "the statement read": whoever issued it
    if head.pos_ in ("NOUN", "PROPN") or head.text[:1].islower():
        return role_person(head.text)
    return NOBODY
