"""What a story page shows so that it reads in one minute: the few statements that matter most, merged across
sources; a sentence on why it matters; curated topic tags; relative dates resolved. Pure: no disk I/O.

Every choice here is extractive: a bullet or a why-it-matters sentence is a sentence some source states, cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from briefsite.facts.schema import ArticleSheet
from briefsite.read.sentences import calendar_date
from briefsite.stories.terms import terms

MAX_BULLETS = 5
NEAR_DUPLICATE = 0.6  # share of the shorter sentence's terms found in the other: "the same statement"
WHY_MIN_WORDS, WHY_MAX_WORDS = 8, 45
LATE_DISCOUNT = 0.25  # a statement's relevance is divided by 1 + this x its position among its article's points

# Motive ("in a bid to") and consequence ("stand to benefit") cues. A sentence needs one to be "why it matters".
_WHY_CUES = re.compile(
    r"\b(in order to|in a bid to|in an effort to|aim(?:s|ed|ing)? to|designed to|so that|so as to|to take on|"
    r"to compete|to challenge|to counter|to slow|to fend off|to gain|seek(?:s|ing)? to|as part of|because|"
    r"will (?:help|allow|enable|give|let|mean|make)|would (?:help|allow|enable|give|mean)|could (?:help|mean|hurt)|"
    r"means? that|as a result|threaten(?:s|ed|ing)?|stands? to (?:benefit|gain|lose)|at stake|risk(?:s|ing)?|"
    r"boost(?:s|ed)?|hurt(?:s)?|benefit(?:s|ed)? from)\b",
    re.I,
)

# Curated topics: an article-sheet topic word (as the extractor writes it) -> the tag readers see.
CURATED_TOPICS: dict[str, str] = {
    "cloud": "Cloud computing", "e-commerce": "E-commerce", "ecommerce": "E-commerce", "retail": "Retail",
    "retailer": "Retail", "ai": "Artificial intelligence", "artificial intelligence": "Artificial intelligence",
    "machine learning": "Artificial intelligence", "earnings": "Earnings", "revenue": "Earnings",
    "profit": "Earnings", "acquisition": "Mergers and acquisitions", "merger": "Mergers and acquisitions",
    "deal": "Deals", "partnership": "Partnerships", "partner": "Partnerships", "tariff": "Trade",
    "tariffs": "Trade", "trade": "Trade", "stocks": "Markets", "stock": "Markets", "markets": "Markets",
    "market": "Markets", "shares": "Markets", "ipo": "Markets", "oil": "Energy", "energy": "Energy",
    "election": "Elections", "elections": "Elections", "impeachment": "Impeachment", "court": "Courts",
    "lawsuit": "Courts", "police": "Crime and policing", "crime": "Crime and policing", "space": "Space",
    "nasa": "Space", "health": "Health", "disease": "Health", "climate": "Climate", "gaming": "Gaming",
    "games": "Gaming", "smartphone": "Devices", "laptop": "Devices", "security": "Security",
    "privacy": "Privacy", "layoffs": "Jobs", "jobs": "Jobs", "protest": "Protests", "protests": "Protests",
    "music": "Music", "football": "Sport", "tennis": "Sport", "hockey": "Sport", "automotive": "Cars",
    "cars": "Cars", "electric": "Cars",
}


@dataclass(frozen=True)
class Statement:
    """A sentence as a candidate bullet: which article states it and where."""

    article: str
    sentence: int | None  # 1-based sentence number, when known
    text: str
    position: int  # order within its article (0 = first)


def near_duplicate(a: str, b: str) -> bool:
    """Two sentences that state the same thing: most terms of the shorter appear in the longer."""
    ta, tb = set(terms(a)), set(terms(b))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= NEAR_DUPLICATE


def relevance(text: str, context: set[str]) -> float:
    """Share of the sentence's terms that belong to what the story is about (its titles and deks)."""
    own = set(terms(text))
    return len(own & context) / len(own) if own else 0.0


def context_terms(articles: Sequence[ArticleSheet]) -> set[str]:
    """The terms of every title and dek: what the story is about."""
    return {t for a in articles for text in (a.title, a.dek) if text for t in terms(text)}


def clusters(statements: Sequence[Statement]) -> list[list[Statement]]:
    """Statements grouped into near-duplicates (first come, first served, in the given order)."""
    out: list[list[Statement]] = []
    for statement in statements:
        home = next((c for c in out if near_duplicate(c[0].text, statement.text)), None)
        if home is None:
            out.append([statement])
        else:
            home.append(statement)
    return out


def rank(groups: list[list[Statement]], context: set[str]) -> list[list[Statement]]:
    """Most important first: stated by more sources; then closer to what the story is about, discounted by
    how late its article states it (news puts what matters first); ties by first source and position."""
    def key(group: list[Statement]) -> tuple[float, float, int, str]:
        sources = len({s.article for s in group})
        lead = min(s.position for s in group)
        score = relevance(group[0].text, context) / (1.0 + LATE_DISCOUNT * lead)
        return (-sources, -round(score, 6), lead, group[0].article)
    return sorted(groups, key=key)


def why_candidates(statements: Sequence[Statement], taken: Sequence[str], context: set[str]) -> Statement | None:
    """The sentence the sources state about motive or consequence that matters most, never one already shown
    (a bullet, the summary, the headline): the most cues, then the closest to the story, then the earliest."""
    best: tuple[tuple[float, float, int, str], Statement] | None = None
    for statement in statements:
        words = len(statement.text.split())
        if not WHY_MIN_WORDS <= words <= WHY_MAX_WORDS or statement.text.rstrip().endswith("?"):
            continue
        cues = {m.group(0).lower() for m in _WHY_CUES.finditer(statement.text)}
        if not cues or any(near_duplicate(statement.text, other) for other in taken):
            continue
        key = (-min(len(cues), 2), -round(relevance(statement.text, context), 6), statement.position,
               statement.article)
        if best is None or key < best[0]:
            best = (key, statement)
    return best[1] if best else None


def curated_topics(topics: Sequence[str]) -> list[str]:
    """The curated tags for a story's topic words, each once, sorted."""
    return sorted({CURATED_TOPICS[t.casefold()] for t in topics if t.casefold() in CURATED_TOPICS})


_MONTHS = {name: n for n, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), 1)}
_MONTH_TEXT = re.compile(r"^(?:in|on|since|by|until|last|this|early|late|mid|mid-)?\s*(?:early|late|mid-?)?\s*"
                         r"(?P<month>[A-Za-z]+)\.?(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?$", re.I)


def resolve_relative(text: str, published: str | None) -> str | None:
    """A month (and day) stated without a year ("in January", "on March 3"), resolved against the article's
    publication date as the latest such date not after it; None when the date is unknown or the text is not
    such a date."""
    base = calendar_date(published)
    match = _MONTH_TEXT.match(text.strip())
    if base is None or match is None or match.group("month").lower() not in _MONTHS:
        return None
    month = _MONTHS[match.group("month").lower()]
    day_text = match.group("day")
    year = base.year if (month, int(day_text or 1)) <= (base.month, base.day) else base.year - 1
    if day_text is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, int(day_text)).isoformat()
    except ValueError:
        return None
