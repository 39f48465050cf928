"""A disk cache of read articles, so that a build with unchanged articles, and `check` after a build, do not
parse every saved web page again (trafilatura takes a good part of a second a page).

An entry is `.briefsite-cache/articles/<key>.json`, where the key is a digest of the article's path, its
bytes, and the reader code and library versions that read it: a change to any of them is a miss, never a stale
hit. Errors are never cached (a bad file is read, and reported, every time). `build` writes entries and drops the
ones no article uses any more; `check` only reads them, so it writes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from briefsite.read.models import RawArticle, Removed, Wall

FOLDER = Path(".briefsite-cache") / "articles"
_LIBRARIES = ("trafilatura", "htmldate", "lxml", "justext", "charset-normalizer", "ftfy", "python-frontmatter",
              "markdown-it-py", "python-dateutil", "dateparser", "pyyaml")


@functools.cache
def code_digest() -> str:
    """Digest of the reader code (every module of this package) and the versions of the libraries it uses."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    digest.update(library_versions(_LIBRARIES).encode())
    return digest.hexdigest()


def library_versions(names: tuple[str, ...]) -> str:
    """One `name=version` line per installed distribution (`-` when missing): part of a cache's key."""
    from importlib import metadata

    lines = []
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        lines.append(f"{name}={version}\n")
    return "".join(lines)


def key(rel: str, sha256: str) -> str:
    """The cache key of one version of one article file (`sha256`: of its bytes, as RawArticle.sha256)."""
    text = f"{code_digest()}\0{rel}\0{sha256}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def load(root: Path, entry: str) -> RawArticle | None:
    """The cached article, or None on a miss (or an entry that cannot be read back)."""
    try:
        data = json.loads((root / FOLDER / f"{entry}.json").read_text("utf-8"))
        return _article(data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store(root: Path, entry: str, article: RawArticle) -> None:
    """Remember an article (best effort: a cache that cannot be written only costs time)."""
    folder = root / FOLDER
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(article), handle, ensure_ascii=False)
            os.replace(tmp, folder / f"{entry}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def prune(root: Path, keep: set[str]) -> None:
    """Drop the entries of article versions no longer in seeds/."""
    folder = root / FOLDER
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.suffix == ".json" and path.stem not in keep:
            with contextlib.suppress(OSError):
                path.unlink()


def _article(data: dict[str, Any]) -> RawArticle:
    tuples = {name: tuple(data[name]) for name in ("paragraphs", "authors", "warnings")}
    removed = tuple(Removed(**item) for item in data["removed"])
    wall = Wall(**data["wall"]) if data.get("wall") else None
    return RawArticle(**{**data, **tuples, "removed": removed, "wall": wall})
