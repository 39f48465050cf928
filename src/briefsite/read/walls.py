"""Pages that are a paywall, a consent wall or boilerplate instead of an article.

A saved page may hold only a subscription notice ("This copy is for your personal, non-commercial use
only…"), a cookie-consent form, or a teaser of a paywalled article. Such a page is still published, marked
"full text not available", and its wall lines are taken out of the body (listed under `removed`) so that no
fact, key point or story summary comes from them.

Structure first: a page whose JSON-LD says `isAccessibleForFree: false` and whose extracted body is a short
teaser (under TEASER_WORDS words, or ending in an ellipsis) is a paywall. Then a small phrase list: a short
paragraph that contains one of WALL_PHRASES is a wall line; it is removed, and when what is left is under
MIN_WORDS words the page is a wall of that kind. The phrases are the fixed wording of walls, not article
prose, so a long article that mentions cookies keeps every sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefsite.read.models import Removed, Wall

__all__ = ["WALL_PHRASES", "Wall", "detect", "wall_kind"]

MIN_WORDS = 40  # less article text than this beside wall lines: the page is the wall
TEASER_WORDS = 150  # a body this short on a page that says it is not free is a teaser
_LINE_WORDS = 80  # a wall notice is short; a longer paragraph is article text

# Lower case, straight apostrophes. Each names the kind of wall it belongs to.
WALL_PHRASES: dict[str, tuple[str, ...]] = {
    "paywall": (
        "this copy is for your personal, non-commercial use only",
        "subscribe to continue reading",
        "subscribe to read the full",
        "subscribe now to continue",
        "sign in to continue reading",
        "log in to continue reading",
        "register to continue reading",
        "continue reading with a subscription",
        "this article is for subscribers only",
        "this content is for subscribers only",
        "available to subscribers only",
        "already a subscriber? sign in",
        "already a subscriber? log in",
        "you have reached your limit of free articles",
        "you've reached your limit of free articles",
        "you have read all of your free articles",
    ),
    "consent wall": (
        "we use cookies and similar technologies",
        "this site uses cookies to",
        "accept all cookies",
        "manage cookie preferences",
        "consent to the use of cookies",
        "by clicking accept, you agree",
        "before you continue to",
        "we and our partners use cookies",
    ),
    "boilerplate body": (
        "please enable javascript",
        "javascript is disabled in your browser",
        "your browser does not support javascript",
        "please turn on javascript",
        "are you a robot",
        "verify you are a human",
    ),
}

_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"'”’)\]]*$")


def wall_kind(paragraph: str) -> str | None:
    """The kind of wall a paragraph is a notice of, or None for article text."""
    if len(paragraph.split()) > _LINE_WORDS:
        return None
    lowered = paragraph.casefold().replace("’", "'")
    for kind, phrases in WALL_PHRASES.items():
        if any(phrase in lowered for phrase in phrases):
            return kind
    return None


def detect(paragraphs: Sequence[str], *, not_free: bool = False) -> tuple[list[str], list[Removed], Wall | None]:
    """Split wall lines off a body. Returns the article paragraphs, the removed wall lines and, when the page
    is a wall rather than an article, what kind of wall and why."""
    kept: list[str] = []
    removed: list[Removed] = []
    kinds: list[str] = []
    for paragraph in paragraphs:
        kind = wall_kind(paragraph)
        if kind is None:
            kept.append(paragraph)
        else:
            kinds.append(kind)
            removed.append(Removed(kind, paragraph))
    words = sum(len(p.split()) for p in kept)
    if kinds and words < MIN_WORDS:
        kind = kinds[0]
        return kept, removed, Wall(kind, f"the page holds a {kind} notice and {_words(words)} of article text")
    if not_free and (words < TEASER_WORDS or (kept and _ELLIPSIS.search(kept[-1]))):
        reason = (f"the page's JSON-LD says isAccessibleForFree: false and the body is a teaser of {_words(words)}")
        return kept, removed, Wall("paywall", reason)
    return kept, removed, None


def _words(count: int) -> str:
    return f"{count} word" if count == 1 else f"{count} words"
