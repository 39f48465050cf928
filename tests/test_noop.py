"""The no-op paths (issue 17): `normalize`, `render` and `build` with nothing new answer from their stamps
(site/current.py) without importing the pipeline, spaCy or Jinja; their report is the one the full pipeline
gives; and any change to what a step reads — a sheet, an article, a template, the settings, mkdocs.yml, site/,
Briefsite's code, the publisher's version — makes them run again (a stale stamp never shows stale output)."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefsite import pipeline
from briefsite.config import load_project
from briefsite.errors import Report
from briefsite.facts import freshness
from briefsite.site import current
from briefsite.site import stamp as site_stamp
from tests.conftest import REPO, copy_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("noop") / "site-root", facts=True)
    assert pipeline.build(load_project(root), progress=False).ok
    return root


def _fresh_copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the built site whose stamps hold (the copy's files are new inodes: one build re-stamps them;
    site/ keeps its bytes and times, so the publisher is not run)."""
    root = tmp_path / "site-root"
    shutil.copytree(built, root, symlinks=True, copy_function=shutil.copy2)
    report = pipeline.build(load_project(root), progress=False)
    assert report.ok and current.SITE_CURRENT in report.notes, report
    return root


def _fields(report: Report) -> dict[str, object]:
    return dataclasses.asdict(report)


def test_a_no_op_build_reports_what_the_pipeline_reports(built: Path) -> None:
    project = load_project(built)
    replayed = current.build_replayed(project)
    assert replayed is not None
    assert current.SITE_CURRENT in replayed.notes
    assert _fields(replayed) == _fields(pipeline.build(project, progress=False))
    assert _fields(current.normalize_inputs(project, current.discover(project)[0])[1] or Report()) == _fields(
        pipeline.normalize(project, progress=False))
    assert _fields(current.render_inputs(project)[1] or Report()) == _fields(pipeline.render(project))


@pytest.mark.parametrize("verb", ["normalize", "render", "build"])
def test_a_no_op_verb_imports_no_pipeline(built: Path, verb: str) -> None:
    code = ("import sys\nfrom briefsite.cli import main\n"
            f"status = main(['--root', {str(built)!r}, '--quiet', {verb!r}])\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'jinja2', 'mkdocs', 'trafilatura'}"
            " or m in {'briefsite.pipeline', 'briefsite.site.render', 'briefsite.facts.schema'})\n"
            "print(status, heavy)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "0 []", result.stdout + result.stderr


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")

    return change


CHANGES: dict[str, Callable[[Path], None]] = {
    "fact sheet": _edit("facts/000_04c23cf0a20b8793.yaml", "role: CEO", "role: Chief Cloud Optimist"),
    "article": _edit("seeds/000_04c23cf0a20b8793.txt", "Microsoft", "Microsoft Corp."),
    "template": lambda root: (root / "templates" / "about.md.j2").write_text(
        (root / "templates" / "about.md.j2").read_text("utf-8") + "{# changed #}\n", "utf-8"),
    "settings": lambda root: (root / "briefsite.yml").write_text("home_limit: 3\n", "utf-8"),
    "mkdocs.yml": _edit("mkdocs.yml", "site_name:", "# a comment\nsite_name:"),
    "site/ touched": lambda root: (root / "site" / "index.html").write_text("<html>mine</html>\n", "utf-8"),
    "briefings/ touched": lambda root: (root / "briefings" / "index.md").write_text("# Mine\n", "utf-8"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_makes_the_build_run_again(built: Path, tmp_path: Path, change: str) -> None:
    root = _fresh_copy(built, tmp_path)
    project = load_project(root)
    assert current.build_replayed(project) is not None
    CHANGES[change](root)
    assert current.build_replayed(load_project(root)) is None


def test_a_code_or_publisher_change_makes_the_build_run_again(built: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = _fresh_copy(built, tmp_path)
    project = load_project(root)
    assert current.build_replayed(project) is not None
    monkeypatch.setattr(site_stamp, "_versions", lambda: {"mkdocs": "0.0.1"})
    assert current.build_replayed(project) is None
    monkeypatch.undo()
    code = tmp_path / "code"
    code.mkdir()
    (code / "article.py").write_text("EXTRACTOR_VERSION = 'another'\n", "utf-8")
    monkeypatch.setattr(freshness, "_CODE", code)
    assert current.build_replayed(project) is None
    assert current.normalize_inputs(project, current.discover(project)[0])[1] is None
    assert current.render_inputs(project)[1] is None
