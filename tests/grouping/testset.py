"""Load the hand-labelled grouping test set (`articles.jsonl`, built by make_set.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from briefsite.facts.sheet import article_id
from briefsite.read.readers import read
from briefsite.stories.grouping import ArticleInfo

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Labelled:
    article: ArticleInfo
    gold: str
    synthetic: bool
    split: str = "dev"  # "dev" or "test", per story (make_set.split_of)
    derived_from: str | None = None  # an undated/excerpt variant: the id of the real report it comes from


def load(root: Path = ROOT, split: str | None = None) -> list[Labelled]:
    """Every article of the set (or only those of `split`) with its gold story and split; seeds are read from
    `root/seeds` with the real reader."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    out = []
    for line in (HERE / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if split is not None and record["split"] != split:
            continue
        if "seed" in record:
            raw = read(root / record["seed"], root)
            info = ArticleInfo(id=article_id(raw.file), title=raw.title, published=raw.published, text=raw.text)
        else:
            info = ArticleInfo(id=record["id"], title=record["title"], published=record["published"],
                               text=record["text"])
        out.append(Labelled(info, record["story"], bool(record.get("synthetic")), record["split"],
                            record.get("derived_from")))
    return out
