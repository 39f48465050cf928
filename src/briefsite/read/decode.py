"""Bytes -> text for every reader: size limits, gzip, BOMs, charset detection, mojibake repair, newlines.

The rule: text is decoded correctly or the reader gets an InputError naming the file and the byte offset;
never silent U+FFFD. Anything changed on the way (a detected charset, repaired mojibake, removed NUL bytes)
is returned as a warning so the fact sheet can say so.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

from briefsite.errors import InputError

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
MAX_LINE_CHARS = 1024 * 1024

_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip data (name it .gz to have it decompressed)"),
    (b"BM", None),  # BMP needs a closer look: plain text may start with "BM"
    (b"\x7fELF", "an executable"),
    (b"MZ", None),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", None),
)
# C0 control bytes that never occur in text (tab, LF, FF, CR and ESC excluded).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.I,
)
# Most of the repairs ftfy offers, minus the ones that change correct text: quotes stay curly, ligatures and
# full-width letters stay as written, entities stay for the HTML parser, newlines and NUL are handled here.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    replace_lossy_sequences=False,
    remove_control_chars=False,
    normalization=None,
)


def read_limited(path: Path, rel: str, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The file's bytes (decompressed when the name ends in `.gz`), or InputError when it cannot be read or
    is (or decompresses to) more than `limit` bytes."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError.at(rel, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError.at(rel, f"file is over the {limit}-byte limit for one article")
    if path.suffix.lower() == ".gz":
        return gunzip_limited(data, rel, limit)
    return data


def gunzip_limited(data: bytes, rel: str, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """Decompress gzip data, stopping as soon as the output passes `limit` bytes (no gzip bombs)."""
    out = bytearray()
    rest = data
    try:
        while rest:  # a .gz file may hold several members, one after the other
            stream = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            out += stream.decompress(rest, limit + 1 - len(out))
            if len(out) > limit:
                raise InputError.at(rel, f"decompresses to over the {limit}-byte limit for one article")
            if not stream.eof:
                if stream.unconsumed_tail:
                    raise InputError.at(rel, f"decompresses to over the {limit}-byte limit for one article")
                raise InputError.at(rel, "the gzip data is cut short (truncated file)")
            rest = stream.unused_data.lstrip(b"\x00")  # trailing NUL padding is allowed
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise InputError.at(rel, f"not valid gzip data: {exc}") from None
    return bytes(out)


def decode_bytes(
    data: bytes, rel: str, *, max_line: int | None = MAX_LINE_CHARS, repair: bool = True
) -> tuple[str, tuple[str, ...]]:
    """Decode an article's bytes to text with `\\n` newlines; returns (text, warnings).

    Order: BOM; a charset declared in the first bytes (HTML meta / XML declaration); UTF-8; UTF-16 without
    BOM; otherwise charset-normalizer's guess. Mojibake is repaired with ftfy when `repair` is true.
    `max_line` caps one line in characters (None: no cap, for HTML where one line may hold a whole page).
    """
    if not data.strip():
        raise InputError.at(rel, "the file is empty" if not data else "the file holds only white space")
    warnings: list[str] = []
    text = _decode(data, rel, warnings)
    text, nul_warning = _drop_nul(text, data, rel)
    if nul_warning:
        warnings.append(nul_warning)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if text.startswith("\ufeff"):
        text = text[1:]  # a second BOM after a BOM-less decode
    if not text.strip():
        raise InputError.at(rel, "the file holds no text")
    if repair:
        text, repaired = repair_text(text, rel)
        warnings.extend(repaired)
    if max_line is not None:
        _check_lines(text, rel, max_line)
    return text, tuple(warnings)


def repair_text(text: str, rel: str) -> tuple[str, tuple[str, ...]]:
    """Repair mojibake with ftfy; returns the text and a warning that shows what changed (or none)."""
    fixed = ftfy.fix_and_explain(text, _FTFY)
    if fixed.text == text:
        return text, ()
    steps = ", ".join(f"{action} {param}" for action, param in fixed.explanation or ())
    before, after = _first_difference(text, fixed.text)
    return fixed.text, (f"{rel}: repaired mojibake ({steps}): {before!r} -> {after!r}",)


def _decode(data: bytes, rel: str, warnings: list[str]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], encoding, rel, len(bom), f"the {encoding.upper()} byte-order mark")
    _reject_binary(data, rel)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        warnings.append(f"{rel}: no byte-order mark; decoded as {utf16.upper()} (every other byte is NUL)")
        return _strict(data, utf16, rel, 0, utf16.upper())
    declared = _declared_charset(data)
    if declared is not None:
        return _strict(data, declared, rel, 0, f"the declared charset {declared}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    if _mostly_utf8(data):
        # As many valid UTF-8 sequences as bad bytes: this is broken UTF-8, not another charset.
        raise InputError.at(rel, f"invalid UTF-8 at byte offset {utf8_error} {_show(data, utf8_error)}")
    guessed = _guess_charset(data)
    if guessed is None:
        raise InputError.at(
            rel, f"invalid UTF-8 at byte offset {utf8_error} {_show(data, utf8_error)} and no other charset "
                 "explains the bytes",
        )
    warnings.append(f"{rel}: not UTF-8 (byte offset {utf8_error}); decoded as {guessed} (detected)")
    return _strict(data, guessed, rel, 0, f"the detected charset {guessed}")


def _strict(data: bytes, encoding: str, rel: str, base: int, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = base + exc.start
        raise InputError.at(rel, f"bytes invalid in {why} at byte offset {offset} {_show(data, exc.start)}") from None


def _show(data: bytes, offset: int) -> str:
    return f"({data[offset:offset + 4].hex(' ')})"


def _reject_binary(data: bytes, rel: str) -> None:
    for magic, what in _MAGIC:
        if what is not None and data.startswith(magic):
            raise InputError.at(rel, f"this is {what}, not a text article")
    if data.startswith(b"RIFF") and data[8:12] in {b"WEBP", b"WAVE", b"AVI "}:
        raise InputError.at(rel, "this is a RIFF media file (WebP, WAV or AVI), not a text article")
    if _utf16_without_bom(data) is not None:
        return
    sample = data[:65536]
    controls = len(_CONTROL.findall(sample))
    # Text has at most a stray control byte or two; binary data has them everywhere (about 1 byte in 9).
    if controls > 8 and controls > len(sample) // 100:
        first = _CONTROL.search(sample)
        where = first.start() if first else 0
        raise InputError.at(rel, f"binary data, not text ({controls} control bytes in the first {len(sample)}; "
                                 f"first at byte offset {where})")


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None  # an unknown label: ignore it and detect, as browsers do
    # WHATWG: pages labelled Latin-1/ASCII are decoded as windows-1252; a UTF-16 label on an ASCII-compatible
    # page (we found it by reading ASCII) is a lie, so UTF-8 it is.
    if codec in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    half = len(sample) // 2
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul >= 0.9 * half and even_nul < 0.1 * half:
        return "utf-16-le"
    if even_nul >= 0.9 * half and odd_nul < 0.1 * half:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    valid = len(_UTF8_MULTIBYTE.findall(data))
    invalid = sum(1 for ch in data.decode("utf-8", "surrogateescape") if "\udc80" <= ch <= "\udcff")
    return valid >= invalid


def _guess_charset(data: bytes) -> str | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    # On short text charset-normalizer cannot tell windows-1252 from its look-alikes (cp1250, mac_roman...);
    # windows-1252 is by far the most common legacy charset on the web, so it wins a tie.
    for match in matches:
        if match.chaos <= best.chaos + 0.01 and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return str(best.encoding)


def _drop_nul(text: str, data: bytes, rel: str) -> tuple[str, str | None]:
    count = text.count("\x00")
    if not count:
        return text, None
    first = data.find(b"\x00")
    where = f"; the first at byte offset {first}" if first >= 0 else ""
    return text.replace("\x00", ""), f"{rel}: removed {count} NUL character(s){where}"


def _check_lines(text: str, rel: str, max_line: int) -> None:
    if len(text) <= max_line:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > max_line:
            raise InputError.at(rel, f"line is {len(line)} characters, over the {max_line}-character limit", number)


def _first_difference(old: str, new: str, context: int = 12) -> tuple[str, str]:
    i = 0
    while i < min(len(old), len(new)) and old[i] == new[i]:
        i += 1
    j = 0
    while j < min(len(old), len(new)) - i and old[-1 - j] == new[-1 - j]:
        j += 1
    start = max(0, i - context)
    old_end = min(len(old), max(i, len(old) - j) + context)
    new_end = min(len(new), max(i, len(new) - j) + context)
    return old[start:old_end][:80], new[start:new_end][:80]
