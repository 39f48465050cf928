"""read_markdown: front matter supplies the metadata, the body becomes plain paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite.errors import InputError
from briefsite.read.markdown import parse_markdown, read_markdown
from briefsite.read.readers import read

ARTICLE = """\
---
title: "Acme buys Widget Co for $2 billion"
dek: The deal is the largest in Acme's history
authors: [Jane Doe, John Roe]
date: 2024-03-05T09:30:00+01:00
url: https://news.example.com/acme-widget
publisher: Example News
lang: en-GB
tags: [deals]     # keys we do not use are ignored
---
# Acme buys Widget Co for $2 billion

Acme Corp said on **Tuesday** it would buy [Widget Co](https://widget.example)
for $2 billion in cash.

![Acme's headquarters in Springfield](hq.jpg)

- The deal is expected to close in the third quarter.
- Shares rose 5% in early trading.

> "This is a great day," said Acme's chief executive, Ann Smith.

| Company | Price |
|---------|-------|
| Widget  | $2bn  |

```
not prose
```

<p>An <em>HTML</em> paragraph.</p>
"""


def _write(tmp_path: Path, text: str, name: str = "a.md") -> Path:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    path = tmp_path / "seeds" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_supplies_the_metadata(tmp_path: Path) -> None:
    article = read_markdown(_write(tmp_path, ARTICLE), tmp_path)
    assert article.file == "seeds/a.md"
    assert article.kind == "markdown"
    assert article.title == "Acme buys Widget Co for $2 billion"
    assert article.dek == "The deal is the largest in Acme's history"
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.published == "2024-03-05T09:30:00+01:00"
    assert article.published_from == "metadata"
    assert article.url == "https://news.example.com/acme-widget"
    assert article.publisher == "Example News"
    assert article.language == "en"
    assert article.warnings == ()


def test_body_is_plain_paragraphs(tmp_path: Path) -> None:
    article = read_markdown(_write(tmp_path, ARTICLE), tmp_path)
    assert article.paragraphs == (
        "Acme Corp said on Tuesday it would buy Widget Co for $2 billion in cash.",
        "The deal is expected to close in the third quarter.",
        "Shares rose 5% in early trading.",
        '"This is a great day," said Acme\'s chief executive, Ann Smith.',
        "Company | Price",
        "Widget | $2bn",
        "An HTML paragraph.",
    )
    assert [(r.kind, r.text) for r in article.removed] == [
        ("alt_text", "Acme's headquarters in Springfield"),
        ("code", "not prose"),
    ]


def test_crlf_and_bom_markdown_through_read(tmp_path: Path) -> None:
    path = tmp_path / "seeds" / "crlf.md"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    article = read(path, tmp_path)
    assert article.kind == "markdown"
    assert article.title == "Acme buys Widget Co for $2 billion"
    assert article.paragraphs[0] == "Acme Corp said on Tuesday it would buy Widget Co for $2 billion in cash."


def test_without_front_matter_a_leading_heading_is_the_title() -> None:
    article = parse_markdown("# Storm hits coast\n\nThe storm arrived at dawn.\n", "s.md", "")
    assert article.title == "Storm hits coast"
    assert article.paragraphs == ("The storm arrived at dawn.",)
    assert article.published is None


def test_no_title_is_said_not_invented() -> None:
    article = parse_markdown("The storm arrived at dawn.\n", "s.md", "")
    assert article.title is None
    assert article.warnings == ("s.md: no title (no `title:` in the front matter and no leading # heading)",)


@pytest.mark.parametrize(("published", "expected"), [
    ("2024-03-05", "2024-03-05"),
    ("'March 5, 2024 9:31 AM IST'", "2024-03-05T09:31:00+05:30"),
    ("2024-03-05 10:00:00", "2024-03-05T10:00:00"),
])
def test_dates_in_front_matter(published: str, expected: str) -> None:
    article = parse_markdown(f"---\npublished: {published}\n---\nBody.\n", "d.md", "")
    assert article.published == expected


def test_bad_yaml_names_the_line() -> None:
    text = "---\ntitle: ok\nauthors: [a, b\npublisher: x\n---\nBody.\n"
    with pytest.raises(InputError) as caught:
        parse_markdown(text, "seeds/bad.md", "")
    assert str(caught.value) == "seeds/bad.md:4: front matter is not valid YAML: did not find expected ',' or ']'"


def test_wrong_types_are_all_reported_with_line_and_field() -> None:
    text = "---\ntitle: [a, b]\nauthors: Jane\ndate: not a date\nurl: javascript:alert(1)\n---\nBody.\n"
    with pytest.raises(InputError) as caught:
        parse_markdown(text, "seeds/t.md", "")
    assert str(caught.value).splitlines() == [
        "seeds/t.md:2: title: expected text, got a list",
        "seeds/t.md:4: date: not a date: 'not a date'",
        "seeds/t.md:5: url: expected an http(s) URL, got 'javascript:alert(1)'",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("---\ntitle: x\nBody.\n", "s.md:1: the front matter opened with --- is never closed with a --- line"),
    ("---\n- a\n- b\n---\nBody.\n", "s.md:1: front matter must be a mapping of fields, not a list"),
    ("---\ntitle: x\n---\n\n", "s.md: the article has no body text"),
    ("---\ndate: 2024-13-45\n---\nBody.\n", "s.md:1: front matter is not valid YAML: month must be in 1..12"),
    ("---\ntitle: !!python/object:os.system x\n---\nBody.\n", "s.md:2: front matter is not valid YAML"),
])
def test_bad_front_matter(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_markdown(text, "s.md", "")
    assert str(caught.value).startswith(message)


def test_binary_file_named_md(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"GIF89a" + bytes(64))
    with pytest.raises(InputError, match=r"^x\.md: this is a GIF image, not a text article$"):
        read_markdown(path, tmp_path)


MD_BITS = st.sampled_from([
    "---\n", "title: ", "date: ", "authors:\n  - ", "[", "]", "{", "}", ": ", "\n", "# ", "**", "![a](b)", "```\n",
    "<div>", "</div>", "> ", "| a | b |\n|---|---|\n", "2024-02-30", "&amp;", "\t", "- ", "*", "!!binary ", "&a ", "*a",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MD_BITS, st.text(max_size=12)), max_size=40))
def test_any_markdown_parses_or_raises_input_error(bits: list[str]) -> None:
    try:
        article = parse_markdown("".join(bits), "fuzz.md", "")
    except InputError as exc:
        assert str(exc).startswith("fuzz.md")
        return
    assert article.paragraphs and all(p.strip() for p in article.paragraphs)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=500))
def test_any_bytes_read_or_raise_input_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("md")
    (folder / "f.md").write_bytes(data)
    try:
        read_markdown(folder / "f.md", folder)
    except InputError as exc:
        assert str(exc).startswith("f.md")


def test_markdown_byline_and_date_under_the_headline() -> None:
    """A made-up post with no date in its front matter: the byline and date line under the heading give
    the date (stated) and the author, and leave the body."""
    from briefsite.read.markdown import parse_markdown

    text = ("---\ntitle: Acme to open a plant\n---\n# Acme to open a plant\n\n*By Jane Roe*  \nPosted at 10:15 AM, "
            "Mar 4, 2019\n\nAcme Corp. said on Monday it would open a plant in Ohio.\n\nThe plant will employ 300.\n")
    article = parse_markdown(text, "made-up.md", "0" * 64)
    assert article.published == "2019-03-04T10:15:00" and article.published_from == "stated"
    assert article.authors == ("Jane Roe",)
    assert article.paragraphs[0].startswith("Acme Corp. said on Monday")
    assert [r.kind for r in article.removed] == ["byline"]
