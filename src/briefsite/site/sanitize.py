"""What reaches the published HTML from articles and fact sheets is sanitised (nh3), then every built page is
audited before site/ is replaced.

Two layers, because escaping (escape.py) is the first defence and this is the second:
- `SanitizePlugin` runs inside the MkDocs build: the Markdown-rendered content of each page goes through nh3 with
  an allowlist of the markup Markdown produces; page titles and table-of-contents entries (printed unescaped by
  the theme) become escaped plain text. The theme's own markup and scripts are never touched.
- `audit_site` reads every built HTML page: no event-handler attribute, no `javascript:`/`data:`/... URL, no
  frame/object/embed/base/refresh, and exactly the `<script>` elements the theme puts on its own 404 page.
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nh3

# The markup Python-Markdown and the enabled extensions (tables, attr_list, md_in_html, toc, superfences)
# produce, and what a hand-written page may reasonably use. No script, style, form, frame, object or SVG.
CONTENT_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
})
CONTENT_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "name"},
    # the templates keep what grows with the site (an entity's list of stories) out of the search index
    "div": {"data-pagefind-ignore"},
    "span": {"data-pagefind-ignore"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style"},
    "ol": {"start"},
    "time": {"datetime"},
    "abbr": {"title"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_STYLE_PROPERTIES = frozenset({"text-align"})  # the tables extension aligns columns with a style attribute

_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                             "cite", "srcset", "data", "longdesc", "ping"})
_FORBIDDEN_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
# Control characters and white space browsers ignore inside a URL scheme ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def clean_content(fragment: str) -> str:
    """Sanitise an HTML fragment rendered from Markdown: allowlisted tags, attributes and URL schemes only;
    scripts and styles are removed with their content, everything else that is not allowed keeps its text."""
    return nh3.clean(
        fragment,
        tags=set(CONTENT_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in CONTENT_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties=set(_STYLE_PROPERTIES),
    )


@functools.lru_cache(maxsize=1 << 16)  # the same headings ("Sources", "Who said what") recur on every page
def clean_text(value: str) -> str:
    """Escaped plain text for a place the theme prints without escaping (page title, toc entry): tags are
    dropped, entities already in `value` are kept, so cleaning twice changes nothing."""
    return nh3.clean(value, tags=set(), clean_content_tags={"script", "style"}, attributes={})


def clean_attribute(value: str) -> str:
    """Escaped text for a place the theme prints inside an attribute value (meta description, author)."""
    return html.escape(html.unescape(clean_text(value)), quote=True)


# ---------------------------------------------------------------------------------------------------------------
# Audit of the built site


class _Auditor(HTMLParser):
    """Collects script signatures and anything unsafe in one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: Counter[str] = Counter()
        self.problems: list[str] = []
        self._script: list[str] | None = None
        self._script_attrs = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag == "script":
            self._script = []
            self._script_attrs = " ".join(
                f"{name}={_normalize_paths(value or '')}" for name, value in sorted(attrs)
            )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts[f"{self._script_attrs}|{_normalize_paths(''.join(self._script))}"] += 1
            self._script = None

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"line {line}: <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {line}: event handler attribute {name!r} on <{tag}>")
            elif name in _URL_ATTRIBUTES and value and not _safe_url(value):
                self.problems.append(f"line {line}: unsafe URL in {name!r} on <{tag}>: {value[:60]!r}")
            elif name == "http-equiv" and (value or "").strip().lower() == "refresh":
                self.problems.append(f"line {line}: <meta http-equiv=refresh>")
            elif name == "style" and value and re.search(r"url\s*\(|expression\s*\(", value, re.I):
                self.problems.append(f"line {line}: style attribute loading a URL on <{tag}>")


def _safe_url(value: str) -> bool:
    """Relative URLs and http(s)/mailto only (after the entity decoding the parser did)."""
    candidates = [part.strip().split(" ")[0] for part in value.split(",")] if "," in value else [value]
    for candidate in candidates:
        match = _SCHEME.match(_URL_NOISE.sub("", candidate))
        if match and match.group(1).lower() not in URL_SCHEMES:
            return False
    return True


def _normalize_paths(text: str) -> str:
    """The theme's scripts differ between pages only in their relative base path ("../..", ".", "/")."""
    text = re.sub(r"(?:\.\./)+|(?<![\w.])\./", "", text)
    text = re.sub(r"([\"'(])(?:\.\.|\.|/)(?=[\"')])", r"\1", text)
    return re.sub(r"(?<=[\"'(])/(?=\w)|^/(?=\w)", "", text)


def audit_page(page: str, theme_scripts: Counter[str] | None) -> list[str]:
    """Problems in one built page; `theme_scripts` are the scripts every page may carry (None: not checked)."""
    auditor = _Auditor()
    auditor.feed(page)
    auditor.close()
    problems = list(auditor.problems)
    if theme_scripts is not None:
        extra = auditor.scripts - theme_scripts
        for signature, count in sorted(extra.items()):
            problems.append(f"{count} <script> element(s) the theme does not ship: {signature[:80]!r}")
    return problems


def script_signatures(page: str) -> Counter[str]:
    """The scripts of a page, with relative paths normalised, as a multiset."""
    auditor = _Auditor()
    auditor.feed(page)
    auditor.close()
    return auditor.scripts


def audit_site(folder: Path, *, audited: Path | None = None) -> list[tuple[str, str]]:
    """Audit every HTML page under `folder`; returns (relative path, problem) pairs. The theme's 404 page,
    which holds no article text, defines the scripts a page may carry. `audited`: a folder whose pages passed
    this audit (the site/ the last build published); a page byte for byte equal to its page there is not
    audited again, unless the 404 page (the allowed scripts) differs."""
    not_found = folder / "404.html"
    theme_scripts = script_signatures(not_found.read_text("utf-8")) if not_found.is_file() else None
    paths = sorted(folder.rglob("*.html"))
    if audited is not None and not_found.is_file() and _same_bytes(not_found, audited / "404.html"):
        paths = [path for path in paths if not _same_bytes(path, audited / path.relative_to(folder))]
    workers = min(os.cpu_count() or 1, 4, len(paths) // _PAGES_PER_WORKER)
    if workers < 2 or os.name != "posix":
        return _audit_pages(folder, paths, theme_scripts)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Pages are independent: audit them on every core. Fresh processes (not forks of this one, which may hold
    # a big heap from rendering) keep the memory of the build low.
    shares = [paths[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        parts = list(pool.map(_audit_pages, [folder] * workers, shares, [theme_scripts] * workers))
    by_page: dict[str, list[tuple[str, str]]] = {}
    for rel, problem in (found for part in parts for found in part):
        by_page.setdefault(rel, []).append((rel, problem))
    return [found for path in paths for found in by_page.get(path.relative_to(folder).as_posix(), [])]


_PAGES_PER_WORKER = 200  # below this, starting processes costs more than it saves


def _same_bytes(path: Path, other: Path) -> bool:
    try:
        if path.stat().st_size != other.stat().st_size:
            return False
        return path.read_bytes() == other.read_bytes()
    except OSError:
        return False


def _audit_pages(folder: Path, paths: list[Path], theme_scripts: Counter[str] | None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        for problem in audit_page(path.read_text("utf-8", errors="replace"), theme_scripts):
            found.append((rel, problem))
    return found


# ---------------------------------------------------------------------------------------------------------------
# The MkDocs plugin (registered by publish.py, not through an entry point, so a site cannot leave it out)


def _plugin_class() -> type[Any]:
    from mkdocs.plugins import BasePlugin

    class SanitizePlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        """Sanitises each page's rendered content, title and toc before the theme sees them."""

        memo: Any = None  # a SanitizeMemo (sanitize_memo.py), or None: every page sanitised

        def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
            meta = page.meta
            for key in ("title",):
                if isinstance(meta.get(key), str):
                    meta[key] = clean_text(meta[key])
            for key in ("description", "author"):
                if isinstance(meta.get(key), str):
                    meta[key] = clean_attribute(meta[key])
            _clean_toc(page.toc)
            return clean_content(html) if self.memo is None else str(self.memo.clean(html, clean_content))

        def on_post_build(self, *, config: Any) -> None:
            if self.memo is not None:
                self.memo.save()

    return SanitizePlugin


def _clean_toc(items: Any) -> None:
    for item in items or ():
        item.title = clean_text(str(item.title))
        _clean_toc(getattr(item, "children", ()))


def sanitize_plugin(memo: Path | None = None) -> Any:
    """A fresh instance of the MkDocs sanitising plugin; `memo`: the file of sanitize_memo.py to answer from and
    to save after the build (None: every page's content is sanitised)."""
    plugin = _plugin_class()()
    if memo is not None:
        from briefsite.site.sanitize_memo import SanitizeMemo

        plugin.memo = SanitizeMemo(memo, memo_key())
    return plugin


def memo_key() -> str:
    """What the content sanitiser's output depends on beside its input, for sanitize_memo.py: nh3's version, the
    code of this module and of the memo, and the allow-lists as they are in this process."""
    import hashlib

    from briefsite.site import sanitize_memo

    digest = hashlib.sha256(str(getattr(nh3, "__version__", "")).encode())
    for module in (__file__, sanitize_memo.__file__):
        digest.update(Path(module).read_bytes())
    settings = (sorted(CONTENT_TAGS), sorted((tag, sorted(names)) for tag, names in CONTENT_ATTRIBUTES.items()),
                sorted(URL_SCHEMES), sorted(_STYLE_PROPERTIES))
    digest.update(repr(settings).encode())
    return digest.hexdigest()
