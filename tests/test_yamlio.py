"""YAML pitfalls in hand-edited fact sheets: each is a clear `path:line` error or a faithful round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefsite.errors import FactSheetError
from briefsite.extract.models import Facts
from briefsite.facts import yamlio
from briefsite.facts.sheet import build_sheet, load_article
from briefsite.read.readers import read

REPO = Path(__file__).resolve().parent.parent
PATH = "facts/000_04c23cf0a20b8793.yaml"
SHEET = yamlio.dump(build_sheet(read(REPO / "seeds" / "000_04c23cf0a20b8793.txt", REPO), Facts(), 1))


def _error(text: str) -> str:
    with pytest.raises(FactSheetError) as caught:
        yamlio.load(text, PATH)
    return str(caught.value)


def _line(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo pwned']", "!!python/name:os.system",
                                 "!!python/object:briefsite.models.Facts {}", "!custom value", "!!binary aGk="])
def test_tags_beyond_plain_yaml_are_refused_with_their_line(tag: str) -> None:
    text = SHEET.replace("story:\n", f"story: {tag}\n")
    message = _error(text)
    assert message.startswith(f"{PATH}:{_line(text, 'story:')}: YAML tag ")
    assert "not allowed" in message


def test_an_alias_bomb_is_refused_before_anything_is_expanded() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        rows.append(f"{level}: &{level} [{','.join(['*' + previous] * 9)}]")
    message = f"{PATH}:2: YAML alias *a is not allowed in a fact sheet; write the value out"
    assert _error("\n".join(rows) + "\n") == message


@pytest.mark.parametrize("value", ["NO", "on", "012", "1e3", "1:20", "0o12", "0x1F", "-1.50", "'yes'"])
def test_yaml_1_1_lookalikes_round_trip_exactly_as_typed(value: str) -> None:
    text = SHEET.replace("language:\n", f"language: {value}  # as typed\n")
    assert yamlio.dump_like(yamlio.load(text, PATH), text) == text


def test_words_like_no_and_on_stay_strings() -> None:
    data = yamlio.to_plain(yamlio.load("title: NO\nlanguage: on\ndek: 1:20\n", PATH))
    assert data == {"title": "NO", "language": "on", "dek": "1:20"}


@pytest.mark.parametrize(("key", "value", "message"), [
    ("title", "012", "title: Input should be a valid string"),
    ("title", "1e3", "title: Input should be a valid string"),
    ("extractor", "on", "extractor: Input should be a valid integer, unable to parse string as an integer"),
    ("language", "yes", None),  # a string in YAML 1.2: valid
])
def test_the_schema_reports_a_wrong_type_with_its_line(key: str, value: str, message: str | None) -> None:
    text = SHEET.replace(f"\n{key}:", f"\n{key}: {value}  #", 1)
    if message is None:
        assert load_article(text, PATH)[1].language == "yes"
        return
    with pytest.raises(FactSheetError) as caught:
        load_article(text, PATH)
    assert str(caught.value) == f"{PATH}:{_line(text, key + ':')}: {message}"


def test_a_misspelled_key_is_reported_with_its_line() -> None:
    text = SHEET.replace("story:", "stroy:")
    with pytest.raises(FactSheetError) as caught:
        load_article(text, PATH)
    assert f"{PATH}:{_line(text, 'stroy:')}: stroy: unknown key (misspelled?)" in str(caught.value)


def test_an_impossible_date_is_an_error_with_its_line() -> None:
    text = SHEET.replace("  value: '2018-07-18T09:31:00+05:30'", "  value: 2018-02-30")
    message = _error(text)
    assert message.startswith(f"{PATH}:{_line(text, '2018-02-30')}: impossible value")


def test_an_unquoted_real_date_is_read_as_the_iso_string_the_user_meant() -> None:
    text = SHEET.replace("  value: '2018-07-18T09:31:00+05:30'", "  value: 2018-07-18")
    assert load_article(text, PATH)[1].published.value == "2018-07-18"  # type: ignore[union-attr]


def test_duplicate_keys_name_both_lines() -> None:
    text = SHEET.replace("story:\n", "story:\ntitle: Again\n")
    assert _error(text) == (f"{PATH}:{_line(text, 'title: Again')}: duplicate key 'title' "
                            f"(first on line {_line(text, 'title: Microsoft')}, again on line "
                            f"{_line(text, 'title: Again')})")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("schema: 1\nsource:\n\tfile: x\n", 3, "tab used for indentation; YAML needs spaces"),
    ("schema: 1\ntitle:\tx\n", 2, "tab character where YAML allows only spaces"),
    ("schema: 1\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> theirs\n", 2,
     "leftover merge-conflict marker; resolve the conflict first"),
    ("", 1, "the fact sheet is empty"),
    ("# only a comment\n", 1, "the fact sheet is empty"),
    ("- a\n- b\n", 1, "a fact sheet must be a mapping of keys, not a list"),
    ("just words\n", 1, "a fact sheet must be a mapping of keys, not a str"),
    ("schema: 1\n---\nschema: 2\n", 2, "several YAML documents in one fact sheet; keep one"),
    ("title: [a\n", 2, None),
    ("title: a\x01\n", 1, "invalid YAML: unacceptable character #x0001: special characters are not allowed"),
    ("a: " + "[" * 80 + "]" * 80 + "\n", 1, "nested more than 50 levels deep"),
])
def test_broken_files_are_one_clear_error(text: str, line: int, message: str | None) -> None:
    got = _error(text)
    assert got.startswith(f"{PATH}:{line}: ")
    if message is not None:
        assert got == f"{PATH}:{line}: {message}"


def test_bom_and_crlf_are_read_and_written_back_unchanged() -> None:
    text = "\ufeff" + SHEET.replace("story:\n", "story:  # to be grouped\n").replace("\n", "\r\n")
    data = yamlio.load(text, PATH)
    assert data["id"] == "000_04c23cf0a20b8793"
    assert yamlio.dump_like(data, text) == text
    data["story"] = "walmart-microsoft"
    rewritten = yamlio.dump_like(data, text)
    assert rewritten == text.replace("story:  #", "story: walmart-microsoft #")
    assert "\r\r" not in rewritten and rewritten.count("\n") == rewritten.count("\r\n")


@pytest.mark.parametrize("style", ["a:\n- x: 1\n  y: 2\nb:\n  c: 1\n", "a:\n    - x: 1\n      y: 2\nb:\n    c: 1\n",
                                   "a:\n  - x: 1\n    y: 2\nb:\n  c: 1\n"])
def test_a_rewrite_keeps_the_files_indentation(style: str) -> None:
    data = yamlio.load(style, PATH)
    data["a"][0]["y"] = 3
    assert yamlio.dump_like(data, style) == style.replace("y: 2", "y: 3")


def test_a_rewrite_keeps_comments_on_and_between_list_items() -> None:
    text = ("topics:\n  - retail  # main\n  # between\n  - ai\n# after\n"
            "list:\n  # above\n  - x: 1\n    y: [2]\n  - x: 2\n")
    data = yamlio.load(text, PATH)
    assert yamlio.dump(data) == text
    data["list"][1]["x"] = 3
    assert yamlio.dump_like(data, text) == text.replace("x: 2", "x: 3")


def test_a_file_larger_than_the_limit_is_refused() -> None:
    assert "larger than" in _error("title: " + "x" * (6 * 1024 * 1024) + "\n")


def test_line_of_finds_nested_nodes() -> None:
    data = yamlio.load(SHEET, PATH)
    assert yamlio.line_of(data, ["published", "value"]) == _line(SHEET, "  value:")
    assert yamlio.line_of(data, ["removed", 1, "text"]) == _line(SHEET, "Oppo")
    assert yamlio.line_of(data, ["nothing"]) == 1
