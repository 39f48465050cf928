"""The seed story's page reads in one minute (issue 15): each rule checked on the page the build writes from the
seeds, with the real extractor."""

from __future__ import annotations

import gzip
import json
import re
import types
from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefsite.stories.briefing import CURATED_TOPICS, near_duplicate
from tests.conftest import SHARED, build_briefings, copy_site
from tests.test_hand_edits import extractor

__all__ = ["extractor"]  # the fake extractor fixture, shared with test_hand_edits

@pytest.fixture(scope="module")
def story_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    briefings = build_briefings(copy_site(tmp_path_factory.mktemp("one-minute") / "site-root"))
    (story,) = sorted((briefings / "stories").glob("2018-07-18-*.md"))
    return story.read_text("utf-8")


def _section(page: str, title: str) -> list[str]:
    """The non-empty lines of a `## title` section (empty when the page has no such section)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    return [line for line in match.group(1).splitlines() if line.strip()] if match else []


def _text(line: str) -> str:
    """A bullet or paragraph without its list mark and citations."""
    return re.sub(r" — \*.*$| — \[\d+\].*$", "", line.removeprefix("- ")).strip()


def _front_matter_tags(page: str) -> list[str]:
    block = page.split("---\n")[1]
    return re.findall(r'^  - "(.*)"$', block.split("tags:\n", 1)[1], re.M) if "tags:\n" in block else []


def test_what_happened_has_at_most_five_cited_bullets(story_page: str) -> None:
    bullets = [line for line in _section(story_page, "What happened") if line.startswith("- ")]
    assert 1 <= len(bullets) <= 5
    assert all(re.search(r"\*\d+ of \d+ sources:\* \[\d+\]", b) for b in bullets), bullets
    # the announcement that the headline reports comes first
    assert "announced" in bullets[0] and "Amazon" in bullets[0]


def test_no_sentence_is_repeated_within_or_across_sections(story_page: str) -> None:
    happened = [_text(line) for line in _section(story_page, "What happened")]
    why = [_text(line) for line in _section(story_page, "Why it matters")]
    shown = happened + why
    for i, a in enumerate(shown):
        for b in shown[i + 1:]:
            assert not near_duplicate(a, b), (a, b)


def test_why_it_matters_is_a_cited_sentence_of_a_source(story_page: str) -> None:
    why = _section(story_page, "Why it matters")
    assert len(why) == 1 and re.search(r" — \*\d+ of \d+ sources:\* \[\d+\]\(\.\./sources/", why[0]), why
    sentence = _text(why[0])
    seeds = " ".join(p.read_text("utf-8") for p in (Path(__file__).parents[1] / "seeds").glob("*.txt"))
    assert sentence in seeds


def test_tags_are_entities_and_curated_topics_each_once_in_one_case(story_page: str) -> None:
    tags = _front_matter_tags(story_page)
    assert tags
    assert len({t.casefold() for t in tags}) == len(tags)
    curated = set(CURATED_TOPICS.values())
    entities = set(re.findall(r"\[([^\]]+)\]\(\.\./(?:companies|people)/", story_page))
    entities |= {name for name in tags if re.match(r"[A-Z0-9]", name)}  # places and products: proper names
    for tag in tags:
        assert tag in curated or tag in entities, tag
        assert tag[:1].isupper() or tag[:1].isdigit(), tag  # no lowercase word such as "compete"
    assert {"Microsoft", "Walmart", "Amazon"} <= set(tags)


def test_timeline_is_sorted_without_duplicate_rows(story_page: str) -> None:
    rows = [line for line in _section(story_page, "Background")
            if line.startswith("| ") and not line.startswith("| When")]
    assert rows
    assert len(rows) == len(set(rows))
    events = [row.split(" | ")[1] for row in rows]
    assert len(events) == len(set(events))
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]

    def key(when: str) -> tuple[int, ...]:
        if m := re.fullmatch(r"(\d{1,2}) (\w+) (\d{4})", when):
            return (0, int(m.group(3)), months.index(m.group(2)) + 1, int(m.group(1)))
        if m := re.fullmatch(r"(\w+) (\d{4})", when):
            return (0, int(m.group(2)), months.index(m.group(1)) + 1, 0)
        if re.fullmatch(r"\d{4}", when):
            return (0, int(when), 0, 0)
        return (1,)  # as stated (the article has no date): last

    whens = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    assert whens == sorted(whens, key=key)


def test_conflicts_are_between_sources_in_words(story_page: str) -> None:
    for line in _section(story_page, "Where sources disagree"):
        assert "(value)" not in line and "_" not in line.split("**")[1], line
        assert "*versus*" in line


def _corpus_seeds(folder: Path, count: int) -> None:
    """`count` real corpus articles as plain-text seeds: the page's title line, then the reference body."""
    corpus = SHARED / "corpus" / "scrapinghub-aeb"
    if not (corpus / "ground-truth.json").exists():
        pytest.skip("the shared corpus is not available")
    truth = json.loads((corpus / "ground-truth.json").read_text("utf-8"))
    for key in sorted(truth)[:count]:
        page = gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        found = lxml_html.fromstring(page).xpath('//meta[@property="og:title"]/@content|//title/text()')
        title = re.sub(r"\s+", " ", found[0]).strip() if found else "Untitled"
        (folder / f"corpus-{key[:10]}.txt").write_text(f"{title}\n\n{truth[key]['articleBody']}\n", "utf-8")


def test_the_seed_story_is_the_same_with_100_more_articles(tmp_path: Path, extractor: types.ModuleType) -> None:
    """Rendered from the seeds alone and from the seeds plus 100 real corpus articles, the seed story's page is
    the same page: same story id, both seeds, nothing else (the fake extractor of test_hand_edits; grouping
    reads only titles, dates and text)."""
    pages = []
    for name, extra in (("alone", 0), ("with-100", 100)):
        root = copy_site(tmp_path / name)
        _corpus_seeds(root / "seeds", extra)
        found = sorted((build_briefings(root) / "stories").glob("2018-07-18-*.md"))
        assert len(found) == 1
        pages.append((found[0].name, found[0].read_text("utf-8")))
    (name_alone, alone), (name_more, more) = pages
    assert name_alone == name_more and alone == more
    assert "000_04c23cf0a20b8793.md" in alone and "004_53d5a015a391f8b4.md" in alone
    assert "corpus-" not in more
