"""No broken link or anchor anywhere in a built site: every relative href and src of every HTML page leads to
a file of the site, and every #fragment to an element id on the target page."""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.sitefixture import build_fixture_site, synthetic_site


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if value is not None and ((name == "href" and tag in ("a", "link")) or (name == "src" and tag in (
                    "img", "script", "iframe"))):
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Every broken internal link or anchor in `site`, as `page: link (why)`."""
    pages: dict[str, _Page] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(path.read_text("utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    problems = []
    for page, parser in pages.items():
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            if not parts.path:
                target = page
            elif parts.path.startswith("/"):  # 404.html links from the site root (site_url's path is /)
                target = posixpath.normpath(unquote(parts.path).lstrip("/") or ".")
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
            if parts.path.endswith("/") or (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if target.startswith("../") or not (site / target).is_file():
                problems.append(f"{page}: {link} (no such file)")
                continue
            if parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{page}: {link} (no such anchor)")
    return problems


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("links") / "site-root") / "site"


def test_no_broken_link_or_anchor_in_the_seed_site(fixture_site: Path) -> None:
    assert len(list(fixture_site.rglob("*.html"))) > 20
    assert broken_links(fixture_site) == []


def test_citations_point_at_sentences(fixture_site: Path) -> None:
    story = next((fixture_site / "stories").glob("2018-*-walmart-*/index.html")).read_text("utf-8")
    assert 'href="../../sources/004_53d5a015a391f8b4/#s27"' in story


def test_no_broken_link_in_a_generated_site(tmp_path: Path) -> None:
    from briefsite import pipeline
    from briefsite.config import load_project
    from briefsite.site.publish import publish

    root = synthetic_site(tmp_path / "site-root", 30)
    assert pipeline.render(load_project(root)).ok
    publish(root, source_date_epoch="1600000000")
    assert broken_links(root / "site") == []


def test_the_checker_finds_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="x"><a href="../b/">b</a><a href="#y">y</a><a href="#x">x</a>')
    assert broken_links(tmp_path) == ["a/index.html: ../b/ (no such file)", "a/index.html: #y (no such anchor)"]
