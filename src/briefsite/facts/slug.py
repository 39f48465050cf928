"""Safe, stable, unique names for ids and output files.

A name that is already safe (lowercase ASCII letters, digits, `-`, `_`, at most 80 characters, not a
reserved device name, not ending in `-` and 8 hex digits) is kept as it is; anything else becomes a slug plus
`-` and 8 hex digits of the hash of the original. Kept names never look like hashed ones, so `File` and `file`,
Unicode look-alikes, or a file named like another's hashed name never share a name, and adding a file never
renames another. Every name is lowercase ASCII, so case-insensitive file systems cannot merge two of them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_NAME = 80
_SAFE = re.compile(r"[a-z0-9][a-z0-9_-]*")
_HASHED = re.compile(r"-[0-9a-f]{8}$")
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "index", "tags", "search", "assets", "stylesheets", "javascripts"]
    + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


def slugify(text: str, limit: int = MAX_NAME) -> str:
    """Lowercase ASCII words joined by `-`, cut at a word boundary within `limit` characters (may be empty)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "")


def safe_name(original: str, limit: int = MAX_NAME) -> str:
    """A file-name-safe, stable, collision-free name for `original` (at most `limit` + 9 characters)."""
    if (_SAFE.fullmatch(original) and len(original) <= limit and original not in _RESERVED
            and not _HASHED.search(original)):
        return original
    digest = hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    base = slugify(original, limit)
    return f"{base}-{digest}" if base else f"x-{digest}"


def url_name(url: str, limit: int = 62) -> str:
    """File stem for a page fetched from `url` (seeds/<stem>.html): its host and path as words, then `_` and
    8 hex digits of the URL's hash. A kept name by `safe_name`'s rules, so the article id is the stem itself;
    two URLs differing anywhere (query included) get different names; page content plays no part."""
    address = url.split("://", 1)[-1]
    host, _, rest = address.partition("/")
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    host = host[4:] if host.startswith("www.") else host
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    path = re.sub(r"(?i)\.(?:s?html?|php|aspx?|jsp)$", "", rest.split("?", 1)[0].split("#", 1)[0])
    words = slugify(f"{host} {path}", limit) or "page"
    return safe_name(f"{words}_{digest}")
