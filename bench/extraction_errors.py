"""Where extraction's errors fall, as counts per error class, for dev/ and test/ (tests/gold/).

    .venv/bin/python bench/extraction_errors.py [--examples]

test/ is held out: this prints only how many of its errors fall in each class (never a name, a text or a
quote), which says which kind of rule could move the test/ figures without anyone reading test/.
`--examples` lists dev/'s errors under each class. Classes, for each names kind (organizations, people, places):

- extra, gold as another kind: the name is annotated, but as another kind (or as a product);
- extra, part of a gold name: a word-wise part or extension of a gold name of the same kind (boundary);
- extra, part of another kind's name: inside or around a gold name of another kind;
- extra, optional elsewhere: listed `optional` under another kind;
- extra, not annotated: none of the above (not a name the annotators kept);
- missed, found as another kind / found partly / not found at all.
`--shapes` counts, per names class, shapes of the names (words, capitals, a Census given name first) and where the
text writes them (how often, where, in credit-like or short lines, inside quotes, opening sentences).

Speakers: a gold quote not found; found with no speaker; with another gold entity as speaker; with a speaker
the gold does not annotate at all; a speaker where the gold has none. Dates and publication dates likewise.
Exits 0.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

from briefsite.extract.article import _extract_chunk  # noqa: E402
from briefsite.extract.names import is_given_name  # noqa: E402
from briefsite.extract.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefsite.extract.score import GoldArticle, _norm, _quote_words, load_gold  # noqa: E402

NAME_KINDS = ("organizations", "people", "places")


def _forms(entries: list[Any]) -> set[str]:
    out = set()
    for e in entries or []:
        if isinstance(e, str):
            out.add(_norm(e))
        else:
            out.add(_norm(e["name"]))
            out.update(_norm(a) for a in e.get("aliases") or [])
    return out


def _words_inside(a: str, b: str) -> bool:
    """`a` is a word-wise part of `b` (or equal)."""
    wa, wb = a.split(), b.split()
    return any(wb[i: i + len(wa)] == wa for i in range(len(wb) - len(wa) + 1)) if wa else False


def _overlaps(a: str, others: set[str]) -> bool:
    return any(_words_inside(a, o) or _words_inside(o, a) for o in others if o != a)


_CREDIT = re.compile(r"\b(?:Photo|Photos|Getty|Images?|Credit|AFP|Shutterstock|Courtesy|Illustration|Video|Reporting|"
                     r"Editing|Writing|Copyright|©)\b")
_QUOTE_MARKS = "\"“”"


def name_shape(name: str, paragraphs: Sequence[str]) -> list[str]:
    """Features of a name and of where the text writes it, as words (counted in aggregate for test/)."""
    words = name.split()
    out = [f"{min(len(words), 3)}{'+' if len(words) >= 3 else ''} word(s)"]
    if name.isupper() and len(name) > 1:
        out.append("all capitals")
    if any(c.isdigit() for c in name):
        out.append("has a digit")
    if is_given_name(words[0]) if words else False:
        out.append("first word a Census given name")
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    hits = [(i, m.start(), p) for i, p in enumerate(paragraphs) for m in pattern.finditer(p)]
    out.append("written 0 times" if not hits else "written once" if len(hits) == 1 else "written 2+ times")
    if hits:
        first = hits[0][0]
        out.append("first in the first 2 lines" if first < 2 else "first in the last 2 lines"
                   if first >= len(paragraphs) - 2 else "first in the middle")
        if all(_CREDIT.search(p) for _, _, p in hits):
            out.append("every line a credit/caption-like line")
        if all(sum(p[:at].count(q) for q in _QUOTE_MARKS) % 2 for _, at, p in hits):
            out.append("always inside a quote")
        if all(at == 0 or p[:at].rstrip().endswith((".", "?", "!", ":")) for _, at, p in hits):
            out.append("always opens a sentence")
        if all(len(p) < 80 for _, _, p in hits):
            out.append("every line short (< 80 chars)")
        if any(p[at + len(name):at + len(name) + 2] in ("'s", "’s") for _, at, p in hits):
            out.append("possessive somewhere")
    return out


def classify(facts: Any, item: GoldArticle, out: dict[str, Counter[str]], examples: dict[str, list[str]],
             shapes: dict[str, Counter[str]] | None = None) -> None:
    gold = item.gold
    optional = gold.get("optional") or {}
    gold_forms = {k: _forms(gold.get(k) or []) for k in (*NAME_KINDS, "products")}
    opt_forms = {k: _forms(optional.get(k) or []) for k in (*NAME_KINDS, "products")}
    pred_forms = {k: {_norm(p["name"]) for p in getattr(facts, k)} for k in NAME_KINDS}
    pred_all_forms = {k: pred_forms[k] | {_norm(a) for p in getattr(facts, k) for a in p.get("aliases") or []}
                      for k in NAME_KINDS}

    def add(kind: str, cls: str, what: str) -> None:
        out[kind][cls] += 1
        examples[f"{kind}: {cls}"].append(f"{item.name}: {what}")
        if shapes is not None and kind in NAME_KINDS:
            shapes[f"{kind}: {cls}"].update(name_shape(what, item.article.paragraphs))

    for kind in NAME_KINDS:
        others = set().union(*(gold_forms[k] for k in (*NAME_KINDS, "products") if k != kind))
        others_opt = set().union(*(opt_forms[k] for k in (*NAME_KINDS, "products") if k != kind))
        for p in getattr(facts, kind):
            name = _norm(p["name"])
            if name in gold_forms[kind] or name in opt_forms[kind]:
                continue
            if name in others:
                add(kind, "extra, gold as another kind", p["name"])
            elif _overlaps(name, gold_forms[kind]):
                add(kind, "extra, part of a gold name", p["name"])
            elif _overlaps(name, others):
                add(kind, "extra, part of another kind's name", p["name"])
            elif name in others_opt:
                add(kind, "extra, optional elsewhere", p["name"])
            else:
                add(kind, "extra, not annotated", p["name"])
        for g in gold.get(kind) or []:
            forms = _forms([g])
            if forms & pred_forms[kind]:
                continue
            if forms & pred_all_forms[kind]:
                add(kind, "missed, only an alias found", g["name"])
            elif any(forms & pred_all_forms[k] for k in NAME_KINDS if k != kind):
                add(kind, "missed, found as another kind", g["name"])
            elif any(_overlaps(f, pred_all_forms[kind]) for f in forms):
                add(kind, "missed, found partly", g["name"])
            else:
                add(kind, "missed, not found at all", g["name"])

    entities = {_norm(e["name"]): _forms([e]) for k in ("people", "organizations") for e in gold.get(k) or []}
    all_entity_forms = set().union(*entities.values()) if entities else set()
    remaining = list(gold.get("quotes") or [])
    for q in facts.quotes:
        words = _quote_words(q["text"])
        hit = next((g for g in remaining if words[: len(_quote_words(g["start"]))] == _quote_words(g["start"])
                    or " ".join(_quote_words(g["start"])) in " ".join(words)), None)
        if hit is None:
            continue
        remaining.remove(hit)
        want = _norm(hit.get("speaker") or "")
        got = _norm(q.get("speaker") or "")
        if got in entities.get(want, {want}) | {want}:
            continue
        what = f"{hit['start']!r}: {q.get('speaker')!r} != {hit.get('speaker')!r}"
        if not want:
            add("speakers", "a speaker where the gold has none", what)
        elif not got:
            add("speakers", "no speaker", what)
        elif got in all_entity_forms:
            add("speakers", "another gold person/organization", what)
        elif any(_words_inside(got, f) or _words_inside(f, got) for f in entities.get(want, {want})):
            add("speakers", "a part or extension of the right name", what)
        else:
            add("speakers", "a name the gold does not annotate", what)
    for g in remaining:
        add("speakers", "quote not found", repr(g["start"]))

    stated = [d["value"] for d in facts.dates if not d.get("relative") and d.get("value")]
    want_dates = [d["value"] for d in gold.get("dates") or []]
    published = item.article.published[:10] if item.article.published else None
    for v in stated:
        if v in want_dates:
            want_dates.remove(v)
        elif published and str(v)[:10] == published:
            add("dates", "extra, the publication date", str(v))
        elif len(str(v)) <= 7:
            add("dates", "extra, a month (no day)", str(v))
        else:
            add("dates", "extra, a day", str(v))
    for v in want_dates:
        add("dates", "missed", str(v))
    if gold.get("reader") == "text" and "published" in gold:
        found = published if item.article.published_from == "stated" else None
        want_pub = str(gold["published"])[:10] if gold["published"] else None
        if found != want_pub:
            cls = ("none found" if found is None else "found where the text states none" if want_pub is None
                   else "another date")
            add("published", cls, f"{found!r} != {want_pub!r} ({item.article.published_from})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--examples", action="store_true", help="list dev/'s errors under each class")
    parser.add_argument("--shapes", action="store_true",
                        help="per names class, counts of the names' shapes and places in the text (dev/ and test/)")
    args = parser.parse_args()
    items = load_gold(ROOT / "tests" / "gold")
    results = _extract_chunk([i.article for i in items], load_model(args.model))
    per_split: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    per_examples: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    per_shapes: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for facts, item in zip(results, items, strict=True):
        classify(facts, item, per_split[item.split], per_examples[item.split], per_shapes[item.split])
    splits = sorted(per_split)
    kinds = [k for k in (*NAME_KINDS, "speakers", "dates", "published") if any(per_split[s][k] for s in splits)]
    print(f"{'error class':58}" + "".join(f"{s:>8}" for s in splits))
    for kind in kinds:
        classes = sorted(set().union(*(per_split[s][kind] for s in splits)))
        for cls in classes:
            print(f"{kind + ': ' + cls:58}" + "".join(f"{per_split[s][kind][cls]:>8}" for s in splits))
    if args.shapes:
        for key in sorted(set().union(*(per_shapes[s] for s in splits))):
            print(f"\n{key}")
            for feature in sorted(set().union(*(per_shapes[s][key] for s in splits))):
                print(f"  {feature:56}" + "".join(f"{per_shapes[s][key][feature]:>8}" for s in splits))
    if args.examples:
        for key, lines in sorted(per_examples["dev"].items()):
            print(f"\n[dev] {key}")
            for line in lines:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
