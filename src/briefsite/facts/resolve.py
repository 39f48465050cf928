"""Conflicts between a hand edit and a new extraction: how they are reported, and how a person settles one.

`build.py resolve facts/<id>.yaml --keep-mine` keeps the person's value of every conflicting field;
`--take-new` takes the extractor's (from `facts/<id>.yaml.new`). Either way the rest of the sheet is merged
by the usual rule (the person's other edits and comments stay, the extractor's other changes come in), the
machine version becomes the new base, so the same conflict does not come back, and the `.new` file goes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefsite.errors import BriefsiteError, Problem, Report
from briefsite.facts import merge, store, yamlio
from briefsite.write import Writer

if TYPE_CHECKING:
    from briefsite.config import Project

Keep = Literal["mine", "new"]


def resolve(project: Project, sheet_path: Path | str, keep: Keep) -> Report:
    """Settle the conflict of one sheet for the person's side (`mine`) or the extractor's (`new`)."""
    sheet = locate(project, sheet_path)
    label = _label(project, sheet)
    pending = sheet.with_name(sheet.name + store.PENDING_SUFFIX)
    new_text = store.read_sheet_text(pending)
    if new_text is None:
        raise BriefsiteError([Problem(label, f"no conflict to resolve: there is no {pending.name}")])
    new = yamlio.to_plain(yamlio.load(new_text, label + store.PENDING_SUFFIX))
    mine_text = store.read_sheet_text(sheet)
    report = Report()
    writer = Writer(project.facts, label="facts")
    rel = sheet.relative_to(project.facts).as_posix()
    if mine_text is None:
        if keep == "mine":
            raise BriefsiteError([Problem(label, "the sheet is missing, so there is nothing of yours to keep; "
                                                 "use --take-new")])
        writer.write(rel, new_text)
    else:
        mine = yamlio.load(mine_text, label)
        base = merge.load_base(store.read_sheet_text(store.base_of(sheet)), label)
        result = merge.merge(base, mine, new, prefer=keep)
        if result.changed:
            writer.write(rel, yamlio.dump_like(mine, mine_text))
        for conflict in result.conflicts:
            kept, other = (conflict.mine, conflict.new) if keep == "mine" else (conflict.new, conflict.mine)
            side = "your" if keep == "mine" else "the extractor's"
            report.notes.append(f"{label}: {conflict.field}: kept {side} value {kept!r} (not {other!r})")
    writer.write(store.base_of(sheet).relative_to(project.facts).as_posix(), new_text)
    writer.remove(pending.relative_to(project.facts).as_posix())
    report.written += [f"facts/{name}" for name in writer.written]
    return report


def locate(project: Project, sheet_path: Path | str) -> Path:
    """The sheet a user named (`facts/x.yaml`, `facts/stories/x.yaml` or its `.new`; relative to the site or
    to the current folder)."""
    given = Path(sheet_path)
    facts = project.facts.resolve()
    candidates = [given] if given.is_absolute() else [project.root / given, Path.cwd() / given]
    for candidate in candidates:
        path = candidate.with_name(candidate.name.removesuffix(store.PENDING_SUFFIX)).resolve()
        inside = facts in path.parents and store.BASE_DIR not in path.parts and path.suffix == ".yaml"
        if inside and (path.exists() or path.with_name(path.name + store.PENDING_SUFFIX).exists()):
            return project.facts / path.relative_to(facts)
    raise BriefsiteError([Problem(str(sheet_path), "not a fact sheet of this site (expected facts/<id>.yaml)")])


def _label(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


