"""Extraction: one article's text -> Facts. spaCy finds entity mentions; the rules here and in
canonical.py / money.py / dates.py / quotes.py make them facts a reader can trust.

`extract` is pure (same article and model -> same facts). `extract_many` runs it on several processes,
each loading the model once.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from briefsite.extract import canonical as canon
from briefsite.extract.canonical import ORG, PERSON, PLACE, PRODUCT, Entity, Mention
from briefsite.extract.companies import is_known_company
from briefsite.extract.dates import find_dates, find_durations
from briefsite.extract.gazetteer import is_country_or_state, is_known_place
from briefsite.extract.institutions import institution_spans, partnership
from briefsite.extract.models import Facts
from briefsite.extract.money import find_money, find_tickers
from briefsite.extract.names import agree_names, introduced_as_person, is_given_name, titled_people, untagged_orgs
from briefsite.extract.personhood import person_evidence, relabel_people
from briefsite.extract.placehood import settle_places, unlabelled_places
from briefsite.extract.placeline import PlaceLine, read_place_line
from briefsite.extract.quotes import BACK_REFERENCE, Span, canonical_speaker, find_quotes
from briefsite.read.models import RawArticle, Sentence
from briefsite.read.pagelines import line_kind
from briefsite.read.plain import is_credit
from briefsite.read.sentences import split_sentences

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXTRACTOR_VERSION = 11
MAX_CHARS = 200_000  # longer bodies are cut here (with a warning): NER time grows linearly with length
_LABELS = {"ORG": ORG, "PERSON": PERSON, "GPE": PLACE, "LOC": PLACE, "PRODUCT": PRODUCT, "FAC": "FAC",
           "WORK_OF_ART": "WORK", "NORP": "NORP"}
_TITLE_HEAD = (
    r"CEO|CFO|COO|CTO|[Cc]hief [Ee]xecutive(?: [Oo]fficer)?|[Cc]hairman|[Cc]hairwoman|[Pp]resident|[Cc]o-founder|"
    r"[Ff]ounder|[Aa]nalyst|[Ss]trategist|[Ee]conomist|[Ss]cholar|[Ss]pokes(?:man|woman|person)|[Ss]ecretary|"
    r"[Mm]inister|[Gg]overnor|Gov\.|Sen\.|[Ss]enator|Rep\.|[Rr]epresentative|General|Gen\.|[Ll]eader|"
    r"[Vv]ice-premier|[Pp]remier|[Dd]irector|[Mm]anager|[Ee]ditor|[Pp]rofessor|[Aa]ttorney|[Ll]awyer|[Jj]udge|"
    r"[Aa]mbassador|[Mm]ayor|[Cc]ommissioner|[Cc]hief|[Pp]artner|[Oo]fficer|[Aa]dvis[eo]r|[Rr]esearcher|"
    r"[Rr]eporter|[Cc]orrespondent|[Ff]ounder|[Cc]oach|[Pp]rime [Mm]inister|[Cc]hancellor|[Pp]rosecutor|"
    r"[Aa]dministrator"
)
# A capitalised title after an organization's name ("NASA Administrator", "White House Press Secretary", "Acme
# Team Leader"): the words a title is made of, so they are neither taken into the name nor read as one.
_TITLE_QUALIFIERS = (
    r"(?:Executive|Senior|Deputy|Vice|Managing|Acting|Interim|Former|Chief|Press|Home|Foreign|Team|Associate|"
    r"Assistant|Principal|Program|Project|Research|Communications|Campaign|Regional|Country|Medical|Technical|"
    r"Operating|Financial|Marketing)"
)
_TITLE_WORDS = (
    rf"(?:{_TITLE_QUALIFIERS}\s+)*"
    r"(?:CEO|CFO|COO|CTO|President|Chairman|Chairwoman|Chair|Founder|Co-founder|Director|Executive|Officer|"
    r"Analyst|Spokesman|Spokeswoman|Spokesperson|Secretary|Minister|Economist|Strategist|Editor|Manager|"
    r"Partner|Administrator|Leader|Head|Commissioner|Counsel|Correspondent|Scientist|Researcher|Adviser|"
    r"Advisor)(?:\s+Officer)?\b"
)
_TITLE_ONLY = re.compile(
    rf"(?:[Tt]he\s+)?(?:(?:Solicitor|Attorney|Surgeon|Inspector|Postmaster)\s+General|{_TITLE_WORDS})")
_WIDEN_STOP = (r"CEO|CFO|COO|CTO|Chief|Chairman|Chairwoman|President|Founder|Co-founder|Analyst|Secretary|"
               r"Minister|Governor|Gov|Sen|Senator|Rep|Representative|General|Gen|Director|Editor|Professor|"
               r"Attorney|Judge|Ambassador|Mayor|Commissioner|Spokesman|Spokeswoman|Spokesperson")
_QUALIFIERS = (r"equity|market|portfolio|executive|managing|vice|deputy|senior|assistant|associate|general|"
               r"research|investment|communications|finance|foreign|defense|trade|press|policy|legal|chief|"
               r"founding|interim|acting|former|late")
_TITLE_RUN = re.compile(
    rf"(?P<role>(?:(?:[A-Z][\w.&'’-]*|{_QUALIFIERS})\s+){{0,3}}?(?:{_TITLE_HEAD})"
    rf"(?:(?:,\s*|\s+and\s+)(?:{_TITLE_HEAD}))*)\s+$"
)
_TITLE_OF = re.compile(rf"(?P<role>(?:{_TITLE_HEAD}))\s+(?:of|at)\s+$")
_APPOSITIVE = re.compile(
    rf"^,\s+(?:(?:a|an|the)\s+)?(?P<phrase>(?:[^,;.()\"“”]|\.(?=\w)){{0,60}}?\b(?:{_TITLE_HEAD})\b"
    rf"[^,;()\"“”]{{0,70}}?)"
    r"(?=,|;|\.(?:\s|$)|\s+(?:said|says|told|who|and)\b|$)"
)
# Subject and possessive pronouns and the nouns of a copula ("Roe is one of two women"); not him/her (_gender).
_MALE = re.compile(r"\b(?:he|his|himself|man)\b", re.I)
_FEMALE = re.compile(r"\b(?:she|hers|herself|woman|women)\b", re.I)
_QUOTED = re.compile(r"[\"“][^\"“”]*(?:[\"”]|$)")
_PLACE_CUE_AFTER = re.compile(r"^(?:['’]s)?\s+(?:province|area|district|county|region|state)\b|^,\s+an?\s+"
                              r"(?:village|town|city|suburb|county|province|state|region|district)\b")
_PLACE_CUE_BEFORE = re.compile(r"\b(?:area|province|district|city|town|village|region|county) of\s+$")
_FACILITY_AFTER = re.compile(r"^\s+(?:prison|airport|stadium|hospital|headquarters|base|bridge|station)\b")
_CORPORATE_TITLE_AFTER = re.compile(r"^(?:['’]s?)?\s+(?:analyst|strategist|economist|CEO|CFO|chief executive|"
                                    r"chairman|spokes(?:man|woman|person)|executive)\b")
_CALENDAR = rf"(?:{'|'.join(canon.CALENDAR_NAMES)})\b"
# what the text says of an organization and never of a place either: its shares, people and customers ("Acme
# users"), what kind of organization it is (", a social media site"; "is one of the companies bidding")
_ORG_CUE_AFTER = re.compile(r"^(?:['’]s?)?\s+(?:shares|stock|spokes(?:person|man|woman)|executives?|"
                            r"declined to comment|employees)\b" + rf"|{canon.ORG_KIND_APPOSITIVE}")
_ORG_USE_AFTER = re.compile(r"^(?:['’]s?)?\s+(?:users|subscribers|customers)\b" + rf"|{canon.ORG_KIND_COPULA}")
_JOB_AT_BEFORE = re.compile(rf"\b(?:{_TITLE_HEAD})\b(?:\s+[\w&-]+){{0,6}}?\s+(?:at|with)\s+(?:the\s+)?$")
_KNOWN_ORG_RE = re.compile(r"\b(?:" + "|".join(sorted(canon.KNOWN_ORGS)) + r")\b(?![\w.]*\.com)")
_ORG_HEADS = re.compile(
    r"(?:\b[A-Z][\w.’'&-]*\s+){1,5}(?:Office|Department|Ministry|Agency|Bureau|Institute|Commission|"
    r"Council|Committee|Authority|Administration|Association|Foundation|University|Academy)"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?(?!{_CALENDAR})(?:[A-Z][\w.’'&-]*(?:\s(?=[A-Z]))?)+)*"
    # "the fact-checking website Full Fact", "Developer Valve": the kind of organization, then its name
    rf"|(?:(?<=[a-z,] )(?:{canon.ORG_KINDS})|(?:^|(?<=[.:] ))(?i:{canon.ORG_KINDS}))\s+(?!{_CALENDAR})"
    rf"(?P<named>[A-Z][\w&-]+(?:\s+(?:(?:for|of|the|and|&)\s+)?(?!(?:{_WIDEN_STOP}|The|A|{_CALENDAR})\b)"
    r"[A-Z][\w&-]+){0,3})"
)
_STOP = frozenset(
    [
        "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it", "its", "this", "that",
        "these", "those", "their", "there", "they", "them", "he", "she", "his", "her", "we", "our", "you",
        "your", "i", "not", "no", "will", "would", "could", "should", "can", "may", "might", "also", "more",
        "most", "than", "then", "so", "such", "into", "over", "after", "before", "about", "which", "who",
        "whom", "whose", "what", "when", "where", "while", "said", "says", "one", "two", "new", "year", "years",
        "last", "first", "just", "like", "even", "only", "other", "some", "many", "much", "very", "said",
        "company", "companies", "percent", "according", "including", "since", "because", "through", "during",
        "between", "both", "each", "any", "all", "out", "up", "down", "per", "off", "well", "still", "time"
    ]
)


def extract(article: RawArticle, nlp: Language) -> Facts:
    """Facts stated in one article; every fact carries `evidence` (1-based sentence numbers from
    `text.split_sentences(article.paragraphs)`). Never raises on odd text; problems go to `warnings`."""
    return _extract_from_docs(article, _run_ner(article, nlp))


def _prepare(article: RawArticle) -> tuple[list[Sentence], list[str]]:
    warnings: list[str] = []
    sentences = split_sentences(article.paragraphs)
    total = 0
    for i, s in enumerate(sentences):
        total += len(s.text)
        if total > MAX_CHARS:
            warnings.append(f"{article.file}: the body has {sum(len(x.text) for x in sentences):,} characters; "
                            f"facts were extracted from the first {MAX_CHARS:,} (sentences 1-{i})")
            sentences = sentences[:i]
            break
    return sentences, warnings


def _ner_inputs(article: RawArticle) -> tuple[list[Sentence], list[str], list[str]]:
    sentences, warnings = _prepare(article)
    # a page's non-story line that reached the body (a reader that does not drop it, a body given as is): its
    # names are the page's, not the story's
    page_lines = {p for p, text in enumerate(article.paragraphs) if line_kind(text) is not None}
    texts = ["" if _is_table_or_heading(s.text) or is_credit(s.text) or s.paragraph in page_lines
             else s.text[:MAX_CHARS] for s in sentences]
    return sentences, texts, warnings


def _run_ner(article: RawArticle, nlp: Language) -> tuple[list[Sentence], list[Doc], list[str]]:
    sentences, texts, warnings = _ner_inputs(article)
    docs = list(nlp.pipe(texts, batch_size=256))
    parse_quoted(docs, nlp)
    return sentences, docs, warnings


_QUOTE_MARKS = re.compile(r"[\"“”„«»]|’’|''|‘‘|``")


def parse_quoted(docs: Sequence[Doc], nlp: Language) -> None:
    """Dependency-parse, in place, the sentences that hold a quotation mark and the sentence before each
    (speaker attribution reads their structure: "Roe told the paper so. “...”"); the rest need entities only,
    so the parser's cost is paid where it is used."""
    from briefsite.extract.nlp import parse_pipes

    pipes = parse_pipes(nlp)
    if not pipes:
        return
    quoted = [bool(d.text and _QUOTE_MARKS.search(d.text)) for d in docs]
    # ... and a sentence after one that opens on a word pointing back at it ("“...” That was how Roe put it.")
    stream: Any = (d for i, d in enumerate(docs)
                   if d.text and (quoted[i] or (i + 1 < len(docs) and quoted[i + 1])
                                  or (i > 0 and quoted[i - 1] and BACK_REFERENCE.match(d.text))))
    for pipe in pipes:
        stream = pipe.pipe(stream, batch_size=256)
    for _ in stream:
        pass


def _is_table_or_heading(text: str) -> bool:
    """Title-case or all-caps lines (table headers and rows, headings): NER on them yields junk."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    if len(words) < 4 or "(" in text:
        return False
    if all(w.isupper() for w in words):
        return True  # a headline or a shout in capitals, whatever it ends with ("WILL THEY STAY?")
    return all(w[0].isupper() or not w[0].isalpha() for w in words) and not text.rstrip().endswith((".", "?", "!"))


def _extract_from_docs(article: RawArticle, ner: tuple[list[Sentence], list[Doc], list[str]]) -> Facts:
    sentences, docs, warnings = ner
    facts = Facts(warnings=list(warnings))
    paragraphs = list(article.paragraphs)
    if sentences:
        last = sentences[-1]
        paragraphs = [*paragraphs[: last.paragraph], paragraphs[last.paragraph][: last.end]]
    if not any(p.strip() for p in paragraphs):
        facts.warnings.append(f"{article.file}: the article has no text to extract facts from")
        return facts
    _language_warning(article, paragraphs, facts)
    locate = _locator(sentences)
    body = "\n\n".join(paragraphs)

    tickers = find_tickers(paragraphs)
    # the header lines too: a phrase the dek writes in lowercase is a common one wherever it is capitalised
    said = "\n\n".join(p for p in (article.title, article.dek, body) if p)
    mentions = _mentions(sentences, docs, body, tickers, paragraphs, said)
    titled = [m.paragraph < len(paragraphs) and _titled_before(paragraphs[m.paragraph], m.start) for m in mentions]
    evidence = person_evidence(mentions, sentences, paragraphs, titled)
    relabel_people(mentions, evidence)
    agree_names(mentions, paragraphs, evidence)
    _named_things(mentions, paragraphs, evidence)
    entities, spans = _resolve(mentions, body, paragraphs, tickers)
    _fill_spans(entities, spans, paragraphs, locate)
    orgs = [e for e in entities if e.kind == ORG]
    people = [e for e in entities if e.kind == PERSON]
    roles = _roles(paragraphs, spans, people)

    facts.organizations = [{"name": e.name, "aliases": e.aliases, "ticker": None, "evidence": e.evidence}
                           for e in orgs]
    facts.people = [{"name": e.name, "aliases": e.aliases, "role": roles.get(e.name, (None, None))[0],
                     "organization": roles.get(e.name, (None, None))[1], "evidence": e.evidence} for e in people]
    facts.places = [{"name": e.name, "aliases": e.aliases, "evidence": e.evidence}
                    for e in entities if e.kind == PLACE]
    facts.products = [{"name": e.name, "aliases": e.aliases, "owner": e.owner, "evidence": e.evidence}
                      for e in entities if e.kind == PRODUCT]
    facts.tickers = _ticker_facts(tickers, spans, paragraphs, locate, facts.organizations)

    def org_before(p: int, offset: int) -> str | None:
        candidates = [s for s in spans[p] if s.kind == ORG and s.end <= offset]
        return candidates[-1].name if candidates else None

    facts.money = _dedupe_money(
        [{**hit.fact, "evidence": [locate(hit.paragraph, hit.start)]} for hit in find_money(paragraphs, org_before)]
    )
    facts.durations = [{**fact, "evidence": [locate(p, off)]} for p, off, fact in find_durations(paragraphs)]
    facts.dates = [{**fact, "event": fact.get("event") or _event(sentences, locate(p, off)),
                    "evidence": [locate(p, off)]} for p, off, fact in find_dates(paragraphs, article.published)]
    gender = _gender(sentences, paragraphs, spans)
    parsed: list[list[tuple[int, Doc]]] = [[] for _ in paragraphs]
    for sentence, doc in zip(sentences, docs, strict=True):
        if doc.has_annotation("DEP") and sentence.paragraph < len(parsed):
            parsed[sentence.paragraph].append((sentence.start, doc))
    quotes, problems = find_quotes(paragraphs, spans, locate, {k: v[0] for k, v in roles.items() if v[0]}, gender,
                                   parsed)
    facts.quotes = [{**q, "speaker": canonical_speaker(q["speaker"], facts.people, facts.organizations)}
                    for q in quotes]
    facts.warnings.extend(f"{article.file}: {problem}" for problem in problems)
    facts.relations = _relations(sentences, paragraphs, spans, locate, org_before)
    facts.key_points = _key_points(sentences, spans, locate)
    facts.topics = _topics(paragraphs, orgs)
    return facts


_HEADING_SMALL = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "nor", "of",
                            "on", "or", "the", "to", "vs", "with"})


def _is_heading(paragraph: str) -> bool:
    """A heading line: a short paragraph in headline case (every word capitalised but the small ones), with no
    sentence punctuation at its end."""
    words = [w for w in paragraph.split() if any(ch.isalpha() for ch in w)]
    if re.search(r"\b[Bb]y\b|[:,]", paragraph):
        return False  # a byline or a credit ("Provided by Acme", "Photo: Acme"), a row of a list ("Acme, Ohio")
    return 0 < len(words) <= 14 and not paragraph.rstrip().endswith((".", "!", "?", ":", ",", ";", "\"", "”")) \
        and all(w[0].isupper() or not w[0].isalpha() or w.lower() in _HEADING_SMALL for w in words)


def _drop_heading_only(mentions: list[Mention], paragraphs: Sequence[str]) -> list[Mention]:
    """Organizations found only in heading lines, whose names the article's prose never uses: in headline case
    every phrase is capitalised, so the model's "name" there is as often a common phrase ("Salt Sensors")."""
    headings = {p for p, text in enumerate(paragraphs) if _is_heading(text)}
    if not headings:
        return mentions
    prose = "\n\n".join(text for p, text in enumerate(paragraphs) if p not in headings)
    used: dict[str, bool] = {}
    for m in mentions:
        if m.label == ORG and m.paragraph in headings and m.text not in used:
            used[m.text] = re.search(rf"(?<![\w-]){re.escape(m.text)}(?![\w-])", prose) is not None
    return [m for m in mentions if not (m.label == ORG and m.paragraph in headings and not used[m.text])]


# "a strand of the software, known as Red Wolf", "cameras dubbed “Harbor Eye”": the text gives a thing its name
_NAMING_BEFORE = re.compile(r"\b[a-z]{3,}(?:\s*,)?\s+(?:(?:is|was|are|were)\s+)?(?:known as|dubbed|called|"
                            r"nicknamed|codenamed|code-named|branded)\s+[“\"‘']?$")


def _named_things(mentions: Sequence[Mention], paragraphs: Sequence[str], evidence: Counter[str]) -> None:
    """A "person" the text introduces as what a thing is called, and never treats as a person (no title, no
    he/she), names that thing (a work, a system, a product) in every mention."""
    named = set()
    for m in mentions:
        if m.label == PERSON and m.paragraph < len(paragraphs) and not evidence[canon.key(m.text)] \
                and _NAMING_BEFORE.search(paragraphs[m.paragraph][max(0, m.start - 80): m.start]):
            named.add(canon.key(m.text))
    for m in mentions:
        if canon.key(m.text) in named:
            m.label = "WORK"


def _language_warning(article: RawArticle, paragraphs: Sequence[str], facts: Facts) -> None:
    text = " ".join(paragraphs)[:20_000]
    letters = [ch for ch in text if ch.isalpha()]
    words = re.findall(r"[a-z]+", text.lower())
    english = sum(1 for w in words if w in {"the", "and", "of", "to", "in", "is", "that", "for", "a", "on"})
    if (article.language and not article.language.lower().startswith("en")) or (
        letters and (sum(ch.isascii() for ch in letters) / len(letters) < 0.8 or english < 0.03 * max(1, len(words)))
    ):
        facts.warnings.append(f"{article.file}: the text does not look like English; the English model's "
                              "entities may be wrong or missing")


def _locator(sentences: Sequence[Sentence]) -> Any:
    by_para: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for s in sentences:
        starts, numbers = by_para[s.paragraph]
        starts.append(s.start)
        numbers.append(s.index)

    def locate(paragraph: int, offset: int) -> int:
        starts, numbers = by_para.get(paragraph, ([0], [1]))
        if not starts:
            return 1
        return numbers[max(0, bisect.bisect_right(starts, offset) - 1)]

    return locate


def _mentions(sentences: Sequence[Sentence], docs: Sequence[Doc], body: str, tickers: Sequence[Any],
              paragraphs: Sequence[str] = (), said: str = "") -> list[Mention]:
    """Entity mentions with paragraph offsets, cleaned, with label votes adjusted by context cues (`said`: all the
    text the article states, its header lines with the body)."""
    inside_ticker = defaultdict(list)
    for t in tickers:
        inside_ticker[t.paragraph].append((t.start, t.end))
    out: list[Mention] = []
    place_texts = {e.text for doc in docs for e in doc.ents if e.label_ in ("GPE", "LOC")}
    org_texts = {e.text for doc in docs for e in doc.ents if e.label_ == "ORG"}
    for t in tickers:
        if t.company_text:  # "HD THE HOME DEPOT INC. ...": the row names the company
            name = canon.clean_name(" ".join(w.capitalize() for w in t.company_text.split()), ORG, body)
            if name:
                index = next((s.index for s in sentences if s.paragraph == t.paragraph), 1)
                out.append(Mention(index, t.paragraph, t.start, t.end, name, ORG, votes=3.0))
    # "Ms Persson" names a person even when the model tagged nothing: her surname, and "Eva-Marie Persson"
    # wherever the text gives the full name
    surnames = {m.group("name") for s in sentences for m in _HONORIFIC_NAME.finditer(s.text)}
    place_lines = {p: line for p, text in enumerate(paragraphs) if (line := read_place_line(text, body))}
    # gazetteer names the model tagged as nothing: every mention of a name one mention (or its kind) says is a place
    gazetteer_placed = {hit.name for doc in docs if doc.text for hit in unlabelled_places(
        doc.text, [(e.start_char, e.end_char) for e in doc.ents], body, place_texts) if hit.placed}
    for sentence, doc in zip(sentences, docs, strict=True):
        raw = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        raw += _honorific_people(sentence.text, surnames, raw)
        raw = titled_people(sentence.text, raw)
        # "a Sugar Land-based provider": what something is "-based" in is a place, whatever the model's label
        for m in _BASED_IN.finditer(sentence.text):
            start = m.start()
            while " " in sentence.text[start:m.end("place")] and \
                    sentence.text[start:m.end("place")].split()[0].lower() in _STOP:  # "One Washington-based"
                start = sentence.text.index(" ", start) + 1
            raw = [r for r in raw if not (r[0] < m.end("place") and start < r[1] and r[1] <= m.end())]
            raw.append((start, m.end("place"), "GPE"))
        heads = list(_ORG_HEADS.finditer(sentence.text))
        # "the website Full Fact": the kind noun before the name outweighs the model's label on the same span
        raw = [(m.start("named"), m.end("named"), "ORG") for m in heads if m.group("named")] + raw
        raw += [(m.start(), m.end(), "ORG") for m in heads if not m.group("named")]
        raw += [(m.start(), m.end(), "ORG") for m in _KNOWN_ORG_RE.finditer(sentence.text)]
        raw = _spokesperson_orgs(sentence.text, raw)
        raw = untagged_orgs(sentence.text, raw)
        # The name right before a ticker is a company even when the model missed it: "Walmart (NYSE: WMT)".
        for t in tickers:
            local = t.start - sentence.start
            if t.paragraph == sentence.paragraph and 0 <= local <= len(sentence.text) and not t.company_text \
                    and not any(0 <= local - r[1] <= 3 for r in raw):
                lead = re.search(r"[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*\s*$", sentence.text[:local])
                if lead:
                    raw.append((lead.start(), lead.start() + len(lead.group(0).rstrip()), "ORG"))
        score = _SCORE_LINE.match(sentence.text) if sentence.start == 0 else None
        if score:  # "Wild 4, Sabres 1: ...": a result line names two teams
            raw = [r for r in raw if r[0] >= score.end()]
            out.extend(Mention(sentence.index, sentence.paragraph, sentence.start + score.start(g),
                               sentence.start + score.end(g), score.group(g), ORG, votes=3.0) for g in ("a", "b"))
        if gazetteer_placed and doc.text:
            hits = unlabelled_places(sentence.text, [r[:2] for r in raw], body, place_texts)
            raw += [(hit.start, hit.end, "GPE") for hit in hits if hit.name in gazetteer_placed]
        line = place_lines.get(sentence.paragraph)
        if line is not None and sentence.start < line.end:
            # "SANTA FE, N.M. (AP) —": the line says what its parts are, whatever the model read
            raw = [r for r in raw if sentence.start + r[0] >= line.end]
            out.extend(_place_line_mentions(sentence, line, body))
        raw = [part for r in raw for part in _split_titled(sentence.text, *r, place_texts, body)]
        raw = _institutions(sentence.text, raw, body)
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        raw = _join_connected(sentence.text, _join_adjacent(sentence.text, _merge_overlapping(raw)), body)
        taken_until = -1
        here: list[Mention] = []
        for start, end, label in raw:
            kind = _LABELS.get(label)
            if kind is None or start < taken_until:
                continue
            taken_until = end
            text = sentence.text[start:end]
            if kind == ORG:
                limit = min((r[0] for r in raw if r[0] >= end), default=len(sentence.text))
                start, end, text = _widen_org(sentence.text, start, end, limit)
            aux = _QUESTION_AUX.match(text) if start == 0 and sentence.text.rstrip(" \"”’)").endswith("?") else None
            if aux and kind in (PERSON, ORG, PLACE):  # "Will Warren keep ...?": the question's auxiliary verb
                start, text = aux.end(), text[aux.end():]
            tail = _NAME_TAIL.match(sentence.text, end) if kind == PERSON else None
            if tail:  # "Moon Jae" + "-in": the tokenizer cut a hyphenated given name the model's span left out
                end, text = tail.end(), sentence.text[start:tail.end()]
            p_start, p_end = sentence.start + start, sentence.start + end
            if any(a <= p_start < b for a, b in inside_ticker[sentence.paragraph]) and kind != PLACE:
                continue
            if kind == ORG and _TITLE_ONLY.fullmatch(text):
                continue  # "Solicitor General Jane Roe": a title, not an organization
            if kind == ORG and " " not in text and _PORTFOLIO_BEFORE.search(sentence.text[:start]):
                continue  # "Secretary of State Jane Roe", "the Minister for Energy": the title's portfolio
            qualifier = re.search(rf"\s+{_TITLE_QUALIFIERS}$", text) if kind == ORG else None
            if qualifier and re.match(rf"\s+{_TITLE_WORDS}", sentence.text[end:]) and qualifier.start() > 0:
                # "the UK Home" + "Secretary": the qualifier belongs to the title after the name
                end, text = start + qualifier.start(), text[:qualifier.start()]
                p_end = sentence.start + end
                if text in place_texts or text.lower() in canon.PLACE_ALIASES:
                    kind = PLACE
            if kind == ORG:
                # "the Health Authority's Opioid Prevention campaign" -> "Health Authority": an organization's
                # possessive ends its name
                head = _ORG_POSSESSIVE.match(text)
                if head:
                    end, text = start + head.end("org"), head.group("org")
                    p_end = sentence.start + end
                # "Vietnam's Communist Party" -> "Communist Party"; "U.S. Attorney's Office" keeps its name.
                owner = re.match(r"^(?P<place>[A-Z][\w. ]*?)\s?['’]s\s+(?=[A-Z])", text)
                if owner and owner.group("place") in place_texts:
                    start, text = start + owner.end(), text[owner.end():]
                elif owner and owner.group("place") in org_texts and re.search(
                        rf"\b{re.escape(owner.group('place'))}\b(?![’'\w])", body):
                    # "Ascom's Unite Connect" where Ascom is named on its own: the firm, not its product
                    end, text = start + owner.end("place"), owner.group("place")
                    p_end = sentence.start + end
            name = canon.clean_name(text, kind if kind in (ORG, PERSON, PLACE) else ORG, body)
            if name is None:
                continue
            if kind in (PLACE, PERSON, ORG) and name not in canon.KNOWN_ORGS \
                    and _common_word(name, sentence.text[:start], body):
                continue
            if _UNIT_SHAPE.fullmatch(name) and _NUMBER_BEFORE.search(sentence.text[:start]):
                continue  # "a 3 GW array", "30-600 MW": a unit of measure after its number, not a name
            if kind == ORG and _not_an_org(name, sentence.text, start, end, said or body):
                continue
            if kind == ORG and name.isupper() and " " not in name and _INDEFINITE_BEFORE.search(sentence.text[:start]) \
                    and _NOT_MODIFIER_AFTER.match(sentence.text[end:]):
                continue  # "a CT of his chest", "signed an NDA with": an acronym used as a common noun
            if kind == PERSON and name.split()[-1] in _PLACE_NOUNS:
                kind = "FAC"  # "Ben Gurion Airport": no person's name ends in a place noun
            pair = _PLACE_PAIR.fullmatch(text) if kind in (PLACE, ORG) else None
            if pair and (kind == PLACE or pair.group("a") in place_texts or pair.group("b") in place_texts):
                # "U.S.-Canada trade", "the Earth-Mars cruise": two places joined as a modifier
                for g in ("a", "b"):
                    part = canon.clean_name(pair.group(g), PLACE, body)
                    if part:
                        out.append(Mention(sentence.index, sentence.paragraph, p_start + pair.start(g),
                                           p_start + pair.end(g), part, PLACE))
                continue
            owned = re.match(r"(?P<place>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)['’]s\s", name) if kind == PLACE else None
            if owned:  # "Earth's Moon", "Iowa's capital": the place is the owner
                name, p_end = owned.group("place"), p_start + owned.end("place")
            if kind == PERSON and any(name.endswith(" " + place) and " " in place for place in place_texts):
                kind = ORG  # "Ascom North America": a firm's regional arm, no person
            # the owner of a place the model named ("Earth's Moon") was read as a place from the text's structure:
            # a place context for the gazetteer check (placehood.py)
            mention = Mention(sentence.index, sentence.paragraph, p_start, p_end, name, kind,
                              votes=2.0 if owned else 1.0)
            # a span that took in its possessive ("Jane Roe’s") still reads as one to the cues after it
            possessive = re.search(r"['’]s?$", sentence.text[start:end])
            _adjust_kind(mention, (possessive.group(0) if possessive else "") + sentence.text[end:],
                         sentence.text[:start])
            if mention.label in (ORG, PERSON, PLACE) and (_MODEL_NUMBER.search(name)
                                                          or _MODEL_NUMBER_AFTER.match(sentence.text, end)):
                # "Artemis 2", "RS-25", "the Lexus LC" + " 500 Convertible": a model, not a name
                mention.label, mention.votes = PRODUCT, 3.0
            out.append(mention)
            here.append(mention)
        out.extend(_coordinated(sentence, here, body))
    return out


# a name that ends in a number or is a letters-and-number code names a product or a mission, not an
# organization, person or place
_MODEL_NUMBER = re.compile(r"\s(?:\d[\w.]*|[A-Z]+\d[\w.]*)$|^[A-Z]{1,5}-\d{1,4}[A-Z]?$"
                           r"|\s(?!(?:1[89]|20)\d\d\b)\d{1,4}[A-Za-z]{0,2}\s+[A-Z]")  # "Halvard Spire 2 Coupe"
# the model's span stopped before the number of a model's name ("SLS Block" + " 1B", "Lexus LC" + " 500"): a
# number or letters-and-number code that is not a year, a score ("Lakers 110-102", "Otters 4, Herons 1") or a
# count of something plural ("Ohio 400 jobs")
_MODEL_NUMBER_AFTER = re.compile(r"\s(?!(?:1[89]|20)\d\d\b)(?:\d{1,4}[A-Za-z]{0,2}|[A-Z]{1,2}\d{1,4}[A-Za-z]?)\b"
                                 r"(?=\s*$|[.!?)]|\s+(?:[A-Z]|(?!(?:on|in|at|to|for|of|and|or|by|with|from|as|per|a|an|the)\b)"
                                 r"[a-z]+(?<!s)\b))")
_SCORE_LINE = re.compile(r"(?P<a>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s+\d{1,3},\s+"
                         r"(?P<b>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s+\d{1,3}(?:\s*\((?:OT|SO|\d*OT)\))?\s*[:;]")


def _place_line_mentions(sentence: Sentence, line: PlaceLine, body: str) -> list[Mention]:
    """The city and region of a wire place line as places, its credit as the outlet (strong votes: the line's
    structure outweighs the model's label on the same words elsewhere)."""
    out = []
    for part, kind in ((line.city, PLACE), (line.region, PLACE), (line.outlet, ORG)):
        if part is None or not sentence.start <= part[0] < sentence.end:
            continue
        start, end, text = part[0] - sentence.start, part[1] - sentence.start, part[2]
        name = canon.clean_name(text, kind, body)
        if name:
            out.append(Mention(sentence.index, sentence.paragraph, sentence.start + start, sentence.start + end,
                               name, kind, votes=3.0))
    return out


_LIST_SEP = re.compile(r"\s*(?:\(\s*[A-Z][\w&.-]{1,8}\s*\)\s*)?"
                       r"(?:,\s*(?:and\s+|or\s+|as well as\s+)?|\s+(?:and|or|as well as)\s+|(?<=,)\s+)")
_LIST_NAME = re.compile(r"[A-Z][\w&.'’-]*(?:\s+(?:(?:of|for|the|&)\s+)*[A-Z][\w&.'’-]*)*")
# what opens a list whose first members the model missed: "nine companies: Astrobotic, Deep Space Systems, ..."
_LIST_OPEN = re.compile(r"(?:[:—–]|\b(?:such as|including|like|namely))\s*$")


def _coordinated(sentence: Sentence, here: list[Mention], body: str) -> list[Mention]:
    """Names in one coordinated list ("A, B, C and D") are of one kind: the kind most members the model
    labelled with confidence share (a one-word "person" is the model's guess for any unknown capitalized word,
    so it does not vote) goes to the one-word members labelled otherwise ("Blue Origin, Ceres Robotics, SpaceX
    and Tyvak"), and capitalized members the model missed are added. Returns the added mentions."""
    text, base = sentence.text, sentence.start
    # an acronym in parentheses right after a name is that name's alias, not a list member
    members = [m for m in sorted(here, key=lambda m: m.start) if m.label in (ORG, PERSON, PLACE)
               and not (text[:m.start - base].rstrip().endswith("(") and m.start - base > 1)]
    runs: list[list[Mention | tuple[int, int]]] = []
    run: list[Mention | tuple[int, int]] = []
    prev: Mention | None = None
    for cur in members:
        pieces = _list_gap(text[prev.end - base: cur.start - base], prev.end - base) if prev else None
        if pieces is None:
            runs.append(run)
            run = [*_list_head(text, cur.start - base), cur]
        else:
            run.extend([*pieces, cur])
        prev = cur
    runs.append(run)
    added: list[Mention] = []
    for members_ in (r for r in runs if r):
        said = _kind_said(text, [(x.start - base, x.end - base) if isinstance(x, Mention) else x for x in members_])
        if said is None:
            continue
        for m in members_:
            if isinstance(m, Mention):
                m.label, m.votes = said, 3.0
            elif name := canon.clean_name(text[m[0]:m[1]], said, body):
                added.append(Mention(sentence.index, sentence.paragraph, base + m[0], base + m[1], name, said))
        members_.clear()  # settled: the vote below does not apply
    for members_ in (r for r in runs if len(r) >= 3):
        labelled = [m for m in members_ if isinstance(m, Mention)]
        # a "person" a major stock index lists ("Lockheed Martin") votes as the company it is
        strong = Counter(ORG if m.label == PERSON and is_known_company(m.text) else m.label
                         for m in labelled if not (m.label == PERSON and " " not in m.text))
        if not strong:
            continue
        (kind, count), *rest = strong.most_common()
        if count < 2 or (rest and rest[0][1] >= count):
            continue
        for m in labelled:
            # a full name among people's names is one too ("Jo Roe, Al Poe and Ann Doe" with Doe read as a firm)
            if m.label != kind and (" " not in m.text or (kind == PERSON and _person_shaped(m.text))
                                    or (kind == ORG and m.label == PERSON and strong[PERSON] == 1)):
                m.label, m.votes = kind, 2.0
        for a, b in (x for x in members_ if isinstance(x, tuple)):
            name = canon.clean_name(text[a:b], kind, body)
            if name:
                added.append(Mention(sentence.index, sentence.paragraph, base + a, base + b, name, kind))
    return added


# the text says what a list's members are: a kind before it ("rights groups such as A and B") or a plural
# place noun after it ("A, B and C counties")
_KIND_BEFORE = re.compile(r"\b(?:(?P<org>companies|firms|groups|organi[sz]ations|NGOs|agencies|banks|charities|"
                          r"outlets|newspapers|startups|universities|insurers|lenders|retailers|automakers)|"
                          r"(?P<place>countries|nations|states|cities|provinces|regions|towns))"
                          r",?\s+(?:such as|including|like|namely)\s+$")


def _kind_said(text: str, spans: Sequence[tuple[int, int]]) -> str | None:
    """ORG or PLACE when the words around a run of names (sentence offsets) say what its members are."""
    before = _KIND_BEFORE.search(text[:spans[0][0]])
    if before:
        return ORG if before.group("org") else PLACE
    if len(spans) >= 2 and _PLURAL_PLACE_NOUN.match(text[spans[-1][1]:]):
        return PLACE
    return None


_PERSON_SHAPE = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*){1,2}")


def _person_shaped(name: str) -> bool:
    """Two or three capitalised words that do not end like a firm, an institution or a building."""
    return bool(_PERSON_SHAPE.fullmatch(name)) and not canon.org_suffix(name) \
        and name.split()[-1] not in _PLACE_NOUNS | _ORG_JOIN_HEADS


def _list_head(text: str, start: int) -> list[tuple[int, int]]:
    """Capitalized list members before the first one the model tagged, when a list opener precedes them."""
    pieces: list[tuple[int, int]] = []
    at = start
    while True:
        m = re.search(r"(?P<name>" + _LIST_NAME.pattern + r"),\s*$", text[:at])
        if m is None:
            break
        pieces.insert(0, (m.start("name"), m.end("name")))
        at = m.start("name")
    return pieces if pieces and _LIST_OPEN.search(text[:at]) else []


def _list_gap(gap: str, offset: int) -> list[tuple[int, int]] | None:
    """The text between two list members: a separator, or separators around capitalized names the model did
    not tag (their sentence offsets); None when the gap is not list punctuation."""
    pieces: list[tuple[int, int]] = []
    at = 0
    while True:
        sep = _LIST_SEP.match(gap, at)
        if sep is None or sep.end() == at:
            return None
        at = sep.end()
        if at == len(gap):
            return pieces
        name = _LIST_NAME.match(gap, at)
        if name is None:
            return None
        end = at + len(name.group(0).rstrip())
        pieces.append((offset + at, offset + end))
        at = end


# the head noun of a document's or a policy's name: "the Clean Harbors Act", "the Third Growth Plan" name no
# organization
_DOCUMENT_HEAD = re.compile(r"\s(?:Plan|Act|Bill|Treaty|Accord|Agreement|Strategy|Roadmap|Framework|Protocol|"
                            r"Doctrine|Amendment|Directive|Regulation)$")
_QUOTED_SPAN = re.compile(r"[“\"](?P<q>[^“”\"]{1,80}?)[”\"]")
_TITLE_SMALL = frozenset({"a", "an", "the", "of", "to", "in", "on", "and", "for", "at", "or", "by", "with", "from"})


def _not_an_org(name: str, text: str, start: int, end: int, body: str) -> bool:
    """The text shows that a name the model read as an organization's is none: it is headed by a document's noun,
    the text also writes the phrase in lowercase ("Smell Sensors" in a heading, "smell sensors" in the body),
    it is an acronym that opens a code ("USB-C"), or it is part of a title in quotes (“Down by the Harbor”)."""
    if _DOCUMENT_HEAD.search(name):
        return True
    if " " in name and re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", body):
        return True
    if name.isupper() and re.match(r"-[A-Z0-9]", text[end:]):
        return True
    for q in _QUOTED_SPAN.finditer(text):
        if q.start("q") <= start and end <= q.end("q"):
            words = [w for w in q.group("q").split() if any(ch.isalpha() for ch in w)]
            return len(words) > len(name.split()) and all(w[0].isupper() or w.lower() in _TITLE_SMALL
                                                          for w in words)
    return False


_QUESTION_AUX = re.compile(r"(?:Will|Would|Can|Could|Should|Shall|Did|Does|Do|Is|Was|Has|Had|May|Might|Must)\s+"
                           r"(?=[A-Z])")
_INDEFINITE_BEFORE = re.compile(r"(?:^|\s)[Aa]n?\s+$")
_PORTFOLIO_BEFORE = re.compile(r"\b(?:[Ss]ecretary|[Mm]inister|[Uu]ndersecretary)\s+(?:of|for)\s+(?:the\s+)?$")
# a lowercase syllable after a hyphen ("Jae-in", "Ji-woo"); not the closed class of English compound endings
# ("Roe-led", "Trump-era", "Acme-owned")
_NAME_TAIL = re.compile(r"-(?!(?:led|era|run|born|made|like|based|owned|style|type|backed|linked|funded|"
                        r"bound|free|wide|esque)\b)[a-z]{1,5}\b(?!-)")
# a short capitalised symbol ("MW", "GWh", "TB") right after a number that is not a year
_UNIT_SHAPE = re.compile(r"[a-zA-Z]?[A-Z]{1,3}[a-z]?")
_NUMBER_BEFORE = re.compile(r"(?:^|[^\w.,])(?!(?:1[89]|20)\d\d\s+$)\d[\d,.]*(?:\s*[-–]\s*\d[\d,.]*)?\s*$")


def _common_word(name: str, before: str, body: str) -> bool:
    """A capital that only opens the sentence, on a word the text also writes in lowercase ("Televised debates
    are...", "televised debate"): a common word, not a place's or person's name."""
    if " " in name or not name[1:].islower() or before.strip(" \"“”‘’'([—–-"):
        return False
    return re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", body) is not None


_PLACE_PAIR = re.compile(r"(?P<a>[A-Z][\w.]*[a-z.][\w.]*)[-–](?P<b>[A-Z][a-z][\w.]*)")
_BASED_IN = re.compile(r"\b(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})-based\b")
_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+(?P<name>[A-Z][a-z][\w'’-]*)\b")
_PLACE_NOUNS = frozenset({"Airport", "Station", "Bridge", "Hospital", "Prison", "Stadium", "Square", "Street",
                          "Avenue", "Road", "Park", "Center", "Centre", "Hall", "Tower", "Building", "Port"})


def _honorific_people(text: str, surnames: set[str], raw: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Person spans the model missed: "Ms Persson" and "Eva-Marie Persson" for a surname an honorific marks."""
    if not surnames:
        return []
    found: list[tuple[int, int, str]] = []
    pattern = "|".join(re.escape(n) for n in sorted(surnames))
    honorific = r"(?:Mr|Mrs|Ms|Dr)"
    for m in re.finditer(rf"\b(?:(?P<given>(?!{honorific}\b)[A-Z][a-z][\w'’-]*)|{honorific}\.?)\s+(?:{pattern})\b",
                         text):
        given = m.group("given")
        if given and (given.lower() in _STOP or re.fullmatch(_TITLE_HEAD, given) or given in surnames):
            continue
        start = m.start("given") if given else text.index(" ", m.start()) + 1
        if not any(a < m.end() and start < b for a, b, _ in raw):
            found.append((start, m.end(), "PERSON"))
    return found


_ORG_POSSESSIVE = re.compile(
    r"^(?P<org>.*?\b(?:Office|Department|Ministry|Agency|Bureau|Institute|Commission|Council|Committee|Authority|"
    r"Administration|Association|Foundation|University|Academy|Court|Company|Corporation|Inc\.?|Group|Bank))"
    r"['’]s?\s+[A-Z]")
# labels a model splits one name into: "Lockheed" (ORG) + "Martin" (PERSON), "Westminster Magistrate's" + "Court"
_NAME_LABELS = frozenset({"ORG", "PERSON", "FAC"})


def _merge_overlapping(raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Two organization spans that overlap without one holding the other are one name read two ways ("the
    United Nations Office" by the model, "United Nations Office for the Coordination of ..." by its head noun):
    their union, so the first-starting, shorter one does not cut the name (`raw` sorted by start)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        if out and label == "ORG" and out[-1][2] == "ORG" and out[-1][0] <= start < out[-1][1] < end:
            out[-1] = (out[-1][0], end, "ORG")
            continue
        out.append((start, end, label))
    return out


def _join_adjacent(text: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Two name spans separated by one space are one name the model cut in two when they carry the same label,
    or when the second is a single word ("Lockheed" + "Martin"; but "Microsoft" + "Satya Nadella" stay apart);
    a mixed pair is an organization. An organization then a country is one too: the firm's arm there ("Toyota"
    + "Kenya", as the model itself reads "Samsung India")."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        if out and out[-1][2] == "ORG" and label in ("GPE", "LOC") and text[out[-1][1]:start] == " " \
                and text[out[-1][0]:out[-1][1]][-1:].isalnum() and is_country_or_state(text[start:end]):
            start, label = out.pop()[0], "ORG"
        elif out and label in _NAME_LABELS and out[-1][2] in _NAME_LABELS and text[out[-1][1]:start] == " " \
                and not text[out[-1][0]:out[-1][1]].endswith((",", ";", ":")) \
                and (label == out[-1][2] or " " not in text[start:end].strip()):
            prev = out.pop()
            label = prev[2] if prev[2] == label else "ORG"
            start = prev[0]
        out.append((start, end, label))
    return out


_CONNECTOR = re.compile(r" (?:(?P<of>for|of|on) (?:the )?|(?P<and>and|&) )")


def _join_connected(text: str, raw: list[tuple[int, int, str]], body: str) -> list[tuple[int, int, str]]:
    """Two organization spans the model cut at a small word are one name: after a kind of organization
    ("United Nations Office" for the "Coordination of Humanitarian Affairs"), or when the text uses the
    joined name's initials ("Customs" and "Border Protection", with "CBP" elsewhere)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        if out and label == "ORG" and out[-1][2] == "ORG":
            prev = out[-1]
            gap = _CONNECTOR.fullmatch(text[prev[1]:start])
            joined = text[prev[0]:end]
            if gap and ((gap.group("of") and text[prev[0]:prev[1]].split()[-1] in _ORG_JOIN_HEADS)
                        or (gap.group("and") and _initials_used(joined, body))):
                out[-1] = (prev[0], end, "ORG")
                continue
        out.append((start, end, label))
    return out


def _initials_used(name: str, body: str) -> bool:
    letters = "".join(w[0] for w in name.split() if w[:1].isupper())
    return len(letters) >= 3 and re.search(rf"(?<![\w-]){letters}(?![\w-])", body) is not None


_EMBEDDED_TITLE = re.compile(
    r"^(?P<org>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}?)\s+"
    rf"(?P<title>{_TITLE_WORDS})"
    r"(?:\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2}))?$")


_LIST_COMMA = re.compile(r",\s+(?=[A-Z])(?!(?:Inc|Ltd|LLC|LLP|Corp|Co|L\.?P|PLC|plc|S\.A|AG|N\.V|Jr|Sr)\b)")


_CAPS_RUN = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
_NEXT_WORD = r"\s+(?:(?:of|for|the|on|to|in|at)\s+)*[A-Z][\w.'’&-]*"  # a name's next capitalised word
_ORG_PAIR = re.compile(rf"(?:[Tt]he\s+)?(?P<a>[A-Z][\w.'’&-]*(?:{_NEXT_WORD})+)\s+(?:and|&)\s+"
                       rf"(?P<b>[A-Z][\w.'’&-]*(?:{_NEXT_WORD})*)$")
_SHARED_PLACE_NOUN = re.compile(rf"(?P<a>{_CAPS_RUN})\s+and\s+(?P<b>{_CAPS_RUN})$")
_PLURAL_PLACE_NOUN = re.compile(r"\s+(?:counties|states|provinces|cities|regions|districts|islands|towns)\b")


def _stands_alone(part: str, whole: str, body: str) -> bool:
    """`part` occurs in `body` more often than the name `whole` it is part of."""
    def count(name: str) -> int:
        return len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body))
    return count(part) > count(whole)


def _split_titled(text: str, start: int, end: int, label: str,
                  places: Collection[str] = (), body: str = "") -> list[tuple[int, int, str]]:
    """One span the model drew over "Acme President Jane Roe" (often WORK_OF_ART or ORG): the organization
    (a place when the text names it as one: "UK Home Secretary") and the person, without the title between
    them; over a list ("Blue Origin, Ceres Robotics"): each name."""
    if label in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC") and _LIST_COMMA.search(text, start, end):
        out, at = [], start
        for comma in _LIST_COMMA.finditer(text, start, end):
            out.append((at, comma.start(), label))
            at = comma.end()
        out.append((at, end, label))
        return [part for a, b, lab in out if b > a for part in _split_titled(text, a, b, lab, places, body)]
    shared = _SHARED_PLACE_NOUN.match(text[start:end]) if label in ("GPE", "LOC", "ORG", "FAC", "PRODUCT") else None
    if shared and _PLURAL_PLACE_NOUN.match(text[end:]):  # "Orange and Riverside counties": two places
        return [(start, start + shared.end("a"), "GPE"), (start + shared.start("b"), end, "GPE")]
    if shared and not _initials_used(text[start:end], body) \
            and all(_stands_alone(shared.group(g), text[start:end], body) for g in ("a", "b")):
        # "SLS and Orion" where the text also writes "SLS" and "Orion" alone: two names
        return [(start, start + shared.end("a"), label), (start + shared.start("b"), end, label)]
    pair = _ORG_PAIR.match(text[start:end]) if label == "ORG" else None
    if pair and not _initials_used(text[start:end], body) and pair.group("a").split()[-1].rstrip(".") in _LEFT_HEADS \
            and (" " in pair.group("b") or _stands_alone(pair.group("b"), text[start:end], body)):
        # "the Deworm the World Initiative and No Lean Season": a name ends at its head noun, so a second name
        # starts after the "and" ("Department of Health and Human Services" has no head before it)
        return [(start, start + pair.end("a"), label), (start + pair.start("b"), end, label)]
    m = _EMBEDDED_TITLE.match(text[start:end])
    if m is None or label in ("DATE", "MONEY", "CARDINAL", "PERCENT") or m.group("org") in ("The", "A", "Former"):
        return [(start, end, label)]
    owner = m.group("org")
    kind = "GPE" if owner in places or owner.lower() in canon.PLACE_ALIASES else "ORG"
    out = [(start + m.start("org"), start + m.end("org"), kind)]
    if m.group("name"):
        out.append((start + m.start("name"), start + m.end("name"), "PERSON"))
    return out


_INSTITUTION_TITLES = rf"(?:{_WIDEN_STOP}|{_TITLE_WORDS})"
_PERSON_OR_PLACE = frozenset({"PERSON", "GPE", "LOC"})


def _institutions(text: str, raw: list[tuple[int, int, str]], body: str) -> list[tuple[int, int, str]]:
    """`raw` with each institution's or partnership's name as the text writes it (institutions.py) in place of
    the model's spans over its parts ("Bank of" + "Norland", "Castellan" + "Pike & Rowe LLP"). The model's reading
    wins where it says the whole is a person or a place ("the Soviet Union") or a person's or place's name runs
    out of it. An "and" part is a second name when the model reads a person or place there, when the text
    writes it alone elsewhere ("the Department of Justice and Google"), when it opens a name of its own ("and
    Friends of the Earth") or a given name opens it ("and Dana Roe")."""
    for start, end, partners in institution_spans(text, _INSTITUTION_TITLES):
        place = next((r for r in raw if partners and r[0] == start and r[2] in ("GPE", "LOC")
                      and is_known_place(text[r[0]:r[1]])), None)
        if place is not None:  # "in Tokyo, Pike & Rowe LLP": a place (model and gazetteer) opening the list
            start = place[1] + len(text[place[1]:]) - len(text[place[1]:].lstrip(" ,"))
            if not partnership(text[start:end]):
                continue
        joint = re.search(r",?\s+(?:and|&)\s+", text[start:end])
        if joint and not _CORP_END.search(text[start:end]):
            part = text[start + joint.end():end]
            if any(r[2] in _PERSON_OR_PLACE and start + joint.end() <= r[0] < end for r in raw) \
                    or re.search(r"\s(?:of|for|on|the)\s", part) or _written_alone(part, body) \
                    or (1 < len(part.split()) < 4 and is_given_name(part.split()[0])):
                end = start + joint.start()
                if not re.search(r"\s(?:of|for|on)\s", text[start:end]) and not text[start:end].endswith(
                        tuple(canon.INSTITUTION_HEADS)):
                    continue
        overlapping = [r for r in raw if r[0] < end and start < r[1]]
        # the model's organization that starts earlier and ends inside, over small words the kind noun's left
        # words do not take: the name's first words ("Occupational Safety and" + "Health Administration")
        start = min([start, *(r[0] for r in overlapping if r[2] == "ORG" and r[0] < start < r[1] <= end
                              and _CAPITALISED_LEFT.fullmatch(text, r[0], start)
                              and re.search(r"\s(?:and|&|of|for)\s", text[r[0]:start + 1]))])
        if any(r[2] in _PERSON_OR_PLACE and (r[0] < start or r[1] > end or (r[0], r[1]) == (start, end))
               for r in overlapping):
            continue
        raw = [r for r in raw if r not in overlapping] + [(start, end, "ORG")]
    return raw


_CAPITAL_WORD = r"(?:[A-Z][\w.'’&]*(?:-[A-Z][\w.'’&]*)*|of|for|and|&|the|on|at)"
_CAPITALISED_LEFT = re.compile(rf"(?:(?!{_INSTITUTION_TITLES}\s){_CAPITAL_WORD}\s+)*")


def _written_alone(name: str, body: str) -> bool:
    """`name` occurs in `body` outside a longer capitalised name (no capitalised word or small name word
    right before or after it)."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body):
        before = re.search(r"([\w.'’&-]+)\s+$", body[max(0, m.start() - 40):m.start()])
        after = re.match(r"\s+([\w.'’&-]+)", body[m.end():])
        if not (before and (before.group(1)[0].isupper() or before.group(1) in ("of", "for", "on", "and", "&")))\
                and not (after and (after.group(1)[0].isupper() or after.group(1) in ("of", "for", "and", "&"))):
            return True
    return False


_CORP_END = re.compile(rf"\s(?:{canon.PARTNERSHIP_SUFFIXES})$|&")


def _widen_org(text: str, start: int, end: int, limit: int) -> tuple[int, int, str]:
    """Take in the rest of a capitalized name the model cut short ("the Sioux Falls Argus" + "Leader") and a
    capitalized "The" just before it mid-sentence ("The Hill's"); never into the next entity or a title."""
    cut = text.find("(", start, end)
    if cut > start:
        end = cut
    # a span that already ends at punctuation ("Blue Origin,") ends the name: never widen into a list
    closed = text[start:end].rstrip().endswith((",", ";", ":"))
    # ... nor into a title that a name follows ("NASA Administrator Jim Roe"; not "the Argus Leader reported")
    stop = rf"The\b|A\b|(?:{_WIDEN_STOP})\b|{_TITLE_WORDS}(?:\s+[A-Z]|\s*$)"
    m = None if closed else re.match(rf"(?:\s+(?!{stop})[A-Z][\w&-]*)+", text[end:limit])
    if m and not re.match(r"\s+[A-Z][\w&-]*\s+(?:said|says|told)\b", text[end:]):
        end += m.end()
    if start >= 4 and text[start - 4: start] == "The " and start > 4:
        start -= 4
    return start, end, text[start:end]


def _adjust_kind(mention: Mention, after: str, before: str) -> None:
    if mention.label in ("FAC", "WORK", "NORP"):
        if mention.text in canon.KNOWN_ORGS:
            mention.label = ORG
        return
    if _FACILITY_AFTER.match(after):
        mention.label = "FAC"
    elif _PLACE_CUE_AFTER.match(after) or _PLACE_CUE_BEFORE.search(before):
        mention.label, mention.votes = PLACE, 3.0
    elif _ORG_CUE_AFTER.match(after) or mention.text in canon.KNOWN_ORGS or (
            mention.text.lower() not in canon.PLACE_ALIASES and (
                _CORPORATE_TITLE_AFTER.match(after) or _ORG_USE_AFTER.match(after)
                or (mention.label == PLACE and _JOB_AT_BEFORE.search(before[-100:])))):
        mention.label, mention.votes = ORG, 2.0
    elif mention.label == PRODUCT:
        mention.label = ORG  # decided later: products are named "<maker> <product>"
    elif mention.label == PERSON and " " not in mention.text and _ARTICLE_BEFORE.search(before) \
            and _NOT_MODIFIER_AFTER.match(after):
        mention.label, mention.votes = ORG, 2.0  # "the Thunder won": a person's name takes no article
    elif mention.label == PERSON and mention.text.isupper() and " " not in mention.text:
        mention.label, mention.votes = ORG, 2.0  # "ROTC", "NYAG": a person's name is not an acronym
    elif mention.label == PERSON and _PLACE_PREPOSITION_BEFORE.search(before) and not after.startswith(("'", "’")):
        mention.label, mention.votes = PLACE, 2.0  # "a telescope atop Mauna Kea": people are not "in" anywhere


# "A Castellan Health spokesperson said": the name that says whose spokesperson it is names an organization
_SPOKESPERSON = re.compile(r"(?:^|(?<=\s))(?:[Aa]n?|[Tt]he)\s+(?P<org>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})"
                           r"\s+(?:spokes(?:person|man|woman)|representative)s?\b")


def _spokesperson_orgs(text: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`raw` with the name before "spokesperson" (after "a"/"the") as an organization, in place of the model's
    spans over it, unless the model reads a nationality or a place there ("A French spokesman")."""
    for m in _SPOKESPERSON.finditer(text):
        start, end = m.span("org")
        if re.search(rf"\b(?:{_WIDEN_STOP})\b", m.group("org")):
            continue  # "the Chief Executive spokesperson": a title
        inside = [r for r in raw if r[0] < end and start < r[1]]
        if any(r[2] not in ("ORG", "PERSON", "FAC", "PRODUCT") for r in inside):
            continue
        raw = [r for r in raw if r not in inside] + [(start, end, "ORG")]
    return raw


_ARTICLE_BEFORE = re.compile(r"(?:^|\s)[Tt]he\s+$")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z]*(?:[-'’][A-Z]?[a-z]+)*")  # "Eva-Marie", "O'Neill", "McAdams"
_PLACE_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:in|atop|near|outside|across|throughout)\s+$")
# what follows a name used as a noun phrase of its own, not as a modifier ("the Trump administration")
_NOT_MODIFIER_AFTER = re.compile(r"^(?:['’]s?)?(?:\s*[,.;:)?!]|\s*$|\s+(?:have|has|had|is|are|was|were|will|would|"
                                 r"won|lost|beat|said|say|says|and|or|in|on|at|to|of|for|with|who|which|that)\b)")


def _resolve(mentions: list[Mention], body: str, paragraphs: Sequence[str],
             tickers: Sequence[Any]) -> tuple[list[Entity], list[list[Span]]]:
    """Group mentions into entities with one canonical name each; returns entities and per-paragraph spans."""
    # Surnames of people named in full win over the model's label ("Maley" tagged ORG, "Menear" PRODUCT).
    full_people = [m.text for m in mentions if m.label == PERSON and len(m.text.split()) > 1]
    surnames = canon.surname_index(full_people)
    # a well-known firm's name is a person's surname when the text names that person in full ("Michael
    # Bloomberg" ... "Bloomberg said") and no longer organization name starts with it ("Bloomberg News")
    org_led = {m.text.split()[0] for m in mentions if m.label == ORG and " " in m.text}
    for m in mentions:
        if m.text in surnames and m.label != PERSON and (m.text not in canon.KNOWN_ORGS or m.text not in org_led):
            m.label, m.votes = PERSON, 3.0
    # A "person" whose name ends like a firm ("Globex Capital", "Acme Holdings") is the firm.
    for m in mentions:
        if m.label == PERSON and canon.org_suffix(m.text):
            m.label, m.votes = ORG, 3.0
    # "Montell Figgins" tagged ORG while "Figgins" alone is a person: a person's full name, unless it reads
    # like a company ("Figgins Holdings", "Figgins & Co").
    # The same for a full name the model calls a facility ("Siddharth Raghunathan" FAC, then "Raghunathan") and
    # for hyphenated given names ("Eva-Marie Persson").
    lone = {m.text for m in mentions if m.label == PERSON and len(m.text.split()) == 1}
    for m in mentions:
        words = m.text.split()
        if m.label in (ORG, "FAC") and m.votes < 3.0 and 2 <= len(words) <= 3 and words[-1] in lone \
                and m.text not in canon.KNOWN_ORGS and all(_NAME_WORD.fullmatch(w) for w in words) \
                and not canon.org_suffix(m.text) and words[-1] not in _PLACE_NOUNS:
            m.label, m.votes = PERSON, 3.0
    # ... and the surname or given name alone of a full name found so is that person ("Braun", "Scooter" after
    # "Scooter Braun" is one)
    found = [m.text.split() for m in mentions if m.label == PERSON and m.votes >= 3.0 and len(m.text.split()) > 1]
    parts = {w for words in found for w in (words[0], words[-1]) if _NAME_WORD.fullmatch(w)}
    for m in mentions:
        if m.text in parts and m.label != PERSON and m.text not in canon.KNOWN_ORGS:
            m.label, m.votes = PERSON, 3.0
    # A name followed by a ticker is a company ("Walmart (WMT)").
    for t in tickers:
        for m in mentions:
            if m.paragraph == t.paragraph and 0 <= t.start - m.end <= 3:
                m.label, m.votes = ORG, 3.0
    # Person mentions that are the short form of an organization ("Jet" for "Jet.com").
    org_texts = {m.text for m in mentions if m.label == ORG}
    for m in mentions:
        if m.label == PERSON and len(m.text.split()) == 1 and f"{m.text}.com" in org_texts:
            m.label = ORG
    settle_places(mentions, paragraphs, body)
    labels = canon.vote_labels(mentions)
    written: dict[str, Counter[str]] = {}  # a place's common rendering -> the spellings the text uses for it
    for m in mentions:
        m.label = labels[canon.key(m.text)]
        if m.label == PLACE:
            name = canon.place_name(m.text, body)
            written.setdefault(name, Counter())[m.text] += 1
            m.text = name
    mentions = _drop_heading_only(mentions, paragraphs)

    # Acronyms used for a name spelled out in the text ("TRD" -> "The Real Deal", "SD" -> "South Dakota").
    for m in mentions:
        expansion = canon.acronym_expansion(m.text, body)
        if expansion and m.label == ORG and _TITLE_ONLY.fullmatch(expansion):
            m.label = "TITLE"  # "the SG" after "Solicitor General Jane Roe": a title's initials, no organization
            continue
        if expansion:
            target = next((x for x in mentions if canon.key(x.text) == canon.key(expansion)), None) or next(
                (x for x in mentions if x.label == ORG and x.text.endswith(" " + expansion)), None)
            m.label = target.label if target else m.label
            m.votes = -1.0  # marks an alias: counted under the expansion below
            m.alias_of = target.text if target else expansion

    # A part of a name an acronym is defined for, which the text never uses on its own, is that name: "Ministry
    # of Trade" and "Industry and Energy" in "the Ministry of Trade, Industry and Energy (MOTIE)"
    defined = {m.alias_of for m in mentions if m.alias_of and m.label == ORG}
    flat = canon.norm_apostrophes(body)

    def uses(name: str, text: str) -> int:
        return len(re.findall(rf"(?<![\w-]){re.escape(canon.norm_apostrophes(name))}(?![\w-])", text))

    for m in mentions:
        if m.label == ORG and not m.alias_of:
            wholes = [d for d in sorted(defined) if d != m.text and uses(m.text, d)]  # sorted: the same every run
            if len(wholes) == 1 and uses(m.text, flat) == uses(wholes[0], flat) * uses(m.text, wholes[0]):
                m.alias_of = wholes[0]

    # An acronym the text never spells out in parentheses, inside a longer name it uses ("PG&E" after "Pacific
    # Gas & Electric Co.", "the CDC" after "the Chinese Center for Disease Control and Prevention").
    long_orgs = {m.text for m in mentions if m.label == ORG and not m.alias_of and len(m.text.split()) > 1}
    for m in mentions:
        if m.label == ORG and not m.alias_of:
            within = canon.acronym_within(m.text, long_orgs)
            if within:
                m.votes, m.alias_of = -1.0, within

    # A place is named as the text writes it: "UK" stays "UK" unless the text also writes "United Kingdom" (the
    # common renderings still make one place of "U.S." and "America"; the rendering becomes an alias below). Done
    # after the acronyms, which must not read "US" as the initials of a name ("Upper Stage").
    for name, spellings in written.items():
        if name in _RENDERINGS and name not in spellings and not _writes(body, name):
            for m in mentions:
                if m.label == PLACE and m.text == name:
                    m.text = spellings.most_common(1)[0][0]

    org_keys = {canon.key(m.text) for m in mentions if m.label == ORG}
    products: dict[str, str] = {}
    for m in mentions:
        if m.label in (ORG, PRODUCT, PERSON, "WORK"):
            maker = canon.is_product(m.text, org_keys)
            if maker is not None:
                products[m.text] = maker
    person_map = canon.person_groups(m.text for m in mentions if m.label == PERSON)
    # Single-word people with no full name, mentioned once and without a title, are usually model noise.
    counts = Counter(m.text for m in mentions if m.label == PERSON)

    org_map = _org_map([m for m in mentions if m.label == ORG and m.text not in products],
                       {m.text.lower() for m in mentions if m.label == PLACE})
    groups: dict[tuple[str, str], Entity] = {}
    spans: list[list[Span]] = [[] for _ in paragraphs]
    dotcom = _dotcom_names(mentions)
    for m in mentions:
        kind, name = m.label, m.text
        if m.alias_of:
            name = m.alias_of
        longer = next((p for p in products if p != name and p.split()[-1] == name), None)
        if longer is not None or name in products:
            full = longer or name
            kind, owner = PRODUCT, products[full] or None
            name = full
        else:
            owner = None
        if kind == PERSON:
            name = person_map.get(name, name)
            if len(name.split()) == 1 and counts[name] < 2 and not _titled(paragraphs[m.paragraph], m.start) \
                    and not introduced_as_person(paragraphs[m.paragraph], m.start, m.end):
                continue
        elif kind == ORG:
            name = dotcom.get(name, name)
            name = org_map.get(name, name)
        elif kind not in (PLACE, PRODUCT):
            continue
        k = (kind, canon.key(name) if kind != PERSON else name)
        entity = groups.get(k)
        if entity is None:
            entity = groups[k] = Entity(kind, name, owner=owner)
        _add_alias(entity, m.text)
        if m.sentence not in entity.evidence:
            entity.evidence.append(m.sentence)
        entity.mentions.append(m)
        spans[m.paragraph].append(Span(m.start, m.end, kind, entity.name))
    for entity in groups.values():
        rendering = canon.PLACE_ALIASES.get(entity.name.lower()) if entity.kind == PLACE else None
        if rendering and rendering != entity.name and rendering not in entity.aliases:
            entity.aliases.append(rendering)  # "UK" is also "United Kingdom", so other articles' sheets match it
        entity.aliases = [a for a in entity.aliases if canon.norm_apostrophes(a) != entity.name]
        entity.evidence.sort()
    for row in spans:
        row.sort(key=lambda s: s.start)
    ordered = sorted(groups.values(), key=lambda e: (min(e.evidence), e.name))
    return ordered, spans


def _org_map(mentions: Sequence[Mention], places: Collection[str] = ()) -> dict[str, str]:
    """Short and long spellings of one organization: "Ulta" after "Ulta Beauty", "Bloomberg" and "Bloomberg
    News" (the one longer name that starts with the short one), "Afghan Taliban" -> "Taliban" (a qualifier word
    before a name used on its own); a place that starts the name is part of it ("the Public Utilities
    Commission" -> "California Public Utilities Commission"; `places` in lowercase)."""
    first: dict[str, int] = {}
    for i, m in enumerate(mentions):
        first.setdefault(m.text, i)
    names = list(first)
    out: dict[str, str] = {}
    for name in names:
        words = name.split()
        # "Los Angeles Lakers" and "the Lakers": one team, named in full
        placed = next((" ".join(words[i:]) for i in range(1, len(words)) if " ".join(words[:i]).lower() in places
                       and " ".join(words[i:]) in first), None)
        if placed is not None:
            out.setdefault(placed, name)
            continue
        if len(words) > 1 and " ".join(words[1:]) in first and words[0][:1].isupper():
            out[name] = " ".join(words[1:])
            continue
        department = re.fullmatch(r"(?P<what>[A-Z][\w&-]*(?: [A-Z][\w&-]*)?) (?P<kind>Department|Ministry)", name)
        if department:  # "Justice Department" is the "Department of Justice" named earlier or later
            long_form = next((n for n in names if re.fullmatch(
                rf"{department.group('kind')} of (?:the )?{re.escape(department.group('what'))}", n)), None)
            if long_form is not None:
                out[name] = long_form
                continue
        longer = [n for n in names if n.startswith(name + " ")]
        if len(words) == 1:
            longer = [n for n in longer if first[n] < first[name]]
        if len(longer) == 1:
            out[name] = longer[0]
        elif not longer and len(words) == 1 and not name.isupper():
            # "the Post" after "The Washington Post", "Disney" after "Walt Disney Co.": one later word of the
            # one full name the text gave first
            # "the Agency" for "European Space Agency": a capitalised kind of organization stands for the one
            # name the text ends with it, wherever that name comes
            holders = [n for n in names if (first[n] < first[name] or name in _ORG_HEAD_NOUNS)
                       and name in n.split()[1:] and n not in out]
            if len(holders) == 1:
                out[name] = holders[0]
    return out


_ORG_HEAD_NOUNS = frozenset({"Agency", "Company", "Bank", "Department", "Ministry", "Commission", "Council",
                             "Committee", "Court", "Corporation", "Institute", "University", "Party", "Board",
                             "Authority", "Administration", "Bureau", "Office", "Service", "Foundation", "Fund"})


_ORG_JOIN_HEADS = _ORG_HEAD_NOUNS | {"Center", "Centre", "Organization", "Organisation", "Program", "Programme",
                                     "League", "Union", "Federation", "Association", "Society", "Coalition"}
# the words an organization's name ends with, before a second name joined by "and"
_LEFT_HEADS = _ORG_JOIN_HEADS | {"Initiative", "Project", "Trust", "Alliance", "Network", "Inc", "Corp", "Ltd", "LLC",
                                 "Group", "Holdings", "Institute"}


def _fill_spans(entities: Sequence[Entity], spans: list[list[Span]], paragraphs: Sequence[str],
                locate: Any) -> None:
    """Mentions the model missed: later uses of a name already found ("Petrides said" untagged)."""
    forms: list[tuple[str, Entity]] = []
    for e in entities:
        if e.kind not in (PERSON, ORG):
            continue
        candidates = {e.name, *e.aliases}
        if e.kind == PERSON and len(e.name.split()) > 1:
            candidates.add(canon.surname_of(e.name))
        forms.extend((f, e) for f in candidates if len(f) >= 3 and f[:1].isupper())
    forms.sort(key=lambda x: (-len(x[0]), x[0], x[1].name))
    for p, text in enumerate(paragraphs):
        row = spans[p]
        for form, e in forms:
            for m in re.finditer(rf"(?<![\w.]){re.escape(form)}(?![\w])", text):
                if any(s.start < m.end() and m.start() < s.end for s in row):
                    continue
                row.append(Span(m.start(), m.end(), e.kind, e.name))
                sentence = locate(p, m.start())
                if sentence not in e.evidence:
                    e.evidence.append(sentence)
        row.sort(key=lambda s: s.start)
    for e in entities:
        e.evidence.sort()


_RENDERINGS = frozenset(canon.PLACE_ALIASES.values())


def _writes(body: str, name: str) -> bool:
    """`body` writes `name` as a whole phrase."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", body) is not None


def _add_alias(entity: Entity, text: str) -> None:
    alias = canon.norm_apostrophes(text)
    if alias != entity.name and alias not in entity.aliases:
        entity.aliases.append(alias)


def _titled(paragraph: str, start: int) -> bool:
    return bool(_TITLE_RUN.search(paragraph[max(0, start - 60): start]))


_TITLE_OF_COMMA = re.compile(rf"\b(?:{_TITLE_HEAD})\b(?:\s+(?:of|for|at)\s+[^,.;:\"“”]{{1,50}})?,\s+$")


def _titled_before(paragraph: str, start: int) -> bool:
    """A title right before the name: "President Roe", "deputy director of public prosecutions, Roe"."""
    before = paragraph[max(0, start - 80): start]
    return bool(_TITLE_RUN.search(before[-60:]) or _TITLE_OF_COMMA.search(before))


def _dotcom_names(mentions: Sequence[Mention]) -> dict[str, str]:
    """"Amazon.com" -> "Amazon" when the bare name is used at least as often; "Jet.com" stays otherwise."""
    counts = Counter(m.text for m in mentions if m.label == ORG)
    out = {}
    for name in counts:
        if name.lower().endswith(".com"):
            bare = name[:-4]
            if counts.get(bare, 0) > counts[name]:
                out[name] = bare
        else:
            if counts.get(f"{name}.com", 0) >= counts[name]:
                out[name] = f"{name}.com"
    return out


def _roles(paragraphs: Sequence[str], spans: Sequence[Sequence[Span]],
           people: Sequence[Entity]) -> dict[str, tuple[str | None, str | None]]:
    """Each person's role and organization as the text gives them ("Microsoft CEO Satya Nadella",
    "CEO of Microsoft Satya Nadella", "Doug McMillon, Walmart CEO", "X, a market analyst with Oanda")."""
    out: dict[str, tuple[str | None, str | None]] = {}
    names = {e.name for e in people}
    for p, text in enumerate(paragraphs):
        for s in spans[p]:
            if s.kind != PERSON or s.name not in names or s.name in out:
                continue
            found = _role_at(text, s, spans[p])
            if found[0]:
                out[s.name] = found
    return out


def _role_at(text: str, s: Span, row: Sequence[Span]) -> tuple[str | None, str | None]:
    before = text[max(0, s.start - 90): s.start]
    offset = max(0, s.start - 90)
    end_of_sentence = list(re.finditer(r"\b[A-Za-z]*[a-z]{3,}[.!?][\"”’)]*\s+", before))
    if end_of_sentence:  # a title never reaches back into the sentence before ("... of Prisons. Attorney")
        offset += end_of_sentence[-1].end()
        before = before[end_of_sentence[-1].end():]
    m = _TITLE_OF.search(before[: len(before)])
    of_org = next((o for o in row if o.kind == ORG and o.end <= s.start and
                   re.fullmatch(r"\s+", text[o.end: s.start] or " ")), None)
    if of_org is not None:
        lead = text[max(0, of_org.start - 40): of_org.start]
        m = _TITLE_OF.search(lead)
        if m:
            return m.group("role"), of_org.name  # "CEO of Microsoft Satya Nadella"
    after_org = re.match(r"\s+(?:of|at|with|from)\s+", text[s.end: s.end + 8])
    org_after = next((o.name for o in row if o.kind == ORG and after_org and o.start == s.end + after_org.end()),
                     None)  # "Analyst Jane Roe of Globex Capital"
    m = _TITLE_RUN.search(before)
    if m:
        role_start = offset + m.start("role")
        org = next((o.name for o in row if o.kind == ORG and role_start <= o.start < s.start), None) or next(
            (o.name for o in row if o.kind == ORG and 0 <= role_start - o.end <= 3
             and re.fullmatch(r"(?:['’]s?)?\s*", text[o.end: role_start])), None) or org_after
        role = _strip_names(text[role_start: offset + m.end("role")], row, role_start, s.start)
        if role:
            return role, org
    m = re.match(rf".*\b(?P<role>{_TITLE_HEAD}),\s+$", before, re.S)
    if m:
        return m.group("role"), None  # "Carlineo's attorney, Sonya Zoghlin"
    m = _APPOSITIVE.match(text[s.end: s.end + 160])
    if m:
        p_start = s.end + m.start("phrase")
        p_end = s.end + m.end("phrase")
        org = next((o.name for o in row if o.kind == ORG and p_start <= o.start < p_end), None)
        head = re.search(rf"^.*?\b(?:{_TITLE_HEAD})\b(?:\s+of\s+(?:[a-z]+\s?){{1,3}}(?=\s|$))?", m.group("phrase"))
        role = head.group(0) if head else m.group("phrase")
        role = _strip_names(role, row, p_start, p_end).strip()
        role = re.sub(r"^(?:a|an|the)\s+", "", role)
        return (role or None), org
    # any other short appositive noun phrase: "Jo Ray, the utility's principal meteorologist, said", "Jo Ray, a
    # legal researcher at Acme Rights, said"
    m = _NOUN_APPOSITIVE.match(text[s.end: s.end + 120])
    if m:
        p_start, p_end = s.end + m.start("phrase"), s.end + m.end("phrase")
        org = next((o.name for o in row if o.kind == ORG and p_start <= o.start < p_end), None)
        owner = m.group("owner")
        owner_org = next((o.name for o in row if o.kind == ORG and owner and o.start == s.end + m.start("owner")),
                         None)
        return m.group("role"), org or owner_org
    return None, None


_ROLE_WORD = r"(?!(?:said|says|told|who|where|which|and|is|was|has|had|will|would)\b)[a-z][a-z-]+"
_NOUN_APPOSITIVE = re.compile(
    r"^,\s+(?P<phrase>(?:(?:a|an|the)\s+|(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['’]s\s+)"
    rf"(?P<role>{_ROLE_WORD}(?:\s+{_ROLE_WORD}){{0,4}})"
    r"(?:\s+(?:at|of|for|with)\s+(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})?)"
    # closed by punctuation or a clause ("Jane Roe, the company said" is an attribution, not an appositive)
    r"(?=,|\.(?:\s|$)|\s+(?:who|where|which)\b|$)")


def _strip_names(role: str, row: Sequence[Span], start: int, end: int) -> str:
    """The role without the organization names inside it ("Microsoft CEO" -> "CEO")."""
    for o in row:
        if o.kind == ORG and start <= o.start < end:
            name_text = role  # organizations are removed by their written form
            role = re.sub(rf"^{re.escape(o.name)}(?:['’]s?)?\s+", "", name_text)
    role = re.sub(r"^(?:[A-Z][\w.]*['’]s?\s+)(?=[a-z])", "", role) if re.match(r"^[A-Z][\w.]*['’]\s", role) else role
    role = re.sub(r"^(?:[Tt]he|[Aa]n?|[Ll]ate|[Ff]ormer)\s+", "", role.strip())
    return role.strip(" ,")


def _ticker_facts(tickers: Sequence[Any], spans: Sequence[Sequence[Span]], paragraphs: Sequence[str],
                  locate: Any, organizations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    by_key = {canon.key(o["name"]): o for o in organizations}
    for t in tickers:
        org: str | None = None
        if t.company_text:
            known = by_key.get(canon.key(t.company_text.title()))
            org = known["name"] if known else None
        else:
            before = [s for s in spans[t.paragraph] if s.end <= t.start and t.start - s.end <= 3]
            org = before[-1].name if before else None
        sentence = locate(t.paragraph, t.start)
        fact = out.get(t.symbol)
        if fact is None:
            fact = out[t.symbol] = {"symbol": t.symbol, "exchange": t.exchange, "change_pct": t.change_pct,
                                    "organization": org, "evidence": []}
        for field, value in (("exchange", t.exchange), ("change_pct", t.change_pct), ("organization", org)):
            if fact[field] is None:
                fact[field] = value
        if sentence not in fact["evidence"]:
            fact["evidence"].append(sentence)
        if org and org in {o["name"] for o in organizations}:
            target = next(o for o in organizations if o["name"] == org)
            target["ticker"] = target["ticker"] or t.symbol
        elif t.company_text and org:
            pass
    for fact in out.values():
        if fact["organization"] is None and t.company_text:
            fact["organization"] = None
    return list(out.values())


def _dedupe_money(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[tuple[float | None, str | None], dict[str, Any]] = {}
    for item in items:
        k = (item["amount"], item["currency"])
        if k in out:
            kept = out[k]
            kept["evidence"] = sorted(set(kept["evidence"]) | set(item["evidence"]))
            kept["refers_to"] = kept["refers_to"] or item["refers_to"]
            kept["conversions"] = kept["conversions"] or item["conversions"]
        else:
            out[k] = item
    return list(out.values())


def _gender(sentences: Sequence[Sentence], paragraphs: Sequence[str],
            spans: Sequence[Sequence[Span]]) -> dict[str, str]:
    """"m"/"f" for people the text shows a gender for: an honorific before the name ("Ms. Roe"), a subject
    pronoun or possessive in a sentence that opens with that person and names nobody else ("Roe said she ..."),
    and a sentence that opens with "He"/"She" right after a sentence naming only that person. Object pronouns
    are no evidence: in "Roe cut her off" the "her" is someone else."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for p, row in enumerate(spans):
        for sp in row:
            if sp.kind == PERSON:
                title = re.search(r"\b(?P<t>Mr|Ms|Mrs|Miss)\.?\s+$", paragraphs[p][max(0, sp.start - 6): sp.start])
                if title:
                    votes[sp.name]["m" if title.group("t") == "Mr" else "f"] += 2
    only, only_paragraph, only_own = None, -1, Counter[str]()
    for s in sentences:
        # a name or pronoun inside a quote speaks of someone else
        narrative = _QUOTED.sub(lambda m: " " * len(m.group(0)), s.text)
        people = [sp for sp in spans[s.paragraph] if sp.kind == PERSON and s.start <= sp.start < s.end
                  and narrative[sp.start - s.start: sp.start - s.start + 1].strip()]
        names = {sp.name for sp in people}
        pron = re.search(r"\b(?P<p>[Hh]e|[Ss]he)\b", narrative)
        # (a possessive that opens the sentence counts too: "Roe coaches the team. His wife, Jane Roe, ...")
        lead = re.match(r"\s*(?:[A-Z]\w*(?:\s+\w+){0,4},\s+)?(?P<p>[Hh]e|[Ss]he|His|Her)\b", narrative)
        # "Roe spoke first. “...,” she said." and "... Roe. He was arrested for a call to Doe": a subject
        # pronoun that opens its sentence cannot stand for a name later in that sentence
        if only is not None and ((not names and pron and s.paragraph == only_paragraph) or lead):
            vote = "m" if (lead or pron).group("p").lower() in ("he", "his") else "f"  # type: ignore[union-attr]
            # ... but the "he" of "“...,” he said" after a quote is the attribution this is to resolve: weaker
            # than the person's own sentence ("Roe said she had not seen it."), which it may not contradict
            quoted_first = s.text.lstrip()[:1] in "\"“‘'"
            if not (quoted_first and only_own[vote] == 0 and only_own["f" if vote == "m" else "m"] > 0):
                votes[only][vote] += 1
        opener = people[0].name if people and people[0].start == s.start else None
        if opener is not None and len(names) == 1:
            votes[opener]["m"] += len(_MALE.findall(narrative))
            votes[opener]["f"] += len(_FEMALE.findall(narrative))
        elif opener is not None:  # "Roe, who represents Doe, said he was pleased"
            said = re.search(r"\b(?:said|says|added|adds|told \w+)\s+(?:that\s+)?(?P<p>he|she)\b", narrative)
            if said:
                votes[opener]["m" if said.group("p") == "he" else "f"] += 1
        # the one the next sentence's pronoun can stand for: a person who opens the sentence and is its only name
        if opener is not None and len(names) == 1:
            only, only_paragraph = opener, s.paragraph
            only_own = Counter(m=len(_MALE.findall(narrative)), f=len(_FEMALE.findall(narrative)))
        elif names:
            only = None
    return {name: ("m" if c["m"] > c["f"] else "f") for name, c in votes.items() if c["m"] != c["f"]}


_RIVAL = re.compile(r"\b(?:rivals?|competitors?|compete|competes|competing|battling|take on|against|archrival)\b")
_PARTNER = re.compile(r"\bpartner(?:s|ship|ships|ing|ed)?\b")
_ACQUIRE = re.compile(r"\b(?:acquisition|acquired|acquires|acquire|purchase|bought|buys|takeover)\b")


def _relations(sentences: Sequence[Sentence], paragraphs: Sequence[str], spans: Sequence[Sequence[Span]],
               locate: Any, org_before: Any) -> list[dict[str, Any]]:
    """Subject/predicate/object relations the text states between organizations."""
    found: dict[tuple[str, str, str], list[int]] = {}

    def add(a: str, pred: str, b: str, sentence: int) -> None:
        if a == b:
            return
        if pred == "partner" and (b, pred, a) in found:
            a, b = b, a
        found.setdefault((a, pred, b), [])
        if sentence not in found[(a, pred, b)]:
            found[(a, pred, b)].append(sentence)

    for s in sentences:
        text = paragraphs[s.paragraph]
        orgs = [sp for sp in spans[s.paragraph] if sp.kind == ORG and s.start <= sp.start < s.end]
        if not orgs:
            continue
        for m in _ACQUIRE.finditer(text, s.start, s.end):
            after = [o for o in orgs if o.start > m.end() and o.start - m.end() <= 8]
            if not after:
                continue
            target = after[0]
            if m.group(0) in ("acquisition", "purchase", "takeover"):
                lead = text[max(s.start, m.start() - 40): m.start()]
                owner = re.search(r"([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*)['’]s\s+(?:[\w$.,-]+\s+){0,3}$", lead)
                subject = owner.group(1) if owner else (org_before(s.paragraph, m.start())
                                                        if re.search(r"\bits\b", lead) else None)
                known = next((o.name for o in orgs
                              if o.name == subject or canon.key(o.name) == canon.key(subject or "")), None)
                if known:
                    add(known, "acquired", target.name, s.index)
            else:
                before = [o for o in orgs if o.end <= m.start()]
                if before:
                    add(before[-1].name, "acquired", target.name, s.index)
        if _PARTNER.search(text, s.start, s.end) and len({o.name for o in orgs}) >= 2:
            names = list(dict.fromkeys(o.name for o in orgs))
            add(names[0], "partner", names[1], s.index)
        for m in _RIVAL.finditer(text, s.start, s.end):
            subjects = list(dict.fromkeys(o.name for o in orgs if o.end <= m.start()))
            # The rival is named right after the cue ("take on their biggest rival Amazon", "compete with
            # Amazon"), not in a later clause ("partnered against their common rival, ... Microsoft CEO").
            objects = [o.name for o in orgs if o.start >= m.end() and o.start - m.end() <= 30
                       and not re.search(r"[,;:\"“”()]", text[m.end():o.start])][:1]
            for subject in subjects[-2:]:
                for obj in objects:
                    add(subject, "competitor", obj, s.index)
    return [{"subject": a, "predicate": pred, "object": b, "evidence": sorted(ev)}
            for (a, pred, b), ev in found.items()]


def _event(sentences: Sequence[Sentence], index: int, limit: int = 200) -> str | None:
    """What happened at a date: the sentence that states it, cut at a word boundary (extractive, never written)."""
    text = next((s.text for s in sentences if s.index == index), "")
    if len(text) <= limit:
        return text or None
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _key_points(sentences: Sequence[Sentence], spans: Sequence[Sequence[Span]], locate: Any) -> list[dict[str, Any]]:
    """3-5 sentences that carry the most facts, favouring the lead, in text order."""
    scored = []
    for s in sentences:
        words = s.text.split()
        if len(words) < 8 or s.text.endswith("?") or _is_table_or_heading(s.text) or is_credit(s.text):
            continue
        names = {sp.name for sp in spans[s.paragraph] if s.start <= sp.start < s.end}
        numbers = len(re.findall(r"[$€£¥]\s?\d|\d+(?:\.\d+)?\s?%|\b\d[\d,.]*\s(?:billion|million)\b", s.text))
        score = len(names) + 0.8 * numbers + 2.0 / (1 + 0.3 * (s.index - 1))
        if s.text.startswith(("\"", "“")):
            score -= 1.0
        scored.append((score, s.index, s.text))
    if not scored:
        return []
    count = max(3, min(5, len(sentences) // 6))
    best = sorted(scored, key=lambda x: (-x[0], x[1]))[:count]
    return [{"text": text, "evidence": [index]} for _, index, text in sorted(best, key=lambda x: x[1])]


def _topics(paragraphs: Sequence[str], orgs: Sequence[Entity]) -> list[str]:
    """Short lowercase keywords: the most repeated content words and the most mentioned organizations."""
    words = Counter(
        w for w in re.findall(r"\b[a-z][a-z-]{3,}\b", " ".join(paragraphs)) if w not in _STOP
    )
    top_words = [w for w, n in sorted(words.items(), key=lambda x: (-x[1], x[0])) if n >= 2][:4]
    top_orgs = [o.name.lower() for o in sorted(orgs, key=lambda o: (-len(o.mentions), o.name))[:2]]
    return list(dict.fromkeys(top_orgs + top_words))[:6]


# --- many articles, both cores -------------------------------------------------------------------------

_WORKER_NLP: Language | None = None


def _worker_init(model: str, owner: int) -> None:
    global _WORKER_NLP
    import signal

    from briefsite.extract.nlp import load_model
    from briefsite.extract.orphans import die_with_parent

    # The parent stops its workers (SIGTERM), also on Ctrl-C, which reaches the whole process group: a worker
    # ends at once and quietly, whatever handler it inherited from the parent
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(owner=owner)
    _WORKER_NLP = load_model(model)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now, without waiting for the chunks they are on (an interrupted or failed run)."""
    processes = list((pool._processes or {}).values())
    # shutdown(wait=False) forgets the pool's manager thread, so leaving the `with` block no longer waits for it;
    # it must finish tearing the pool down before this process exits, or its close of the task queue races the
    # queue's exit finalizer (an "OSError: Bad file descriptor" traceback on an interrupted build).
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if manager is not None:
        manager.join(10)


def _worker_run(chunk: Sequence[RawArticle]) -> list[Facts]:
    assert _WORKER_NLP is not None
    return _extract_chunk(chunk, _WORKER_NLP)


def _extract_chunk(chunk: Sequence[RawArticle], nlp: Language) -> list[Facts]:
    """Extract a chunk with one `nlp.pipe` over all of its sentences (better batching than per article)."""
    prepared = [_ner_inputs(article) for article in chunk]
    flat = [text for _, texts, _ in prepared for text in texts]
    all_docs = list(nlp.pipe(flat, batch_size=256))
    parse_quoted(all_docs, nlp)
    docs = iter(all_docs)
    out = []
    for article, (sentences, texts, warnings) in zip(chunk, prepared, strict=True):
        article_docs = [next(docs) for _ in texts]
        try:
            out.append(_extract_from_docs(article, (sentences, article_docs, warnings)))
        except Exception as exc:  # a rule bug must not lose the whole run: report it on this article
            out.append(Facts(warnings=[f"{article.file}: extraction failed: {exc.__class__.__name__}: {exc}"]))
    return out


def _chunks(items: Sequence[RawArticle], size: int) -> Iterator[Sequence[RawArticle]]:
    for i in range(0, len(items), size):
        yield items[i: i + size]


def extract_many(articles: Sequence[RawArticle], model: str, workers: int = 2, progress: bool = True,
                 chunk_size: int = 8) -> list[Facts]:
    """Extract many articles on `workers` processes (each loads `model` once), in input order, with a
    progress bar on stderr. Output does not depend on the number of workers."""
    if not articles:
        return []
    in_process = workers == 1  # as asked; otherwise even a single chunk goes to a worker process, so this
    # process (which runs the publisher next) never holds the model
    workers = max(1, min(workers, os.cpu_count() or 1, (len(articles) + chunk_size - 1) // chunk_size))
    chunks = list(_chunks(articles, chunk_size))
    results: list[list[Facts]] = []
    bar = _progress(len(articles)) if progress else None
    try:
        if in_process:
            from briefsite.extract.nlp import load_model

            nlp = load_model(model)
            for chunk in chunks:
                results.append(_extract_chunk(chunk, nlp))
                _advance(bar, len(chunk))
        else:
            import multiprocessing

            # Workers start from a fresh server process, not as forks of this one: they do not hold (and are not
            # counted with) the articles and sheets this process has read; each loads only the model.
            context = multiprocessing.get_context("spawn" if os.name == "nt" else "forkserver")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init,
                                     initargs=(model, os.getpid())) as pool:
                try:
                    for chunk, done in zip(chunks, pool.map(_worker_run, chunks), strict=True):
                        results.append(done)
                        _advance(bar, len(chunk))
                except BaseException:  # Ctrl-C, SIGTERM (the CLI raises KeyboardInterrupt), a worker's error
                    _stop_workers(pool)
                    raise
    finally:
        if bar is not None:
            bar[0].stop()
    return [facts for chunk in results for facts in chunk]


def _progress(total: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=False)
    task = bar.add_task("extract", total=total)
    bar.start()
    return bar, task


def _advance(bar: Any, n: int) -> None:
    if bar is not None:
        bar[0].advance(bar[1], n)
