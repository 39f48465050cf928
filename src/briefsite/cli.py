"""Command line: `python build.py [--root DIR] [--quiet] VERB [options]` (the global options may also come after
the verb). The library does the work; this module only parses arguments, prints reports and turns errors into
`path:line: field: message` and an exit status (0 ok, 1 problems found, 2 usage error)."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from briefsite.config import Project, load_project
from briefsite.errors import BriefsiteError, Report

Verb = Callable[[Project, argparse.Namespace], Report]
T = TypeVar("T")


# The pipeline (and with it spaCy, Jinja and the sheet models) is imported only by a verb that has work to do:
# `normalize`, `render` and `build` with nothing new answer from the stamps of site/current.py.


def _normalize(project: Project, args: argparse.Namespace) -> Report:
    from briefsite.site import current

    replayed = current.normalize_inputs(project, current.discover(project)[0])[1]
    if replayed is not None:
        return replayed
    from briefsite import pipeline

    with _sheet_memo(project):
        return pipeline.normalize(project, progress=not args.quiet)


def _render(project: Project, args: argparse.Namespace) -> Report:
    from briefsite.site import current

    files, replayed = current.render_inputs(project)
    if replayed is not None:
        return replayed
    from briefsite import pipeline

    return pipeline.render(project, files=files)  # reads only the sheets that changed: no sheet memo to load


def _check(project: Project, args: argparse.Namespace) -> Report:
    from briefsite import pipeline

    return pipeline.check(project)


def _build(project: Project, args: argparse.Namespace) -> Report:
    from briefsite.site import current

    replayed = current.build_replayed(project, args.publisher)
    if replayed is not None:
        return replayed
    # normalize and render run in a child process: all the memory they used goes back to the system before the
    # publisher (the largest process of a build) starts beside this small one
    report, epoch = in_child(_prepare, project, not args.quiet)
    if epoch is None:
        return report
    return current.publish_site(project, report, epoch, args.publisher)


def _prepare(project: Project, progress: bool) -> tuple[Report, str | None]:
    from briefsite import pipeline

    with _sheet_memo(project):
        return pipeline.prepare_build(project, progress=progress)


@contextlib.contextmanager
def _sheet_memo(project: Project) -> Iterator[None]:
    """A one-shot verb starts from the sheets the last one parsed (unchanged files only) and saves what it parsed
    for the next (`.briefsite-cache/sheets.json`): after one hand edit only that sheet is parsed. The live
    preview keeps its memo in memory instead."""
    from briefsite.facts import fastyaml
    from briefsite.facts.freshness import CACHE_DIR

    path = project.root / CACHE_DIR / "sheets.json"
    fastyaml.load_memo(path)
    yield
    fastyaml.save_memo(path)


def _resolve(project: Project, args: argparse.Namespace) -> Report:
    from briefsite.facts.resolve import resolve

    return resolve(project, args.path, "mine" if args.keep_mine else "new")


def _serve(project: Project, args: argparse.Namespace) -> Report:
    from briefsite import pipeline
    from briefsite.site.serve import serve

    serve(project, address=args.dev_addr, update=pipeline.refresh, epoch=pipeline.source_date_epoch)
    return Report()


def _add(project: Project, args: argparse.Namespace) -> Report:
    from briefsite import pipeline

    return pipeline.add(project, args.urls)


def _fetch(project: Project, args: argparse.Namespace) -> Report:
    from briefsite import pipeline

    return pipeline.fetch(project)


def parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the documentation test)."""
    top = argparse.ArgumentParser(
        prog="build.py",
        description="Briefsite: turn news articles in seeds/ into fact sheets, briefings and a static site.",
    )
    _global_options(top, default=True)
    # The same options after the verb (`build.py build --quiet`); SUPPRESS keeps a verb's parser from resetting
    # a value given before the verb.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, default=False)
    verbs = top.add_subparsers(dest="verb", required=True, metavar="VERB")

    def add(name: str, func: Verb, help_text: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=help_text, description=help_text, parents=[common])
        sub.set_defaults(func=func)
        return sub

    add("normalize", _normalize, "extract facts from new or changed articles in seeds/ into facts/ (hand edits kept)")
    add("render", _render, "render the Markdown briefings in briefings/ from the fact sheets")
    build = add("build", _build, "normalize + render + a strict site build that replaces site/ only on success")
    build.add_argument("--publisher", choices=("mkdocs", "zensical"), default=None,
                       help="static-site publisher (default: `publisher` in briefsite.yml, else mkdocs)")
    serve = add("serve", _serve, "preview the site, rebuilding when seeds/, facts/ or templates/ change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    add("check", _check, "validate every fact sheet and report unresolved conflicts; writes nothing")
    resolve = add("resolve", _resolve, "settle a conflict between a hand edit and a new extraction of one sheet")
    resolve.add_argument("path", type=Path, metavar="PATH", help="the fact sheet, e.g. facts/<id>.yaml")
    side = resolve.add_mutually_exclusive_group(required=True)
    side.add_argument("--keep-mine", action="store_true", help="keep your value of every conflicting field")
    side.add_argument("--take-new", action="store_true", help="take the extractor's value (from <sheet>.new)")
    add_urls = add("add", _add, "fetch web pages into seeds/ (each page as fetched, with its .meta.json record)")
    add_urls.add_argument("urls", nargs="+", metavar="URL", help="http or https address of an article")
    add("fetch", _fetch, "add the new items of the feeds listed in briefsite.yml to seeds/")
    return top


def _global_options(target: argparse.ArgumentParser, *, default: bool) -> None:
    """--root and --quiet, accepted before or after the verb."""
    target.add_argument("--root", type=Path, default=Path(".") if default else argparse.SUPPRESS,
                        help="site folder (default: the current folder)")
    target.add_argument("-q", "--quiet", action="store_true", default=False if default else argparse.SUPPRESS,
                        help="no progress bar, only problems")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one verb; returns the exit status."""
    # pydantic scans every installed distribution's entry points for plugins when a process first validates
    # (about 0.1 s of each verb's start-up); Briefsite uses none. A caller's own setting stands.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = parser().parse_args(argv)
    try:
        # `serve` handles SIGTERM itself (it stops its server and threads in order)
        with _sigterm_interrupts() if args.verb != "serve" else contextlib.nullcontext():
            project = load_project(args.root)
            report: Report = args.func(project, args)
    except BriefsiteError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in report.errors:
        print(f"error: {problem}", file=sys.stderr)
    if not args.quiet:
        print(f"{args.verb}: {len(report.written)} file(s) written, {len(report.errors)} problem(s)", file=sys.stderr)
    return 0 if report.ok else 1


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM stops a verb as Ctrl-C does (KeyboardInterrupt): extraction workers are stopped and no file is
    left half-written, instead of the process dying where it stands."""
    try:
        previous = signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:  # not the main thread (e.g. called from a test's thread): the default stands
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def in_child(func: Callable[..., T], *args: Any) -> T:
    """`func(*args)` run in a forked child process (in this process where there is no fork). A user error in the
    child is raised here as it was; Ctrl-C or SIGTERM here stops the child (which stops its own workers)."""
    if not hasattr(os, "fork"):
        return func(*args)
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, os.getpid(), func, args))
    child.start()
    send.close()
    try:
        kind, value = receive.recv()
    except EOFError:  # the child ended without an answer: interrupted, or a defect (its traceback is shown)
        child.join()
        if child.exitcode in (130, -signal.SIGINT, -signal.SIGTERM):
            raise KeyboardInterrupt from None
        if child.exitcode is not None and child.exitcode < 0:  # killed from outside, e.g. by the OOM killer
            raise BriefsiteError(f"the build's child process was killed (signal {-child.exitcode}); every file "
                                 "it wrote is whole (old or new): run the build again") from None
        raise RuntimeError(f"the build's child process ended with status {child.exitcode}") from None
    except BaseException:
        child.terminate()
        child.join()
        raise
    finally:
        receive.close()
    child.join()
    if kind == "error":
        error_class, problems = value
        raise error_class(problems)
    return cast(T, value)


def _child(send: Any, parent: int, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    from briefsite.extract.orphans import die_with_parent

    die_with_parent(parent)
    try:
        result = ("ok", func(*args))
    except BriefsiteError as exc:
        result = ("error", (type(exc), exc.problems))
    except KeyboardInterrupt:
        sys.exit(130)
    send.send(result)
    send.close()
