"""`add` and `fetch` against a local web server (127.0.0.1 only) serving real corpus pages and feeds written
in tests/webfixture.py: what is saved, what is skipped, every failure named with its URL, politeness."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite import pipeline
from briefsite.config import load_project
from briefsite.errors import ConfigError, InputError
from briefsite.facts.sheet import article_id
from briefsite.facts.slug import safe_name, url_name
from briefsite.read import readers, sidecar
from briefsite.read.collect import STATE_FILE, canonical
from briefsite.read.fetch import Fetcher, FetchError, Policy
from tests.conftest import RunCli, copy_site
from tests.webfixture import LAST_MODIFIED, WebServer, corpus_page, serve, site_config, write_config


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    yield from serve()


@pytest.fixture
def root(tmp_path: Path, web: WebServer) -> Path:
    site = copy_site(tmp_path / "site", seeds=False)
    write_config(site, site_config())
    web.feed_items = []
    return site


def _seeds(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "seeds").iterdir())}


def _pages(root: Path) -> list[Path]:
    return [p for p in sorted((root / "seeds").glob("*.html"))]


# --- add ---------------------------------------------------------------------------------------------------


def test_add_saves_the_page_as_fetched_with_what_the_fetch_knew(root: Path, web: WebServer) -> None:
    url = web.url("/news/wework.html")
    report = pipeline.add(load_project(root), [url])
    assert report.ok, report.errors
    [page] = _pages(root)
    assert page.read_bytes() == corpus_page("wework")  # the page as fetched, byte for byte
    assert page.stem == url_name(canonical(url)) == article_id(f"seeds/{page.name}")
    record = json.loads(sidecar.sidecar_path(page).read_text("utf-8"))
    assert record["url"] == record["requested"] == url
    assert record["last_modified"] == LAST_MODIFIED and record["date"].endswith("GMT")
    assert record["status"] == 200 and record["content_type"].startswith("text/html")
    assert time.strptime(record["fetched"], "%Y-%m-%dT%H:%M:%SZ")
    assert record["canonical_link"].startswith("https://venturebeat.com/2019/11/18/")
    assert sorted(p.name for p in (root / "seeds").iterdir()) == [page.name, page.name + ".meta.json"]  # no temp
    assert any(f"added seeds/{page.name}" in note and "WeWork" in note for note in report.notes)


def test_the_reader_takes_the_articles_url_from_the_fetch_record(root: Path, web: WebServer) -> None:
    pipeline.add(load_project(root), [web.url("/moved/suvs")])
    [page] = _pages(root)
    record = json.loads(sidecar.sidecar_path(page).read_text("utf-8"))
    assert record["requested"] == web.url("/moved/suvs")
    assert record["url"] == web.url("/news/suvs.html")  # the final URL after the redirect
    article = readers.read(page, root)
    assert article.url == web.url("/news/suvs.html")  # not the page's canonical link, not the address asked for
    paths, problems = pipeline.discover(load_project(root))
    assert paths == [page] and problems == []  # the record is not taken for an article


def test_a_broken_fetch_record_is_an_error_naming_it(root: Path, web: WebServer) -> None:
    pipeline.add(load_project(root), [web.url("/news/oxygen.html")])
    [page] = _pages(root)
    sidecar.sidecar_path(page).write_text('{"url": "file:///etc/passwd"}', "utf-8")
    with pytest.raises(InputError, match=r"\.html\.meta\.json: fetch record: url must be"):
        readers.read(page, root)
    sidecar.sidecar_path(page).write_text("{not json", "utf-8")
    with pytest.raises(InputError, match=r"meta\.json:1: fetch record is not valid JSON"):
        readers.read(page, root)


FAILURES = [
    ("/gone", "dead link: HTTP 404 Not Found"),
    ("/slow", "timed out after 1 s"),
    ("/drip", "timed out after 1 s"),  # answers at once, then too slowly: the whole-request deadline
    ("/report.pdf", "not an HTML page: the answer is application/pdf"),
    ("/huge", "over the size limit of 1,000,000 bytes"),
    ("/huge-declared", "over the size limit: 50,000,000 bytes declared, limit 1,000,000"),
    ("/loop/a", "redirect loop: {base}/loop/a -> {base}/loop/b -> {base}/loop/a"),
    ("/to-file", "redirects to file:/etc/passwd; refused: only http and https are fetched, not file:"),
    ("/empty-page", "no article text found in the page"),
]


@pytest.mark.parametrize(("path", "message"), FAILURES, ids=[p for p, _ in FAILURES])
def test_each_failure_is_one_line_naming_the_url_and_saves_nothing(
        root: Path, web: WebServer, path: str, message: str) -> None:
    url = web.url(path)
    report = pipeline.add(load_project(root), [url])
    assert [str(p) for p in report.errors] == [f"{url}: {message.format(base=web.base)}"]
    assert _seeds(root) == {}


@pytest.mark.parametrize(("url", "message"), [
    ("file:///etc/passwd", "refused: only http and https are fetched, not file:"),
    ("ftp://127.0.0.1/x.html", "refused: only http and https are fetched, not ftp:"),
    ("javascript:alert(1)", "refused: only http and https are fetched, not javascript:"),
    ("127.0.0.1/news/wework.html", "refused: not an absolute http:// or https:// URL"),
    ("http://user:secret@127.0.0.1/news/wework.html", "refused: the URL carries a user name or password"),
])
def test_other_schemes_and_odd_urls_are_refused_before_any_request(
        root: Path, web: WebServer, url: str, message: str) -> None:
    before = len(web.hits)
    report = pipeline.add(load_project(root), [url])
    assert [str(p) for p in report.errors] == [f"{url}: {message}"]
    assert len(web.hits) == before


def test_private_addresses_are_refused_unless_allowed(tmp_path: Path, web: WebServer) -> None:
    site = copy_site(tmp_path / "site", seeds=False)  # no briefsite.yml: the defaults
    before = len(web.hits)
    url = web.url("/news/wework.html")
    report = pipeline.add(load_project(site), [url, url.replace("127.0.0.1", "localhost")])
    assert len(report.errors) == 2
    assert str(report.errors[0]).startswith(f"{url}: refused: 127.0.0.1 is a private or local address (127.0.0.1)")
    assert "localhost is a private or local address" in str(report.errors[1])
    assert len(web.hits) == before and _seeds(site) == {}


@pytest.mark.parametrize("address", ["10.1.2.3", "169.254.169.254", "192.168.0.1", "172.16.5.4", "100.64.0.1",
                                     "::1", "fd00::1", "::ffff:127.0.0.1", "0.0.0.0", "224.0.0.1"])
def test_hosts_resolving_to_non_public_addresses_are_refused(address: str) -> None:
    with Fetcher(Policy(), resolver=lambda host, port: [address]) as fetcher, \
            pytest.raises(FetchError, match="is a private or local address"):
        fetcher.check("https://news.example/a", "https://news.example/a")
    with Fetcher(Policy(), resolver=lambda host, port: ["93.184.215.14", address]) as fetcher, \
            pytest.raises(FetchError, match="private or local"):  # any one private address is enough
        fetcher.check("https://news.example/a", "https://news.example/a")
    with Fetcher(Policy(allow_private=("news.example",)), resolver=lambda host, port: [address]) as fetcher:
        assert fetcher.check("https://news.example/a", "https://news.example/a").host == "news.example"


def test_failures_are_reported_and_every_other_url_is_still_added(root: Path, web: WebServer,
                                                                   run_cli: RunCli) -> None:
    urls = [web.url("/news/wework.html"), web.url("/gone"), web.url("/loop/a"), "file:///etc/passwd",
            web.url("/report.pdf"), web.url("/news/oxygen.html")]
    result = run_cli(root, "add", *urls)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert [e.split(": ", 2)[1] for e in errors] == [urls[1], urls[2], urls[3], urls[4]]
    assert len(_pages(root)) == 2  # the article after the failures too


def test_a_second_add_adds_nothing_and_asks_nothing(root: Path, web: WebServer) -> None:
    project = load_project(root)
    url = web.url("/news/vizzion.html")
    pipeline.add(project, [url])
    before, hits = _seeds(root), len(web.hits)
    report = pipeline.add(project, [url, url + "?utm_source=rss&utm_medium=feed#comments", web.url("/moved/vizzion")])
    assert report.ok and report.written == []
    assert _seeds(root) == before
    # only the unknown address was asked; its redirect to a known page was not followed
    assert web.paths()[hits:] == ["/moved/vizzion"]
    assert report.notes[-1].endswith(f"(it redirects to {url})")
    assert sum("skipped" in note for note in report.notes) == 3


def test_the_same_article_at_another_address_is_skipped_by_its_content(root: Path, web: WebServer) -> None:
    project = load_project(root)
    pipeline.add(project, [web.url("/news/wework.html")])
    before = _seeds(root)
    report = pipeline.add(project, [web.url("/mirror/wework.html")])  # other bytes, no canonical link, same text
    assert report.ok and _seeds(root) == before
    assert "the same article is in seeds/" in report.notes[-1]


def test_a_page_saved_by_hand_is_known_by_the_url_in_its_fact_sheet(root: Path, web: WebServer) -> None:
    (root / "facts").mkdir()
    url = web.url("/news/oxygen.html")
    (root / "facts" / "mine.yaml").write_text(f"source:\n  file: seeds/mine.html\n  url: {url}\n", "utf-8")
    hits = len(web.hits)
    report = pipeline.add(load_project(root), [url])
    assert report.notes == [f"skipped {url}: already in seeds/ as seeds/mine.html"]
    assert len(web.hits) == hits


def test_an_existing_file_is_never_overwritten(root: Path, web: WebServer) -> None:
    url = web.url("/news/suvs.html")
    target = root / "seeds" / f"{url_name(canonical(url))}.html"
    target.write_text("my own notes", "utf-8")
    report = pipeline.add(load_project(root), [url])
    assert [str(p) for p in report.errors] == [
        f"{url}: seeds/{target.name} already exists and holds another page; not overwritten"]
    assert target.read_text("utf-8") == "my own notes"


def test_a_crash_between_record_and_page_leaves_no_page_and_the_next_add_works(
        root: Path, web: WebServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefsite.read import collect

    real = collect.atomic_write

    def failing(path: Path, data: bytes) -> None:
        if path.suffix == ".html":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(collect, "atomic_write", failing)
    url = web.url("/news/oxygen.html")
    report = pipeline.add(load_project(root), [url])
    assert [str(p) for p in report.errors] == [f"{url}: cannot save into seeds/: No space left on device"]
    assert _pages(root) == []  # the record alone; no page, so the article is not known either
    monkeypatch.setattr(collect, "atomic_write", real)
    report = pipeline.add(load_project(root), [url])
    assert report.ok and len(_pages(root)) == 1


# --- names -------------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=120), st.text(min_size=0, max_size=40))
def test_names_from_urls_are_safe_ids_and_never_collide(path: str, query: str) -> None:
    url = f"https://news.example/{path}" + (f"?{query}" if query else "")
    other = url + "x"
    name = url_name(url)
    assert name == url_name(url)  # stable
    assert safe_name(name) == name and article_id(f"seeds/{name}.html") == name and len(name) <= 89
    assert name != url_name(other)


def test_names_read_like_the_address() -> None:
    assert url_name("https://www.example.com/2019/05/01/some-story.html?id=3").startswith(
        "example-com-2019-05-01-some-story_")
    assert url_name("https://www.example.com/a?id=1") != url_name("https://www.example.com/a?id=2")
    assert url_name("https://con/").startswith("con_")  # a reserved name gets its hash and stays safe


# --- feeds -------------------------------------------------------------------------------------------------

ITEMS = [
    ("/news/wework.html", "New York investigates WeWork", "The attorney general looks at the company."),
    ("/news/oxygen.html", "An oxygen bar in Delhi?", "A <b>fact check</b> &amp; more."),
    ("/moved/vizzion", "VW shows the ID. Space Vizzion", "An electric wagon from Volkswagen."),
]


@pytest.mark.parametrize("feed", ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json"])
def test_fetch_adds_every_item_of_an_rss_atom_or_json_feed(root: Path, web: WebServer, feed: str) -> None:
    web.feed_items = list(ITEMS)
    write_config(root, site_config(feeds=[web.url(feed)]))
    report = pipeline.fetch(load_project(root))
    assert report.ok, report.errors
    assert len(_pages(root)) == 3
    urls = sorted(json.loads(sidecar.sidecar_path(p).read_text("utf-8"))["url"] for p in _pages(root))
    assert urls == sorted(web.url(p) for p in ("/news/wework.html", "/news/oxygen.html", "/news/vizzion.html"))
    assert all(json.loads(sidecar.sidecar_path(p).read_text("utf-8"))["feed"] == web.url(feed) for p in _pages(root))


def test_match_and_limit_choose_the_items(root: Path, web: WebServer) -> None:
    web.feed_items = list(ITEMS)
    write_config(root, site_config(feeds=[
        {"url": web.url("/feeds/rss.xml"), "match": ["volkswagen", "Attorney General"]},
        {"url": web.url("/feeds/atom.xml"), "limit": 1},  # the newest item only
    ]))
    report = pipeline.fetch(load_project(root))
    assert report.ok, report.errors
    added = sorted(json.loads(sidecar.sidecar_path(p).read_text("utf-8"))["url"] for p in _pages(root))
    assert added == [web.url("/news/vizzion.html"), web.url("/news/wework.html")]
    assert "2 selected (match: volkswagen, Attorney General)" in report.notes[0]


def test_a_second_fetch_adds_nothing_and_asks_only_for_the_feeds(root: Path, web: WebServer) -> None:
    web.feed_items = list(ITEMS)
    write_config(root, site_config(feeds=[web.url("/feeds/rss.xml"), web.url("/feeds/feed.json")]))
    project = load_project(root)
    assert pipeline.fetch(project).ok
    before, hits = _seeds(root), len(web.hits)
    state = json.loads((root / "seeds" / STATE_FILE).read_text("utf-8"))
    assert state[web.url("/feeds/rss.xml")] == {"etag": '"feed-v1"', "last_modified": LAST_MODIFIED}
    report = pipeline.fetch(project)
    assert report.ok and report.written == [] and _seeds(root) == before
    second = web.hits[hits:]
    assert [h.path for h in second] == ["/feeds/rss.xml", "/feeds/feed.json"]
    assert all(h.headers["if-none-match"] == '"feed-v1"' and h.headers["if-modified-since"] == LAST_MODIFIED
               for h in second)
    assert "not modified since the last run" in report.notes[0]
    (root / "seeds" / STATE_FILE).unlink()  # without the state: the feeds are read again, nothing new is added
    report = pipeline.fetch(project)
    assert report.ok and report.written == [] and all("skipped" in n or "feed" in n for n in report.notes)


def test_the_cap_limits_pages_per_run_and_the_rest_come_next_run(root: Path, web: WebServer) -> None:
    web.feed_items = list(ITEMS)
    write_config(root, site_config(feeds=[web.url("/feeds/rss.xml")], max_items=2))
    project = load_project(root)
    report = pipeline.fetch(project)
    assert report.ok and len(_pages(root)) == 2
    assert any("2 pages fetched this run (fetch.max_items)" in n for n in report.notes)
    assert not (root / "seeds" / STATE_FILE).exists()  # not all items collected: no ETag kept for the feed
    hits = len(web.hits)
    assert pipeline.fetch(project).ok and len(_pages(root)) == 3
    assert "if-none-match" not in web.hits[hits].headers


def test_a_feed_that_is_not_a_feed_is_named_and_the_others_still_run(
        root: Path, web: WebServer, run_cli: RunCli) -> None:
    web.feed_items = list(ITEMS[:1])
    feeds = [web.url("/feeds/not-a-feed"), web.url("/feeds/broken.xml"), web.url("/feeds/missing.xml"),
             web.url("/feeds/atom.xml")]
    write_config(root, site_config(feeds=feeds))
    result = run_cli(root, "fetch")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors[0] == (f"error: {feeds[0]}: not a feed: the answer is a web page (text/html), "
                         "not RSS, Atom or JSON Feed")
    assert errors[1].startswith(f"error: {feeds[1]}: not a feed: a broken rss")
    assert errors[2] == f"error: {feeds[2]}: feed: dead link: HTTP 404 Not Found"
    assert len(errors) == 3
    assert len(_pages(root)) == 1  # the good feed's item


def test_requests_name_the_project_and_wait_between_requests_to_one_host(root: Path, web: WebServer) -> None:
    write_config(root, site_config(delay=0.4))
    hits = len(web.hits)
    pipeline.add(load_project(root), [web.url("/gone"), web.url("/news/wework.html"), web.url("/moved/oxygen")])
    mine = web.hits[hits:]
    assert [h.path for h in mine] == ["/gone", "/news/wework.html", "/moved/oxygen", "/news/oxygen.html"]
    assert all(h.headers["user-agent"].startswith("Briefsite/") for h in mine)
    gaps = [b.at - a.at for a, b in itertools.pairwise(mine)]
    assert min(gaps) >= 0.35, gaps  # one request at a time, the delay between each two (redirect hops too)


def test_fetch_settings_are_validated_with_every_problem_at_once(root: Path) -> None:
    (root / "briefsite.yml").write_text(
        "feeds:\n  - https://example.org/rss\n  - url: file:///etc/feed.xml\n    limit: 0\n  - ftp://x/feed\n"
        "  - {url: 'https://example.org/atom', match: ''}\nfetch: {delay: -1, max_bytes: 5, bogus: 1}\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(root)
    fields = sorted(p.field or "" for p in caught.value.problems)
    assert fields == ["feeds.1.limit", "feeds.1.url", "feeds.2.url", "feeds.3.match", "fetch.bogus",
                      "fetch.delay", "fetch.max_bytes"]


@pytest.mark.slow
def test_an_added_page_builds_with_no_network_and_its_sheet_names_its_url(
        root: Path, web: WebServer, run_cli: RunCli) -> None:
    url = web.url("/moved/wework")
    assert run_cli(root, "add", url).returncode == 0
    [page] = _pages(root)
    hits = len(web.hits)
    result = run_cli(root, "normalize")
    assert result.returncode == 0, result.stderr
    assert len(web.hits) == hits  # the build asked the server nothing
    sheet = (root / "facts" / f"{page.stem}.yaml").read_text("utf-8")
    assert f"url: {web.url('/news/wework.html')}" in sheet
    assert "WeWork" in sheet


# --- feed parsing and selection (no network) -----------------------------------------------------------------


def test_feed_items_come_newest_first_whatever_their_order_in_the_feed(web: WebServer) -> None:
    from briefsite.read.feeds import parse_feed, select
    from tests.webfixture import _rss

    web.feed_items = list(ITEMS)
    forward, kind = parse_feed(_rss(web), web.url("/feeds/rss.xml"), "application/rss+xml")
    assert kind == "rss20"
    shuffled = [forward[2], forward[0], forward[1]]  # metamorphic: the feed's order does not matter
    assert select(forward, limit=2) == select(shuffled, limit=2)
    assert [i.url for i in select(forward, limit=2)] == [web.url("/news/wework.html"), web.url("/news/oxygen.html")]
    assert forward[1].summary == "A fact check & more."  # markup in a summary is reduced to its text


def test_relative_links_resolve_against_the_feed_and_items_without_links_are_left_out() -> None:
    from briefsite.read.feeds import FeedError, parse_feed

    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id>'
            b'<updated>2019-11-18T09:00:00Z</updated>'
            b'<entry><title>A</title><link href="/2019/a.html"/><id>tag:a</id>'
            b"<updated>2019-11-18T09:00:00Z</updated></entry>"
            b"<entry><title>No link</title><id>tag:b</id><updated>2019-11-17T09:00:00Z</updated></entry></feed>")
    items, _ = parse_feed(atom, "https://news.example/feeds/atom.xml", "application/atom+xml")
    assert [i.url for i in items] == ["https://news.example/2019/a.html"]
    assert items[0].published == "2019-11-18T09:00:00Z"
    with pytest.raises(FeedError, match="not a JSON Feed: unknown version"):
        parse_feed(b'{"version": "1", "items": []}', "https://news.example/feed.json", "application/json")
    with pytest.raises(FeedError, match="not a JSON Feed: items"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1"}', "https://news.example/f.json")
    with pytest.raises(FeedError, match="not a feed: invalid JSON"):
        parse_feed(b"{oops", "https://news.example/f.json")
