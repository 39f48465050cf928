"""Stories: merge the facts of a story's articles, with the sources that state each fact and the conflicts
between them, and draft the story sheet (`facts/stories/<id>.yaml`). Pure: no disk I/O.

Grouping articles into stories lives in grouping.py; `group` and `ArticleInfo` are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from briefsite.facts.schema import SCHEMA_VERSION, ArticleSheet
from briefsite.stories.grouping import ArticleInfo, group

__all__ = [
    "ArticleInfo", "Conflict", "MergedFact", "StoryFacts", "TimelineEntry", "draft_story_sheet", "group",
    "keep_drafts", "membership_problems", "merge",
]

FACT_KINDS = (
    "organizations", "people", "places", "products", "tickers", "money", "quotes", "durations", "dates",
    "relations",
)
# Per kind, the fields whose values must agree across sources: a difference is a conflict.
_CHECKED: dict[str, tuple[str, ...]] = {
    "organizations": ("ticker",),
    "people": ("role", "organization"),
    "products": ("owner",),
    "tickers": ("exchange", "change_pct", "organization"),
    "quotes": ("speaker",),
}
_QUOTE_OVERLAP = 0.8  # share of the shorter quote's words found in the longer one for "the same quote"
_WHY_CUES = re.compile(
    r"\b(will|could|would|may|might|means?|aims?|in order to|to take on|compete|rival|threat|first|largest|"
    r"because|so that|help)\b",
    re.I,
)


@dataclass(frozen=True)
class MergedFact:
    """One story-level fact: `value` holds its fields (as the first source states them) and `sources` the
    ids of the articles that state it, with each article's evidence (sentence numbers)."""

    value: dict[str, Any]
    sources: tuple[str, ...]
    evidence: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree about one field of one fact: each value with the articles that state it."""

    kind: str  # organizations, money, dates, ...
    subject: str  # what the disagreement is about, e.g. "Satya Nadella" or "deal value"
    field: str
    values: tuple[tuple[Any, tuple[str, ...]], ...]


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event the articles mention (a `dates` fact with an `event`)."""

    value: str | None
    text: str
    event: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class StoryFacts:
    """Everything a story briefing shows, merged across its articles (listed oldest first)."""

    id: str
    articles: tuple[str, ...]
    headline: str
    summary: str | None
    why_it_matters: str | None
    first_published: str | None
    last_published: str | None
    facts: dict[str, list[MergedFact]]
    conflicts: list[Conflict]
    timeline: list[TimelineEntry]
    key_points: list[MergedFact]
    topics: list[str]


def merge(story_id: str, articles: Sequence[ArticleSheet]) -> StoryFacts:
    """Merge the facts of one story's articles: the union of each kind of fact, identical facts joined with
    all their sources, disagreements reported as conflicts, and extractive headline/summary drafts."""
    if not articles:
        raise ValueError(f"story {story_id!r} has no articles")
    ordered = sorted(articles, key=_published_key)
    facts: dict[str, list[MergedFact]] = {}
    conflicts: list[Conflict] = []
    for kind in FACT_KINDS:
        merged, found = _merge_kind(kind, ordered)
        facts[kind] = merged
        conflicts.extend(found)
    key_points, _ = _merge_kind("key_points", ordered)
    published = [a.published.value for a in ordered if a.published]
    headline, summary, why = _drafts(ordered, key_points)
    topics = sorted({t for a in ordered for t in a.topics}, key=lambda t: (t.casefold(), t))
    return StoryFacts(
        id=story_id,
        articles=tuple(a.id for a in ordered),
        headline=headline,
        summary=summary,
        why_it_matters=why,
        first_published=published[0] if published else None,
        last_published=published[-1] if published else None,
        facts=facts,
        conflicts=conflicts,
        timeline=_timeline(facts["dates"]),
        key_points=key_points,
        topics=topics,
    )


def draft_story_sheet(story: StoryFacts) -> dict[str, Any]:
    """The machine draft of `facts/stories/<id>.yaml`, in schema.StorySheet key order."""
    return {
        "schema": SCHEMA_VERSION,
        "id": story.id,
        "headline": story.headline,
        "summary": story.summary,
        "why_it_matters": story.why_it_matters,
        "articles": list(story.articles),
        "first_published": story.first_published,
        "last_published": story.last_published,
        "topics": list(story.topics),
    }


def keep_drafts(base: dict[str, Any], draft: dict[str, Any], articles: Sequence[ArticleSheet]) -> dict[str, Any]:
    """The fields of the last machine draft (`base`) to keep in a new draft: its headline and summary, as long as
    an article of the story still states them (a title, dek or key point), so that a story keeps its name when
    articles join it. Fields a person edited are kept by the three-way merge anyway."""
    stated = {_norm(text) for a in articles for text in (a.title, a.dek, *(k.text for k in a.key_points)) if text}
    return {key: base[key] for key in ("headline", "summary")
            if isinstance(base.get(key), str) and _norm(base[key]) in stated and base[key] != draft.get(key)}


def membership_problems(stories: dict[str, Any], articles: Sequence[ArticleSheet]) -> list[tuple[str, int, str]]:
    """(story id, index in its `articles`, message) for every article a story sheet lists that is not in that
    story: its fact sheet names another story, or it has no fact sheet."""
    story_of = {a.id: a.story for a in articles}
    out = []
    for story_id in sorted(stories):
        for index, article in enumerate(stories[story_id].articles):
            if article not in story_of:
                out.append((story_id, index, f"lists article {article!r}, which has no fact sheet in facts/"))
            elif story_of[article] != story_id:
                where = f"story {story_of[article]!r}" if story_of[article] else "no story"
                out.append((story_id, index, f"lists article {article!r}, but its fact sheet puts it in {where}; "
                                             "run `build.py normalize` or fix the list"))
    return out


# --- identity -------------------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s.]", " ", str(text).casefold())).strip(" .")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _names(fact: dict[str, Any]) -> set[str]:
    return {_norm(n) for n in [fact.get("name"), *fact.get("aliases", [])] if n}


def _same(kind: str) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    """The identity test for two facts of this kind."""
    if kind in ("organizations", "people", "places", "products"):
        return lambda a, b: bool(_names(a) & _names(b))
    if kind == "tickers":
        return lambda a, b: _norm(a["symbol"]) == _norm(b["symbol"])
    if kind == "money":
        return lambda a, b: _money_key(a) == _money_key(b)
    if kind == "quotes":
        return lambda a, b: _same_quote(a["text"], b["text"])
    if kind == "durations":
        return lambda a, b: _duration_key(a) == _duration_key(b)
    if kind == "dates":
        return lambda a, b: _date_key(a) == _date_key(b)
    if kind == "relations":
        return lambda a, b: _relation_key(a) == _relation_key(b)
    return lambda a, b: _norm(a["text"]) == _norm(b["text"])


def _money_key(fact: dict[str, Any]) -> tuple[Any, ...]:
    if fact.get("amount") is None:
        return ("text", _norm(fact["text"]))
    return (float(fact["amount"]), fact.get("currency"), _norm(fact.get("refers_to") or ""))


def _duration_key(fact: dict[str, Any]) -> tuple[Any, ...]:
    if fact.get("days") is None:
        return ("text", _norm(fact["text"]))
    return (float(fact["days"]), _norm(fact.get("refers_to") or ""))


def _date_key(fact: dict[str, Any]) -> tuple[Any, ...]:
    return (fact.get("value") or _norm(fact["text"]), _norm(fact.get("event") or ""))


def _relation_key(fact: dict[str, Any]) -> tuple[str, str, str]:
    return (_norm(fact["subject"]), _norm(fact["predicate"]), _norm(fact["object"]))


def _same_quote(a: str, b: str) -> bool:
    """Two renderings of one quote: most words of the shorter appear, in order, within the longer."""
    short, long = sorted((_words(a), _words(b)), key=len)
    if not short:
        return False
    if " ".join(short) in " ".join(long):
        return True
    remaining = iter(long)
    found = sum(1 for word in short if word in remaining)  # in-order subsequence match
    return found / len(short) >= _QUOTE_OVERLAP and len(short) >= 4


# --- merging --------------------------------------------------------------------------------------------


def _merge_kind(kind: str, articles: Sequence[ArticleSheet]) -> tuple[list[MergedFact], list[Conflict]]:
    same = _same(kind)
    clusters: list[list[tuple[str, dict[str, Any]]]] = []
    for article in articles:
        for model in getattr(article, kind):
            fact = model.model_dump(exclude_none=False)
            home = next((c for c in clusters if any(same(fact, other) for _, other in c)), None)
            if home is None:
                clusters.append([(article.id, fact)])
            else:
                home.append((article.id, fact))
    merged = [_merged(cluster) for cluster in clusters]
    conflicts = [c for cluster in clusters for c in _conflicts(kind, cluster)]
    conflicts.extend(_cross_conflicts(kind, merged))
    return merged, conflicts


def _merged(cluster: list[tuple[str, dict[str, Any]]]) -> MergedFact:
    value: dict[str, Any] = {}
    evidence: dict[str, list[int]] = {}
    for article_id, fact in cluster:
        for key, item in fact.items():
            if key == "evidence":
                evidence[article_id] = sorted(set(evidence.get(article_id, [])) | set(item))
            elif key == "aliases":
                value[key] = sorted(set(value.get(key, [])) | set(item) - {value.get("name", fact.get("name"))})
            elif value.get(key) in (None, [], "") and item not in (None, [], ""):
                value[key] = item
            else:
                value.setdefault(key, item)
    # The name most sources use is the story's canonical name (ties: the earliest source's).
    if "name" in value:
        counts: dict[str, int] = {}
        for _, fact in cluster:
            counts[fact["name"]] = counts.get(fact["name"], 0) + 1
        best = max(counts.items(), key=lambda kv: kv[1])[0]
        if best != value["name"]:
            value["aliases"] = sorted(set(value.get("aliases", [])) | {value["name"]} - {best})
            value["name"] = best
    sources = tuple(dict.fromkeys(article_id for article_id, _ in cluster))
    return MergedFact(value, sources, evidence)


def _conflicts(kind: str, cluster: list[tuple[str, dict[str, Any]]]) -> list[Conflict]:
    out = []
    for name in _CHECKED.get(kind, ()):
        by_value: dict[Any, list[str]] = {}
        for article_id, fact in cluster:
            item = fact.get(name)
            if item in (None, ""):
                continue
            key = _norm(item) if isinstance(item, str) else item
            by_value.setdefault(key, [])
            if article_id not in by_value[key]:
                by_value[key].append(article_id)
        if len(by_value) > 1:
            shown = {key: next(f[name] for a, f in cluster if a in ids and (
                _norm(f.get(name)) if isinstance(f.get(name), str) else f.get(name)) == key)
                for key, ids in by_value.items()}
            subject = str(cluster[0][1].get("name") or cluster[0][1].get("symbol") or cluster[0][1].get("text"))
            out.append(Conflict(kind, subject, name, tuple((shown[k], tuple(v)) for k, v in by_value.items())))
    return out


def _cross_conflicts(kind: str, merged: list[MergedFact]) -> list[Conflict]:
    """Different facts about the same thing: two amounts for one deal, two dates for one event."""
    fields = {"money": ("refers_to", "amount"), "dates": ("event", "value"), "durations": ("refers_to", "days")}
    if kind not in fields:
        return []
    subject_field, field_name = fields[kind]
    by_subject: dict[str, list[MergedFact]] = {}
    for fact in merged:
        subject = _norm(fact.value.get(subject_field) or "")
        if subject and fact.value.get(field_name) is not None:
            by_subject.setdefault(subject, []).append(fact)
    out = []
    for facts in by_subject.values():
        values: dict[Any, list[str]] = {}
        for fact in facts:
            shown = _shown(kind, fact.value)
            values.setdefault(shown, [])
            values[shown].extend(s for s in fact.sources if s not in values[shown])
        if len(values) > 1:
            label = facts[0].value.get("refers_to") or facts[0].value.get("event")
            out.append(Conflict(kind, str(label), field_name, tuple((k, tuple(v)) for k, v in values.items())))
    return out


def _shown(kind: str, value: dict[str, Any]) -> Any:
    if kind == "money":
        return f"{value['amount']:g} {value.get('currency') or ''}".strip()
    return value["value"] if kind == "dates" else value["days"]


def _timeline(dates: list[MergedFact]) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(f.value.get("value"), f.value["text"], f.value["event"], f.sources)
        for f in dates if f.value.get("event")
    ]
    return sorted(entries, key=lambda e: (e.value is None, e.value or "", e.event))


# --- drafts ---------------------------------------------------------------------------------------------


def _drafts(articles: Sequence[ArticleSheet], key_points: list[MergedFact]) -> tuple[str, str | None, str | None]:
    """Headline, summary and why-it-matters, each copied from the articles (titles, deks, key points)."""
    titled = [a for a in articles if a.title]
    if titled:
        # The title sharing most words with the other sources' titles and key points, i.e. the most central.
        context = [set(_words(a.title or "")) | {w for k in a.key_points for w in _words(k.text)} for a in articles]
        def centrality(a: ArticleSheet) -> int:
            own = set(_words(a.title or ""))
            return sum(len(own & ctx) for other, ctx in zip(articles, context, strict=True) if other.id != a.id)
        lead = max(titled, key=centrality)  # max keeps the earliest on ties
        headline = lead.title or ""
    else:
        lead = articles[0]
        headline = key_points[0].value["text"] if key_points else lead.id
    ranked = sorted(key_points, key=lambda k: -len(k.sources))  # stable: article order within a count
    summary = lead.dek or next((k.value["text"] for k in ranked if k.value["text"] != headline), None)
    why = next(
        (k.value["text"] for k in ranked if k.value["text"] not in (summary, headline) and _WHY_CUES.search(
            k.value["text"])),
        None,
    )
    return headline, summary, why


def _published_key(article: ArticleSheet) -> tuple[int, datetime, str]:
    if article.published is None:
        return (1, datetime.min.replace(tzinfo=UTC), article.id)
    value = article.published.value.replace("Z", "+00:00")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (0, moment, article.id)
