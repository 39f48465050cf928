"""Zensical (the Material team's successor to MkDocs, pinned as the optional extra `zensical`, installed by
`make`) builds the same pages as MkDocs from the same mkdocs.yml and briefings, and its output passes the same
audit: `publish` refuses a site with active content the theme does not ship."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefsite.site.publish import publish
from briefsite.site.sanitize import audit_site
from tests.sitefixture import STORY, build_fixture_site

pytestmark = pytest.mark.slow


def _pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    try:
        import zensical  # noqa: F401
    except ImportError:
        pytest.fail("Zensical is not installed: `make` installs the `zensical` extra", pytrace=False)
    mkdocs_root = build_fixture_site(tmp_path_factory.mktemp("mkdocs") / "site-root")
    zensical_root = tmp_path_factory.mktemp("zensical") / "site-root"
    shutil.copytree(mkdocs_root, zensical_root, ignore=shutil.ignore_patterns("site", ".briefsite-cache"))
    publish(zensical_root, source_date_epoch="1531900000", publisher="zensical")
    return mkdocs_root / "site", zensical_root / "site"


def test_zensical_builds_the_same_pages_as_mkdocs(sites: tuple[Path, Path]) -> None:
    mkdocs_site, zensical_site = sites
    pages = _pages(mkdocs_site)
    assert f"stories/{STORY}/index.html" in pages and "people/satya-nadella/index.html" in pages
    assert _pages(zensical_site) == pages
    assert audit_site(zensical_site) == []
    for site in sites:  # both carry the pinned mermaid and a search index, and no stray build config
        assert (site / "assets" / "javascripts" / "mermaid.min.js").is_file()
        assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not list(zensical_site.parent.glob(".site-new-*"))


def test_zensical_reads_the_rss_match_path(sites: tuple[Path, Path]) -> None:
    """The feed lists the story pages only, as with MkDocs (Zensical rejects look-around in the pattern)."""
    for site in sites:
        feed = (site / "feed_rss_created.xml").read_text("utf-8")
        assert feed.count("<item>") == 1
        assert f"/stories/{STORY}/</link>" in feed


def test_a_page_with_a_script_fails_the_zensical_build(sites: tuple[Path, Path], tmp_path: Path) -> None:
    """Zensical does not run Briefsite's sanitising plugin; the audit still stops unsafe output."""
    root = tmp_path / "site-root"
    shutil.copytree(sites[1].parent, root, ignore=shutil.ignore_patterns("site", ".briefsite-cache", ".cache"))
    (root / "briefings" / "hand.md").write_text("# Hand\n\n<script>alert(1)</script>\n", "utf-8")
    from briefsite.errors import PublishError

    with pytest.raises(PublishError, match="hand"):
        publish(root, source_date_epoch="1531900000", publisher="zensical")
    assert not (root / "site").exists()
