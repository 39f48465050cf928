"""The preview's per-edit work, attributed in one process (issue 17): normalize, render and the build date after
each of a few role edits of one fact sheet, CPU and wall clock, on a built site folder (a copy: it is edited and
put back). The MkDocs update is timed by `serve` itself ("serve: rebuilt N page(s) in ...").

    PYTHONPATH=src .venv/bin/python bench/preview_refresh.py SITE [--edits 3]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefsite import pipeline
from briefsite.config import load_project


def _timed(name: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    cpu, wall = time.process_time(), time.perf_counter()
    out = func(*args, **kwargs)
    print(f"  {name}: {time.process_time() - cpu:.2f} s CPU, {time.perf_counter() - wall:.2f} s wall", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    project = load_project(args.site.resolve())
    print(f"load {os.getloadavg()}", flush=True)
    _timed("first refresh (as the preview starts)", pipeline.refresh, project)
    for path in sorted(project.facts.glob("*.yaml")):
        text = path.read_text("utf-8")
        role = re.search(r"^    role: (\S.*)$", text, re.M)
        if role and re.search(r"^story: ", text, re.M):
            break
    else:
        raise SystemExit("no sheet with a person's role")
    try:
        for i in range(args.edits):
            with path.open("w", encoding="utf-8") as handle:  # as an editor saves
                handle.write(text.replace(role.group(0), f"{role.group(0)} edit {i}", 1))
            print(f"edit {i + 1} of {path.name}", flush=True)
            normalized = _timed("normalize", pipeline.normalize, project, progress=False)
            rendered = _timed("render", pipeline.render, project, save_state=False)
            _timed("build date", pipeline.source_date_epoch, project)
            print(f"  written: {normalized.written + rendered.written}", flush=True)
    finally:
        with path.open("w", encoding="utf-8") as handle:
            handle.write(text)
    print(f"load {os.getloadavg()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
