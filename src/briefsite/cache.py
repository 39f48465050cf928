"""Caches that keep an unchanged rebuild cheap: a fast plain-data YAML loader for sheets that need no
round-trip, per-process memos of parsed sheets and read articles (keyed by the file's inode, size, mtime and
ctime, so one build reads each file once), and a stamp that lets `build` skip the publisher when site/ already
holds the publisher's output for exactly this input.

The fast loader is libyaml's C parser with YAML 1.2 core-schema rules (those of ruamel.yaml, which writes and
round-trips the sheets). It vouches only for what it is sure of: anything unusual — an alias, a tag, a duplicate
key, a timestamp with a time, an octal or `1_000` number, a tab, a merge-conflict marker — raises `Unsure`, and
the caller loads the text with `yamlio.load` (round-trip, with line numbers for every error) as before. So the
fast path returns exactly `yamlio.to_plain(yamlio.load(text))` or declines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from briefsite.models import RawArticle

CACHE_DIR = ".briefsite-cache"
SITE_STAMP = "site.json"

_MAX_CHARS = 1024 * 1024  # larger sheets take the careful path (which enforces the real size limit)
_MAX_DEPTH = 50  # as yamlio: deeper nesting is refused there, with its line
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)", re.M)
_PLAIN = "?plain"  # tag the resolver gives untagged plain scalars: resolved below by YAML 1.2 rules
_QUOTED = "?quoted"  # untagged quoted scalars: strings
_REFUSED = "?refused"  # the non-specific `!` tag: left to ruamel
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# ruamel.yaml's YAML 1.2 implicit resolvers (resolver.py); a plain scalar matching one of them is not a string.
_INT_12 = re.compile(r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+")
_FLOAT_12 = re.compile(r"""[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)""", re.X)
_TIMESTAMP_12 = re.compile(r"""[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?""", re.X)
# The forms the fast path constructs itself; other numbers and timestamps are left to ruamel.
_SIMPLE_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_SIMPLE_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Unsure(Exception):
    """The fast loader cannot vouch for this text; load it with `yamlio.load` instead."""


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser and composer; tags are settled here, values in `_construct`."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED if implicit[1] else _REFUSED
        if not implicit:
            return _REFUSED
        return _MAP if kind is yaml.MappingNode else _SEQ


def load_plain(text: str) -> dict[str, Any]:
    """A sheet's data as plain dicts, lists and scalars — equal to `yamlio.to_plain(yamlio.load(text))` — or
    `Unsure` when the text needs the careful loader (for its semantics or for an error with a line)."""
    text = text.removeprefix("\ufeff")
    if len(text) > _MAX_CHARS or "\t" in text or "%YAML" in text or _CONFLICT.search(text):
        raise Unsure
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        raise Unsure from None
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        raise Unsure
    data = _construct(node, set(), 0)
    assert isinstance(data, dict)
    return data


# Parsed sheets are remembered as JSON text: a tenth of the memory of the objects, and `json.loads` (C) hands
# every caller its own copy faster than a deep copy would.
_MEMO: dict[str, tuple[tuple[int, ...], str]] = {}
_ARTICLES: dict[str, tuple[tuple[int, ...], RawArticle]] = {}


def read_article(path: Path, root: Path) -> RawArticle:
    """`read.read(path, root)`, once per process while the file is unchanged (normalize and render of one
    build both need every article). Errors are not remembered: a bad file is read, and reported, each time."""
    from briefsite.read import read

    key = _stat_key(path.stat())
    memo = _ARTICLES.get(str(path))
    if memo is None or memo[0] != key:
        memo = (key, read(path, root))
        _ARTICLES[str(path)] = memo
    return memo[1]


def read_plain(path: Path) -> dict[str, Any] | None:
    """`load_plain` of a file, None when it does not exist. Parsed once per process while the file is
    unchanged (same inode, size, modification and change times); every call returns a fresh copy."""
    try:
        key = _stat_key(path.stat())
    except FileNotFoundError:
        return None
    memo = _MEMO.get(str(path))
    if memo is None or memo[0] != key:
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError:
            raise Unsure from None
        data = load_plain(text)
        _MEMO[str(path)] = (key, json.dumps(data, ensure_ascii=False))
        return data
    loaded: dict[str, Any] = json.loads(memo[1])
    return loaded


def _stat_key(info: os.stat_result) -> tuple[int, ...]:
    # st_ctime_ns too: no tool can set it back, so a rewrite that keeps size and mtime is still seen
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def forget_memos() -> None:
    """Drop what `read_plain` and `read_article` remember and hand the freed memory back to the system (glibc
    keeps freed heap otherwise), e.g. before a memory-hungry child process starts."""
    import ctypes
    import ctypes.util
    import gc

    _MEMO.clear()
    _ARTICLES.clear()
    gc.collect()
    name = ctypes.util.find_library("c")
    if name and os.name == "posix":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name).malloc_trim(0)


def _construct(node: Any, seen: set[int], depth: int) -> Any:
    if id(node) in seen or depth > _MAX_DEPTH:
        raise Unsure  # an alias (one node reached twice), or nesting yamlio refuses
    seen.add(id(node))
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _QUOTED:
            return node.value
        if tag == _PLAIN:
            return _scalar(node.value)
        raise Unsure  # an explicit tag: ruamel keeps a tagged scalar as such (or refuses it)
    if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        return [_construct(item, seen, depth + 1) for item in node.value]
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, seen, depth + 1)
            if not isinstance(key, str) or key in out or key == "<<":
                raise Unsure
            out[key] = _construct(value_node, seen, depth + 1)
        return out
    raise Unsure


def _scalar(value: str) -> Any:
    """A plain scalar by YAML 1.2 core-schema rules."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    first = value[0]
    if first in "-+.0123456789":
        if _FLOAT_12.fullmatch(value):
            if _SIMPLE_FLOAT.fullmatch(value):
                return float(value)
            raise Unsure
        if _INT_12.fullmatch(value):
            if _SIMPLE_INT.fullmatch(value):
                return int(value)
            raise Unsure
        if _TIMESTAMP_12.fullmatch(value):
            if _DATE.fullmatch(value):
                try:
                    return dt.date.fromisoformat(value).isoformat()  # as yamlio.to_plain gives it
                except ValueError:
                    raise Unsure from None
            raise Unsure
    elif value in {"<<", "="}:
        raise Unsure
    return value


def file_digest(paths: Iterable[Path], root: Path) -> str:
    """sha256 over the relative paths and bytes of `paths` (in the order given)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1missing")
        digest.update(b"\0")
    return digest.hexdigest()


def _tree(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.as_posix())


def _versions() -> dict[str, str]:
    """Installed versions of the publisher and everything that plugs into it (themes, plugins, Markdown)."""
    from importlib import metadata

    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name.startswith(("mkdocs", "pymdown", "zensical")) or name in {"markdown", "pygments", "jinja2"}:
            found[name] = dist.version
    return dict(sorted(found.items()))


def site_stamp(root: Path, *, publisher: str, source_date_epoch: str) -> str:
    """A digest of everything the publisher's output depends on: mkdocs.yml, its docs_dir (briefings/), the
    files and folders it names (theme overrides, hooks), the publisher's and plugins' versions, Briefsite's own
    publishing code (sanitiser, audit) and the build epoch."""
    root = root.resolve()
    config = _config(root)
    docs = root / str(config.get("docs_dir") or "docs")
    inputs = [root / "mkdocs.yml", *_tree(docs)]
    for path in _named_in_config(root, config):
        inputs += _tree(path) if path.is_dir() else [path]
    here = Path(__file__).resolve().parent
    payload = {
        "files": file_digest(inputs, root),
        "code": file_digest([here / "site.py", here / "sanitize.py"], here),
        "publisher": publisher,
        "versions": _versions(),
        "epoch": source_date_epoch,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may use `!!python/name:` and `!ENV` tags; only the plain strings matter here."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(root: Path) -> dict[str, Any]:
    try:
        config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def _named_in_config(root: Path, config: dict[str, Any]) -> list[Path]:
    """Files and folders inside the site folder that mkdocs.yml names (theme custom_dir, hooks, INHERIT,
    plugin files), other than docs_dir and site_dir: the publisher reads them too."""
    skip = {root, root / str(config.get("docs_dir") or "docs"), root / str(config.get("site_dir") or "site")}
    found: list[Path] = []
    for value in _strings(config):
        if not value or len(value) > 300 or "\n" in value:
            continue
        candidate = (root / value).resolve()
        if candidate not in skip and root in candidate.parents and candidate.exists() and candidate not in found:
            found.append(candidate)
    return sorted(found)


def _strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _site_listing(site: Path) -> str:
    """Paths, sizes and modification times of site/: cheap, and changes when anyone touches site/."""
    digest = hashlib.sha256()
    for path in _tree(site):
        info = path.stat()
        digest.update(f"{path.relative_to(site).as_posix()}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def site_is_current(root: Path, stamp: str) -> list[str] | None:
    """The publisher's warnings from the build that made site/, when site/ was built from exactly `stamp`
    and nobody changed it since; None when the publisher must run."""
    try:
        record = json.loads((root / CACHE_DIR / SITE_STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    site = root / "site"
    if not isinstance(record, dict) or record.get("stamp") != stamp or not (site / "index.html").is_file():
        return None
    if record.get("listing") != _site_listing(site):
        return None
    warnings = record.get("warnings")
    return [str(w) for w in warnings] if isinstance(warnings, list) else []


def record_site(root: Path, stamp: str, warnings: list[str]) -> None:
    """Remember that site/ now holds the publisher's output for `stamp` (with its warnings)."""
    from briefsite.write import atomic_write

    record = {"stamp": stamp, "listing": _site_listing(root / "site"), "warnings": warnings}
    atomic_write(root / CACHE_DIR / SITE_STAMP, (json.dumps(record, indent=1) + "\n").encode())


def forget_site(root: Path) -> None:
    """Drop the stamp, so the next build runs the publisher (e.g. before a forced rebuild)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(root / CACHE_DIR / SITE_STAMP)
