"""Time in the text: durations ("five-year partnership") and dates, relative ones ("yesterday", "last year",
"in January") resolved against the article's published date with dateutil's calendar arithmetic."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from briefsite.read.datelines import dated_line, read_line
from briefsite.read.sentences import calendar_date

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "ninety": 90,
    "a": 1, "an": 1, "half": 0.5,
}
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.4375, "quarter": 91.3125, "year": 365.25, "decade": 3652.5}
_DURATION = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"fifty|ninety)[- ](?P<unit>day|week|month|quarter|year|decade)s?(?:-long)?\s+(?P<noun>[a-z]+(?:[- ][a-z]+)?)",
    re.I,
)
_DURATION_NOUNS = frozenset(
    [
        "partnership", "deal", "agreement", "contract", "extension", "plan", "lease", "term", "period",
        "program", "programme", "project", "sentence", "ban", "freeze", "moratorium", "license", "licence",
        "commitment", "alliance", "pact", "loan", "bond", "note", "strategy"
    ]
)
_MONTHS = {m: i for i, m in enumerate(
    [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december"
    ], start=1)}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12}
_MONTH_RE = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
# A day range before the year states its first day: "Nov. 5-7, 2019", "5-7 November 2019".
_DAY_RANGE = r"(?:\s?[-–]\s?\d{1,2}(?:st|nd|rd|th)?)?"
_ABSOLUTE = re.compile(
    rf"\b{_MONTH_RE}\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_DAY_RANGE}(?:,?\s(?P<year>(?:19|20)\d\d))?\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?{_DAY_RANGE}\s(?:of\s)?{_MONTH_RE.replace('month', 'month2')}"
    rf"(?:,?\s(?P<year2>(?:19|20)\d\d))?\b"
    # "March 2019", "March of 2019", "March, 2019"
    rf"|\b(?:in\s)?{_MONTH_RE.replace('month', 'month3')}(?:(?:,|\sof)?\s(?P<year3>(?:19|20)\d\d))?\b"
)
_RELATIVE = re.compile(
    r"\b(?P<word>yesterday|today|tomorrow|tonight|last night|"
    r"(?:last|next|this) (?:year|month|week)|a year ago|earlier this (?:year|month|week)|"
    r"(?:on |last |next )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.I,
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def find_durations(paragraphs: Sequence[str]) -> list[tuple[int, int, dict[str, Any]]]:
    """Durations that qualify a thing ("five-year partnership", "90-day extension"): (paragraph, offset, fact)."""
    out = []
    for p, text in enumerate(paragraphs):
        for m in _DURATION.finditer(text):
            noun = m.group("noun").lower()
            head = re.split(r"[- ]", noun)[-1]
            if head not in _DURATION_NOUNS and noun.split()[0] not in _DURATION_NOUNS:
                continue
            n = _NUMBERS.get(m.group("n").lower()) or float(m.group("n"))
            unit = m.group("unit").lower()
            refers = noun
            text_form = text[m.start(): m.start("noun")].strip()
            out.append((p, m.start(), {"text": text_form, "days": round(float(n) * _UNIT_DAYS[unit], 2),
                                       "refers_to": refers.split()[0] if refers.split()[0] in _DURATION_NOUNS
                                       else refers}))
    return out


def find_dates(paragraphs: Sequence[str], published: str | None) -> list[tuple[int, int, dict[str, Any]]]:
    """Dates stated in the text: absolute ones as ISO (YYYY-MM-DD or YYYY-MM), relative ones resolved
    against the published date when there is one (value null otherwise)."""
    base = calendar_date(published)
    out: list[tuple[int, int, dict[str, Any]]] = []
    for p, text in enumerate(paragraphs):
        if _page_stamp(text):
            continue
        taken: list[tuple[int, int]] = []
        for m in _ABSOLUTE.finditer(text):
            fact = _absolute(m, base)
            if fact is not None:
                out.append((p, m.start(), fact))
                taken.append((m.start(), m.end()))
        for m in _RELATIVE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            out.append((p, m.start(), {"text": m.group(0), "value": _resolve(m.group("word"), base),
                                       "relative": True, "event": None}))
    return out




def _page_stamp(text: str) -> bool:
    """A paragraph that is nothing but a date line of the page (the reader's header-line forms: "Updated Nov.
    3, 2019 at 6:23 p.m. ET" repeated in the body, a comment's "Jane Roe says: March 5, 2019 at 9:10 am", a
    related story's "Acme opens a plant — March 5, 2019"): a stamp of the page, not a date the story states.
    A sentence, a quote or an embedded post's signature ("— Jane Roe (@jroe) March 5, 2019") still states its
    date."""
    hit = read_line(text) or dated_line(text)
    return hit is not None and hit.published is not None


def _month_number(token: str) -> int:
    t = token.lower().rstrip(".")
    return _MONTHS.get(t) or _MONTH_ABBR[t]


def _absolute(m: re.Match[str], base: date | None) -> dict[str, Any] | None:
    text = m.group(0)
    if m.group("month") or m.group("month2"):
        month = _month_number(m.group("month") or m.group("month2"))
        day = int(m.group("day") or m.group("day2"))
        year_text = m.group("year") or m.group("year2")
        if year_text:
            try:
                return {"text": text, "value": date(int(year_text), month, day).isoformat(), "relative": False,
                        "event": None}
            except ValueError:
                return None
        value = _nearest_past(base, month, day) if base else None
        return {"text": text, "value": value, "relative": True, "event": None}
    month_token = m.group("month3")
    if month_token.rstrip(".").lower() == "may" and not m.group("year3"):
        return None  # "may" the verb
    if not text[:1].isupper() and not text.startswith("in "):
        return None
    month = _month_number(month_token)
    if m.group("year3"):
        return {"text": text, "value": f"{int(m.group('year3')):04d}-{month:02d}", "relative": False, "event": None}
    if not text.startswith("in "):
        return None  # a bare month name without "in" is too often part of a name ("March Madness")
    value = None
    if base:
        year = base.year if month <= base.month else base.year - 1
        value = f"{year:04d}-{month:02d}"
    return {"text": text, "value": value, "relative": True, "event": None}


def _nearest_past(base: date, month: int, day: int) -> str | None:
    try:
        candidate = date(base.year, month, day)
    except ValueError:
        return None
    # News mentions of "Feb. 14" are within a few months either way; pick the closer year.
    if (candidate - base).days > 183:
        candidate = candidate.replace(year=base.year - 1)
    elif (base - candidate).days > 183:
        candidate = candidate.replace(year=base.year + 1)
    return candidate.isoformat()


def _resolve(word: str, base: date | None) -> str | None:
    if base is None:
        return None
    w = word.lower()
    simple = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1}
    if w in simple:
        return (base + relativedelta(days=simple[w])).isoformat()
    if w.endswith("year") or w == "a year ago":
        shift = {"last": -1, "next": 1, "a": -1}.get(w.split()[0], 0)
        return f"{base.year + shift:04d}"
    if w.endswith("month"):
        shift = {"last": -1, "next": 1}.get(w.split()[0], 0)
        d = base + relativedelta(months=shift)
        return f"{d.year:04d}-{d.month:02d}"
    if w.endswith("week"):
        shift = {"last": -1, "next": 1}.get(w.split()[0], 0)
        d = base + relativedelta(weeks=shift)
        iso = d.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    day_name = w.split()[-1]
    if day_name in _WEEKDAYS:
        target = _WEEKDAYS.index(day_name)
        if w.startswith("next"):
            delta = (target - base.weekday()) % 7 or 7
        else:
            # News reports past events: "on Monday" is the latest Monday not after the published date.
            delta = -((base.weekday() - target) % 7)
            if w.startswith("last") and delta == 0:
                delta = -7
        return (base + relativedelta(days=delta)).isoformat()
    return None
