"""A fast plain-data YAML loader for sheets that need no round-trip, and a per-process memo of parsed sheets
(keyed by the file's inode, size, mtime and ctime, so one build parses each sheet once).

The fast loader is libyaml's C parser with YAML 1.2 core-schema rules (those of ruamel.yaml, which writes and
round-trips the sheets). It vouches only for what it is sure of: anything unusual — an alias, a tag, a duplicate
key, a timestamp with a time, an octal or `1_000` number, a tab, a merge-conflict marker — raises `Unsure`, and
the caller loads the text with `yamlio.load` (round-trip, with line numbers for every error) as before. So the
fast path returns exactly `yamlio.to_plain(yamlio.load(text))` or declines.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from briefsite.read.common import file_key

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


def read_plain(path: Path) -> dict[str, Any] | None:
    """`load_plain` of a file, None when it does not exist. Parsed once per process while the file is
    unchanged (same inode, size, modification and change times); every call returns a fresh copy."""
    try:
        key = file_key(path.stat())
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


def forget() -> None:
    """Drop what `read_plain` remembers."""
    _MEMO.clear()
    _SAVED.clear()


# The memo outlives the process in the site's cache folder: `normalize` after one hand edit parses the edited
# sheet, not the thousands of others. An entry counts only for the very same file (inode, size, mtime, ctime:
# an edit, a copy or a restore changes one of them) and the very same loader code.
_SAVED: dict[str, tuple[tuple[int, ...], str]] = {}  # what is on disk: nothing to save while the memo is just that


def _code_version() -> str:
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def load_memo(path: Path) -> None:
    """Remember what an earlier process parsed and saved with `save_memo` (a missing or odd file: nothing)."""
    try:
        lines = path.read_text("utf-8").split("\n")
        if json.loads(lines[0]) != {"code": _code_version()}:
            return
        for line in lines[1:]:
            if not line:
                continue
            name, key, text = line.split("\t", 2)
            name = json.loads(name)
            if isinstance(name, str) and name not in _MEMO:
                _MEMO[name] = _SAVED[name] = (tuple(int(k) for k in key.split(",")), text)
    except (OSError, ValueError, TypeError):
        return


def save_memo(path: Path) -> None:
    """Save the memo (entries of files that still exist) for the next process, when it holds anything new. One
    line per sheet, its parsed data kept as the JSON text it already is: after one hand edit the file is
    written again without encoding every sheet anew (the JSON text holds no raw newline or tab)."""
    from briefsite.write import atomic_write

    kept = {}
    for name, (key, text) in sorted(_MEMO.items()):
        try:
            if file_key(os.stat(name)) == key:
                kept[name] = (key, text)
        except OSError:
            continue
    if kept == _SAVED:
        return
    lines = [json.dumps({"code": _code_version()})]
    lines += [f"{json.dumps(name)}\t{','.join(map(str, key))}\t{text}" for name, (key, text) in kept.items()]
    atomic_write(path, ("\n".join(lines) + "\n").encode())
    _SAVED.clear()
    _SAVED.update(kept)
