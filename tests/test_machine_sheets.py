"""A fact sheet written by the machine always passes `check`: for every reader, over generated metadata (naive,
aware, date-only and garbage datetimes, odd titles, empty fields), the sheet built from what the reader returns
validates, also after it is written as YAML and read back. A naive time never gains an invented offset."""

from __future__ import annotations

import datetime as dt
import html
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefsite.errors import InputError
from briefsite.extract.models import Facts
from briefsite.facts import sheet as factsheet
from briefsite.facts import yamlio
from briefsite.read.models import RawArticle
from briefsite.read.readers import read

BODY = ("Microsoft and Walmart agreed on Tuesday to a five-year partnership that puts the retailer's systems on "
        "the Azure cloud. The deal, announced in Redmond, covers machine learning and store technology.")

_MOMENTS = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2035, 12, 31))
_OFFSETS = st.integers(-14 * 4, 14 * 4).map(lambda q: dt.timezone(dt.timedelta(minutes=15 * q)))


def _formats(moment: dt.datetime, zone: dt.timezone) -> list[str]:
    aware = moment.replace(tzinfo=zone)
    return [
        moment.isoformat(timespec="seconds"),  # naive
        moment.strftime("%Y-%m-%d %H:%M:%S"),  # naive, with a space
        moment.isoformat(),  # naive with microseconds
        aware.isoformat(timespec="seconds"),  # aware
        aware.strftime("%Y-%m-%dT%H:%M:%S%z"),  # aware, +0530
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),  # UTC
        moment.date().isoformat(),  # date only
        aware.strftime("%a, %d %b %Y %H:%M:%S %z"),  # RFC 2822
        moment.strftime("%B %d, %Y %I:%M %p"),  # a dateline without a zone
        moment.strftime("%B %d, %Y %I:%M %p IST"),
    ]


_DATETIMES = st.one_of(
    st.builds(_formats, _MOMENTS, _OFFSETS).flatmap(st.sampled_from),
    st.text(max_size=30),  # garbage
    st.just(""),
    st.sampled_from(["2018-13-45", "2018-02-30T10:00", "0000-00-00", "yesterday", "2018-07-18T25:61:00", "NaN"]),
)
_TITLES = st.one_of(st.just(""), st.text(max_size=60), st.sampled_from(
    ["   ", "{{ 7 * 7 }}", "<script>alert(1)</script>", "---", "null", "'quoted'", "# heading", "a: b", "\u202e"]))
_NAMES = st.lists(st.text(max_size=20), max_size=3)


def _check(article: RawArticle) -> None:
    sheet = factsheet.build_sheet(article, Facts(), 1)
    factsheet.validate_article(sheet, "facts/a.yaml")
    factsheet.load_article(yamlio.dump(sheet), "facts/a.yaml")  # as written to disk and read back by `check`
    value = article.published
    if value and "T" in value and not value.endswith("Z") and value[-6] not in "+-":
        dt.datetime.fromisoformat(value)  # a local time: kept, never given an offset


def _read(name: str, content: str) -> RawArticle | None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "seeds").mkdir()
        path = root / "seeds" / name
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        try:
            return read(path, root)
        except InputError as exc:
            assert exc.problems and all(p.path == f"seeds/{name}" for p in exc.problems)
            return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TITLES, meta=_DATETIMES, ld=_DATETIMES, author=st.text(max_size=20), free=st.sampled_from(
    [None, True, False, "false"]), body=st.sampled_from([BODY, "", "Subscribe to continue reading.", BODY[:60]]))
def test_html_reader_sheets_always_validate(title: str, meta: str, ld: str, author: str, free: object,
                                            body: str) -> None:
    data: dict[str, object] = {"@type": "NewsArticle", "headline": title, "datePublished": ld}
    if free is not None:
        data["isAccessibleForFree"] = free
    ld_json = json.dumps(data).replace("</", "<\\/")
    page = (f"<html lang=en><head><title>{html.escape(title)}</title>"
            f'<meta property="article:published_time" content="{html.escape(meta, quote=True)}">'
            f'<meta name="author" content="{html.escape(author, quote=True)}">'
            f'<script type="application/ld+json">{ld_json}</script></head>'
            f"<body><article><h1>{html.escape(title)}</h1><p>{html.escape(body)}</p><p>{BODY}</p>"
            "</article></body></html>")
    article = _read("a.html", page)
    if article is not None:
        _check(article)


@settings(max_examples=120, deadline=None)
@given(title=_TITLES, when=_DATETIMES, authors=_NAMES, quoted=st.booleans(),
       dek=st.one_of(st.none(), st.text(max_size=30)))
def test_markdown_reader_sheets_always_validate(title: str, when: str, authors: list[str], quoted: bool,
                                                dek: str | None) -> None:
    # Unquoted, a date or time is a YAML timestamp (naive or aware); quoted, it is a string to parse.
    front = {"title": title, "authors": authors, "dek": dek}
    lines = [f"{key}: {json.dumps(value)}" for key, value in front.items()]
    lines.append(f"date: {json.dumps(when) if quoted else when}")
    article = _read("a.md", "---\n" + "\n".join(lines) + "\n---\n\n" + BODY + "\n")
    if article is not None:
        _check(article)


@settings(max_examples=120, deadline=None)
@given(title=_TITLES, when=_DATETIMES, body=st.sampled_from([BODY, "", "Subscribe to continue reading."]))
def test_text_reader_sheets_always_validate(title: str, when: str, body: str) -> None:
    article = _read("a.txt", f"{title}\nPublished: {when}\n\n{body}\n\n{BODY}\n")
    if article is not None:
        _check(article)


def test_a_naive_time_takes_the_offset_the_page_states_for_the_same_moment() -> None:
    page = ('<html><head><meta property="article:published_time" content="2013-12-30T21:42:01">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2013-12-30T14:42:01-0700"}</script></head>'
            f"<body><article><h1>Headline</h1><p>{BODY}</p></article></body></html>")
    article = _read("a.html", page)
    assert article is not None and article.published == "2013-12-30T14:42:01-07:00"


def test_a_naive_time_stays_local_when_no_source_states_its_offset() -> None:
    other_day = ('<script type="application/ld+json">{"@type": "NewsArticle", '
                 '"datePublished": "2013-12-28T21:42:01Z"}</script>')  # another moment: not taken
    page = ('<html><head><meta property="article:published_time" content="2013-12-30T21:42:01">'
            f"{other_day}</head><body><article><h1>Headline</h1><p>{BODY}</p></article></body></html>")
    article = _read("a.html", page)
    assert article is not None and article.published == "2013-12-30T21:42:01"
    _check(article)
