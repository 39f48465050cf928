"""The fact-sheet contract: pydantic models that validate every sheet in facts/.

Keys named here are stable: users script against them. Unknown keys are errors (a misspelled key would
otherwise be silently ignored); every fact may carry `evidence`, the 1-based sentence numbers that state it.
A value with a required form says what it expects in words, with an example, never as a regular expression.

`published.value` is ISO 8601: a date (`2018-07-18`), a date and time with its offset
(`2018-07-18T09:31:00+05:30`, or `Z` for UTC), or a date and time without an offset
(`2018-07-18T09:31:00`), which is the local time the source states when the page does not say which zone it
is in: the offset is not known, and none is invented.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?")
ISO_WORDS = ("an ISO 8601 date such as 2018-07-18, or a date and time such as 2018-07-18T09:31:00+05:30 "
             "(with its offset; 2018-07-18T09:31:00 when the source states no offset)")


def _iso_datetime(value: str) -> str:
    if _ISO.fullmatch(value):
        try:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return value
        except ValueError:
            pass
    raise PydanticCustomError("iso_datetime", "expected {expected}, got {got}",
                              {"expected": ISO_WORDS, "got": repr(value)})


def _form(pattern: str, words: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError("form", "expected {expected}, got {got}",
                                      {"expected": words, "got": repr(value)})
        return value

    return check


IsoDateTime = Annotated[str, AfterValidator(_iso_datetime)]
Sha256 = Annotated[str, AfterValidator(_form(r"[0-9a-f]{64}", "the file's sha256: 64 lowercase hexadecimal "
                                                              "digits such as 9f86d081884c7d65...0f00a08"))]
SheetId = Annotated[str, AfterValidator(_form(
    r"[a-z0-9][a-z0-9_-]{0,99}",
    "an id of up to 100 lowercase letters, digits, '-' and '_', starting with a letter or digit, "
    "such as 2018-07-18-walmart-microsoft-cloud"))]
Currency = Annotated[str, AfterValidator(_form(r"[A-Z]{3}", "a three-letter ISO 4217 currency code such as USD"))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class Source(_Strict):
    file: str
    sha256: Sha256
    kind: Literal["text", "html", "markdown"]
    url: str | None = None
    publisher: str | None = None


class Published(_Strict):
    value: IsoDateTime = Field(description="ISO 8601 date, or date and time (offset when the source states it)")
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
    currency: Currency | None = None


class Money(_Fact):
    text: str
    amount: float | None = None
    currency: Currency | None = None
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


class Access(_Strict):
    """Set when the source is a paywall, a consent wall or a boilerplate page: its full text is not available."""

    full_text: Literal[False] = False
    kind: str
    reason: str | None = None


class RemovedLine(_Strict):
    kind: str
    text: str


class ArticleSheet(_Strict):
    """One article's facts: `facts/<id>.yaml`."""

    schema_: int = Field(alias="schema", ge=1, le=SCHEMA_VERSION)
    id: SheetId
    extractor: int = Field(ge=1)
    source: Source
    title: str | None
    dek: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: Published | None = None
    language: str | None = None
    access: Access | None = None  # written only when the full text is not available
    story: SheetId | None = None
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
    id: SheetId
    headline: str
    summary: str | None = None
    why_it_matters: str | None = None
    articles: list[str] = Field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None
    topics: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
