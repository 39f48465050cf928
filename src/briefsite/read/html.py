"""Saved web pages (`.html`, `.htm`, optionally gzipped) -> RawArticle, through trafilatura and htmldate.

trafilatura finds the article body and the byline, site name and canonical URL; htmldate finds the
publication date. The title is chosen from the page's own headline elements (see `_title`), because
trafilatura prefers `og:title`, which is often the social-media headline rather than the page's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import htmldate
import trafilatura
from dateutil import parser as date_parser
from lxml import etree
from lxml import html as lxml_html

from briefsite.errors import InputError
from briefsite.read import walls
from briefsite.read.common import TZINFOS, relative, sha256
from briefsite.read.decode import decode_bytes, read_limited
from briefsite.read.models import PublishedFrom, RawArticle, Removed


@dataclass(frozen=True)
class HtmlOptions:
    """trafilatura switches; the defaults are the ones `bench/html_extraction.py` measured best (favor_precision:
    mean token F1 0.9667 on scrapinghub-aeb, against 0.9619 with trafilatura's defaults)."""

    favor_precision: bool = True
    favor_recall: bool = False
    include_tables: bool = True
    fast: bool = False  # trafilatura's `fast`: skip the readability/jusText fallbacks


DEFAULT_OPTIONS = HtmlOptions()
# The largest of the 201 corpus pages has under 2,000 elements; 30,000 takes trafilatura about 3 s.
MAX_ELEMENTS = 30_000

_WS = re.compile(r"\s+")
# Separators between a headline and the site name in <title> ("Headline | CNN Politics").
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|--|::|»|·)\s+")
_COMPARABLE = re.compile(r"[\W_]+")
_ISO_OUT = "%Y-%m-%dT%H:%M:%S%z"
_EMPTY_PAGE = "<html><body></body></html>"


def read_html(path: Path, root: Path, options: HtmlOptions = DEFAULT_OPTIONS, *,
              data: bytes | None = None) -> RawArticle:
    """Read a saved web page (gzip allowed) into a RawArticle of kind "html"; `data`: the file's bytes when the
    caller has already read them (`read_limited`)."""
    rel = relative(path, root)
    data = read_limited(path, rel) if data is None else data
    # One line may hold a whole minified page, so no line cap. Mojibake is repaired on the whole page because
    # the HTML parser drops the C1 control characters (the "\x9d" of "â€\x9d") that ftfy needs.
    text, warnings = decode_bytes(data, rel, max_line=None)
    return parse_html(text, rel, sha256(data), warnings, options)


def parse_html(
    html: str,
    rel: str,
    sha: str,
    warnings: tuple[str, ...] = (),
    options: HtmlOptions = DEFAULT_OPTIONS,
) -> RawArticle:
    """Pure part of the HTML reader: page source -> RawArticle (body, title, byline, date, site, URL)."""
    tree = _parse_tree(html, rel)
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        # trafilatura's time grows faster than linearly with the tree (200,000 paragraphs: two minutes).
        raise InputError.at(rel, f"the page has {elements} HTML elements, over the limit of {MAX_ELEMENTS}")
    not_free = _not_free(tree)
    doc, paragraphs, removed, wall_lines, wall = _body(html, rel, options, not_free)
    if wall is not None and options.favor_precision:
        # Precise extraction can keep only a notice of a page that holds the article too (a reprint notice
        # above the text): when extraction that favours recall finds the article, it is not a wall.
        second = _body(html, rel, HtmlOptions(favor_precision=False, favor_recall=True,
                                              include_tables=options.include_tables, fast=options.fast), not_free)
        if second[4] is None:
            doc, paragraphs, removed, wall_lines, wall = second
    if not paragraphs and wall is None:
        raise InputError.at(rel, "no article text found in the page")
    url = _canonical_url(tree) or doc.url
    published, published_from = _published(html, url)
    if published:
        published = with_stated_offset(published, tree)
    title = _title(tree) or _clean(doc.title or "") or None
    if title and (len(paragraphs) > 1 or wall) and paragraphs and _comparable(paragraphs[0]) == _comparable(title):
        paragraphs = paragraphs[1:]  # the headline, repeated at the top of the article body
    body = tuple(paragraphs)
    description = _clean(doc.description or "") or None
    if wall is not None:
        warnings = (*warnings, f"{rel}: {wall.kind}: full text not available ({wall.reason})")
    return RawArticle(
        file=rel,
        kind="html",
        sha256=sha,
        title=title,
        dek=description if description and description != title and not (body and body[0].startswith(description))
        else None,
        paragraphs=body,
        authors=_authors(doc.author),
        published=published,
        published_from=published_from,
        url=url,
        publisher=_clean(doc.sitename or "") or None,
        language=_language(tree),
        removed=(*removed, *wall_lines),
        warnings=warnings,
        wall=wall,
    )


def _body(html: str, rel: str, options: HtmlOptions, not_free: bool) -> tuple[
        trafilatura.settings.Document, list[str], tuple[Removed, ...], list[Removed], walls.Wall | None]:
    """The article body trafilatura finds: paragraphs, trailing scraps and wall lines removed, and the wall."""
    doc = _extract(html, rel, options)
    paragraphs = [p for p in (_clean(line) for line in (doc.text or "").split("\n")) if p]
    paragraphs, removed = _trim_tail(paragraphs)
    paragraphs, wall_lines, wall = walls.detect(paragraphs, not_free=not_free)
    return doc, paragraphs, removed, wall_lines, wall


def _not_free(tree: lxml_html.HtmlElement) -> bool:
    """True when the page's JSON-LD says the article is not free to read (`isAccessibleForFree: false`)."""
    return any(_ld_flag(data, 0) for data in _json_ld(tree))


def _json_ld(tree: lxml_html.HtmlElement) -> list[Any]:
    """The page's JSON-LD blocks, parsed (a block that is not JSON is skipped)."""
    found = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            try:
                found.append(json.loads(script.text))
            except ValueError:
                continue
    return found


def _ld_flag(data: Any, depth: int) -> bool:
    if depth > 8:
        return False
    if isinstance(data, list):
        return any(_ld_flag(item, depth + 1) for item in data)
    if not isinstance(data, dict):
        return False
    if str(data.get("isAccessibleForFree", "")).strip().lower() == "false":
        return True
    return any(_ld_flag(v, depth + 1) for v in data.values() if isinstance(v, dict | list))


def _trim_tail(paragraphs: list[str]) -> tuple[list[str], tuple[Removed, ...]]:
    """Drop trailing scraps trafilatura keeps, such as "(END)" or "comments": up to three words (and 40
    characters, for scripts without spaces) and no sentence end. They are listed as removed, not lost."""
    removed: list[Removed] = []
    while len(paragraphs) > 1 and _is_scrap(paragraphs[-1]):
        removed.insert(0, Removed("boilerplate", paragraphs.pop()))
    return paragraphs, tuple(removed)


def _is_scrap(paragraph: str) -> bool:
    return len(paragraph) <= 40 and len(paragraph.split()) <= 3 and not _SENTENCE_END.search(paragraph)


_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’)\]]*$")


def _parse_tree(html: str, rel: str) -> lxml_html.HtmlElement:
    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:  # ValueError includes UnicodeEncodeError (lone surrogates)
        raise InputError.at(rel, f"not an HTML page: {exc}") from None
    if tree is None:
        raise InputError.at(rel, "not an HTML page")
    return tree


_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)


def _extract(html: str, rel: str, options: HtmlOptions) -> trafilatura.settings.Document:
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=options.include_tables,
        favor_precision=options.favor_precision,
        favor_recall=options.favor_recall,
        fast=options.fast,
        deduplicate=False,
    )
    if doc is None or isinstance(doc, dict):
        raise InputError.at(rel, "no article text found in the page")
    return doc


def _title(tree: lxml_html.HtmlElement) -> str | None:
    """The page headline: an <h1> when <title> or og:title confirms it (it keeps the page's own punctuation),
    else <title> without the site name, else og:title, else the first <h1>."""
    h1s = [t for t in (_clean(e.text_content()) for e in tree.iter("h1")) if t]
    og = _meta(tree, "og:title")
    title_tag = _clean(tree.findtext("head/title") or tree.findtext(".//title") or "")
    piece = _headline_piece(title_tag, h1s) if title_tag else None
    for h1 in h1s:
        key = _comparable(h1)
        if key and key in {_comparable(piece or ""), _comparable(og or "")}:
            return h1
    return piece or og or (h1s[0] if h1s else None)


def _headline_piece(title: str, h1s: list[str]) -> str:
    pieces = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(pieces) < 2:
        return title
    wanted = {_comparable(h) for h in h1s}
    for piece in pieces:
        if _comparable(piece) in wanted:
            return piece
    return max(pieces, key=len)  # the site name is the short part


def _comparable(text: str) -> str:
    return _COMPARABLE.sub("", text).casefold()


def _meta(tree: lxml_html.HtmlElement, prop: str) -> str | None:
    for element in tree.iter("meta"):
        if prop in (element.get("property"), element.get("name")):
            value = _clean(element.get("content") or "")
            if value:
                return value
    return None


def _canonical_url(tree: lxml_html.HtmlElement) -> str | None:
    for element in tree.iter("link"):
        if (element.get("rel") or "").lower() == "canonical":
            href = (element.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href
    return None


def _language(tree: lxml_html.HtmlElement) -> str | None:
    """Primary language subtag ("en" for "en-US") from <html lang>, else Content-Language, else og:locale."""
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not value:
        for element in tree.iter("meta"):
            if (element.get("http-equiv") or "").lower() == "content-language":
                value = element.get("content")
                break
    value = value or _meta(tree, "og:locale")
    if not value:
        return None
    primary = re.split(r"[-_,;\s]", value.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _published(html: str, url: str | None) -> tuple[str | None, PublishedFrom | None]:
    """Publication date from the page's metadata (htmldate), else from a dated URL."""
    # url="" keeps htmldate from reading the date out of the canonical URL: we want to know where it came from.
    found = _find_date(html, url="")
    if found:
        return found, "metadata"
    if url:
        found = _find_date(_EMPTY_PAGE, url=url)
        if found:
            return found, "url"
    return None, None


# Where a page states its publication time in machine-readable form: JSON-LD, <meta> and <time> elements.
_LD_KEYS = ("datePublished", "dateCreated", "uploadDate")
_META_KEY = re.compile(r"publish|^date$|^dc\.date|^dcterms\.(?:created|issued)$|^sailthru\.date$|^pubdate$", re.I)
_MAX_OFFSET = timedelta(hours=14)  # the widest UTC offset in use (UTC+14)


def with_stated_offset(value: str, tree: lxml_html.HtmlElement) -> str:
    """A publication time found without an offset, with the offset the page states elsewhere for the same moment.

    htmldate returns local times without their zone. JSON-LD, <meta> and <time> elements often give the time
    with an offset (`2019-11-19T04:58:46Z`). One of them is taken when it is the same moment as `value` read as
    the local time of some zone: the difference is at most 14 hours and a whole number of quarter hours. With
    none, `value` stays as it is: a local time whose offset is not known (never an invented one)."""
    if "T" not in value or value.endswith("Z") or re.search(r"[+-]\d{2}:\d{2}$", value):
        return value
    try:
        local = datetime.fromisoformat(value)
    except ValueError:
        return value
    for text in _stated_times(tree):
        stated = _parse_stated(text)
        if stated is None or stated.utcoffset() is None:
            continue
        stated = stated.replace(microsecond=0)
        offset = stated.utcoffset() or timedelta(0)
        gap = (stated.replace(tzinfo=None) - offset) - local.replace(microsecond=0)
        if abs(gap) <= _MAX_OFFSET and gap % timedelta(minutes=15) == timedelta(0):
            return stated.isoformat(timespec="seconds")
    return value


def _stated_times(tree: lxml_html.HtmlElement) -> list[str]:
    """Publication times the page states, in order of trust: JSON-LD, then <meta>, then <time>."""
    found: list[str] = []
    for data in _json_ld(tree):
        found += _ld_times(data, 0)
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if _META_KEY.search(key) and element.get("content"):
            found.append(element.get("content") or "")
    for element in tree.iter("time"):
        if element.get("datetime") and (element.get("itemprop") == "datePublished" or element.get("pubdate")
                                        is not None or "publish" in (element.get("class") or "").lower()):
            found.append(element.get("datetime") or "")
    return found


def _ld_times(data: Any, depth: int) -> list[str]:
    if depth > 8:
        return []
    if isinstance(data, list):
        return [t for item in data for t in _ld_times(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    found = [data[k] for k in _LD_KEYS if isinstance(data.get(k), str)]
    for value in data.values():
        if isinstance(value, dict | list):
            found += _ld_times(value, depth + 1)
    return found


def _parse_stated(text: str) -> datetime | None:
    try:
        return date_parser.parse(text.strip()[:64], tzinfos=TZINFOS)
    except (ValueError, OverflowError, TypeError):
        return None


def _find_date(html: str, url: str) -> str | None:
    try:
        found = htmldate.find_date(html, url=url, original_date=True, extensive_search=False, outputformat=_ISO_OUT)
    except (ValueError, TypeError, etree.LxmlError):
        return None
    if not found:
        return None
    try:
        when = datetime.fromisoformat(found)
    except ValueError:
        return None
    if when.tzinfo is None:
        if (when.hour, when.minute, when.second) == (0, 0, 0):
            return when.date().isoformat()  # htmldate pads a bare date with midnight
        return when.isoformat(timespec="seconds")  # a time with no zone: kept as stated
    return when.isoformat(timespec="seconds")


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    names: list[str] = []
    for name in (_clean(n) for n in value.split(";")):
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()
