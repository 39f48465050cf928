"""Extraction quality of the HTML reader on the shared real-page corpus (not a test; run by hand).

    .venv/bin/python bench/html_extraction.py [--corpus ../shared/corpus] [--variants default,favor_precision,...]

1. scrapinghub-aeb (181 pages): token precision / recall / F1 of the extracted body against
   `ground-truth.json`'s `articleBody`, averaged over pages, for each trafilatura option set.
2. newspaper4k, the 13 English pages: title exact match and publication date (same day) against the
   metadata JSON, for our title choice and for trafilatura's own title.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

import trafilatura

from briefsite.errors import InputError
from briefsite.read.html import DEFAULT_OPTIONS, HtmlOptions, read_html

VARIANTS = {
    "ours (default)": DEFAULT_OPTIONS,
    "trafilatura": HtmlOptions(favor_precision=False),
    "favor_recall": HtmlOptions(favor_precision=False, favor_recall=True),
    "no_tables": HtmlOptions(favor_precision=False, include_tables=False),
    "fast": HtmlOptions(favor_precision=False, fast=True),
    "recall_no_tables": HtmlOptions(favor_precision=False, favor_recall=True, include_tables=False),
    "precision_fast": HtmlOptions(favor_precision=True, fast=True),
    "precision_no_tables": HtmlOptions(favor_precision=True, include_tables=False),
}
ENGLISH = (
    "article_with_br", "article_with_divs", "cleveland.com1", "cnn_001", "cnn_002", "cnn_article",
    "cnn_test_nlp", "fox13now_001", "time_001", "video_article_01", "video_article_02", "wired_001", "yna_co_kr",
)
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    """Bag of lower-cased word tokens."""
    return Counter(_TOKEN.findall(text.lower()))


def prf(got: str, want: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of `got` against `want` (multiset overlap)."""
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    p = common / sum(g.values()) if g else 0.0
    r = common / sum(w.values()) if w else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _one_page(job: tuple[Path, str, HtmlOptions]) -> tuple[str, float, float, float, float, bool]:
    path, reference, options = job
    start = time.perf_counter()
    try:
        body = read_html(path, path.parent, options).text
        failed = False
    except InputError:
        body, failed = "", True
    elapsed = time.perf_counter() - start
    return (path.name, *prf(body, reference), elapsed, failed)


def bench_bodies(corpus: Path, names: list[str], workers: int) -> None:
    folder = corpus / "scrapinghub-aeb"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    print(f"## Body text: {folder} ({len(ids)} pages), token P/R/F1 averaged over pages\n")
    print(f"| {'options':<19} | precision | recall |   F1   | F1>=0.95 | failed | s/page |")
    print(f"|{'-' * 21}|-----------|--------|--------|----------|--------|--------|")
    with ProcessPoolExecutor(workers) as pool:
        for name in names:
            options = VARIANTS[name]
            jobs = [(folder / "html" / f"{i}.html.gz", truth[i]["articleBody"], options) for i in ids]
            rows = list(pool.map(_one_page, jobs, chunksize=4))
            n = len(rows)
            p = sum(r[1] for r in rows) / n
            r = sum(r[2] for r in rows) / n
            f = sum(r[3] for r in rows) / n
            good = sum(1 for row in rows if row[3] >= 0.95)
            secs = sum(row[4] for row in rows) / n
            failed = sum(1 for row in rows if row[5])
            print(f"| {name:<19} |   {p:.4f}  | {r:.4f} | {f:.4f} | {good:>4}/{n:<3} | {failed:>6} | {secs:.3f}  |")
            sys.stdout.flush()
    print()


def bench_metadata(corpus: Path) -> None:
    folder = corpus / "newspaper4k"
    print(f"## Title and date: {folder}, {len(ENGLISH)} English pages\n")
    print(f"| {'page':<18} | title | traf. title | date | body F1 | ours → reference date |")
    print(f"|{'-' * 20}|-------|-------------|------|---------|-----------------------|")
    titles = traf_titles = dates = dated = 0
    f1_sum = 0.0
    for name in ENGLISH:
        meta = json.loads((folder / "metadata" / f"{name}.json").read_text(encoding="utf-8"))
        path = folder / "html" / f"{name}.html"
        article = read_html(path, folder)
        doc = trafilatura.bare_extraction(path.read_text(encoding="utf-8"), with_metadata=True)
        traf_title = getattr(doc, "title", None)
        title_ok = article.title == meta["title"]
        traf_ok = traf_title == meta["title"]
        titles += title_ok
        traf_titles += traf_ok
        want = meta.get("publish_date")
        mark = "  -  "
        if want:
            dated += 1
            same = bool(article.published) and str(article.published)[:10] == want[:10]
            dates += same
            mark = " yes " if same else " NO  "
        shown = f"{article.published} ({article.published_from}) → {want}"
        f1 = prf(article.text, (folder / "txt" / f"{name}.txt").read_text(encoding="utf-8"))[2]
        f1_sum += f1
        print(f"| {name:<18} | {'yes' if title_ok else 'NO ':>5} | {'yes' if traf_ok else 'NO ':>11} |{mark}| "
              f" {f1:.4f} | {shown} |")
        if not title_ok:
            print(f"|   ours: {article.title!r}\n|   want: {meta['title']!r}")
    n = len(ENGLISH)
    print(f"\ntitle exact: {titles}/{n} = {100 * titles / n:.1f} %   (trafilatura's own title: "
          f"{traf_titles}/{n} = {100 * traf_titles / n:.1f} %)")
    print(f"date same day: {dates}/{dated} pages that have a reference date")
    print(f"body token F1 against txt/<page>.txt (newspaper4k's own output, a weaker reference): {f1_sum / n:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of: {', '.join(VARIANTS)}")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-bodies", action="store_true")
    args = parser.parse_args()
    names = [v for v in args.variants.split(",") if v]
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {unknown}")
    print(f"default options: {asdict(DEFAULT_OPTIONS)}\n")
    if not args.skip_bodies:
        bench_bodies(args.corpus, names, args.workers)
    bench_metadata(args.corpus)


if __name__ == "__main__":
    main()
