"""Helpers every reader uses: content hashes, paths relative to the site, and datelines parsed to ISO 8601."""

from __future__ import annotations

import hashlib
import os
import re
import warnings
from pathlib import Path

# Time-zone abbreviations that dateutil does not know or gets wrong for news datelines.
TZINFOS: dict[str, int] = {
    "IST": 19800,  # India Standard Time, +05:30
    "UTC": 0, "GMT": 0, "Z": 0,
    "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000,
    "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200,
    "BST": 3600, "CET": 3600, "CEST": 7200, "JST": 32400, "AEST": 36000, "AEDT": 39600,
    "SGT": 28800, "HKT": 28800,
}


def parse_datetime(value: str) -> str | None:
    """Parse a dateline ("July 18, 2018 9:31 AM IST") to ISO 8601; a datetime keeps its offset, a bare date
    stays a date. Returns None when the text is not a date."""
    from dateutil import parser as date_parser  # here: the render path imports this module, never this function
    from dateutil import tz

    cleaned = value.strip().strip("|").strip()
    if not cleaned or not re.search(r"\d", cleaned):
        return None
    with warnings.catch_warnings():
        # "3:04 PM ET": a zone dateutil does not know is left out (the time stays as stated), not warned about
        warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
        try:
            parsed = date_parser.parse(cleaned, tzinfos=TZINFOS, fuzzy=False)
        except (ValueError, OverflowError):
            try:
                parsed = date_parser.parse(cleaned, tzinfos=TZINFOS, fuzzy=True)
            except (ValueError, OverflowError):
                return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", cleaned))
    if not has_time:
        return parsed.date().isoformat()
    if parsed.tzinfo is None:
        # A time with no zone: keep it as stated rather than inventing an offset.
        return parsed.replace(tzinfo=None).isoformat(timespec="seconds")
    offset = parsed.utcoffset()
    fixed = parsed.replace(tzinfo=tz.tzoffset(None, int(offset.total_seconds()) if offset else 0))
    return fixed.isoformat(timespec="seconds")


def sha256(data: bytes) -> str:
    """Content hash of the raw file bytes."""
    return hashlib.sha256(data).hexdigest()


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def file_key(info: os.stat_result) -> tuple[int, ...]:
    """What identifies one version of a file for the per-process memos."""
    # st_ctime_ns too: no tool can set it back, so a rewrite that keeps size and mtime is still seen
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns
