"""Pages that scale: the nav is section-level and members are listed by paged indexes, so the HTML of the home
page, an article page and a story page does not grow with the number of articles; nor does the text a search
result loads for a person's or company's page (their lists of stories stay out of the search index).

`python -m tests.test_site_scale 100 2000` prints the figures for bigger sites (not run by the suite)."""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from pathlib import Path

import pytest

from briefsite import pipeline
from briefsite.config import load_project
from briefsite.site.publish import publish
from tests.sitefixture import synthetic_site

# Index pages (stories/index: one line per month) grow with the time span covered, not with the articles.
SAMPLE_PAGES = ("index.html", "sources/syn_00001/index.html", "stories/syn-story-00000/index.html",
                "about/index.html")


LISTINGS = ("", "/stories", "/people", "/companies", "/sources", "/timeline", "/tags")  # "" is the home page
_PERIOD = re.compile(r"^/(?:(?:stories|sources)/(?:\d{4}-\d{2}|undated)|timeline/(?:\d{4}|undated))/$")


def search_texts(site: Path) -> dict[str, str]:
    """The text Pagefind keeps for each indexed page (its fragment: what a search result loads), by URL."""
    texts = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])  # after Pagefind's "pagefind_dcd" signature
        texts[record["url"]] = record["content"]
    return texts


def measure(root: Path, articles: int) -> dict[str, int | float]:
    """Build a synthetic site of `articles` sheets; the HTML size of sample pages, page count and timings."""
    synthetic_site(root, articles)
    project = load_project(root)
    started = time.perf_counter()
    report = pipeline.render(project)
    assert report.ok, report.errors
    rendered = time.perf_counter()
    publish(root, source_date_epoch="1600000000")
    built = time.perf_counter()
    sizes: dict[str, int | float] = {page: (root / "site" / page).stat().st_size for page in SAMPLE_PAGES}
    sizes["pages"] = sum(1 for _ in (root / "site").rglob("index.html"))
    texts = search_texts(root / "site")
    people = [text for url, text in texts.items() if url.startswith("/people/")]
    sizes["company_search_text"] = max(len(text) for url, text in texts.items() if url.startswith("/companies/"))
    sizes["person_search_text"] = max(len(text) for text in people)
    sizes["person_quotes_indexed"] = max(text.count("\u201c") for text in people)
    sizes["listing_pages_indexed"] = sum(1 for url in texts if url.rstrip("/") in LISTINGS or _PERIOD.match(url))
    sizes["render_s"] = round(rendered - started, 2)
    sizes["build_s"] = round(built - rendered, 2)
    return sizes


@pytest.mark.slow
def test_page_html_size_does_not_grow_with_articles(tmp_path: Path) -> None:
    small = measure(tmp_path / "small", 50)  # 25 stories: the home page is full (home_limit 20)
    large = measure(tmp_path / "large", 250)
    assert large["pages"] > 2.5 * small["pages"]
    for page in SAMPLE_PAGES:
        # counts in the text ("All 100 stories") may gain a digit or two; the nav and lists do not grow
        assert abs(int(large[page]) - int(small[page])) < 600, (page, small[page], large[page])
    # the busiest company is named by 5 times as many stories: what search loads for it is the same; a person's
    # grows only to their first 3 roles and quotes (the small site has 2 of each)
    assert abs(int(large["company_search_text"]) - int(small["company_search_text"])) < 20, (small, large)
    assert small["person_quotes_indexed"] == 2 and large["person_quotes_indexed"] == 3, (small, large)
    assert int(large["person_search_text"]) < 1.6 * int(small["person_search_text"]), (small, large)
    assert small["listing_pages_indexed"] == large["listing_pages_indexed"] == 1  # the home page only


if __name__ == "__main__":
    import tempfile

    for n in [int(a) for a in sys.argv[1:]] or [100, 2000]:
        with tempfile.TemporaryDirectory() as folder:
            print(n, measure(Path(folder) / "site-root", n), flush=True)
