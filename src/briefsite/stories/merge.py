"""Stories: merge the facts of a story's articles, with the sources that state each fact and the conflicts
between them, and draft the story sheet (`facts/stories/<id>.yaml`). Pure: no disk I/O.

Grouping articles into stories lives in grouping.py; `group` and `ArticleInfo` are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from briefsite.facts.schema import SCHEMA_VERSION, ArticleSheet
from briefsite.stories import briefing
from briefsite.stories.briefing import Statement
from briefsite.stories.grouping import ArticleInfo, group
from briefsite.stories.terms import terms

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

    @property
    def question(self) -> str:
        """The disagreement in words a reader understands, e.g. "Satya Nadella's role"."""
        template = _QUESTIONS.get((self.kind, self.field), "{subject}")
        subject = self.subject if len(self.subject) <= 80 else self.subject[:79].rstrip() + "…"
        return template.format(subject=subject)


_QUESTIONS = {
    ("organizations", "ticker"): "{subject}'s ticker symbol",
    ("people", "role"): "{subject}'s role",
    ("people", "organization"): "who {subject} works for",
    ("products", "owner"): "whose product {subject} is",
    ("tickers", "exchange"): "where {subject} is listed",
    ("tickers", "change_pct"): "how much {subject} moved",
    ("tickers", "organization"): "which company {subject} is",
    ("quotes", "speaker"): "who said “{subject}”",
    ("money", "amount"): "how much: {subject}",
    ("dates", "value"): "when: {subject}",
    ("durations", "days"): "how long: {subject}",
}


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
    key_points: list[MergedFact]  # "What happened": at most briefing.MAX_BULLETS, most important first
    topics: list[str]  # curated topic tags
    why: MergedFact | None = None  # the cited sentence behind why_it_matters


def merge(story_id: str, articles: Sequence[ArticleSheet],
          bodies: Mapping[str, Sequence[tuple[int, str]]] | None = None) -> StoryFacts:
    """Merge the facts of one story's articles: the union of each kind of fact, identical facts joined with
    all their sources, disagreements between sources reported as conflicts, and extractive headline, summary,
    "What happened" bullets and why-it-matters. `bodies` (article id -> numbered sentences), when given, lets a
    bullet count every source that states it and lets why-it-matters come from any sentence."""
    if not articles:
        raise ValueError(f"story {story_id!r} has no articles")
    bodies = bodies or {}
    ordered = sorted(articles, key=_published_key)
    facts: dict[str, list[MergedFact]] = {}
    conflicts: list[Conflict] = []
    for kind in FACT_KINDS:
        merged, found = _merge_kind(kind, ordered)
        facts[kind] = merged
        conflicts.extend(found)
    published = [a.published.value for a in ordered if a.published]
    headline, summary, bullets, why = _drafts(ordered, bodies)
    return StoryFacts(
        id=story_id,
        articles=tuple(a.id for a in ordered),
        headline=headline,
        summary=summary,
        why_it_matters=why.value["text"] if why else None,
        first_published=published[0] if published else None,
        last_published=published[-1] if published else None,
        facts=facts,
        conflicts=conflicts,
        timeline=_timeline(facts["dates"], ordered),
        key_points=bullets,
        topics=briefing.curated_topics([t for a in ordered for t in a.topics]),
        why=why,
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
        shown: dict[Any, Any] = {}
        for article_id, fact in cluster:
            item = fact.get(name)
            if item in (None, ""):
                continue
            key = _value_key(name, item)
            shown.setdefault(key, item)
            by_value.setdefault(key, [])
            if article_id not in by_value[key]:
                by_value[key].append(article_id)
        _same_names(name, by_value, shown)
        values = _between_sources({shown[k]: ids for k, ids in by_value.items()})
        if values:
            subject = str(cluster[0][1].get("name") or cluster[0][1].get("symbol") or cluster[0][1].get("text"))
            out.append(Conflict(kind, subject, name, values))
    return out


def _value_key(name: str, item: Any) -> Any:
    """Values that differ only in case and spacing compare equal."""
    return _norm(item) if isinstance(item, str) else item


_NAME_FIELDS = frozenset({"speaker", "organization", "owner"})


def _same_names(name: str, by_value: dict[Any, list[str]], shown: dict[Any, Any]) -> None:
    """In a field that names someone, a shorter name that ends a longer one ("Nadella", "Satya Nadella") is the
    same person or company: its sources join the longer name's."""
    if name not in _NAME_FIELDS:
        return
    for short in sorted(by_value, key=lambda k: len(str(k))):
        longer = [k for k in by_value if k != short and isinstance(k, str) and isinstance(short, str)
                  and k.endswith(" " + short)]
        if len(longer) == 1:
            by_value[longer[0]].extend(i for i in by_value.pop(short) if i not in by_value[longer[0]])
            shown.pop(short, None)


def _between_sources(values: dict[Any, list[str]]) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    """The values of a conflict between different sources: a source that states several of the values is left
    out (it does not disagree with itself), and two or more values must remain."""
    counts: dict[str, int] = {}
    for ids in values.values():
        for article_id in ids:
            counts[article_id] = counts.get(article_id, 0) + 1
    kept = {value: tuple(i for i in ids if counts[i] == 1) for value, ids in values.items()}
    kept = {value: ids for value, ids in kept.items() if ids}
    return tuple(kept.items()) if len(kept) > 1 else ()


def _cross_conflicts(kind: str, merged: list[MergedFact]) -> list[Conflict]:
    """Different facts about the same thing from different sources: two amounts for one deal, two dates for
    one event."""
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
        between = _between_sources(values)
        if between:
            label = facts[0].value.get("refers_to") or facts[0].value.get("event")
            out.append(Conflict(kind, str(label), field_name, between))
    return out


def _shown(kind: str, value: dict[str, Any]) -> Any:
    """A value as readers see it: the amount or duration as the source writes it, the date as ISO."""
    if kind in ("money", "durations"):
        return value.get("text") or value.get("amount") or value.get("days")
    return value["value"]


def _timeline(dates: list[MergedFact], articles: Sequence[ArticleSheet]) -> list[TimelineEntry]:
    """Dated events, sorted by date (undated rows, shown as stated, last), one row per event sentence. A month
    or day stated without a year is resolved against the article's publication date, when it is known."""
    published = {a.id: a.published.value if a.published else None for a in articles}
    rows: dict[str, TimelineEntry] = {}
    for fact in dates:
        if not fact.value.get("event"):
            continue
        value = fact.value.get("value")
        if not value:
            resolved = {briefing.resolve_relative(fact.value["text"], published.get(s)) for s in fact.sources}
            value = resolved.pop() if len(resolved) == 1 else None
        key = _norm(fact.value["event"])
        known = rows.get(key)
        if known is None:
            rows[key] = TimelineEntry(value, fact.value["text"], fact.value["event"], fact.sources)
        elif known.value is None and value is not None:  # one sentence, one row: keep the dated reading
            rows[key] = TimelineEntry(value, fact.value["text"], known.event,
                                      tuple(dict.fromkeys((*known.sources, *fact.sources))))
    return sorted(rows.values(), key=lambda e: (e.value is None, (e.value or "")[:10], _norm(e.event)))


# --- drafts ---------------------------------------------------------------------------------------------


def _drafts(articles: Sequence[ArticleSheet], bodies: Mapping[str, Sequence[tuple[int, str]]]
            ) -> tuple[str, str | None, list[MergedFact], MergedFact | None]:
    """Headline, summary, "What happened" bullets and why-it-matters, each copied from the articles."""
    titled = [a for a in articles if a.title]
    context = briefing.context_terms(articles)
    groups = briefing.rank(_statement_groups(articles, bodies), context)
    if titled:
        # The title sharing most words with the other sources' titles and key points, i.e. the most central.
        words = [set(_words(a.title or "")) | {w for k in a.key_points for w in _words(k.text)} for a in articles]
        def centrality(a: ArticleSheet) -> int:
            own = set(_words(a.title or ""))
            return sum(len(own & ctx) for other, ctx in zip(articles, words, strict=True) if other.id != a.id)
        lead = max(titled, key=centrality)  # max keeps the earliest on ties
        headline = lead.title or ""
    else:
        lead = articles[0]
        headline = groups[0][0].text if groups else lead.id
    summary = lead.dek or next((g[0].text for g in groups if g[0].text != headline), None)
    taken = [summary] if summary else []  # the headline is a title, not a section: a bullet may restate it
    bullets: list[MergedFact] = []
    for candidate in groups:
        if len(bullets) == briefing.MAX_BULLETS:
            break
        if not any(briefing.near_duplicate(candidate[0].text, t) for t in taken):
            bullets.append(_statement_fact(candidate))
            taken.append(candidate[0].text)
    candidates = [Statement(a.id, n, text, k) for a in articles for k, (n, text) in enumerate(bodies.get(a.id, ()))]
    if not candidates:
        candidates = [s for g in groups for s in g]
    why = briefing.why_candidates(candidates, taken, context)
    return headline, summary, bullets, _statement_fact([why]) if why else None


def _statement_groups(articles: Sequence[ArticleSheet], bodies: Mapping[str, Sequence[tuple[int, str]]]
                      ) -> list[list[Statement]]:
    """Each source's key points, near-duplicates across sources merged, and every other source whose body
    states the same thing added to its group."""
    statements = [Statement(a.id, k.evidence[0] if k.evidence else None, k.text, position)
                  for a in articles for position, k in enumerate(a.key_points)]
    groups = briefing.clusters(statements)
    for members in groups:
        claim = set(terms(members[0].text))
        for article in articles:
            if not claim or any(s.article == article.id for s in members):
                continue
            for number, text in bodies.get(article.id, ()):
                if len(claim & set(terms(text))) / len(claim) >= briefing.NEAR_DUPLICATE:
                    members.append(Statement(article.id, number, text, 10**6))
                    break
    return groups


def _statement_fact(group: Sequence[Statement]) -> MergedFact:
    evidence: dict[str, list[int]] = {}
    for statement in group:
        numbers = evidence.setdefault(statement.article, [])
        if statement.sentence is not None and statement.sentence not in numbers:
            numbers.append(statement.sentence)
    return MergedFact({"text": group[0].text}, tuple(dict.fromkeys(s.article for s in group)), evidence)


def _published_key(article: ArticleSheet) -> tuple[int, datetime, str]:
    if article.published is None:
        return (1, datetime.min.replace(tzinfo=UTC), article.id)
    value = article.published.value.replace("Z", "+00:00")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (0, moment, article.id)
