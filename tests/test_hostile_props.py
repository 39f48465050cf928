"""Property tests: the readers and the fact-sheet loader never crash on arbitrary input (they return a result or
raise a BriefsiteError naming the file), and fact-sheet data survives load(dump(x))."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite.errors import BriefsiteError
from briefsite.facts import sheet as factsheet
from briefsite.facts import yamlio
from briefsite.read.readers import read

SUFFIXES = [".txt", ".html", ".md", ".txt.gz"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from(SUFFIXES))
def test_readers_never_crash(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "seeds").mkdir()
        path = root / "seeds" / f"a{suffix}"
        path.write_bytes(data)
        try:
            article = read(path, root)
        except BriefsiteError as exc:
            assert exc.problems and all(p.path == f"seeds/a{suffix}" for p in exc.problems)
        else:
            assert article.file == f"seeds/a{suffix}" and article.paragraphs
            assert path.read_bytes() == data  # seeds/ is never modified


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fact_sheet_loader_never_crashes(text: str) -> None:
    try:
        factsheet.load_article(text, "facts/a.yaml")
    except BriefsiteError as exc:
        assert exc.problems and all(p.path == "facts/a.yaml" for p in exc.problems)


_SCALARS = (st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=40)
            | st.floats(allow_nan=False, allow_infinity=False))
_KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
_DATA = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(_KEYS, inner, max_size=4), max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_KEYS, _DATA, min_size=1, max_size=6))
def test_dump_then_load_gives_the_same_data(data: dict[str, object]) -> None:
    text = yamlio.dump(data)
    assert yamlio.to_plain(yamlio.load(text, "facts/a.yaml")) == data
