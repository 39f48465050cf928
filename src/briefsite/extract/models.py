"""What extraction produces for one article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Facts:
    """Facts extracted from one article. Each fact is a plain mapping that carries `evidence`: a list of
    1-based sentence indexes (see `briefsite.read.models.Sentence.index`) that state it."""

    organizations: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    tickers: list[dict[str, Any]] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    durations: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    key_points: list[dict[str, Any]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    FIELDS = (
        "organizations", "people", "places", "products", "tickers", "money", "quotes",
        "durations", "dates", "relations", "key_points", "topics",
    )
