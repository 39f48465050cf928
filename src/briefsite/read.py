"""Readers: one per input kind, each `read(path, root) -> RawArticle` (the Pelican readers contract).

Readers never modify seeds/. A reader raises InputError naming the file (and line or byte offset) for an
article it cannot read; the pipeline reports it and goes on with the others.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from dateutil import parser as date_parser
from dateutil import tz

from briefsite.decode import decode_bytes, read_limited
from briefsite.errors import InputError
from briefsite.models import RawArticle, Removed

TEXT_SUFFIXES = frozenset({".txt", ".text"})
# Time-zone abbreviations that dateutil does not know or gets wrong for news datelines.
TZINFOS: dict[str, int] = {
    "IST": 19800,  # India Standard Time, +05:30
    "UTC": 0, "GMT": 0, "Z": 0,
    "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000,
    "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200,
    "BST": 3600, "CET": 3600, "CEST": 7200, "JST": 32400, "AEST": 36000, "AEDT": 39600,
    "SGT": 28800, "HKT": 28800,
}

_BULLET = r"[\s\u2022\u00b7*•\-–]*"
_PUBLISHED = re.compile(rf"^{_BULLET}(?:Published(?: Date)?|Updated|Posted(?: on)?|Date)\s*:\s*(?P<when>.+?)\s*$", re.I)
_PROMO = re.compile(r"^(?:Watch|Also read|Read more|Read also|Also see|See also|Listen|Subscribe|Sign up|"
                    r"Click here|Download|Follow us|Related)\b\s*[:|-]", re.I)
_CREDIT = re.compile(r"^(?:Image|Photo|Picture|Video) (?:source|credit|courtesy)s?\s*:|^(?:Photo|Image|Credit)s?\s*:|"
                     r"^\(?(?:Photo|Image) by\b", re.I)
# Alt text of a stripped image: one descriptive sentence that starts "A man/woman/view/..." just before
# a credit line. Recognised by position (followed by a credit) rather than by wording alone.
_ALT_LEAD = re.compile(r"^(?:An?|The|Two|Three|Several)\s+\w+", re.I)


def read(path: Path, root: Path) -> RawArticle:
    """Read any supported article file; the reader is chosen by suffix (`.gz` is looked through)."""
    reader = reader_for(path)
    if reader is None:
        expected = "expected .txt, .html, .htm or .md"
        raise InputError.at(_rel(path, root), f"unsupported file type {path.suffix!r}; {expected}")
    return reader(path, root)


def reader_for(path: Path) -> Callable[[Path, Path], RawArticle] | None:
    """The reader for this file name, or None when the kind is not supported."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in TEXT_SUFFIXES:
        return read_text
    if last in {".html", ".htm"}:
        from briefsite.read_html import read_html

        return read_html
    if last in {".md", ".markdown"}:
        from briefsite.read_markdown import read_markdown

        return read_markdown
    return None


def read_text(path: Path, root: Path) -> RawArticle:
    """Plain-text article: title line, optional dek line, "Published:" lines, body paragraphs."""
    rel = _rel(path, root)
    data = read_limited(path, rel)
    text, warnings = decode_bytes(data, rel)
    return parse_text(text, rel, sha256(data), warnings)


def parse_text(text: str, rel: str, digest: str, warnings: tuple[str, ...] = ()) -> RawArticle:
    """Pure part of the plain-text reader: decoded text -> RawArticle."""
    blocks = _blocks(text)
    if not blocks:
        raise InputError.at(rel, "the article is empty")
    removed: list[Removed] = []
    published: str | None = None
    kept: list[tuple[int, str]] = []
    for line_no, block in blocks:
        match = _PUBLISHED.match(block)
        if match:
            when = parse_datetime(match.group("when"))
            if when is None:
                warnings = (*warnings, f"{rel}:{line_no}: could not read the date {match.group('when')!r}")
            elif published is None:
                published = when
                continue
            elif when != published:
                warnings = (*warnings, f"{rel}:{line_no}: second date {when} differs from {published}; kept the first")
            removed.append(Removed("dateline", block))  # a repeated dateline (footer) is listed, not kept
            continue
        kept.append((line_no, block))

    kept, dropped = _drop_boilerplate(kept)
    removed.extend(dropped)
    title, dek, body = _title_and_dek(kept)
    if not body:
        raise InputError.at(rel, "the article has no body text")
    return RawArticle(
        file=rel, kind="text", sha256=digest, title=title, dek=dek, paragraphs=tuple(body),
        published=published, published_from="stated" if published else None,
        removed=tuple(removed), warnings=tuple(warnings),
    )


def parse_datetime(value: str) -> str | None:
    """Parse a dateline ("July 18, 2018 9:31 AM IST") to ISO 8601; a datetime keeps its offset, a bare date
    stays a date. Returns None when the text is not a date."""
    cleaned = value.strip().strip("|").strip()
    if not cleaned or not re.search(r"\d", cleaned):
        return None
    try:
        parsed = date_parser.parse(cleaned, tzinfos=TZINFOS, fuzzy=False)
    except (ValueError, OverflowError):
        try:
            parsed = date_parser.parse(cleaned, tzinfos=TZINFOS, fuzzy=True)
        except (ValueError, OverflowError):
            return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", cleaned))
    if not has_time:
        return parsed.date().isoformat()
    if parsed.tzinfo is None:
        # A time with no zone: keep it as stated rather than inventing an offset.
        return parsed.replace(tzinfo=None).isoformat(timespec="seconds")
    offset = parsed.utcoffset()
    fixed = parsed.replace(tzinfo=tz.tzoffset(None, int(offset.total_seconds()) if offset else 0))
    return fixed.isoformat(timespec="seconds")


def sha256(data: bytes) -> str:
    """Content hash of the raw file bytes."""
    return hashlib.sha256(data).hexdigest()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _blocks(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers; inner whitespace (incl. NBSP) normalised."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned = re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", line).strip()
        if cleaned:
            out.append((number, cleaned))
    return out


def _drop_boilerplate(blocks: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[Removed]]:
    removed: list[Removed] = []
    counts = Counter(text for _, text in blocks)
    kept: list[tuple[int, str]] = []
    for i, (line_no, block) in enumerate(blocks):
        nxt = blocks[i + 1][1] if i + 1 < len(blocks) else ""
        if _PROMO.match(block):
            removed.append(Removed("promo", block))
        elif _CREDIT.match(block):
            removed.append(Removed("credit", block))
        elif _CREDIT.match(nxt) and _ALT_LEAD.match(block) and not block.endswith(("?", "!")) and '"' not in block:
            removed.append(Removed("alt_text", block))
        elif counts[block] > 1 and kept and any(b == block for _, b in kept):
            removed.append(Removed("footer", block))  # repeated line: keep the first, drop the echoes
        else:
            kept.append((line_no, block))
    return kept, removed


def _title_and_dek(blocks: list[tuple[int, str]]) -> tuple[str | None, str | None, list[str]]:
    """The first line is a title when it reads like a headline (short, no final period); the next is a dek
    when it also reads like a subtitle rather than body text."""
    texts = [b for _, b in blocks]
    if not texts:
        return None, None, []
    title = texts[0] if _is_headline(texts[0]) else None
    rest = texts[1:] if title else texts
    dek = None
    if title and len(rest) > 1 and _is_dek(rest[0]):
        dek, rest = rest[0], rest[1:]
    return title, dek, rest


def _is_headline(line: str) -> bool:
    return len(line) <= 160 and not line.endswith((".", ",", ";", ":")) and len(line.split()) >= 2


def _is_dek(line: str) -> bool:
    # A standfirst reads like a subtitle: short and without the final full stop of a body sentence.
    return len(line) <= 240 and not line.rstrip("\"'”’)").endswith((".", "!", "?", ":"))
