"""Group articles that report the same event into stories.

Each article becomes a unit-length vector of salient terms: sub-linear term counts (names and title words count
more) times each term's inverse document frequency in a fixed reference (terms.py), so an article's vector does not
depend on the other articles in the build. Blocking: an inverted index over each article's top terms proposes
candidate pairs, so the work grows with the number of similar articles, not with n². A candidate pair links when
its cosine similarity, weighed by the dates when both are known, clears a threshold: a date is evidence, not a
gate. Reports a day or two apart keep their full similarity, reports weeks apart lose part of it (the same
companies in another month are usually another event), and an undated article is judged on its content alone.
Links are applied strongest first, and never join two stories that a person pinned or that already have ids.
Everything is sorted by id or score before use, so the result does not depend on input order or hash seed.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from briefsite.facts.schema import ArticleSheet
from briefsite.facts.slug import slugify
from briefsite.read.sentences import calendar_date
from briefsite.stories.terms import WORD, idf, normalise, terms

MAX_STORY_ID = 60
# Tuned on the dev split of tests/grouping only (bench/stories.py reports dev and test).
# A pair is proposed when its date-weighed cosine similarity reaches LINK_THRESHOLD, and its two groups join when
# their cohesion (mean similarity across them, weighed by the groups' dates) reaches it too.
LINK_THRESHOLD = 0.23
VECTOR_TERMS = 100  # terms kept per article vector
BLOCK_TERMS = 32  # an article's most salient terms, used for blocking
MIN_SHARED = 2  # a candidate pair shares at least this many of them
MAX_POSTING = 400  # a term among the top terms of more articles than this is not used for blocking
SAME_EVENT_DAYS = 2  # dates this close: full similarity
FAR_DAYS = 30  # dates this far apart or more: similarity weighed by FAR_FACTOR
FAR_FACTOR = 0.2
TITLE_WEIGHT = 3.0
NAME_BOOST = 2.0

_SENTENCE_END = frozenset(".!?\"“”:\n")


@dataclass(frozen=True)
class ArticleInfo:
    """What grouping needs to know about one article: its title, date and body text. `pin` is a story id a
    person set by hand, which always wins. (Only the text is compared, not the sheet's entities, so the grouping
    scored on tests/grouping, which has no sheets, is the grouping the pipeline runs.)"""

    id: str
    title: str | None
    published: str | None
    text: str
    pin: str | None = None

    @classmethod
    def from_sheet(cls, sheet: ArticleSheet, text: str, pin: str | None = None) -> ArticleInfo:
        """Build from a validated fact sheet and the article body; pass `pin` when `story:` was set by hand."""
        return cls(id=sheet.id, title=sheet.title, published=sheet.published.value if sheet.published else None,
                   text=text, pin=pin)


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
    vectors = [vector(a) for a in ordered]
    days = [calendar_date(a.published) for a in ordered]

    parent = list(range(len(ordered)))
    label: dict[int, str | None] = dict(enumerate(fixed))
    joined: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}

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
            joined[ri].extend(joined.pop(rj))

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
        if _cohesion(joined[ri], joined[rj], vectors, days) >= LINK_THRESHOLD:
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


def _cohesion(a: Sequence[int], b: Sequence[int], vectors: Sequence[dict[str, float]],
              days: Sequence[date | None]) -> float:
    """How well two groups hold together: the mean cosine similarity over every pair across them (so one
    strong pair does not chain two events), weighed by the dates of the groups (the closest dated members;
    an undated report takes its dated companions' dates)."""
    total = sum(_cosine(vectors[i], vectors[j]) for i in a for j in b)
    gaps = [abs((x - y).days) for i in a if (x := days[i]) for j in b if (y := days[j])]
    factor = date_factor(date.min, date.min + timedelta(days=min(gaps))) if gaps else 1.0
    return factor * total / (len(a) * len(b))


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
    for match in WORD.finditer(founder.title or ""):
        term = normalise(match.group())
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
    """Candidate pairs, scored; strongest first, ties broken by position (i.e. by id)."""
    links: list[tuple[float, int, int]] = []
    for i, j in _candidates(vectors, days):
        score = _cosine(vectors[i], vectors[j]) * date_factor(days[i], days[j])
        if score >= LINK_THRESHOLD:
            links.append((score, i, j))
    links.sort(key=lambda link: (-link[0], link[1], link[2]))
    return links


def _candidates(vectors: Sequence[dict[str, float]], days: Sequence[date | None]) -> list[tuple[int, int]]:
    """Pairs that share at least MIN_SHARED of their top BLOCK_TERMS terms, leaving out dated pairs so far apart
    that even identical texts could not link. Terms in more than MAX_POSTING articles' top lists say little about
    one event and are skipped, which bounds the work per article."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vectors):
        for term in sorted(v, key=lambda t: (-v[t], t))[:BLOCK_TERMS]:
            postings[term].append(i)
    window = max(gap for gap in range(FAR_DAYS + 1)
                 if date_factor(date.min, date.min + timedelta(days=gap)) >= LINK_THRESHOLD)
    shared: Counter[tuple[int, int]] = Counter()
    ordinals = [d.toordinal() if d else None for d in days]
    for term in sorted(postings):
        members = postings[term]
        if len(members) < 2 or len(members) > MAX_POSTING:
            continue
        dated = sorted((o, i) for i in members if (o := ordinals[i]) is not None)
        undated = [i for i in members if ordinals[i] is None]
        start = 0
        for k, (day, i) in enumerate(dated):
            while dated[start][0] < day - window:
                start += 1
            for _, j in dated[start:k]:
                shared[(min(i, j), max(i, j))] += 1
        for i in undated:
            for j in members:
                if j != i and (ordinals[j] is not None or j < i):
                    shared[(min(i, j), max(i, j))] += 1
    return sorted(pair for pair, count in shared.items() if count >= MIN_SHARED)


def date_factor(a: date | None, b: date | None) -> float:
    """How the dates weigh a pair's similarity: 1 within SAME_EVENT_DAYS or when either date is unknown (no
    evidence either way), falling linearly to FAR_FACTOR at FAR_DAYS apart and beyond."""
    if a is None or b is None:
        return 1.0
    gap = abs((a - b).days)
    if gap <= SAME_EVENT_DAYS:
        return 1.0
    if gap >= FAR_DAYS:
        return FAR_FACTOR
    return 1.0 - (1.0 - FAR_FACTOR) * (gap - SAME_EVENT_DAYS) / (FAR_DAYS - SAME_EVENT_DAYS)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


@functools.lru_cache(maxsize=2048)  # the same article grouped again (serve, tests) is not counted again
def vector(article: ArticleInfo) -> dict[str, float]:
    """The article's unit-length vector over its top VECTOR_TERMS terms: (1 + ln count) x reference IDF.
    Do not mutate the returned mapping: it is shared."""
    counts = _term_counts(article)
    weights = {t: (1.0 + math.log(w)) * idf(t) for t, w in counts.items() if w > 0}
    top = sorted(weights, key=lambda t: (-weights[t], t))[:VECTOR_TERMS]
    norm = math.sqrt(sum(weights[t] ** 2 for t in top)) or 1.0
    return {t: weights[t] / norm for t in top}


def similarity(a: ArticleInfo, b: ArticleInfo) -> float:
    """The score a pair links on: cosine similarity of their vectors, weighed by their dates."""
    return _cosine(vector(a), vector(b)) * date_factor(calendar_date(a.published), calendar_date(b.published))


def _term_counts(article: ArticleInfo) -> dict[str, float]:
    """Weighted term counts: body words, names (capitalised mid-sentence) boosted, title words added."""
    raw: dict[str, float] = defaultdict(float)
    names: set[str] = set()
    text = article.text
    for match in WORD.finditer(text):
        word = match.group()
        term = normalise(word)
        if term is None:
            continue
        raw[term] += 1.0
        if word[0].isupper() and not _starts_sentence(text, match.start()):
            names.add(term)
    counts = {term: n * NAME_BOOST if term in names else n for term, n in raw.items()}
    for term in terms(article.title or ""):
        counts[term] = counts.get(term, 0.0) + TITLE_WEIGHT
    return counts


def _starts_sentence(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_END


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

