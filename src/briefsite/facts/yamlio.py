"""Round-trip YAML for hand-edited fact sheets: safe loading with file:line errors, faithful dumping.

ruamel.yaml's round-trip mode keeps comments, key order and quoting. The YAML 1.2 rules it uses keep `NO`,
`on` and `1:20` as the strings the user typed, and `012`/`1e3` are re-dumped exactly as written; the schema
then reports a value of the wrong type with its line. Before anything is constructed, the event stream is
checked: tags beyond plain YAML (`!!python/...`, `!foo`) and aliases (the "billion laughs" bomb) are refused
with their line, so nothing a sheet says can run code or blow up memory.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from briefsite.errors import FactSheetError, Problem

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)", re.M)
_MAX_BYTES = 5 * 1024 * 1024
_MAX_DEPTH = 50  # a sheet nests four levels; deeper input is an attack on the recursive constructor
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_INDENT = (2, 4, 2)  # mapping, sequence, offset: `key:\n  - item`


def _yaml(indent: tuple[int, int, int] = _INDENT) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.width = 4096  # never fold long sentences: folding adds trailing spaces and noisy diffs
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def load(text: str, path: str) -> CommentedMap:
    """Parse one fact sheet; every way it can be wrong becomes a FactSheetError naming path and line."""
    if len(text.encode("utf-8", "surrogatepass")) > _MAX_BYTES:
        raise FactSheetError([Problem(path, f"fact sheet is larger than {_MAX_BYTES} bytes")])
    text = _normal(text)
    marker = _CONFLICT.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise FactSheetError([Problem(path, "leftover merge-conflict marker; resolve the conflict first", line)])
    for number, row in enumerate(text.split("\n"), 1):
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent:
            raise FactSheetError([Problem(path, "tab used for indentation; YAML needs spaces", number)])
    try:
        _check_events(text, path)
        documents = list(_yaml().load_all(text))
    except MarkedYAMLError as exc:
        raise FactSheetError([_marked_problem(exc, path)]) from None
    except YAMLError as exc:
        raise FactSheetError([Problem(path, f"invalid YAML: {_first_line(exc)}", _position_line(exc, text))]) from None
    except ValueError as exc:  # e.g. an impossible date such as 2018-02-30, rejected by datetime
        raise FactSheetError([Problem(path, f"impossible value: {exc}; quote it if it is text",
                                      _bad_scalar_line(text))]) from None
    except (IndexError, TypeError, AttributeError, RecursionError) as exc:  # ruamel fails so on odd scalars (`-_`)
        raise FactSheetError([Problem(path, f"cannot read this YAML ({type(exc).__name__}); check the syntax",
                                      _bad_scalar_line(text))]) from None
    if not documents or documents == [None]:
        raise FactSheetError([Problem(path, "the fact sheet is empty", 1)])
    data = documents[0]
    if not isinstance(data, CommentedMap):
        kind = {CommentedSeq: "list"}.get(type(data), type(data).__name__)
        raise FactSheetError([Problem(path, f"a fact sheet must be a mapping of keys, not a {kind}", 1)])
    return data


def _normal(text: str) -> str:
    # ruamel keeps a comment's own line break, so CRLF input would dump as mixed endings; work in LF and
    # let `dump(..., newline_of(original))` restore the file's endings.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _check_events(text: str, path: str) -> None:
    """Refuse what a fact sheet never needs, before any object is constructed; name both lines of a
    duplicate key (ruamel's own error names the enclosing mapping instead of the first occurrence)."""
    documents = 0
    frames: list[dict[str, Any] | None] = []  # per open collection: a mapping's keys and lines, or None
    for event in _yaml().parse(text):
        line = event.start_mark.line + 1
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise FactSheetError([Problem(path, "several YAML documents in one fact sheet; keep one", line)])
        elif isinstance(event, AliasEvent):
            raise FactSheetError([Problem(
                path, f"YAML alias *{event.anchor} is not allowed in a fact sheet; write the value out", line)])
        elif isinstance(event, NodeEvent):
            raw = getattr(event, "tag", None)
            tag = None if raw is None else str(raw)
            if tag is not None and tag not in _PLAIN_TAGS and not (tag == "!" and isinstance(event, ScalarEvent)):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise FactSheetError([Problem(path, f"YAML tag {shown} is not allowed in a fact sheet", line)])
            _check_key(frames[-1] if frames else None, event, line, path)
            if isinstance(event, CollectionStartEvent):
                frames.append({"keys": {}, "key": True} if isinstance(event, MappingStartEvent) else None)
                if len(frames) > _MAX_DEPTH:
                    raise FactSheetError([Problem(path, f"nested more than {_MAX_DEPTH} levels deep", line)])
        elif isinstance(event, CollectionEndEvent):
            frames.pop()


def _check_key(frame: dict[str, Any] | None, event: NodeEvent, line: int, path: str) -> None:
    if frame is None:
        return
    if frame["key"] and isinstance(event, ScalarEvent):
        first = frame["keys"].get(event.value)
        if first is not None:
            raise FactSheetError([Problem(
                path, f"duplicate key {event.value!r} (first on line {first}, again on line {line})", line)])
        frame["keys"][event.value] = line
    frame["key"] = not frame["key"]


def _marked_problem(exc: MarkedYAMLError, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    if "duplicate key" in message and exc.context_mark is not None and exc.problem_mark is not None:
        message = (f"duplicate key (first on line {exc.context_mark.line + 1}, "
                   f"again on line {exc.problem_mark.line + 1})")
    elif "'\\t'" in message:
        message = "tab character where YAML allows only spaces"
    return Problem(path, message or "invalid YAML", line)


def _first_line(exc: YAMLError) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _position_line(exc: YAMLError, text: str) -> int | None:
    position = getattr(exc, "position", None)
    return text.count("\n", 0, position) + 1 if isinstance(position, int) else None


def _bad_scalar_line(text: str) -> int | None:
    """Line of the first plain scalar that ruamel cannot construct (found by constructing each alone)."""
    for event in _yaml().parse(text):
        if isinstance(event, ScalarEvent) and event.style is None:
            try:
                _yaml().load(f"x: {event.value}\n")
            except (ValueError, YAMLError, IndexError, TypeError, AttributeError):
                return int(event.start_mark.line) + 1
    return None


def dump(data: Any, newline: str = "\n") -> str:
    """Serialise round-trip data (or plain dicts/lists) to YAML text with the given line ending."""
    buffer = io.StringIO()
    _yaml().dump(_prepare(data), buffer)
    text = buffer.getvalue()
    return text if newline == "\n" else text.replace("\n", newline)


_LINE_BREAK_CHARS = re.compile("[\x85\u2028\u2029]")


def _prepare(data: Any) -> Any:
    """Ready data for dumping: strings holding line-break characters that YAML would fold inside single quotes
    are double-quoted (so they load back unchanged), and new lists of numbers (`evidence`) are written in flow
    style `[1, 3, 9]`. Round-trip containers keep the style they were read with."""
    if isinstance(data, str):
        return DoubleQuotedScalarString(data) if _LINE_BREAK_CHARS.search(data) else data
    if isinstance(data, CommentedMap):
        for key in list(data):
            data[key] = _prepare(data[key])
        return data
    if isinstance(data, dict):
        return {key: _prepare(value) for key, value in data.items()}
    if isinstance(data, list):
        items = [_prepare(item) for item in data]
        if isinstance(data, CommentedSeq):
            # item by item: slice assignment deletes and re-inserts every item, and ruamel's delete drops the
            # item's comment slot (an end-of-line comment, the comment lines below or above it)
            for index, item in enumerate(items):
                data[index] = item
            return data
        seq = CommentedSeq(items)
        if items and all(isinstance(i, int | float) and not isinstance(i, bool) for i in items):
            seq.fa.set_flow_style()
        return seq
    return data


def dump_like(data: Any, original: str) -> str:
    """Serialise round-trip data loaded from `original` in that file's own style: its line endings, its
    byte-order mark and its indentation, so a rewrite changes only the lines whose values changed."""
    buffer = io.StringIO()
    _yaml(guess_indent(original)).dump(_prepare(data), buffer)
    text = buffer.getvalue().replace("\n", newline_of(original))
    return "\ufeff" + text if original.startswith("\ufeff") else text


_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation a YAML file uses, from its first nested block lines."""
    mapping: int | None = None
    offset: int | None = None
    rows = [r for r in _normal(text).split("\n") if r.strip() and not r.lstrip().startswith("#")]
    for row, following in itertools.pairwise(rows):
        key = _KEY_LINE.match(row)
        if key is None:
            continue
        parent = len(key.group(1))
        child = len(following) - len(following.lstrip(" "))
        if following.lstrip(" ").startswith("- ") and offset is None and child >= parent:
            offset = child - parent
        elif mapping is None and child > parent:
            mapping = child - parent
        if mapping is not None and offset is not None:
            break
    mapping = mapping or _INDENT[0]
    offset = _INDENT[2] if offset is None else offset
    return mapping, offset + 2, offset


def newline_of(text: str) -> str:
    """The line ending a file uses, so a rewrite keeps it."""
    return "\r\n" if "\r\n" in text else "\n"


def line_of(data: Any, location: Sequence[str | int]) -> int | None:
    """1-based line of the node at `location` (keys and indexes) in round-trip data; the nearest parent's line
    when the exact node (e.g. a missing key) is not there."""
    line: int | None = None
    node = data
    for key in location:
        if isinstance(node, CommentedMap) and key in node:
            pos = node.lc.key(key)
            line = pos[0] + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            pos = node.lc.item(key)
            line = pos[0] + 1
            node = node[key]
        else:
            if line is None and hasattr(node, "lc"):
                line = node.lc.line + 1
            break
    return line


def to_plain(data: Any) -> Any:
    """Round-trip containers -> plain dicts and lists (for validation and comparisons). An unquoted date
    (`2018-07-18`) becomes its ISO string, which is what the user meant."""
    if isinstance(data, datetime.date) and not isinstance(data, datetime.datetime):
        return data.isoformat()
    if isinstance(data, dict):
        return {str(k): to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_plain(v) for v in data]
    return data


def walk(data: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every (location, value) pair of nested data, depth first."""
    yield prefix, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, (*prefix, index))
