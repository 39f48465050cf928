"""Story sheets (`facts/stories/<id>.yaml`) as a person maintains them: moving an article to another story by hand,
a story's headline when articles join it, hand edits kept when articles join, a story whose articles are all gone,
and `check` on a story sheet that lists an article that is not in it (issue 12, section 2; issue 15).

The extractor is the small deterministic fake of test_hand_edits (these tests are about the story sheets)."""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefsite import pipeline
from briefsite.config import Project, load_project
from briefsite.facts import yamlio
from tests.test_hand_edits import extractor

__all__ = ["extractor"]  # the fixture, shared with test_hand_edits

SEED_A, SEED_B = "000_04c23cf0a20b8793", "004_53d5a015a391f8b4"
OTHER = "kroger-microsoft"
# A third article, another event on the same companies (a short text written for these tests, not a real report).
OTHER_TEXT = """Kroger and Microsoft partner on connected grocery store pilot

  • Published: January 7, 2019 8:00 AM EST

Kroger and Microsoft announced a partnership on Monday to pilot connected grocery stores, with digital shelf \
displays that show prices and ads and guide shoppers to the items on their lists.

The grocer will run the Azure-based system in two stores near its Cincinnati headquarters and plans to sell the \
retail-as-a-service product to other retailers.

Kroger's chief executive said the pilot would help shoppers find what they need faster.
"""


@pytest.fixture
def project(site_dir: Path, extractor: types.ModuleType) -> Iterator[Project]:
    """The seeds and a third article on another event, normalized once."""
    (site_dir / "seeds" / f"{OTHER}.txt").write_text(OTHER_TEXT, "utf-8")
    project = load_project(site_dir)
    report = pipeline.normalize(project, progress=False)
    assert report.ok, report.errors
    yield project


def _plain(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yamlio.to_plain(yamlio.load(path.read_text("utf-8"), str(path)))
    return data


def _story_of(project: Project, article: str) -> str:
    return str(_plain(project.facts / f"{article}.yaml")["story"])


def _story_sheet(project: Project, story: str) -> dict[str, Any]:
    return _plain(project.facts / "stories" / f"{story}.yaml")


def _set_story(project: Project, article: str, story: str) -> None:
    path = project.facts / f"{article}.yaml"
    text = path.read_text("utf-8")
    old = f"story: {_story_of(project, article)}\n"
    assert old in text
    path.write_text(text.replace(old, f"story: {story}  # moved by hand\n"), "utf-8")


def test_setup_two_stories(project: Project) -> None:
    seeds, other = _story_of(project, SEED_A), _story_of(project, OTHER)
    assert _story_of(project, SEED_B) == seeds != other
    assert _story_sheet(project, seeds)["articles"] == [SEED_A, SEED_B]
    assert _story_sheet(project, other)["articles"] == [OTHER]


def test_a_moved_article_leaves_its_old_story_sheet_and_joins_the_new_one(project: Project) -> None:
    seeds, other = _story_of(project, SEED_A), _story_of(project, OTHER)
    _set_story(project, SEED_B, other)
    report = pipeline.normalize(project, progress=False)
    assert report.ok, report.errors
    assert _story_sheet(project, seeds)["articles"] == [SEED_A]
    assert _story_sheet(project, other)["articles"] == [SEED_B, OTHER] or \
        _story_sheet(project, other)["articles"] == [OTHER, SEED_B]
    assert pipeline.check(project).ok


def test_moving_the_only_article_out_removes_the_emptied_story_sheet(project: Project) -> None:
    seeds, other = _story_of(project, SEED_A), _story_of(project, OTHER)
    _set_story(project, OTHER, seeds)
    report = pipeline.normalize(project, progress=False)
    assert report.ok, report.errors
    assert not (project.facts / "stories" / f"{other}.yaml").exists()
    assert OTHER in _story_sheet(project, seeds)["articles"]
    assert pipeline.check(project).ok


def test_an_emptied_story_sheet_edited_by_hand_is_kept_listing_nothing(project: Project) -> None:
    seeds, other = _story_of(project, SEED_A), _story_of(project, OTHER)
    path = project.facts / "stories" / f"{other}.yaml"
    path.write_text(path.read_text("utf-8").replace("why_it_matters:", "# keep this\nwhy_it_matters:"), "utf-8")
    _set_story(project, OTHER, seeds)
    report = pipeline.normalize(project, progress=False)
    assert report.ok, report.errors
    assert _story_sheet(project, other)["articles"] == [] and "# keep this" in path.read_text("utf-8")
    assert any(other in note and "edited by hand" in note for note in report.notes)
    assert pipeline.check(project).ok


def test_moving_an_article_in_keeps_the_story_headline(project: Project) -> None:
    other = _story_of(project, OTHER)
    headline = _story_sheet(project, other)["headline"]
    _set_story(project, SEED_A, other)  # the seed with a title moves into the story
    assert pipeline.normalize(project, progress=False).ok
    assert _story_sheet(project, other)["headline"] == headline
    assert SEED_A in _story_sheet(project, other)["articles"]


def test_hand_edits_of_a_story_survive_an_article_joining(project: Project) -> None:
    seeds = _story_of(project, SEED_A)
    path = project.facts / "stories" / f"{seeds}.yaml"
    text = path.read_text("utf-8")
    headline = _story_sheet(project, seeds)["headline"]
    text = text.replace(f"headline: {headline}\n", "headline: Walmart picks Azure  # desk headline\n")
    path.write_text(text.replace("why_it_matters:", "# reviewed by the desk\nwhy_it_matters:"), "utf-8")
    # a teaser of the first seed (its first paragraphs under another headline) joins the story
    first = (project.root / "seeds" / f"{SEED_A}.txt").read_text("utf-8").split("\n\n")
    teaser = "\n\n".join(["Walmart signs on to Microsoft cloud", *first[2:4]])
    (project.root / "seeds" / "teaser.txt").write_text(teaser + "\n", "utf-8")
    assert pipeline.normalize(project, progress=False).ok
    assert _story_of(project, "teaser") == seeds
    sheet = _story_sheet(project, seeds)
    assert sheet["headline"] == "Walmart picks Azure" and "teaser" in sheet["articles"]
    assert "# desk headline" in path.read_text("utf-8") and "# reviewed by the desk" in path.read_text("utf-8")


def test_a_story_whose_articles_are_all_gone_loses_its_sheet(project: Project) -> None:
    other = _story_of(project, OTHER)
    (project.root / "seeds" / f"{OTHER}.txt").unlink()
    (project.facts / f"{OTHER}.yaml").unlink()
    report = pipeline.normalize(project, progress=False)
    assert report.ok, report.errors
    assert not (project.facts / "stories" / f"{other}.yaml").exists()
    assert not (project.facts / "stories" / ".base" / f"{other}.yaml").exists()
    assert pipeline.check(project).ok


def test_check_reports_a_story_sheet_listing_an_article_that_is_not_in_it(project: Project) -> None:
    seeds, other = _story_of(project, SEED_A), _story_of(project, OTHER)
    path = project.facts / "stories" / f"{other}.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace(f"  - {OTHER}\n", f"  - {OTHER}\n  - {SEED_A}\n  - no-such-article\n"), "utf-8")
    report = pipeline.check(project)
    assert not report.ok
    messages = [str(p) for p in report.errors]
    rel = f"facts/stories/{other}.yaml"
    assert any(m.startswith(f"{rel}:") and SEED_A in m and seeds in m for m in messages), messages
    assert any(m.startswith(f"{rel}:") and "no-such-article" in m for m in messages), messages
