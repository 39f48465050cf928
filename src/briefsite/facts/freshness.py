"""What keeps `normalize` cheap when little changed: a stamp of everything it reads (the articles' and sheets'
file identities, the extractor version and model), so that a run with nothing new replays the last run's report
instead of reading every article again; and per-story stamps of the files a story sheet is drafted from, so that
only the stories whose member sheets changed are drafted again.

A file's identity is its path, inode, size and modification time in nanoseconds: every write through the
writer (an atomic replace) and every editor's save changes it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from briefsite.config import Project
from briefsite.errors import Problem, Report

CACHE_DIR = ".briefsite-cache"
NORMALIZE_STAMP = "normalize.json"
RENDER_STAMP = "render.json"
EPOCH_STAMP = "epoch.json"
DRAFT_STAMPS = "story-drafts.json"
_CODE = Path(__file__).resolve().parent.parent  # briefsite's own code: a changed pipeline invalidates the stamps
MERGE_BASES = ".base"  # store.BASE_DIR (not imported: this module stays light for the no-op paths)


def _state(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "-"
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def identity(paths: Iterable[Path], root: Path) -> str:
    """Digest of the identity (path, inode, size, mtime) of each file; a missing file counts too."""
    digest = hashlib.sha256()
    prefix = os.path.join(os.fspath(root), "")
    for path in paths:
        text = os.fspath(path)
        # plain strings: pathlib's relative_to was most of the cost of a preview refresh's story stamps
        rel = text[len(prefix):].replace(os.sep, "/") if text.startswith(prefix) else path.relative_to(root).as_posix()
        digest.update(f"{rel}\0{_state_of(text)}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _tree(folder: Path, root: Path, out: dict[str, str], skip: tuple[str, ...] = ()) -> None:
    """Add the identity of every file under `folder` to `out` (keys relative to `root`), leaving out the folders
    named in `skip` (what `os.walk` lists: symbolic links to folders are not followed nor listed). Plain strings,
    and each file stat'ed by its name in its open folder (`dir_fd`) rather than by its whole path: this stat of
    every file (16,000 at 3,000 articles) was a fifth of a render after one edit."""
    _walk(os.fspath(folder), os.path.relpath(folder, root).replace(os.sep, "/") + "/", out, skip)


def _walk(path: str, prefix: str, out: dict[str, str], skip: tuple[str, ...]) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        dirs, files = [], []
        with os.scandir(fd) as entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if not is_dir:
                    files.append(entry.name)
                # Python's byte-code cache, written when the publisher imports the hooks in templates/, is no input
                elif entry.name != "__pycache__" and entry.name not in skip and not entry.is_symlink():
                    dirs.append(entry.name)
        for name in sorted(files):
            try:
                info = os.stat(name, dir_fd=fd)
            except OSError:
                out[prefix + name] = "-"
                continue
            out[prefix + name] = f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"
    finally:
        os.close(fd)
    for name in sorted(dirs):
        _walk(os.path.join(path, name), f"{prefix}{name}/", out, skip)


def _state_of(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def snapshot(project: Project, articles: list[Path], *folders: Path, bases: bool = True) -> dict[str, str]:
    """The identity of every file `normalize` reads: the articles and facts/ (sheets, bases, pending `.new`
    files, story sheets); and of every file under `folders` (what `render` reads and writes). `bases=False`
    leaves out the merge bases (facts/.base/, facts/stories/.base/), which `render` never reads."""
    out = {path.relative_to(project.root).as_posix(): _state(path) for path in articles}
    if project.facts.is_dir():
        _tree(project.facts, project.root, out, () if bases else (MERGE_BASES,))
    for folder in folders:
        if folder.is_dir():
            _tree(folder, project.root, out)
        else:
            out[folder.relative_to(project.root).as_posix()] = _state(folder)
    return out


def after_writes(project: Project, before: dict[str, str], written: Iterable[str]) -> dict[str, str]:
    """`before` with the files a run wrote itself (paths under the site folder) as they are now; a file
    someone else changed meanwhile keeps its old identity, so the next run sees the change."""
    after = dict(before)
    for rel in written:
        state = _state(project.root / rel)
        if state == "-":
            after.pop(rel, None)
        else:
            after[rel] = state
    for rel in [rel for rel, state in after.items() if state == "-" and (project.root / rel).is_dir()]:
        del after[rel]  # a folder the run created (briefings/ on the first render): its files are listed instead
    return dict(sorted(after.items()))


def inputs_stamp(project: Project, files: dict[str, str]) -> str:
    """The stamp of a snapshot, the settings and Briefsite's code (which holds the extractor's version)."""
    code = sorted(_CODE.rglob("*.py"))
    payload = {"settings": project.settings.model_dump(), "code": identity(code, _CODE)}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode())
    # the files as lines, not JSON of 20,000 pairs: a path holds no NUL, an identity no newline (one reading)
    digest.update("".join(f"{rel}\0{state}\n" for rel, state in sorted(files.items())).encode(
        "utf-8", "surrogateescape"))
    return digest.hexdigest()


def replay(project: Project, stamp: str, name: str = NORMALIZE_STAMP, *, unsaved: bool = False) -> Report | None:
    """The last run's report when its inputs are unchanged since (nothing to do), else None. A run recorded as
    `unsaved` (a render that kept its state in its own process only: the preview's) is replayed only when the
    caller says `unsaved` too: a one-shot render runs instead, so the state on disk catches up with the pages
    and the next render after an edit can take the quick path (site/incremental.py)."""
    record = _read(project, name)
    if record.get("stamp") != stamp or (record.get("unsaved") and not unsaved):
        return None
    report = Report()
    try:
        report.warnings = [str(w) for w in record["warnings"]]
        report.notes = [str(n) for n in record["notes"]]
        report.errors = [Problem(**p) for p in record["errors"]]
    except (KeyError, TypeError):
        return None
    return report


def record(project: Project, stamp: str, report: Report, name: str = NORMALIZE_STAMP, *,
           unsaved: bool = False) -> None:
    """Remember a finished run's inputs (as they are after its writes) and what it reported; `unsaved`: see
    `replay`."""
    errors = [{"path": p.path, "message": p.message, "line": p.line, "field": p.field} for p in report.errors]
    data: dict[str, Any] = {"stamp": stamp, "warnings": report.warnings, "notes": report.notes, "errors": errors}
    if unsaved:
        data["unsaved"] = True
    _write(project, name, data)


def remembered(project: Project, name: str, stamp: str) -> str | None:
    """A value remembered for exactly this stamp, or None."""
    record = _read(project, name)
    value = record.get("value")
    return str(value) if record.get("stamp") == stamp and value is not None else None


def remember(project: Project, name: str, stamp: str, value: str) -> None:
    _write(project, name, {"stamp": stamp, "value": value})


def forget(project: Project) -> None:
    with contextlib.suppress(FileNotFoundError):
        (project.root / CACHE_DIR / NORMALIZE_STAMP).unlink()


def story_members(project: Project, members: Iterable[str]) -> str:
    """Identity of the article sheets a story sheet is drafted from."""
    return identity([project.facts / f"{m}.yaml" for m in sorted(members)], project.root)


def story_own(project: Project, story_id: str, base_dir: str, pending: str) -> str:
    """Identity of a story's own sheet, its merge base and its pending `.new` file."""
    stories = project.facts / "stories"
    paths = [stories / f"{story_id}.yaml", stories / base_dir / f"{story_id}.yaml",
             stories / f"{story_id}.yaml{pending}"]
    return identity(paths, project.root)


def draft_stamps(project: Project) -> dict[str, str]:
    stamps = _read(project, DRAFT_STAMPS).get("stories")
    return {str(k): str(v) for k, v in stamps.items()} if isinstance(stamps, dict) else {}


def save_draft_stamps(project: Project, stamps: dict[str, str]) -> None:
    _write(project, DRAFT_STAMPS, {"stories": dict(sorted(stamps.items()))})


def _read(project: Project, name: str) -> dict[str, Any]:
    try:
        data = json.loads((project.root / CACHE_DIR / name).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(project: Project, name: str, data: dict[str, Any]) -> None:
    from briefsite.write import atomic_write

    atomic_write(project.root / CACHE_DIR / name, (json.dumps(data, indent=0, sort_keys=True) + "\n").encode())


# After one hand edit of an article or story sheet, `normalize` need not read every article and validate every
# sheet again: when the last run settled everything (each article extracted, each sheet valid, each story
# drafted) and only existing sheets changed since, it keeps that run's survey and story membership and looks at
# the changed sheets alone. The state is trusted only with the very stamp the last run recorded.
NORMALIZE_STATE = "normalize-state.json"
_ARTICLE_SHEET = "facts/"
_STORY_SHEET = "facts/stories/"


def save_state(project: Project, stamp: str, files: dict[str, str], state: dict[str, Any]) -> None:
    """Remember a settled run's file identities and `state` (its survey and story membership) with its stamp."""
    _write(project, NORMALIZE_STATE, {"stamp": stamp, "rest": inputs_stamp(project, {}), "files": files,
                                      "state": state})


def forget_state(project: Project) -> None:
    with contextlib.suppress(FileNotFoundError):
        (project.root / CACHE_DIR / NORMALIZE_STATE).unlink()


def hand_edits(project: Project, files: dict[str, str]) -> tuple[list[str], dict[str, Any]] | None:
    """The article sheet ids changed since the last settled run, and that run's state, when nothing but existing
    sheets (facts/<id>.yaml, facts/stories/<id>.yaml) changed since — no article, base, pending file, setting
    or code — else None."""
    record = _read(project, NORMALIZE_STATE)
    if not record or record.get("stamp") != _read(project, NORMALIZE_STAMP).get("stamp"):
        return None
    old, state = record.get("files"), record.get("state")
    if not isinstance(old, dict) or not isinstance(state, dict) or record.get("rest") != inputs_stamp(project, {}):
        return None
    articles = []
    for rel in sorted(set(old) | set(files)):
        was, now = old.get(rel), files.get(rel)
        if was == now:
            continue
        if was in (None, "-") or now in (None, "-") or not rel.endswith(".yaml"):
            return None  # a file came or went
        if rel.startswith(_STORY_SHEET) and "/" not in rel[len(_STORY_SHEET):]:
            continue  # a story sheet: its draft stamp sees the change
        if not rel.startswith(_ARTICLE_SHEET) or "/" in rel[len(_ARTICLE_SHEET):]:
            return None
        articles.append(rel[len(_ARTICLE_SHEET):-len(".yaml")])
    return articles, state
