"""Markdown articles with YAML front matter (`.md`, `.markdown`) -> RawArticle.

python-frontmatter finds and safely loads the front matter, which supplies the metadata; the body is parsed
with markdown-it-py and flattened to plain paragraphs (not rendered): emphasis and links keep their text,
images, code and raw HTML without text are listed as removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefsite.errors import InputError, Problem
from briefsite.read.common import parse_datetime, relative, sha256
from briefsite.read.datelines import opening_dateline, pick_published, scan_header, settle_order
from briefsite.read.decode import decode_bytes, read_limited
from briefsite.read.models import RawArticle, Removed

# Front-matter keys we read, with the aliases static-site generators use (Jekyll/Hugo `date`, `author`...).
_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "dek": ("dek", "subtitle", "description"),
    "authors": ("authors", "author"),
    "published": ("published", "date"),
    "url": ("url", "canonical_url", "source"),
    "publisher": ("publisher", "site", "site_name"),
    "language": ("language", "lang"),
}
_HANDLER = YAMLHandler()
_MARKDOWN = MarkdownIt("commonmark").enable("table")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class _FrontMatter:
    data: dict[str, Any]
    text: str
    first_line: int  # file line of the front matter's first character


def read_markdown(path: Path, root: Path, *, data: bytes | None = None) -> RawArticle:
    """Read a Markdown article: front matter for the metadata, the body as plain paragraphs; `data`: the file's
    bytes when the caller has already read them (`read_limited`)."""
    rel = relative(path, root)
    data = read_limited(path, rel) if data is None else data
    text, warnings = decode_bytes(data, rel)
    return parse_markdown(text, rel, sha256(data), warnings)


def parse_markdown(text: str, rel: str, digest: str, warnings: tuple[str, ...] = ()) -> RawArticle:
    """Pure part of the Markdown reader: decoded text -> RawArticle."""
    front, body = _split(text, rel)
    meta = _metadata(front, rel) if front else {}
    paragraphs, removed, heading = _plain(body)
    title = meta.get("title")
    if paragraphs and heading is not None and (title is None or _same(title, heading)):
        title = title or heading  # a leading "# Headline" is the title, not body text
        paragraphs = paragraphs[1:]
    # Date lines and bylines printed under the headline ("By Jane Roe | March 5, 2019"): out of the body; they
    # give the date and authors when the front matter does not.
    header = scan_header(paragraphs)
    taken = {h.index for h in header}
    removed = [*removed, *(Removed(h.kind, paragraphs[h.index]) for h in header)]
    paragraphs = [p for i, p in enumerate(paragraphs) if i not in taken]
    stated = pick_published(header)
    header_authors = tuple(dict.fromkeys(a for h in header for a in h.authors))
    if not paragraphs:
        raise InputError.at(rel, "the article has no body text")
    if title is None:
        warnings = (*warnings, f"{rel}: no title (no `title:` in the front matter and no leading # heading)")
    published = meta.get("published") or (settle_order(stated, body) if stated else None) or \
        opening_dateline(paragraphs)
    return RawArticle(
        file=rel,
        kind="markdown",
        sha256=digest,
        title=title,
        dek=meta.get("dek"),
        paragraphs=tuple(paragraphs),
        authors=tuple(meta.get("authors", ())) or header_authors,
        published=published,
        published_from="metadata" if meta.get("published") else ("stated" if published else None),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
        language=meta.get("language"),
        removed=tuple(removed),
        warnings=warnings,
    )


def _split(text: str, rel: str) -> tuple[_FrontMatter | None, str]:
    boundary = _HANDLER.FM_BOUNDARY
    assert boundary is not None
    opening = boundary.match(text)
    if opening is None:
        return None, text
    closing = boundary.search(text, opening.end())
    if closing is None:
        raise InputError.at(rel, "the front matter opened with --- is never closed with a --- line", 1)
    fm_text = text[opening.end():closing.start()]
    first_line = text.count("\n", 0, opening.end()) + 1
    try:
        loaded = _HANDLER.load(fm_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        raise InputError.at(rel, f"front matter is not valid YAML: {exc.problem or exc.context}", line) from None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        # PyYAML raises ValueError for impossible timestamps such as 2024-13-45.
        raise InputError.at(rel, f"front matter is not valid YAML: {exc}", first_line) from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise InputError.at(rel, f"front matter must be a mapping of fields, not {_kind(loaded)}", first_line)
    return _FrontMatter(loaded, fm_text, first_line), text[closing.end():]


def _metadata(front: _FrontMatter, rel: str) -> dict[str, Any]:
    """Validated metadata; every problem in the front matter is reported at once, with its line and field."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for field, aliases in _KEYS.items():
        key = next((k for k in aliases if k in front.data and front.data[k] is not None), None)
        if key is None:
            continue
        try:
            out[field] = _FIELDS[field](front.data[key])
        except _Invalid as exc:
            problems.append(Problem(rel, str(exc), _key_line(front, key), key))
    if problems:
        raise InputError(problems)
    return out


class _Invalid(Exception):
    pass


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid(f"expected text, got {_kind(value)}")
    cleaned = _WS.sub(" ", str(value)).strip()
    if not cleaned:
        raise _Invalid("is empty")
    return cleaned


def _authors(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and "name" in item:
            item = item["name"]  # `authors: [{name: ..., url: ...}]`
        name = _text(item)
        if name not in names:
            names.append(name)
    return names


def _published(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    parsed = parse_datetime(_text(value))
    if parsed is None:
        raise _Invalid(f"not a date: {value!r}")
    return parsed


def _url(value: Any) -> str:
    url = _text(value)
    if not re.match(r"https?://[^\s/]+", url, re.I):
        raise _Invalid(f"expected an http(s) URL, got {url!r}")
    return url


def _language(value: Any) -> str:
    tag = _text(value)
    primary = re.split(r"[-_]", tag, maxsplit=1)[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        raise _Invalid(f"expected a language code such as en or en-US, got {tag!r}")
    return primary


_FIELDS = {
    "title": _text, "dek": _text, "authors": _authors, "published": _published,
    "url": _url, "publisher": _text, "language": _language,
}


def _key_line(front: _FrontMatter, key: str) -> int:
    try:
        node = yaml.compose(front.text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return front.first_line
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return front.first_line + int(key_node.start_mark.line)
    return front.first_line


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return f"a {type(value).__name__}"


def _plain(body: str) -> tuple[list[str], list[Removed], str | None]:
    """Markdown body -> plain paragraphs, what was removed, and the text of a leading level-1 heading."""
    tokens = _MARKDOWN.parse(body)
    paragraphs: list[str] = []
    removed: list[Removed] = []
    heading: str | None = None
    row: list[str] | None = None
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            if any(row):
                paragraphs.append(" | ".join(row))
            row = None
        elif token.type == "inline":
            text = _inline(token, removed)
            if row is not None:
                row.append(text)
            elif text:
                if not paragraphs and i > 0 and tokens[i - 1].type == "heading_open" and tokens[i - 1].tag == "h1":
                    heading = text
                paragraphs.append(text)
        elif token.type in {"fence", "code_block"}:
            if token.content.strip():
                removed.append(Removed("code", token.content.strip()))
        elif token.type == "html_block":
            text = _html_text(token.content)
            if text:
                paragraphs.append(text)
            elif token.content.strip():
                removed.append(Removed("html", token.content.strip()))
    return paragraphs, removed, heading


def _inline(token: Token, removed: list[Removed]) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            alt = "".join(c.content for c in child.children or ())
            removed.append(Removed("alt_text", alt or str(child.attrs.get("src", ""))))
    return _WS.sub(" ", "".join(parts)).strip()


def _html_text(block: str) -> str:
    try:
        fragment = lxml_html.fragment_fromstring(block, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in fragment.xpath(".//script | .//style | .//template"):
        element.drop_tree()
    return _WS.sub(" ", fragment.text_content()).strip()


def _same(a: str, b: str) -> bool:
    return _WS.sub(" ", a).strip().casefold() == _WS.sub(" ", b).strip().casefold()
