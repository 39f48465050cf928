"""What a reader returns: the article (RawArticle), the lines it dropped (Removed) and, once split, its
sentences (Sentence), the unit that provenance cites."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "html", "markdown"]
PublishedFrom = Literal["stated", "metadata", "url"]


@dataclass(frozen=True)
class Removed:
    """A line the reader dropped from the body, kept so the fact sheet can say what was removed and why."""

    # promo | credit | alt_text | footer | boilerplate | dateline | code | html | byline | controls | copyright | tags
    # | contact | bio
    kind: str
    text: str


@dataclass(frozen=True)
class Wall:
    """Why a page's full text is not available: a paywall, a consent wall or a boilerplate body."""

    kind: str  # paywall | consent wall | boilerplate body
    reason: str


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
    wall: Wall | None = None  # set when the page is a wall, not the article; paragraphs may then be empty

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
