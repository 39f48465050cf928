"""Escaping article text for Markdown and HTML: article text is data, never markup or template source."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from markupsafe import Markup

# Characters that Python-Markdown or an enabled extension reads as inline syntax anywhere in a line are
# backslash-escaped (pymdownx.escapeall makes any backslash escape valid); `<` and `&` become entities so no
# raw HTML or entity trick survives. Block syntax (lists, headings, rules, definitions) only matters at the
# start of a line, so a leading marker is escaped too.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~^=>])")
_LEADING = re.compile(r"^(\s*)([-+:)]|\d+(?=[.)]))")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\u0085\x0b\x0c]+")
# C0/C1 controls, lone surrogates and non-characters: invisible, and YAML front matter or UTF-8 refuses them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ATTR_SPECIAL = re.compile(r"[`*_\[\]()\\~^={}#|!:'$%+-]")
_INDENT = re.compile(r"^[ \t]+")


def md(text: object) -> Markup:
    """Escape any value for use as inline Markdown text: line breaks become spaces."""
    value = _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(text)))
    value = _INDENT.sub(" ", value)  # four leading spaces or a tab would start a code block
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    return Markup(_LEADING.sub(_escape_leading, value))


def _escape_leading(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker.isdigit():
        return f"{match.group(1)}{marker}\\"  # "1999. That year" must not become an ordered list
    return f"{match.group(1)}\\{marker}"


def md_block(text: object) -> Markup:
    """Escape a paragraph; identical to `md` (a paragraph is one line in the generated Markdown)."""
    return md(text)


def url(path: object) -> Markup:
    """A link target the tool itself generated (a relative page path, maybe with an #anchor), percent-encoded."""
    return Markup(quote(str(path), safe="/#-_.~"))


def attr(text: object) -> Markup:
    """Escape a value for an HTML attribute in raw HTML or a Markdown link title (`[n](url "title")`): besides
    the HTML specials, every character Markdown's inline syntax uses becomes a numeric entity, so a backtick
    or parenthesis in one title cannot pair with another one later on the line."""
    value = _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(text)))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return Markup(_ATTR_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", value))


def finalize(value: object) -> object:
    """Jinja `finalize`: every `{{ }}` output is escaped unless a filter marked it safe; None prints nothing."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return md(value)


def yaml_string(text: object) -> Markup:
    """A YAML double-quoted scalar (JSON strings are valid YAML) for page front matter. `&`, `<` and `>` become
    entities: MkDocs themes print front-matter values such as the title into the HTML without escaping."""
    value = _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(text)))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(json.dumps(value, ensure_ascii=False))


def external_url(value: object) -> Markup:
    """An article's own URL as a Markdown autolink when it is plain http(s); otherwise inert escaped text."""
    text = str(value).strip()
    if re.fullmatch(r"https?://[^\s<>\"'`\\]+", text, flags=re.I):
        return Markup(f"<{text}>")
    return md(text)


def code(text: object) -> Markup:
    """An inline code span holding `text` verbatim (code spans show backslashes literally, so no escaping;
    the fence is longer than any run of backticks inside)."""
    value = _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(text)))
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value.strip() else ""
    return Markup(f"{fence}{pad}{value}{pad}{fence}")
