"""Typed records passed between the stages: what a reader returns and what extraction produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "html", "markdown"]
PublishedFrom = Literal["stated", "metadata", "url"]


@dataclass(frozen=True)
class Removed:
    """A line the reader dropped from the body, kept so the fact sheet can say what was removed and why."""

    kind: str  # promo | credit | alt_text | footer | boilerplate | dateline | code | html
    text: str


@dataclass(frozen=True)
class RawArticle:
    """What a reader returns: the cleaned text and the metadata the source states.

    `file` is the path relative to the site root (e.g. `seeds/000_x.txt`), with forward slashes.
    `published` is ISO 8601 (a date, or a datetime with offset) or None.
    """

    file: str
    kind: Kind
    sha256: str
    title: str | None
    paragraphs: tuple[str, ...]
    dek: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    published_from: PublishedFrom | None = None
    url: str | None = None
    publisher: str | None = None
    language: str | None = None
    removed: tuple[Removed, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article body; `index` is 1-based across the whole body and is what provenance cites."""

    index: int
    paragraph: int  # 0-based paragraph number
    start: int  # character offsets into the paragraph
    end: int
    text: str


@dataclass
class Facts:
    """Facts extracted from one article. Each fact is a plain mapping that carries `evidence`: a list of
    1-based sentence indexes (see `Sentence.index`) that state it."""

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
