"""facts/fastyaml.py and site/stamp.py: the fast sheet loader gives exactly what the careful round-trip loader
stamp changes whenever anything the publisher reads changes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite.errors import FactSheetError
from briefsite.extract.models import Facts
from briefsite.facts import fastyaml as cache
from briefsite.facts import yamlio
from briefsite.facts.sheet import build_sheet
from briefsite.read.readers import read
from briefsite.site import stamp as site_stamp

REPO = Path(__file__).resolve().parent.parent
SHEET = yamlio.dump(build_sheet(read(REPO / "seeds" / "000_04c23cf0a20b8793.txt", REPO), Facts(), 1))


def _careful(text: str) -> Any:
    try:
        return yamlio.to_plain(yamlio.load(text, "facts/x.yaml"))
    except FactSheetError:
        return FactSheetError


def _agrees(text: str) -> bool:
    """True when the fast loader vouched for `text`; fails when it vouched for something else."""
    expected = _careful(text)
    try:
        fast = cache.load_plain(text)
    except cache.Unsure:
        return False
    assert expected is not FactSheetError, f"fast loader accepted what yamlio refuses: {text!r}"
    assert fast == expected, text
    return True


def test_a_machine_sheet_takes_the_fast_path() -> None:
    assert _agrees(SHEET)
    assert _agrees(SHEET.replace("\n", "\r\n"))
    assert _agrees("\ufeff" + SHEET)


@pytest.mark.parametrize("value", [
    "yes", "NO", "on", "Off", "y", "012", "0o17", "0x1F", "1_000", "1:20", "1e3", ".5", "1.", "-0", "+3", "1.25",
    "-1.5", ".inf", ".NaN", "~", "null", "Null", "true", "FALSE", "2018-07-18", "2018-02-30",
    "2018-07-18 09:31:00", "2018-07-18T09:31:00+05:30", "<<", "=", "'quoted'", '"a\\tb"', "plain text: no",
    "|\n  literal\n   kept\n", ">\n  folded\n  text\n", "[1, two, 3.5]", "{a: 1, b: [x]}", "!!str 5", "!!int 7",
    "!!float 2.5", "!!bool true", "!!null ''", "! [1]", "! x", "!!map {a: 1}", "!!seq [1]", "!custom x",
    "!!binary aGk=", "!!timestamp 2018-07-18",
])
def test_scalars_and_tags_agree_or_decline(value: str) -> None:
    _agrees(f"id: x\nvalue: {value}\nafter: 1\n")


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "a: 1\n---\nb: 2\n", "- 1\n- 2\n", "", "# nothing\n", "just a string\n",
    "a: b\n<<<<<<< HEAD\n", "a:\n\t- b\n", "%YAML 1.1\n---\na: yes\n", "? [1]\n: 2\n", "1: a\n", "true: a\n",
    "a: [1, 2\n", "x:" + " [" * 60 + "]" * 60 + "\n", "a: {<<: {b: 1}}\n",
])
def test_odd_documents_are_left_to_the_careful_loader(text: str) -> None:
    assert not _agrees(text)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                     st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(min_size=1, max_size=12), inner, max_size=4), max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=12), _values, min_size=1, max_size=6))
def test_whatever_the_dumper_writes_loads_the_same(data: dict[str, Any]) -> None:
    _agrees(yamlio.dump(data))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789+-._:eExTtyYnNoO~ abfl"), min_size=1, max_size=12))
def test_hand_typed_plain_scalars_resolve_as_yaml_1_2(value: str) -> None:
    _agrees(f"value: {value}\n")


def test_read_plain_is_remembered_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    assert cache.read_plain(path) is None
    path.write_text("a: 1\nb: [x]\n", "utf-8")
    first = cache.read_plain(path)
    assert first == {"a": 1, "b": ["x"]}
    first["b"].append("mutated")  # callers get copies
    assert cache.read_plain(path) == {"a": 1, "b": ["x"]}
    tmp = tmp_path / "new.yaml"
    tmp.write_text("a: 2\nb: [x]\n", "utf-8")
    os.replace(tmp, path)  # how atomic_write replaces a sheet
    assert cache.read_plain(path) == {"a": 2, "b": ["x"]}
    path.write_text("a: &x 1\nb: *x\n", "utf-8")
    with pytest.raises(cache.Unsure):
        cache.read_plain(path)


def test_the_saved_memo_spares_parsing_only_the_very_same_files(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A later process parses only the sheets that changed since the memo was saved (the real facts/ here); a
    changed file, another loader version or a damaged memo file is never answered from the memo."""
    import shutil

    from tests.conftest import REPO

    facts = tmp_path / "facts"
    shutil.copytree(REPO / "facts", facts)
    sheets = sorted(facts.rglob("*.yaml"))
    memo = tmp_path / "sheets.json"
    cache.forget()
    parsed = {path: cache.read_plain(path) for path in sheets}
    cache.save_memo(memo)
    cache.forget()  # a new process
    cache.load_memo(memo)
    real = cache.load_plain
    calls: list[str] = []
    monkeypatch.setattr(cache, "load_plain", lambda text: calls.append(text) or real(text))
    assert {path: cache.read_plain(path) for path in sheets} == parsed
    assert calls == []  # nothing parsed again
    edited = sheets[0]
    edited.write_text(edited.read_text("utf-8") + "# a comment\nextra_key: 1\n", "utf-8")
    assert cache.read_plain(edited) == {**(parsed[edited] or {}), "extra_key": 1}
    assert len(calls) == 1
    cache.save_memo(memo)
    cache.forget()
    monkeypatch.setattr(cache, "_code_version", lambda: "another loader")
    cache.load_memo(memo)
    calls.clear()
    assert cache.read_plain(sheets[1]) == parsed[sheets[1]] and len(calls) == 1
    cache.forget()
    memo.write_text('{"code": 1, "sheets": [', "utf-8")
    cache.load_memo(memo)  # damaged: ignored
    assert cache.read_plain(sheets[1]) == parsed[sheets[1]] and len(calls) == 2
    cache.forget()


def _site(root: Path) -> Path:
    (root / "briefings" / "stories").mkdir(parents=True)
    (root / "briefings" / "index.md").write_text("# Home\n", "utf-8")
    (root / "briefings" / "stories" / "a.md").write_text("# A\n", "utf-8")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    (root / "mkdocs.yml").write_text("site_name: T\ndocs_dir: briefings\ntheme:\n  name: material\n"
                                     "  custom_dir: overrides\n", "utf-8")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<html></html>\n", "utf-8")
    return root


def _same_size_edit(path: Path) -> None:
    """An editor's save in place (same inode, same size), a second after the last one."""
    before = path.stat()
    path.write_text(path.read_text("utf-8").swapcase(), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))


def test_the_site_stamp_follows_every_input_of_the_publisher(tmp_path: Path) -> None:
    root = _site(tmp_path)

    def stamp(epoch: str = "1") -> str:
        return site_stamp.site_stamp(root, publisher="mkdocs", source_date_epoch=epoch)

    assert site_stamp.site_is_current(root, stamp()) is None  # never built
    site_stamp.record_site(root, stamp(), ["WARNING - something"])
    assert site_stamp.site_is_current(root, stamp()) == ["WARNING - something"]
    assert json.loads((root / site_stamp.CACHE_DIR / site_stamp.SITE_STAMP).read_text())["stamp"] == stamp()
    assert stamp("2") != stamp()
    assert site_stamp.site_stamp(root, publisher="zensical", source_date_epoch="1") != stamp()

    for change in (lambda: (root / "briefings" / "stories" / "a.md").write_text("# A, edited\n", "utf-8"),
                   lambda: (root / "briefings" / "stories" / "b.md").write_text("# B\n", "utf-8"),
                   lambda: _same_size_edit(root / "briefings" / "stories" / "a.md"),
                   lambda: (root / "overrides" / "main.html").write_text("changed\n", "utf-8"),
                   lambda: (root / "mkdocs.yml").write_text(
                       (root / "mkdocs.yml").read_text("utf-8") + "strict: true\n", "utf-8")):
        before = stamp()
        change()
        assert stamp() != before
        assert site_stamp.site_is_current(root, stamp()) is None

    site_stamp.record_site(root, stamp(), [])
    assert site_stamp.site_is_current(root, stamp()) == []
    (root / "site" / "index.html").write_text("<html>touched</html>\n", "utf-8")  # someone edited site/
    assert site_stamp.site_is_current(root, stamp()) is None
    site_stamp.record_site(root, stamp(), [])
    (root / "site" / "index.html").unlink()
    assert site_stamp.site_is_current(root, stamp()) is None
    site_stamp.forget_site(root)
    site_stamp.forget_site(root)
    assert not (root / site_stamp.CACHE_DIR / site_stamp.SITE_STAMP).exists()


def test_the_site_stamp_reads_only_changed_files_and_never_trusts_a_stale_memo(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The publisher's inputs are hashed once: a later process (the memory memo dropped) reads only the files
    whose identity (inode, size, modification and change times) changed, and its stamp is always the one a run
    without any memo gives, whatever changed in between (or if the memo file is damaged)."""
    import shutil

    root = _site(tmp_path / "site")
    opened: list[str] = []

    def counting_open(path: str, mode: str = "r") -> Any:
        opened.append(Path(path).name)
        return open(path, mode)

    monkeypatch.setattr(site_stamp, "open", counting_open, raising=False)
    monkeypatch.setattr(site_stamp, "_SETTLED_NS", 0)  # the files here are seconds old at most: trust them

    def stamp() -> str:
        site_stamp._MEMOS.clear()  # a new process
        opened.clear()
        return site_stamp.site_stamp(root, publisher="mkdocs", source_date_epoch="1")

    def from_nothing(n: int) -> str:
        copy = tmp_path / f"fresh{n}"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(site_stamp.CACHE_DIR))
        return site_stamp.site_stamp(copy, publisher="mkdocs", source_date_epoch="1")

    first = stamp()
    assert sorted(opened) == ["a.md", "index.md", "main.html", "mkdocs.yml"]
    assert stamp() == first and opened == []  # nothing read again
    a = root / "briefings" / "stories" / "a.md"

    def replaced_alike() -> None:  # another file, same bytes' length and modification time: new inode, new ctime
        info = a.stat()
        (root / "a.tmp").write_text("# Z\n", "utf-8")
        os.utime(root / "a.tmp", ns=(info.st_atime_ns, info.st_mtime_ns))
        os.replace(root / "a.tmp", a)

    changes = [(lambda: a.write_text(a.read_text("utf-8").swapcase(), "utf-8"), ["a.md"]),  # same size
               (lambda: (root / "briefings" / "stories" / "b.md").write_text("# B\n", "utf-8"), ["b.md"]),
               (replaced_alike, ["a.md"]),
               (lambda: (root / "overrides" / "main.html").write_text("changed\n", "utf-8"), ["main.html"]),
               (lambda: (root / "mkdocs.yml").write_text(
                   (root / "mkdocs.yml").read_text("utf-8") + "strict: true\n", "utf-8"), ["mkdocs.yml"]),
               (lambda: (root / "briefings" / "stories" / "b.md").unlink(), []),
               (lambda: (root / site_stamp.CACHE_DIR / site_stamp.INPUTS_MEMO).write_text('{"x": 1', "utf-8"),
                ["a.md", "index.md", "main.html", "mkdocs.yml"])]
    for n, (change, reread) in enumerate(changes):
        before = stamp()
        change()
        after = stamp()
        assert sorted(opened) == reread, n
        assert after == from_nothing(n)
        assert after != before or n == len(changes) - 1
        assert stamp() == after and opened == []

    monkeypatch.setattr(site_stamp, "_SETTLED_NS", 2_000_000_000)
    _same_size_edit(a)  # just changed: hashed, but not remembered
    edited = stamp()
    memo = json.loads((root / site_stamp.CACHE_DIR / site_stamp.INPUTS_MEMO).read_text("utf-8"))
    assert memo["briefings/stories/a.md"][0] == "racy"
    assert stamp() == edited and opened == ["a.md"]  # read again
    assert edited == from_nothing(99)


def test_site_is_trusted_as_audited_only_while_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The published site/ spares a rebuild's audit of equal pages only when it is exactly what the last build
    published, audited by the same sanitiser code."""
    root = _site(tmp_path)
    assert site_stamp.audited_site(root) is None  # never recorded
    site_stamp.record_site(root, "s", [])
    assert site_stamp.audited_site(root) == root / "site"
    (root / "site" / "index.html").write_text("<html>touched</html>\n", "utf-8")
    assert site_stamp.audited_site(root) is None
    site_stamp.record_site(root, "s", [])
    monkeypatch.setattr(site_stamp, "_audit_code", lambda: "another sanitiser")
    assert site_stamp.audited_site(root) is None
