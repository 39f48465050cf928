"""Readers: one per input kind, each `read(path, root) -> RawArticle` (the Pelican readers contract); this module
picks the reader by file type and remembers what it read.

Readers never modify seeds/. A reader raises InputError naming the file (and line or byte offset) for an
article it cannot read; the pipeline reports it and goes on with the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Protocol

from briefsite.errors import InputError
from briefsite.read import sidecar
from briefsite.read.common import file_key, relative, sha256
from briefsite.read.models import RawArticle

TEXT_SUFFIXES = frozenset({".txt", ".text"})


class Reader(Protocol):
    """A reader: the file (or its bytes, when the caller has read them already) -> RawArticle."""

    def __call__(self, path: Path, root: Path, *, data: bytes | None = None) -> RawArticle: ...


def read(path: Path, root: Path) -> RawArticle:
    """Read any supported article file; the reader is chosen by suffix (`.gz` is looked through)."""
    # a page saved by `add`/`fetch` has its fetch record next to it
    return sidecar.apply(_read_file(path, root), path, root)


def _read_file(path: Path, root: Path, data: bytes | None = None) -> RawArticle:
    """What the file's own reader makes of it (without its fetch record); `data`: its bytes, if already read."""
    reader = reader_for(path)
    if reader is None:
        expected = "expected .txt, .html, .htm or .md"
        raise InputError.at(relative(path, root), f"unsupported file type {path.suffix!r}; {expected}")
    return reader(path, root, data=data)


def reader_for(path: Path) -> Reader | None:
    """The reader for this file name, or None when the kind is not supported."""
    kind = kind_of(path)
    if kind == "text":
        from briefsite.read.plain import read_text

        return read_text
    if kind == "html":
        from briefsite.read.html import read_html

        return read_html
    if kind == "markdown":
        from briefsite.read.markdown import read_markdown

        return read_markdown
    return None


def kind_of(path: Path) -> Literal["text", "html", "markdown"] | None:
    """Which reader reads this file name (None: not an article), without importing the reader."""
    if sidecar.is_sidecar(path):
        return None  # read with its page
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in TEXT_SUFFIXES:
        return "text"
    if last in {".html", ".htm"}:
        return "html"
    if last in {".md", ".markdown"}:
        return "markdown"
    return None


_ARTICLES: dict[str, tuple[tuple[int, ...], RawArticle]] = {}


def read_article(path: Path, root: Path, *, cache: Literal["off", "read", "write"] = "off") -> RawArticle:
    """`read(path, root)`, once per process while the file is unchanged (normalize and render of one
    build both need every article). Errors are not remembered: a bad file is read, and reported, each time.
    With `cache`, the disk cache in the site folder is consulted ("read") and also filled ("write")."""
    key = file_key(path.stat())
    memo = _ARTICLES.get(str(path))
    if memo is None or memo[0] != key:
        memo = (key, _read_cached(path, root, cache) if cache != "off" else read(path, root))
        _ARTICLES[str(path)] = memo
    return memo[1]


def _read_cached(path: Path, root: Path, mode: str) -> RawArticle:
    from briefsite.read import cache
    from briefsite.read.decode import read_limited

    rel = relative(path, root)
    if reader_for(path) is None:
        return read(path, root)  # the unsupported-type error
    data = read_limited(path, rel)
    entry = cache.key(rel, sha256(data))
    article = cache.load(root, entry)
    if article is None:
        article = _read_file(path, root, data)  # the bytes just hashed: a miss reads the file once
        if mode == "write":
            cache.store(root, entry, article)
    # the cache keeps what the page's bytes give; the fetch record is read each time, so an edited one counts
    return sidecar.apply(article, path, root)


def forget() -> None:
    """Drop what `read_article` remembers."""
    _ARTICLES.clear()
