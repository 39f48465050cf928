"""Lines of a saved page that are not the story: photo credits, share and comment controls, ad and gallery labels,
sign-up lines, other stories' headlines, tag lists, copyright lines, contact lines and the author's bio. Their names
are the page's (photographers, reporters, the outlet, other stories), not facts the story states.

Recognised by shape, not by names: a line made of names and "/" separators, a line made only of control words, a
label the page prints before a list of headlines, a reader-addressed sign-up line, and, after the story's last
paragraph only, a "NAME is a reporter ..." bio. The shapes are the usual ones of news pages (the boilerplate and
credit patterns trafilatura and newspaper4k strip)."""

from __future__ import annotations

import re

_NAME = r"[A-Z][\w'’.&-]*"
_NAMES = rf"{_NAME}(?:\s+(?:{_NAME}|via|for|of|the|and|&|de|van|von))*"
# "Jane Roe/Getty Images", "(Jane Roe/AFP via Getty Images)", "Reuters / Jane Roe": names joined by "/"
_SLASH_CREDIT = re.compile(rf"^\(?(?:{_NAMES})(?:\s*/\s*(?:{_NAMES}))+\)?\.?$")
# "Photographer: Jane Roe/Bloomberg", "Photo: Jane Roe, AP", "Image source, AFP", "Credit...Jane Roe": a credit
# or caption line, the lead word then its separator
_CAPTION_LEAD = re.compile(r"^\(?(?:Photo(?:graph(?:er)?)?|Image|Picture|Credit|Illustration|Graphic)s?"
                           r"(?:\s+(?:by|credit|courtesy)\b|\s*:|\s+(?:source|caption|credit)\s*,|\s*(?:\.{2,}|…))"
                           r"|^[—–-]?\s*With (?:additional )?assistance (?:from|by)\s+[A-Z]", re.I)
# a caption closed by its credit: "... on Tuesday. (Photo: Jane Roe/AFP)", "(credit: NASA/Jane Roe)",
# "(AP Photo/Jane Roe)"
_CAPTION_CREDIT = re.compile(r"\((?:(?:Photo(?:graph(?:er)?)?|Image|Picture|Credit|Illustration|Graphic)s?"
                             r"(?:\s+(?:by|credit|courtesy)\b|\s*:)|[A-Z][\w ]{0,30}\bPhoto\s*/)[^()]{1,80}\)"
                             r"\s*\|?$", re.I)
_CONTROL_WORDS = frozenset({
    "share", "shares", "sharing", "tweet", "email", "e-mail", "mail", "print", "facebook", "twitter", "x", "linkedin",
    "whatsapp", "reddit", "pinterest", "messenger", "telegram", "flipboard", "copy", "link", "save", "gift",
    "bookmark", "reprints", "order", "text", "size", "font", "listen", "comments", "comment", "this", "article",
    "story", "on", "via", "the", "to"})
_CONTROL_CORE = frozenset({"share", "tweet", "email", "print", "facebook", "twitter", "linkedin", "whatsapp", "reddit",
                           "pinterest", "reprints", "size"})
_CHROME = re.compile(
    r"advertisement|sponsored(?: content)?|story continues below(?: advertisement)?|"
    r"(?:image|photo|slide)s?\s*\d+\s*(?:of|/)\s*\d+|\d+\s*(?:of|/)\s*\d+|back to gallery|enlarge this image|"
    r"(?:open|view) (?:image|photo|gallery|slideshow)s?(?: in gallery)?|caption|expand|"
    r"\d+\s+comments?|(?:view|show|load|read|see|post|leave|add|hide) (?:all )?(?:\d+ )?comments?|comments?|"
    r"comments are closed|comment on this (?:story|article)|join the conversation|user comments|"
    r"you must (?:log|sign) in to (?:post|leave) a comment|comments powered by disqus|explore further|\(end\)",
    re.I)
# reader-addressed lines about the outlet's newsletters, apps and channels
_SIGN_UP = re.compile(r"^(?:Sign up|Subscribe|Click here|Tap here|Download (?:the|our)|Get (?:the|our)|"
                      r"Join (?:us|our))\b.{0,160}"
                      r"\b(?:newsletters?|app|inbox|podcasts?|YouTube|channel|subscrib\w*|alerts)\b", re.I)
_COPYRIGHT = re.compile(r"^(?:Copyright\b|©|\(c\)\s)|\ball rights reserved\b|\bno reproduction without permission\b"
                        r"|\bmay not be (?:published|reproduced), broadcast, rewritten\b", re.I)
_TAGS = re.compile(r"^(?:Tags?|Topics?|Filed under|Categories|Category|Related topics|Keywords)\s*:", re.I)
# a label the page prints over a list of other stories' headlines
_RELATED_LABEL = re.compile(
    r"^(?:Recommended(?: for you| stories| reading)?|Related(?: stories| articles| coverage| content| news| links)?|"
    r"More (?:from|on|in) [^.:]{1,40}:|More (?:stories|news|coverage)|Most (?:read|popular|viewed)|Trending(?: now)?|"
    r"Read next|You (?:may|might) also like|Don'?t miss|Top stories|Editor'?s picks|Latest(?: news| stories)?)"
    r"\s*:?$", re.I)
_CONTACT = re.compile(
    r"^(?:To )?(?:Email|E-mail|Write to|Contact|Reach|Send)\b[^.]{0,120}(?:\S+@\S+|https?://|\s@\w+)"
    r"|^(?:Email|E-mail|Phone|Tel|Twitter|Instagram)\s*:\s*\S+$"
    r"|^Follow\b[^.]{0,120}(?:https?://|\s@\w+|\bon (?:Twitter|X|Instagram|Facebook|LinkedIn|Threads)\b)"
    r"|^[^.]{1,60}:\s*https?://\S+(?:\s+(?:and|or)\s+https?://\S+)*$", re.I)
_PERSON = r"(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’.-]*"
_BIO = re.compile(
    rf"^(?:About the author\s*:\s*)?{_PERSON}\s+(?i:(?:is|was|has been)\s+(?:a|an|the)\b[^.]{{0,120}}\b"
    r"(?:reporter|writer|correspondent|editor|columnist|contributor|journalist|producer|author|freelancer|"
    r"photographer|bureau chief)s?\b"
    r"|(?:covers|writes about|reports on|writes for)\b)")
_SPEECH = re.compile(r"\b(?:said|says|told)\b|[\"“”]")
_BIO_LABEL = re.compile(r"^About the (?:author|writer|reporter)s?\s*:?$", re.I)


def line_kind(line: str) -> str | None:
    """What non-story line `line` is ("credit", "controls", "promo", "copyright", "tags", "contact"), or None
    when it may be the story's (wherever it stands on the page)."""
    text = line.strip()
    words = text.split()
    if not words or len(words) > 40 or _SPEECH.search(text):
        return None  # a line that reports what someone said is the story's
    if (_SLASH_CREDIT.match(text) and len(words) <= 12) or (_CAPTION_LEAD.match(text) and len(words) <= 16):
        return "credit"
    if _CAPTION_CREDIT.search(text):
        return "credit"
    bare = [w for w in (re.sub(r"[^\w-]", "", w).lower() for w in re.split(r"[\s|·•/]+", text)) if w]
    if bare and len(bare) <= 12 and set(bare) <= _CONTROL_WORDS and set(bare) & _CONTROL_CORE:
        return "controls"
    if _CHROME.fullmatch(text.rstrip(".!")):
        return "controls"
    if _SIGN_UP.match(text) and len(words) <= 30:
        return "promo"
    if _COPYRIGHT.search(text):
        return "copyright"
    if _TAGS.match(text):
        return "tags"
    if _CONTACT.match(text):
        return "contact"
    return None


_GROUP = r"[A-Z][\w'’.&-]*(?:\s+(?:[A-Z][\w'’.&-]*|of|for|at|the|and|de|van|von))*"
# "Jane Roe, Associated Press", "Jane Roe | Reuters", "Robert Burns, AP National Security Writer": name groups
# joined by separators, no verb, no sentence end
_NAME_LIST = re.compile(rf"^{_GROUP}(?:\s*(?:,|\||·|—|–|\s-)\s*{_GROUP})+$")


def is_name_line(line: str) -> bool:
    """A line made only of names and separators that opens with a person's (two to four words, not in capitals):
    under the headline, a byline without "By" or a date. A place line ("BAAR, SWITZERLAND") is not one."""
    text = line.strip()
    first = re.split(r"\s*(?:,|\||·|—|–|\s-|\band\b)\s*", text)[0]
    return len(text.split()) <= 12 and bool(_NAME_LIST.match(text)) and 2 <= len(first.split()) <= 4 \
        and not first.isupper()


def is_related_label(line: str) -> bool:
    """ "Recommended", "More from the Harbor Courier:": a label over other stories' headlines."""
    return len(line.split()) <= 8 and bool(_RELATED_LABEL.match(line.strip()))


def is_headline_shaped(line: str) -> bool:
    """A line that reads as a headline in a list (no sentence end, no quote, short)."""
    text = line.strip()
    return 2 <= len(text.split()) <= 20 and not text.endswith((".", "!", "?", ";", ",")) and '"' not in text \
        and "“" not in text


def is_bio(line: str) -> bool:
    """ "Jane Roe is a senior reporter at the Harbor Courier.", "About the author": the author's bio, a line that
    only stands after the story's last paragraph (the caller looks there only)."""
    return bool(_BIO_LABEL.match(line) or (_BIO.match(line) and len(line.split()) <= 40))
