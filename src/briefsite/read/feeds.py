"""Feeds -> the items to collect. RSS and Atom are parsed by feedparser; JSON Feed (which feedparser 6 does not
read) is validated against its published schema with pydantic. Selection: an optional `match` on title and
summary, newest first, at most `limit` items."""

from __future__ import annotations

import calendar
import html
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import nh3
from pydantic import BaseModel, ConfigDict, ValidationError


class FeedError(Exception):
    """The answer is not a feed (or a broken one); `str()` is a one-line reason."""


@dataclass(frozen=True)
class Item:
    """One feed entry: where the article is, and what the feed says about it."""

    url: str
    title: str
    summary: str
    published: str | None  # ISO 8601 UTC, when the feed states it
    position: int  # order in the feed


def parse_feed(data: bytes, url: str, content_type: str = "") -> tuple[list[Item], str]:
    """The items of an RSS, Atom or JSON Feed document, and the feed's format; raises FeedError."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in {"application/feed+json", "application/json"} or data.lstrip()[:1] == b"{":
        return _json_feed(data, url), "json"
    parsed = feedparser.parse(
        io.BytesIO(data),  # bytes in a stream: feedparser never fetches or opens anything itself
        response_headers={"content-location": url, "content-type": content_type or "application/xml"},
        sanitize_html=True,
    )
    if not parsed.get("version"):
        if media in {"text/html", "application/xhtml+xml"} or b"<html" in data[:4096].lower():
            raise FeedError(f"not a feed: the answer is a web page ({media or 'HTML'}), not RSS, Atom or JSON Feed")
        raise FeedError(f"not a feed: not RSS, Atom or JSON Feed{_reason(parsed)}")
    items = []
    for position, entry in enumerate(parsed.entries):
        link = _entry_link(entry, url)
        if link:
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            items.append(Item(
                url=link,
                title=_text(entry.get("title", "")),
                summary=_text(entry.get("summary", "")),
                published=_iso(calendar.timegm(stamp)) if stamp else None,
                position=position,
            ))
    if parsed.get("bozo") and not items:  # feedparser's loose parser takes a truncated file for a feed
        raise FeedError(f"not a feed: a broken {parsed.version} document{_reason(parsed)}")
    return items, str(parsed.version)


def select(items: Sequence[Item], *, match: Sequence[str] = (), limit: int | None = None) -> list[Item]:
    """The items whose title or summary names one of `match` (whole words, any case; all when empty),
    newest first (undated ones after, in feed order), at most `limit`."""
    patterns = [re.compile(rf"(?<!\w){re.escape(term.strip())}(?!\w)", re.IGNORECASE) for term in match]
    chosen = [i for i in items if not patterns or any(p.search(f"{i.title}\n{i.summary}") for p in patterns)]
    chosen.sort(key=lambda i: (i.published is None, _negated(i.published), i.position))
    unique: dict[str, Item] = {}
    for item in chosen:
        unique.setdefault(item.url, item)
    kept = list(unique.values())
    return kept[:limit] if limit is not None else kept


def _negated(published: str | None) -> float:
    if not published:
        return 0.0
    return -datetime.fromisoformat(published.replace("Z", "+00:00")).timestamp()


class _JsonItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | int | None = None
    url: str | None = None
    external_url: str | None = None
    title: str | None = None
    summary: str | None = None
    content_text: str | None = None
    content_html: str | None = None
    date_published: str | None = None
    date_modified: str | None = None


class _JsonFeed(BaseModel):
    model_config = ConfigDict(extra="allow")

    version: str
    title: str | None = None
    items: list[_JsonItem]


def _json_feed(data: bytes, url: str) -> list[Item]:
    try:
        raw: Any = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"not a feed: invalid JSON ({exc})") from None
    try:
        feed = _JsonFeed.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FeedError(f"not a JSON Feed: {where}: {first['msg']}") from None
    if not feed.version.startswith("https://jsonfeed.org/version/"):
        raise FeedError(f"not a JSON Feed: unknown version {feed.version[:80]!r}")
    items = []
    for position, entry in enumerate(feed.items):
        link = _web_address(url, entry.url or entry.external_url)
        if not link:
            continue
        summary = entry.summary or entry.content_text or _text(entry.content_html or "")
        items.append(Item(
            url=link,
            title=_text(entry.title or ""),
            summary=_text(summary)[:2000],
            published=_json_date(entry.date_published or entry.date_modified),
            position=position,
        ))
    return items


def _json_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return _iso(when.timestamp())


def _reason(parsed: Any) -> str:
    why = parsed.get("bozo_exception")
    return f" ({' '.join(str(why).split()).removeprefix('<unknown>:')[:160]})" if why else ""


def _entry_link(entry: Any, base: str) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
        link = entry["id"]
    return _web_address(base, link)


def _web_address(base: str, link: object) -> str | None:
    """The item's address resolved against the feed's; None for anything but http(s) (a `tag:` id, `mailto:`)."""
    if not link:
        return None
    address = urljoin(base, str(link).strip())
    return address if address.lower().startswith(("http://", "https://")) else None


def _text(value: str) -> str:
    """Feed titles and summaries may hold markup: keep the text only."""
    if "<" in value or "&" in value:
        value = html.unescape(nh3.clean(value, tags=set()))
    return " ".join(value.split())


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
