"""The fact-sheet store: where sheets, merge bases (`facts/.base/`) and pending `.new` files live, and how they
are read, validated and written. The pipeline and `resolve` both go through it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from briefsite.config import Project
from briefsite.errors import BriefsiteError, FactSheetError, Problem, Report
from briefsite.facts import fastyaml
from briefsite.facts import sheet as factsheet
from briefsite.facts.schema import ArticleSheet, StorySheet
from briefsite.read.common import file_key
from briefsite.write import Writer

if TYPE_CHECKING:
    from briefsite.facts import merge

# ruamel.yaml (facts/yamlio.py, facts/merge.py) is imported where a sheet needs the round-trip loader or a
# merge: a render after one edit reads sheets with the fast loader and never does.

T = TypeVar("T")

BASE_DIR = ".base"  # facts/.base/<id>.yaml: the last machine extraction, the merge base for hand edits
PENDING_SUFFIX = ".new"


@dataclass(frozen=True)
class LoadedSheet:
    path: str  # relative to the site root
    data: Any  # plain data, or round-trip data when the sheet needed the careful loader
    sheet: ArticleSheet


def read_sheet_text(path: Path) -> str | None:
    """A sheet's text exactly as on disk (line endings kept), or None when it does not exist."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise FactSheetError([Problem(str(path), f"not UTF-8 at byte offset {exc.start}")]) from None


def sheet_paths(project: Project) -> list[Path]:
    """facts/*.yaml, sorted (os.scandir: pathlib's glob took seconds at 3,000 articles)."""
    try:
        with os.scandir(project.facts) as entries:
            names = sorted(entry.name for entry in entries if entry.name.endswith(".yaml"))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [project.facts / name for name in names]


def load_plain(path: Path) -> dict[str, Any] | None:
    """A sheet's plain data, or None when it is missing or unreadable (reported by check and render). The
    fast loader first; the careful round-trip loader for a sheet it cannot vouch for."""
    try:
        return fastyaml.read_plain(path)
    except fastyaml.Unsure:
        pass
    text = read_sheet_text(path)
    if text is None:
        return None
    from briefsite.facts import yamlio

    try:
        data = yamlio.to_plain(yamlio.load(text, str(path)))
    except FactSheetError:
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class Glance:
    """The few fields of a sheet file that story assignment and `is_current` look at, without its whole data."""

    present: bool  # the file holds a (non-empty) mapping
    story: Any = None
    extractor: Any = None
    sha256: Any = None  # source.sha256


_GLANCES: dict[str, tuple[tuple[int, ...], Glance]] = {}  # path -> (file key, glance): once per file version


def glance(path: str | Path) -> Glance:
    """`load_plain(path)` reduced to its story, extractor and source hash; remembered while the file is unchanged
    (same inode, size, times), so the preview's normalize after one edit reads only the edited sheets."""
    name = os.fspath(path)  # plain strings: the preview asks for every sheet and base after each edit
    try:
        key = file_key(os.stat(name))
    except OSError:
        return Glance(False)
    hit = _GLANCES.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    data = load_plain(Path(name))
    source = data.get("source") if data else None
    found = Glance(bool(data), data.get("story"), data.get("extractor"),
                   source.get("sha256") if isinstance(source, dict) else None) if data else Glance(False)
    _GLANCES[name] = (key, found)
    return found


def with_lines(error: FactSheetError, origin: Path | None, rel: str) -> list[Problem]:
    """The problems of a sheet that failed validation from plain data, found again from its round-trip data
    so that each carries its line."""
    if origin is None:
        return error.problems
    from briefsite.facts import yamlio

    try:
        factsheet.validate_article(yamlio.load(read_sheet_text(origin) or "", rel), rel)
    except FactSheetError as exc:
        return exc.problems
    return error.problems


def is_current(project: Project, sheet_id: str, sha256: str, extractor: int) -> bool:
    """True when the base records this exact article bytes and extractor version: nothing to re-extract."""
    facts = os.fspath(project.facts)
    base = glance(os.path.join(facts, BASE_DIR, f"{sheet_id}.yaml"))
    if not base.present:
        return False
    sheet_file = os.path.join(facts, f"{sheet_id}.yaml")
    return bool(os.path.exists(sheet_file) and base.extractor == extractor and base.sha256 == sha256)


def store_sheet(project: Project, writer: Writer, folder: str, new: dict[str, Any], report: Report) -> None:
    """Merge `new` (the machine's sheet) into facts/<folder><id>.yaml against its base; write what changed."""
    sheet_id = new["id"]
    rel = f"{folder}{sheet_id}.yaml"
    if _unchanged(project, folder, new):
        return
    mine = read_sheet_text(project.facts / rel)
    base = read_sheet_text(project.facts / folder / BASE_DIR / f"{sheet_id}.yaml")
    from briefsite.facts import merge

    try:
        update = merge.update_sheet(new, mine, base, f"facts/{rel}")
    except FactSheetError as exc:
        report.errors += exc.problems
        return
    owner = new["source"]["file"] if "source" in new else f"story {sheet_id}"
    if update.sheet is not None:
        writer.write(rel, update.sheet, owner=owner)
    writer.write(f"{folder}{BASE_DIR}/{sheet_id}.yaml", update.base, owner=owner)
    pending = f"{rel}{PENDING_SUFFIX}"
    if update.pending is not None:
        writer.write(pending, update.pending, owner=owner)
        report.errors += [conflict_problem(f"facts/{rel}", conflict) for conflict in update.conflicts]
    elif (project.facts / pending).exists():
        writer.remove(pending)


def _unchanged(project: Project, folder: str, new: dict[str, Any]) -> bool:
    """True when the machine's sheet equals its base, the person's file reads cleanly and no `.new` waits:
    the merge would change nothing, so the (round-trip, slow) merge is skipped."""
    rel = f"{folder}{new['id']}.yaml"
    if (project.facts / f"{rel}{PENDING_SUFFIX}").exists():
        return False
    try:
        base = fastyaml.read_plain(project.facts / folder / BASE_DIR / f"{new['id']}.yaml")
        mine = fastyaml.read_plain(project.facts / rel)
    except fastyaml.Unsure:
        return False
    return base is not None and mine is not None and base == new


def load_sheets(project: Project) -> tuple[list[LoadedSheet], list[Problem]]:
    """Load and validate every article sheet; all problems are collected."""
    sheets: list[LoadedSheet] = []
    problems: list[Problem] = []
    for path in sheet_paths(project):
        rel = path.relative_to(project.root).as_posix()
        try:
            data, sheet = _load_article(path, rel)
        except BriefsiteError as exc:
            problems += exc.problems
            continue
        if sheet.id != path.stem:
            from briefsite.facts import yamlio

            line = yamlio.line_of(yamlio.load(read_sheet_text(path) or "", rel), ["id"])
            problems.append(Problem(rel, f"id {sheet.id!r} does not match the file name", line, "id"))
            continue
        sheets.append(LoadedSheet(rel, data, sheet))
    problems += pending_problems(project)  # each conflicting field of an unresolved `.new`, with both values
    return sheets, problems


_VALID: dict[str, tuple[tuple[int, ...], Any]] = {}  # path -> (file key, validated sheet): once per process


def _remembered(path: str | Path, load: Callable[[], T]) -> T:
    """`load()`, or what it returned for this very file (same inode, size, times) earlier in this process:
    validation is most of the cost of loading a sheet, and the live preview loads every sheet after each edit."""
    name = os.fspath(path)
    try:
        key = file_key(os.stat(name))
    except OSError:
        return load()
    hit = _VALID.get(name)
    if hit is not None and hit[0] == key:
        return cast(T, hit[1])
    value = load()
    _VALID[name] = (key, value)
    return value


def forget() -> None:
    """Drop the validated sheets (and their glances) remembered by this process."""
    _VALID.clear()
    _GLANCES.clear()


def remembered_sheets(folder: Path) -> dict[str, tuple[tuple[int, ...], Any]]:
    """The validated sheets remembered for files under `folder` (to be kept for another process)."""
    prefix = str(folder) + "/"
    return {path: hit for path, hit in _VALID.items() if path.startswith(prefix)}


def remember_sheets(sheets: dict[str, tuple[tuple[int, ...], Any]]) -> None:
    """Take over validated sheets another process remembered; each is used only while its file's identity
    (inode, size, modification and change times) is the same."""
    for path, hit in sheets.items():
        _VALID.setdefault(path, hit)


def load_article(path: str | Path, rel: str) -> ArticleSheet:
    """One article sheet, validated (remembered while its file is unchanged); FactSheetError when invalid."""
    return _remembered(path, lambda: _load_article_now(Path(path), rel))[1]


def _load_article(path: Path, rel: str) -> tuple[Any, ArticleSheet]:
    """Load and validate one article sheet (remembered while the file is unchanged)."""
    return _remembered(path, lambda: _load_article_now(path, rel))


def _load_article_now(path: Path, rel: str) -> tuple[Any, ArticleSheet]:
    """Load and validate one article sheet: the fast plain loader first; the careful round-trip loader only
    for a sheet that needs it (unusual YAML, or problems to report with their lines)."""
    try:
        data = fastyaml.read_plain(path)
        if data is not None:
            return data, factsheet.validate_article(data, rel, plain=True)
    except (fastyaml.Unsure, FactSheetError):
        pass
    return factsheet.load_article(read_sheet_text(path) or "", rel)


def load_story_sheets(project: Project) -> tuple[dict[str, StorySheet], list[Problem]]:
    """Load and validate facts/stories/*.yaml."""
    out: dict[str, StorySheet] = {}
    problems: list[Problem] = []
    folder = project.facts / "stories"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        rel = path.relative_to(project.root).as_posix()
        try:
            sheet = _load_story(path, rel)
        except BriefsiteError as exc:
            problems += exc.problems
            continue
        out[sheet.id] = sheet
    return out, problems


def load_story(path: Path, rel: str) -> StorySheet:
    """One story sheet, validated (remembered while its file is unchanged); FactSheetError when invalid."""
    return _load_story(path, rel)


def _load_story(path: Path, rel: str) -> StorySheet:
    """As `_load_article`, for a story sheet."""
    return _remembered(path, lambda: _load_story_now(path, rel))


def _load_story_now(path: Path, rel: str) -> StorySheet:
    try:
        data = fastyaml.read_plain(path)
        if data is not None:
            return factsheet.validate_story(data, rel, plain=True)
    except (fastyaml.Unsure, FactSheetError):
        pass
    from briefsite.facts import yamlio

    return factsheet.validate_story(yamlio.load(read_sheet_text(path) or "", rel), rel)


def base_of(sheet: Path) -> Path:
    """The merge base of a sheet: facts/.base/<id>.yaml beside it."""
    return sheet.parent / BASE_DIR / sheet.name


def conflict_problem(label: str, conflict: merge.Conflict) -> Problem:
    """The error a conflict is reported as: file, line, field and both values, and how to settle it."""
    return Problem(
        label,
        f"changed by hand and by the extractor: yours {conflict.mine!r}, new {conflict.new!r} "
        f"(in {Path(label).name}{PENDING_SUFFIX}); run `build.py resolve {label} --keep-mine` "
        "or `--take-new`",
        conflict.line,
        conflict.field,
    )


def pending_problems(project: Project) -> list[Problem]:
    """One problem per conflicting field of every sheet with a `.new` file (what `check` reports)."""
    problems: list[Problem] = []
    if not project.facts.is_dir():
        return problems
    from briefsite.facts import merge, yamlio

    for pending in sorted(project.facts.rglob(f"*.yaml{PENDING_SUFFIX}")):
        if BASE_DIR in pending.relative_to(project.facts).parts:
            continue
        sheet = pending.with_name(pending.name.removesuffix(PENDING_SUFFIX))
        label = sheet.relative_to(project.root).as_posix()
        settle = f"run `build.py resolve {label} --keep-mine` or `--take-new`"
        try:
            mine_text = read_sheet_text(sheet)
            new = yamlio.to_plain(yamlio.load(read_sheet_text(pending) or "", label + PENDING_SUFFIX))
            if mine_text is None:
                problems.append(Problem(label, f"missing, but {pending.name} is waiting; {settle}"))
                continue
            mine = yamlio.load(mine_text, label)
        except FactSheetError as exc:
            problems += exc.problems
            continue
        conflicts = merge.merge(merge.load_base(read_sheet_text(base_of(sheet)), label), mine, new).conflicts
        problems += [conflict_problem(label, c) for c in conflicts]
        if not conflicts:
            problems.append(Problem(label, f"{pending.name} is waiting although no field conflicts any more; "
                                           f"{settle} to clear it"))
    return problems
