"""The built site in a real browser: Debian's chromium driven by pytest-playwright, the site served over http
on localhost from a thread. One site is built for the whole module; screenshots go to test-output/browser/.

Every test fails on any request leaving the site (the site carries its own mermaid and search), any console
error and any page error. Every page kind (home, story, person, company, source) is checked with axe-core
(`make browser-deps` fetches the pinned copy from the npm registry) in both palettes: no serious or critical
violation, the theme's own chrome included."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from tests.conftest import REPO
from tests.sitefixture import QUOTE_CORE, SEED_B, STORY, build_fixture_site

pytestmark = pytest.mark.browser

HEADLINE = "Microsoft and Walmart deepen partnership to take on rival Amazon"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = REPO / "test-output" / "browser"
# Material renders each diagram into a closed shadow root; the test opens it so the svg can be inspected.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
"""


AXE_VERSION = "4.14.1"
AXE_JS = Path(sys.prefix) / "browser" / f"axe-core-{AXE_VERSION}.min.js"  # `make browser-deps` puts it there
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGES = {
    "home": "/",
    "story": f"/stories/{STORY}/",
    "person": "/people/satya-nadella/",
    "company": "/companies/walmart/",
    "source": f"/sources/{SEED_B}/",
}
PALETTES = {"light": "default", "dark": "slate"}

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed: run `make browser-deps`", allow_module_level=True)
if not AXE_JS.is_file():
    pytest.fail(f"axe-core {AXE_VERSION} is missing at {AXE_JS}: run `make browser-deps`", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium, never a downloaded one; Playwright gives each launch a fresh profile folder."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "color_scheme": "light", "viewport": {"width": 1280, "height": 900},
            "service_workers": "block"}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site (the seeds with hand-filled fact sheets), built once and served on localhost at the
    address its `site_url` names (the RSS feed and canonical links are built from it)."""
    root = tmp_path_factory.mktemp("browser") / "site-root"
    handler = functools.partial(_QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    build_fixture_site(root, repo_url="https://git.example.org/example/briefs", site_url=url + "/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def tab(page: Page, site_url: str) -> Iterator[Page]:
    """A page with console errors, page errors and requests leaving localhost recorded; each test ends by
    asserting there were none."""
    problems: list[str] = []

    def route(request: Route) -> None:
        url = request.request.url
        if url.startswith(site_url + "/"):
            request.continue_()
        else:
            problems.append(f"request leaving the site: {url}")
            request.abort()

    page.route("**/*", route)
    page.add_init_script(OPEN_SHADOW_ROOTS)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield page
    assert not problems, "\n".join(problems)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_home_loads_with_the_seed_story(tab: Page, site_url: str) -> None:
    tab.goto(site_url + "/")
    expect(tab).to_have_title("Briefsite briefings")
    story = tab.get_by_role("link", name=HEADLINE)
    expect(story).to_be_visible()
    for section in ("Stories", "Companies", "People", "Timeline", "Sources", "About"):
        expect(tab.locator(".md-tabs").get_by_role("link", name=section, exact=True)).to_be_visible()
    _shot(tab, "home")


def test_search_for_nadella_reaches_his_person_page(tab: Page, site_url: str) -> None:
    tab.goto(site_url + "/")
    tab.wait_for_load_state("networkidle")  # the search index is loaded by a worker
    search = tab.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Nadella", delay=30)
    result = tab.locator("a.md-search-result__link[href*='people/satya-nadella/']").first
    expect(result).to_be_visible(timeout=15_000)
    _shot(tab, "search-nadella")
    result.click()
    expect(tab).to_have_url(re.compile(r"/people/satya-nadella/(\?h=nadella)?$"))
    expect(tab.locator(".md-content h1")).to_contain_text("Satya Nadella")
    expect(tab.locator(".md-content").get_by_text("CEO, Microsoft")).to_be_visible()
    expect(tab.locator(".md-content").get_by_text(QUOTE_CORE).first).to_be_visible()
    _shot(tab, "person-nadella")


def test_story_page_shows_quotes_with_sources_and_renders_the_diagram(tab: Page, site_url: str) -> None:
    tab.goto(f"{site_url}/stories/{STORY}/")
    expect(tab.locator(".md-content h1")).to_contain_text(HEADLINE)
    quote = tab.locator("blockquote", has_text=QUOTE_CORE)
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("Satya Nadella")
    expect(quote).to_contain_text("2 of 2 sources")
    expect(quote.get_by_role("link", name="2", exact=True)).to_have_attribute(
        "href", re.compile(r"/sources/004_53d5a015a391f8b4/#s27$"))
    diagram = tab.locator("div.mermaid svg").first
    expect(diagram).to_be_visible(timeout=20_000)
    expect(tab.locator("div.mermaid svg", has_text="Walmart").first).to_be_visible()
    expect(tab.locator("div.mermaid svg", has_text="Flipkart").first).to_be_visible()
    expect(tab.get_by_role("link", name="Edit this story sheet")).to_have_attribute(
        "href", f"https://git.example.org/example/briefs/edit/main/facts/stories/{STORY}.yaml")
    _shot(tab, "story")


def test_a_citation_leads_to_the_sentence(tab: Page, site_url: str) -> None:
    tab.goto(f"{site_url}/stories/{STORY}/")
    tab.locator("blockquote", has_text=QUOTE_CORE).get_by_role("link", name="2", exact=True).click()
    sentence = tab.locator("#s27")
    expect(sentence).to_be_visible()
    expect(sentence).to_contain_text(QUOTE_CORE)
    expect(sentence).to_be_in_viewport()


def test_a_link_loads_the_page_and_its_diagrams_and_never_the_sitemap(tab: Page, site_url: str) -> None:
    """No instant loading: it would fetch the whole sitemap.xml (growing with the site) on every page load."""
    fetched: list[str] = []
    tab.on("request", lambda r: fetched.append(r.url))
    tab.goto(site_url + "/")
    tab.wait_for_load_state("networkidle")
    tab.get_by_role("link", name=HEADLINE).click()
    expect(tab.locator(".md-content h1")).to_contain_text("Microsoft and Walmart")
    expect(tab.locator("div.mermaid svg").first).to_be_visible(timeout=20_000)
    tab.locator("input.md-search__input").fill("Walmart")  # search works on the page reached by a link
    expect(tab.locator("a.md-search-result__link").first).to_be_visible(timeout=5_000)
    tab.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "sitemap" in url], "a page fetched the sitemap"


def test_palette_toggle_switches_light_and_dark(tab: Page, site_url: str) -> None:
    tab.goto(site_url + "/")
    body = tab.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    tab.locator("form[data-md-component=palette] label:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    _shot(tab, "home-dark")
    tab.goto(f"{site_url}/companies/walmart/")  # the choice is kept across pages
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    expect(tab.locator("div.mermaid svg").first).to_be_visible(timeout=20_000)
    _shot(tab, "company-dark")
    tab.locator("form[data-md-component=palette] label:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_timeline_and_company_pages_draw_their_diagrams(tab: Page, site_url: str) -> None:
    tab.goto(f"{site_url}/timeline/2018/")
    expect(tab.locator("div.mermaid svg", has_text="Amazon opens its").first).to_be_visible(
        timeout=20_000)
    _shot(tab, "timeline-2018")
    tab.goto(f"{site_url}/companies/microsoft/")
    expect(tab.get_by_text("NASDAQ: MSFT")).to_be_visible()
    expect(tab.get_by_role("link", name=HEADLINE)).to_be_visible()


def test_story_prints_without_site_chrome(tab: Page, site_url: str) -> None:
    tab.goto(f"{site_url}/stories/{STORY}/")
    expect(tab.locator("div.mermaid svg").first).to_be_visible(timeout=20_000)
    tab.emulate_media(media="print")
    expect(tab.locator(".md-header")).to_be_hidden()
    expect(tab.locator(".md-sidebar--primary")).to_be_hidden()
    expect(tab.locator(".md-content h1")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.pdf(path=str(SHOTS / "story.pdf"), format="A4")
    assert (SHOTS / "story.pdf").stat().st_size > 10_000


# ---------------------------------------------------------------------------------------------------------------
# Every page kind in both palettes: offline, no console error, no serious or critical axe-core violation


def _open(tab: Page, url: str, palette: str) -> None:
    """Open `url` with the reader's system set to `palette` (Material follows it on a first visit) and wait
    until the page is settled: diagrams drawn."""
    tab.emulate_media(color_scheme="dark" if palette == "dark" else "light")
    tab.goto(url)
    expect(tab.locator("body")).to_have_attribute("data-md-color-scheme", PALETTES[palette])
    tab.wait_for_load_state("networkidle")
    diagrams = tab.locator(".md-content .mermaid")
    for i in range(diagrams.count()):
        expect(diagrams.nth(i).locator("svg")).to_be_visible(timeout=20_000)


def _axe(tab: Page) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now, one line per node."""
    tab.add_script_tag(path=str(AXE_JS))
    result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                          "resultTypes: ['violations']})", AXE_TAGS)
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            found.append(f"{violation['id']} ({violation['impact']}): {json.dumps(node['target'])} "
                         f"{node.get('failureSummary', '').splitlines()[-1:]}")
    return found


@pytest.mark.parametrize("palette", list(PALETTES))
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_kind_is_offline_and_accessible(tab: Page, site_url: str, kind: str, palette: str) -> None:
    _open(tab, site_url + PAGES[kind], palette)
    violations = _axe(tab)
    _shot(tab, f"axe-{kind}-{palette}")
    assert not violations, f"{kind} page, {palette} palette:\n" + "\n".join(violations)


@pytest.mark.parametrize("palette", list(PALETTES))
def test_open_search_with_results_is_accessible(tab: Page, site_url: str, palette: str) -> None:
    _open(tab, site_url + "/", palette)
    search = tab.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Walmart", delay=20)
    expect(tab.locator("a.md-search-result__link").first).to_be_visible(timeout=5_000)
    violations = _axe(tab)
    assert not violations, f"open search, {palette} palette:\n" + "\n".join(violations)


@pytest.mark.parametrize(("query", "expected"), [("Nadella", "/people/satya-nadella/"),
                                                 ("Satya Nadella", "/people/satya-nadella/"),
                                                 ("Walmart", "/companies/walmart/"),
                                                 ("Flipkart", "/companies/flipkart/")])
def test_search_lists_the_entity_page_first_for_its_name(tab: Page, site_url: str, query: str,
                                                         expected: str) -> None:
    tab.goto(site_url + "/stories/")
    tab.locator("input.md-search__input").fill(query)
    first = tab.locator("a.md-search-result__link").first
    expect(first).to_have_attribute("href", expected, timeout=5_000)


def test_search_fetches_only_small_index_pieces(page: Page, site_url: str) -> None:
    """The home page loads no search index; a first query fetches Pagefind's pieces, never a whole-site index."""
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
    page.goto(site_url + "/")
    page.wait_for_load_state("networkidle")
    assert not [url for url, _ in fetched if "pagefind" in url or "search_index" in url]
    home_bytes = sum(size for _, size in fetched)
    assert home_bytes < 1_000_000, f"home page loads {home_bytes} bytes"
    page.locator("input.md-search__input").fill("Nadella")
    expect(page.locator("a.md-search-result__link").first).to_be_visible(timeout=5_000)
    page.wait_for_load_state("networkidle")
    search = [(url, size) for url, size in fetched if "/pagefind/" in url]
    assert search and not [url for url, _ in fetched if "search_index" in url]
    assert "mermaid.min.js" not in " ".join(url for url, _ in fetched), "mermaid loaded on a page without diagram"


def _focus_ring(tab: Page) -> dict[str, Any]:
    return dict(tab.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const label = el.matches('input[name=__palette]') ? el.nextElementSibling : null;
        const ring = label ? getComputedStyle(label) : style;
        return {tag: el.tagName, href: el.getAttribute('href'), cls: el.className, name: el.name || null,
                ring: ring.outlineStyle !== 'none' && parseFloat(ring.outlineWidth) > 0,
                visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) || !!label};
    }"""))


def test_keyboard_reaches_search_palette_and_every_story_link_with_a_visible_focus(tab: Page, site_url: str) -> None:
    tab.goto(f"{site_url}/stories/{STORY}/")
    tab.wait_for_load_state("networkidle")
    links = set(tab.evaluate("""() => [...document.querySelectorAll('.md-content a[href]')]
        .filter(a => a.getClientRects().length && getComputedStyle(a).visibility !== 'hidden')
        .map(a => a.getAttribute('href'))"""))
    assert len(links) > 10
    reached: set[str] = set()
    search = palette = False
    unringed: list[str] = []
    for _ in range(400):
        tab.keyboard.press("Tab")
        focused = _focus_ring(tab)
        if focused["tag"] == "BODY":
            break
        if focused["visible"] and not focused["ring"]:
            unringed.append(f"{focused['tag']} {focused['cls']} {focused['href']}")
        search = search or "md-search__input" in str(focused["cls"])
        palette = palette or focused["name"] == "__palette"
        if focused["href"] is not None:
            reached.add(focused["href"])
        if search and palette and links <= reached:
            break
    assert search, "the search box is not reachable by keyboard"
    assert palette, "the palette toggle is not reachable by keyboard"
    assert links <= reached, f"links not reachable by keyboard: {sorted(links - reached)}"
    assert not unringed, "focused without a visible focus ring:\n" + "\n".join(unringed)
    # the palette toggle works from the keyboard
    body = tab.locator("body")
    tab.locator("input[name=__palette]").first.focus()  # where Tab reaches the palette toggle in light mode
    tab.keyboard.press("Enter")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    # and search opens with "/", shows results, and Escape closes it
    tab.locator(".md-content h1").click()
    tab.keyboard.press("/")
    expect(tab.locator("input.md-search__input")).to_be_focused()
    tab.keyboard.type("Nadella")
    expect(tab.locator("a.md-search-result__link").first).to_be_visible(timeout=5_000)
    tab.keyboard.press("ArrowDown")
    expect(tab.locator("a.md-search-result__link").first).to_be_focused()
    tab.keyboard.press("Escape")
    expect(tab.locator("#__search")).not_to_be_checked()


@pytest.mark.parametrize("query", ["graph", "Skip"])
def test_search_indexes_page_content_only(tab: Page, site_url: str, query: str) -> None:
    """Diagram source ("graph LR") and the theme's chrome ("Skip to content") are not searchable."""
    tab.goto(site_url + "/")
    tab.locator("input.md-search__input").fill(query)
    expect(tab.locator(".md-search-result__meta")).to_have_text("No matching documents", timeout=5_000)
    expect(tab.locator("a.md-search-result__link")).to_have_count(0)
