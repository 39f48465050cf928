"""Round-trip YAML for hand-edited fact sheets: safe loading with file:line errors, faithful dumping.

ruamel.yaml's round-trip mode keeps comments, key order and quoting. It constructs only plain YAML types
(no `!!python/...` objects), and the YAML 1.2 rules it uses keep `NO`, `on`, `012` and `1:20` as the user
typed them rather than turning them into booleans, octal or sexagesimal numbers.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from briefsite.errors import FactSheetError, Problem

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)", re.M)
_MAX_ALIASES = 100  # more anchors/aliases than a hand-written sheet needs: refuse "billion laughs" bombs
_MAX_BYTES = 5 * 1024 * 1024


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.width = 4096  # never fold long sentences: folding adds trailing spaces and noisy diffs
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str, path: str) -> CommentedMap:
    """Parse one fact sheet; every way it can be wrong becomes a FactSheetError naming path and line."""
    if len(text.encode("utf-8", "surrogatepass")) > _MAX_BYTES:
        raise FactSheetError([Problem(path, f"fact sheet is larger than {_MAX_BYTES} bytes")])
    text = text.removeprefix("\ufeff")
    marker = _CONFLICT.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise FactSheetError([Problem(path, "leftover merge-conflict marker; resolve the conflict first", line)])
    if "\t" in text:
        for number, row in enumerate(text.splitlines(), 1):
            indent = row[: len(row) - len(row.lstrip(" \t"))]
            if "\t" in indent:
                raise FactSheetError([Problem(path, "tab used for indentation; YAML needs spaces", number)])
    if text.count("&") and len(re.findall(r"(?:^|[\s\[{,:-])\*[^\s,\]}]+", text)) > _MAX_ALIASES:
        raise FactSheetError([Problem(path, f"more than {_MAX_ALIASES} YAML aliases; refusing to expand them")])
    try:
        documents = list(_yaml().load_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if "duplicate key" in message and exc.context_mark is not None and exc.problem_mark is not None:
            message = (f"duplicate key (first on line {exc.context_mark.line + 1}, "
                       f"again on line {exc.problem_mark.line + 1})")
        raise FactSheetError([Problem(path, message or "invalid YAML", line)]) from None
    except YAMLError as exc:
        raise FactSheetError([Problem(path, f"invalid YAML: {exc}")]) from None
    if not documents or documents == [None]:
        raise FactSheetError([Problem(path, "the fact sheet is empty", 1)])
    if len(documents) > 1:
        raise FactSheetError([Problem(path, "several YAML documents in one fact sheet; keep one", None)])
    data = documents[0]
    if not isinstance(data, CommentedMap):
        kind = type(data).__name__
        raise FactSheetError([Problem(path, f"a fact sheet must be a mapping of keys, not a {kind}", 1)])
    return data


def dump(data: Any, newline: str = "\n") -> str:
    """Serialise round-trip data (or plain dicts/lists) to YAML text with the given line ending."""
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    text = buffer.getvalue()
    return text if newline == "\n" else text.replace("\n", newline)


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
