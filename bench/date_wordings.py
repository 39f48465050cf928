"""The date and byline wordings of real pages, and which of them the plain-text header finder reads (issue 14).

    .venv/bin/python bench/date_wordings.py [--all]

Harvests the visible date/byline lines of the DEV-SIDE pages of `../shared/corpus/` only (the split rule of
tests/gold/README.md: scrapinghub pages whose id starts with a-f, newspaper4k pages whose sha256(name) starts
with a-f; the test side, 0-9, is never opened): the text of `<time>` elements, of elements whose class, id or
itemprop holds date/time/byline/meta/posted/updated/published, and the lines around the first `<h1>` as a copy
of the page prints them. A line counts when dateparser finds a date in it; each is cut to its shape (month and
weekday names, digits and capitalized words abstracted) and read by `read_line`, then by `dated_line` (as
`scan_header` does above the story). Prints the counts and the shapes never read (`--all`: every shape).
Captions and body sentences that carry a date are expected among the shapes not read.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

import dateparser.search  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from briefsite.read.datelines import dated_line, read_line  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
_KEYS = re.compile(r"date|time|byline|meta|posted|updated|published", re.I)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-3]\d)\b")
_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "header", "section", "article", "time", "span",
                     "a", "figcaption", "td", "address", "br"})


def dev_pages() -> list[tuple[str, str]]:
    """(page id, HTML) of the dev-side pages."""
    out = []
    truth = json.loads((CORPUS / "scrapinghub-aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        if key[0] in "abcdef":
            with gzip.open(CORPUS / "scrapinghub-aeb" / "html" / f"{key}.html.gz") as page:
                out.append((key, page.read().decode("utf-8", "replace")))
    for path in sorted((CORPUS / "newspaper4k" / "html").glob("*.html")):
        if hashlib.sha256(path.stem.encode()).hexdigest()[0] in "abcdef":
            out.append((path.stem, path.read_text(encoding="utf-8", errors="replace")))
    return out


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _lines(node: lxml_html.HtmlElement) -> list[str]:
    """The element's text as a copy prints it: a line break at each block element."""
    parts: list[str] = []
    for piece in node.iter():
        if not isinstance(piece.tag, str):
            continue
        if piece.tag in _BLOCKS:
            parts.append("\n")
        parts.append(piece.text or "")
        parts.append("\n" if piece.tag in _BLOCKS else "")
        parts.append(piece.tail or "")
    return [ln for ln in (_clean(x) for x in "".join(parts).split("\n")) if ln]


def candidates(html: str) -> set[str]:
    """The page's lines that may be a date line or a dated byline."""
    tree = lxml_html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript|//svg"):
        bad.drop_tree()
    found: set[str] = set()
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = " ".join(el.get(a) or "" for a in ("class", "id", "itemprop"))
        if el.tag == "time" or _KEYS.search(attrs):
            text = _clean(" ".join(el.itertext()))  # inline boxes apart, as a browser lays them out
            if 6 <= len(text) <= 180 and _YEAR.search(text):
                found.add(text)
    lines = _lines(tree)
    heads = tree.xpath("//h1")
    head = _clean(" ".join(heads[0].itertext())) if heads else ""
    for i, line in enumerate(lines):
        if head and len(line) > 10 and head.startswith(line):
            found.update(x for x in lines[max(0, i - 4): i + 12] if len(x) <= 180 and _YEAR.search(x))
            break
    return found


def shape(line: str) -> str:
    """The line with its weekday and month names, digits and capitalized words abstracted."""
    s = re.sub(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?", "<W>", line, flags=re.I)
    s = re.sub(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?=\W|$)", "<M>", s, flags=re.I)
    s = re.sub(r"\d", "9", s)
    return re.sub(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*", "Name", s)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every shape, not only those never read")
    args = parser.parse_args()
    pages = dev_pages()
    shapes: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for key, html in pages:
        for line in sorted(candidates(html)):
            if not dateparser.search.search_dates(line, languages=["en"], settings={"STRICT_PARSING": True}):
                continue
            hit = read_line(line)
            if hit is None or hit.published is None:
                hit = dated_line(line)
            shapes[shape(line)].append((key[:10], line, hit.published if hit is not None else None))
    missed = {s for s, seen in shapes.items() if not any(got for _, _, got in seen)}
    print(f"dev-side pages {len(pages)}; date lines {sum(len(v) for v in shapes.values())}; shapes {len(shapes)}; "
          f"read {len(shapes) - len(missed)}; never read {len(missed)}")
    for s, seen in sorted(shapes.items()):
        if args.all or s in missed:
            key, line, got = seen[0]
            print(f"  {'never read' if s in missed else 'read':10} {s!r}  e.g. [{key}] {line!r} -> {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
