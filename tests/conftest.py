"""Shared fixtures: a temporary copy of this site folder to build in (the staticjinja model)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from briefsite.extract.models import Facts

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = sorted((REPO / "seeds").iterdir())


def copy_site(target: Path, *, seeds: bool = True, facts: bool = False) -> Path:
    """A site folder with this project's mkdocs.yml and templates/ (and, optionally, seeds/ and facts/)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "templates", target / "templates")
    if seeds:
        shutil.copytree(REPO / "seeds", target / "seeds")
    else:
        (target / "seeds").mkdir()
    if facts:
        shutil.copytree(REPO / "facts", target / "facts")
    return target


def build_briefings(root: Path) -> Path:
    """Normalize and render the site folder `root` in this process (no publisher); returns its briefings/."""
    from briefsite import pipeline
    from briefsite.config import load_project

    project = load_project(root)
    assert pipeline.normalize(project, progress=False).ok
    assert pipeline.render(project).ok
    return root / "briefings"


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A fresh site folder holding the two seed articles."""
    return copy_site(tmp_path / "site-root")


RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli() -> RunCli:
    """Run `build.py` as a user would, in a subprocess."""

    def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--root", str(root), "--quiet", *args],
            capture_output=True, text=True, check=False, env={**os.environ, **(env or {})},
        )

    return run


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The extraction model, loaded once for the session."""
    from briefsite.extract.nlp import DEFAULT_MODEL, load_model

    return load_model(DEFAULT_MODEL)


def facts_of(nlp: Any, *paragraphs: str, headline: str = "Local news of the week") -> Facts:
    """Facts of a made-up plain-text article (`headline`, then `paragraphs`), read by the real plain-text
    reader and extracted with `nlp`."""
    from briefsite.extract.article import extract
    from briefsite.read.plain import parse_text

    article = parse_text("\n\n".join([headline, *paragraphs]), "made-up.txt", "0" * 64)
    return extract(article, nlp)
