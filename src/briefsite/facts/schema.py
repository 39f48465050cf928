"""The fact-sheet contract: pydantic models that validate every sheet in facts/.

Keys named here are stable: users script against them. Unknown keys are errors (a misspelled key would
otherwise be silently ignored); every fact may carry `evidence`, the 1-based sentence numbers that state it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class Source(_Strict):
    file: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    kind: Literal["text", "html", "markdown"]
    url: str | None = None
    publisher: str | None = None


class Published(_Strict):
    value: str = Field(
        pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z))?$",
        description="ISO 8601 date, or datetime with offset",
    )
    found: Literal["stated", "metadata", "url", "hand"] = "stated"


class _Fact(_Strict):
    evidence: list[int] = Field(default_factory=list)


class Organization(_Fact):
    name: str
    aliases: list[str] = Field(default_factory=list)
    ticker: str | None = None


class Person(_Fact):
    name: str
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    organization: str | None = None


class Place(_Fact):
    name: str
    aliases: list[str] = Field(default_factory=list)


class Product(_Fact):
    name: str
    aliases: list[str] = Field(default_factory=list)
    owner: str | None = None


class Ticker(_Fact):
    symbol: str
    exchange: str | None = None
    change_pct: float | None = None
    organization: str | None = None


class Conversion(_Strict):
    text: str
    amount: float | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")


class Money(_Fact):
    text: str
    amount: float | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    refers_to: str | None = None
    conversions: list[Conversion] = Field(default_factory=list)


class Quote(_Fact):
    text: str
    speaker: str | None = None
    via: str | None = None


class Duration(_Fact):
    text: str
    days: float | None = None
    refers_to: str | None = None


class DateFact(_Fact):
    text: str
    value: str | None = None
    relative: bool = False
    event: str | None = None


class Relation(_Fact):
    subject: str
    predicate: str
    object: str


class KeyPoint(_Fact):
    text: str


class RemovedLine(_Strict):
    kind: str
    text: str


class ArticleSheet(_Strict):
    """One article's facts: `facts/<id>.yaml`."""

    schema_: int = Field(alias="schema", ge=1, le=SCHEMA_VERSION)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,99}$")
    extractor: int = Field(ge=1)
    source: Source
    title: str | None
    dek: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: Published | None = None
    language: str | None = None
    story: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]{0,99}$")
    organizations: list[Organization] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    tickers: list[Ticker] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    durations: list[Duration] = Field(default_factory=list)
    dates: list[DateFact] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    key_points: list[KeyPoint] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    removed: list[RemovedLine] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class StorySheet(_Strict):
    """One story: `facts/stories/<id>.yaml`, machine-drafted, editable by hand."""

    schema_: int = Field(alias="schema", ge=1, le=SCHEMA_VERSION)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,99}$")
    headline: str
    summary: str | None = None
    why_it_matters: str | None = None
    articles: list[str] = Field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None
    topics: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
