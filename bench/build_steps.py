"""Where `build` after one fact-sheet edit spends its time beyond `mkdocs build` alone (issue 17): every step of
the build, timed in one process (wall and CPU seconds, the publisher's child process counted apart), on a copy of
a site made by bench/corpus.py or kept by bench/editor_loop.py --keep.

    .venv/bin/python bench/build_steps.py SITE [--edits 1] [--no-alone]

SITE is changed (one person's role edited per round, `render` run as editor_loop does, then `build` through
the CLI in this process): work on a copy. For each round: the edit,
then `build` with every step timed; then `mkdocs build` alone on the same folder (as editor_loop measures it),
and (--variants) the publisher's child alone with and without Briefsite's sanitising plugin. Prints a table.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import editor_loop
import perf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

TIMES: list[tuple[str, float, float, float]] = []  # step, wall, own CPU, children's CPU


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start, (own, kids) = time.perf_counter(), _cpu()
        try:
            return func(*args, **kwargs)
        finally:
            own2, kids2 = _cpu()
            TIMES.append((name, time.perf_counter() - start, own2 - own, kids2 - kids))
    return wrapper


def _instrument() -> None:
    from briefsite import cli
    from briefsite.site import current, publish, stamp

    cli.in_child = _timed("normalize + render + build date (forked child)", cli.in_child)  # type: ignore[attr-defined]
    current.build_replayed = _timed("no-op check (build_replayed)", current.build_replayed)  # type: ignore[method-assign]
    stamp.site_stamp = _timed("site stamp (digest of inputs)", stamp.site_stamp)  # type: ignore[method-assign]
    stamp.site_is_current = _timed("site stamp: is site/ current", stamp.site_is_current)  # type: ignore[method-assign]
    stamp.record_site = _timed("record site stamp (listing)", stamp.record_site)  # type: ignore[method-assign]
    publish.recover = _timed("recover leftovers", publish.recover)  # type: ignore[method-assign]
    publish.subprocess = _Sub()  # type: ignore[attr-defined]
    publish.finish_site = _timed("finish_site (assets, index check)", publish.finish_site)  # type: ignore[attr-defined]
    publish.audited_site = _timed("audit: is site/ the audited one", publish.audited_site)  # type: ignore[attr-defined]
    publish.audit_site = _timed("audit of the built HTML", publish.audit_site)  # type: ignore[attr-defined]
    publish._swap = _timed("swap site folder", publish._swap)  # type: ignore[attr-defined]
    current.stamp = stamp


_CHILD = """
import atexit, json, resource, sys, time
from briefsite.site import hooks, publish, sanitize, search
import mkdocs.commands.build as mk

TIMES = {}

def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

def timed(name, module, attr):
    func = getattr(module, attr)
    def wrapper(*args, **kwargs):
        start, c = time.perf_counter(), cpu()
        try:
            return func(*args, **kwargs)
        finally:
            w, k = TIMES.get(name, (0.0, 0.0))
            TIMES[name] = (w + time.perf_counter() - start, k + cpu() - c)
    setattr(module, attr, wrapper)

timed("  child: MkDocs, Markdown to HTML (_populate_page)", mk, "_populate_page")
timed("  child: MkDocs, theme templates + write (_build_page)", mk, "_build_page")
timed("  child: sanitising plugin, nh3 on content", sanitize, "clean_content")
timed("  child: on_post_build hook, whole", hooks, "on_post_build")
timed("  child: hook, Pagefind", search, "_run_pagefind")
timed("  child: hook, index re-cut", search, "rechunk")
timed("  child: hook, copy assets", hooks, "copy_assets")
START = time.perf_counter()
atexit.register(lambda: print("BENCH-TIMES " + json.dumps(dict(TIMES, **{"  child: total (Python, all)": (
    time.perf_counter() - START, cpu())})), file=sys.stderr))
sys.exit(publish.main(sys.argv[1:]))
"""


class _Sub:
    """subprocess, with `run` timed (the publisher's child: MkDocs, our plugin and hooks, Pagefind) and the child
    timing its own parts."""

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    @staticmethod
    def run(command: list[str], **kwargs: Any) -> Any:
        if command[1:3] == ["-m", "briefsite.site.publish"]:
            command = [command[0], "-c", _CHILD, *command[3:]]
        result = _timed("publisher child (MkDocs + hooks + Pagefind)", subprocess.run)(command, **kwargs)
        for line in result.stderr.splitlines():
            if line.startswith("BENCH-TIMES "):
                for name, (wall, cpu) in json.loads(line.split(" ", 1)[1]).items():
                    TIMES.append((name, wall, 0.0, cpu))
        return result


def _child(site: Path, sanitize: bool) -> tuple[float, float]:
    """The publisher's child as publish.py runs it, with or without the sanitising plugin; wall, CPU."""
    code = ("import sys; from briefsite.site import publish, sanitize\n"
            + ("" if sanitize else "sanitize.sanitize_plugin = lambda *a: __import__('mkdocs.plugins').plugins."
               "BasePlugin()\n")
            + "sys.exit(publish.main(sys.argv[1:]))")
    with tempfile.TemporaryDirectory(dir=site) as out:
        env = dict(perf.publisher_env(), PYTHONPATH=str(REPO / "src"))
        run = perf.run("child", [sys.executable, "-c", code, str(site / "mkdocs.yml"), out], cwd=site, env=env)
    return run.wall, run.cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=1)
    parser.add_argument("--no-alone", action="store_true", help="skip mkdocs build alone")
    parser.add_argument("--variants", action="store_true",
                        help="also the publisher's child alone, with and without the sanitising plugin")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    os.chdir(site)
    _instrument()
    from briefsite import cli

    sheet, role, _ = editor_loop._person_sheet(site)
    for round_ in range(args.edits):
        new = f"{role.rstrip()} (edit {round_ + 1} {time.time_ns()})"
        editor_loop._save(sheet, role, new)
        role = new
        subprocess.run(perf.briefsite(site, "render"), check=True, env={"PYTHONPATH": str(REPO / "src")})
        TIMES.clear()
        start, (own, kids) = time.perf_counter(), _cpu()
        status = cli.main(["--root", str(site), "--quiet", "build"])
        own2, kids2 = _cpu()
        total = (time.perf_counter() - start, own2 - own, kids2 - kids)
        print(f"round {round_ + 1}: exit status {status}")
        print(f"load {os.getloadavg()[0]:.2f}")
        print("| step | wall s | CPU s (this process) | CPU s (children) |\n|---|---|---|---|")
        for name, wall, cpu, kcpu in TIMES:
            print(f"| {name} | {wall:.2f} | {cpu:.2f} | {kcpu:.2f} |")
        print(f"| **build, total** | {total[0]:.2f} | {total[1]:.2f} | {total[2]:.2f} |")
    if not args.no_alone:
        with tempfile.TemporaryDirectory(dir=site.parent) as work:
            alone = editor_loop._mkdocs_alone(site, Path(work), "mkdocs build alone")
        print(f"| mkdocs build alone | {alone.wall:.2f} | | {alone.cpu:.2f} |")
    for sanitize in (True, False) if args.variants else ():
        wall, cpu = _child(site, sanitize)
        print(f"| publisher child, {'with' if sanitize else 'WITHOUT'} the sanitising plugin | {wall:.2f} | | "
              f"{cpu:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
