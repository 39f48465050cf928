"""Extraction scores on dev/ cut in two by the declared rule of issue 14's fifth pass, to check a rule inside dev
before keeping it: dev-check = files whose sha256(file name without extension) has a first hex digit 0-7,
dev-fit = 8-f. Look at dev-fit's misses when writing a rule; keep it only if dev-check does not drop.

    .venv/bin/python bench/extraction_devsplit.py [--model NAME] [--misses] [--kinds organizations,people]

Prints P/R/F1 per fact kind for dev-fit, dev-check and all of dev/; `--misses` lists dev-fit's misses only.
Never reads tests/gold/test/. No timing (bench/extraction.py measures speed). Exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

from briefsite.extract.article import EXTRACTOR_VERSION, _extract_chunk  # noqa: E402
from briefsite.extract.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefsite.extract.score import KINDS, GoldArticle, Tally, headline, load_gold, score  # noqa: E402
from briefsite.extract.score import dev_half as half  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--misses", action="store_true", help="list dev-fit's misses and extras")
    parser.add_argument("--kinds", default="", help="comma-separated kinds whose misses to list (default all)")
    args = parser.parse_args()

    items = load_gold(ROOT / "tests" / "gold", "dev")
    results = _extract_chunk([i.article for i in items], load_model(args.model))
    groups: dict[str, list[int]] = {"dev-fit": [], "dev-check": []}
    for index, item in enumerate(items):
        groups[f"dev-{half(item.name)}"].append(index)
    groups["dev (all)"] = list(range(len(items)))

    console = Console(width=140)
    table = Table(title=f"dev/ split by sha256(name)[0]: 0-7 check, 8-f fit (extractor v{EXTRACTOR_VERSION})")
    table.add_column("kind")
    tallies = {}
    for group, picked in groups.items():
        table.add_column(f"{group} ({len(picked)})", justify="right")
        tallies[group] = score([results[i] for i in picked], [items[i] for i in picked])
    for kind in (*KINDS, "speakers", "roles", "dates", "published"):
        table.add_row(kind, *(_cell(t, kind) for t in tallies.values()))
    console.print(table)
    if args.misses:
        wanted = {k for k in args.kinds.split(",") if k} or set(tallies["dev-fit"])
        for kind, tally in tallies["dev-fit"].items():
            if kind in wanted:
                for miss in tally.misses:
                    console.print(f"  [dev-fit] [{kind}] {miss}", markup=False)
    return 0


def _cell(tallies: dict[str, Tally], kind: str) -> str:
    tally = tallies[kind]
    if kind in KINDS:
        return f"P {tally.precision:.3f} R {tally.recall:.3f} F1 {tally.f1:.3f}"
    value = headline(tallies).get(kind, tally.recall)
    return f"{value:.3f} ({tally.tp}/{tally.tp + tally.fn})"


__all__ = ["GoldArticle", "half"]

if __name__ == "__main__":
    raise SystemExit(main())
