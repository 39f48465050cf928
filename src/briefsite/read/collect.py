"""Collect articles from the web into seeds/: `add` (pages by URL) and `fetch` (the items of feeds).

A page is saved only when it reads as an article (the HTML reader finds its text), under a name derived from
its URL (never from its content), with its fetch record (read/sidecar.py) written first, both atomically. A page
already in seeds/ is skipped before any request when its URL is known, after the request when its final URL,
its canonical link, its bytes or its article text match one already there. Feeds are fetched with their last
`ETag`/`Last-Modified` (kept in `seeds/.feeds-state.json`), and at most `max_items` pages are fetched a run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import courlan

from briefsite.errors import InputError, Problem, Report
from briefsite.read import sidecar
from briefsite.read.common import relative, sha256
from briefsite.read.decode import decode_bytes
from briefsite.read.feeds import FeedError, parse_feed, select
from briefsite.read.fetch import HTML_TYPES, AlreadyKnown, Fetcher, FetchError, Response
from briefsite.read.html import parse_html
from briefsite.read.models import RawArticle
from briefsite.write import atomic_write

STATE_FILE = ".feeds-state.json"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
               "text/xml;q=0.9, application/json;q=0.8, */*;q=0.1")
Outcome = Literal["added", "known", "failed", "capped"]
NameFor = Callable[[str], str]


@dataclass(frozen=True)
class Feed:
    """One followed feed: its URL, how many of its newest items to consider, and the optional match terms."""

    url: str
    limit: int = 10
    match: tuple[str, ...] = ()


def canonical(url: str) -> str:
    """The URL as compared for duplicates: scheme and host lower-case, default port, tracking parameters
    (utm_*, fbclid, ...) and the fragment dropped, query parameters sorted."""
    url = url.strip()
    try:
        normal = courlan.normalize_url(url)
    except (ValueError, AttributeError):
        normal = url
    return normal.split("#", 1)[0]


def text_hash(article: RawArticle) -> str:
    """Hash of the article text, blind to whitespace and case: one article saved from two addresses or with
    different page furniture has one text hash."""
    return hashlib.sha256(" ".join(article.text.split()).casefold().encode("utf-8")).hexdigest()


@dataclass
class SeedIndex:
    """What seeds/ already holds: canonical URLs and content hashes (of bytes and of article text) -> file."""

    urls: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def scan(cls, seeds: Path, root: Path, known_urls: Mapping[str, str] | None = None) -> SeedIndex:
        """Index seeds/: every file's bytes, every fetch record's URLs and text hash, and `known_urls` (URL ->
        file, e.g. the `source.url` of fact sheets of pages saved by hand)."""
        index = cls()
        for url, rel in (known_urls or {}).items():
            index.urls.setdefault(canonical(url), rel)
        if not seeds.is_dir():
            return index
        for path in sorted(seeds.rglob("*"), key=lambda p: p.as_posix()):
            parts = path.relative_to(seeds).parts
            if any(part.startswith(".") for part in parts) or not path.is_file() or sidecar.is_sidecar(path):
                continue
            rel = relative(path, root)
            try:
                index.hashes.setdefault(sha256(path.read_bytes()), rel)
                record = sidecar.load(path, root)
            except (OSError, InputError):
                continue
            if record:
                for key in ("url", "requested", "canonical_link"):
                    if isinstance(record.get(key), str):
                        index.urls.setdefault(canonical(record[key]), rel)
                if isinstance(record.get("text_sha256"), str):
                    index.hashes.setdefault(record["text_sha256"], rel)
        return index

    def url(self, *urls: str | None) -> str | None:
        """The file holding any of these URLs, if one does."""
        for url in urls:
            if url and (found := self.urls.get(canonical(url))):
                return found
        return None


class Collector:
    """Adds pages to seeds/ and follows feeds, reporting every URL it added, skipped or could not fetch."""

    def __init__(self, root: Path, fetcher: Fetcher, name_for: NameFor, index: SeedIndex,
                 *, max_items: int | None = None) -> None:
        self.root = root
        self.seeds = root / "seeds"
        self.fetcher = fetcher
        self.name_for = name_for
        self.index = index
        self.max_items = max_items
        self.fetched = 0
        self.report = Report()

    def add(self, url: str, *, feed: str | None = None) -> Outcome:
        """Fetch one page into seeds/ unless it is there already; problems go to the report, never raised."""
        url = url.strip()
        if known := self.index.url(url):
            self.report.notes.append(f"skipped {url}: already in seeds/ as {known}")
            return "known"
        if self.max_items is not None and self.fetched >= self.max_items:
            self.report.notes.append(f"skipped {url}: {self.max_items} pages fetched this run (fetch.max_items); "
                                     "it is collected next run")
            return "capped"
        self.fetched += 1
        try:
            response = self.fetcher.get(url, known=lambda target: self.index.url(target) is not None)
            return self._save(url, response, feed)
        except AlreadyKnown as exc:
            self.report.notes.append(f"skipped {url}: already in seeds/ as {self.index.url(exc.target)} "
                                     f"(it redirects to {exc.target})")
            return "known"
        except FetchError as exc:
            self.report.errors.append(Problem(exc.url, exc.message))
        except InputError as exc:
            for problem in exc.problems:
                self.report.errors.append(Problem(url, problem.message, problem.line))
        except OSError as exc:
            self.report.errors.append(Problem(url, f"cannot save into seeds/: {exc.strerror or exc}"))
        return "failed"

    def follow(self, feeds: Sequence[Feed]) -> None:
        """Add the selected items of every feed; a feed's ETag/Last-Modified is kept only once all its
        selected items are in seeds/, so an item that failed or was capped is tried again next run."""
        state_path = self.seeds / STATE_FILE
        state = _load_state(state_path)
        for feed in feeds:
            remembered = state.get(feed.url, {})
            try:
                response = self.fetcher.get(feed.url, accept=FEED_ACCEPT, etag=remembered.get("etag"),
                                            modified=remembered.get("last_modified"))
            except FetchError as exc:
                self.report.errors.append(Problem(exc.url, f"feed: {exc.message}"))
                continue
            if response.not_modified:
                self.report.notes.append(f"feed {feed.url}: not modified since the last run")
                continue
            try:
                items, kind = parse_feed(response.body, response.url, response.headers.get("content-type", ""))
            except FeedError as exc:
                self.report.errors.append(Problem(feed.url, str(exc)))
                continue
            chosen = select(items, match=feed.match, limit=feed.limit)
            self.report.notes.append(
                f"feed {feed.url}: {kind}, {len(items)} item(s), {len(chosen)} selected"
                + (f" (match: {', '.join(feed.match)})" if feed.match else "")
            )
            outcomes = [self.add(item.url, feed=feed.url) for item in chosen]
            if all(o in {"added", "known"} for o in outcomes):
                validators = {k: response.headers[h] for k, h in (("etag", "etag"), ("last_modified", "last-modified"))
                              if h in response.headers}
                if validators:
                    state[feed.url] = validators
                else:
                    state.pop(feed.url, None)
                _save_state(state_path, state)

    def _save(self, url: str, response: Response, feed: str | None) -> Outcome:
        final = response.url
        if known := self.index.url(final):
            self.report.notes.append(f"skipped {url}: already in seeds/ as {known} (as {final})")
            return "known"
        media = response.media_type
        if media and media not in HTML_TYPES:
            raise FetchError(url, f"not an HTML page: the answer is {media}")
        if not media and not _looks_like_html(response.body):
            raise FetchError(url, "not an HTML page: no content type and no HTML in the answer")
        text, warnings = decode_bytes(response.body, url, max_line=None)
        raw_sha = sha256(response.body)
        article = parse_html(text, url, raw_sha, warnings)
        content = text_hash(article)
        if known := self.index.url(article.url) or self.index.hashes.get(raw_sha) or self.index.hashes.get(content):
            self.report.notes.append(f"skipped {url}: the same article is in seeds/ as {known}")
            return "known"
        key = canonical(final)
        stem = self.name_for(key)
        page = self.seeds / f"{stem}.html"
        rel = relative(page, self.root)
        if page.exists():
            raise FetchError(url, f"{rel} already exists and holds another page; not overwritten")
        record: dict[str, Any] = {
            "url": final,
            "requested": url,
            "canonical": key,
            "canonical_link": article.url if article.url and article.url != final else None,
            "feed": feed,
            "fetched": response.fetched,
            "status": response.status,
            "content_type": response.headers.get("content-type"),
            "last_modified": response.headers.get("last-modified"),
            "date": response.headers.get("date"),
            "etag": response.headers.get("etag"),
            "sha256": raw_sha,
            "text_sha256": content,
        }
        # the record first: a page never exists without it (a record left alone by a crash is overwritten)
        atomic_write(sidecar.sidecar_path(page), sidecar.encode({k: v for k, v in record.items() if v is not None}))
        atomic_write(page, response.body)
        for known_url in (url, final, article.url):
            if known_url:
                self.index.urls.setdefault(canonical(known_url), rel)
        self.index.hashes.setdefault(raw_sha, rel)
        self.index.hashes.setdefault(content, rel)
        self.report.written.append(rel)
        title = f" ({article.title})" if article.title else ""
        self.report.notes.append(f"added {rel}{title} from {final}")
        return "added"


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head


def _load_state(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {url: {k: v for k, v in entry.items() if k in {"etag", "last_modified"} and isinstance(v, str)}
            for url, entry in data.items() if isinstance(url, str) and isinstance(entry, dict)}


def _save_state(path: Path, state: dict[str, dict[str, str]]) -> None:
    data = (json.dumps(state, indent=2, sort_keys=True) + "\n").encode()
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    atomic_write(path, data)

