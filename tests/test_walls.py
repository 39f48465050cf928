"""Paywall, consent-wall and boilerplate pages (read/walls.py), with metamorphic checks: a wall notice added to a
real article is taken out and changes nothing else; the same notice alone is a wall page."""

from __future__ import annotations

import pytest

from briefsite.read.html import parse_html
from briefsite.read.readers import read
from briefsite.read.walls import WALL_PHRASES, detect
from tests.conftest import REPO, SEEDS

NOTICES = ["This copy is for your personal, non-commercial use only. To order presentation-ready copies visit "
           "http://www.djreprints.com.", "Subscribe to continue reading.",
           "We use cookies and similar technologies to improve your experience. Accept all cookies?",
           "Please enable JavaScript to view this page."]


def _seed_paragraphs() -> list[tuple[str, ...]]:
    return [read(path, REPO).paragraphs for path in SEEDS]


@pytest.mark.parametrize("notice", NOTICES)
def test_a_notice_inside_a_real_article_is_removed_and_nothing_else_changes(notice: str) -> None:
    for paragraphs in _seed_paragraphs():
        assert detect(paragraphs) == (list(paragraphs), [], None)  # no false alarm on the seeds
        for at in (0, len(paragraphs) // 2, len(paragraphs)):
            body = [*paragraphs[:at], notice, *paragraphs[at:]]
            kept, removed, wall = detect(body)
            assert kept == list(paragraphs) and [r.text for r in removed] == [notice] and wall is None


@pytest.mark.parametrize("notice", NOTICES)
def test_a_notice_alone_is_a_wall_page(notice: str) -> None:
    kept, removed, wall = detect([notice, "https://example.org/a"])
    assert wall is not None and wall.kind in WALL_PHRASES and kept == ["https://example.org/a"]
    assert removed[0].kind == wall.kind


def test_a_long_paragraph_that_mentions_a_phrase_is_article_text() -> None:
    text = ("Regulators said the publisher's notice, which told readers to subscribe to continue reading, broke "
            "consumer law. " * 8)
    assert detect([text]) == ([text], [], None)


def _page(body: str, free: str | None) -> str:
    ld = "" if free is None else (f'<script type="application/ld+json">{{"@type": "NewsArticle", '
                                  f'"isAccessibleForFree": {free}}}</script>')
    return (f"<html><head><title>Headline</title>{ld}</head>"
            f"<body><article><h1>Headline</h1>{body}</article></body></html>")


def test_a_page_that_is_not_free_is_a_paywall_only_when_it_holds_a_teaser() -> None:
    full = "".join(f"<p>{p}</p>" for p in _seed_paragraphs()[1])
    teaser = "<p>Gaming used to be so simple. We would buy a game and play it to the end.</p><p>All...</p>"
    assert parse_html(_page(full, "false"), "a.html", "0" * 64).wall is None  # full text despite the flag
    assert parse_html(_page(full, None), "a.html", "0" * 64).wall is None
    walled = parse_html(_page(teaser, "false"), "a.html", "0" * 64)
    assert walled.wall is not None and walled.wall.kind == "paywall"
    assert "isAccessibleForFree: false" in walled.wall.reason
    assert any("a.html: paywall: full text not available" in w for w in walled.warnings)
    assert parse_html(_page(teaser, "true"), "a.html", "0" * 64).wall is None


def test_a_page_holding_only_a_notice_is_published_without_article_text() -> None:
    page = _page(f"<p>{NOTICES[0]}</p>", None)
    article = parse_html(page, "a.html", "0" * 64)
    assert article.wall is not None and article.paragraphs == ()
    assert [r.kind for r in article.removed] == ["paywall"]
