"""Pure page rendering: view records in, Markdown text out. Every page comes from a Jinja template in the
site's templates/ folder; article text reaches templates only as values, escaped on output (escape.py).

Besides the story and article pages, the site has entity pages (a page per company and per person), a
timeline paged by year, and story and source indexes paged by month, so that no page lists every article
and the nav stays section-level."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from briefsite.errors import ConfigError, Problem
from briefsite.facts.schema import ArticleSheet
from briefsite.facts.slug import safe_name, slugify
from briefsite.read.models import Sentence
from briefsite.site import escape
from briefsite.site.pagecache import PageMemo
from briefsite.stories.briefing import near_duplicate
from briefsite.stories.merge import MergedFact, StoryFacts, merge

REQUIRED_TEMPLATES = ("home.md.j2", "stories.md.j2", "month.md.j2", "story.md.j2", "sources.md.j2",
                      "sources-month.md.j2", "article.md.j2", "companies.md.j2", "company.md.j2",
                      "people.md.j2", "person.md.j2", "timeline.md.j2", "timeline-year.md.j2", "tags.md.j2",
                      "about.md.j2", "briefsite.css.j2")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
UNDATED = "undated"
DIAGRAM_EDGES = 30  # a relationship diagram shows at most this many edges (the rest are listed in a table)
TIMELINE_DIAGRAM_EVENTS = 40  # a timeline diagram shows at most this many events
ENTITY_TAGS = 8  # a story is tagged with at most this many entities
T = TypeVar("T")


@dataclass(frozen=True)
class ArticleView:
    """One article as pages show it."""

    sheet: ArticleSheet
    label: str  # the title, or a label derived from the first sentence
    label_derived: bool
    paragraphs: tuple[tuple[Sentence, ...], ...] = ()  # cleaned body, sentence by sentence; empty if unread
    path: str = ""

    @property
    def id(self) -> str:
        return self.sheet.id

    @property
    def published(self) -> str | None:
        return self.sheet.published.value if self.sheet.published else None

    def anchor(self, evidence: Iterable[int]) -> str:
        """This article's page, at the first cited sentence that the page shows (`#sN`)."""
        shown = _shown(self.paragraphs)
        first = next((n for n in sorted(evidence) if n in shown), None)
        return f"{self.path}#s{first}" if first is not None else self.path


_SHOWN: dict[int, tuple[object, frozenset[int]]] = {}


def _shown(paragraphs: tuple[tuple[Sentence, ...], ...]) -> frozenset[int]:
    """The sentence numbers a body shows; remembered per body object (anchors ask for it once per fact)."""
    hit = _SHOWN.get(id(paragraphs))
    if hit is not None and hit[0] is paragraphs:
        return hit[1]
    if len(_SHOWN) > 100_000:
        _SHOWN.clear()
    shown = frozenset(s.index for p in paragraphs for s in p)
    _SHOWN[id(paragraphs)] = (paragraphs, shown)
    return shown


def forget_rendered() -> None:
    """Drop what this module remembers between renders."""
    _SHOWN.clear()
    _KEYS.clear()
    _NORMS.clear()


@dataclass(frozen=True)
class StoryView:
    """One story: its articles (newest first) and the merged facts the story page shows. When `merged` is
    None, render_pages merges the articles' facts itself (stories.merge)."""

    id: str
    headline: str
    articles: tuple[ArticleView, ...]
    summary: str | None = None
    why_it_matters: str | None = None
    merged: StoryFacts | None = None
    path: str = ""

    @property
    def published(self) -> str | None:
        dates = [a.published for a in self.articles if a.published]
        return max(dates, key=sort_key) if dates else None


# --- what the entity, story and timeline templates get -------------------------------------------------


@dataclass(frozen=True)
class Cite:
    """A link from a fact to the sentence of an article that states it; `number` is the article's place in
    the story's source list."""

    number: int
    href: str  # path under briefings/, maybe with #sN
    article: ArticleView | ArticleRef


@dataclass(frozen=True)
class Fact:
    """A merged fact as the story page shows it: its fields, its citations, and "2 of 3 sources"."""

    value: dict[str, Any]
    cites: tuple[Cite, ...]
    count: str


@dataclass(frozen=True)
class Disagreement:
    """A conflict: each value with the citations of the sources that state it."""

    kind: str
    subject: str
    field: str
    values: tuple[tuple[Any, tuple[Cite, ...]], ...]
    question: str = ""  # the disagreement in words, e.g. "Satya Nadella's role"


# Named tuples, not dataclasses: a render compares every entity page's diagram with the last render's, and
# tuples compare in C.
class Node(NamedTuple):
    id: str
    label: str
    path: str | None  # the entity page, when there is one


class Edge(NamedTuple):
    source: str
    target: str
    label: str
    arrow: Markup  # mermaid arrow: partners ---, rivals -.-, acquisitions ==>, others -->


class Diagram(NamedTuple):
    """A relationship diagram: mermaid nodes and edges (labels are escaped by the `mermaid` filter)."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    omitted: int = 0


@dataclass(frozen=True)
class Event:
    """A dated event on a timeline, with the stories (and citations) that mention it."""

    value: str | None
    text: str
    event: str
    stories: tuple[StoryView | StoryRef, ...] = ()
    cites: tuple[Cite, ...] = ()

    @property
    def year(self) -> str:
        return self.value[:4] if self.value and re.match(r"\d{4}", self.value) else UNDATED


@dataclass(frozen=True)
class StoryPage:
    """Everything the story briefing shows, ready for story.md.j2."""

    story: StoryView
    merged: StoryFacts
    summary: str | None
    why_it_matters: str | None
    sources: tuple[ArticleView, ...]  # numbered 1.. in this order (newest first)
    key_points: tuple[Fact, ...]
    money: tuple[Fact, ...]
    durations: tuple[Fact, ...]
    tickers: tuple[Fact, ...]
    people: tuple[Fact, ...]
    organizations: tuple[Fact, ...]
    places: tuple[Fact, ...]
    products: tuple[Fact, ...]
    quotes: tuple[Fact, ...]
    relations: tuple[Fact, ...]
    timeline: tuple[Event, ...]
    conflicts: tuple[Disagreement, ...]
    diagram: Diagram
    tags: tuple[str, ...]
    why: Fact | None = None  # the citations of why_it_matters, when it is the sentence a source states
    company_paths: dict[str, str] = field(default_factory=dict)  # entity key -> page
    person_paths: dict[str, str] = field(default_factory=dict)

    def path_of(self, name: str) -> str | None:
        """The company or person page for a name this story mentions, if it has one."""
        key = _key(name)
        return self.company_paths.get(key) or self.person_paths.get(key)


@dataclass
class Entity:
    """A company or a person: one page listing every story that mentions it, newest first."""

    kind: str  # "company" | "person"
    key: str
    name: str
    path: str
    aliases: set[str] = field(default_factory=set)
    tickers: set[str] = field(default_factory=set)
    roles: dict[tuple[str, str], list[StoryRef]] = field(default_factory=dict)  # (role, organization)
    stories: list[StoryRef] = field(default_factory=list)
    quotes: list[tuple[StoryRef, Fact]] = field(default_factory=list)
    relations: list[tuple[StoryRef, Fact]] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)  # spellings seen, with counts
    diagram: Diagram = field(default_factory=Diagram)
    staff: tuple[tuple[str, str, str], ...] = ()  # (name, organization, role) of the people working there


@dataclass(frozen=True)
class Period:
    """One page of a paged index: a month of stories or sources, or a year of the timeline."""

    key: str  # 2018-07, 2018, or "undated"
    label: str  # July 2018
    path: str
    items: tuple[Any, ...]


# --- environment ----------------------------------------------------------------------------------------


def environment(template_dir: Path, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment for a site's templates/ folder: strict undefined, every output escaped. With
    `bytecode_dir`, compiled templates are kept there for the next process (Jinja checks each against its
    template's source)."""
    missing = [name for name in REQUIRED_TEMPLATES if not (template_dir / name).is_file()]
    if missing:
        raise ConfigError([Problem(str(template_dir / name), "template is missing") for name in missing])
    cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(bytecode_dir))
    env = jinja2.Environment(
        bytecode_cache=cache,
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=False,  # Markdown, not HTML: escape.finalize escapes every output for Markdown and HTML
        finalize=escape.finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=escape.md, url=escape.url, attr=escape.attr, yamlstr=escape.yaml_string,
                       safeurl=escape.external_url, code=escape.code, when=format_when, day=format_day,
                       relpath=relpath, mermaid=mermaid_label, metadate=meta_date, tag=tag_name,
                       number=format_number, editurl=edit_url)
    return env


# --- what the site-wide pages get: light references -----------------------------------------------------
# The section indexes, month pages, timeline and entity pages list stories and articles by reference: the
# attributes their templates read, not the stories' full data. So they can be made again from a small summary
# of each story (`Contribution`) kept between processes, without loading or re-making every story.


@dataclass(frozen=True)
class SourceRef:
    publisher: str | None


@dataclass(frozen=True)
class SheetRef:
    source: SourceRef


@dataclass(frozen=True)
class ArticleRef:
    """An article as lists show it (sources by month, a quote's citation)."""

    id: str
    label: str
    label_derived: bool
    path: str
    published: str | None
    sheet: SheetRef


@dataclass(frozen=True)
class StoryRef:
    """A story as lists show it (home, months, entity pages, the timeline)."""

    id: str
    headline: str
    path: str
    published: str | None
    summary: str | None
    articles: tuple[ArticleRef, ...]


def article_ref(article: ArticleView) -> ArticleRef:
    return ArticleRef(article.id, article.label, article.label_derived, article.path, article.published,
                      SheetRef(SourceRef(article.sheet.source.publisher)))


def story_ref(story: StoryView) -> StoryRef:
    return StoryRef(story.id, story.headline, story.path, story.published, story.summary,
                    tuple(article_ref(a) for a in story.articles))


@dataclass(frozen=True)
class Mention:
    """A company or person a story's merged facts name (what `entities` folds into entity pages)."""

    section: str  # "companies" | "people"
    key: str
    name: str
    aliases: tuple[str, ...]
    ticker: str | None


@dataclass(frozen=True)
class Contribution:
    """All that the site-wide pages take from one story: its reference, the entities it names, and from its
    page data the roles, quotes, relations and dated events it adds to entity pages and the timeline. `read`
    holds the (name, page) of every company and person its page data looked up, so the story's page is made
    again when one of those changes."""

    story: StoryRef
    mentions: tuple[Mention, ...]
    tickers: tuple[tuple[str, str], ...]  # (organization key, "EXCHANGE: SYMBOL" or the symbol)
    roles: tuple[tuple[str, str, str], ...] = ()  # (person key, role, organization)
    quotes: tuple[tuple[str, Fact], ...] = ()  # (the speaker's page, the quote)
    relations: tuple[tuple[tuple[str, ...], Fact], ...] = ()  # (end keys, sorted; the relation)
    events: tuple[tuple[tuple[str, str], Event], ...] = ()  # (the event's key on the timeline, the event)
    read: tuple[tuple[tuple[str, tuple[str, str] | None], ...], ...] = ((), ())  # companies, people


def mentions(story: StoryView) -> tuple[tuple[Mention, ...], tuple[tuple[str, str], ...]]:
    """The companies and people `story`'s merged facts name, and its ticker facts."""
    merged = _merged(story)
    found = []
    for kind, section in (("organizations", "companies"), ("people", "people")):
        for fact in merged.facts.get(kind, []):
            name = str(fact.value["name"])
            ticker = fact.value.get("ticker") if kind == "organizations" else None
            found.append(Mention(section, _key(name), name, tuple(str(a) for a in fact.value.get("aliases") or []),
                                 str(ticker) if ticker else None))
    tickers = []
    for fact in merged.facts.get("tickers", []):
        organization = fact.value.get("organization")
        if organization:
            exchange = fact.value.get("exchange")
            symbol = str(fact.value["symbol"])
            tickers.append((_key(organization), f"{exchange}: {symbol}" if exchange else symbol))
    return tuple(found), tuple(tickers)


def named(story: StoryView, previous: Contribution | None = None) -> Contribution:
    """The first part of a story's contribution: its reference and the entities it names (what `entities`
    folds). The `previous` contribution's reference is reused when equal: pages then compare the same object."""
    ref = story_ref(story)
    if previous is not None and previous.story == ref:
        ref = previous.story
    return Contribution(ref, *mentions(story))


def contribution(story: StoryView, base: Contribution, page: StoryPage,
                 read: tuple[dict[str, tuple[str, str] | None], ...],
                 previous: Contribution | None = None) -> Contribution:
    """The summary of one story for the site-wide pages: `base` (from `named`) completed from the story's page
    data (made with `story_page`); the `previous` summary itself when equal."""
    ref = base.story
    refs = {a.id: a for a in ref.articles}

    def cites(items: tuple[Cite, ...]) -> tuple[Cite, ...]:
        return tuple(Cite(c.number, c.href, refs[c.article.id]) for c in items)

    def light(fact: Fact) -> Fact:
        return Fact(fact.value, cites(fact.cites), fact.count)

    roles = tuple((_key(f.value["name"]), f.value.get("role") or "", f.value.get("organization") or "")
                  for f in page.people if f.value.get("role") or f.value.get("organization"))
    quotes = []
    for fact in page.quotes:
        speaker = fact.value.get("speaker")
        path = page.person_paths.get(_key(speaker)) if speaker else None
        if path:
            quotes.append((path, light(fact)))
    relations = tuple((tuple(sorted({_key(f.value["subject"]), _key(f.value["object"])})), light(f))
                      for f in page.relations)
    events = tuple(((e.value or _norm(e.text), _norm(e.event)), Event(e.value, e.text, e.event, (ref,), cites(e.cites)))
                   for e in page.timeline)
    made = Contribution(ref, base.mentions, base.tickers, roles, tuple(quotes), relations, events,
                        tuple(tuple(sorted(r.items())) for r in read))
    return previous if previous == made else made


def lookups_hold(contribution: Contribution, companies: dict[str, Entity], people: dict[str, Entity]) -> bool:
    """Whether every company and person the story's page data looked up still has the same name and page."""
    return all(_same_lookups(dict(read), entities)
               for read, entities in zip(contribution.read, (companies, people), strict=True))


# --- pages ----------------------------------------------------------------------------------------------

def site_context(site: dict[str, Any]) -> dict[str, Any]:
    return {**site, "facts_edit_url": facts_edit_url(site)}


def story_page(story: StoryView, companies: dict[str, Entity], people: dict[str, Entity],
               ) -> tuple[StoryPage, tuple[dict[str, tuple[str, str] | None], ...]]:
    """The story's page data, with the (name, page) of each company and person it looked up."""
    tracked_companies, tracked_people = _Lookups(companies), _Lookups(people)
    page = _story_page(story, tracked_companies, tracked_people)
    return page, (tracked_companies.read, tracked_people.read)


def render_story(env: jinja2.Environment, story: StoryView, page: StoryPage, site: dict[str, Any]) -> dict[str, str]:
    """The story's page and its articles' pages: {path under briefings/: Markdown}. They read the story only
    (and the site's settings): story.md.j2 gets `story`, `briefing`, `page` and `site`; article.md.j2 gets
    `article`, `story_of` (its story, by article id), `page` and `site`."""
    out = {story.path: _render(env, "story.md.j2", page=story.path, site=site, story=story, briefing=page)}
    ref = story_ref(story)
    story_of = {a.id: ref for a in story.articles}
    for article in story.articles:
        out[article.path] = _render(env, "article.md.j2", page=article.path, site=site, article=article,
                                    story_of=story_of)
    return out


def render_site(env: jinja2.Environment, contributions: Sequence[Contribution], site: dict[str, Any],
                companies: dict[str, Entity], people: dict[str, Entity], *,
                memo: PageMemo | None = None) -> dict[str, str | None]:
    """Every site-wide page (home, section indexes, months, entities, timeline, tags, about, stylesheet) from
    the stories' contributions, newest story first, and the entities folded from them (`entities`). With a
    `memo` (pagecache.py), a page whose template reads the same values as at the memo's last render is None:
    the file written then is still right. Fills the entities' roles, quotes, relations and diagrams."""
    if memo is not None:
        memo.start(env)
    stories = [c.story for c in contributions]
    articles = sorted((a for s in stories for a in s.articles), key=lambda a: (sort_key(a.published), a.id),
                      reverse=True)
    story_of = {article.id: story for story in stories for article in story.articles}
    unchanged = memo is not None and not renamed(memo.kept(), companies, people)
    _collect_entity_facts(contributions, companies, people, memo.kept() if memo is not None and unchanged else None)
    if memo is not None:  # entities equal to the last render's: the same objects, cheap to compare
        companies = {key: memo.same(("companies", key), entity) for key, entity in companies.items()}
        people = {key: memo.same(("people", key), entity) for key, entity in people.items()}
    events = _events(contributions)
    story_months = _periods(stories, lambda s: s.published, "stories")
    source_months = _periods(articles, lambda a: a.published, "sources")
    years = _years(events)
    company_list = sorted(companies.values(), key=lambda e: (e.name.casefold(), e.key))
    person_list = sorted(people.values(), key=lambda e: (e.name.casefold(), e.key))
    common = {"site": site, "stories": stories, "articles": articles, "story_of": story_of,
              "story_months": story_months, "source_months": source_months, "years": years,
              "companies": company_list, "people": person_list}
    pages: dict[str, str | None] = {}

    def add(path: str, template: str, **context: Any) -> None:
        if path in pages:
            raise ConfigError([Problem(f"briefings/{path}", "two pages on one path")])
        context = {**common, **context, "page": path}
        pages[path] = _render(env, template, **context) if memo is None else _template_errors(
            template, lambda: memo.render(env, template, path, context))

    add("index.md", "home.md.j2")
    add("stories/index.md", "stories.md.j2")
    for period in story_months:
        add(period.path, "month.md.j2", period=period)
    add("sources/index.md", "sources.md.j2")
    for period in source_months:
        add(period.path, "sources-month.md.j2", period=period)
    add("companies/index.md", "companies.md.j2")
    for entity in company_list:
        add(entity.path, "company.md.j2", entity=entity)
    add("people/index.md", "people.md.j2")
    for entity in person_list:
        add(entity.path, "person.md.j2", entity=entity)
    add("timeline/index.md", "timeline.md.j2")
    for period in years:
        add(period.path, "timeline-year.md.j2", period=period,
            shown=tuple(e for e in period.items if e.value)[:TIMELINE_DIAGRAM_EVENTS])
    add("tags.md", "tags.md.j2")
    add("about.md", "about.md.j2")
    add("assets/briefsite.css", "briefsite.css.j2")
    if memo is not None:
        memo.finish(set(pages))
    return pages


def render_pages(env: jinja2.Environment, stories: Sequence[StoryView],
                 articles: Sequence[ArticleView], site: dict[str, Any]) -> dict[str, str]:
    """Every generated page: {path under briefings/: Markdown}. Pure: same inputs, same bytes. (`render` makes
    the same pages piece by piece, each story's pages only when the story changed: pipeline.py.)"""
    site = site_context(site)
    stories = sorted(stories, key=lambda s: (sort_key(s.published), s.id), reverse=True)
    found = {story.id: named(story) for story in stories}
    companies, people = entities([found[s.id] for s in stories])
    contributions, pages = [], {}
    for story in stories:
        page, read = story_page(story, companies, people)
        contributions.append(contribution(story, found[story.id], page, read))
        pages.update(render_story(env, story, page, site))
    for path, text in render_site(env, contributions, site, companies, people).items():
        if path in pages:
            raise ConfigError([Problem(f"briefings/{path}", "two pages on one path")])
        pages[path] = text or ""
    return pages


def _render(env: jinja2.Environment, name: str, /, **context: Any) -> str:
    return _template_errors(name, lambda: env.get_template(name).render(**context))


def _template_errors(name: str, render: Callable[[], T]) -> T:
    """`render()`, a template's mistake turned into a ConfigError naming the template."""
    try:
        return render()
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError([Problem(exc.filename or name, exc.message or "template syntax error", exc.lineno)]) from None
    except jinja2.UndefinedError as exc:
        raise ConfigError([Problem(f"templates/{name}", str(exc))]) from None


# --- stories --------------------------------------------------------------------------------------------


def _merged(story: StoryView) -> StoryFacts:
    return story.merged if story.merged is not None else merge(story.id, [a.sheet for a in story.articles])


class _Lookups(Mapping[str, "Entity"]):
    """The companies or people a story page's data looks up, recording the name and page of each entity read
    (all that a story page takes from an entity), so the data can be reused while those stay the same."""

    def __init__(self, data: dict[str, Entity]) -> None:
        self._data = data
        self.read: dict[str, tuple[str, str] | None] = {}

    def __getitem__(self, key: str) -> Entity:
        entity = self._data.get(key)
        self.read[key] = None if entity is None else (entity.name, entity.path)
        if entity is None:
            raise KeyError(key)
        return entity

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a story page looks entities up by key only")

    def __len__(self) -> int:
        raise TypeError("a story page looks entities up by key only")


def _same_lookups(read: dict[str, tuple[str, str] | None], entities: dict[str, Entity]) -> bool:
    for key, seen in read.items():
        entity = entities.get(key)
        if (None if entity is None else (entity.name, entity.path)) != seen:
            return False
    return True



def _story_page(story: StoryView, companies: Mapping[str, Entity], people: Mapping[str, Entity]) -> StoryPage:
    merged = _merged(story)
    sources = story.articles
    number = {a.id: i for i, a in enumerate(sources, 1)}
    by_id = {a.id: a for a in sources}
    total = len(sources)

    def cites(ids: Iterable[str], evidence: dict[str, list[int]] | None = None) -> tuple[Cite, ...]:
        out = [Cite(number[i], by_id[i].anchor((evidence or {}).get(i, ())), by_id[i]) for i in ids if i in by_id]
        return tuple(sorted(out, key=lambda c: c.number))

    def facts(items: Iterable[MergedFact]) -> tuple[Fact, ...]:
        out = []
        for item in items:
            shown = cites(item.sources, item.evidence)
            count = f"{len(shown)} of {total} sources" if total > 1 else ""
            out.append(Fact(item.value, shown, count))
        return tuple(out)

    kinds = {kind: facts(merged.facts.get(kind, [])) for kind in (
        "money", "durations", "tickers", "people", "organizations", "places", "products", "quotes", "relations")}
    dated: dict[str, Fact] = {}  # one timeline row per event sentence: its first dated fact's citations
    for f in facts(merged.facts.get("dates", [])):
        dated.setdefault(_norm(f.value.get("event") or ""), f)
    timeline = tuple(
        Event(entry.value, entry.text, entry.event, (story,),
              dated.get(_norm(entry.event), Fact({}, cites(entry.sources), "")).cites)
        for entry in merged.timeline)
    conflicts = tuple(
        Disagreement(c.kind, c.subject, c.field, tuple((value, cites(ids)) for value, ids in c.values), c.question)
        for c in merged.conflicts)
    company_paths = {_key(f.value["name"]): companies[_key(f.value["name"])].path
                     for f in kinds["organizations"] if _key(f.value["name"]) in companies}
    person_paths = {_key(f.value["name"]): people[_key(f.value["name"])].path
                    for f in kinds["people"] if _key(f.value["name"]) in people}
    for fact in kinds["people"]:  # aliases ("Nadella") lead to the same page
        for alias in fact.value.get("aliases") or []:
            if _key(fact.value["name"]) in person_paths:
                person_paths.setdefault(_key(alias), person_paths[_key(fact.value["name"])])
    why_it_matters = story.why_it_matters or merged.why_it_matters
    why = None
    if merged.why is not None and why_it_matters == merged.why.value["text"]:
        why = facts([merged.why])[0]
    summary = story.summary or merged.summary
    shown = [text for text in (summary, why_it_matters) if text]  # a bullet never repeats them
    bullets = [k for k in merged.key_points if not any(near_duplicate(k.value["text"], t) for t in shown)]
    return StoryPage(
        story=story, merged=merged,
        summary=summary,
        why_it_matters=why_it_matters, why=why,
        sources=sources, key_points=facts(bullets),
        money=kinds["money"], durations=kinds["durations"], tickers=kinds["tickers"], people=kinds["people"],
        organizations=kinds["organizations"], places=kinds["places"], products=kinds["products"],
        quotes=kinds["quotes"], relations=kinds["relations"], timeline=timeline, conflicts=conflicts,
        diagram=_diagram([f.value for f in kinds["relations"]], kinds["people"], companies, people),
        tags=_tags(kinds, merged.topics),
        company_paths=company_paths, person_paths=person_paths,
    )


def _tags(kinds: dict[str, tuple[Fact, ...]], topics: Sequence[str]) -> tuple[str, ...]:
    """The story's tags: its entities (companies, people, places, products; those most sources state first, at
    most ENTITY_TAGS), then its curated topics; each once, whatever its case."""
    entities = [f for kind in ("organizations", "people", "places", "products") for f in kinds[kind]]
    ranked = sorted(entities, key=lambda f: -len(f.cites))  # stable: companies first, in the story's order
    out: dict[str, str] = {}
    for name in [str(f.value["name"]) for f in ranked][:ENTITY_TAGS] + list(topics):
        tag = tag_name(name)
        if tag and tag.casefold() not in out:
            out[tag.casefold()] = tag
    return tuple(out.values())


_PARTNER = re.compile(r"partner|ally|allian|team|collaborat|work(s|ed|ing)? with|join", re.I)
_RIVAL = re.compile(r"compet|rival|challeng|battl|take on|against|versus|\bvs\b", re.I)
_ACQUIRE = re.compile(r"acqui|buy|bought|purchas|stake|own|merg|invest", re.I)


def _arrow(predicate: str) -> Markup:
    if _ACQUIRE.search(predicate):
        return Markup("==>")
    if _RIVAL.search(predicate):
        return Markup("-.-")
    if _PARTNER.search(predicate):
        return Markup("---")
    return Markup("-->")


def _diagram(relations: Sequence[dict[str, Any]], people_facts: Sequence[Fact],
             companies: Mapping[str, Entity], people: Mapping[str, Entity]) -> Diagram:
    """A mermaid graph of who partners with, competes with or acquires whom (and who works where)."""
    edges: dict[tuple[str, str, str], str] = {}
    for relation in relations:
        edges.setdefault((relation["subject"], relation["object"], relation["predicate"]), relation["predicate"])
    for person in people_facts:
        organization = person.value.get("organization")
        if organization:
            edges.setdefault((person.value["name"], organization, "role"), person.value.get("role") or "works at")
    ordered = list(edges.items())
    shown, omitted = ordered[:DIAGRAM_EDGES], max(0, len(ordered) - DIAGRAM_EDGES)
    ids: dict[str, Node] = {}

    def node(name: str) -> str:
        key = _key(name)
        if key not in ids:
            entity = companies.get(key) or people.get(key)
            ids[key] = Node(f"n{len(ids)}", entity.name if entity else name, entity.path if entity else None)
        return ids[key].id

    out = []
    for (subject, obj, predicate), label in shown:
        source, target = node(subject), node(obj)
        out.append(Edge(source, target, label, Markup("-->") if predicate == "role" else _arrow(predicate)))
    return Diagram(tuple(ids.values()), tuple(out), omitted)


# --- companies and people -------------------------------------------------------------------------------


def _norm(text: object) -> str:
    return _norm_text(str(text))


def _norm_text(text: str) -> str:  # the timeline sorts every event by it on every render
    norm = _NORMS.get(text)
    if norm is None:
        if len(_NORMS) > 1 << 18:
            _NORMS.clear()
        norm = _NORMS[text] = re.sub(r"\s+", " ", text.casefold()).strip()
    return norm


# name -> key and text -> normal form: kept with the render state (slugify is slow, and names recur)
_KEYS: dict[str, str] = {}
_NORMS: dict[str, str] = {}


def _key(name: str) -> str:
    """Identity of a company or person across stories: names that slugify alike are one entity."""
    key = _KEYS.get(name)
    if key is None:
        if len(_KEYS) > 1 << 18:
            _KEYS.clear()
        key = _KEYS[name] = slugify(name, 200) or safe_name(unicodedata.normalize("NFC", name.strip().casefold()))
    return key


def known_keys() -> tuple[dict[str, str], dict[str, str]]:
    """The entity keys and normal forms of the names and texts seen so far (to keep with the render state)."""
    return dict(_KEYS), dict(_NORMS)


def remember_keys(known: tuple[dict[str, str], dict[str, str]]) -> None:
    """Take over what an earlier process's `known_keys` gave: the same code makes the same keys."""
    for memo, saved in zip((_KEYS, _NORMS), known, strict=True):
        for text, value in saved.items():
            memo.setdefault(text, value)


def _entity_path(section: str, key: str) -> str:
    name = key if len(key) <= 80 and re.fullmatch(r"[a-z0-9][a-z0-9-]*", key) else safe_name(key)
    return f"{section}/{safe_name(name)}.md"


def entities(contributions: Sequence[Contribution]) -> tuple[dict[str, Entity], dict[str, Entity]]:
    """Companies and people named in the stories (their organizations and people facts), from the stories'
    contributions, newest story first (so each entity's stories are newest first)."""
    companies: dict[str, Entity] = {}
    people: dict[str, Entity] = {}
    for item in contributions:
        story = item.story
        for mention in item.mentions:
            found = companies if mention.section == "companies" else people
            entity = found.get(mention.key)
            if entity is None:
                entity = found[mention.key] = Entity("company" if mention.section == "companies" else "person",
                                                     mention.key, mention.name,
                                                     _entity_path(mention.section, mention.key))
            entity.names[mention.name] = entity.names.get(mention.name, 0) + 1
            entity.aliases.update(mention.aliases)
            if not entity.stories or entity.stories[-1] is not story:  # stories come one at a time
                entity.stories.append(story)
            if mention.ticker:
                entity.tickers.add(mention.ticker)
        for key, ticker in item.tickers:
            if key in companies:
                companies[key].tickers.add(ticker)
    for entity in [*companies.values(), *people.values()]:
        entity.name = max(sorted(entity.names), key=lambda n: entity.names[n])  # most used spelling
        entity.aliases -= {entity.name}
        entity.tickers = {t for t in entity.tickers if ": " in t or not any(
            o.endswith(f": {t}") for o in entity.tickers)}  # "MSFT" is dropped when "NASDAQ: MSFT" is known
    return companies, people


def entities_again(previous: Mapping[Any, Any]) -> tuple[dict[str, Entity], dict[str, Entity]]:
    """What `entities` gives when the stories and what they name are the same as at the last render: the last
    render's entities (PageMemo.kept), without what `render_site` added to them."""
    found: tuple[dict[str, Entity], dict[str, Entity]] = ({}, {})
    for (section, key), entity in previous.items():
        found[0 if section == "companies" else 1][key] = Entity(
            entity.kind, key, entity.name, entity.path, set(entity.aliases), set(entity.tickers),
            stories=list(entity.stories), names=dict(entity.names))
    return found


def _collect_entity_facts(contributions: Sequence[Contribution], companies: dict[str, Entity],
                          people: dict[str, Entity], previous: Mapping[Any, Any] | None = None) -> None:
    """Roles and quotes for person pages, relations for company pages, and their diagrams. `previous`: the
    entities of the last render (PageMemo.kept) when no entity has been renamed, added or removed since: a
    company whose relations and staff are the same keeps its diagram."""
    by_path = {p.path: p for p in people.values()}
    for item in contributions:
        story = item.story
        for key, title, organization in item.roles:
            entity = people.get(key)
            if entity is not None:
                entity.roles.setdefault((title, organization), []).append(story)
        for path, fact in item.quotes:
            speaker = by_path.get(path)
            if speaker is not None:
                speaker.quotes.append((story, fact))
        for ends, fact in item.relations:
            for end in ends:
                if end in companies:
                    companies[end].relations.append((story, fact))
    staff_of: dict[str, list[tuple[str, str, str]]] = {}
    for person in people.values():
        for title, organization in person.roles:
            staff_of.setdefault(_key(organization), []).append((person.name, organization, title))
    for company in companies.values():
        company.staff = tuple(staff_of.get(company.key, ()))
        old = previous.get(("companies", company.key)) if previous is not None else None
        if isinstance(old, Entity) and old.staff == company.staff and old.relations == company.relations:
            company.diagram = old.diagram  # its nodes' names and pages are the same too: nothing was renamed
            continue
        staff = [Fact({"name": name, "organization": organization, "role": title}, (), "")
                 for name, organization, title in company.staff]
        company.diagram = _diagram([f.value for _, f in company.relations], staff, companies, people)


def renamed(previous: Mapping[Any, Any], companies: dict[str, Entity], people: dict[str, Entity]) -> bool:
    """Whether any company or person is new, gone, or has another name or page than in `previous` (the last
    render's entities, PageMemo.kept): only then can what did not change have looked up something that did."""
    now = {(section, key): (entity.name, entity.path)
           for section, found in (("companies", companies), ("people", people)) for key, entity in found.items()}
    if len(now) != len(previous):
        return True
    return any(now.get(key) != (entity.name, entity.path) for key, entity in previous.items())


# --- timeline and paged indexes -------------------------------------------------------------------------


def _events(contributions: Iterable[Contribution]) -> list[Event]:
    """Every dated event across stories; one event mentioned by several stories is listed once."""
    found: dict[tuple[str, str], Event] = {}
    for item in contributions:
        for key, event in item.events:
            if key in found:
                known = found[key]
                found[key] = Event(known.value, known.text, known.event, (*known.stories, item.story), known.cites)
            else:
                found[key] = event
    order = sorted(found, key=lambda k: (found[k].value is None, found[k].value or "", k[1]))
    return [found[key] for key in order]



def _periods(items: Sequence[Any], published: Any, section: str) -> list[Period]:
    """Items (newest first) paged by the month they were published, as stated; newest month first."""
    months: dict[str, list[Any]] = {}
    for item in items:
        value = published(item)
        month = value[:7] if value and re.match(r"\d{4}-\d{2}", value) else UNDATED
        months.setdefault(month, []).append(item)
    ordered = sorted((m for m in months if m != UNDATED), reverse=True) + ([UNDATED] if UNDATED in months else [])
    return [Period(m, format_month(m), f"{section}/{m}.md", tuple(months[m])) for m in ordered]


def _years(events: Sequence[Event]) -> list[Period]:
    years: dict[str, list[Event]] = {}
    for event in events:
        years.setdefault(event.year, []).append(event)
    ordered = sorted((y for y in years if y != UNDATED), reverse=True) + ([UNDATED] if UNDATED in years else [])
    return [Period(y, "Undated" if y == UNDATED else y, f"timeline/{y}.md", tuple(years[y])) for y in ordered]


# --- filters --------------------------------------------------------------------------------------------


def sort_key(value: str | None) -> str:
    """Sortable UTC form of an ISO date/datetime; missing dates sort oldest."""
    if not value:
        return ""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed.isoformat()


def format_when(value: str | None) -> str:
    """`2018-07-18T09:31:00+05:30` -> `18 July 2018, 09:31 (UTC+05:30)`; dates alone stay dates; a time without
    an offset says that its zone is not stated."""
    if not value:
        return "date unknown"
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    day = f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"
    if len(value) <= 10:
        return day
    zone = " (local time, zone not stated)"  # the source gives no offset and none is invented
    offset = parsed.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f" (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"
    return f"{day}, {parsed.hour:02d}:{parsed.minute:02d}{zone}"


def format_day(value: str | None) -> str:
    """Only the calendar date, as stated; a partial date (`2016`, `2016-08`) stays partial."""
    if not value:
        return "undated"
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return format_month(value)
    try:
        parsed = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"


def format_month(value: str) -> str:
    """`2018-07` -> `July 2018`."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return "Undated" if value == UNDATED else value
    return f"{_MONTHS[int(match.group(2)) - 1]} {match.group(1)}"


def format_number(value: object) -> str:
    """A number as readers write it: 3300000000.0 -> 3,300,000,000; 2.31 -> 2.31."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def meta_date(value: str | None) -> Markup:
    """A publication date for page metadata (`date:`), as `YYYY-MM-DD HH:MM` in UTC: the format the RSS
    plugin's `date_from_meta` reads. Dates without a time are taken at 00:00 UTC."""
    if not value:
        return Markup('""')
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return escape.yaml_string(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return Markup(f'"{parsed:%Y-%m-%d %H:%M}"')


_MERMAID_SAFE = re.compile(r"[^\W_]| ", re.UNICODE)


def mermaid_label(text: object, limit: int = 80) -> Markup:
    """Text made safe inside a quoted mermaid label (`n0["..."]`, `-->|"..."|`, timeline entries): letters,
    digits and spaces stay; every other character becomes a mermaid entity code (`#35;`), which mermaid
    shows as that character and never reads as syntax, HTML or markdown. Long labels are cut."""
    value = re.sub(r"\s+", " ", str(text)).strip()
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return Markup("".join(ch if _MERMAID_SAFE.fullmatch(ch) else f"#{ord(ch)};" for ch in value))


_TAG_UNSAFE = re.compile(r"[^\w .,'&()+-]", re.UNICODE)


def tag_name(text: object) -> str:
    """A tag for Material's tags plugin: its template prints tag names unescaped, so only plain characters."""
    return re.sub(r"\s+", " ", _TAG_UNSAFE.sub("", str(text)).replace("&", " and ")).strip()[:60]


def relpath(target: str, page: str) -> str:
    """Link from `page` to `target`, both paths under briefings/."""
    depth = page.count("/")
    return "../" * depth + target


def edit_url(value: object) -> Markup:
    """An absolute http(s) link from the site's own config (repo_url), percent-encoded for a Markdown link."""
    text = str(value)
    if not re.match(r"https?://", text):
        return Markup("")
    return Markup(quote(text, safe=":/#-_.~%?=&+@"))


def facts_edit_url(site: dict[str, Any]) -> str | None:
    """Where to edit facts/ online: `repo_url` plus `edit_uri` with its docs folder swapped for facts/
    (default `edit/main/`); None without a repo_url."""
    repo = site.get("repo_url")
    if not repo or not re.match(r"https?://", str(repo)):
        return None
    edit_uri = str(site.get("edit_uri") or "edit/main/briefings/")
    base = re.sub(r"[^/]+/?$", "", edit_uri.rstrip("/") + "/") if edit_uri.rstrip("/").endswith("briefings") \
        else edit_uri.rstrip("/") + "/"
    return f"{str(repo).rstrip('/')}/{base.lstrip('/')}facts/"
