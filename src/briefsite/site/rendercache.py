"""What `render` keeps on disk between processes, so that a new process rendering after one edit does the work of
the live preview's next refresh, not a whole render: the render state of site/incremental.py — per article its
files' identity and story, per story the small summary the site-wide pages are made from, the site-wide pages'
dependency map (pagecache.py) and each page's file identity. No story's full data and no page's text is in it
(a new process makes again only the stories that changed), so it loads and saves in proportion to the site's
size in stories and entities, not in text.

It is pickles of plain objects in `.briefsite-cache/` — `render-state.pickle`, and the bulk that only a render
changing a site-wide page reads, `render-pages.pickle` (site/incremental.py decides) —, each behind a header line
naming the code and the folder it was made for (and for the bulk, the token the small file names); a file that is
not this user's own, private file made for this folder by this code is never unpickled (see `load`). It is used only when it was made by the same Briefsite code (every .py file's path,
size and mtime), the same Python and the same versions of the libraries whose objects it holds (Jinja, MarkupSafe,
pydantic); the templates are checked by the dependency map itself (a changed template drops every page), and the
settings reach the pages as values the map compares. Anything else — a missing, unreadable or foreign file — is a
miss: the render starts from nothing, as before.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from briefsite.config import Project
from briefsite.facts.freshness import CACHE_DIR
from briefsite.read.cache import library_versions

STATE_FILE = "render-state.pickle"
PAGES_FILE = "render-pages.pickle"  # the part of the state only a render that changes a site-wide page reads
_CODE = Path(__file__).resolve().parent.parent  # briefsite's own code
_LIBRARIES = ("jinja2", "markupsafe", "pydantic", "pydantic_core")
V = TypeVar("V")


class PackedTable(Mapping[str, V]):
    """A read-only table that a state file holds as one blob of its own pickle. A table loaded from disk keeps its
    blob, so saving the state again with the table unchanged (a render after an edit that changes no story's
    contribution keeps the last one's) copies bytes instead of pickling its 100,000 small tuples again (0.07 s of
    such a render at 3,000 articles). Its values must be immutable (tuples of strings): the blob stands for them."""

    __slots__ = ("_table", "_blob")

    def __init__(self, table: Mapping[str, V] | None = None) -> None:
        self._table: dict[str, V] = dict(table or {})
        self._blob: bytes | None = None

    def __getitem__(self, key: str) -> V:
        return self._table[key]

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return f"PackedTable({self._table!r})"

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        if self._blob is None:
            self._blob = pickle.dumps(self._table, protocol=pickle.HIGHEST_PROTOCOL)
        return _unpack_table, (self._blob,)


def _unpack_table(blob: bytes) -> PackedTable[Any]:
    table: PackedTable[Any] = PackedTable()
    table._table = pickle.loads(blob)  # inside a state file `load` already trusts (see its checks)
    table._blob = blob
    return table


def version_key() -> str:
    """Briefsite's code, the Python version and the versions of the libraries whose objects the state holds."""
    digest = hashlib.sha256(sys.version.encode())
    for top, dirs, files in os.walk(_CODE):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                path = Path(top, name)
                info = path.stat()
                digest.update(f"{path.relative_to(_CODE).as_posix()}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    digest.update(library_versions(_LIBRARIES).encode())
    return digest.hexdigest()


def _path(project: Project, name: str = STATE_FILE) -> Path:
    return project.root / CACHE_DIR / name


_HEADERS: dict[Path, bytes] = {}  # site folder -> the header `load` made: `save` in the same process reuses it


def _header(project: Project, tag: str = "", *, again: bool = True) -> bytes:
    """The first line of a state file: what made it (and the `tag` its reader expects), checked before anything
    in it is unpickled. With `again=False`, the one this process made for `load` (the code this process runs is
    the code it loaded)."""
    if again or project.root not in _HEADERS:
        _HEADERS[project.root] = f"briefsite-render-state {version_key()} {project.root}".encode(
            "utf-8", "surrogateescape")
    return _HEADERS[project.root] + (f" {tag}" if tag else "").encode() + b"\n"


def load(project: Project, name: str = STATE_FILE, tag: str = "") -> object | None:
    """The state the last render of this site folder saved (in `name`, with `tag`), or None when there is none
    that this code may use. Only a file this user made for this folder with this code is unpickled: owned by
    the user, readable by nobody else (as `save` makes it), and starting with the header of this code and
    folder — so a state copied in from elsewhere (another machine, a repository) is never loaded."""
    path = _path(project, name)
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o077:
                return None
            if handle.readline() != _header(project, tag, again=name == STATE_FILE):
                return None
            data = handle.read()
    except OSError:
        return None
    try:
        with _no_gc():
            state: object = pickle.loads(data)
    except Exception:  # a truncated file is a miss, never an error
        return None
    # The state (about a million objects at 3,000 articles) lives as long as the process renders this folder: out
    # of the cycle collector's reach, which would otherwise walk all of it on every full collection (a quarter of
    # a render after one edit). Its objects hold no reference cycles, so those it drops later are still freed.
    gc.freeze()
    return state


def save(project: Project, state: object, name: str = STATE_FILE, tag: str = "") -> None:
    """Save the state for the next process (in `name`, with `tag`). Streamed to a temporary file (no copy of it
    in memory) that then replaces the old one, so a reader sees the old state or the new one, never a part; a
    file cut short by a crash is a miss for `load`."""
    target = _path(project, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=target.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle, _no_gc():
            handle.write(_header(project, tag, again=False))
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        os.unlink(tmp)
        drop(project)  # an object that cannot be kept: the next process starts from nothing
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The cycle collector paused: it would walk the growing heap again and again while a large state is
    made (two thirds of the loading time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def drop(project: Project) -> None:
    """Remove the saved state (the next render starts from nothing)."""
    for name in (STATE_FILE, PAGES_FILE):
        with contextlib.suppress(FileNotFoundError):
            _path(project, name).unlink()
