"""Pure text helpers shared by readers, extraction and rendering: sentence splitting and labels."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from briefsite.read.models import Sentence

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "inc", "corp", "co", "ltd", "llc", "plc",
        "bros", "gov", "sen", "rep", "gen", "col", "lt", "sgt", "capt", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k",
        "u.n", "a.m", "p.m", "approx", "dept", "est", "fig"
    ]
)
_INITIALS = re.compile(r"(?:[a-z]\.){1,3}[a-z]")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and whitespace, before an
# opening quote, a capital letter or a digit.
_BOUNDARY = re.compile(r"""([.!?]["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9])""")


def split_sentences(paragraphs: Sequence[str]) -> list[Sentence]:
    """Split paragraphs into sentences, numbered from 1 across the body. Deterministic and model-free, so
    sentence numbers cited as provenance stay stable whatever NER model runs."""
    out: list[Sentence] = []
    for p_index, paragraph in enumerate(paragraphs):
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            end = match.end(1)
            if _is_abbreviation(paragraph[start:end]):
                continue
            _append(out, p_index, paragraph, start, end)
            start = match.end()
        _append(out, p_index, paragraph, start, len(paragraph))
    return out


def _is_abbreviation(chunk: str) -> bool:
    words = chunk.rstrip("\"'”’)]").split()
    if not words:
        return False
    last = words[-1].rstrip(".").lower()
    # Single initials ("J. Smith"), joined initials ("J.D. Smith") and known abbreviations do not end sentences.
    return (len(last) == 1 and last.isalpha()) or last in _ABBREVIATIONS or bool(_INITIALS.fullmatch(last))


def _append(out: list[Sentence], p_index: int, paragraph: str, start: int, end: int) -> None:
    text = paragraph[start:end].strip()
    if text:
        lead = len(paragraph[start:end]) - len(paragraph[start:end].lstrip())
        out.append(Sentence(len(out) + 1, p_index, start + lead, start + lead + len(text), text))


def derived_label(paragraphs: Sequence[str], limit: int = 80) -> str:
    """A label for an article with no headline: its first sentence, cut at a word boundary."""
    sentences = split_sentences(paragraphs[:1])
    first = sentences[0].text if sentences else ""
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:-–—")
    return cut + "…"


def calendar_date(published: str | None) -> date | None:
    """The calendar date of an ISO date/datetime as written (no time-zone conversion, so results do not depend
    on the machine), or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None
