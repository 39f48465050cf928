"""What the model's context is worth on dev/ (issue 14, ninth session): spaCy's NER on each sentence alone (what
extract/article.py does) vs on each paragraph, every sentence's Doc then cut out of it with the entities inside it
(an entity crossing a sentence boundary dropped), the rest of the extractor unchanged.

    .venv/bin/python bench/extraction_ner_context.py [--model NAME] [--list]

Prints the NER encoder's receptive field read from the model's config (en_core_web_sm: a window-1 CNN of depth
4, so a token's vector sees 4 tokens either side; context further off reaches the model only through the
transition state), how many of the model's entity spans differ between the views (by label, and by tokens from
the sentence's nearer edge), and the name and speaker scores of both views on dev-fit / dev-check / all dev/.
`--list` prints each span the views disagree on. Never reads tests/gold/test/. Deterministic. Exits 0.

Measured on extractor v10 (issue 14, ninth session): 43 of 4,032 spans differ, all within 4 tokens of a sentence's
edge; organizations F1 dev-fit 0.926 -> 0.923, dev-check 0.903 -> 0.900, people, places and speakers unchanged,
so the extractor keeps the sentence view. A model that reads further (a transformer) may differ: run with --model.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

from briefsite.extract.article import _extract_from_docs, _ner_inputs, parse_quoted  # noqa: E402
from briefsite.extract.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefsite.extract.score import dev_half as half  # noqa: E402
from briefsite.extract.score import headline, load_gold, score  # noqa: E402
from briefsite.read.models import Sentence  # noqa: E402

SHOWN = ("organizations", "people", "places")


def paragraph_docs(sentences: Sequence[Sentence], texts: Sequence[str], nlp: Any) -> list[Any]:
    """One Doc per sentence (its text as given, "" for a blanked one) with the entities the model finds reading
    the sentence inside its run (a paragraph's consecutive sentences that are not blanked, joined by a space);
    an entity crossing a sentence boundary is dropped."""
    runs: list[list[tuple[int, int]]] = []  # [(sentence index, offset in the run)]
    run_texts: list[str] = []
    parts: list[str] = []
    for i, (sentence, text) in enumerate(zip(sentences, texts, strict=True)):
        if parts and (not text or sentence.paragraph != sentences[runs[-1][-1][0]].paragraph):
            run_texts.append(" ".join(parts))
            parts = []
        if text:
            if not parts:
                runs.append([])
            runs[-1].append((i, sum(len(x) + 1 for x in parts)))
            parts.append(text)
    if parts:
        run_texts.append(" ".join(parts))
    out = [nlp.make_doc(text) for text in texts]
    for members, run in zip(runs, nlp.pipe(run_texts, batch_size=256), strict=True):
        for i, offset in members:
            doc = out[i]
            end = offset + len(doc.text)
            spans = [doc.char_span(e.start_char - offset, e.end_char - offset, label=e.label_)
                     for e in run.ents if e.start_char >= offset and e.end_char <= end]
            doc.set_ents([s for s in spans if s is not None], default="outside")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--list", action="store_true", help="print each span the views disagree on")
    args = parser.parse_args()

    console = Console(width=160)
    nlp = load_model(args.model)
    encode = nlp.config["components"]["ner"]["model"].get("tok2vec", {}).get("encode", {})
    if encode:
        reach = encode.get("depth", 0) * encode.get("window_size", 0)
        console.print(f"NER encoder: {encode.get('@architectures')} depth {encode.get('depth')} window "
                      f"{encode.get('window_size')}: a token sees {reach} tokens either side")
    items = load_gold(ROOT / "tests" / "gold", "dev")
    facts: dict[str, list[Any]] = {"sentence": [], "paragraph": []}
    total = 0
    by_label: Counter[tuple[str, str]] = Counter()
    by_edge: Counter[str] = Counter()
    for item in items:
        sentences, texts, warnings = _ner_inputs(item.article)
        views = {"sentence": list(nlp.pipe(texts, batch_size=256)), "paragraph": paragraph_docs(sentences, texts, nlp)}
        for a, p in zip(views["sentence"], views["paragraph"], strict=True):
            alone = {(e.start_char, e.end_char, e.label_): e for e in a.ents}
            inside = {(e.start_char, e.end_char, e.label_): e for e in p.ents}
            total += len(alone)
            for k in sorted(alone.keys() ^ inside.keys()):
                view, ent = ("sentence", alone[k]) if k in alone else ("paragraph", inside[k])
                by_label[(view, k[2])] += 1
                edge = min(ent.start, len(a) - ent.end)
                by_edge["0-4" if edge <= 4 else "5-8" if edge <= 8 else "9+"] += 1
                if args.list:
                    console.print(f"  only {view:9} {k[2]:8} {ent.text!r:28} {item.name}: {a.text[:90]!r}",
                                  markup=False)
        for view, docs in views.items():
            parse_quoted(docs, nlp)
            facts[view].append(_extract_from_docs(item.article, (sentences, docs, warnings)))
    console.print(f"dev/: {len(items)} articles, {total} entity spans in the sentence view, "
                  f"{sum(by_label.values())} in one view only")
    console.print("  by label: " + ", ".join(f"only {v} {lab} {n}" for (v, lab), n in sorted(by_label.items())))
    console.print("  by tokens from the sentence's nearer edge: "
                  + ", ".join(f"{k}: {n}" for k, n in sorted(by_edge.items())))

    table = Table(title="dev/ F1 (speakers: right of gold) by the NER's view")
    table.add_column("kind")
    table.add_column("view")
    groups = {"dev-fit": "fit", "dev-check": "check", "dev (all)": "all"}
    for group in groups:
        table.add_column(group, justify="right")
    for kind in (*SHOWN, "speakers"):
        for view, results in facts.items():
            cells = []
            for which in groups.values():
                picked = [i for i, item in enumerate(items) if which in ("all", half(item.name))]
                tallies = score([results[i] for i in picked], [items[i] for i in picked])
                tally = tallies[kind]
                value = tally.f1 if kind in SHOWN else headline(tallies).get(kind, tally.recall)
                cells.append(f"{value:.3f}" + ("" if kind in SHOWN else f" ({tally.tp}/{tally.tp + tally.fn})"))
            table.add_row(kind, view, *cells)
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
