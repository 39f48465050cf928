"""The only code that writes generated files: atomic, skips unchanged, refuses two writes to one path and any
path outside its folder, and removes what it generated earlier but no longer generates."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from briefsite.errors import BriefsiteError, Problem

MANIFEST = ".briefsite-manifest.json"
_SYNC_THREADS = 16  # concurrent fsyncs share one journal commit: ~10x cheaper per file than one at a time


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash at any moment leaves the old or the new file, never half of one."""
    _replace_durably(path, data)
    _fsync_dir(path.parent)


def atomic_write_many(items: Iterable[tuple[Path, bytes]]) -> None:
    """`atomic_write` for many files at once, with the same guarantee for each: its data is on disk before it
    replaces the old file. The fsyncs run on threads, so the file system commits them together."""
    todo = list(items)
    if len(todo) <= 1:  # one file (an edit's page): no pool, and no import of the threads' machinery
        for item in todo:
            _replace_durably(*item)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(_SYNC_THREADS, len(todo))) as pool:
        list(pool.map(lambda item: _replace_durably(*item), todo))
        list(pool.map(_fsync_dir, sorted({path.parent for path, _ in todo})))


def _replace_durably(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Writer:
    """Writes files under one folder. `written` lists what changed on disk; `claimed` what this run produced.
    With `defer`, changed files are written together (much faster for many files) by `flush()`."""

    def __init__(self, folder: Path, *, label: str | None = None, defer: bool = False) -> None:
        self.folder = folder
        self.label = label or folder.name
        self.claimed: dict[str, str] = {}
        self.written: list[str] = []
        self.defer = defer
        self._pending: list[tuple[Path, bytes]] = []
        self._safe: set[Path] = set()  # folders already checked to be inside `folder`

    def write(self, rel: str, content: str | bytes, *, owner: str = "") -> bool:
        """Write `content` at `rel` unless the file already holds exactly that; True when the disk changed."""
        target = self._target(rel)
        if rel in self.claimed:
            raise BriefsiteError([Problem(
                f"{self.label}/{rel}",
                f"two outputs on one path: {self.claimed[rel] or 'a page'} and {owner or 'another page'}",
            )])
        self.claimed[rel] = owner
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            if target.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        if self.defer:
            self._pending.append((target, data))
        else:
            atomic_write(target, data)
        self.written.append(rel)
        return True

    def keep(self, rel: str, *, owner: str = "") -> None:
        """Claim `rel` as this run's output without reading or writing it: the caller knows the file already
        holds exactly that output (it is unchanged since this writer's last run wrote or checked it)."""
        if rel in self.claimed:
            raise BriefsiteError([Problem(f"{self.label}/{rel}", "two outputs on one path")])
        self.claimed[rel] = owner

    def flush(self) -> None:
        """Write what `write` deferred."""
        pending, self._pending = self._pending, []
        atomic_write_many(pending)

    def remove(self, rel: str) -> bool:
        """Remove a file this writer owns; True when something was removed."""
        target = self._target(rel)
        try:
            target.unlink()
        except FileNotFoundError:
            return False
        self.written.append(rel)
        return True

    def _target(self, rel: str) -> Path:
        if not rel or rel.startswith(("/", "\\")) or "\\" in rel or "\x00" in rel:
            raise BriefsiteError([Problem(f"{self.label}/{rel}", "unsafe output path")])
        target = self.folder / rel
        if target.parent not in self._safe or target.is_symlink():
            root = self.folder.resolve()
            if root not in target.resolve().parents:
                raise BriefsiteError([Problem(f"{self.label}/{rel}", "output path leaves its folder")])
            self._safe.add(target.parent)  # resolving every page's path was a fifth of a render
        return target


class ManagedFolder(Writer):
    """A folder shared with hand-written files (briefings/): a manifest remembers which files the tool
    generated, so stale generated pages are removed and hand-written pages are never touched."""

    def __init__(self, folder: Path, *, label: str | None = None, defer: bool = True) -> None:
        super().__init__(folder, label=label, defer=defer)
        self.previous = self._load_manifest()

    def write(self, rel: str, content: str | bytes, *, owner: str = "") -> bool:
        target = self._target(rel)
        if rel not in self.previous and target.exists():
            raise BriefsiteError([Problem(
                f"{self.label}/{rel}", "a hand-written file is in the way of a generated page; rename one of them"
            )])
        return super().write(rel, content, owner=owner)

    def finish(self) -> list[str]:
        """Write the pages, remove generated files that this run no longer produces, record the new manifest."""
        self.flush()
        stale = sorted(set(self.previous) - set(self.claimed))
        for rel in stale:
            self.remove(rel)
        manifest = json.dumps(sorted(self.claimed), indent=0) + "\n"
        target = self.folder / MANIFEST
        data = manifest.encode()
        if not target.exists() or target.read_bytes() != data:
            atomic_write(target, data)
        return stale

    def _load_manifest(self) -> set[str]:
        try:
            names = json.loads((self.folder / MANIFEST).read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return set()
        return {n for n in names if isinstance(n, str)}
