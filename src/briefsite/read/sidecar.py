"""What a fetch knew about a page saved in seeds/, kept next to it as `<file>.meta.json`: the URL asked for, the
final URL after redirects, when it was fetched, and the HTTP `Last-Modified`, `Date`, `ETag` and content type.
The saved page stays byte for byte the page as fetched; readers take the article's URL from here, so a later
build needs no network."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefsite.errors import InputError
from briefsite.read.common import relative
from briefsite.read.models import RawArticle

SUFFIX = ".meta.json"
FORMAT = 1
_MAX_BYTES = 100_000


def sidecar_path(page: Path) -> Path:
    """Where the fetch record of `page` lives."""
    return page.with_name(page.name + SUFFIX)


def is_sidecar(path: Path) -> bool:
    """Is this file a fetch record (not an article)?"""
    return path.name.lower().endswith(SUFFIX)


def encode(record: dict[str, Any]) -> bytes:
    """The record as stable JSON (sorted keys, one per line, newline at the end)."""
    return (json.dumps({"format": FORMAT, **record}, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def load(page: Path, root: Path) -> dict[str, Any] | None:
    """The fetch record of `page`, or None when it has none; raises InputError naming the record if it is
    unreadable."""
    path = sidecar_path(page)
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError.at(relative(path, root), exc.strerror or str(exc)) from None
    rel = relative(path, root)
    if len(data) > _MAX_BYTES:
        raise InputError.at(rel, f"fetch record is over {_MAX_BYTES:,} bytes")
    try:
        record = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError.at(rel, f"fetch record is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InputError.at(rel, f"fetch record is not valid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(record, dict):
        raise InputError.at(rel, "fetch record must be a JSON object")
    url = record.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
        raise InputError.at(rel, "fetch record: url must be an http:// or https:// address")
    return record


def apply(article: RawArticle, page: Path, root: Path) -> RawArticle:
    """The article with what its fetch record knew: its URL is the final URL the page was fetched from."""
    record = load(page, root)
    if not record or not record.get("url"):
        return article
    return replace(article, url=str(record["url"]))
