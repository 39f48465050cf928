"""Institution names from their written shape: a kind noun heads the name ("Department", "Bank", "University")
and "of/for/on" (and "at" after a school) with capitalised words continue it ("Department of Harbor and Coastal
Affairs", "Office of the Valmont County Attorney", "University of Norland at Easton", "U.S. Court of Appeals for
the Ninth Circuit"); a partnership's name lists surnames before "&" or a corporate suffix ("Castellan, Pike & Rowe
LLP", "Tallis and Brook Co."). The model cuts such names at their small words, commas and titles; the capitalised
phrase they are written as gives their whole extent. Pure functions over one sentence's text; no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefsite.extract import canonical as canon

# a word of a name: capitalised, hyphenated parts capitalised too ("Tokyo-based" is not one); "U.S." counts
_WORD = (rf"(?!(?:{'|'.join(canon.CALENDAR_NAMES)})\b)"
         r"(?:[A-Z][\w.'’&]*(?:-[A-Z][\w.'’&]*)*|\d+(?:st|nd|rd|th))")
_HEADS = "|".join(canon.INSTITUTION_HEADS)
_SCHOOLS = r"University|College|School|Institute|Academy"
# a kind noun and its continuations: "of the <words>", "for <words>", "and <words>" inside a continuation
_PART = rf"\s+(?:the\s+)?{_WORD}(?:\s+{_WORD})*(?:,?\s+(?:and|&)\s+{_WORD}(?:\s+{_WORD})*)?"
# a kind noun and its continuations: "on <words>" right after it ("Council on Harbor Relations"), "of (the)
# <words>", "for (the) <words>", an "and" inside a part ("of Harbor and Coastal Affairs"), "at <words>" last
_INSTITUTION = re.compile(
    rf"(?P<left>(?:{_WORD}\s+){{0,5}}?)(?P<head>(?:{_HEADS})(?![\w-]))"
    rf"(?P<rest>(?:\s+(?:of|for|on){_PART})?(?:\s+(?:of|for){_PART})*(?:\s+at\s+{_WORD}(?:\s+{_WORD})*)?)")
# "Castellan, Pike & Rowe LLP", "Tallis and Brook Co.", "Wachtell, Lipton, Rosen & Katz"
_PARTNER = r"[A-Z][a-z][\w'’]*"
_PARTNERSHIP = re.compile(
    rf"\b{_PARTNER}(?:,\s+{_PARTNER})*,?\s+(?:&\s+{_PARTNER}(?:,?\s+(?:{canon.PARTNERSHIP_SUFFIXES})(?!\w))?"
    rf"|and\s+{_PARTNER},?\s+(?:{canon.PARTNERSHIP_SUFFIXES})(?!\w))")
_POSSESSIVE = re.compile(r"['’]s?(?=\s|$)")
_SMALL = frozenset({"The", "A", "An", "But", "And", "Or", "In", "On", "At", "For", "Of", "As", "By", "With", "From",
                    "When", "While", "After", "Before", "If", "Meanwhile", "Still", "Then", "Also", "Last", "This",
                    "That", "Its", "Their", "His", "Her", "Our", "Former", "Both"})


def institution_spans(text: str, titles: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is a partnership) of each institution or partnership name written in `text` (one sentence).
    `titles`: a pattern of the title words a name is not made of ("President", "Director"): a title followed by
    a capitalised word ("Bank of Norland President Jane Roe") ends the name; one that ends an "of the" part
    names the office's holder ("Office of the Valmont County Attorney")."""
    found: list[tuple[int, int]] = []
    for m in _INSTITUTION.finditer(text):
        words = re.findall(rf"{_WORD}\s+", m.group("left"))
        # the left words: from after the last small word, calendar word or title ("Monday Acme Bank", "Acme
        # President Jane Roe Foundation" keeps only what names the institution)
        keep = len(words)
        for i, word in enumerate(words):
            bare = word.strip()
            if bare in _SMALL or bare in canon.CALENDAR_WORDS or (re.fullmatch(titles, bare)
                                                                  and not bare.endswith(("'s", "’s"))):
                keep = len(words) - i - 1
        start = m.start("head") - sum(len(w) for w in words[len(words) - keep:]) if keep else m.start("head")
        rest = m.group("rest")
        if not re.fullmatch(_SCHOOLS, m.group("head")):  # "the Bank of Norland at Davos": a place it meets in
            rest = re.split(r"\s+at\s+", rest)[0]
        end = m.start("rest") + _rest_end(rest, text[m.start("rest") + len(rest):], titles)
        owner = _POSSESSIVE.search(text, m.end("head"))
        if owner and owner.start() < end:  # "Bank of Norland's New Glenn": a possessive ends the name
            end = owner.start()
        if start == m.start("head") and end == m.end("head"):
            continue  # a kind noun alone ("the Department") is no name
        name = text[start:end]
        if start == m.start("head") and not re.search(r"\s(?:of|for|on)\s", name):
            continue
        if re.search(r"(?:^|\s)(?:of|for|on|at|and|&|the)$", name):
            continue
        found.append((start, end))
        yield start, end, False
    for m in _PARTNERSHIP.finditer(text):
        before = re.search(r"(\S+)\s+$", text[:m.start()])
        if before and re.fullmatch(r"[A-Z][a-z][\w-]*", before.group(1)) and before.group(1) not in _SMALL \
                and not before.group(1).endswith("s"):
            continue  # "Midland Power & Light Co.", "Acme Brown, Pike & Rowe": a name starts before the partners
        start = m.start()
        for a, b in found:  # "the Bank of Norland, Castellan, Pike & Rowe LLP": a list's first name is not a partner
            b = a + len(re.split(r",?\s+(?:and|&)\s+", text[a:b])[0])  # (nor a name after an "and" in it)
            if a < m.end() and start < b:
                start = max(start, text.find(" ", b) + 1)
        if start > m.start() and not _PARTNERSHIP.fullmatch(text, start, m.end()):
            continue
        yield start, m.end(), True


def partnership(text: str) -> bool:
    """`text` is written as a partnership's name ("Pike & Rowe", "Tallis and Brook Co.")."""
    return _PARTNERSHIP.fullmatch(text) is not None


def _rest_end(rest: str, after: str, titles: str) -> int:
    """Where the continuation `rest` of a name ends: before a title that a capitalised word or "of" follows,
    or that does not end an "of the" part; after the last capitalised word otherwise."""
    end = len(rest)
    for t in re.finditer(rf"(?<=\s)(?:{titles})(?=\s|$)", rest):
        tail = rest[t.end():] + after
        of_the = re.search(r"\s(?:of|for)\s+the\s+(?:[\w.'’&-]+\s+)*$", rest[:t.start()])
        if of_the is None or re.match(rf"\s+(?!(?:{titles})\b){_WORD}", tail):
            end = t.start()
            break
    trimmed = re.sub(r"(?:,?\s+(?:of|for|on|at|and|&|the))+\s*$", "", rest[:end].rstrip())
    return len(trimmed)
