"""Live preview: one process watches the site folder, brings facts/ and briefings/ up to date after an edit (the
pipeline's refresh), rebuilds only the changed pages with MkDocs kept loaded (preview.py), and reloads the
browser through MkDocs' live-reload server.

It reacts to writes only — a file closed after writing, created, deleted or moved — never to a file being opened
or read, and never to a file it wrote itself; with nothing changing it does no work at all. SIGTERM and SIGINT
stop it cleanly: there is no child process to leave behind (extraction workers are stopped with their pool).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from briefsite.config import CONFIG_FILE, Project
from briefsite.errors import BriefsiteError, PublishError, Report
from briefsite.site.preview import PreviewSite, quiet_mkdocs
from briefsite.site.search import BackgroundIndex
from briefsite.site.stamp import publisher_reads

PREVIEW_DIR = ".briefsite-cache/preview"  # where the preview builds the site it serves
_WRITES = {"closed", "created", "deleted", "moved"}  # watchdog event types that mean the file's content changed
_QUIET_SECONDS = 0.2  # editors write several events per save; wait for them to settle
_INDEX_DELAY = 1.0  # seconds between an edit shown and the search re-index (the browser reloads the page first)
_WATCHED = ("seeds", "facts", "templates", "briefings")
_ROOT_FILES = ("mkdocs.yml", CONFIG_FILE)


class Changes(FileSystemEventHandler):
    """Collects the paths written under the watched folders; `wait` blocks until there are some."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths: set[str] = set()
        self._lock = threading.Lock()
        self._event = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _WRITES or event.is_directory:
            return
        candidates = [event.src_path, event.dest_path] if event.event_type == "moved" else [event.src_path]
        found = [rel for rel in map(self._relative, candidates) if rel is not None]
        if found:
            with self._lock:
                self.paths.update(found)
            self._event.set()

    def _relative(self, path: str | bytes) -> str | None:
        text = os.fsdecode(path)
        try:
            rel = Path(text).relative_to(self.root).as_posix()
        except ValueError:
            return None
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts) or text.endswith((".tmp", "~", ".swp")):
            return None  # editors' and our own temporary files, facts/.base/
        if len(parts) == 1:
            return rel if rel in _ROOT_FILES else None
        return rel if parts[0] in _WATCHED else None

    def wake(self) -> None:
        """End a `wait` now (it returns what was written so far, maybe nothing)."""
        self._event.set()

    def wait(self, timeout: float | None = None) -> set[str]:
        """The paths written since the last call, once some were written and writing stopped for a moment."""
        if not self._event.wait(timeout):
            return set()
        while True:  # let a burst of events settle
            self._event.clear()
            if not self._event.wait(_QUIET_SECONDS):
                break
        with self._lock:
            paths, self.paths = self.paths, set()
        return paths


class OwnWrites:
    """Remembers the files the preview wrote itself (inode, size, mtime), so their events are ignored."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.known: dict[str, tuple[int, int, int] | None] = {}

    def record(self, paths: list[str]) -> None:
        for rel in paths:
            self.known[rel] = self._stat(rel)

    def foreign(self, paths: set[str]) -> set[str]:
        """The paths that someone else changed (or that changed again since the preview wrote them)."""
        return {rel for rel in paths if rel not in self.known or self.known[rel] != self._stat(rel)}

    def _stat(self, rel: str) -> tuple[int, int, int] | None:
        try:
            info = (self.root / rel).stat()
        except OSError:
            return None
        return info.st_ino, info.st_size, info.st_mtime_ns


def _indexed(seconds: float, error: PublishError | None) -> None:
    """Say when the background search index has caught up with the pages (or why it could not)."""
    if error is not None:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr, flush=True)
    else:
        print(f"serve: search index updated in {seconds:.1f} s", file=sys.stderr, flush=True)


def _print_report(report: Report) -> None:
    for problem in report.errors:
        print(f"error: {problem}", file=sys.stderr)


class Preview:
    """One preview: the pipeline's refresh, the site kept built, and what to tell the browser."""

    def __init__(self, project: Project, update: Callable[[Project], Report],
                 epoch: Callable[[Project], str]) -> None:
        self.project = project
        self.update = update
        self._epoch = epoch
        # the caller's SOURCE_DATE_EPOCH, if any: the preview sets the variable itself for MkDocs, and an edit
        # that changes the newest article date must still change the build date, as in a full build
        self._given_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        self.own = OwnWrites(project.root)
        self.theme = _theme_paths(project.root)
        site_dir = project.root / PREVIEW_DIR
        # after an edit is shown, a moment later, at low priority: a burst of edits is one re-index of the whole
        # site, and a re-index still running never slows the next edit's rebuild
        self.indexer = BackgroundIndex(site_dir, _indexed, delay=_INDEX_DELAY, low_priority=True)
        self.site = PreviewSite(project.root / "mkdocs.yml", site_dir, source_date_epoch=epoch(project),
                                indexer=self.indexer)

    def epoch(self, project: Project) -> str:
        """The build date as a full build computes it (not the value the preview set for MkDocs)."""
        ours = os.environ.get("SOURCE_DATE_EPOCH")
        _set_env("SOURCE_DATE_EPOCH", self._given_epoch)
        try:
            return self._epoch(project)
        finally:
            _set_env("SOURCE_DATE_EPOCH", ours)

    def start(self) -> None:
        """Bring everything up to date and build the whole site once."""
        report = self.update(self.project)
        _print_report(report)
        self.own.record(report.written)
        self.site.epoch = self.epoch(self.project)
        outcome = self.site.build()
        print(f"serve: built {len(outcome.pages)} page(s) in {outcome.seconds:.1f} s", file=sys.stderr, flush=True)

    def apply(self, paths: set[str]) -> bool:
        """React to files written by someone else; True when pages changed (the browser should reload)."""
        paths = self.own.foreign(paths)
        if not paths:
            return False
        started = time.perf_counter()
        docs = self.project.briefings.relative_to(self.project.root).as_posix() + "/"
        pages = {rel[len(docs):] for rel in paths if rel.startswith(docs)}
        # mkdocs.yml, or a file it names (theme overrides, hooks): every page may change, a full build runs
        config_changed = "mkdocs.yml" in paths or any(rel.startswith(self.theme) for rel in paths)
        if "mkdocs.yml" in paths:
            self.theme = _theme_paths(self.project.root)
        if paths - {f"{docs}{p}" for p in pages} - {"mkdocs.yml"}:
            try:
                report = self.update(self.project)
            except BriefsiteError as exc:  # e.g. a template with a syntax error: say so, keep serving
                for problem in exc.problems:
                    print(f"error: {problem}", file=sys.stderr)
                print("serve: not rebuilt (see the problems above)", file=sys.stderr, flush=True)
                return False
            _print_report(report)
            self.own.record(report.written)
            pages |= {rel[len(docs):] for rel in report.written if rel.startswith(docs)}
        if not pages and not config_changed:
            print(f"serve: nothing to rebuild ({time.perf_counter() - started:.2f} s)", file=sys.stderr, flush=True)
            return False
        try:
            outcome = self.site.update(pages, source_date_epoch=self.epoch(self.project),
                                       config_changed=config_changed)
        except Exception as exc:  # a broken template or page: report it, keep serving the last good pages
            print(f"error: the preview could not be rebuilt: {exc}", file=sys.stderr, flush=True)
            return False
        kind = "full build" if outcome.full else "rebuilt"
        print(f"serve: {kind} {len(outcome.pages)} page(s) in {time.perf_counter() - started:.2f} s",
              file=sys.stderr, flush=True)
        return bool(outcome.pages)


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _theme_paths(root: Path) -> tuple[str, ...]:
    """What mkdocs.yml names in the site folder (theme overrides, hooks) as prefixes of relative paths: a file
    path, or a folder path ending with a slash."""
    resolved = root.resolve()
    return tuple(path.relative_to(resolved).as_posix() + ("/" if path.is_dir() else "")
                 for path in publisher_reads(root))


def _server(site_dir: Path, address: str, site_url: str | None) -> Any:
    """MkDocs' live-reload HTTP server (it injects the reload script into pages), serving `site_dir`."""
    from mkdocs.livereload import LiveReloadServer

    host, _, port = address.rpartition(":")
    mount_path = urlsplit(site_url or "/").path or "/"
    server = LiveReloadServer(builder=lambda: None, host=host or "127.0.0.1", port=int(port),
                              root=str(site_dir), mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        with contextlib.suppress(OSError):
            return (site_dir / f"{code}.html").read_bytes() if code in (404, 500) else None
        return None

    server.error_handler = error_page
    return server


@contextlib.contextmanager
def _reloading(server: Any) -> Iterator[Callable[[bool], None]]:
    """Hold page requests while the site is rebuilt, then release them, reloading browsers when asked.
    (MkDocs' server keeps its "site version" in these attributes; MkDocs is pinned to 1.6.1.)"""
    from mkdocs.livereload import _timestamp

    with server._epoch_cond:
        server._wanted_epoch = _timestamp()
    reload = [False]
    try:
        yield lambda changed: reload.__setitem__(0, changed)
    finally:
        with server._epoch_cond:
            if reload[0]:
                server._visible_epoch = server._wanted_epoch
            else:
                server._wanted_epoch = server._visible_epoch
            server._epoch_cond.notify_all()


def _stop_on_sigterm(changes: Changes) -> None:
    """SIGTERM stops the preview as Ctrl-C does. Python runs signal handlers in the main thread only, and the
    kernel may hand a process's signal to any of its threads: one caught by a watcher or server thread would
    leave the main thread asleep in `changes.wait()` for ever. So every signal is also written to a pipe
    (`set_wakeup_fd`) that a small thread turns into a wake-up of that wait."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (a test's thread): no handler can be set, nothing to wake
        return
    read, write = os.pipe()
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)

    def wake() -> None:
        while os.read(read, 64):
            changes.wake()

    threading.Thread(target=wake, name="signal-wakeup", daemon=True).start()


def serve(project: Project, *, address: str, update: Callable[[Project], Report],
          epoch: Callable[[Project], str] | None = None) -> None:
    """Run the preview until interrupted (Ctrl-C or SIGTERM); `update` brings facts/ and briefings/ up to date
    (the pipeline's refresh), `epoch` gives the build date (the pipeline's source_date_epoch)."""
    changes = Changes(project.root)
    _stop_on_sigterm(changes)
    quiet_mkdocs()
    preview = Preview(project, update, epoch or (lambda _: os.environ.get("SOURCE_DATE_EPOCH", "0")))
    observer = Observer()
    server = None
    try:
        preview.start()
        for folder in _WATCHED:
            if (project.root / folder).is_dir():
                observer.schedule(changes, str(project.root / folder), recursive=True)
        observer.schedule(changes, str(project.root), recursive=False)
        observer.start()
        server = _server(project.root / PREVIEW_DIR, address, preview.site.config.site_url)
        server.server_bind()
        server.server_activate()
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 3600}, daemon=True).start()
        print(f"serve: serving on {server.url}", file=sys.stderr, flush=True)
        while True:
            paths = changes.wait()
            if not paths:  # woken by a signal: its handler runs now
                continue
            with _reloading(server) as reload:
                reload(preview.apply(paths))
            preview.site.request_index()  # search catches up once the edit is shown, never before
    except KeyboardInterrupt:
        print("serve: stopped", file=sys.stderr, flush=True)
    finally:
        observer.stop()
        if observer.is_alive():
            observer.join(timeout=5)
        if server is not None:
            server.server_close()
        preview.indexer.close()  # a search re-index still going: its Pagefind process ends with the preview
        preview.site.close()
        shutil.rmtree(project.root / PREVIEW_DIR, ignore_errors=True)
