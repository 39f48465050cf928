"""The header lines of a saved article: date lines and bylines under the headline.

Plain-text and Markdown articles print their date and author in the page's own wording just under the
headline: a line with only the date ("3 March 2019", "Nov 7, 2023 2:00 AM", "2019-03-04"), a posted or
updated line ("Posted at 10:15 AM, Mar 4, 2019", "Updated 5:02 PM ET, Tue March 5, 2019"), a byline with or
without a date ("By Jane Roe March 5, 2019", "By Jane Roe, Reuters", a bare "Jane Roe" next to a date line),
and the lines around them that state no date but are not body text either ("Staff Writer", "@janeroe",
"1 day ago", "11 minute read", "Updated" above the date, "PTI, Washington,"). `scan_header` finds them by their
form (dateutil reads the date; no guessing from the body), says how each was found, and leaves everything else
to the reader. Above the story's first paragraph, a short line whose other words it does not know still
states its date when the date stands at the line's start or after a separator (`dated_line`: "Share this
article: Nov 19, 2019"). `body_dateline` reads the one dateline that opens a body ("NEW YORK, Nov. 19, 2019 /PRNewswire/
--"); a date inside the body's prose is never the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefsite.read.common import TZINFOS, parse_datetime

HEADER_LINES = 8  # how far under the headline header lines are looked for
_MAX_LINE = 180  # longer lines are body text, never a date line or byline

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|rsday|urday)?\b\.?"
_TIME = re.compile(r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::\d{2})?\s*(?P<ap>[ap]\.?m\.?)?"
                   r"|\b(?P<h2>\d{1,2})\s*(?P<ap2>[ap]\.?m\.?)", re.I)
# A calendar date in one of the forms news pages print; it may stand anywhere in the line.
_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"  # March 5, 2019
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}\b"  # 5 March 2019, 5th of March 2019
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"  # 2019-03-05, ISO datetime
    r"|\b\d{4}/\d{1,2}/\d{1,2}\b"  # 2019/03/05
    r"|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"  # 03/05/2019, 03/05/19 (US order, as dateutil reads it)
    r"|\b\d{1,2}\.\d{1,2}\.\d{4}\b"  # 19.11.2019, 11.15.2019
    r"|\b\d{4}\.\d{1,2}\.\d{1,2}\b"  # 2019.11.19 (year first, as East Asian pages print it)
    r"|\b\d{1,2}-\d{1,2}-\d{4}\b"  # 11-19-2019
    rf"|\b\d{{1,2}}-{_MONTH}-\d{{4}}\b|\b{_MONTH}-\d{{1,2}}-\d{{4}}\b",  # 19-Nov-2019, Nov-19-2019
    re.I)
# Time-zone abbreviations as pages print them, in either case ("10:18am ist", "12:04AM ET").
_ZONES = r"(?:ist|utc|gmt|bst|cet|cest|eet|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|ct|mt|jst|kst|hkt|sgt|aest|aedt)"
# Words a date line may carry besides the date: labels, zones, reading times ("Updated 1209 GMT (2009 HKT)").
_LABEL_WORDS = re.compile(
    r"\b(?:last|first|published|updated|posted|modified|created|date[d]?|time|on|at|and|ago|an?|hours?|hrs?|"
    rf"minutes?|mins?|days?|weeks?|read|reading|am|pm|a\.m\.|p\.m\.|{_ZONES}|(?-i:[A-Z]{{2,4}}))\b|" + _WEEKDAY, re.I)
_LABEL_LEAD = re.compile(r"^\W*(?P<label>(?:last\s+|first\s+|originally\s+)?(?:published|updated|posted|modified))\b",
                         re.I)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|da|del|bin|al|la|le)){1,3}"
_NAMES = rf"{_NAME}(?:\s*(?:,\s*(?:and\s+|&\s*)?|and|&)\s*{_NAME})*"
# "By Jane Roe", "by Jane Roe", "Analysis by Jane Roe, CNN ...": a kind of piece may lead the byline.
_BYLINE = re.compile(rf"^(?:(?:Analysis|Opinion|Commentary|Column|Story|Words|Text|Review|Interview|Written|Posted|"
                     rf"Reported)\s+)?(?i:by)(?::\s*|\s+)"
                     rf"(?P<names>{_NAMES})\b(?P<rest>.*)$")
_BARE_NAME = re.compile(rf"^(?P<names>{_NAMES})$")
# The titles a byline gives its author ("Staff Writer", "Markets Reporter"), written once for the three patterns
# below that read them.
_AUTHOR_TITLES = ("analyst", "correspondent", "editor", "writer", "reporter", "contributor", "columnist", "producer")
_TITLES_CAPITALISED = "|".join(t.capitalize() for t in _AUTHOR_TITLES)
_TITLE_LINE = re.compile(rf"^(?:[A-Z][\w-]*\s+){{0,3}}(?:{_TITLES_CAPITALISED})s?$")
_DATE_OR_LABEL = re.compile(rf"\s*(?:{_MONTH}|Posted|Published|Updated|Last|Modified|First|On)\b", re.I)
_BYLINE_TITLE = re.compile(rf"\b(?:{_TITLES_CAPITALISED}|Staff|Desk)s?$")
# The author's title after the name, in whatever case the page prints it: "Staff writer", "senior editor".
_ROLE = rf"(?i:(?:[\w-]+\s+){{0,3}}(?:{'|'.join(_AUTHOR_TITLES)})s?)"
# Header lines that state no calendar date but are still not body text: a relative time ("1 day ago",
# "Updated 2 hours ago"), a reading time ("11 minute read"), a label printed on its own line above the date.
_RELATIVE = re.compile(r"^(?:(?:last\s+)?(?:updated|posted|published)\s*:?\s*)?(?:\d+|an?|one)\s+"
                       r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago$", re.I)
_READING_TIME = re.compile(r"^(?:\d+|one|two|three|four|five|ten)[\s-]*(?:minutes?|mins?)\s+read(?:ing time)?$", re.I)
_LABEL_ONLY = re.compile(r"^(?:last\s+|first\s+)?(?:published|updated|posted|modified)(?:\s+on)?\s*:?$", re.I)
# A wire or agency credit beside a date line: "PTI, Washington,", "Reuters | London" (one to three words each).
_AGENCY_LINE = re.compile(r"^[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2}\s*[,|]\s*"
                          r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}\s*,?$")


@dataclass(frozen=True)
class HeaderLine:
    """One header line found: its index among the lines scanned, what it is, and what it states."""

    index: int
    kind: str  # "dateline" | "byline"
    how: str  # "date line" | "published line" | "updated line" | "headline date" | "byline" | "name line" |
    #            "dated line" | "credit line" | "tag line" |
    #            "title line" | "handle line" | "relative line" | "reading time" | "label line" (no date)
    published: str | None = None  # ISO 8601
    authors: tuple[str, ...] = ()
    # an all-numeric date whose day and month could be either way round ("04/03/2019") and whose line has
    # no clock or zone to tell: `published` is read month first until `settle_order` sees the page
    ambiguous: bool = False


def read_line(line: str) -> HeaderLine | None:
    """What one header line states, or None when it is not a date line or a byline.

    A date line is a calendar date plus nothing but labels, times, zones and weekdays; a byline is "By"
    and one to four capitalized names, then optionally an outlet and a date."""
    text = _unglue(line.strip().strip("•·*|").strip())
    if not text or len(text) > _MAX_LINE:
        return None
    byline = _BYLINE.match(text)
    if byline:
        names, rest = byline.group("names"), byline.group("rest")
        month = re.search(rf"\s+(?:{_MONTH}\s+\d|(?:Posted|Published|Updated|Last|Modified|First)\b)", names + rest)
        if month and month.start() < len(names):  # the names ran on: "By Jane Roe March 5, 2019", "... Posted at"
            names, rest = names[: month.start()], (names + rest)[month.start():]
        date = _DATE.search(rest)
        when = _when(rest, date) if date else None
        people = _split_names(names)
        last = people[-1] if len(people) > 1 else ""
        runs_on = bool(re.match(r"\s+[A-Z][a-z]", rest)) and not _DATE_OR_LABEL.match(rest)
        if last and "," in names and (runs_on or len(last.split()) > 3 or _BYLINE_TITLE.search(last)):
            people = people[:-1]  # "By Jane Roe, CNN Senior Supreme Court Analyst": a title, not a second name
        return HeaderLine(0, "byline", "byline", when, people, ambiguous=date is not None and _ambiguous(rest, date))
    date = _DATE.search(text)
    if date is None:
        return None
    authors: tuple[str, ...] = ()
    # "November 19, 2019 | 4:20am | Updated November 19, 2019 | 9:32pm": the first date is the one published
    for part in (text[: date.start()], _DATE.sub(" ", text[date.end():])):
        # the line's own separators cut it into parts: "Jane Roe · 3 min read · Dec 3, 2019"
        for piece in _SEPARATOR.split(part):
            named_in = _header_piece(piece)
            if named_in is None:
                return None  # other words: a sentence that mentions a date, not a date line
            authors += named_in
    when = _when(text, date)
    if when is None:
        return None
    label = _LABEL_LEAD.match(text)
    how = "date line" if label is None else (
        "updated line" if re.search(r"updated|modified", label.group("label"), re.I) else "published line")
    return HeaderLine(0, "dateline", how, when, authors, ambiguous=_ambiguous(text, date))


# Parts of a date line that a page's layout prints in separate boxes and a copied text runs together:
# "December 2, 202610:15 AM UTCUpdated 2 hours ago" (Reuters) is "December 2, 2026 10:15 AM UTC Updated ...".
_GLUED_YEAR = re.compile(rf"(\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
                         rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?:19|20)\d{{2}})"
                         r"(?=\d{1,2}[:.]\d{2}\b)", re.I)
# ... and a clock or zone run into the label after it: "10:15 AM UTCUpdated", "9:30 AMUpdated".
_GLUED_LABEL = re.compile(rf"\b([AP]M|{_ZONES.upper()})(?=(?:Updated|Published|Posted|Last|Modified)\b)")


# A blog theme's comment link printed at the end of its date line: "March 3, 2019 by Jane Roe Leave a Comment".
_COMMENT_TAIL = re.compile(r"\s+(?:(?:Leave|Add|Post) a (?:Comment|Reply)|\d+ Comments?|No Comments)$", re.I)


def _unglue(text: str) -> str:
    """A date line with the spaces its layout stood for put back (`_GLUED_YEAR`, `_GLUED_LABEL`) and without a
    comment link at its end (`_COMMENT_TAIL`)."""
    return _COMMENT_TAIL.sub("", _GLUED_LABEL.sub(r"\1 ", _GLUED_YEAR.sub(r"\1 ", text)))


# What cuts a header line into parts: "|", "/", "·", "•", ";", a dash between spaces.
_SEPARATOR = re.compile(r"\s*[|/·•;]\s*|\s+[-–—]+\s+|\s*[–—]\s*")
# A label that leads a date in words: "Publication date", "Originally published", "Date posted".
_LABEL_PHRASE = re.compile(r"^(?:(?:originally|first|last)\s+)?(?:publication|publish(?:ed)?|posted|updated|"
                           r"release|modified)(?:\s+(?:date|on|at|in))?$"
                           r"|^date(?:\s+(?:published|posted|updated))?$", re.I)


_TAG_LABEL = re.compile(r"^(?:(?:source|credit|category|categories|section|topics?|tags?|filed (?:under|to|in)|via|"
                        r"edition|location|author|edited by|written by|reporter)\s*:"
                        # "Filed in Markets", "Posted in Politics": the section named without a colon
                        r"|(?:filed|posted|published) (?:under|to|in))\s*[A-Z\d][\w.&'’ ,-]{0,100}$", re.I)
_COMMENTS = re.compile(r"^(?:\d+\s+)?comments?(?:\s*\(?\d+\)?)?$|^(?:leave|add|post) a comment$", re.I)


# A day and month without the year, as an "Updated" part repeats the date: "Updated November 18 at 4:46 PM".
_DAY_MONTH = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![:.,]?\d)"
                        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?!\w)", re.I)


def _header_piece(piece: str) -> tuple[str, ...] | None:
    """The names one part of a date line states (none for labels, times, outlets and places); None when the
    part is other words (a sentence)."""
    piece = _DAY_MONTH.sub(" ", piece)
    residue = _LABEL_WORDS.sub(" ", _TIME.sub(" ", piece))
    if not re.search(r"[^\W\d_]", residue):
        return ()
    # A name or an outlet beside the date: "Jane Roe | Nov 7, 2023", "5 March 2019 · By Jane Roe",
    # "WASHINGTON (AP) —" (a wire credit in parentheses is part of the place).
    lead = re.sub(r"\((?:[A-Z][\w.&'’-]*\s*){1,3}\)", " ", _TIME.sub(" ", piece))
    # the author's handle or address: "Jane Roe @janeroe", "Jane Roe | jroe@example.com"
    lead = re.sub(r"(?:^|\s)@\w{2,30}\b|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", " ", lead)
    lead = re.sub(r"^[\W_]+|[\W_]+$", "", lead).strip()
    if _TAG_LABEL.match(lead):
        return ()  # "Source: PTI", "Filed under: Politics", "Category: Markets"
    # "... 2:30pm PT by Jane Roe": the label or zone that ends the date's part
    lead = re.sub(rf"^(?:(?i:last|updated|published|posted|at|on|{_ZONES})\s+)*(?:in\s+(?=[A-Z]))?", "", lead)
    # "Jane Roe, The Daily Planet Published 3:04 p.m. ET", "Author: Jane Roe Publish date": the label and zone
    # that lead into the date
    lead = re.sub(rf"(?:\s+(?i:last|updated|published|publish|posted|modified|date|on|at|{_ZONES}))+$", "", lead)
    if not lead or _READING_TIME.match(lead) or _RELATIVE.match(lead) or _LABEL_PHRASE.match(lead) or \
            _COMMENTS.match(lead) or re.fullmatch(_ROLE, lead) or _TAG_LABEL.match(lead):
        return ()
    # an outlet or title after the names, with its small words ("Special to The Daily Planet")
    # (or the author's title, or letters after the name: "Jane Roe, staff writer", "Jane Roe, MS, RDN")
    named = re.fullmatch(rf"(?P<by>(?i:by)(?::\s*|\s+))?(?P<names>{_NAMES})(?:\s*[,|]\s*[A-Z][\w.&'’-]*"
                         rf"(?:\s+(?:[A-Z][\w.&'’-]*|to|of|for|at|the|and|in)){{0,5}}|\s+in\s+[A-Z][\w&'’-]*"
                         rf"|\s*[,|-]\s*{_ROLE}){{0,2}}", lead)
    if named is not None:  # "The Daily Planet" is the outlet, no author
        return tuple(n for n in _split_names(named.group("names")) if not n.startswith("The "))
    if re.fullmatch(r"(?:[Bb]y\s+(?:the\s+)?)?(?:(?:and\s+)?[A-Z][\w.&'’-]*[\s,]*){1,6}", lead):
        return ()
    return None


_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_US_ZONE = re.compile(r"\b(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT)\b")
_US_CLOCK = re.compile(rf"\d\s*[ap]\.?m\b|{_US_ZONE.pattern}", re.I)
# Zones of countries that write the day first: a line that keeps one reads "04/03/2019" as 4 March.
_DAY_FIRST_ZONE = re.compile(r"\b(?:GMT|BST|IST|CET|CEST|EET|EEST|WET|WEST|AEST|AEDT|ACST|AWST|NZST|NZDT|SAST|"
                             r"HKT|SGT|PHT|WIB|MSK)\b")


def _order_on_line(text: str) -> str | None:
    """"mdy" or "dmy" when the line's clock or zone tells which way round its numbers go, else None."""
    if _DAY_FIRST_ZONE.search(text):
        return "dmy"
    if _US_CLOCK.search(text):
        return "mdy"
    return None


def _ambiguous(text: str, date: re.Match[str]) -> bool:
    """Whether the date is "a/b/yyyy" with both numbers 12 or under (and not equal) and nothing on its line
    says which is the month."""
    slashed = _SLASHED.fullmatch(date.group(0))
    if slashed is None:
        return False
    a, b = int(slashed.group(1)), int(slashed.group(2))
    return a <= 12 and b <= 12 and a != b and _order_on_line(text) is None


# A date written with the month's name, month first ("March 4", "Mar. 4, 2019") or day first ("4 March").
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![:.]?\d)")
_DAY_FIRST = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?!\w)")


def date_order(text: str) -> str | None:
    """The way round the page writes its dates, from its own words: "mdy" when it writes "March 4" more
    often than "4 March" (a numeric date that can only be month first, "03/14/2019", and a US time zone,
    "10 a.m. ET", count too), "dmy" the other way (with day-first zones: GMT, BST, IST, AEST...); None when
    the text does not tell."""
    votes = {"mdy": len(_MONTH_FIRST.findall(text)) + len(_US_ZONE.findall(text)),
             "dmy": len(_DAY_FIRST.findall(text)) + len(_DAY_FIRST_ZONE.findall(text))}
    for m in _SLASHED.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= 12 < b <= 31:
            votes["mdy"] += 1
        elif b <= 12 < a <= 31:
            votes["dmy"] += 1
    if votes["mdy"] == votes["dmy"]:
        return None
    return "mdy" if votes["mdy"] > votes["dmy"] else "dmy"


def settle_order(hit: HeaderLine, text: str) -> str | None:
    """The date an ambiguous numeric date line states, read the way the page writes its dates (`date_order`
    of the whole text); None when the page does not tell (no guess: 04/03/2019 is 3 April in the US and 4
    March in most of the world). Any other line: its date as read."""
    if not hit.ambiguous or hit.published is None:
        return hit.published
    order = date_order(text)
    if order == "mdy":
        return hit.published
    if order is None:
        return None
    day = hit.published[:10]
    swapped = f"{day[:4]}-{day[8:10]}-{day[5:7]}"
    return swapped + hit.published[10:]


def _when(text: str, date: re.Match[str]) -> str | None:
    """The date (with its time when the line states one next to it) as ISO 8601."""
    stamp = date.group(0)
    if "T" in stamp or re.search(r"\d \d{2}:", stamp):
        return parse_datetime(stamp)
    # a dotted date: day first, as most of the world prints it (03.12.2019 is 3 December), unless the first
    # number cannot be a day-of-month order (11.15.2019) or the line keeps a US clock (an a.m./p.m. time or
    # a US zone: Wired's "11.05.2019 10:09 AM")
    slashed = _SLASHED.fullmatch(stamp)
    if slashed is not None and _order_on_line(text) == "dmy" and int(slashed.group(2)) <= 12:
        # "04/03/2019 10:15 BST": the day first, as the zone's country writes it
        stamp = f"{slashed.group(2)}/{slashed.group(1)}/{slashed.group(3)}"
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", stamp)
    year_first = re.fullmatch(r"(\d{4})\.(\d{1,2})\.(\d{1,2})", stamp)
    if year_first:
        stamp = f"{year_first.group(1)}-{int(year_first.group(2)):02d}-{int(year_first.group(3)):02d}"
    elif dotted:
        a, b, year = int(dotted.group(1)), int(dotted.group(2)), dotted.group(3)
        us_clock = re.search(r"\d\s*[ap]\.?m\b|\b(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT)\b", text, re.I)
        month, day = (a, b) if b > 12 or (a <= 12 and us_clock) else (b, a)
        stamp = f"{year}-{month:02d}-{day:02d}"
    else:
        stamp = stamp.replace(".", "")
    time = next((t for t in _TIME.finditer(text) if not date.start() <= t.start() < date.end()), None)
    if time is not None:
        hour, minute = time.group("h") or time.group("h2"), time.group("m") or "00"
        ampm = (time.group("ap") or time.group("ap2") or "").replace(".", "")
        zone = re.match(r"\s*(?P<z>[A-Za-z]{3,4})\b", text[time.end():])
        zone_name = zone.group("z").upper() if zone and zone.group("z").upper() in TZINFOS else ""
        with_time = parse_datetime(f"{stamp} {hour}:{minute} {ampm} {zone_name}".strip())
        if with_time is not None:
            return with_time
    return parse_datetime(stamp)


# A short line of the page's controls that a copied header keeps ("Share", "Follow", "Listen to this article",
# "5 min", "Save"): at most four words and 30 characters, no sentence end, no date.
def _control_line(line: str) -> bool:
    text = line.strip()
    return len(text) <= 30 and len(text.split()) <= 4 and not text.endswith((".", "!", "?")) and \
        _DATE.search(text) is None


def _header_window(lines: Sequence[str]) -> list[str]:
    """The lines under the headline where header lines are looked for: `HEADER_LINES` of them, not counting
    the short control lines between (a page's share and follow buttons do not push its date line into the
    body)."""
    window: list[str] = []
    counted = 0
    for line in lines:
        if counted >= HEADER_LINES:
            break
        window.append(line)
        counted += not _control_line(line)
    return window


def scan_header(lines: Sequence[str]) -> list[HeaderLine]:
    """Date lines and bylines among the first `HEADER_LINES` lines (the headline excluded by the caller).
    A bare name line ("Jane Roe") counts as a byline only next to a date line or a byline, where it cannot
    be a sentence of the body."""
    found: list[HeaderLine] = []
    window = _header_window(lines)
    for i, line in enumerate(window):
        hit = read_line(line)
        if hit is not None:
            found.append(replace(hit, index=i))
        elif _RELATIVE.match(line.strip()):
            found.append(HeaderLine(i, "dateline", "relative line"))  # states no calendar date
        elif _READING_TIME.match(line.strip()):
            found.append(HeaderLine(i, "dateline", "reading time"))
        elif all(len(above) <= _OPENING_MAX for above in window[:i]):
            dated = dated_line(line)  # above the story's first paragraph: a header line by its form
            if dated is not None:
                found.append(replace(dated, index=i))
    marked = {h.index for h in found}
    for i, line in [*enumerate(window), *enumerate(window)]:  # twice: a name above a title above a date
        if i in marked or not (i - 1 in marked or i + 1 in marked):
            continue
        text = line.strip()
        m = _BARE_NAME.match(text)
        if _TITLE_LINE.match(text):
            found.append(HeaderLine(i, "byline", "title line"))  # "Staff Writer" under the name
            marked.add(i)
        elif m and len(line) <= 60 and not text.startswith("The "):
            found.append(HeaderLine(i, "byline", "name line", None, _split_names(m.group("names"))))
            marked.add(i)
        elif _LABEL_ONLY.match(text) and i + 1 in marked:
            found.append(HeaderLine(i, "dateline", "label line"))
            marked.add(i)
            # "Updated" on its own line above the date: the date line below is an updated line
            below = next(h for h in found if h.index == i + 1)
            if below.kind == "dateline" and below.how == "date line" and re.match(r"(?i)updated|modified|last", text):
                found[found.index(below)] = replace(below, how="updated line")
        elif _TAG_LABEL.match(text):
            found.append(HeaderLine(i, "dateline", "tag line"))  # "Filed to: SCIENCE" under the date
            marked.add(i)
        elif re.fullmatch(r"@\w{2,30}", text):
            found.append(HeaderLine(i, "byline", "handle line"))  # the author's social handle under the name
            marked.add(i)
        elif _AGENCY_LINE.match(text) and len(text) <= 40:
            found.append(HeaderLine(i, "byline", "credit line"))
            marked.add(i)
    return sorted(found, key=lambda h: h.index)


# A header line's separators before its date ("Share this article: Nov 19, 2019", "Jane Roe, Acme Tribune
# contributor | Nov 19, 2019") and after it ("Nov 19, 2019 | ...", "Nov 19, 2019 — ...").
_BEFORE_DATE = re.compile(r"(?:^|[|•·/:,;(—–]|\s-)\s*$")
_AFTER_DATE = re.compile(r"^(?:$|[|•·/—–(]|-\s|by\b|[A-Z])")
_DATED_MAX = 120  # a longer line is prose


def dated_line(line: str) -> HeaderLine | None:
    """A short line that holds a full date among words `read_line` does not know, read by where the date
    stands: at the line's start or after one of its separators, and followed by nothing, a separator, a
    clock or a label, a capitalized word or "by". A sentence is not one: it ends in a full stop, or runs on
    after the date in small words ("Acme said on Nov 19, 2019 it would...", "Nov 19, 2019 was the day")."""
    text = _unglue(line.strip().strip("•·*|").strip())
    date = _DATE.search(text)
    if date is None or len(text) > _DATED_MAX or len(text.split()) > 16:
        return None
    if text.rstrip("\"'”’)").endswith(("!", "?")) or re.search(r"(?<![ap]\.m)(?<!\b[A-Z])\.$", text, re.I) or \
            re.search(r"[a-z]{2}[.!?]\s+[A-Z]", text):
        return None
    # the weekday belongs to the date: "— Jane Roe (@jroe) Monday, March 4, 2019" is not after a separator
    if not _BEFORE_DATE.search(re.sub(rf"{_WEEKDAY},?\s*$", "", text[: date.start()], flags=re.I)):
        return None
    after = _LABEL_WORDS.sub(" ", _TIME.sub(" ", text[date.end():])).strip(" ,")
    if not _AFTER_DATE.match(after):
        return None
    when = _when(text, date)
    return None if when is None else HeaderLine(0, "dateline", "dated line", when, ambiguous=_ambiguous(text, date))


def pick_published(found: Sequence[HeaderLine]) -> HeaderLine | None:
    """The header line that states the publication date: a published or date line first, then a dated
    byline, then a line that holds a date among other words, then an updated line (the page's last edit is
    still a date it states)."""
    order = {"published line": 0, "date line": 1, "byline": 2, "headline date": 3, "dated line": 4,
             "updated line": 5}
    dated = [h for h in found if h.published and h.how in order]
    return min(dated, key=lambda h: (order[h.how], h.index)) if dated else None


# A date printed after the headline on its own line: "Acme to open a plant — March 5, 2019",
# "Acme to open a plant | Dec 3, 2019", "Acme to open a plant (December 3, 2019)".
_HEADLINE_TAIL = re.compile(r"(?:\s+[-–—|·•/]+\s+|\s*[–—|·•]\s*|\s*\()(?P<tail>[^()|·•–—]{6,60}?)\)?\s*$")


def split_headline(line: str) -> tuple[str, HeaderLine] | None:
    """A headline with its date line run on after a separator: (the headline, the date it states); None when
    the line ends in no date line of its own (a date inside the headline's words is no publication date)."""
    tail = _HEADLINE_TAIL.search(line)
    if tail is None or tail.start() < 10:
        return None
    hit = read_line(tail.group("tail"))
    if hit is None or hit.kind != "dateline" or hit.published is None:
        return None
    return line[: tail.start()].rstrip(), replace(hit, how="headline date")


def _split_names(names: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return tuple(p.strip() for p in parts if p.strip())


# A press-release or wire dateline that opens the body: "NEW YORK, Nov. 19, 2019 /PRNewswire/ -- Acme ...",
# "BAAR, Switzerland, November 19, 2019 – Acme ...": place words, the date, an optional wire tag, a dash.
# ... also "NEW YORK--(BUSINESS WIRE)--Nov. 19, 2019--", "LONDON (Reuters), Nov 19, 2019 -",
# "WASHINGTON, D.C. – November 19, 2019 –", "SPRINGFIELD, Ill. (Nov. 19, 2019) –".
_DATELINE_PLACE = re.compile(r"[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30}){0,2}(?:\s*\([^()]{1,30}\))?"
                             r"(?:,\s*|\s*(?:--|—|–)\s*(?:\([^()]{1,30}\)\s*(?:--|—|–)\s*)?|\s*\(\s*)")
_DATELINE_END = re.compile(r"\)?\s*(?:\([^()]{1,30}\)\s*)?(?:/[^/\s][^/]{1,30}/\s*)?(?:--|—|–|-)\s")


def body_dateline(paragraph: str) -> str | None:
    """The date a dateline at the start of the first body paragraph states (ISO 8601), or None. Only a full
    calendar date counts: "LONDON, Nov 19 (Reuters) -" states no year and gives nothing."""
    date = _DATE.search(paragraph, 0, 100)
    # "PLACE, DATE -- ..." or a release that opens with the date alone ("December 3, 2019 -- Acme ...")
    if date is None or not (date.start() == 0 or _DATELINE_PLACE.fullmatch(paragraph[: date.start()])):
        return None
    if not _DATELINE_END.match(paragraph, date.end()):
        return None
    return _when(date.group(0), date)


_OPENING_MAX = 300  # a longer paragraph is the story itself: a dateline is looked for no further


def opening_dateline(paragraphs: Sequence[str]) -> str | None:
    """The date of the dateline that opens the story (`body_dateline`): the first body paragraph, or one
    after short lines above it. With no date line under the headline, a bare author line ("Jane Roe"), a
    title line or a dek stay in the body (nothing marks them as header lines) and the story's first
    paragraph, with its dateline, comes after them."""
    for paragraph in paragraphs[:HEADER_LINES]:
        when = body_dateline(paragraph)
        if when is not None or len(paragraph) > _OPENING_MAX:
            return when
    return None
