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


@dataclass(frozen=True)
class Labelled:
    article: ArticleInfo
    gold: str
    synthetic: bool


def load(root: Path = ROOT) -> list[Labelled]:
    """Every article of the set with its gold story; seeds are read from `root/seeds` with the real reader."""
    out = []
    for line in (HERE / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if "seed" in record:
            raw = read(root / record["seed"], root)
            info = ArticleInfo(id=article_id(raw.file), title=raw.title, published=raw.published, text=raw.text)
        else:
            info = ArticleInfo(id=record["id"], title=record["title"], published=record["published"],
                               text=record["text"])
        out.append(Labelled(info, record["story"], bool(record.get("synthetic"))))
    return out
