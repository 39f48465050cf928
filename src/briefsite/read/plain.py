"""Plain-text articles (`.txt`): a title line, an optional dek line, "Published:" lines, body paragraphs;
promo, credit, alt-text and repeated footer lines are dropped and listed under `removed`."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from briefsite.errors import InputError
from briefsite.read.common import parse_datetime, relative, sha256
from briefsite.read.datelines import (
    HEADER_LINES,
    HeaderLine,
    dated_line,
    opening_dateline,
    pick_published,
    read_line,
    scan_header,
    settle_order,
    split_headline,
)
from briefsite.read.decode import decode_bytes, read_limited
from briefsite.read.models import RawArticle, Removed
from briefsite.read.pagelines import is_bio, is_headline_shaped, is_name_line, is_related_label, line_kind

_BULLET = r"[\s\u2022\u00b7*•\-–]*"
_PUBLISHED = re.compile(rf"^{_BULLET}(?:Published(?: Date)?|Updated|Posted(?: on)?|Date)\s*:\s*(?P<when>.+?)\s*$", re.I)
_PROMO = re.compile(r"^(?:Watch|Also read|Read more|Read also|Also see|See also|Listen|Subscribe|Sign up|"
                    r"Click here|Download|Follow us|Related)\b\s*[:|-]", re.I)
_CREDIT = re.compile(r"^(?:Image|Photo|Picture|Video) (?:source|credit|courtesy)s?\s*:|^(?:Photo|Image|Credit)s?\s*:|"
                     r"^\(?(?:Photo|Image) by\b", re.I)
# Wire and staff credits: "(Reporting by Jane Roe; Editing by Jim Beam)", "Contributing: Jane Roe",
# "Additional reporting by Jane Roe in Paris". Whole lines, or a parenthesis closing the last paragraph.
_CREDIT_WORDS = r"(?i:Reporting|Additional reporting|Writing|Editing|Compiled|Contributing|Written|Research)"
_WIRE_CREDIT = re.compile(
    rf"^\((?:[^()]*\b{_CREDIT_WORDS} by\b[^()]*)\)\.?$"
    rf"|^{_CREDIT_WORDS}(?: by)?\s*:\s*[A-Z][^.]*\.?$"
    rf"|^{_CREDIT_WORDS} by [A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+(?:[^.;]{{0,60}})(?:;\s*{_CREDIT_WORDS} by [^;]+)*\.?$"
    # "Associated Press writer Jane Roe in Paris contributed to this report.", "Follow her on Twitter @jroe"
    r"|^[^.]{0,200}\bcontributed(?: reporting)?(?: to this (?:report|story|article))?\.?$"
    # "Jane Roe reported from Geneva.", "Jane Roe reported from Lima, and Jim Beam from Quito."; "Contact Jane Roe
    # at jroe@example.com", "Jane Roe can be reached at ...": the reporter's note at the foot of a story
    r"|^(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’.-]*(?:,?\s+(?:and\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’.-]*)*"
    r"\s+reported from\s+[A-Z][^.;]{0,60}(?:[,;]\s+and\s+(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’.-]*\s+"
    r"(?:reported\s+)?from\s+[A-Z][^.;]{0,60})*\.?$"
    r"|^(?:Contact|Email|E-mail|Reach)\s+(?:the (?:writer|reporter|author)|(?:[A-Z][\w'’.-]*\s+){1,3}"
    r"[A-Z][\w'’.-]*)\s+(?:at|via)\s+\S+@\S+"
    r"|^(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’.-]*\s+(?:can be reached|may be reached|is reachable)\s+(?:at|via)\b"
    r"|^Follow (?:him|her|them|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*) on (?:Twitter|X|Instagram|Facebook)\b")
_TRAILING_CREDIT = re.compile(rf"\s*\((?:[^()]*\b{_CREDIT_WORDS} by\b[^()]*)\)\s*$")


def is_credit(line: str) -> bool:
    """True for a wire or staff credit line ("(Reporting by ...; Editing by ...)", "Contributing: ...")."""
    return bool(_WIRE_CREDIT.match(line.strip()))


# Alt text of a stripped image: one descriptive phrase that starts "A man/woman/view/..." just before a credit
# line. Recognised by position (followed by a credit), by having no finite verb (alt text describes, a story
# sentence states) and by carrying nothing a fact could come from (no name after its first word, no number): a
# story paragraph that a photo credit happens to follow stays. The reader has no parser, so a finite verb is
# approximated by an auxiliary or a past-tense "-ed" word.
_BYLINE_WINDOW = 3  # how far under the headline a line of names is a byline
_ALT_LEAD = re.compile(r"^(?:An?|The|Two|Three|Several)\s+\w+", re.I)
_ALT_MAX_WORDS = 30
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|did|does|"
                     r"said|says|told)\b|\b\w{3,}ed\b", re.I)


def read_text(path: Path, root: Path, *, data: bytes | None = None) -> RawArticle:
    """Plain-text article: title line, optional dek line, "Published:" lines, body paragraphs; `data`: the
    file's bytes when the caller has already read them (`read_limited`)."""
    rel = relative(path, root)
    data = read_limited(path, rel) if data is None else data
    text, warnings = decode_bytes(data, rel)
    return parse_text(text, rel, sha256(data), warnings)


def parse_text(text: str, rel: str, digest: str, warnings: tuple[str, ...] = ()) -> RawArticle:
    """Pure part of the plain-text reader: decoded text -> RawArticle."""
    blocks = _blocks(text)
    if not blocks:
        raise InputError.at(rel, "the article is empty")
    removed: list[Removed] = []
    published: str | None = None
    updated: str | None = None
    kept: list[tuple[int, str]] = []
    for line_no, block in blocks:
        match = _PUBLISHED.match(block)
        if match:
            when = parse_datetime(match.group("when"))
            labelled = read_line(block)
            if labelled is not None and labelled.ambiguous:
                when = settle_order(labelled, text)  # "Published: 04/03/2019": the page's order, or none
            elif when is None:  # "PUBLISHED: 00:01, Tue, Nov 19, 2019 | UPDATED: ...": read as a header line
                when = labelled.published if labelled is not None else None
            if when is None:
                warnings = (*warnings, f"{rel}:{line_no}: could not read the date {match.group('when')!r}")
            elif re.match(rf"{_BULLET}updated", block, re.I):
                # the page's last edit: the publication date only when no other line states one
                updated = updated or when
                removed.append(Removed("dateline", block))
                continue
            elif published is None:
                published = when
                continue
            elif when != published:
                warnings = (*warnings, f"{rel}:{line_no}: second date {when} differs from {published}; kept the first")
            removed.append(Removed("dateline", block))  # a repeated dateline (footer) is listed, not kept
            continue
        kept.append((line_no, block))

    kept, dropped = _drop_boilerplate(kept)
    removed.extend(dropped)
    headline_date = split_headline(kept[0][1]) if kept and _is_headline(kept[0][1]) else None
    if headline_date is not None:  # "Acme to open a plant — March 5, 2019": the headline, then its date
        line_no, whole = kept[0]
        kept[0] = (line_no, headline_date[0])
    kept, header, header_dek = _header_lines(kept)
    if headline_date is not None:
        header = [(line_no, whole[len(headline_date[0]):].strip(), headline_date[1]), *header]
    authors: tuple[str, ...] = ()
    for _line_no, block, hit in header:
        removed.append(Removed(hit.kind, block))
        authors += tuple(a for a in hit.authors if a not in authors)
    stated = pick_published([hit for _, _, hit in header])
    if published is None and stated is not None:
        published = settle_order(stated, text)
    published = published or updated
    title, dek, body = _title_and_dek(kept)
    if header_dek is not None and dek is None and title is not None:
        dek, body = header_dek, [b for b in body if b is not header_dek]
    if not body:
        raise InputError.at(rel, "the article has no body text")
    published = published or opening_dateline(body)
    if published is None:
        published, body = _footer_date(body, removed)
    return RawArticle(
        file=rel, kind="text", sha256=digest, title=title, dek=dek, paragraphs=tuple(body), authors=authors,
        published=published, published_from="stated" if published else None,
        removed=tuple(removed), warnings=tuple(warnings),
    )


def _footer_date(body: list[str], removed: list[Removed]) -> tuple[str | None, list[str]]:
    """A labelled date line among the last lines ("Published November 19, 2019", "Originally published on
    ..."), when no header line states one: the date and the body without that line. A bare date or a sentence
    there is not read (the body's prose never gives the publication date)."""
    for i in range(len(body) - 1, max(0, len(body) - 3), -1):
        hit = read_line(body[i])
        if hit is not None and hit.kind == "dateline" and hit.published and \
                hit.how in ("published line", "updated line"):
            removed.append(Removed("dateline", body[i]))
            return hit.published, body[:i] + body[i + 1:]
    return None, body


def _header_lines(blocks: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str, HeaderLine]],
                                                         str | None]:
    """Date lines and bylines under the headline, taken out of the blocks. When they follow a standfirst
    that ends in a full stop, that line is still the dek (it sits between the headline and the byline)."""
    first = blocks[0][1] if blocks else ""
    # a date line above the headline ("Markets | Nov 19, 2019") is a header line, not the headline
    start = 1 if blocks and _is_headline(first) and read_line(first) is None and dated_line(first) is None else 0
    found = scan_header([b for _, b in blocks[start:]])
    if not found:
        return blocks, [], None
    taken = {start + h.index: h for h in found}
    header = [(blocks[i][0], blocks[i][1], h) for i, h in sorted(taken.items())]
    rest = [b for i, b in enumerate(blocks) if i not in taken]
    between = [blocks[i][1] for i in range(start, max(taken)) if i not in taken]
    dek = between[0] if start == 1 and len(between) == 1 and len(between[0]) <= 300 else None
    return rest, header, dek


def _blocks(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers; inner whitespace (incl. NBSP) normalised."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned = re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", line).strip()
        if cleaned:
            out.append((number, cleaned))
    return out


def _drop_boilerplate(blocks: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[Removed]]:
    removed: list[Removed] = []
    counts = Counter(text for _, text in blocks)
    kept: list[tuple[int, str]] = []
    related = False  # inside a list of other stories' headlines under a "Recommended"-like label
    for i, (line_no, block) in enumerate(blocks):
        nxt = blocks[i + 1][1] if i + 1 < len(blocks) else ""
        related = related and is_headline_shaped(block)
        page_line = line_kind(block) if i else None  # the first line is the headline
        if related or (i and is_related_label(block) and is_headline_shaped(nxt)):
            related = True
            removed.append(Removed("promo", block))
        elif _PROMO.match(block):
            removed.append(Removed("promo", block))
        elif _WIRE_CREDIT.match(block) and not (i <= HEADER_LINES and _dated_byline(block)):
            removed.append(Removed("credit", block))
        elif _TRAILING_CREDIT.search(block) and _TRAILING_CREDIT.sub("", block).strip():
            credit = _TRAILING_CREDIT.search(block)
            assert credit is not None
            removed.append(Removed("credit", credit.group(0).strip()))
            kept.append((line_no, block[: credit.start()].rstrip()))
        elif _CREDIT.match(block):
            removed.append(Removed("credit", block))
        elif (_CREDIT.match(nxt) or line_kind(nxt) == "credit") and _is_alt_text(block):
            removed.append(Removed("alt_text", block))
        elif page_line is not None:
            removed.append(Removed(page_line, block))
        elif 1 <= i <= _BYLINE_WINDOW and is_name_line(block):
            removed.append(Removed("byline", block))  # "Jane Roe, Associated Press" under the headline
        elif counts[block] > 1 and kept and any(b == block for _, b in kept):
            removed.append(Removed("footer", block))  # repeated line: keep the first, drop the echoes
        else:
            kept.append((line_no, block))
    # the author's bio stands after the story's last paragraph: looked for among the last lines only
    for back in range(min(3, len(kept) - 2), 0, -1):
        if is_bio(kept[-back][1]):
            removed.append(Removed("bio", kept.pop(-back)[1]))
    return kept, removed


def _is_alt_text(line: str) -> bool:
    return bool(_ALT_LEAD.match(line)) and not line.endswith(("?", "!")) and '"' not in line \
        and len(line.split()) <= _ALT_MAX_WORDS and not _FINITE.search(line) \
        and not re.search(r"\d|\s[A-Z]", line)


def _dated_byline(line: str) -> bool:
    """ "Written by Jane Roe on March 5, 2019" under the headline: a byline with its date, not a credit."""
    hit = read_line(line)
    return hit is not None and hit.published is not None


def _title_and_dek(blocks: list[tuple[int, str]]) -> tuple[str | None, str | None, list[str]]:
    """The first line is a title when it reads like a headline (short, no final period); the next is a dek
    when it also reads like a subtitle rather than body text."""
    texts = [b for _, b in blocks]
    if not texts:
        return None, None, []
    title = texts[0] if _is_headline(texts[0]) else None
    rest = texts[1:] if title else texts
    dek = None
    if title and len(rest) > 1 and _is_dek(rest[0]):
        dek, rest = rest[0], rest[1:]
    return title, dek, rest


def _is_headline(line: str) -> bool:
    return len(line) <= 160 and not line.endswith((".", ",", ";", ":")) and len(line.split()) >= 2


def _is_dek(line: str) -> bool:
    # A standfirst reads like a subtitle: short and without the final full stop of a body sentence.
    return len(line) <= 240 and not line.rstrip("\"'”’)").endswith((".", "!", "?", ":"))
