"""The hand-edit rule: a three-way merge of base (last machine extraction) / mine (the file a person may
have edited) / new (this extraction), field by field, in the manner of dpkg conffiles and git merge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefsite import yamlio
from briefsite.errors import FactSheetError


@dataclass(frozen=True)
class Conflict:
    """A field both the person and the extractor changed, differently."""

    field: str
    mine: Any
    new: Any


@dataclass
class SheetUpdate:
    """What to write for one sheet. None means leave that file as it is (or remove a stale `.new`)."""

    sheet: str | None
    base: str
    pending: str | None = None
    conflicts: list[Conflict] = field(default_factory=list)


def update_sheet(new: dict[str, Any], mine_text: str | None, base_text: str | None, path: str) -> SheetUpdate:
    """Merge a new extraction into the sheet at `path`; raises FactSheetError when `mine_text` is unreadable."""
    new_text = yamlio.dump(new)
    if mine_text is None:
        return SheetUpdate(sheet=new_text, base=new_text)
    mine = yamlio.load(mine_text, path)
    base: dict[str, Any] | None = None
    if base_text is not None:
        try:
            base = yamlio.to_plain(yamlio.load(base_text, path + " (base)"))
        except FactSheetError:
            base = None  # a corrupt base: every differing field counts as the person's
    conflicts: list[Conflict] = []
    changed = False
    for key, new_value in new.items():
        mine_value = yamlio.to_plain(mine[key]) if key in mine else _MISSING
        base_value = base.get(key, _MISSING) if base is not None else _MISSING
        if mine_value == new_value:
            continue
        if base is not None and mine_value == base_value:
            mine[key] = new_value
            changed = True
        elif base is not None and new_value == base_value:
            continue  # only the person changed it
        elif base is None:
            continue
        else:
            conflicts.append(Conflict(key, mine_value, new_value))
    if conflicts:
        return SheetUpdate(sheet=None, base=base_text or new_text, pending=new_text, conflicts=conflicts)
    sheet = yamlio.dump(mine, yamlio.newline_of(mine_text)) if changed else None
    return SheetUpdate(sheet=sheet, base=new_text)


_MISSING = object()
