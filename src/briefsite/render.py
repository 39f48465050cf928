"""Pure page rendering: view records in, Markdown text out. Every page comes from a Jinja template in the
site's templates/ folder; article text reaches templates only as values, escaped on output (escape.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from briefsite import escape
from briefsite.errors import ConfigError, Problem
from briefsite.models import Sentence
from briefsite.schema import ArticleSheet
from briefsite.stories import StoryFacts

REQUIRED_TEMPLATES = ("home.md.j2", "stories.md.j2", "story.md.j2", "sources.md.j2", "article.md.j2",
                      "about.md.j2")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


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


@dataclass(frozen=True)
class StoryView:
    """One story: its articles (newest first) and the merged facts the story page shows."""

    id: str
    headline: str
    articles: tuple[ArticleView, ...]
    summary: str | None = None
    why_it_matters: str | None = None
    merged: StoryFacts | None = None  # facts merged across the story's articles, with sources and conflicts
    path: str = ""

    @property
    def published(self) -> str | None:
        dates = [a.published for a in self.articles if a.published]
        return max(dates, key=sort_key) if dates else None


def environment(template_dir: Path) -> jinja2.Environment:
    """The Jinja environment for a site's templates/ folder: strict undefined, every output escaped."""
    missing = [name for name in REQUIRED_TEMPLATES if not (template_dir / name).is_file()]
    if missing:
        raise ConfigError([Problem(str(template_dir / name), "template is missing") for name in missing])
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=False,  # Markdown, not HTML: escape.finalize escapes every output for Markdown and HTML
        finalize=escape.finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=escape.md, url=escape.url, attr=escape.attr, yamlstr=escape.yaml_string,
                       safeurl=escape.external_url, code=escape.code, when=format_when, day=format_day, relpath=relpath)
    return env


def render_pages(env: jinja2.Environment, stories: Sequence[StoryView],
                 articles: Sequence[ArticleView], site: dict[str, Any]) -> dict[str, str]:
    """Every generated page: {path under briefings/: Markdown}. Pure: same inputs, same bytes."""
    stories = sorted(stories, key=lambda s: (sort_key(s.published), s.id), reverse=True)
    articles = sorted(articles, key=lambda a: (sort_key(a.published), a.id), reverse=True)
    story_of = {article.id: story for story in stories for article in story.articles}
    common = {"site": site, "stories": stories, "articles": articles, "story_of": story_of}
    pages = {
        "index.md": _render(env, "home.md.j2", page="index.md", **common),
        "stories/index.md": _render(env, "stories.md.j2", page="stories/index.md", **common),
        "sources/index.md": _render(env, "sources.md.j2", page="sources/index.md", **common),
        "about.md": _render(env, "about.md.j2", page="about.md", **common),
    }
    for story in stories:
        pages[story.path] = _render(env, "story.md.j2", page=story.path, story=story, **common)
    for article in articles:
        pages[article.path] = _render(env, "article.md.j2", page=article.path, article=article, **common)
    return pages


def _render(env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError([Problem(exc.filename or name, exc.message or "template syntax error", exc.lineno)]) from None
    except jinja2.UndefinedError as exc:
        raise ConfigError([Problem(f"templates/{name}", str(exc))]) from None


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
    """`2018-07-18T09:31:00+05:30` -> `18 July 2018, 09:31 (UTC+05:30)`; dates alone stay dates."""
    if not value:
        return "date unknown"
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    day = f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"
    if len(value) <= 10:
        return day
    zone = ""
    offset = parsed.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f" (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"
    return f"{day}, {parsed.hour:02d}:{parsed.minute:02d}{zone}"


def format_day(value: str | None) -> str:
    """Only the calendar date, as stated."""
    if not value:
        return "undated"
    try:
        parsed = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"


def relpath(target: str, page: str) -> str:
    """Link from `page` to `target`, both paths under briefings/."""
    depth = page.count("/")
    return "../" * depth + target
