"""Who said a quote, read from the sentence's dependency parse (spaCy's parser): the subject of the speech
verb nearest the quote, climbing from "adding"/"saying" to the verb that has a subject; the entity inside that
subject (apposition, compound title, "a spokesperson for X", "Analyst NAME of FIRM"); "according to X"; a
pronoun resolved to the last named person of that gender; "the company" to the last organization named.

Pure: works on one parsed sentence plus the paragraph's resolved entity spans.
"""

from __future__ import annotations

import re
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

# Reporting verbs by lemma (the parse runs without a lemmatizer, so their inflections are spelled out below).
# The set the quote-attribution literature uses (textacy's reporting verbs, Pareti's PARC cues) plus the verbs
# of a spoken exchange ("interjected", "countered", "joked").
REPORTING = (
    "say", "tell", "add", "continue", "write", "tweet", "state", "explain", "note", "announce", "declare", "ask",
    "argue", "insist", "recall", "quip", "urge", "warn", "reply", "respond", "comment", "remark", "post",
    "acknowledge", "admit", "concede", "caution", "predict", "claim", "describe", "confirm", "emphasize",
    "emphasise", "stress", "suggest", "believe", "think", "interject", "counter", "rejoin", "joke", "conclude",
    "observe", "testify", "agree", "complain", "contend", "maintain", "assert", "recount", "muse", "exclaim",
    "retort", "boast", "concur", "elaborate", "promise", "vow", "pledge", "reiterate", "demand", "allege",
    "mention", "lament", "shout", "yell", "whisper", "sigh", "laugh", "answer", "wonder", "query", "pose",
    # verbs that disclose or share words, and verbs of judging that take the judge's own words ("slammed the
    # plan as “...”", "hailed it as “...”", "branded it “...”"): the subject is the one quoted
    "point", "share", "text", "email", "reveal", "disclose", "confide", "confess", "reflect", "clarify", "echo",
    "opine", "reason", "fume", "scoff", "snap", "blast", "slam", "criticize", "criticise", "praise", "hail", "dub",
    "label", "brand", "characterize", "characterise", "accuse", "deny", "assure", "reassure", "inform", "advise",
    "recommend", "proclaim", "threaten", "plead", "beg", "summarize", "summarise",
    # the rest of textacy's reporting verbs (Apache-2.0, textacy.extract.triples): verbs of hope and worry
    # report the subject's own words as much as "say" does ("she fears the plan would “...”")
    "blame", "disagree", "estimate", "fear", "hope", "worry", "scream", "chime", "report",
)
_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "think": ("thought",),
              "quip": ("quipped", "quipping"), "admit": ("admitted", "admitting"), "snap": ("snapped", "snapping"),
              "slam": ("slammed", "slamming"), "dub": ("dubbed", "dubbing"), "beg": ("begged", "begging"),
              "label": ("labeled", "labelled", "labelling")}


def inflections(lemma: str) -> set[str]:
    """The forms of a regular English verb (plus the irregular ones listed): say -> says, saying, said."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma[:-1] + "ies" if lemma.endswith("y") and lemma[-2] not in "aeiou" else (
        lemma + "es" if lemma.endswith(("sh", "ch", "s", "x")) else lemma + "s")
    past = lemma[:-1] + "ied" if lemma.endswith("y") and lemma[-2] not in "aeiou" else stem + "ed"
    return {lemma, third, stem + "ing", *(_IRREGULAR.get(lemma) or (past,))}


# Base and -s forms that are more often nouns ("in a Facebook post", "his remarks", "the answer").
_NOUNISH = frozenset({
    "post", "posts", "note", "comment", "comments", "remark", "remarks", "answer", "answers", "claim", "promise",
    "promises", "vow", "vows", "pledge", "pledges", "demand", "demands", "sigh", "sighs", "laugh", "laughs",
    "query", "queries", "counter", "counters", "state", "muse", "muses", "tweet", "tweets", "joke", "jokes",
    "stress", "caution", "reply", "replies", "pose", "poses", "whisper", "whispers", "shout", "shouts",
    "retort", "retorts", "boast", "boasts", "lament", "laments", "mention", "mentions", "yell", "yells",
    "point", "points", "share", "shares", "text", "texts", "email", "emails", "echo", "echoes", "snap", "snaps",
    "blast", "blasts", "slam", "slams", "praise", "hail", "label", "labels", "brand", "brands", "plead", "reason",
    "reasons", "fume", "fumes", "scoff", "scoffs", "dub", "beg", "reflect", "report", "reports", "estimate",
    "estimates", "fear", "fears", "hope", "hopes", "worry", "worries", "blame", "scream", "screams",
})
SPEECH = frozenset({form for lemma in REPORTING for form in inflections(lemma)} - _NOUNISH |
                   {"called", "calling", "reads", "read", "according"})
# ... which are cues where the parse makes them a verb ("allowed her to claim that ...").
_NOUNISH_VERBS = frozenset(_NOUNISH & {form for lemma in REPORTING for form in inflections(lemma)})
_VERBAL_DEPS = frozenset({"ROOT", "xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "parataxis", "pcomp"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "ccomp", "acl", "relcl", "pcomp"})
# Subjects that stand for the organization last named ("the company said", "a spokeswoman said").
COMPANY_NOUNS = frozenset({
    "company", "firm", "group", "bank", "retailer", "agency", "ministry", "department", "newspaper", "paper",
    "government", "maker", "carmaker", "automaker", "startup", "insurer", "lender", "airline", "network",
    "spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative", "office", "label",
    "organization", "organisation", "campaign", "coalition", "union", "studio", "platform", "service",
})
# ... and institutions, which stand for one only when the text names one with that noun at the end of its name
# ("the association said" after "the Valley Teachers Association").
INSTITUTION_NOUNS = frozenset({
    "association", "council", "committee", "commission", "board", "authority", "university", "college", "school",
    "foundation", "institute", "party", "federation", "league", "society", "administration", "court", "hospital",
    "museum", "club", "center", "centre", "corporation", "alliance", "institution",
})
# Titles a person holds: "the mayor said" after the mayor was named stands for that person (an epithet).
PERSON_TITLES = frozenset({
    "president", "chairman", "chairwoman", "founder", "co-founder", "analyst", "strategist", "economist",
    "secretary", "minister", "governor", "senator", "lawmaker", "congressman", "congresswoman", "mayor",
    "leader", "director", "manager", "editor", "professor", "attorney", "lawyer", "judge", "ambassador",
    "commissioner", "chief", "coach", "chancellor", "prosecutor", "administrator", "ceo", "executive",
    "premier", "candidate", "nominee", "author", "researcher", "scientist", "doctor", "physician",
    # nouns for what a person does or is, as a story calls back the one it just named ("the retired teacher said")
    "advocate", "activist", "organizer", "organiser", "veteran", "actor", "actress", "singer", "rapper", "star",
    "player", "quarterback", "pitcher", "striker", "owner", "entrepreneur", "billionaire", "investor", "engineer",
    "teacher", "nurse", "farmer", "legislator", "incumbent", "challenger", "novelist", "writer", "poet",
    "filmmaker", "musician", "artist", "designer", "architect", "historian", "expert", "sheriff", "detective",
})
# Subjects that stand for whoever issued them ("the statement read", "the release said").
# Documents an organization issues, which "say", "read" or "find" what they quote ("the lawsuit, filed by the
# Tenants Union, says ...", "the study found that “...”"): their issuer speaks, when the text names it.
DOCUMENT_NOUNS = frozenset({"lawsuit", "suit", "complaint", "report", "study", "survey", "petition", "ruling",
                            "motion", "indictment", "document", "audit", "analysis", "brief", "transcript"})
# Verbs a document states its findings with (a speech cue only when a document is their subject).
FINDING = frozenset({"found", "finds", "shows", "showed", "concludes", "concluded", "warns", "warned"})
STATEMENT_NOUNS = frozenset({"statement", "release", "letter", "memo", "post", "tweet", "filing", "notice",
                             "announcement", "email", "note", *DOCUMENT_NOUNS})
_HE, _SHE = frozenset({"he"}), frozenset({"she"})
# Nouns for what someone said: "his reply", "her message".
SPEECH_NOUNS = frozenset({"message", "reply", "response", "answer", "words", "comment", "comments", "remarks",
                          "retort", "verdict", "advice", "explanation", "argument", "view", "warning", "plea"})
_SPOKES = frozenset({"spokesperson", "spokesman", "spokeswoman"})
_ORG_PRONOUNS = frozenset({"it", "they"})  # a narrator's "we" is the writer or outlet: nobody named

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

    cues = [t for t in doc if outside(t) and (t.text.lower() in SPEECH or (
        t.text.lower() in _NOUNISH_VERBS and t.dep_ in _VERBAL_DEPS) or (t.text.lower() == "per" and t.dep_ == "prep")
        or _puts_it(t) or _goes_on(t) or _in_words_of(t) or _quoted_as(t) or _document_finds(t))]
    if not cues:
        return _complement_of_person(doc, offset, quote, spans, outside, pronoun)

    def distance(tok: Token) -> int:
        at = offset + tok.idx
        return min(abs(at - quote[1]), abs(quote[0] - at))

    for cue in sorted(cues, key=distance):
        if cue.text.lower() == "according":
            said_by = [c for c in cue.head.children if c.dep_ in _SUBJECT_DEPS and outside(c)] \
                if cue.head.i != cue.i and cue.head.text.lower() in SPEECH and outside(cue.head) else []
            if said_by:
                # "“...,” Roe said, according to the Ledger": the one who said it, as the outlet reports (nobody
                # named when the subject names no one the text knows, never the outlet)
                who = _entity_in(said_by[0], offset, spans, outside, pronoun, last_org, role_person, known=known)
                return None if who is NOBODY else who
            target = next((c for c in cue.children if c.text.lower() == "to"), None)
            objects = [c for c in target.children if c.dep_ == "pobj"] if target is not None else []
            if not objects and target is not None and target.i + 1 < len(doc):
                # the parser lost the object in a name it misread ("According to Will Roe": "Will" an
                # auxiliary): the entity that starts right after "to"
                at = offset + doc[target.i + 1].idx
                named = next((s for s in spans if s.start == at and s.kind in ("PERSON", "ORG")), None)
                if named is not None:
                    return named.name
            if objects:
                who = _entity_in(objects[0], offset, spans, outside, pronoun, last_org, role_person)
                if who is not NOBODY:
                    return who
            continue
        if cue.text.lower() == "per" and len(cues) == 1:
            # "“...,” per coach Bill Hardy": a named person, when no other verb reports the words ("one user
            # wrote, per Jane Roe" credits the reporter who relayed them); "per the filing" names nobody
            # (the parser often ends the sentence on the name: the words after "per" up to a punctuation mark)
            for tok in doc[cue.i + 1: cue.i + 6]:
                if tok.is_punct:
                    break
                at = offset + tok.idx
                person = next((s for s in spans if s.start <= at < s.end and s.kind == "PERSON"), None)
                if person is not None:
                    return person.name
            continue
        if cue.text.lower() == "per":
            continue
        if _in_words_of(cue):
            # "In Roe's words, “...”", "in the words of Jane Roe, “...”": the owner of the words
            owners = [c for c in cue.children if c.dep_ == "poss"] or [
                g for c in cue.children if c.dep_ == "prep" and c.text.lower() == "of"
                for g in c.children if g.dep_ == "pobj"]
            who = _entity_in(owners[0], offset, spans, outside, pronoun, last_org, role_person, known=known) \
                if owners else NOBODY
            if who is not NOBODY:
                return who
            continue
        if cue.text.lower() in ("quoted", "quoting", "cited", "citing"):
            # "The Journal quoted X saying ...": the one quoted is the speaker, the subject the outlet;
            # "X was quoted as saying": the passive subject
            objects = [c for c in cue.children if c.dep_ in ("dobj", "nsubjpass") and outside(c)]
            who = _entity_in(objects[0], offset, spans, outside, pronoun, last_org, role_person, known=known) \
                if objects else NOBODY
            if who is not NOBODY:
                return who
            continue
        verb = cue
        if cue.dep_ == "relcl" and any(c.dep_ in _SUBJECT_DEPS and c.text.lower() in ("who", "which", "that")
                                       for c in cue.children):
            # "said Jane Roe, who added that “...”": the one the relative clause is about
            named = _entity_in(cue.head, offset, spans, outside, pronoun, last_org, role_person, strict=True)
            if named is not NOBODY:
                return named
        while not any(c.dep_ in _SUBJECT_DEPS and outside(c) for c in verb.children) and \
                verb.dep_ in _CLIMB_DEPS and verb.head.i != verb.i and outside(verb.head):
            head = verb.head
            if verb.dep_ == "xcomp":  # "allowed Roe to claim ...", "asked Roe to say ...": the object says it
                objects = [c for c in head.children if c.dep_ == "dobj" and outside(c) and c.i < verb.i]
                if objects:
                    named = _entity_in(objects[0], offset, spans, outside, pronoun, last_org, role_person,
                                       strict=True)
                    if named is not NOBODY:
                        return named
            if verb.dep_ == "acl":  # "X saying ...", "a letter stating ...": the noun it modifies
                named = _entity_in(head, offset, spans, outside, pronoun, last_org, role_person, strict=True)
                if named is not NOBODY:
                    return named
                if head.dep_ in ("dobj", "pobj") and head.head.i != head.i:
                    head = head.head  # "sent a letter stating": the one who sent it
            verb = head
        if verb.text.lower() in ("quoted", "quoting", "cited", "citing") and verb.i != cue.i:
            objects = [c for c in verb.children if c.dep_ == "dobj" and outside(c)]
            if objects:
                who = _entity_in(objects[0], offset, spans, outside, pronoun, last_org, role_person)
                if who is not NOBODY:
                    return who
        # a passive speech verb names the speaker in its agent ("it was announced by Acme")
        agents = [g for c in verb.children if c.dep_ == "agent" and outside(c) for g in c.children
                  if g.dep_ == "pobj" and outside(g)]
        if agents:
            who = _entity_in(agents[0], offset, spans, outside, pronoun, last_org, role_person, known=known)
            if who is not NOBODY:
                return who
        # the subject nearest the verb first: a misparse can give two ("Wikileaks editor Jane Roe said")
        subjects = sorted((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and outside(c)),
                          key=lambda c: abs(c.i - verb.i))
        if not subjects and verb.text.lower() in _INVERTING:
            # "“...,” read a statement issued by Acme": the inverted subject, parsed as the object
            subjects = [c for c in verb.children if c.dep_ == "dobj" and outside(c) and c.i > verb.i
                        and c.text.lower() in STATEMENT_NOUNS]
        for subject in subjects:
            who = _entity_in(subject, offset, spans, outside, pronoun, last_org, role_person, known=known)
            if who is not NOBODY:
                return who
        if not subjects and verb.i == cue.i:
            who = _inverted_subject(doc, offset, quote, verb, spans, outside)
            if who is not None:
                return who
    return NOBODY


# (not "attr": "Roe was “a fierce advocate for ...”" is more often someone else's label for Roe)
_COMPLEMENT_DEPS = frozenset({"dobj", "acomp", "xcomp", "ccomp", "oprd"})
# Verbs whose subject undergoes or receives what is quoted rather than says it: "Roe faces “up to 20 years
# in prison”", "Roe received “a standing ovation from ...”".
_UNDERGOING = frozenset({form for lemma in ("face", "receive", "get", "earn", "win", "lose", "serve", "suffer",
                                            "undergo", "deserve", "become", "hear", "read", "watch", "sign")
                         for form in inflections(lemma)} |
                        {"got", "gotten", "getting", "won", "winning", "lost", "became", "heard", "underwent",
                         "undergone"})


def _complement_of_person(doc: Doc, offset: int, quote: tuple[int, int], spans: Sequence[Span],
                          outside: Callable[[Token], bool], pronoun: Resolver) -> Any:
    """With no speech verb in the sentence, a quote that is the object or complement of a verb whose subject is
    a named person (or "he"/"she") is that person's words: "Roe wants “a full accounting of ...”", "Roe is
    “very worried about ...”"; NOBODY for any other quote (an organization's or an unnamed subject's, a
    passive one: "Roe was charged with “...”")."""
    inside = [t for t in doc if quote[0] <= offset + t.idx < quote[1]]
    tops = [t for t in inside if t.head.i != t.i and not quote[0] <= offset + t.head.idx < quote[1]
            and not t.is_punct]
    if len(tops) != 1 or tops[0].dep_ not in _COMPLEMENT_DEPS or not outside(tops[0].head) or \
            tops[0].head.text.lower() in _UNDERGOING or \
            any(not t.is_punct and not quote[0] <= offset + t.idx < quote[1] for t in tops[0].subtree):
        return NOBODY  # (the quote must be the whole complement: "backed the “one big bill”" names a thing)
    subjects = [c for c in tops[0].head.children if c.dep_ == "nsubj" and outside(c)]
    if len(subjects) != 1:
        return NOBODY
    at = offset + subjects[0].idx
    person = next((s for s in spans if s.start <= at < s.end and s.kind == "PERSON"), None)
    if person is not None:
        return person.name
    word = subjects[0].text.lower()
    if word in _HE or word in _SHE:
        who = pronoun(word)
        return who if who is not None else NOBODY
    return NOBODY


def _inverted_subject(doc: Doc, offset: int, quote: tuple[int, int], verb: Token, spans: Sequence[Span],
                      outside: Callable[[Token], bool]) -> str | None:
    """The name between a quote and its speech verb when the parser gave the verb no subject (it hung the
    phrase on the quoted clause): "“...,” the museum's director, Jane Roe, said"; None unless only that
    phrase (no other verb) stands between them."""
    between = [t for t in doc[: verb.i] if offset + t.idx >= quote[1]]
    if not between or len(between) > 14 or not all(outside(t) for t in between) or \
            any(t.pos_ in ("VERB", "AUX") for t in between):
        return None
    start, end = offset + between[0].idx, offset + verb.idx
    named = [s for s in spans if start <= s.start and s.end <= end and s.kind in ("PERSON", "ORG")]
    people = [s for s in named if s.kind == "PERSON"]
    return people[-1].name if people else (named[-1].name if len(named) == 1 else None)


# Verbs a quote's source follows ("“...,” read the statement"), so the parser may take it for their object.
_INVERTING = frozenset({"read", "reads", "said", "says", "stated", "states", "added", "adds"})


def _puts_it(tok: Token) -> bool:
    """"As Roe put it", "Roe puts it this way": the idiom reports words like a speech verb."""
    return tok.text.lower() in ("put", "puts", "putting") and \
        any(c.dep_ == "dobj" and c.text.lower() == "it" for c in tok.children)


def _goes_on(tok: Token) -> bool:
    """"“...,” she went on": the phrasal verb of continuing (PARC's "go on") reports words like "continued"."""
    return tok.text.lower() in ("go", "goes", "going", "went", "gone") and \
        any(c.dep_ in ("prt", "prep", "advmod") and c.text.lower() == "on" and c.i == tok.i + 1 for c in tok.children)


def _document_finds(tok: Token) -> bool:
    """"The study found that “...”": a document's finding, quoted, is its issuer's words."""
    return tok.text.lower() in FINDING and any(c.dep_ in _SUBJECT_DEPS and c.text.lower() in DOCUMENT_NOUNS
                                                for c in tok.children)


def _quoted_as(tok: Token) -> bool:
    """"Roe was quoted as saying": the passive subject is the speaker."""
    return tok.text.lower() == "quoted" and any(c.dep_ == "nsubjpass" for c in tok.children)


def _in_words_of(tok: Token) -> bool:
    """"in Roe's words", "in the words of Roe": a phrase that says whose words follow."""
    return tok.text.lower() == "words" and tok.dep_ == "pobj" and tok.head.text.lower() == "in" and (
        any(c.dep_ == "poss" and c.text.lower() not in ("my", "our", "your") for c in tok.children)
        or any(c.dep_ == "prep" and c.text.lower() == "of" for c in tok.children))


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
    if head.text.lower() in STATEMENT_NOUNS:
        # "a statement issued by Acme", "a letter signed by Jane Roe": the one who issued it
        issuers = [g for c in head.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"
                   for g in a.children if g.dep_ == "pobj" and outside(g)]
        if issuers:
            who = _entity_in(issuers[0], offset, spans, outside, pronoun, last_org, role_person, strict=True)
            if who is not NOBODY:
                return who
    # the phrase itself, not a clause hanging on it ("The statement, which was obtained by Variety, ...")
    clauses = {t.i for c in head.subtree if c.dep_ in ("relcl", "acl", "advcl", "ccomp") and c.i != head.i
               for t in c.subtree}
    tokens = [t for t in head.subtree if outside(t) and t.i not in clauses]
    inside = [span_of(t) for t in tokens]
    people = [s for s in inside if s is not None and s.kind == "PERSON"]
    if people:
        return people[0].name  # "Acme President Jane Roe", "Analyst John Smith of Globex"
    if own is not None:
        return own.name
    # an organization the subject belongs to ("a spokesperson for Acme", "Acme's chief", "a study by Acme"),
    # not one it is merely in or on ("one user on Weibo")
    orgs = [s for t, s in zip(tokens, inside, strict=True)
            if s is not None and s.kind == "ORG" and _affiliated(t, head)]
    if orgs and _anonymous(head, tokens, inside):
        return None  # "one Weibo commenter said", "a Globex customer said": someone unnamed, not the platform
    if orgs:
        return orgs[0].name  # "a spokesperson for Acme", "Acme's chief"
    if strict:
        return NOBODY
    at = offset + head.idx
    place = next((s for s in spans if s.start <= at < s.end and s.kind == "PLACE"), None)
    if place is not None:
        # a place name as the subject of a speech verb speaks as a body ("China said", "Detroit said" for a
        # team the article names in full): the name as stated, credited to the article's entity after
        return place.name
    if head.text[:1].isupper() and head.text.isalpha() and len(head.text) > 2 and known is not None and \
            not (head.text.lower() in PERSON_TITLES and any(c.dep_ == "det" for c in head.children)):
        # ("the CEO said" is a title, not a surname: never "Mills CEO" from "Oakridge Mills CEO Jane Roe")
        found = known(head.text)  # a name the entity model missed here: "Ms Persson said"
        if found is not None:
            return found
    word = head.text.lower()
    if word in _HE or word in _SHE:
        return pronoun(word)
    if word in SPEECH_NOUNS:  # "Her answer was short: “...”": the words are hers (not "his lawyer said")
        owner = next((c.text.lower() for c in head.children if c.dep_ == "poss"), "")
        if owner in ("his", "her"):
            return pronoun("he" if owner == "his" else "she")
    if word == "they":
        return pronoun(word)  # a person just named ("a spokesperson ... they said"), else the organization
    if word in _SPOKES and any(c.dep_ == "det" and c.text.lower() == "the" for c in head.children):
        named = role_person(f"given {word}")  # "the spokeswoman said" after "Jane Roe, a spokeswoman for Acme,"
        if named is not None:
            return named
    if word in _ORG_PRONOUNS or word in COMPANY_NOUNS:
        return last_org(offset + head.idx, word)
    if word in INSTITUTION_NOUNS and any(c.dep_ in ("det", "poss") and c.text.lower() in ("the", "its", "their")
                                         for c in head.children):
        return last_org(offset + head.idx, word)
    kind = next((c.text.lower() for c in head.children if c.dep_ == "compound" and c.text.lower() in COMPANY_NOUNS),
                None)
    if word in _MEMBERS and kind is not None:
        return last_org(offset + head.idx, kind)  # "a bank official said": one who speaks for the bank
    if word in STATEMENT_NOUNS:
        return last_org(offset + head.idx, word)  # "the statement read": whoever issued it
    age = re.search(r"(\d+)\s*-\s*year\s*-\s*old$", head.doc[head.left_edge.i: head.i + 1].text)
    if age is not None:
        return role_person(f"{age.group(1)}-year-old")  # "the 45-year-old said"
    if head.ent_type_ == "NORP" and not head.text.endswith("s") and \
            any(c.dep_ == "det" and c.text.lower() == "the" for c in head.children):
        return role_person(head.text)  # "the Democrat said": an epithet for the one just named
    if word in PERSON_TITLES and any(c.dep_ == "det" and c.text.lower() == "the" for c in head.children):
        return role_person(f"the {word}")  # "the former mayor said": the one with that title, or an epithet
    if word in PERSON_TITLES and any(c.dep_ == "poss" and (c.text.lower() in ("its", "their") or (
            c.text.lower() in COMPANY_NOUNS | INSTITUTION_NOUNS and any(d.text.lower() == "the" for d in c.children)))
            for c in head.children):
        return role_person(f"its {word}")  # "the company's president said": its president, named before
    if head.pos_ in ("NOUN", "PROPN") or head.text[:1].islower():
        return role_person(head.text)
    return NOBODY


def subject_before(doc: Doc, offset: int, end: int, spans: Sequence[Span], pronoun: Resolver,
                   last_org: Callable[[int, str], str | None], role_person: Resolver) -> Any:
    """Who the clause that ends at paragraph offset `end` (a colon that introduces a quote) is about: the
    entity in the subject of its main verb ("Roe cut her off: “...”", "The minister was blunt: “...”");
    NOBODY when the clause has no verb with a subject."""
    clause = [t for t in doc if offset + t.idx < end]
    if not clause:
        return NOBODY

    def depth(tok: Token) -> int:
        n = 0
        while tok.head.i != tok.i and n < 50:
            tok, n = tok.head, n + 1
        return n

    verbs = sorted((t for t in clause if any(c.dep_ in _SUBJECT_DEPS and offset + c.idx < end for c in t.children)),
                   key=depth)
    if not verbs:
        return NOBODY
    subject = next(c for c in verbs[0].children if c.dep_ in _SUBJECT_DEPS and offset + c.idx < end)
    return _entity_in(subject, offset, spans, lambda tok: offset + tok.idx < end, pronoun, last_org, role_person)


_AFFILIATION = frozenset({"of", "for", "at", "from", "with", "by"})
# Nouns for someone who speaks for an organization ("an Acme spokeswoman", "a Globex official").
_MEMBERS = frozenset({"spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative",
                      "representatives", "official", "officials", "executive", "executives", *STATEMENT_NOUNS})
_INDEFINITE = frozenset({"a", "an", "one", "another", "some"})


def _anonymous(head: Token, tokens: Sequence[Token], inside: Sequence[Span | None]) -> bool:
    """An unnamed one of many, with the organization only as a modifier: "one Weibo commenter", "a Twitter
    user", "a Globex customer" (an indefinite noun that does not speak for the organization)."""
    if head.text.lower() in _MEMBERS or head.text.lower() in COMPANY_NOUNS:
        return False
    if not any(c.dep_ in ("det", "nummod") and c.text.lower() in _INDEFINITE for c in head.children):
        return False
    orgs = [t for t, s in zip(tokens, inside, strict=True) if s is not None and s.kind == "ORG"]
    return all(t.dep_ == "compound" and (t.head.i == head.i or t.head.dep_ == "compound") for t in orgs)


def _affiliated(tok: Token, head: Token) -> bool:
    """Whether `tok` hangs on `head` as a compound, possessive or through "of/for/at/from/with/by". (spaCy
    makes a new Token object on every access: tokens are compared by index, never by identity.)"""
    steps = 0
    while tok.i != head.i and tok.head.i != tok.i and steps < 20:
        if tok.dep_ == "prep" and tok.text.lower() not in _AFFILIATION:
            return False
        tok, steps = tok.head, steps + 1
    return True
