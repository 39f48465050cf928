"""Live preview: MkDocs' dev server reloads the browser when briefings/ change; a watchdog observer reruns
normalize + render when seeds/, facts/ or templates/ change."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from briefsite.config import Project
from briefsite.errors import Report

_QUIET_SECONDS = 0.5  # editors write several events per save; wait for them to settle


class _Rebuild(FileSystemEventHandler):
    def __init__(self) -> None:
        self.dirty = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = str(event.src_path)
        if "/." not in path and not path.endswith((".tmp", "~")):
            self.dirty.set()


def _refresh(project: Project, update: Callable[[Project], Report]) -> None:
    """Run `update` (normalize + render), printing problems instead of stopping the preview."""
    report = update(project)
    for problem in report.errors:
        print(f"error: {problem}", file=sys.stderr)
    print(f"serve: refreshed, {len(report.written)} file(s) written", file=sys.stderr)


def serve(project: Project, *, address: str, update: Callable[[Project], Report]) -> None:
    """Run the preview until interrupted; `update` brings briefings/ up to date with seeds/, facts/ and
    templates/ (the pipeline's `refresh`)."""
    _refresh(project, update)
    handler = _Rebuild()
    observer = Observer()
    for folder in (project.seeds, project.facts, project.templates):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    # NO_MKDOCS_2_WARNING: Material's end-of-life notice is for site builders, not for our users (README).
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
                               "--config-file", str(project.root / "mkdocs.yml")], cwd=project.root,
                              env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    try:
        while server.poll() is None:
            if handler.dirty.wait(timeout=0.5):
                time.sleep(_QUIET_SECONDS)
                handler.dirty.clear()
                _refresh(project, update)
    finally:
        observer.stop()
        observer.join()
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
