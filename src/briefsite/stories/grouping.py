"""Group articles that report the same event into stories.

Each article becomes a weighted bag of salient terms (TF-IDF over the batch; names, the title and the
sheet's entities weigh more). Blocking: an inverted index over each article's top terms, within a window of
publication dates, proposes candidate pairs, so the work grows with the number of similar articles, not with
n². (MinHash LSH was tried first: same-event pairs share as little as 4-7% of their top terms, where LSH
needs one-row bands and then passes about a quarter of unrelated pairs.) A candidate pair links when its
cosine similarity, discounted by the gap between publication dates, clears a threshold; links are applied
strongest first, and never join two stories that a person pinned or that already have ids. Everything is
sorted by id or score before use, so the result does not depend on input order or hash seed.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from briefsite.facts.schema import ArticleSheet
from briefsite.facts.slug import slugify
from briefsite.read.sentences import calendar_date

MAX_STORY_ID = 60
# Tuned on tests/grouping (see bench/stories.py); a pair must clear LINK_THRESHOLD after the date discount.
LINK_THRESHOLD = 0.28
VECTOR_TERMS = 100  # terms kept per article vector
BLOCK_TERMS = 32  # an article's most salient terms, used for blocking
MIN_SHARED = 2  # a candidate pair shares at least this many of them
MAX_POSTING = 400  # a term among the top terms of more articles than this is not used for blocking
SAME_EVENT_DAYS = 2  # no discount within this gap
MAX_GAP_DAYS = 10  # no link beyond this gap (a later follow-up joins through nearer articles)
TITLE_WEIGHT = 3.0
NAME_BOOST = 2.0
ENTITY_WEIGHT = 2.0

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*|\d+[A-Za-z]+[A-Za-z0-9]*")
_SENTENCE_END = frozenset(".!?\"“”:\n")
_STOPWORDS = frozenset(
    """a about above according across after afterwards again against all almost alone along already also
    although always am among an and another any anyone anything anyway are around as at back be became because
    become been before being below beside besides between beyond both but by can cannot could did do does
    doing done down due during each either else enough even ever every everyone everything except few first
    for former from further get gets getting give given go goes going got had has have having he her here
    hers herself him himself his how however i if in including into is it its itself just last later least
    less like made make makes making many may me meanwhile might more most mostly much must my myself never new
    next no nor not nothing now of off often on once one only onto or other others otherwise our ours
    ourselves out over own per perhaps please put rather re really said same say says see seem seemed seems
    several she should show since so some something still such take than that the their theirs them
    themselves then there thereby therefore these they this those though three through throughout thus to
    together too toward towards two under until up upon us use used using very via was way we well were what
    whatever when whenever where whether which while who whole whom whose why will with within without would
    yet you your yours yourself yourselves year years week weeks day days today yesterday tomorrow time
    times monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december told tell tells added add adds including include
    includes report reports reported reportedly people percent million billion mr mrs ms also back get
    don doesn didn isn wasn aren won can't it's that's there's he's she's we're they're i'm you're
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class ArticleInfo:
    """What grouping needs to know about one article.

    `names` are canonical entity names and ticker symbols from its fact sheet; `pin` is a story id a
    person set by hand, which always wins.
    """

    id: str
    title: str | None
    published: str | None
    text: str
    names: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    pin: str | None = None

    @classmethod
    def from_sheet(cls, sheet: ArticleSheet, text: str, pin: str | None = None) -> ArticleInfo:
        """Build from a validated fact sheet and the article body; pass `pin` when `story:` was set by hand."""
        names: list[str] = []
        for group in (sheet.organizations, sheet.people, sheet.places, sheet.products):
            names.extend(fact.name for fact in group)
        names.extend(ticker.symbol for ticker in sheet.tickers)
        return cls(
            id=sheet.id,
            title=sheet.title,
            published=sheet.published.value if sheet.published else None,
            text=text,
            names=tuple(names),
            topics=tuple(sheet.topics),
            pin=pin,
        )


def group(articles: Sequence[ArticleInfo], previous: Mapping[str, str]) -> dict[str, str]:
    """Assign each article a story id: {article id: story id}.

    A pin wins; otherwise an article keeps its story from `previous` (the last assignment), so adding
    articles never renames or splits an existing story. Other articles join the story they link to most
    strongly, or found a new one whose id is a stable slug: founding date, salient title terms and a short
    hash of the founding article's id.
    """
    ordered = sorted(articles, key=lambda a: a.id)
    if len({a.id for a in ordered}) != len(ordered):
        raise ValueError("duplicate article ids")
    fixed = [a.pin or previous.get(a.id) for a in ordered]
    if all(fixed):  # every article keeps its story: nothing to compare (the common case of a hand edit)
        return {a.id: str(story) for a, story in zip(ordered, fixed, strict=True)}
    vectors = _vectors(ordered)
    days = [calendar_date(a.published) for a in ordered]

    parent = list(range(len(ordered)))
    label: dict[int, str | None] = dict(enumerate(fixed))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = sorted((find(i), find(j)))
        if ri != rj:
            parent[rj] = ri
            label[ri] = label[ri] or label[rj]

    by_label: dict[str, int] = {}
    for i, story in enumerate(fixed):
        if story is not None:
            if story in by_label:
                union(by_label[story], i)
            else:
                by_label[story] = i

    for _, i, j in _links(ordered, vectors, days):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        li, lj = label[ri], label[rj]
        if li is not None and lj is not None:
            continue  # two existing stories are never merged by the machine
        union(ri, rj)

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ordered)):
        members[find(i)].append(i)
    used = {story for story in fixed if story is not None}
    result: dict[str, str] = {}
    for root in sorted(members, key=lambda r: ordered[members[r][0]].id):
        story = label[root]
        if story is None:
            story = _new_story_id([ordered[i] for i in members[root]], [vectors[i] for i in members[root]], used)
            used.add(story)
        for i in members[root]:
            result[ordered[i].id] = story
    return result


def story_id(founder: ArticleInfo, terms: Sequence[str]) -> str:
    """A story id: founding date, up to three salient terms and a hash of the founding article's id."""
    digest = hashlib.sha256(founder.id.encode("utf-8")).hexdigest()[:6]
    day = calendar_date(founder.published)
    head = day.isoformat() if day else ""
    words = slugify(" ".join(terms[:3]), MAX_STORY_ID - len(head) - len(digest) - 2)
    return "-".join(part for part in (head, words, digest) if part)


def _new_story_id(members: Sequence[ArticleInfo], vectors: Sequence[dict[str, float]], used: set[str]) -> str:
    founder_index = min(range(len(members)), key=lambda k: _founding_key(members[k]))
    founder = members[founder_index]
    weights = vectors[founder_index]
    # title words as written (not stemmed), ranked by the weight of their term in the founder's vector
    title_words: dict[str, str] = {}
    for match in _WORD.finditer(founder.title or ""):
        term = _normalise(match.group())
        if term and term in weights and term not in title_words:
            title_words[term] = match.group().lower().replace("’", "'")
    salient = set(sorted(title_words, key=lambda t: (-weights[t], t))[:3])
    ordered_terms = [word for term, word in title_words.items() if term in salient]
    if not ordered_terms:
        ordered_terms = sorted(weights, key=lambda t: (-weights[t], t))[:3]
    story = story_id(founder, ordered_terms)
    n = 2
    base = story
    while story in used:  # only when a hand-chosen id happens to equal the slug
        story = f"{base[: MAX_STORY_ID - 3]}-{n}"
        n += 1
    return story


def _founding_key(article: ArticleInfo) -> tuple[int, str]:
    day = calendar_date(article.published)
    return (day.toordinal() if day else 10**7, article.id)


def _links(
    articles: Sequence[ArticleInfo], vectors: Sequence[dict[str, float]], days: Sequence[date | None]
) -> list[tuple[float, int, int]]:
    """Candidate pairs from LSH, scored; strongest first, ties broken by position (i.e. by id)."""
    links: list[tuple[float, int, int]] = []
    for i, j in _candidates(vectors, days):
        factor = _date_factor(days[i], days[j])
        if factor == 0.0:
            continue
        score = _cosine(vectors[i], vectors[j]) * factor
        if score >= LINK_THRESHOLD:
            links.append((score, i, j))
    links.sort(key=lambda link: (-link[0], link[1], link[2]))
    return links


def _candidates(vectors: Sequence[dict[str, float]], days: Sequence[date | None]) -> list[tuple[int, int]]:
    """Pairs that share at least MIN_SHARED of their top BLOCK_TERMS terms and were published within
    MAX_GAP_DAYS of each other (or either has no date). Terms in more than MAX_POSTING articles' top lists say
    little about the event and are skipped, which bounds the work per article."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vectors):
        for term in sorted(v, key=lambda t: (-v[t], t))[:BLOCK_TERMS]:
            postings[term].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    ordinals = [d.toordinal() if d else None for d in days]
    for term in sorted(postings):
        members = postings[term]
        if len(members) < 2 or len(members) > MAX_POSTING:
            continue
        dated = sorted((o, i) for i in members if (o := ordinals[i]) is not None)
        undated = [i for i in members if days[i] is None]
        start = 0
        for k, (day, i) in enumerate(dated):
            while dated[start][0] < day - MAX_GAP_DAYS:
                start += 1
            for _, j in dated[start:k]:
                shared[(min(i, j), max(i, j))] += 1
        for i in undated:
            for j in members:
                if j != i and (days[j] is not None or j < i):
                    shared[(min(i, j), max(i, j))] += 1
    return sorted(pair for pair, count in shared.items() if count >= MIN_SHARED)


def _date_factor(a: date | None, b: date | None) -> float:
    """1 for articles published close together, falling to 0 at MAX_GAP_DAYS; 0.9 when a date is unknown."""
    if a is None or b is None:
        return 0.9
    gap = abs((a - b).days)
    if gap <= SAME_EVENT_DAYS:
        return 1.0
    if gap >= MAX_GAP_DAYS:
        return 0.0
    return 1.0 - (gap - SAME_EVENT_DAYS) / (MAX_GAP_DAYS - SAME_EVENT_DAYS)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _vectors(articles: Sequence[ArticleInfo]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors over each article's top VECTOR_TERMS terms."""
    counts = [_term_counts(a) for a in articles]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(articles)
    vectors: list[dict[str, float]] = []
    for c in counts:
        weights = {t: (1.0 + math.log(w)) * (math.log((n + 1) / (df[t] + 1)) + 1.0) for t, w in c.items() if w > 0}
        top = sorted(weights, key=lambda t: (-weights[t], t))[:VECTOR_TERMS]
        norm = math.sqrt(sum(weights[t] ** 2 for t in top)) or 1.0
        vectors.append({t: weights[t] / norm for t in top})
    return vectors


def _term_counts(article: ArticleInfo) -> dict[str, float]:
    """Weighted term counts: body words, names (capitalised mid-sentence) boosted, title and entities more."""
    raw: dict[str, float] = defaultdict(float)
    names: set[str] = set()
    text = article.text
    for match in _WORD.finditer(text):
        word = match.group()
        term = _normalise(word)
        if term is None:
            continue
        raw[term] += 1.0
        if word[0].isupper() and not _starts_sentence(text, match.start()):
            names.add(term)
    counts = {term: n * NAME_BOOST if term in names else n for term, n in raw.items()}
    for term in _terms(article.title or ""):
        counts[term] = counts.get(term, 0.0) + TITLE_WEIGHT
    for name in (*article.names, *article.topics):
        for term in _terms(name):
            counts[term] = counts.get(term, 0.0) + ENTITY_WEIGHT
    return counts


def _starts_sentence(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_END


def _terms(text: str) -> list[str]:
    return [term for match in _WORD.finditer(text) if (term := _normalise(match.group()))]


@functools.lru_cache(maxsize=1 << 17)
def _normalise(word: str) -> str | None:
    term = word.lower().replace("’", "'")
    if term.endswith("'s"):
        term = term[:-2]
    if len(term) < 3 or term in _STOPWORDS:
        return None
    if len(term) > 4 and term.endswith("s") and not term.endswith(("ss", "us", "is")):
        term = term[:-1]
    return term




def b_cubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against gold labels (same keys)."""
    pred_members = _invert(predicted)
    gold_members = _invert(gold)
    precision = recall = 0.0
    for item in gold:
        same_pred = pred_members[predicted[item]]
        same_gold = gold_members[gold[item]]
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    n = len(gold) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _invert(mapping: Mapping[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for item, cluster in mapping.items():
        out[cluster].add(item)
    return out

