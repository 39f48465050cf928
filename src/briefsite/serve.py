"""Live preview: MkDocs' dev server reloads the browser when briefings/ change; a watchdog observer reruns
normalize + render when seeds/, facts/ or templates/ change."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from briefsite import pipeline
from briefsite.config import Project

_QUIET_SECONDS = 0.5  # editors write several events per save; wait for them to settle


class _Rebuild(FileSystemEventHandler):
    def __init__(self) -> None:
        self.dirty = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = str(event.src_path)
        if "/." not in path and not path.endswith((".tmp", "~")):
            self.dirty.set()


def refresh(project: Project) -> None:
    """normalize + render, printing problems instead of stopping the preview."""
    report = pipeline.normalize(project, progress=False)
    if not [p for p in report.errors if p.path.startswith("facts/")]:
        report.extend(pipeline.render(project))
    for problem in report.errors:
        print(f"error: {problem}", file=sys.stderr)
    print(f"serve: refreshed, {len(report.written)} file(s) written", file=sys.stderr)


def serve(project: Project, *, address: str) -> None:
    """Run the preview until interrupted."""
    refresh(project)
    handler = _Rebuild()
    observer = Observer()
    for folder in (project.seeds, project.facts, project.templates):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
                               "--config-file", str(project.root / "mkdocs.yml")], cwd=project.root)
    try:
        while server.poll() is None:
            if handler.dirty.wait(timeout=0.5):
                time.sleep(_QUIET_SECONDS)
                handler.dirty.clear()
                refresh(project)
    finally:
        observer.stop()
        observer.join()
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
