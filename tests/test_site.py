"""The site's pages: story briefing sections, entity pages, paged indexes, the RSS feed, tags, edit links and
escaping of article text inside diagrams and tags (a built fixture site shared by the module)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefsite import pipeline
from briefsite.config import load_project
from briefsite.site.render import format_day, mermaid_label, meta_date, tag_name
from tests.conftest import copy_site
from tests.sitefixture import QUOTE_CORE, SEED_A, STORY, build_fixture_site, write_fixture_facts


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("site") / "site-root", repo_url="https://github.com/o/r")


def _md(root: Path, page: str) -> str:
    return (root / "briefings" / page).read_text("utf-8")


def test_story_briefing_has_every_section_with_sources(root: Path) -> None:
    page = _md(root, f"stories/{STORY}.md")
    for heading in ("What happened", "Why it matters", "Key numbers", "Who's who", "Who said what",
                    "How they are connected", "Background", "Sources"):
        assert f"\n## {heading}\n" in page, heading
    assert "*2 of 2 sources:*" in page and "*1 of 2 sources:*" in page
    assert "| $3.3 billion (3,300,000,000 USD) | Jet.com acquisition |" in page
    assert f"> “{QUOTE_CORE}”" in page and "[Satya Nadella](../people/satya-nadella.md), to The Wall Street" in page
    assert "``` mermaid\ngraph LR\n" in page and "==>|\"acquired\"|" in page
    assert "[Edit this story sheet](https://github.com/o/r/edit/main/facts/stories/" in page


def test_entity_pages_list_stories_roles_and_quotes(root: Path) -> None:
    person = _md(root, "people/satya-nadella.md")
    # the dates of a role and the list of stories grow with the site: kept out of the search index
    assert '- CEO, Microsoft — as of <span data-pagefind-ignore="all">[18 July 2018]' in person
    assert QUOTE_CORE in person and '## Stories\n\n<div data-pagefind-ignore="all" markdown>\n' in person
    company = _md(root, "companies/microsoft.md")
    assert "**Ticker:** NASDAQ: MSFT" in company and f"(../stories/{STORY}.md)" in company
    assert "``` mermaid" in company
    assert "[Walmart](../companies/walmart.md) (WMT) — 1 story" in _md(root, "companies/index.md")


def test_indexes_are_paged_by_month_and_year(root: Path) -> None:
    assert "[July 2018](../stories/2018-07.md) — 1 story" in _md(root, "stories/index.md")
    assert f"(../stories/{STORY}.md)" in _md(root, "stories/2018-07.md")
    assert "[Undated](../sources/undated.md) — 1 article" in _md(root, "sources/index.md")
    assert "[2018](../timeline/2018.md) — 2 events" in _md(root, "timeline/index.md")
    assert "  January 2018 : Amazon opens its first Go store#44; in Seattle" in _md(root, "timeline/2018.md")


def test_rss_feed_lists_stories_dated_from_page_metadata(root: Path) -> None:
    feed = (root / "site" / "feed_rss_created.xml").read_text("utf-8")
    items = re.findall(r"<item>.*?</item>", feed, flags=re.S)
    assert len(items) == 1 and f"/stories/{STORY}/" in items[0]
    assert "<pubDate>Wed, 18 Jul 2018 04:01:00 +0000</pubDate>" in items[0]


def test_tags_and_edit_links(root: Path) -> None:
    page = _md(root, f"stories/{STORY}.md")
    assert '\ntags:\n  - "Microsoft"\n' in page and '  - "Satya Nadella"\n' in page
    assert "<!-- material/tags -->" in _md(root, "tags.md")
    assert "[Edit this fact sheet](https://github.com/o/r/edit/main/facts/" in _md(root, f"sources/{SEED_A}.md")


def test_no_edit_link_without_repo_url(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site-root", facts=True)
    write_fixture_facts(site)
    assert pipeline.render(load_project(site)).ok
    assert "Edit this" not in (site / "briefings" / "stories" / f"{STORY}.md").read_text("utf-8")


def test_conflicting_sources_show_both_values_with_their_sources(tmp_path: Path) -> None:
    import yaml

    site = copy_site(tmp_path / "site-root", facts=True)
    write_fixture_facts(site)
    sheet = site / "facts" / f"{SEED_A}.yaml"
    data = yaml.safe_load(sheet.read_text("utf-8"))
    data["people"][0]["role"] = "chief executive"
    sheet.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    assert pipeline.render(load_project(site)).ok
    page = (site / "briefings" / "stories" / f"{STORY}.md").read_text("utf-8")
    section = page.split("## Where sources disagree")[1].split("\n## ")[0]
    assert "**Satya Nadella's role**:" in section  # in words, never a field name
    assert "chief executive — [1](" in section and "CEO — [2](" in section and "*versus*" in section, section


def test_hostile_text_is_inert_in_diagrams_and_tags() -> None:
    label = mermaid_label('Evil"] --> x[<img src=x onerror=alert(1)>]; click n0 call alert()')
    assert not set(str(label)) & set('"[]<>();:|`#') - {"#", ";"}  # only entity codes remain
    assert re.fullmatch(r"(?:[\w ]|#\d+;|…)+", str(label))
    assert str(mermaid_label("AT&T")) == "AT#38;T"
    assert tag_name("<script>alert(1)</script> & Co") == "scriptalert(1)script and Co"


def test_dates_for_pages_and_feed() -> None:
    assert str(meta_date("2018-07-18T09:31:00+05:30")) == '"2018-07-18 04:01"'
    assert str(meta_date("2018-07-18")) == '"2018-07-18 00:00"'
    assert (format_day("2016"), format_day("2018-01"), format_day("2018-07-18T09:31:00+05:30")) == (
        "2016", "January 2018", "18 July 2018")
