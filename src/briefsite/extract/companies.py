"""Known company names from the field's reference data: the constituents of the major stock indices (S&P 500,
600 and 100, NASDAQ 100, Dow Jones, FTSE 100, DAX, MDAX, SDAX, TecDAX, CAC 40, EURO STOXX 50, Nikkei 225, ...)
as the `pytickersymbols` package (MIT) ships them, built from Wikipedia's index lists: about 1,800 companies.
Evidence beside the model's label and the text's context, never a verdict on its own: the list knows "Northrop
Grumman" and "Lockheed Martin", which the small model reads as people, but a company named after its founder
("Charles Schwab") is still a person where the text treats it as one, and a one-word name ("Target", "Visa",
"Ford") counts only beside a sign of an organization in the text.

The data ship in the wheel as one Python module of 1.9 MB; its "name" fields are read once per process, lazily,
by scanning the module's bytes, never by importing it (that builds the whole dict: about 0.7 s). About 0.25 s,
most of it cleanco's legal-form stripping, and 0.3 MB kept (2.5 MB at the peak)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from briefsite.extract.gazetteer import fold, is_known_place

# one company record of indices_data.py as the wheel writes it: its name, in single quotes or, when the name has
# an apostrophe ("McDonald's"), in double quotes; an index record has 'companies' after its name instead
_RECORD = re.compile(rb"\{'name': (?:'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"), '(?!companies')")
# the words a listing adds after the name news writes ("Ford Motor Company", "Winnebago Industries", "T-Mobile
# US", "Palomar Holdings"): dropped once, after the legal form
_LISTING_TAIL = re.compile(r"\s+(?:Group|Holdings?|Industries|Corporation|Company|Companies|Incorporated|US|USA)$")
# an inner capital after three letters or more ("SpaceX", "YouTube", "BlackRock"): the shape of a brand, not of a
# person's name, whose inner capitals follow a short particle ("McDonald", "LeBron", "DeAndre", "MacKenzie")
CAMEL_CASE = re.compile(r"[A-Z][a-z]{3,}[A-Z][A-Za-z]*")


@lru_cache(maxsize=1)
def company_names() -> frozenset[str]:
    """Every known company name as a `fold`ed key: the listed name, the name less its legal form (cleanco:
    "Apple Inc." -> "Apple") and less a listing word after it ("Winnebago Industries" -> "Winnebago"), never a
    name that is also a known place ("The Hartford"). Read once per process."""
    from cleanco import basename

    spec = find_spec("pytickersymbols")  # found, not imported: importing it builds the whole dict
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pytickersymbols")
    data = Path(spec.origin).with_name("indices_data.py").read_bytes()
    names: set[str] = set()
    for record in _RECORD.finditer(data):
        listed = (record.group(1) or record.group(2)).decode("utf-8").replace("\\'", "'")
        short = basename(listed)
        names.update((listed, short, _LISTING_TAIL.sub("", short)))
    return frozenset(k for k in (fold(n) for n in names if n) if k and not is_known_place(k))


def is_known_company(name: str) -> bool:
    """True when a major stock index lists a company by `name` (any case, accents, legal form)."""
    return fold(name) in company_names()
