"""Extraction scores on tests/gold/dev split once more, into dev-fit (where rules are written) and dev-check
(where a rule must not lower the score before it is kept).

    .venv/bin/python bench/extraction_devsplit.py [--misses]

The split, declared by issue 14's lead before anyone looked: dev-check = files whose sha256(file name without
extension) starts with a hex digit 0-7, dev-fit = 8-f. `--misses` lists the misses of dev-fit only (dev-check
is looked at through its figures alone, and test/ is never read here). Exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
# Running a script puts its folder first on sys.path; bench/ holds html.py, which would shadow the stdlib module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

from briefsite.extract.article import EXTRACTOR_VERSION, _extract_chunk  # noqa: E402
from briefsite.extract.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefsite.extract.score import KINDS, headline, load_gold, score  # noqa: E402


def part(name: str) -> str:
    """"dev-check" or "dev-fit" for a gold file name without its extension."""
    return "dev-check" if hashlib.sha256(name.encode("utf-8")).hexdigest()[0] in "01234567" else "dev-fit"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--misses", action="store_true", help="list every miss and extra of dev-fit")
    args = parser.parse_args()

    items = load_gold(ROOT / "tests" / "gold", "dev")
    results = _extract_chunk([item.article for item in items], load_model(args.model))
    console = Console(width=130)
    table = Table(title=f"tests/gold/dev split (extractor v{EXTRACTOR_VERSION}, {args.model})")
    table.add_column("measure")
    parts = ("dev-fit", "dev-check")
    picked = {name: [i for i, item in enumerate(items) if part(item.name) == name] for name in parts}
    tallies = {name: score([results[i] for i in picked[name]], [items[i] for i in picked[name]]) for name in parts}
    for name in parts:
        quotes = sum(len(items[i].gold.get("quotes") or []) for i in picked[name])
        table.add_column(f"{name} ({len(picked[name])} articles, {quotes} quotes)", justify="right")
    heads = {name: headline(tallies[name]) for name in parts}
    for kind in (*KINDS, "speakers", "dates", "published"):
        cells = []
        for name in parts:
            tally = tallies[name][kind]
            cells.append(f"{heads[name][kind]:.3f} ({tally.tp}/{tally.tp + tally.fn}, fp {tally.fp})")
        table.add_row(kind, *cells)
    console.print(table)
    if args.misses:
        for kind, tally in tallies["dev-fit"].items():
            for miss in tally.misses:
                console.print(f"  [dev-fit] [{kind}] {miss}", markup=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
