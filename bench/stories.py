"""Benchmark story grouping: B-cubed quality on the hand-labelled set, and speed on synthetic corpora.

    .venv/bin/python bench/stories.py [--sizes 1000 10000]

Synthetic corpora recombine real bodies (scrapinghub-aeb ground truth when ../shared/corpus is present,
else the bodies of tests/grouping): each synthetic event takes a base body and a date within three years,
and each of its 1-4 articles keeps a random 60-100% of the base's paragraphs plus one paragraph from another
body. Bodies are reused by many events at different dates, so the same text recurs far apart in time.
Speed is reported per article and as the ratio of the per-article times (largest / smallest size).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The grouping test set's loader lives beside its data in tests/grouping/.
sys.path[0] = str(ROOT / "tests" / "grouping")

import testset  # noqa: E402

from briefsite.stories.grouping import ArticleInfo, b_cubed, group  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "scrapinghub-aeb" / "ground-truth.json"


def bodies() -> list[list[str]]:
    if CORPUS.exists():
        texts = [v["articleBody"] for _, v in sorted(json.loads(CORPUS.read_text("utf-8")).items())]
    else:
        texts = [item.article.text for item in testset.load(ROOT)]
    return [paras for t in texts if len(paras := [p for p in t.split("\n\n") if p.strip()]) >= 3]


def synthetic(n: int, seed: int = 7) -> tuple[list[ArticleInfo], dict[str, str]]:
    rng = random.Random(seed)
    pool = bodies()
    start = date(2017, 1, 1)
    articles: list[ArticleInfo] = []
    gold: dict[str, str] = {}
    event = 0
    while len(articles) < n:
        event += 1
        base = rng.randrange(len(pool))
        day = start + timedelta(days=rng.randrange(3 * 365))
        for k in range(min(rng.randint(1, 4), n - len(articles))):
            paras = [p for p in pool[base] if rng.random() < rng.uniform(0.6, 1.0)] or pool[base][:2]
            paras.append(rng.choice(pool[rng.randrange(len(pool))]))
            article_id = f"e{event:05d}-{k}"
            published = (day + timedelta(days=rng.randint(0, 2))).isoformat()
            articles.append(ArticleInfo(article_id, paras[0][:90], published, "\n\n".join(paras)))
            gold[article_id] = f"e{event}"
    return articles, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()

    items = testset.load(ROOT)
    gold = {item.article.id: item.gold for item in items}
    started = time.perf_counter()
    result = group([item.article for item in items], {})
    elapsed = time.perf_counter() - started
    print(f"grouping set: {len(items)} articles, {len(set(gold.values()))} gold stories, "
          f"{len(set(result.values()))} predicted ({elapsed:.2f} s); grouped together, scored per split")
    for split in testset.SPLITS:
        for label, chosen in (("all", [i for i in items if i.split == split]),
                              ("real reports only", [i for i in items if i.split == split and not i.derived_from])):
            ids = [i.article.id for i in chosen]
            precision, recall, f1 = b_cubed({k: result[k] for k in ids}, {k: gold[k] for k in ids})
            print(f"  {split:<4} {label:<17} {len(ids):>3} articles  B-cubed precision {precision:.3f}  "
                  f"recall {recall:.3f}  F1 {f1:.3f}")

    per_article: dict[int, float] = {}
    for size in args.sizes:
        articles, truth = synthetic(size)
        started = time.perf_counter()
        result = group(articles, {})
        elapsed = time.perf_counter() - started
        per_article[size] = elapsed / size
        precision, recall, f1 = b_cubed(result, truth)
        print(f"synthetic {size:>6}: {elapsed:6.2f} s  ({per_article[size] * 1e3:.3f} ms/article)  "
              f"B-cubed P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    if len(per_article) > 1:
        small, large = min(per_article), max(per_article)
        print(f"per-article time ratio {large}/{small}: {per_article[large] / per_article[small]:.2f}")


if __name__ == "__main__":
    main()
