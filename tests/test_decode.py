"""decode.py: every byte sequence is decoded correctly or rejected with the file and byte offset."""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite.errors import InputError
from briefsite.read.decode import decode_bytes, gunzip_limited, read_limited
from briefsite.read.readers import read


def test_plain_utf8_is_unchanged_and_silent() -> None:
    text = "Acme’s “big” deal — 5 € and ﬁne ｆｕｌｌ-width 日本\n"
    assert decode_bytes(text.encode(), "a.txt") == (text, ())


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes(b"\xef\xbb\xbfHello", "a.txt") == ("Hello", ())


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    data = "\ufeffGrüße, 東京 😀\r\nline two".encode(codec)
    assert decode_bytes(data, "a.txt") == ("Grüße, 東京 😀\nline two", ())


def test_utf16_without_bom_is_recognised_and_said() -> None:
    text, warnings = decode_bytes("Hello world, this is UTF-16.\n".encode("utf-16-le"), "a.txt")
    assert text == "Hello world, this is UTF-16.\n"
    assert "UTF-16-LE" in warnings[0]


def test_cp1252_page_is_detected_with_a_warning() -> None:
    data = "Grüße aus München, sagte der Bürgermeister. “Quoted” – 5 €".encode("cp1252")
    text, warnings = decode_bytes(data, "seeds/de.txt")
    assert text == "Grüße aus München, sagte der Bürgermeister. “Quoted” – 5 €"
    assert warnings == ("seeds/de.txt: not UTF-8 (byte offset 2); decoded as cp1252 (detected)",)


def test_cyrillic_cp1251_is_detected() -> None:
    data = "Привет мир, это тест кодировки. Москва.".encode("cp1251")
    text, warnings = decode_bytes(data, "ru.txt")
    assert text == "Привет мир, это тест кодировки. Москва."
    assert "cp1251" in warnings[0]


def test_declared_latin1_charset_is_honoured_as_windows_1252() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body>café – “x”</body></html>'
    text, warnings = decode_bytes(page.encode("cp1252"), "p.html")
    assert "café – “x”" in text
    assert warnings == ()


def test_mojibake_is_repaired_and_reported() -> None:
    text, warnings = decode_bytes("The cafÃ© said â€œhelloâ€\x9d.".encode(), "m.txt")
    assert text == "The café said “hello”."
    assert len(warnings) == 1
    assert warnings[0].startswith("m.txt: repaired mojibake (")
    assert "'The cafÃ© said" in warnings[0] and "'The café said “hello”.'" in warnings[0]


def test_invalid_bytes_in_utf8_text_name_file_and_offset() -> None:
    data = "Hé is here and there ".encode() + b"\xff more text " + "é".encode()
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "seeds/bad.txt")
    assert str(caught.value) == "seeds/bad.txt: invalid UTF-8 at byte offset 22 (ff 20 6d 6f)"
    assert "\ufffd" not in str(caught.value)


def test_invalid_bytes_under_declared_utf8_name_the_offset() -> None:
    page = b'<html><head><meta charset="utf-8"></head><body>caf\xe9</body>'
    with pytest.raises(InputError, match=r"p\.html: bytes invalid in the declared charset utf-8 at byte offset 50"):
        decode_bytes(page, "p.html")


def test_invalid_utf16_after_bom_names_the_offset() -> None:
    data = b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8"  # a lone high surrogate
    with pytest.raises(InputError, match=r"a\.txt: bytes invalid in the UTF-16-LE byte-order mark at byte offset 6"):
        decode_bytes(data, "a.txt")


def test_nul_bytes_are_removed_with_their_offset() -> None:
    text, warnings = decode_bytes(b"Hello\x00 world\x00\n", "n.txt")
    assert text == "Hello world\n"
    assert warnings == ("n.txt: removed 2 NUL character(s); the first at byte offset 5",)


def test_png_named_txt_is_rejected() -> None:
    with pytest.raises(InputError, match=r"photo\.txt: this is a PNG image, not a text article"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "photo.txt")


def test_random_binary_is_rejected() -> None:
    with pytest.raises(InputError, match=r"blob\.txt: binary data, not text"):
        decode_bytes(bytes(range(256)) * 8, "blob.txt")


def test_binary_file_named_txt_through_the_reader(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "image.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100))
    with pytest.raises(InputError, match=r"^seeds/image\.txt: this is a JPEG image, not a text article$"):
        read(tmp_path / "seeds" / "image.txt", tmp_path)


@pytest.mark.parametrize(("data", "message"), [(b"", "the file is empty"), (b" \r\n\t", "only white space")])
def test_empty_files_are_rejected(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_bytes(data, "e.txt")


def test_crlf_cr_and_unicode_separators_become_newlines() -> None:
    text, _ = decode_bytes("a\r\nb\rc\u2028d\u2029e".encode(), "a.txt")
    assert text == "a\nb\nc\nd\n\ne"


def test_a_one_megabyte_line_is_rejected_with_its_line_number() -> None:
    data = b"title\n" + b"x" * (1024 * 1024 + 1) + b"\n"
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "big.txt")
    assert str(caught.value) == "big.txt:2: line is 1048577 characters, over the 1048576-character limit"
    assert decode_bytes(data, "big.html", max_line=None)[0].startswith("title\n")


def test_oversized_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 101)
    with pytest.raises(InputError, match=r"big\.txt: file is over the 100-byte limit"):
        read_limited(path, "big.txt", limit=100)
    assert read_limited(path, "big.txt", limit=101) == b"a" * 101


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"gone\.txt: cannot read the file"):
        read_limited(tmp_path / "gone.txt", "gone.txt")


def test_gzip_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress("Grüße\r\n".encode()))
    assert read_limited(path, "a.txt.gz") == "Grüße\r\n".encode()


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(bytes(50 * 1024 * 1024), 9))  # 50 MB of zeros in about 50 kB
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"bomb\.txt\.gz: decompresses to over the 20971520-byte limit"):
        read_limited(path, "bomb.txt.gz")


def test_corrupt_and_truncated_gzip(tmp_path: Path) -> None:
    packed = gzip.compress(os.urandom(5000))
    with pytest.raises(InputError, match="cut short"):
        gunzip_limited(packed[:-100], "t.gz")
    with pytest.raises(InputError, match="not valid gzip data"):
        gunzip_limited(b"\x1f\x8bnot gzip at all", "c.gz")
    assert gunzip_limited(packed + gzip.compress(b"second member"), "m.gz").endswith(b"second member")


def test_gzip_data_without_gz_name_is_rejected() -> None:
    with pytest.raises(InputError, match="gzip data"):
        decode_bytes(zlib.compress(b"x", wbits=31), "a.txt")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_input_error(data: bytes) -> None:
    try:
        text, warnings = decode_bytes(data, "fuzz.txt")
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt")
        return
    assert "\r" not in text and "\x00" not in text
    assert all(isinstance(w, str) for w in warnings)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-16", "utf-32", "utf-8-sig"]))
def test_text_with_a_bom_round_trips(text: str, codec: str) -> None:
    data = text.encode(codec, "surrogatepass")
    if codec == "utf-8":
        data = b"\xef\xbb\xbf" + data
    try:
        decoded, _ = decode_bytes(data, "rt.txt", repair=False)
    except InputError:
        return  # lone surrogates, empty text, control characters: refused, never garbled
    expected = text.lstrip("\ufeff") if codec == "utf-8-sig" else text
    normalised = (expected.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
                  .replace("\u2028", "\n").replace("\u2029", "\n\n"))
    assert decoded == normalised.removeprefix("\ufeff")
