"""Golden files for the generated Markdown of the seeds. Regenerate on purpose with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`, then review the diff."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from tests.conftest import REPO, build_briefings, copy_site

GOLDEN = REPO / "tests" / "golden"
PAGES = {
    "article-000.md": "sources/000_04c23cf0a20b8793.md",
    "article-004.md": "sources/004_53d5a015a391f8b4.md",
    "index.md": "index.md",
    "sources.md": "sources/index.md",
    "story.md": "stories/2018-07-18-microsoft-walmart-amazon-b20451.md",
}


@pytest.fixture(scope="module")
def briefings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_briefings(copy_site(tmp_path_factory.mktemp("golden") / "site-root"))


@pytest.mark.parametrize("golden", sorted(PAGES))
def test_generated_markdown_matches_golden(briefings: Path, golden: str) -> None:
    actual = (briefings / PAGES[golden]).read_text("utf-8")
    expected_file = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual, "utf-8")
    expected = expected_file.read_text("utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"golden/{golden}", f"generated/{PAGES[golden]}"))
    assert not diff, f"generated Markdown differs from the golden file:\n{diff}"


def test_committed_briefings_are_what_the_build_makes(briefings: Path) -> None:
    """briefings/ in the repository is generated; it must match a fresh build of the committed inputs."""
    for page in PAGES.values():
        assert (REPO / "briefings" / page).read_text("utf-8") == (briefings / page).read_text("utf-8"), page
