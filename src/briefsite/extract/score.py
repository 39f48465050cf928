"""Scoring extraction against the hand-annotated gold set in tests/gold/ (used by bench/extraction.py and
the gold-set test). Pure apart from `load_gold`, which reads the gold folder."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefsite.extract.models import Facts
from briefsite.read.models import RawArticle

GOALS = {
    "organizations": 0.92, "people": 0.95, "places": 0.92, "tickers": 0.95, "money": 0.97,
    "quotes": 0.90, "speakers": 0.90, "titles": 1.0, "dates": 1.0, "published": 1.0,
}
KINDS = ("organizations", "people", "places", "tickers", "money", "quotes")


@dataclass
class GoldArticle:
    """One gold text: the article as extraction sees it and the facts annotated by hand; `split` is the
    sub-folder it lives in ("dev", "test"; "" at the top)."""

    name: str
    article: RawArticle
    gold: dict[str, Any]
    split: str = ""


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(folder: Path, split: str | None = None) -> list[GoldArticle]:
    """Every `<name>.yaml` with its `<name>.txt` in `folder` and its sub-folders (only `folder/<split>` when
    `split` is given), sorted by path. Seeds (`seed_*.txt`) and files marked `reader: text` go through the
    real plain-text reader (headline, header lines, body); the older corpus bodies are body-only text, one
    paragraph per line, with `published` from the YAML (taken from the page URL)."""
    from briefsite.read.readers import read

    root = folder.resolve().parent.parent  # tests/gold -> the project root, so files read as tests/gold/...
    base = folder / split if split else folder
    out = []
    for gold_path in sorted(base.rglob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        text_path = gold_path.with_suffix(".txt")
        where = gold_path.parent.relative_to(folder).as_posix()
        if gold_path.stem.startswith("seed_") or gold.get("reader") == "text":
            article = read(text_path.resolve(), root)
        else:
            data = text_path.read_bytes()
            # One paragraph per non-empty line, as the plain-text reader does.
            paragraphs = tuple(line.strip() for line in data.decode("utf-8").splitlines() if line.strip())
            article = RawArticle(
                file=text_path.resolve().relative_to(root).as_posix(), kind="text",
                sha256=hashlib.sha256(data).hexdigest(), title=None, paragraphs=paragraphs,
                published=gold.get("published"), published_from="url" if gold.get("published") else None,
                url=gold.get("url"),
            )
        out.append(GoldArticle(gold_path.stem, article, gold, "" if where == "." else where.split("/")[0]))
    return out


def _norm(name: str) -> str:
    text = name.replace("’", "'").lower().strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text.rstrip("."))


def _quote_words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9 ]+", " ", text.replace("’", "").replace("'", "").lower()).split()


def score_names(pred: Sequence[dict[str, Any]], gold: Sequence[dict[str, Any]], optional: Sequence[str],
                tally: Tally, label: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """One-to-one matching of predicted names to gold names (gold aliases accepted as spellings)."""
    remaining = list(gold)
    optional_keys = {_norm(o) for o in optional}
    matched = []
    for item in pred:
        forms = {_norm(item["name"])}
        hit = next((g for g in remaining if forms & ({_norm(g["name"])} | {_norm(a) for a in g.get("aliases", [])})),
                   None)
        if hit is not None:
            remaining.remove(hit)
            tally.tp += 1
            matched.append((item, hit))
        elif forms & optional_keys:
            continue
        else:
            tally.fp += 1
            tally.misses.append(f"{label}: extra {item['name']!r}")
    tally.fn += len(remaining)
    tally.misses.extend(f"{label}: missed {g['name']!r}" for g in remaining)
    return matched


def score_article(facts: Facts, item: GoldArticle, tallies: dict[str, Tally]) -> None:
    """Add one article's matches to the per-kind tallies."""
    gold, name = item.gold, item.name
    optional = gold.get("optional") or {}
    for kind in ("organizations", "people", "places"):
        matched = score_names(getattr(facts, kind), gold.get(kind) or [], optional.get(kind, []),
                              tallies[kind], name)
        if kind == "people":
            for pred, g in matched:
                if g.get("role"):
                    ok = bool(pred.get("role")) and g["role"].lower() in str(pred["role"]).lower()
                    _count(tallies["roles"], ok, f"{name}: role of {g['name']}: {pred.get('role')!r} != {g['role']!r}")
    _score_tickers(facts, gold.get("tickers") or [], tallies["tickers"], name)
    _score_money(facts, gold.get("money") or [], tallies["money"], name)
    spellings: dict[str, set[str]] = {}  # a gold speaker's name -> the spellings its entity lists
    for entity in [*(gold.get("people") or []), *(gold.get("organizations") or [])]:
        forms = {_norm(entity["name"]), *(_norm(a) for a in entity.get("aliases") or [])}
        spellings.setdefault(_norm(entity["name"]), set()).update(forms)
    _score_quotes(facts, gold.get("quotes") or [], tallies["quotes"], tallies["speakers"], name, spellings)
    if "title" in gold:
        _count(tallies["titles"], item.article.title == gold["title"],
               f"{name}: title {item.article.title!r} != {gold['title']!r}")
    if gold.get("reader") == "text" and "published" in gold:
        _score_published(item.article, gold["published"], tallies["published"], name)
    stated = [d for d in facts.dates if not d.get("relative") and d.get("value")]
    _set_match([d["value"] for d in stated], [d["value"] for d in gold.get("dates") or []], tallies["dates"],
               f"{name}: date")


def _score_published(article: RawArticle, gold: str | None, tally: Tally, name: str) -> None:
    """The publication date the text states (gold `published`, a date): found by the reader, same day, and
    marked `stated`; a date found where the text states none counts against precision."""
    found = article.published[:10] if article.published and article.published_from == "stated" else None
    if gold is None:
        if found is not None:
            tally.fp += 1
            tally.misses.append(f"{name}: published {found!r} found, the text states none")
        return
    if found == str(gold)[:10]:
        tally.tp += 1
        return
    tally.fn += 1
    tally.misses.append(f"{name}: published {found!r} != {gold!r}")
    if found is not None:
        tally.fp += 1


def _count(tally: Tally, ok: bool, miss: str) -> None:
    if ok:
        tally.tp += 1
    else:
        tally.fn += 1
        tally.misses.append(miss)


def _set_match(pred: Sequence[Any], gold: Sequence[Any], tally: Tally, label: str) -> None:
    remaining = list(gold)
    for value in pred:
        if value in remaining:
            remaining.remove(value)
            tally.tp += 1
        else:
            tally.fp += 1
            tally.misses.append(f"{label}: extra {value!r}")
    tally.fn += len(remaining)
    tally.misses.extend(f"{label}: missed {g!r}" for g in remaining)


def _score_tickers(facts: Facts, gold: Sequence[dict[str, Any]], tally: Tally, name: str) -> None:
    def form(t: dict[str, Any]) -> tuple[str, float | None]:
        return t["symbol"], (round(float(t["change_pct"]), 2) if t.get("change_pct") is not None else None)

    _set_match([form(t) for t in facts.tickers], [form(t) for t in gold], tally, f"{name}: ticker")


def _score_money(facts: Facts, gold: Sequence[dict[str, Any]], tally: Tally, name: str) -> None:
    remaining = list(gold)
    for m in facts.money:
        hit = next((g for g in remaining if g["currency"] == m.get("currency") and m.get("amount") is not None
                    and abs(float(g["amount"]) - float(m["amount"])) <= 0.005 * abs(float(g["amount"]))), None)
        if hit is not None:
            remaining.remove(hit)
            tally.tp += 1
        else:
            tally.fp += 1
            tally.misses.append(f"{name}: money extra {m.get('text')!r}")
    tally.fn += len(remaining)
    tally.misses.extend(f"{name}: money missed {g['amount']} {g['currency']}" for g in remaining)


def _score_quotes(facts: Facts, gold: Sequence[dict[str, Any]], found: Tally, speakers: Tally, name: str,
                  spellings: dict[str, set[str]] | None = None) -> None:
    """Quotes matched by their first words; a matched quote's speaker is right when it is the gold speaker
    or one of the spellings (aliases) the gold gives that person or organization."""
    remaining = list(gold)
    for q in facts.quotes:
        words = _quote_words(q["text"])
        hit = None
        for g in remaining:
            start = _quote_words(g["start"])
            if words[: len(start)] == start or " ".join(start) in " ".join(words):
                hit = g
                break
        if hit is None:
            found.fp += 1
            found.misses.append(f"{name}: quote extra {q['text'][:40]!r}")
            continue
        remaining.remove(hit)
        found.tp += 1
        want = _norm(hit.get("speaker") or "")
        _count(speakers, _norm(q.get("speaker") or "") in (spellings or {}).get(want, {want}) | {want},
               f"{name}: speaker of {hit['start']!r}: {q.get('speaker')!r} != {hit.get('speaker')!r}")
    found.fn += len(remaining)
    speakers.fn += len(remaining)
    found.misses.extend(f"{name}: quote missed {g['start']!r}" for g in remaining)
    speakers.misses.extend(f"{name}: speaker (quote missed) {g['start']!r}" for g in remaining)


def new_tallies() -> dict[str, Tally]:
    return {k: Tally() for k in (*KINDS, "speakers", "roles", "titles", "dates", "published")}


def score(results: Sequence[Facts], items: Sequence[GoldArticle]) -> dict[str, Tally]:
    """Per-kind tallies for a list of Facts aligned with the gold items."""
    tallies = new_tallies()
    for facts, item in zip(results, items, strict=True):
        score_article(facts, item, tallies)
    return tallies


def headline(tallies: dict[str, Tally]) -> dict[str, float]:
    """The figure each goal is judged on: F1 for entity kinds, stated dates and the stated publication date;
    recall for speakers and titles."""
    out = {k: tallies[k].f1 for k in KINDS}
    out["speakers"] = tallies["speakers"].recall
    out["titles"] = tallies["titles"].recall
    out["dates"] = tallies["dates"].f1
    out["published"] = tallies["published"].f1
    return out


_NAIVE = {"ORG": "organizations", "PERSON": "people", "GPE": "places", "LOC": "places"}


def naive_spacy_facts(docs: Sequence[Any]) -> Facts:
    """Raw NER output mapped naively: each distinct ORG/PERSON/GPE/LOC text is a fact, each MONEY span an
    amount parsed from its digits (USD when it has "$"). The baseline the rules must beat."""
    facts = Facts()
    seen: set[tuple[str, str]] = set()
    for doc in docs:
        for ent in doc.ents:
            kind = _NAIVE.get(ent.label_)
            text = ent.text.strip()
            if kind and (kind, text) not in seen:
                seen.add((kind, text))
                getattr(facts, kind).append({"name": text, "aliases": [], "evidence": []})
            elif ent.label_ == "MONEY":
                facts.money.append(_naive_money(text))
    return facts


def _naive_money(text: str) -> dict[str, Any]:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    amount = float(m.group(0).replace(",", "")) if m else None
    scale = re.search(r"\b(billion|million|thousand|bn)\b", text, re.I)
    if amount is not None and scale:
        amount *= {"billion": 1e9, "bn": 1e9, "million": 1e6, "thousand": 1e3}[scale.group(1).lower()]
    currency = "USD" if "$" in text or "dollar" in text.lower() else None
    return {"text": text, "amount": amount, "currency": currency}


def dev_half(name: str) -> str:
    """The declared split of dev/ (tests/gold/README.md): "check" when sha256 of the file name without extension
    starts with a hex digit 0-7, else "fit". Rules are written looking at dev-fit only and kept only if dev-check
    does not drop."""
    return "check" if hashlib.sha256(name.encode("utf-8")).hexdigest()[0] in "01234567" else "fit"
