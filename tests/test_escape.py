"""escape.py against the Markdown engine the site really uses: article text is shown as text, never markup."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite.site.escape import code, external_url, md, yaml_string

REPO = Path(__file__).resolve().parent.parent


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` tags; only the extension names are needed here."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_CONFIG = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
EXTENSIONS = [next(iter(e)) if isinstance(e, dict) else e for e in _CONFIG["markdown_extensions"]]


def render(source: str) -> str:
    """Markdown -> HTML with the extensions mkdocs.yml enables."""
    return str(markdown.markdown(source, extensions=EXTENSIONS))


def shown(text: str) -> str:
    """What a reader should see for `text` printed inline: line breaks and runs of white space as one space,
    control characters dropped."""
    text = re.sub(r"[\r\n\u2028\u2029\u0085\x0b\x0c]+", " ", text)
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def as_text(rendered: str) -> str:
    """The text of a rendered paragraph; fails on any markup other than one <p>."""
    if not rendered:
        return ""
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    inner = rendered[3:-4]
    assert "<" not in inner, rendered  # no element, comment or raw HTML made it through
    return re.sub(r"\s+", " ", html.unescape(inner)).strip()


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<https://example.com>",
    "{{ 7*7 }} {% for x in y %} {{ ''.__class__ }}",
    "Title # with | pipes ]( and `ticks` > quote",
    "# heading",
    "---",
    "1999. That year",
    "    four spaces",
    "\tone tab",
    "* list",
    "> quote",
    "<!-- comment -->",
    "text {: onclick=alert(1) }",
    "&lt;script&gt;",
    "a\nb\u2028c\rd",
    "~~strike~~ ==mark== ^sup^",
    "<div markdown>*x*</div>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_printed_literally(text: str) -> None:
    assert as_text(render(str(md(text)))) == shown(text)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_printed_literally(text: str) -> None:
    assert as_text(render(str(md(text)))) == shown(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_in_a_table_cell_stays_in_its_cell(text: str) -> None:
    source = f"| a | b |\n|---|---|\n| {md(text)} | end |\n"
    out = render(source)
    cells = re.findall(r"<td>(.*?)</td>", out, flags=re.S)
    assert len(cells) == 2 and cells[1] == "end", out
    assert "<" not in cells[0]
    assert re.sub(r"\s+", " ", html.unescape(cells[0])).strip() == re.sub(r"\s+", " ", shown(text)).strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_in_a_heading_stays_a_heading(text: str) -> None:
    out = render(f"# {md(text)}")
    assert out.count("<h1") == 1 and out.count("</h1>") == 1
    inner = re.sub(r"^<h1[^>]*>|</h1>$", "", out)
    assert "<" not in inner


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_code_span_shows_text_verbatim(text: str) -> None:
    out = render(f"x {code(text)} y")
    match = re.fullmatch(r"<p>x <code>(.*)</code> y</p>", out, flags=re.S)
    assert match, out
    assert shown(html.unescape(match.group(1))) == shown(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_front_matter_string_is_one_yaml_scalar_without_markup(text: str) -> None:
    value = str(yaml_string(text))
    front = yaml.safe_load(f"title: {value}\n")
    assert list(front) == ["title"]
    assert "<" not in front["title"]
    assert html.unescape(front["title"]) == json.loads(value).replace("&lt;", "<").replace("&gt;", ">").replace(
        "&amp;", "&")


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<script>",
    "vbscript:x", "https://ok.example/a b", "http://x\" onmouseover=\"alert(1)", "//evil.example/x",
])
def test_unsafe_article_url_is_not_a_link(value: str) -> None:
    out = render(f"Original: {external_url(value)}")
    assert "<a" not in out, out


def test_plain_article_url_is_a_link() -> None:
    out = render(f"Original: {external_url('https://example.com/news?id=1&x=2')}")
    assert '<a href="https://example.com/news?id=1&amp;x=2">' in out
