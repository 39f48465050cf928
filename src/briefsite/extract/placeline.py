"""The place line that opens a wire story ("SANTA FE, N.M. (AP) — ..."): the city and region it names are
places, the credit in parentheses is the outlet. The small model reads the all-caps city as an organization;
the line's own structure says what each part is."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|"
          r"August|September|October|November|December)\b")
_PLACE_LINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’-]*[A-Z.](?:\s+[A-Z][A-Z.'’-]*[A-Z.]){0,3})"  # the city, in capitals
    rf"(?:,\s+(?!{_MONTH})(?P<region>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,2}}))?"  # ", N.M." / ", Vietnam"
    rf"(?:,?\s+{_MONTH}\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"  # a date some wires put here: "Nov. 19, 2019"
    r"\s*(?:\((?P<outlet>[^()]{2,40})\)|/(?P<wire>[^/]{2,30})/)?"  # "(AP)", "/PRNewswire/"
    r"(?:\s*(?:—|–|--|-)\s+(?=\S)|(?P<alone>\s*$))"  # then a dash and the story, or nothing: a line of its own
)


@dataclass(frozen=True)
class PlaceLine:
    """Offsets (in the paragraph) and names of the parts of one place line; None for a part it lacks."""

    city: tuple[int, int, str]
    region: tuple[int, int, str] | None
    outlet: tuple[int, int, str] | None
    end: int  # where the story's first sentence starts


def read_place_line(paragraph: str, body: str = "") -> PlaceLine | None:
    """The place line that opens `paragraph`, or None. The capitalised city is given the spelling `body` uses
    for it elsewhere ("Santa Fe"), else title case ("SANTA FE" -> "Santa Fe")."""
    m = _PLACE_LINE.match(paragraph)
    if m is None or not any(ch.isalpha() for ch in m.group("city")) or len(m.group("city").replace(".", "")) < 2:
        return None
    if m.group("region") is None and m.group("outlet") is None and m.group("wire") is None \
            and (len(m.group("city")) < 4 or m.group("alone") is not None):
        return None  # "AP — ..." or "US - ..." alone is too little to call a place line
    if m.group("alone") is not None and not (m.group("region") or "").isupper():
        return None  # a line of its own is a place line only all in capitals: "BAAR, SWITZERLAND"
    city = (m.start("city"), m.end("city"), _spelling(m.group("city"), body))
    region = (m.start("region"), m.end("region"), _spelling(m.group("region"), body) if m.group("region").isupper()
              and len(m.group("region")) > 3 else m.group("region")) if m.group("region") else None
    name = "outlet" if m.group("outlet") else "wire" if m.group("wire") else None
    outlet = (m.start(name), m.end(name), m.group(name).strip()) if name else None
    return PlaceLine(city, region, outlet, m.end())


def _spelling(caps: str, body: str) -> str:
    for found in re.finditer(rf"(?<![\w-]){re.escape(caps)}(?![\w-])", body, re.I):
        if not found.group(0).isupper():
            return found.group(0)
    return caps.title()
