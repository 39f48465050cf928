"""Extraction quality and speed on the gold set (tests/gold/dev and tests/gold/test, reported separately):
our facts vs raw spaCy NER, same run.

    .venv/bin/python bench/extraction.py [--model NAME] [--repeat N] [--misses]

Prints precision / recall / F1 per fact kind for both, per split, the goals, and the total extraction time as
a ratio to spaCy's model with its FULL default pipeline on the same texts (same process, best of N runs).
Exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import spacy
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
# Running a script puts its folder first on sys.path; bench/ holds html.py, which would shadow the stdlib module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

from briefsite.extract.article import EXTRACTOR_VERSION, _extract_chunk  # noqa: E402
from briefsite.extract.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefsite.extract.score import GOALS, KINDS, headline, load_gold, naive_spacy_facts, score  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--misses", action="store_true",
                        help="list every miss and extra (dev/ only: test/ is held out)")
    args = parser.parse_args()

    items = load_gold(ROOT / "tests" / "gold")
    articles = [item.article for item in items]
    nlp = load_model(args.model)
    full = spacy.load(args.model)  # the full default pipeline: the speed baseline
    texts = [a.text for a in articles]
    list(full.pipe(texts))  # warm-up: first call allocates
    _extract_chunk(articles, nlp)

    spacy_times, ours_times = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = list(full.pipe(texts))
        spacy_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        results = _extract_chunk(articles, nlp)
        ours_times.append(time.perf_counter() - t0)

    console = Console(width=130)
    for split in sorted({item.split for item in items}):
        picked = [i for i, item in enumerate(items) if item.split == split]
        _report(console, split or "gold", [items[i] for i in picked], [results[i] for i in picked],
                [docs[i] for i in picked], args)
    spacy_best, ours_best = min(spacy_times), min(ours_times)
    console.print(f"time on all {len(items)} texts: spaCy {args.model} full pipeline ({', '.join(full.pipe_names)}) "
                  f"{spacy_best:.3f}s, extraction {ours_best:.3f}s, ratio {ours_best / spacy_best:.3f} "
                  f"(goal <= 1.25; best of {args.repeat})")
    return 0


def _report(console: Console, split: str, items: list[Any], results: list[Any], docs: list[Any],
            args: argparse.Namespace) -> None:
    ours = score(results, items)
    baseline = score([naive_spacy_facts([d]) for d in docs], items)
    ours_head = headline(ours)
    quotes = sum(len(i.gold.get("quotes") or []) for i in items)
    table = Table(title=f"{split}: {len(items)} gold articles, {quotes} quotes "
                        f"(extractor v{EXTRACTOR_VERSION}, {args.model})")
    for col in ("kind", "ours P", "ours R", "ours F1", "spaCy P", "spaCy R", "spaCy F1", "goal", "met"):
        table.add_column(col, justify="right" if col != "kind" else "left")
    for kind in KINDS:
        o, b = ours[kind], baseline[kind]
        table.add_row(kind, f"{o.precision:.3f}", f"{o.recall:.3f}", f"{o.f1:.3f}", f"{b.precision:.3f}",
                      f"{b.recall:.3f}", f"{b.f1:.3f}", f"{GOALS[kind]:.2f}", _met(ours_head[kind], GOALS[kind]))
    for kind, label in (("speakers", "right speaker (of gold quotes)"), ("roles", "people's roles (matched)"),
                        ("titles", "stated titles"), ("dates", "stated dates (F1)"),
                        ("published", "stated publication date (F1)")):
        value = ours_head.get(kind, ours[kind].recall)
        goal = GOALS.get(kind)
        tally = ours[kind]
        table.add_row(label, "", "", f"{value:.3f} ({tally.tp}/{tally.tp + tally.fn})", "", "", "-",
                      f"{goal:.2f}" if goal else "", _met(value, goal) if goal else "")
    console.print(table)
    if args.misses and split != "test":
        for kind, tally in ours.items():
            for miss in tally.misses:
                console.print(f"  [{split}] [{kind}] {miss}", markup=False)


def _met(value: float, goal: float) -> str:
    return "yes" if value >= goal - 1e-9 else "NO"


if __name__ == "__main__":
    raise SystemExit(main())
