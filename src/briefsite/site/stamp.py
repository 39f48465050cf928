"""A stamp that lets `build` skip the publisher when site/ already holds the publisher's output for exactly
this input: a digest of mkdocs.yml, briefings/, the files mkdocs.yml names, the publisher's and plugins'
versions, Briefsite's publishing code and the build epoch."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

CACHE_DIR = ".briefsite-cache"
SITE_STAMP = "site.json"


def file_digest(paths: Iterable[Path], root: Path) -> str:
    """sha256 over the relative paths and bytes of `paths` (in the order given)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1missing")
        digest.update(b"\0")
    return digest.hexdigest()


def _tree(folder: Path) -> list[str]:
    """Every file under `folder`, sorted by path (os.walk and strings: pathlib's rglob and Path objects cost most
    of a no-op build's check)."""
    if not folder.is_dir():
        return []
    found: list[tuple[str, str]] = []
    base = os.fspath(folder)
    for top, _dirs, files in os.walk(base):
        rel_top = os.path.relpath(top, base).replace(os.sep, "/")
        prefix = "" if rel_top == "." else rel_top + "/"
        found += [(prefix + name, os.path.join(top, name)) for name in files]
    found.sort()
    return [path for _, path in found]


def _versions() -> dict[str, str]:
    """Installed versions of the publisher and everything that plugs into it (themes, plugins, Markdown)."""
    from importlib import metadata

    found: dict[str, str] = {}
    for dist in metadata.distributions():
        folder = getattr(dist, "_path", None)  # name-version.dist-info: tells most out without parsing METADATA
        if isinstance(folder, Path) and folder.suffix in {".dist-info", ".egg-info"} and not _ours(
                folder.name.split("-", 1)[0].lower().replace("_", "-")):
            continue
        name = (dist.metadata["Name"] or "").lower()
        if _ours(name):
            found[name] = dist.version
    return dict(sorted(found.items()))


def _ours(name: str) -> bool:
    """The publisher and everything that plugs into it."""
    return name.startswith(("mkdocs", "pymdown", "zensical", "pagefind")) or name in {"markdown", "pygments", "jinja2"}


def site_stamp(root: Path, *, publisher: str, source_date_epoch: str) -> str:
    """A digest of everything the publisher's output depends on: mkdocs.yml, its docs_dir (briefings/), the
    files and folders it names (theme overrides, hooks), the publisher's and plugins' versions, Briefsite's own
    publishing code (sanitiser, audit) and the build epoch."""
    root = root.resolve()
    config = _config(root)
    docs = root / str(config.get("docs_dir") or "docs")
    inputs = [os.fspath(root / "mkdocs.yml"), *_tree(docs)]
    for path in _named_in_config(root, config):
        inputs += _tree(path) if path.is_dir() else [os.fspath(path)]
    here = Path(__file__).resolve().parent
    payload = {
        "files": _inputs_digest(inputs, root),
        "code": file_digest([here / name for name in ("publish.py", "sanitize.py", "hooks.py", "assets.py",
                                                        "search.py")], here),
        "publisher": publisher,
        "versions": _versions(),
        "epoch": source_date_epoch,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


INPUTS_MEMO = "site-inputs.json"
_SETTLED_NS = 2_000_000_000  # a file changed this recently may change again within its time stamp's tick
_MEMOS: dict[str, dict[str, tuple[str, str]]] = {}  # site folder -> path -> (identity, sha256 of its bytes)


def _inputs_digest(inputs: list[str], root: Path) -> str:
    """A digest of the publisher's inputs (relative paths and each file's sha256). A file is read again only
    when its identity (inode, size, modification and change times) changed since it was last hashed, in this
    process or an earlier one (`.briefsite-cache/site-inputs.json`): a no-op build reads no page. A file hashed
    within two seconds of its last change is not remembered (an edit in the same tick of the file system's
    clock would keep its identity): the next run reads it again."""
    memo = root / CACHE_DIR / INPUTS_MEMO
    known_files = _MEMOS.get(os.fspath(root))
    if known_files is None:
        known_files = _MEMOS[os.fspath(root)] = {}
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError, IndexError):
            record = json.loads(memo.read_text("utf-8"))
            known_files.update((str(k), (str(v[0]), str(v[1]))) for k, v in record.items())
    digest = hashlib.sha256()
    seen: dict[str, tuple[str, str]] = {}
    changed = False
    prefix = os.path.join(os.fspath(root), "")
    for text in inputs:
        rel = text[len(prefix):].replace(os.sep, "/") if text.startswith(prefix) else Path(os.path.relpath(
            text, root)).as_posix()
        try:
            info = os.stat(text)
        except OSError:
            digest.update(rel.encode("utf-8", "surrogateescape") + b"\0\1missing\n")
            continue
        identity = f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"
        known = known_files.get(rel)
        if known is not None and known[0] == identity:
            content = known[1]
        else:
            started = time.time_ns()
            try:
                with open(text, "rb") as handle:
                    content = hashlib.sha256(handle.read()).hexdigest()
            except OSError:
                digest.update(rel.encode("utf-8", "surrogateescape") + b"\0\1missing\n")
                continue
            if max(info.st_mtime_ns, info.st_ctime_ns) > started - _SETTLED_NS:
                identity = "racy"  # hashed, but not trusted to the memo
            changed = True
        seen[rel] = (identity, content)
        digest.update(f"{rel}\0{content}\n".encode("utf-8", "surrogateescape"))
    if changed or seen.keys() != known_files.keys():
        known_files.clear()
        known_files.update(seen)
        _save_memo(memo, known_files)
    return digest.hexdigest()


def _save_memo(memo: Path, files: dict[str, tuple[str, str]]) -> None:
    """Replace the memo file (a cache: a torn one is read as absent, so no fsync on the no-op path)."""
    temporary = memo.with_name(f".{memo.name}.{os.getpid()}.tmp")
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({k: list(v) for k, v in sorted(files.items())}, indent=0) + "\n", "utf-8")
        os.replace(temporary, memo)
    except OSError:
        pass  # not remembered: the next run reads the files again
    finally:  # also when interrupted (Ctrl-C, SIGTERM): no temporary file is left behind
        with contextlib.suppress(OSError):
            temporary.unlink()


def publisher_reads(root: Path) -> list[Path]:
    """The files and folders inside the site folder that mkdocs.yml names besides docs_dir and site_dir (theme
    overrides, hooks): a change to any of them changes every page."""
    root = root.resolve()
    return _named_in_config(root, _config(root))


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml: 10x faster
    """mkdocs.yml may use `!!python/name:` and `!ENV` tags; only the plain strings matter here."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(root: Path) -> dict[str, Any]:
    try:
        config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def _named_in_config(root: Path, config: dict[str, Any]) -> list[Path]:
    """Files and folders inside the site folder that mkdocs.yml names (theme custom_dir, hooks, INHERIT,
    plugin files), other than docs_dir and site_dir: the publisher reads them too."""
    skip = {root, root / str(config.get("docs_dir") or "docs"), root / str(config.get("site_dir") or "site")}
    found: list[Path] = []
    for value in _strings(config):
        if not value or len(value) > 300 or "\n" in value:
            continue
        candidate = (root / value).resolve()
        if candidate not in skip and root in candidate.parents and candidate.exists() and candidate not in found:
            found.append(candidate)
    return sorted(found)


def _strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _site_listing(site: Path) -> str:
    """Paths, sizes and modification times of site/: cheap, and changes when anyone touches site/."""
    digest = hashlib.sha256()
    for rel, info in sorted(_walk(site, "")):
        digest.update(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _walk(folder: Path | str, prefix: str) -> Iterable[tuple[str, os.stat_result]]:
    """(relative path, stat) of every file under `folder` (scandir: far cheaper than `rglob` on a site of 10,000
    pages); a symbolic link to a folder is not followed (no loop), one to a file counts as that file."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        rel = f"{prefix}{entry.name}"
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, f"{rel}/")
            elif entry.is_file():
                yield rel, entry.stat()
        except OSError:
            continue


def site_is_current(root: Path, stamp: str) -> list[str] | None:
    """The publisher's warnings from the build that made site/, when site/ was built from exactly `stamp`
    and nobody changed it since; None when the publisher must run."""
    try:
        record = json.loads((root / CACHE_DIR / SITE_STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    site = root / "site"
    if not isinstance(record, dict) or record.get("stamp") != stamp or not (site / "index.html").is_file():
        return None
    if record.get("listing") != _site_listing(site):
        return None
    warnings = record.get("warnings")
    return [str(w) for w in warnings] if isinstance(warnings, list) else []


def _audit_code() -> str:
    here = Path(__file__).resolve().parent
    return file_digest([here / "sanitize.py"], here)


def audited_site(root: Path) -> Path | None:
    """site/ when it is exactly what the last build published there — audited by the same sanitiser code and
    untouched since (same paths, sizes and modification times) —, else None (its pages prove nothing)."""
    try:
        record = json.loads((root / CACHE_DIR / SITE_STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    site = root / "site"
    if not isinstance(record, dict) or record.get("audit") != _audit_code() or not (site / "index.html").is_file():
        return None
    return site if record.get("listing") == _site_listing(site) else None


def record_site(root: Path, stamp: str, warnings: list[str]) -> None:
    """Remember that site/ now holds the publisher's output for `stamp` (with its warnings), as audited by the
    current sanitiser."""
    from briefsite.write import atomic_write

    record = {"stamp": stamp, "listing": _site_listing(root / "site"), "warnings": warnings,
              "audit": _audit_code()}
    atomic_write(root / CACHE_DIR / SITE_STAMP, (json.dumps(record, indent=1) + "\n").encode())


def forget_site(root: Path) -> None:
    """Drop the stamp, so the next build runs the publisher (e.g. before a forced rebuild)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(root / CACHE_DIR / SITE_STAMP)
