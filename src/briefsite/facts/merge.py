"""The hand-edit rule: a three-way merge of base (last machine extraction) / mine (the file a person may
have edited) / new (this extraction), field by field, in the manner of dpkg conffiles and git merge.

Mappings are merged key by key and lists item by item, items matched by identity (a quote by its `text`, a
person by `name`, ...), never by position. Changes are applied onto the round-trip data of the person's
file, so their comments, key order and quoting survive. The person always wins what is not a conflict:
a field they changed is kept, an item or key they deleted stays deleted, an item they changed or commented
on is kept even when the extractor no longer finds it. A comment line of its own stays where it was when the key
or item next to it goes. A conflict is a field both sides changed, differently.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Literal

from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from briefsite.errors import FactSheetError
from briefsite.facts import yamlio

Prefer = Literal["mine", "new"]

# How list items are matched across base / mine / new. Lists not named here match mappings by their
# first `name`/`symbol`/`text` key, and anything else by its whole value.
IDENTITY: dict[str, tuple[str, ...]] = {
    "organizations": ("name",), "people": ("name",), "places": ("name",), "products": ("name",),
    "tickers": ("symbol",), "money": ("text",), "conversions": ("text",), "quotes": ("text",),
    "durations": ("text",), "dates": ("text",), "relations": ("subject", "predicate", "object"),
    "key_points": ("text",), "removed": ("text",),
}
_FALLBACK_KEYS = ("name", "symbol", "text")


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()  # a key or item one side does not have
_UNKNOWN: Any = _Missing()  # no usable base: every differing field is the person's


@dataclass(frozen=True)
class Conflict:
    """A field both the person and the extractor changed, differently. `field` is a path such as
    `quotes[text="is absolutely core to this"].speaker`; `line` is where it is in the person's file."""

    field: str
    mine: Any
    new: Any
    line: int | None = None


@dataclass
class SheetUpdate:
    """What to write for one sheet. None means leave that file as it is (or remove a stale `.new`)."""

    sheet: str | None
    base: str
    pending: str | None = None
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class MergeResult:
    """What `merge` did to the person's data: whether it changed, and the conflicts it met."""

    changed: bool = False
    conflicts: list[Conflict] = field(default_factory=list)


def update_sheet(new: dict[str, Any], mine_text: str | None, base_text: str | None, path: str) -> SheetUpdate:
    """Merge a new extraction into the sheet at `path`; raises FactSheetError when `mine_text` is unreadable.

    No conflict: `sheet` is the merged text (None when the file need not change) and `base` the new
    extraction. A conflict: the person's file and the base stay as they are, `pending` is the new extraction.
    """
    new_text = yamlio.dump(new)
    if mine_text is None:
        return SheetUpdate(sheet=new_text, base=new_text)
    mine = yamlio.load(mine_text, path)
    result = merge(load_base(base_text, path), mine, new)
    if result.conflicts:
        return SheetUpdate(sheet=None, base=base_text or new_text, pending=new_text, conflicts=result.conflicts)
    sheet = yamlio.dump_like(mine, mine_text) if result.changed else None
    return SheetUpdate(sheet=None if sheet == mine_text else sheet, base=new_text)


def load_base(base_text: str | None, path: str) -> Any:
    """The base as plain data, or the "unknown" marker when it is missing or corrupt."""
    if base_text is None:
        return _UNKNOWN
    try:
        return yamlio.to_plain(yamlio.load(base_text, path + " (base)"))
    except FactSheetError:
        return _UNKNOWN


def merge(base: Any, mine: CommentedMap, new: dict[str, Any], prefer: Prefer | None = None) -> MergeResult:
    """Apply the extractor's changes (base -> new) onto the person's round-trip data `mine`, in place.

    `base` is plain data or the result of `load_base`. With `prefer`, each conflict is still reported but
    settled for that side (this is how `resolve` finishes a merge); without it, conflicting fields are left
    as the person wrote them and the caller must not write the result.
    """
    merger = _Merger(prefer)
    spill = merger.merge_map(base, mine, new, "")
    if spill:  # the sheet's last key went, with comment lines below it: they stay at the end of the file
        if mine.ca.comment is None:
            mine.ca.comment = [None, None]  # ruamel writes `ca.end` only when this is set
        mine.ca.end = [*(mine.ca.end or []), _comment_token(spill)]
    return MergeResult(merger.changed, merger.conflicts)


class _Merger:
    def __init__(self, prefer: Prefer | None) -> None:
        self.prefer = prefer
        self.changed = False
        self.conflicts: list[Conflict] = []

    # Removing a key or an item must not remove the comment lines below it: ruamel stores a comment on a line of
    # its own in the slot of the node above it (or at the end of the collection that ends there), but it belongs
    # to what comes next. Each merge_* method puts such lines before the next key or item, and returns the lines
    # that fell off its end (the collection's last node went, or it was emptied) for the caller to place after
    # the collection; `spill` is that text, full lines with their indentation.

    def merge_map(self, base: Any, mine: CommentedMap, new: dict[str, Any], path: str) -> str:
        spill = ""
        for position, (key, new_value) in enumerate(new.items()):
            sub = _child(base, key)
            if key in mine:
                left = self.merge_slot(mine, key, sub, new_value, _join(path, key))
                spill += self._place(mine, list(mine).index(key) + 1, left)
            elif sub is _MISSING or (sub is _UNKNOWN and self.prefer == "new"):
                # new to the extractor too (a person's deleted key is in the base and stays deleted)
                before = [k for k in list(new)[:position] if k in mine]
                index = list(mine).index(before[-1]) + 1 if before else 0
                mine.insert(index, key, new_value)
                self.changed = True
        for key in [k for k in mine if k not in new]:
            sub = _child(base, key)
            if sub is _MISSING or sub is _UNKNOWN:
                continue  # the person's own key
            if _untouched(mine[key], sub) and not _own_comment(mine, key):
                # the extractor dropped it and the person never touched it
                position = list(mine).index(key)
                spill += self._place(mine, position, _remove(mine, key))
                self.changed = True
        return spill + _end_if_empty(mine)

    def merge_slot(self, parent: Any, key: Any, base: Any, new: Any, path: str) -> str:
        """Merge one value, `parent[key]`, which the person's file has and the new extraction has; returns the
        comment lines that must now follow it (see above)."""
        mine = parent[key]
        plain = yamlio.to_plain(mine)
        if plain == new:
            return ""
        if base is _UNKNOWN:
            if self.prefer == "new":
                self._set(parent, key, new)
            return ""
        if new == base:
            return ""  # only the person changed it
        untouched = _untouched(mine, base, plain)
        if isinstance(mine, CommentedMap) and isinstance(new, dict) and not untouched:
            return self.merge_map(base if isinstance(base, dict) else {}, mine, new, path)
        if isinstance(mine, CommentedSeq) and isinstance(new, list) and not untouched:
            return self.merge_list(base if isinstance(base, list) else [], mine, new, path)
        if plain == base:
            self._set(parent, key, new)
        else:
            self.conflicts.append(Conflict(path, plain, new, _line(parent, key)))
            if self.prefer == "new":
                self._set(parent, key, new)
        return ""

    def merge_list(self, base: list[Any], mine: CommentedSeq, new: list[Any], path: str) -> str:
        identify = _identifier(path.rsplit(".", 1)[-1].split("[", 1)[0])
        base_items = dict(_keyed(base, identify))
        new_items = _keyed(new, identify)
        new_by_id = dict(new_items)
        mine_ids = [item_id for item_id, _ in _keyed(yamlio.to_plain(mine), identify)]
        gone: list[int] = []
        spill = ""
        for index, item_id in enumerate(mine_ids):
            selector = _join(path, _selector(item_id, index))
            if item_id in new_by_id:
                left = self.merge_slot(mine, index, base_items.get(item_id, _MISSING), new_by_id[item_id], selector)
                spill += self._place(mine, index + 1, left)
            elif (item_id in base_items and _untouched(mine[index], base_items[item_id])
                  and not _own_comment(mine, index)):
                gone.append(index)  # the extractor no longer finds it and the person never touched it
        for index in reversed(gone):  # from the end, so lines carried to the next item are carried on with it
            spill = self._place(mine, index, _remove(mine, index)) + spill
            del mine_ids[index]
            self.changed = True
        for position, (item_id, item) in enumerate(new_items):
            if item_id in mine_ids or item_id in base_items:
                continue  # already there, or deleted by the person
            earlier = [i for i, _ in new_items[:position] if i in mine_ids]
            index = max(mine_ids.index(i) for i in earlier) + 1 if earlier else 0
            if not mine:
                mine.fa.set_block_style()
            mine.insert(index, item)
            mine_ids.insert(index, item_id)
            self.changed = True
        return spill + _end_if_empty(mine)

    def _place(self, container: CommentedMap | CommentedSeq, position: int, lines: str) -> str:
        """Put comment lines before the node at `position` of `container`; returns them when there is no such
        node (they then belong after the container)."""
        if not lines:
            return ""
        if position >= len(container):
            return lines
        key = list(container)[position] if isinstance(container, CommentedMap) else position
        slot = container.ca.items.setdefault(key, [None, None, None, None])
        slot[1] = [_comment_token(lines), *(slot[1] or [])]  # above the node's own comment lines
        self.changed = True
        return ""

    def _set(self, parent: Any, key: Any, value: Any) -> None:
        parent[key] = value  # a CommentedMap/Seq keeps the comment attached to the key or index
        self.changed = True


def _remove(container: CommentedMap | CommentedSeq, key: Any) -> str:
    """Delete `container[key]` and its comment slot; returns the comment lines above and below it, which belong
    to the nodes around it (its own end-of-line comment is checked by `_own_comment` first)."""
    slot = container.ca.items.pop(key, None) or [None, None, None, None]
    del container[key]  # a CommentedSeq renumbers the slots after it; a CommentedMap keeps a deleted key's slot
    after = slot[2] if isinstance(container, CommentedMap) else slot[0]
    return "".join(_text(token) for token in slot[1] or ()) + _lines_below(after)


def _own_comment(container: CommentedMap | CommentedSeq, key: Any) -> bool:
    """True when the comment slot the container keeps for `key` holds a comment on the node itself (at the end
    of its line, or between a key and its value), not just lines above or below it."""
    slot = [*(container.ca.items.get(key) or ()), None, None, None, None]
    if isinstance(container, CommentedMap):
        own, after = [slot[0], slot[3]], slot[2]
    else:
        own, after = [slot[2], slot[3]], slot[0]
    return any(own) or (isinstance(after, CommentToken) and not after.value.startswith("\n"))


def _end_if_empty(container: CommentedMap | CommentedSeq) -> str:
    """An emptied collection is written `[]` or `{}`, without the comment lines at its end: hand them up."""
    if container or not container.ca.end:
        return ""
    lines = "".join(_text(token) for token in container.ca.end)
    container.ca.end = []
    return lines


def _lines_below(token: Any) -> str:
    """The full lines of a post-node comment token: what follows its end-of-line part (`# eol\n# next\n`), or
    all of it after the value's own line break (`\n# next\n`)."""
    if not isinstance(token, CommentToken) or not token.value:
        return ""
    return token.value.split("\n", 1)[1] if "\n" in token.value else ""


def _text(token: Any) -> str:
    """A pre-node or end comment token as full lines with their indentation."""
    if not isinstance(token, CommentToken):
        return ""
    value = token.value if token.value.endswith("\n") else token.value + "\n"
    if value.startswith("\n"):
        return value
    return " " * token.start_mark.column + value


def _comment_token(lines: str) -> CommentToken:
    """Full comment lines as one token for a pre-node slot or `ca.end`: the first line's indentation becomes
    the token's column, the rest keep theirs."""
    stripped = lines.lstrip(" ")
    return CommentToken(stripped, CommentMark(len(lines) - len(stripped)))


def _untouched(mine: Any, base: Any, plain: Any = _MISSING) -> bool:
    plain = yamlio.to_plain(mine) if plain is _MISSING else plain
    return bool(plain == base) and not has_comments(mine)


def has_comments(node: Any) -> bool:
    """True when round-trip data holds a comment anywhere inside (the base never has one: it is the
    machine's output, so any comment is a person's)."""
    if isinstance(node, CommentedBase):
        ca = node.ca
        if any(ca.comment or ()) or ca.end:
            return True
        if any(any(token for token in entry or ()) for entry in ca.items.values()):
            return True
    if isinstance(node, dict):
        return any(has_comments(v) for v in node.values())
    if isinstance(node, list):
        return any(has_comments(v) for v in node)
    return False


ItemId = tuple[Hashable, int]


def _identifier(name: str) -> Callable[[Any], Hashable]:
    keys = IDENTITY.get(name)

    def identify(item: Any) -> Hashable:
        if isinstance(item, dict):
            wanted = keys or next(((k,) for k in _FALLBACK_KEYS if k in item), None)
            if wanted and all(k in item for k in wanted):
                return tuple((k, _freeze(item[k])) for k in wanted)
        return ("", _freeze(item))

    return identify


def _keyed(items: list[Any], identify: Callable[[Any], Hashable]) -> list[tuple[ItemId, Any]]:
    """Each item with its identity; repeated identities are told apart by occurrence (1, 2, ...)."""
    seen: dict[Hashable, int] = {}
    out: list[tuple[ItemId, Any]] = []
    for item in items:
        key = identify(item)
        seen[key] = seen.get(key, 0) + 1
        out.append(((key, seen[key]), item))
    return out


def _selector(item_id: ItemId, index: int) -> str:
    """`[text="..."]` for a conflict's field path."""
    key, occurrence = item_id
    assert isinstance(key, tuple)
    if key and key[0] == "":
        return f"[{index + 1}]"  # counted from 1, as people count
    parts = ", ".join(f"{name}={value}" for name, value in key)  # values are JSON: `text="..."`
    return f"[{parts}]" + (f"#{occurrence}" if occurrence > 1 else "")


def _freeze(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _join(path: str, part: str) -> str:
    if part.startswith("["):
        return path + part
    return f"{path}.{part}" if path else part


def _child(base: Any, key: str) -> Any:
    if base is _UNKNOWN:
        return _UNKNOWN
    return base.get(key, _MISSING) if isinstance(base, dict) else _MISSING


def _line(parent: Any, key: Any) -> int | None:
    try:
        if isinstance(parent, CommentedMap):
            return int(parent.lc.key(key)[0]) + 1
        if isinstance(parent, CommentedSeq):
            return int(parent.lc.item(key)[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        pass
    return None
