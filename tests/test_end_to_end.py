"""End to end, as a user runs it: build.py on a copy of this site, strict MkDocs build, rebuilds, bad sheets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import RunCli

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One strict build of the two seeds, shared by the read-only tests below."""
    from briefsite.cli import main
    from tests.conftest import copy_site

    root = copy_site(tmp_path_factory.mktemp("e2e") / "site-root")

    assert main(["--root", str(root), "--quiet", "build"]) == 0
    return root


def test_home_lists_both_seed_articles(built: Path) -> None:
    home = (built / "site" / "index.html").read_text("utf-8")
    story = next((built / "site" / "stories").glob("2018-07-18-*/index.html")).read_text("utf-8")
    assert "Microsoft and Walmart deepen partnership to take on rival Amazon" in home
    # the two seeds report one event: one story on the home page, both articles in its sources
    assert "It&#39;s no secret that online shopping" in story or "It's no secret that online shopping" in story


def test_article_pages_show_title_date_and_clean_text(built: Path) -> None:
    page = (built / "site" / "sources" / "000_04c23cf0a20b8793" / "index.html").read_text("utf-8")
    assert "<h1" in page and "Microsoft and Walmart deepen partnership to take on rival Amazon" in page
    assert "18 July 2018, 09:31 (UTC+05:30)" in page
    assert "The five-year partnership will enable Walmart" in page
    text_section = page.split('id="text"', 1)[1].split('id="removed-from-the-source"', 1)[0]
    assert "Oppo Find X" not in text_section  # the promo line is not article text ...
    assert "Oppo Find X" in page  # ... and is listed as removed
    untitled = (built / "site" / "sources" / "004_53d5a015a391f8b4" / "index.html").read_text("utf-8")
    assert "derived from its first sentence" in untitled
    body = untitled.split('id="text"', 1)[1].split('id="removed-from-the-source"', 1)[0]
    assert "Getty Images" not in body and "bokeh" not in body


def test_nav_is_section_level(built: Path) -> None:
    page = (built / "site" / "index.html").read_text("utf-8")
    nav = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', page)
    assert nav == ["Home", "Stories", "Companies", "People", "Timeline", "Sources", "About"]
    assert "000_04c23cf0a20b8793" not in page.split('class="md-tabs"', 1)[1].split("</nav>", 1)[0]


def test_second_build_rewrites_nothing(site_dir: Path, run_cli: RunCli) -> None:
    first = run_cli(site_dir, "build")
    assert first.returncode == 0, first.stderr
    facts, briefings, site = _tree(site_dir / "facts"), _tree(site_dir / "briefings"), _tree(site_dir / "site")
    mtimes = {p: p.stat().st_mtime_ns for p in (site_dir / "facts").rglob("*.yaml")}
    second = run_cli(site_dir, "build")
    assert second.returncode == 0, second.stderr
    assert _tree(site_dir / "facts") == facts
    assert _tree(site_dir / "briefings") == briefings
    assert _tree(site_dir / "site") == site  # byte-identical site
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes  # no sheet rewritten


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("title: Microsoft", "title: [Microsoft"), r"facts/000_04c23cf0a20b8793\.yaml:\d+: "),
        (lambda t: t.replace("extractor: ", "extractor: many # "), r"facts/000_04c23cf0a20b8793\.yaml:3: extractor: "),
        (lambda t: t.replace("dek:", "deck:"), r"facts/000_04c23cf0a20b8793\.yaml:\d+: deck: unknown key"),
    ],
    ids=["bad-yaml", "wrong-type", "unknown-key"],
)
def test_broken_fact_sheet_fails_check_and_build_and_keeps_site(
    site_dir: Path, run_cli: RunCli, edit: object, expected: str
) -> None:
    assert run_cli(site_dir, "build").returncode == 0
    sheet = site_dir / "facts" / "000_04c23cf0a20b8793.yaml"
    sheet.write_text(edit(sheet.read_text("utf-8")), "utf-8")  # type: ignore[operator]
    broken = sheet.read_bytes()
    site_before = _tree(site_dir / "site")
    for verb in ("check", "build"):
        result = run_cli(site_dir, verb)
        assert result.returncode == 1, (verb, result.stderr)
        assert re.search(expected, result.stderr), result.stderr
        assert "Traceback" not in result.stderr
    assert sheet.read_bytes() == broken  # the person's file is never overwritten
    assert _tree(site_dir / "site") == site_before


def test_every_verb_has_help(run_cli: RunCli, tmp_path: Path) -> None:
    for verb in ("normalize", "render", "build", "serve", "check"):
        result = run_cli(tmp_path, verb, "--help")
        assert result.returncode == 0 and "usage: build.py" in result.stdout and verb in result.stdout


def test_missing_site_folder_is_a_clear_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(tmp_path / "nowhere", "build")
    assert result.returncode == 1
    assert "site folder does not exist" in result.stderr and "Traceback" not in result.stderr
