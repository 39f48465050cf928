"""The word index re-cut into small chunks (site/search_chunks.py), on a Pagefind index of real news pages that
Briefsite never made (the shared corpus): the same words in the same order, each found where Pagefind's lookup
rule looks for it, and a browser running Pagefind's own script gets the same results from both indexes."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import pytest

from briefsite.errors import PublishError
from briefsite.site import search_chunks
from briefsite.site.search import recut
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "scrapinghub-aeb" / "html"
PAGES = 40
UNITS = 600  # small, so that 40 pages make many chunks
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _meta(bundle: Path) -> list[Any]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return list(search_chunks._read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"))


def _chunks(bundle: Path) -> list[tuple[str, str, list[Any]]]:
    return [(start, end, search_chunks._read(bundle / "index" / f"{name}.pf_index")[0])
            for start, end, name in _meta(bundle)[2]]


def _finder(chunks: list[tuple[str, str, list[Any]]]) -> Any:
    """Pagefind's rule (pagefind_web, request_indexes): a term is looked up in the first chunk whose range holds
    it; returns the words of that chunk for a term."""
    held = [(start, end, frozenset(w[0] for w in words)) for start, end, words in chunks]

    def words_for(term: str) -> frozenset[str]:
        return next((words for start, end, words in held if start <= term <= end), frozenset())
    return words_for


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Pagefind's own index of 40 corpus pages, and a copy re-cut into chunks of about UNITS positions."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    site = tmp_path_factory.mktemp("corpus-site")
    for number, page in enumerate(sorted(CORPUS.glob("*.html.gz"))[:PAGES]):
        (site / f"p{number:03d}").mkdir()
        (site / f"p{number:03d}" / "index.html").write_bytes(gzip.decompress(page.read_bytes()))
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "orig",
                    "--force-language", "en", "--silent"], check=True, capture_output=True)
    shutil.copytree(site / "orig", site / "cut")
    search_chunks.rechunk(site / "cut", UNITS)
    return site / "orig", site / "cut"


def test_the_same_words_in_the_same_order_in_more_and_smaller_chunks(bundles: tuple[Path, Path]) -> None:
    orig, cut = bundles
    before, after = _chunks(orig), _chunks(cut)
    assert [w for _, _, words in before for w in words] == [w for _, _, words in after for w in words]
    assert len(after) > 4 * len(before)
    assert max(len(gzip.compress(p.read_bytes())) for p in (cut / "index").iterdir()) < \
        max(len(gzip.compress(p.read_bytes())) for p in (orig / "index").iterdir())
    assert sorted(p.stem for p in (cut / "index").iterdir()) == sorted(name for _, _, name in _meta(cut)[2])
    # the metadata's other parts (version, pages, filters) are Pagefind's own
    assert _meta(cut)[:2] + _meta(cut)[3:] == _meta(orig)[:2] + _meta(orig)[3:]


def test_every_word_and_every_three_letter_start_is_looked_up_in_the_chunk_holding_it(
        bundles: tuple[Path, Path]) -> None:
    chunks = _chunks(bundles[1])
    lookup = _finder(chunks)
    words = [w[0] for _, _, chunk in chunks for w in chunk]
    for word in words:
        assert word in lookup(word), word
    families: dict[str, set[str]] = {}
    for word in words:
        if len(word) >= search_chunks.FAMILY:
            families.setdefault(word[:search_chunks.FAMILY], set()).add(word)
    for start, family in families.items():
        assert family <= lookup(start), start


def test_recutting_is_deterministic_byte_for_byte_cbor2s_and_a_broken_chunk_is_named(
        bundles: tuple[Path, Path], tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(bundles[0], again)
    search_chunks.rechunk(again, UNITS)
    files = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(bundles[1]) for p in bundles[1].rglob("*") if p.is_file())
    assert all((again / f).read_bytes() == (bundles[1] / f).read_bytes() for f in files)
    # the chunks are Pagefind's bytes of each word, put together: the same as cbor2 encoding the decoded words
    for _, _, name in _meta(again)[2]:
        path = again / "index" / f"{name}.pf_index"
        assert path.read_bytes() == search_chunks.SIGNATURE + cbor2.dumps(search_chunks._read(path))
    broken = tmp_path / "broken"
    shutil.copytree(bundles[0], broken)
    chunk = sorted((broken / "index").iterdir())[0]
    chunk.write_bytes(chunk.read_bytes()[:100])
    with pytest.raises(ValueError, match=chunk.name):
        search_chunks.rechunk(broken)


def test_the_files_pagefinds_script_would_unzip_are_written_unzipped(bundles: tuple[Path, Path]) -> None:
    """Pagefind's script unzips a file in JavaScript unless it starts with the signature: the metadata, the chunks
    and the WebAssembly are written that way, with the content Pagefind gzipped."""
    orig, cut = bundles
    files = [*cut.glob("*.pf_meta"), *(cut / "index").iterdir(), cut / "wasm.en.pagefind"]
    assert all(path.read_bytes().startswith(search_chunks.SIGNATURE) for path in files)
    assert (cut / "wasm.en.pagefind").read_bytes() == gzip.decompress((orig / "wasm.en.pagefind").read_bytes())
    assert all(gzip.decompress(path.read_bytes()).startswith(search_chunks.SIGNATURE)
               for path in [*orig.glob("*.pf_meta"), *(orig / "index").iterdir(), orig / "wasm.en.pagefind"])


def _resigned(path: Path, signature: bytes) -> None:
    data = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(signature + data[len(search_chunks.SIGNATURE):], mtime=0))


@pytest.mark.parametrize("file", ["meta", "chunk", "wasm"])
def test_an_index_in_a_newer_format_is_kept_as_pagefind_wrote_it_with_a_warning(
        bundles: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], file: str) -> None:
    """A newer Pagefind (another signature, here on one file of a real index) does not fail the build: its own
    index is kept, byte for byte, and the build output says why search chunks are large."""
    bundle = tmp_path / "pagefind"
    shutil.copytree(bundles[0], bundle)
    target = {"meta": next(bundle.glob("*.pf_meta")), "chunk": sorted((bundle / "index").iterdir())[-1],
              "wasm": bundle / "wasm.en.pagefind"}[file]
    _resigned(target, b"pagefind_v2x")
    before = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    with pytest.raises(search_chunks.UnknownFormat, match=re.escape(target.name)):
        search_chunks.rechunk(bundle)
    recut(bundle)
    assert {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before
    warning = capsys.readouterr().err
    assert warning.startswith("WARNING - search index kept as Pagefind wrote it") and target.name in warning


def test_a_damaged_index_still_fails_the_build(bundles: tuple[Path, Path], tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(bundles[0], bundle)
    chunk = sorted((bundle / "index").iterdir())[0]
    chunk.write_bytes(chunk.read_bytes()[:100])
    with pytest.raises(PublishError, match=chunk.name):
        recut(bundle)


def test_the_chunk_size_grows_with_the_square_root_of_the_index() -> None:
    assert search_chunks.chunk_units(1_000) == search_chunks.MIN_UNITS
    assert search_chunks.chunk_units(4_000_000) == 2_000
    assert search_chunks.chunk_units(500_000_000) == search_chunks.PAGEFIND_UNITS


_QUERIES = """async (queries) => {
  const load = async (name) => {
    const pagefind = await import(`/${name}/pagefind.js`);
    await pagefind.options({baseUrl: "/", noWorker: true});
    await pagefind.init();
    return pagefind;
  };
  const engines = [await load("orig"), await load("cut")];
  const out = [];
  for (const query of queries) {
    const both = [];
    for (const engine of engines) {
      const search = await engine.search(query);
      both.push(search.results.map(r => [r.id, Math.round(r.score * 1e6)]));
    }
    out.push([query, both[0], both[1]]);
  }
  return out;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(bundles: tuple[Path, Path]) -> Iterator[str]:
    site = bundles[0].parent
    (site / "index.html").write_text("<!doctype html><html lang=\"en\"><title>t</title></html>", "utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_pagefind_finds_the_same_pages_with_the_same_scores_in_both_indexes(bundles: tuple[Path, Path],
                                                                            served: str, browser_type: Any) -> None:
    # browser_type: pytest-playwright's, so this test shares the session's Playwright (a second sync_playwright()
    # inside the session's fails: "using Playwright Sync API inside the asyncio loop")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")

    chunks = _chunks(bundles[0])
    lookup = _finder(chunks)
    words = [w[0] for _, _, chunk in chunks for w in chunk if w[0].isalpha() and len(w[0]) > 3]
    kept = [word for word in words if word in lookup(word)]
    # words outside every range of Pagefind's own chunks (its script then loads every chunk they may be in)
    outside = [w[0] for _, _, chunk in chunks for w in chunk if w[0] not in lookup(w[0]) and w[0].isalnum()]
    picked = kept[:: max(1, len(kept) // 40)]
    queries = picked + [w[:3] for w in picked[::4]] + [f"{a} {b}" for a, b in zip(picked[::5], picked[2::5],
                                                                                   strict=False)]
    queries += outside[:5]
    browser = browser_type.launch(executable_path=CHROMIUM, headless=True,
                                  args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                        "--disable-dev-shm-usage"])
    try:
        page = browser.new_page()
        page.goto(served + "/")
        results = page.evaluate(_QUERIES, queries)
    finally:
        browser.close()
    assert sum(1 for _, before, _ in results if before) > len(queries) // 2  # the queries do find pages
    for query, before, after in results:
        assert after == before, query
    assert outside


def test_pagefinds_own_chunk_ends_leave_words_outside_every_range_ours_do_not(bundles: tuple[Path, Path]) -> None:
    """Why the ranges are not quite Pagefind's: its shortened chunk ends leave some words outside every range."""
    for bundle, lost in ((bundles[0], True), (bundles[1], False)):
        chunks = _chunks(bundle)
        lookup = _finder(chunks)
        missing = [w[0] for _, _, chunk in chunks for w in chunk if w[0] not in lookup(w[0])]
        assert bool(missing) is lost, missing[:5]
