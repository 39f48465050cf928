"""read_html on real saved pages (tests/samples, from the shared corpus) and on hostile input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite.errors import InputError
from briefsite.read.html import parse_html, read_html
from briefsite.read.readers import read

SAMPLES = Path(__file__).parent / "samples"


def _page(name: str) -> Path:
    return next(SAMPLES.glob(f"*/{name}*.html.gz"))


# name, title, published, published_from, url, first paragraph starts with, last paragraph ends with.
PAGES = [
    (
        "yna_co_kr",
        "N. Korea slams S. Korea for joint military drill, warns of consequences",
        "2019-08-20T09:31:01+09:00",
        "https://en.yna.co.kr/view/AEN20190820002300325",
        "SEOUL, Aug. 20 (Yonhap) -- North Korea's official newspaper blasted South Korea on Tuesday",
        "when Seoul's joint military exercise with Washington is over.",
    ),
    (
        "time_001",
        "James Hansen Calls for Geoengineering as a Climate Solution",
        "2023-11-02T19:53:52+00:00",  # <meta> has no offset; the JSON-LD states the same moment with Z
        "https://time.com/6330957/james-hansen-climate-warning-geoengineering-study/",
        "James Hansen first warned Congress of the threat from climate change in 1988.",
        None,
    ),
    (
        "wired_001",
        "Intensified Israeli Surveillance Has Put the West Bank on Lockdown",
        "2023-11-07T02:00:00-05:00",
        "https://www.wired.com/story/israel-surveillance-state-out-of-control-west-bank/",
        "On Sunday, October 29, Ahmed Azza was given permission to leave his neighborhood for the first time",
        "We cannot accept this because it doesn’t work.’",
    ),
    (
        "cnn_article",
        "After storm, forecasters see smooth sailing for Thanksgiving",
        "2013-11-27T08:36:32+00:00",
        "http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html",
        "Are you in the grips of the wintry storm sweeping across the country?",
        None,
    ),
    (
        "abd9d6291b6b",
        "Doctors offer to give free flu shots to detained migrants, warn of epidemic",
        "2019-11-20T04:07:50+00:00",
        "https://www.nbcnews.com/news/latino/doctors-offer-give-free-flu-shots-detained-migrants-warn-trump-n1085206",
        "A group of physicians, alarmed that the Trump administration is denying flu vaccines",
        "Follow NBC Latino on Facebook, Twitter and Instagram.",
    ),
    (
        "0dd1357045727",
        "BREAKING: Lawan moves motion for Senate’s adjournment over Nzeribe, Adedoyin’s deaths",
        "2018-10-09T16:02:36+01:00",
        "http://www.theparadigmng.com/2018/10/09/breaking-lawan-moves-motion-senates-adjournment-nzeribe-adedoyins-deaths/",
        "Senator representing Yobe North , Ahmad Lawan , on Tuesday moved a motion for the adjournment",
        "— The Nigerian Senate (@NGRSenate) October 9, 2018",
    ),
]


@pytest.mark.parametrize(("name", "title", "published", "url", "first", "last"), PAGES, ids=[p[0] for p in PAGES])
def test_real_page(name: str, title: str, published: str, url: str, first: str, last: str | None) -> None:
    article = read_html(_page(name), SAMPLES)
    assert article.kind == "html"
    assert article.file.startswith(("newspaper4k/", "scrapinghub-aeb/"))
    assert article.title == title
    assert article.published == published
    assert article.published_from == "metadata"
    assert article.url == url
    assert article.paragraphs[0].startswith(first)
    if last is not None:
        assert article.paragraphs[-1].endswith(last)
    assert article.language == "en"
    assert not any("\ufffd" in p for p in article.paragraphs)


def test_byline_site_dek_and_trailing_scraps() -> None:
    article = read_html(_page("yna_co_kr"), SAMPLES)
    assert article.publisher == "Yonhap News Agency"
    # The reporter's e-mail and the end mark are kept out of the body, and still listed.
    assert [r.text for r in article.removed] == ["kokobj@yna.co.kr", "(END)"]
    time = read_html(_page("time_001"), SAMPLES)
    assert time.authors == ("Alejandro de la Garza",)
    assert time.publisher == "TIME"
    assert time.dek == ("James Hansen alerted Congress to climate change in 1988. Now, in a controversial new paper, "
                        "he has a new warning.")


def test_non_english_page_keeps_its_script_and_language() -> None:
    article = read_html(_page("85439e26c41c"), SAMPLES)
    assert article.title == "商品の改造が商標法違反に！？"
    assert article.language == "ja"
    assert article.paragraphs[0] == (
        "先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで20代の男性が逮捕されたというニュースを耳にしました。"
    )
    assert article.paragraphs[-1] == "※「iPhone」は、Apple Inc.の商標です。"


def test_read_dispatches_html_gz_and_hashes_the_page() -> None:
    path = _page("wired_001")
    article = read(path, SAMPLES)
    assert article.kind == "html"
    import hashlib

    assert article.sha256 == hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest()


BASIC = """<!doctype html><html lang="en-GB"><head><title>Acme buys Widget | Example News</title>
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.com/2024/03/05/acme-widget">
</head><body><article><h1>Acme buys Widget</h1>
<p>Acme Corp said on Tuesday that it would buy Widget Co for two billion dollars in cash.</p>
<p>The deal, the largest in the company's history, is expected to close in the third quarter.</p>
<p>Shares of Acme rose five percent in early trading on the New York Stock Exchange.</p>
</article></body></html>"""


def test_date_from_the_url_when_the_page_states_none() -> None:
    article = parse_html(BASIC, "seeds/acme.html", "0" * 64)
    assert article.title == "Acme buys Widget"
    assert article.published == "2024-03-05"
    assert article.published_from == "url"
    assert article.url == "https://news.example.com/2024/03/05/acme-widget"
    assert article.publisher == "Example News"
    assert article.language == "en"
    assert article.paragraphs[-1] == "Shares of Acme rose five percent in early trading on the New York Stock Exchange."


def test_mojibake_in_a_page_is_repaired_and_reported(tmp_path: Path) -> None:
    page = BASIC.replace("two billion dollars", "â€œtwo billionâ€\x9d dollars")
    (tmp_path / "acme.html").write_text(page, encoding="utf-8")
    article = read_html(tmp_path / "acme.html", tmp_path)
    assert "“two billion” dollars" in article.paragraphs[0]
    assert any("repaired mojibake" in w for w in article.warnings)


def test_latin1_page_file(tmp_path: Path) -> None:
    page = BASIC.replace("<head>", '<head><meta charset="iso-8859-1">').replace("Tuesday", "mardi, à Zürich,")
    (tmp_path / "p.html").write_bytes(page.encode("latin-1"))
    assert "mardi, à Zürich," in read_html(tmp_path / "p.html", tmp_path).paragraphs[0]


NO_ARTICLE = ["", "<html></html>", "<html><body><script>var x = 1;</script></body></html>", "\x89PNG\r\n"]


@pytest.mark.parametrize("page", NO_ARTICLE)
def test_pages_without_an_article_are_input_errors(tmp_path: Path, page: str) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(page.encode("latin-1"))
    with pytest.raises(InputError, match=r"^empty\.html: "):
        read_html(path, tmp_path)


def test_corrupt_gzip_page_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "p.html.gz"
    path.write_bytes(gzip.compress(BASIC.encode())[:-30])
    with pytest.raises(InputError, match=r"p\.html\.gz: the gzip data is cut short"):
        read_html(path, tmp_path)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_any_text_parses_or_raises_input_error(text: str) -> None:
    try:
        parse_html(text, "fuzz.html", "")
    except InputError as exc:
        assert str(exc).startswith("fuzz.html")


HTML_BITS = st.sampled_from([
    "<p>", "</p>", "<h1>", "</h1>", "<title>", "</title>", "<article>", "</article>", "<meta charset=utf-8>",
    '<meta property="og:title" content="x">', '<link rel="canonical" href="https://a.b/2020/01/02/x">',
    "<script>", "</script>", "<!--", "-->", "<table><tr><td>", "&amp;", "&#0;", "\x00", "\ufeff", "é", " words here. ",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(HTML_BITS, st.text(max_size=20)), max_size=60), st.booleans())
def test_any_page_file_reads_or_raises_input_error(tmp_path_factory: pytest.TempPathFactory, bits: list[str],
                                                   gz: bool) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / ("p.html.gz" if gz else "p.html")
    data = "".join(bits).encode("utf-8", "surrogatepass")
    path.write_bytes(gzip.compress(data) if gz else data)
    try:
        read_html(path, folder)
    except InputError as exc:
        assert str(exc).startswith("p.html")


def test_a_page_with_too_many_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("briefsite.read.html.MAX_ELEMENTS", 100)
    page = "<html><body><article>" + "<p>Words in a paragraph.</p>" * 100 + "</article></body></html>"
    with pytest.raises(InputError, match=r"^big\.html: the page has 103 HTML elements, over the limit of 100$"):
        parse_html(page, "big.html", "")
