"""slug.py and the writer: any name becomes a short, stable, unique file name that stays inside its folder."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite.errors import BriefsiteError
from briefsite.facts.sheet import article_id
from briefsite.facts.slug import safe_name
from briefsite.write import Writer

NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")

CATALOGUE = ["../../x", "/abs", "..", ".", "", "CON", "con", "nul", "aux.txt", "LPT1", "a\x00b", "x" * 300,
             "é" * 300, "🙂🙂🙂", "File", "file", "index", "search", "a/b", "a\\b", "name\n", " lead", "trail ",
             "Café", "Cafe\u0301", "Ｃａｆｅ", "Cаfe", "ﬁle"]  # the last ones: NFD, full-width, Cyrillic а, ligature


@pytest.mark.parametrize("original", CATALOGUE)
def test_catalogue_names_are_safe_short_and_stable(original: str) -> None:
    name = safe_name(original)
    assert NAME.fullmatch(name), name
    assert len(f"{name}.yaml.new".encode()) <= 100  # the longest file made from an id
    assert name == safe_name(original)
    assert name not in {"con", "nul", "aux", "index", "search", "lpt1"}


def test_catalogue_names_are_all_different_even_ignoring_case() -> None:
    names = [safe_name(n) for n in CATALOGUE]
    assert len({n.casefold() for n in names}) == len(CATALOGUE)


def test_safe_names_are_kept_and_hashed_names_never_collide_with_them() -> None:
    assert safe_name("000_04c23cf0a20b8793") == "000_04c23cf0a20b8793"
    hashed = safe_name("File")
    assert hashed.startswith("file-") and hashed != "file"
    assert safe_name(hashed) != hashed  # a seed named like another's hashed id gets its own name


def test_article_ids_come_from_the_path_not_the_title() -> None:
    assert article_id("seeds/000_04c23cf0a20b8793.txt") == "000_04c23cf0a20b8793"
    assert article_id("seeds/File.txt") != article_id("seeds/file.txt")
    assert article_id("seeds/a/b.html") != article_id("seeds/a-b.html")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_name_is_safe(original: str) -> None:
    name = safe_name(original)
    assert NAME.fullmatch(name) and len(name) <= 89
    assert safe_name(original) == name


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text(max_size=30), min_size=2, max_size=30))
def test_different_names_stay_different(originals: set[str]) -> None:
    names = [safe_name(o) for o in originals]
    assert len({n.casefold() for n in names}) == len(originals)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=10, unique=True))
def test_pages_named_from_any_titles_land_inside_the_folder(titles: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "briefings"
        writer = Writer(folder)
        for title in titles:
            writer.write(f"sources/{safe_name(title)}.md", title.encode("utf-8", "surrogatepass"))
        files = sorted(p for p in Path(tmp).rglob("*") if p.is_file())
        assert len(files) == len(titles)
        assert all(folder in p.parents for p in files)


@pytest.mark.parametrize("rel", ["../x.md", "/etc/passwd", "a/../../x.md", "a\\b.md", "a\x00.md", ""])
def test_writer_refuses_paths_leaving_the_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(BriefsiteError):
        Writer(tmp_path / "out").write(rel, "x")
    assert not any(tmp_path.rglob("*.md"))


def test_writer_refuses_two_outputs_on_one_path(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    writer.write("a.md", "one", owner="seeds/a.txt")
    with pytest.raises(BriefsiteError, match="two outputs on one path"):
        writer.write("a.md", "two", owner="seeds/A.txt")
    assert (tmp_path / "a.md").read_text() == "one"
