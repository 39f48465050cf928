"""The pages' dependency map (site/pagecache.py): after one fact sheet is edited, render renders again only the
pages whose template reads a changed value, rewrites exactly the pages that show the edited facts, and its
output equals a fresh full render's (a metamorphic check over a series of edits)."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefsite import pipeline
from briefsite.config import load_project
from tests.conftest import RunCli, copy_site

SHEET = "facts/000_04c23cf0a20b8793.yaml"
STORY_SHEET = "facts/stories/2018-07-18-microsoft-walmart-amazon-b20451.yaml"


def _pages(root: Path) -> dict[str, bytes]:
    folder = root / "briefings"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_editing_one_sheet_rewrites_exactly_the_pages_that_show_its_facts(tmp_path: Path, run_cli: RunCli) -> None:
    root = copy_site(tmp_path / "site", facts=True)
    project = load_project(root)
    assert pipeline.render(project).ok
    before = _pages(root)

    _edit(root, SHEET, "role: CEO", "role: Chief Cloud Optimist")
    report = pipeline.render(project)
    after = _pages(root)
    showing = {rel for rel, data in after.items() if b"Chief Cloud Optimist" in data}
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert showing and changed == showing  # only pages that show the edited role changed
    assert {f"briefings/{rel}" for rel in showing} == set(report.written)
    rendered = set(_rendered())
    assert showing <= rendered
    # Pages that read nothing from the sheets are not rendered again. (Here every other page reads the one
    # story both seeds belong to; on bench/corpus.py's 480-article site one edit renders 32 of 3,461 pages.)
    assert rendered < set(after) and not {"assets/briefsite.css", "tags.md"} & rendered, sorted(rendered)

    assert pipeline.render(project).written == []  # nothing changed: the last report is replayed
    sheet = root / SHEET
    sheet.write_bytes(sheet.read_bytes())  # rewritten, same facts: read again, nothing rendered or written
    assert pipeline.render(project).written == []
    assert _rendered() == []


def test_incremental_renders_equal_a_fresh_render_after_a_series_of_edits(tmp_path: Path, run_cli: RunCli) -> None:
    root = copy_site(tmp_path / "site", facts=True)
    project = load_project(root)
    edits = [
        (SHEET, "role: CEO", "role: chief executive"),
        (STORY_SHEET, "headline: Microsoft and Walmart", "headline: Walmart and Microsoft"),
        (SHEET, "topics:\n  - microsoft", "topics:\n  - microsoft\n  - hand-picked"),
        ("templates/about.md.j2", "# About this site\n", "# About this site\n\nEdited.\n"),
        (SHEET, "  - name: The Wall Street Journal\n",
         "  - name: Contoso Ventures\n    aliases: []\n    ticker:\n    evidence: [5]\n"
         "  - name: The Wall Street Journal\n"),
        (SHEET, "  - name: Contoso Ventures\n    aliases: []\n    ticker:\n    evidence: [5]\n", ""),
    ]
    assert pipeline.render(project).ok
    for number, (rel, old, new) in enumerate(edits):
        _edit(root, rel, old, new)
        assert pipeline.render(project).ok
        fresh = tmp_path / f"fresh-{number}"
        shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("briefings", ".briefsite-cache"))
        result = run_cli(fresh, "render")  # a new process: every page rendered from scratch
        assert result.returncode == 0, result.stderr
        assert _pages(root) == _pages(fresh), rel


def _rendered() -> list[str]:
    """The pages the last render in this process rendered (the others were left as they were)."""
    assert pipeline._MEMO.state is not None
    return pipeline._MEMO.state.rendered
