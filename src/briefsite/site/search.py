"""The site's search index: Pagefind over the built pages. Each page marks its own content with
data-pagefind-body (templates/overrides/partials/content.html), so navigation, tags and buttons stay out;
diagram source and heading anchors are excluded here; the word index is then cut into smaller pieces than
Pagefind's own (site/search_chunks.py). The browser fetches only the index pieces a query needs
(templates/overrides/assets/javascripts/briefsite.js), so a first query costs about the same on any site size."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from briefsite.errors import Problem, PublishError
from briefsite.site.search_chunks import UnknownFormat, rechunk

PAGEFIND_DIR = "pagefind"
EXCLUDE = (".mermaid", ".headerlink", "pre.mermaid", "[data-search-exclude]")
_TAIL = 20


def is_indexed(site_dir: Path) -> bool:
    """Whether `site_dir` holds a Pagefind index."""
    return (site_dir / PAGEFIND_DIR / "pagefind-entry.json").is_file()


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index into `site_dir/pagefind/`, replacing any earlier one whole (Pagefind leaves the
    files of an older index beside the new ones); a PublishError names what went wrong. One run at a time for a
    folder: a preview's full build indexes while its background re-index may still be going, in the same
    working folders."""
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(site_dir.resolve(), threading.Lock())
    with lock:
        _index(site_dir)


def _index(site_dir: Path) -> None:
    fresh = site_dir / f".{PAGEFIND_DIR}-new"
    shutil.rmtree(fresh, ignore_errors=True)
    _run_pagefind(site_dir, fresh.name)
    recut(fresh)
    old = site_dir / f".{PAGEFIND_DIR}-old"
    shutil.rmtree(old, ignore_errors=True)
    target = site_dir / PAGEFIND_DIR
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def recut(bundle: Path) -> None:
    """Re-cut the fresh Pagefind bundle in `bundle` (site/search_chunks.py). An index in a format the re-cut does
    not know (a newer Pagefind) is kept as Pagefind wrote it, with a warning: search works, only with larger
    chunks; a PublishError names any other failure."""
    try:
        rechunk(bundle)
    except UnknownFormat as exc:
        # the publisher's child process prints this; `publish` passes lines with WARNING on as build warnings
        print(f"WARNING - search index kept as Pagefind wrote it (not re-cut into small chunks): {exc}",
              file=sys.stderr, flush=True)
    except (OSError, ValueError) as exc:
        raise PublishError([Problem("pagefind", f"could not re-cut the search index: {exc}")]) from None


_RUNNING: dict[int, subprocess.Popen[str]] = {}  # thread id -> the Pagefind process it waits for


def _run_pagefind(site_dir: Path, subdir: str) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", subdir,
               "--force-language", "en", "--exclude-selectors", ", ".join(EXCLUDE), "--silent"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise PublishError([Problem("pagefind", f"could not run the search indexer: {exc}")]) from None
    _RUNNING[threading.get_ident()] = process  # so that a preview stopping can stop its background run
    try:
        stdout, stderr = process.communicate()
    finally:
        _RUNNING.pop(threading.get_ident(), None)
    if process.returncode != 0 or not (site_dir / subdir / "pagefind-entry.json").is_file():
        output = (stdout + stderr).strip().splitlines()
        detail = "\n".join(output[-_TAIL:]) or f"exit status {process.returncode}"
        if "No module named pagefind" in detail:
            detail = "Pagefind is not installed: run `make site` (pip install 'pagefind[extended]==1.5.2')"
        raise PublishError([Problem("pagefind", f"search indexing failed: {detail}")])


class BackgroundIndex:
    """Re-indexes a preview's site in a worker thread after page rebuilds, so an edit shows at once and search
    catches up a moment later; requests that arrive while a run is going (or within `delay` seconds of the
    first) are folded into one more run. With `low_priority`, the thread and the Pagefind process it starts run
    at the lowest CPU priority (Linux), so the next edit's rebuild is not slowed by a re-index of the whole
    site. `done(seconds, error)` is called after each run."""

    def __init__(self, site_dir: Path, done: Callable[[float, PublishError | None], None], *,
                 delay: float = 0.0, low_priority: bool = False) -> None:
        self.site_dir = site_dir
        self.done = done
        self.delay = delay
        self.low_priority = low_priority
        self._lock = threading.Lock()
        self._wanted = False
        self._closed = False
        self._worker: threading.Thread | None = None

    def request(self) -> None:
        """Ask for a fresh index of the site as it is now."""
        with self._lock:
            if self._closed:
                return
            self._wanted = True
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="search-index", daemon=True)
                self._worker.start()

    def close(self, timeout: float = 10.0) -> None:
        """Stop: no further run, and a run going is ended (its Pagefind process with it); nothing is reported."""
        with self._lock:
            self._closed = True
            self._wanted = False
            worker = self._worker
        if worker is None:
            return
        process = _RUNNING.get(worker.ident or -1)
        if process is not None:
            with contextlib.suppress(OSError):
                process.terminate()
        worker.join(timeout)

    def wait(self, timeout: float | None = None) -> None:
        """Block until no run is going or wanted (tests, and a clean shutdown)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _run(self) -> None:
        if self.low_priority:
            _lower_thread_priority()
        while True:
            time.sleep(self.delay)
            with self._lock:
                if not self._wanted or self._closed:
                    self._worker = None
                    return
                self._wanted = False
            started = time.perf_counter()
            error: PublishError | None = None
            try:
                index_site(self.site_dir)
            except PublishError as exc:
                error = exc
            if not self._closed:
                self.done(time.perf_counter() - started, error)


def _lower_thread_priority() -> None:
    """The lowest CPU priority for the calling thread and the processes it starts. On Linux a nice value belongs
    to a thread (its id is a pid for setpriority); elsewhere this would lower the whole process, so it is not
    done."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
