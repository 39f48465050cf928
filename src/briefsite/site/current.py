"""Whether a verb has anything to do: the no-op paths of `normalize`, `render` and `build`, which replay the last
run's report when nothing they read changed. They only stat files (and hash briefings/ for the site stamp), and
import no model, template engine or sheet schema, so the CLI asks them before it imports the pipeline."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from briefsite.config import CONFIG_FILE, Project
from briefsite.errors import Problem, Report
from briefsite.facts import freshness
from briefsite.read.readers import kind_of
from briefsite.read.sidecar import is_sidecar
from briefsite.site import stamp

SITE_CURRENT = "site/ is up to date (briefings/ and mkdocs.yml unchanged); publisher not run"


def discover(project: Project) -> tuple[list[Path], list[Problem]]:
    """Article files under seeds/, sorted; symlinks leaving the site folder and unsupported files are reported."""
    problems: list[Problem] = []
    found: list[Path] = []
    root = project.root
    if not project.seeds.is_dir():
        return [], [Problem("seeds/", "folder is missing")]
    for path in _entries(project.seeds):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            target = path.resolve()
            if root not in target.parents:
                problems.append(Problem(rel, "symbolic link to a file outside the site folder; not followed"))
                continue
        if not path.is_file():
            continue
        if kind_of(path) is None:
            if path.name.lower() not in {"readme", "readme.md", "license"} and not is_sidecar(path):
                problems.append(Problem(rel, f"unsupported file type {path.suffix or '(none)'!r}; skipped"))
            continue
        found.append(path)
    return found, problems


def _entries(folder: Path) -> list[Path]:
    """What `folder.rglob("*")` lists, sorted by path, without hidden files and folders (nor anything in them):
    files, and symbolic links to folders (not followed). os.walk: pathlib's rglob and relative_to were most of
    the time of a preview refresh's normalize at 3,000 articles."""
    found: list[tuple[str, str]] = []
    base = os.fspath(folder)
    for top, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        links = [d for d in dirs if os.path.islink(os.path.join(top, d))]
        rel_top = os.path.relpath(top, base).replace(os.sep, "/")
        prefix = "" if rel_top == "." else rel_top + "/"
        found += [(prefix + name, os.path.join(top, name)) for name in [*files, *links] if not name.startswith(".")]
    found.sort()
    return [Path(path) for _, path in found]


def normalize_inputs(project: Project, articles: list[Path]) -> tuple[dict[str, str], Report | None]:
    """The identity of everything `normalize` reads, and the last run's report if none of it changed since."""
    before = freshness.snapshot(project, articles)
    return before, freshness.replay(project, freshness.inputs_stamp(project, before))


def render_inputs(project: Project) -> tuple[dict[str, str], Report | None]:
    """The identity of everything `render` reads and writes, and the last run's report if none of it changed."""
    inputs = (project.seeds, project.templates, project.briefings, project.root / "mkdocs.yml",
              project.root / CONFIG_FILE)
    before = freshness.snapshot(project, [], *inputs, bases=False)
    return before, freshness.replay(project, freshness.inputs_stamp(project, before), freshness.RENDER_STAMP)


def remembered_epoch(project: Project, facts: dict[str, str] | None = None) -> str | None:
    """SOURCE_DATE_EPOCH when it is known without loading a sheet: the caller's, or the one computed for this
    state of facts/. `facts`: the snapshot of facts/ (`freshness.snapshot(project, [])`) when the caller has it."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    stamp = freshness.inputs_stamp(project, freshness.snapshot(project, []) if facts is None else facts)
    return freshness.remembered(project, freshness.EPOCH_STAMP, stamp)


def build_replayed(project: Project, publisher: str | None = None) -> Report | None:
    """The report of a `build` with nothing to do — normalize and render replayed, site/ current — or None
    when any step has work (then the pipeline runs; it reports the same in the no-op case)."""
    articles = discover(project)[0]
    before, normalized = normalize_inputs(project, articles)
    if normalized is None or [p for p in normalized.errors if p.path.startswith("facts/")]:
        return None
    rendered = render_inputs(project)[1]
    if rendered is None or not rendered.ok:
        return None
    named = {path.relative_to(project.root).as_posix() for path in articles}
    epoch = remembered_epoch(project, {rel: state for rel, state in before.items() if rel not in named})
    if epoch is None:
        return None
    digest = stamp.site_stamp(project.root, publisher=publisher or project.settings.publisher,
                              source_date_epoch=epoch)
    warnings = stamp.site_is_current(project.root, digest)
    if warnings is None:
        return None
    normalized.extend(rendered)
    normalized.warnings += warnings
    normalized.notes.append(SITE_CURRENT)
    return normalized


def publish_site(project: Project, report: Report, epoch: str, publisher: str | None = None, *,
                 before: Callable[[], None] | None = None) -> Report:
    """The last step of `build`: run the publisher into site/ unless site/ already holds its output for exactly
    these inputs; `before` runs just before the publisher (to hand memory back). Returns `report` extended."""
    from briefsite.site.publish import publish

    chosen = publisher or project.settings.publisher
    digest = stamp.site_stamp(project.root, publisher=chosen, source_date_epoch=epoch)
    replayed = stamp.site_is_current(project.root, digest)
    if replayed is not None:
        report.warnings += replayed
        report.notes.append(SITE_CURRENT)
        return report
    if before is not None:
        before()
    warnings = publish(project.root, source_date_epoch=epoch, publisher=chosen)
    stamp.record_site(project.root, digest, warnings)
    report.warnings += warnings
    report.notes.append("site/ rebuilt")
    return report
