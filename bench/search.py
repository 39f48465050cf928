"""Search at scale: what a reader downloads for a first query and how long the first result takes, Pagefind
(the site as built) against the lunr baseline (the same briefings published with Material's `search` plugin, the
search of the site before issue 16), measured in one run in Debian's headless chromium.

    .venv/bin/python bench/search.py --sizes 300,1000                # ~15 minutes on 2 cores
    .venv/bin/python bench/search.py --sizes 300,480,1000,3000       # the issue's sizes: adds ~1 hour (normalize)
    .venv/bin/python bench/search.py --sizes 3000 --reuse --work DIR # DIR/site-3000 holds facts/: no normalize
                                                                     # (--reuse rewrites its templates: use a copy)

For each size: bench/corpus.py makes the site folder, `build.py build` builds it (Pagefind indexed by the hook),
and the baseline is built from the same briefings/ (listing pages back in the index, as before) with a copy of
mkdocs.yml that drops Briefsite's search (custom_dir, hooks, extra_javascript) and enables Material's `search`
plugin and instant loading. Each site is served on localhost by a plain http server in its own process (no
compression; gzip sizes are computed from the files served). A fresh browser context opens the home page, types a
person's name into the search box at once (at DOMContentLoaded: the worst case, nothing loaded ahead) and waits
for the first result: "first result" is when the first result link enters the page (timed in the page), from the
start of navigation and from the input event; "search bytes" are the bytes of the search requests (lunr:
search_index.json, the worker, lunr; Pagefind: pagefind/*) that were in by then; "home page" is everything the
home page loads before anyone types. A third fresh context does what a reader does: the box takes focus once the
page has loaded and the name is typed a second later ("typed 1 s after load, box focused"). The markdown also
says where the time from typing went (Resource Timing: when the script, the wasm, the metadata, the index chunks
and the first result's text were in). Writes bench/out/search.json and bench/out/search.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO / "bench"))

from corpus import make_site  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH="1531900000")


def lunr_config(text: str) -> str:
    """The project's mkdocs.yml as it was before Pagefind: Material's own search plugin, no overrides, and
    Material's instant loading (which the site had then)."""
    text = re.sub(r"^  custom_dir:.*\n", "", text, flags=re.M)
    if "navigation.instant" not in text:
        text = re.sub(r"^  features:\n", "  features:\n    - navigation.instant\n", text, count=1, flags=re.M)
    text = re.sub(r"^(hooks|extra_javascript):\n(  - .*\n)+", "", text, flags=re.M)
    return re.sub(r"^plugins:\n", "plugins:\n  - search\n", text, flags=re.M)


_EXCLUDED = "\nsearch:\n  exclude: true\n"


def build(root: Path) -> dict[str, float]:
    """Build the Pagefind site with build.py and the lunr baseline beside it; returns their build times."""
    started = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--quiet", "build"], env=ENV,
                   check=True)
    built = time.perf_counter() - started
    # the baseline indexes every page, as the site before issue 16 did: its listing pages lose the front matter
    # that keeps them out of the search index now
    docs = root / "briefings-lunr"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(root / "briefings", docs)
    for page in docs.rglob("*.md"):
        text = page.read_text("utf-8")
        if _EXCLUDED in text:
            page.write_text(text.replace(_EXCLUDED, "\n", 1), "utf-8")
    config = lunr_config((root / "mkdocs.yml").read_text("utf-8"))
    (root / "mkdocs-lunr.yml").write_text(re.sub(r"^docs_dir: .*$", "docs_dir: briefings-lunr", config, flags=re.M),
                                          "utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", "mkdocs-lunr.yml",
                    "--site-dir", str(root / "site-lunr")], cwd=root, env=ENV, check=True)
    lunr = time.perf_counter() - started
    from briefsite.site.search import index_site

    copy = root / "site-reindex"
    shutil.copytree(root / "site", copy, ignore=shutil.ignore_patterns("pagefind"))
    started = time.perf_counter()
    index_site(copy)
    indexing = time.perf_counter() - started
    shutil.rmtree(copy)
    return {"build_s": built, "lunr_build_s": lunr, "pagefind_index_s": indexing}


@contextlib.contextmanager
def _server_process(folder: Path) -> Iterator[str]:
    """The site served by a plain http server in its own process, so the measuring process (Playwright's
    client) does not slow the serving down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


def _body(folder: Path, base: str, url: str) -> bytes:
    """The bytes the server sent for `url`: the file itself (a static site), read after the measurement so
    that fetching response bodies from the browser does not slow the page down while it is timed."""
    path = urllib.parse.urlsplit(url).path
    target = folder / urllib.parse.unquote(path).lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target.read_bytes() if url.startswith(base) and target.is_file() else b""


# Timed in the page, not by polling from Playwright (which checks every 100-500 ms): the first input event, and the
# moment the first result link enters the DOM (a MutationObserver started by that input event).
_STOPWATCH = """
window.__bench = {typed: null, result: null};
document.addEventListener('input', () => {
  const bench = window.__bench;
  if (bench.typed !== null) return;
  bench.typed = performance.now();
  const found = () => document.querySelector('.md-search-result__item a, a.md-search-result__link');
  new MutationObserver((records, observer) => {
    if (bench.result === null && found()) { bench.result = performance.now(); observer.disconnect(); }
  }).observe(document.body, {childList: true, subtree: true});
}, true);
"""
_RESOURCE_TIMES = """typed => performance.getEntriesByType('resource')
    .filter(e => /\\/pagefind\\/|search_index|\\/workers\\/search|\\/lunr\\//.test(e.name))
    .map(e => [e.name.replace(/^.*\\/(pagefind|search|assets)\\//, '').replace(/\\?.*$/, ''),
               Math.round(e.startTime - typed), Math.round(e.responseEnd - typed)])"""


def _phases(timings: list[list[Any]], typed_to_result: float) -> str:
    """A one-line account of where the time from typing to the first result went: when the script, the wasm,
    the index metadata, the last index chunk and the first result's text were in (ms after typing)."""
    def end(pattern: str, last: bool = False) -> str:
        ends = [t[2] for t in timings if re.search(pattern, t[0])]
        return "–" if not ends else f"{max(ends) if last else min(ends):,}"
    if any("search_index" in t[0] for t in timings):
        return f"index {end('search_index')} · result {round(typed_to_result):,}"
    return (f"js {end(r'^pagefind[.]js')} · wasm {end(r'wasm')} · meta {end(r'pf_meta')} · "
            f"chunks {end(r'pf_index', last=True)} · text {end(r'pf_fragment')} · result {round(typed_to_result):,}")


def _gzipped(body: bytes) -> int:
    """The bytes a server that compresses (gzip -6) sends for `body`: compressed where that makes it smaller;
    Pagefind's wasm and index files are gzip already, and gain nothing."""
    return min(len(body), len(gzip.compress(body, 6)))


def _is_search(url: str) -> bool:
    return "/pagefind/" in url or "search_index" in url or "/workers/search" in url or "/lunr/" in url


def measure(browser: Any, folder: Path, query: str, expected: str) -> dict[str, Any]:
    """One fresh context: home page bytes, then a first query typed at once; bytes and time to first result."""
    with _server_process(folder) as url:
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        fetched: list[str] = []
        console: list[str] = []
        page.on("response", lambda response: fetched.append(response.url) if response.ok else None)
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}")
                if message.type in ("error", "warning") else None)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                   else route.abort())
        page.add_init_script(_STOPWATCH)
        page.goto(url + "/", wait_until="domcontentloaded")
        search = page.locator("input.md-search__input")
        search.fill(query)
        search.dispatch_event("keyup")  # Material's search reads the box on keyup
        first = page.locator(".md-search-result__item a, a.md-search-result__link").first
        first.wait_for(state="visible", timeout=120_000)
        typed, elapsed = page.evaluate("[window.__bench.typed, window.__bench.result]")
        seen = list(fetched)
        href = first.get_attribute("href") or ""
        # the requests that were in when the first result appeared; a worker's requests are not in the page's
        # Resource Timing, so those count if they were in when Playwright saw the result
        entries = page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.responseEnd])")
        done_by = {name for name, end in entries if end <= elapsed}
        timed = {name for name, _ in entries}
        # a URL asked for twice (by briefsite.js ahead of Pagefind, then by Pagefind) is answered from the cache
        # the second time: one transfer
        at_result = [(u, _body(folder, url, u)) for u in dict.fromkeys(seen) if u in done_by or u not in timed]
        # where the time went: each search request's start and end, in ms after typing (Resource Timing)
        timings = page.evaluate(_RESOURCE_TIMES, typed)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(3_000)  # a preload that is never used is reported after a few seconds
        context.close()
        settled = _settled(browser, url, query)
        # the home page alone, in a second fresh context where nobody types
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        loaded: list[str] = []
        page.on("response", lambda response: loaded.append(response.url) if response.ok else None)
        page.goto(url + "/", wait_until="networkidle")
        page.wait_for_timeout(3_000)  # Material's search worker asks for its index only after the page is up
        page.wait_for_load_state("networkidle")
        context.close()
        home = [(u, _body(folder, url, u)) for u in loaded]
    search_files = [(u, b) for u, b in at_result if _is_search(u)]
    return {
        "first_result_ms": round(elapsed),
        "typed_to_result_ms": round(elapsed - typed),
        "first_result": href,
        "entity_first": href.rstrip("/").endswith(expected.rstrip("/")),
        "search_bytes": sum(len(b) for _, b in search_files),
        "search_bytes_gzip": sum(_gzipped(b) for _, b in search_files),
        "search_requests": len(search_files),
        "search_files": [(u.replace(url, ""), len(b), _gzipped(b)) for u, b in search_files],
        "settled_ms": settled,
        "timings": timings,
        "phases": _phases(timings, elapsed - typed),
        "console": console,
        "home_bytes": sum(len(b) for _, b in home),
        "home_urls_growing": [u for u, _ in home if re.search(r"sitemap|search_index|pagefind", u)],
        "home_files": sorted(((u.replace(url, ""), len(b)) for u, b in home), key=lambda f: -f[1]),
        "home_bytes_gzip": sum(_gzipped(b) for _, b in home),
    }


def _settled(browser: Any, url: str, query: str) -> float:
    """What a reader does: a fresh context opens the home page, the search box takes focus once the page has
    loaded, and the query is typed a second later; ms from typing to the first result."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    page.add_init_script(_STOPWATCH)
    page.goto(url + "/", wait_until="load")
    search = page.locator("input.md-search__input")
    search.focus()
    page.wait_for_timeout(1_000)
    search.fill(query)
    search.dispatch_event("keyup")
    page.locator(".md-search-result__item a, a.md-search-result__link").first.wait_for(state="visible",
                                                                                      timeout=120_000)
    typed, elapsed = page.evaluate("[window.__bench.typed, window.__bench.result]")
    context.close()
    return round(elapsed - typed)


def _person(site: Path) -> tuple[str, str]:
    """A person named on the site, and their page: the first person page in name order."""
    folder = sorted(p for p in (site / "people").iterdir() if p.is_dir())[0]
    title = re.search(r"<h1[^>]*>(.*?)<", (folder / "index.html").read_text("utf-8"), re.S)
    assert title, folder
    return title.group(1).strip(), f"/people/{folder.name}/"


def _articles(root: Path) -> list[Path]:
    return sorted(p for p in (root / "seeds").iterdir() if p.is_file())


def borrow(n: int, root: Path, source: Path) -> bool:
    """Fill the new site folder `root` for n articles from the site folders of an earlier run in `source` (the
    editor-loop layout: site-N/ with seeds/, facts/, briefings/, site/), without extracting anything: a copy
    (`cp -a`) of source/site-n, else the first n articles of the smallest bigger site there with their fact
    sheets and the sheets of their stories (the corpus puts a story's articles next to each other). The
    originals are only read. Returns False when `source` has no site of n articles or more."""
    if (source / f"site-{n}" / "facts").is_dir():
        subprocess.run(["cp", "-a", str(source / f"site-{n}"), str(root)], check=True)
        return True
    bigger = sorted((int(m.group(1)), p) for p in source.glob("site-*")
                    if (m := re.fullmatch(r"site-(\d+)", p.name)) and int(m.group(1)) > n and (p / "facts").is_dir())
    if not bigger:
        return False
    big = bigger[0][1]
    (root / "seeds").mkdir(parents=True)
    stories = set()

    def sheet(folder: str, name: str) -> None:  # the sheet and its merge base (facts/.base/: it is current)
        for part in ("", ".base/"):
            if (big / "facts" / folder / part / name).is_file():
                (root / "facts" / folder / part).mkdir(parents=True, exist_ok=True)
                shutil.copy2(big / "facts" / folder / part / name, root / "facts" / folder / part / name)

    for article in _articles(big)[:n]:
        shutil.copy2(article, root / "seeds" / article.name)
        sheet("", f"{article.stem}.yaml")
        if (big / "facts" / f"{article.stem}.yaml").is_file():
            story = re.search(r"^story: (\S+)$", (big / "facts" / f"{article.stem}.yaml").read_text("utf-8"), re.M)
            stories.update([story.group(1)] if story else [])
    for story in sorted(stories):
        sheet("stories", f"{story}.yaml")
    for name in ("briefsite.yml",):
        if (big / name).is_file():
            shutil.copy2(big / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    return True


def _reindex(site: Path) -> float:
    """Index a built site again with this code (Pagefind and the re-cut) and give it this code's search script,
    without a MkDocs build: what changes in a site when only the search changes. Returns the indexing time."""
    from briefsite.site.search import index_site

    script = Path("assets") / "javascripts" / "briefsite.js"
    shutil.copy(REPO / "templates" / "overrides" / script, site / script)
    started = time.perf_counter()
    index_site(site)
    return time.perf_counter() - started


def run(sizes: list[int], work: Path, *, reuse: bool = False, measure_only: bool = False,
        source: Path | None = None, reindex: bool = False, repeat: int = 1) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows = []
    for n in sizes:
        root = work / f"site-{n}"
        borrowed = False
        if source is not None and not root.exists():
            work.mkdir(parents=True, exist_ok=True)
            borrowed = borrow(n, root, source)
        if measure_only and (root / "site-lunr").is_dir():
            times = json.loads((root / "build-times.json").read_text("utf-8"))
        elif (reuse or borrowed) and (root / "facts").is_dir():  # keep articles and sheets; take today's config
            shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
            shutil.rmtree(root / "templates")
            shutil.copytree(REPO / "templates", root / "templates")
            shutil.rmtree(root / "site-lunr", ignore_errors=True)
        else:
            root = make_site(root, n)
        if not (measure_only and (root / "site-lunr").is_dir()):
            times = build(root)
            (root / "build-times.json").write_text(json.dumps(times), "utf-8")
        elif reindex:
            times["pagefind_index_s"] = _reindex(root / "site")
            (root / "build-times.json").write_text(json.dumps(times), "utf-8")
        pages = sum(1 for _ in (root / "site").rglob("*.html"))
        query, expected = _person(root / "site")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            # on a shared machine one sample is mostly the load of the moment: with --repeat, Pagefind's row is the
            # run with the median time from typing, and every run's times are kept
            runs = sorted((measure(browser, root / "site", query, expected) for _ in range(repeat)),
                          key=lambda m: m["typed_to_result_ms"])
            pagefind = {**runs[len(runs) // 2], "runs_typed_to_result_ms": [m["typed_to_result_ms"] for m in runs],
                        "runs_settled_ms": sorted(m["settled_ms"] for m in runs)}
            lunr = measure(browser, root / "site-lunr", query, expected)
            browser.close()
        row = {"articles": n, "pages": pages, "query": query, **times, "pagefind": pagefind, "lunr": lunr,
               "index_mb": {"lunr": (root / "site-lunr" / "search" / "search_index.json").stat().st_size / 1e6,
                            "pagefind": sum(f.stat().st_size for f in (root / "site" / "pagefind").rglob("*")
                                            if f.is_file()) / 1e6}}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,} ms"


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| articles (pages) | search | bytes for a first query (gzip) | requests | first result (from typing) "
             "| typed 1 s after load, box focused | entity page first | home page in all (gzip) | on-disk index |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        for name in ("lunr", "pagefind"):
            m = row[name]
            lines.append(f"| {row['articles']} ({row['pages']}) | {name} | {m['search_bytes'] / 1e3:,.0f} KB "
                         f"({m['search_bytes_gzip'] / 1e3:,.0f} KB) | {m['search_requests']} | "
                         f"{m['first_result_ms']:,} ms ({m['typed_to_result_ms']:,} ms) | "
                         f"{_ms(m.get('settled_ms'))} | "
                         f"{'yes' if m['entity_first'] else 'no'} | "
                         f"{m['home_bytes'] / 1e3:,.0f} KB ({m['home_bytes_gzip'] / 1e3:,.0f} KB) | "
                         f"{row['index_mb'][name]:.1f} MB |")
        p, b = row["pagefind"], row["lunr"]
        lines.append(f"| {row['articles']} | **ratio** | {p['search_bytes'] / b['search_bytes']:.1%} "
                     f"({p['search_bytes_gzip'] / b['search_bytes_gzip']:.1%}) | | "
                     f"{p['first_result_ms'] / b['first_result_ms']:.1%} "
                     f"({p['typed_to_result_ms'] / b['typed_to_result_ms']:.1%}) | "
                     f"{p['settled_ms'] / b['settled_ms'] if p.get('settled_ms') and b.get('settled_ms') else 0:.1%} "
                     f"| | | Pagefind indexing "
                     f"{row['pagefind_index_s']:.1f} s |")
    lines += ["", "Where the time from typing to the first result went (ms after typing: when each part was in):", ""]
    for row in rows:
        for name in ("lunr", "pagefind"):
            m = row[name]
            growing = ", ".join(sorted({u.rsplit("/", 1)[-1] for u in m.get("home_urls_growing", [])})) or "none"
            lines.append(f"- {row['articles']} {name}: {m.get('phases', '?')}; the home page loaded "
                         f"sitemap/search files: {growing}")
    repeated = [row for row in rows if len(row["pagefind"].get("runs_typed_to_result_ms", [])) > 1]
    if repeated:
        lines += ["", "Pagefind, every run (ms from typing; the row above is the median run):", ""]
        lines += [f"- {row['articles']}: typed at DOMContentLoaded {row['pagefind']['runs_typed_to_result_ms']}; "
                  f"typed 1 s after load, box focused {row['pagefind']['runs_settled_ms']}" for row in repeated]
    lines += ["", "What a first query had fetched when its first result appeared (KB raw, and in brackets as a "
              "server that compresses sends it: gzip -6 where that is smaller):", ""]
    for row in rows:
        for name in ("lunr", "pagefind"):
            files = row[name].get("search_files", [])
            listed = " · ".join(f"{re.sub(r'[?].*$', '', path).rsplit('/', 1)[-1]} {raw / 1e3:,.1f} "
                                f"({packed / 1e3:,.1f})" for path, raw, packed in files)
            lines.append(f"- {row['articles']} {name}: {listed or '–'}")
            if row[name].get("console"):
                lines.append(f"  - console: {'; '.join(row[name]['console'])}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,1000", help="article counts (3000 is optional: slow)")
    parser.add_argument("--work", type=Path, default=OUT / "search-sites")
    parser.add_argument("--reuse", action="store_true",
                        help="keep site folders already in --work (articles and fact sheets); rebuild the sites")
    parser.add_argument("--from", dest="source", type=Path,
                        help="site folders of an earlier run (site-N/ with seeds/ and facts/, e.g. "
                             "/work/benchruns/after/editor-loop): copied, or cut to N articles, into --work "
                             "instead of extracting the articles again; never modified")
    parser.add_argument("--measure-only", action="store_true",
                        help="measure the sites already built in --work again (no build)")
    parser.add_argument("--reindex", action="store_true",
                        help="with --measure-only: index the built sites again with this code first (Pagefind, "
                             "the re-cut and this code's briefsite.js; no MkDocs build)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure Pagefind this many times (fresh contexts) and report the median run")
    args = parser.parse_args()
    rows = run([int(s) for s in args.sizes.split(",")], args.work, reuse=args.reuse, measure_only=args.measure_only,
               source=args.source, reindex=args.reindex, repeat=args.repeat)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search.json").write_text(json.dumps(rows, indent=1) + "\n", "utf-8")
    (OUT / "search.md").write_text(table(rows), "utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
