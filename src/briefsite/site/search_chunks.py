"""Pagefind's word index in smaller pieces. Pagefind 1.5 cuts its index into chunks of about 20,000 word
positions (a constant in its code, not an option), and a query fetches the whole chunk holding each of its words:
about 25 KB compressed a word, whatever the site's size. `rechunk` cuts the same words into chunks of about
`chunk_units` positions and rewrites the index metadata that lists them, so a first query fetches a few KB of index.

The size trades one chunk's bytes (fetched for each word of a query) against the metadata's list of chunks
(fetched whole for the first query, about 10 bytes a chunk): a chunk of about sqrt(all positions) positions keeps
both small, and both grow with the square root of the site rather than in proportion to it.

The files keep Pagefind's own format (a signature, then CBOR; cbor2 reads and writes it byte for byte) and its
rules: words in byte order, each chunk listed with the range of words it holds (see `ranges`).
A chunk never ends between two words that share their first FAMILY letters, so a word typed that far loads
every word it may be the start of (Pagefind looks up a partly typed word in one chunk only).

The metadata, the chunks and the WebAssembly are written without Pagefind's gzip (its script takes a file that
starts with the signature as it is): Pagefind unzips them in JavaScript on the page's main thread, which cost
more time than any other step of a first query at 3,000 articles (bench/RESULTS.md, issue 16); a server that
compresses sends them gzipped all the same, and the browser unzips that natively, off the main thread.

An index in a format this module does not know (a newer Pagefind) raises UnknownFormat before any file is
changed, so the caller can keep Pagefind's own index as it is."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import zlib
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
MIN_UNITS = 1_000
PAGEFIND_UNITS = 20_000  # Pagefind's own chunk size: never larger
FAMILY = 3
_META_HASH = 10  # hex digits in the metadata file's name, as Pagefind writes it
_CHUNK_HASH = 7


class UnknownFormat(ValueError):
    """A Pagefind index whose files are not in the format this module reads (not a damaged file)."""


def _unpack(path: Path) -> bytes:
    """The signed content of one of Pagefind's files (gzipped, as Pagefind writes them, or not, as `rechunk`
    does), without its signature."""
    data = path.read_bytes()
    if not data.startswith(SIGNATURE):
        try:
            data = gzip.decompress(data)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise ValueError(f"{path.name}: not a Pagefind index file ({exc})") from None
        if not data.startswith(SIGNATURE):
            raise UnknownFormat(f"{path.name}: not in the format of Pagefind 1.5 (no {SIGNATURE.decode()} "
                                "signature)")
    return data[len(SIGNATURE):]


def _read(path: Path) -> Any:
    try:
        return cbor2.loads(_unpack(path))
    except cbor2.CBORDecodeError as exc:
        raise ValueError(f"{path.name}: not a Pagefind index file ({exc})") from None


def _pack(cbor: bytes) -> bytes:
    return SIGNATURE + cbor


# A word of the index: its text, its size (Pagefind's measure: its positions on each page, plus one a page) and
# its CBOR bytes as Pagefind wrote them. The chunks are made of these bytes, not encoded again (half the time;
# the bytes are the same: Pagefind and cbor2 both write the shortest CBOR heads).
Word = tuple[str, int, bytes]


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """The CBOR item at `at`: its major type, its argument (a number, or a length) and where its content starts."""
    major, info = data[at] >> 5, data[at] & 0x1F
    if info < 24:
        return major, info, at + 1
    if info > 27:
        raise ValueError(f"unexpected CBOR item at byte {at}")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _array(data: bytes, at: int) -> tuple[int, int]:
    major, length, at = _head(data, at)
    if major != 4:
        raise ValueError(f"expected a CBOR array at byte {at}")
    return length, at


def _words(path: Path) -> list[Word]:
    """The words of one index chunk: {[{word, [{page, [position, ...], ...}, ...]}, ...]}. cbor2 decodes one word
    at a time from the stream, which tells where each word's bytes end."""
    data = SIGNATURE + _unpack(path)
    try:
        _, at = _array(data, len(SIGNATURE))
        count, at = _array(data, at)
        stream = io.BytesIO(data)
        stream.seek(at)
        decoder = cbor2.CBORDecoder(stream)
        words = []
        for _ in range(count):
            start = stream.tell()
            text, pages = decoder.decode()[:2]
            words.append((str(text), sum(len(page[1]) + 1 for page in pages), data[start:stream.tell()]))
        return words
    except (EOFError, IndexError, TypeError, ValueError, cbor2.CBORDecodeError) as exc:
        raise ValueError(f"{path.name}: not a Pagefind index file ({exc})") from None


def _chunk(words: list[Word]) -> bytes:
    """One index chunk holding `words`, with Pagefind's signature: {[word, ...]}."""
    count = len(words)
    if count < 24:
        head = bytes([0x80 | count])
    elif count < 1 << 8:
        head = bytes([0x98, count])
    elif count < 1 << 16:
        head = bytes([0x99]) + count.to_bytes(2, "big")
    else:
        head = bytes([0x9A]) + count.to_bytes(4, "big")
    return _pack(b"\x81" + head + b"".join(word[2] for word in words))


def chunk_units(total: int) -> int:
    """The chunk size for an index of `total` positions: its square root, within bounds."""
    return min(PAGEFIND_UNITS, max(MIN_UNITS, math.isqrt(total)))


def cut(words: list[Word], units: int) -> list[list[Word]]:
    """Words (in order) cut into runs of at least `units` positions, never between two words of one family."""
    chunks: list[list[Word]] = []
    chunk: list[Word] = []
    size = 0
    for at, word in enumerate(words):
        chunk.append(word)
        size += word[1]
        following = words[at + 1][0] if at + 1 < len(words) else None
        if size >= units and (following is None or following[:FAMILY] != word[0][:FAMILY]):
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def ranges(chunks: list[list[Word]]) -> list[list[str]]:
    """Each chunk's [from, to] for the metadata. Pagefind looks a term up in the first chunk whose range holds
    it. A chunk starts at the shortest start of its first word that comes after the previous chunk's last word
    (Pagefind's rule, so a partly typed word finds the chunk it may begin). Unlike Pagefind's, a range ends at
    or after its chunk's last word: Pagefind's shortened end ("180" for a chunk ending with "180-200") leaves
    words of the chunk ("1800") outside every range, and its script then loads every chunk such a word may be
    in. The end is the shortest string from the last word to before the next chunk's start: for "180-200"
    before "181", "180" and the character after "-"."""
    bounds = [[chunk[0][0], chunk[-1][0]] for chunk in chunks]
    for left, right in zip(bounds, bounds[1:], strict=False):
        last, first = left[1], right[0]
        common = 0
        for a, b in zip(last, first, strict=False):
            if a != b:
                break
            common += 1
        right[0] = first[: common + 1]
        if len(last) > common + 2 and _bumpable(last[common + 1]):
            left[1] = last[: common + 1] + chr(ord(last[common + 1]) + 1)
    return bounds


def _bumpable(char: str) -> bool:
    """Whether the next code point after `char` is a character (not a surrogate, not past the last)."""
    following = ord(char) + 1
    return following <= 0x10FFFF and not 0xD800 <= following <= 0xDFFF


def _name(data: bytes, taken: set[str], prefix: str, length: int) -> str:
    digest = hashlib.sha256(data).hexdigest()
    while f"{prefix}{digest[:length]}" in taken:
        length += 1
    return f"{prefix}{digest[:length]}"


def _chunk_list(meta: Any, path: Path) -> list[list[str]]:
    """The metadata's list of index chunks, [[from, to, name], ...], checked: Pagefind 1.5's layout."""
    listed = meta[2] if isinstance(meta, list) and len(meta) > 2 else None
    if not (isinstance(listed, list) and all(isinstance(c, list) and len(c) == 3 and all(isinstance(p, str)
                                                                                        for p in c)
                                             for c in listed)):
        raise UnknownFormat(f"{path.name}: not in the format of Pagefind 1.5 (no list of index chunks)")
    return listed


def rechunk(bundle: Path, units: int | None = None) -> None:
    """Rewrite the Pagefind bundle in `bundle` (a site's pagefind/ folder) with chunks of about `units` word
    positions (default: chunk_units), its files unzipped; the search finds the same pages, ranked the same.
    Everything is read and checked before the first file is changed."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict) or not all(isinstance(lang, dict) and isinstance(lang.get("hash"), str)
                                                  for lang in languages.values()):
        raise UnknownFormat(f"{entry_path.name}: not in the format of Pagefind 1.5 (no languages)")
    plans = []
    for language in languages.values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        old = [bundle / "index" / f"{chunk[2]}.pf_index" for chunk in _chunk_list(meta, meta_path)]
        words = [word for path in old for word in _words(path)]
        if [word[0] for word in words] != sorted(word[0] for word in words):
            raise ValueError(f"{bundle.name}: the index's words are not in order")
        wasm = bundle / f"wasm.{language.get('wasm') or 'unknown'}.pagefind"
        plans.append((language, meta_path, meta, old, words, wasm, SIGNATURE + _unpack(wasm)))
    for language, meta_path, meta, old, words, wasm, program in plans:
        pieces = cut(words, units or chunk_units(sum(word[1] for word in words)))
        prefix = language["hash"].split("_", 1)[0] + "_"
        listed: list[list[str]] = []
        taken: set[str] = set()
        written: dict[str, bytes] = {}
        for piece, (start, end) in zip(pieces, ranges(pieces), strict=True):
            data = _chunk(piece)
            name = _name(data, taken, prefix, _CHUNK_HASH)
            taken.add(name)
            written[name] = data
            listed.append([start, end, name])
        for path in old:
            path.unlink()
        for name, data in written.items():
            (bundle / "index" / f"{name}.pf_index").write_bytes(data)
        meta[2] = listed
        data = _pack(cbor2.dumps(meta))
        name = _name(data, set(), prefix, _META_HASH)
        meta_path.unlink()
        (bundle / f"pagefind.{name}.pf_meta").write_bytes(data)
        language["hash"] = name
        wasm.write_bytes(program)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
