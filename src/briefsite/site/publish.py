"""Runs the publisher (MkDocs, or Zensical) strictly into a fresh folder, audits what it built, and swaps it in
only on success, so a failed or unsafe build never replaces a good site/.

MkDocs runs in a child process (`python -m briefsite.site.publish`) with a fixed time zone, locale and hash seed, and with
the sanitising plugin of sanitize.py registered, so no mkdocs.yml can leave it out.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from briefsite.errors import Problem, PublishError
from briefsite.site.hooks import finish_site
from briefsite.site.sanitize import audit_site
from briefsite.site.stamp import audited_site

_TAIL = 40  # lines of publisher output shown when it fails
_STAGING = ".site-new-"
_OLD = ".site-old-"
_TRASH = ".site-trash-"  # the site the last build replaced: deleted by the next build, beside its publisher
_RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths atomically (Linux)
_AT_FDCWD = -100


def publish(root: Path, *, source_date_epoch: str, publisher: str = "mkdocs") -> list[str]:
    """Build the site into a temporary folder beside site/, audit it and swap it in; returns the warnings."""
    site = root / "site"
    recover(root)
    sweeper = _sweep(root)
    try:
        return _publish(root, site, source_date_epoch, publisher)
    finally:
        sweeper.join()


def _publish(root: Path, site: Path, source_date_epoch: str, publisher: str) -> list[str]:
    staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=root))
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch, PYTHONHASHSEED="0", TZ="UTC", LC_ALL="C.UTF-8",
               LANG="C.UTF-8", NO_MKDOCS_2_WARNING="1")
    config = root / "mkdocs.yml"
    if publisher == "zensical":
        # Zensical has no --site-dir: it reads a copy of mkdocs.yml (beside it, so relative paths hold) that
        # names the staging folder.
        config = _zensical_config(root, staging)
        command = [sys.executable, "-m", "zensical", "build", "--clean", "--strict", "--config-file", str(config)]
    else:
        command = [sys.executable, "-m", "briefsite.site.publish", str(config), str(staging)]
    try:
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError([Problem("mkdocs.yml", f"could not run {publisher}: {exc}")]) from None
    finally:
        if publisher == "zensical":
            config.unlink(missing_ok=True)
    output = (result.stdout + result.stderr).strip().splitlines()
    if result.returncode != 0 or not (staging / "index.html").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        detail = "\n".join(output[-_TAIL:]) or f"exit status {result.returncode}"
        raise PublishError([Problem("mkdocs.yml", f"{publisher} build failed; site/ was left as it was\n{detail}")])
    try:
        finish_site(staging)  # MkDocs did it through the hook in mkdocs.yml; other publishers and configs not
    except PublishError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # pages the build left as they are in the published (already audited) site/ are not audited again
    unsafe = audit_site(staging, audited=audited_site(root))
    if unsafe:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError([Problem(f"site/{rel}", f"unsafe HTML in the built page ({problem}); site/ was left "
                                                   "as it was") for rel, problem in unsafe])
    _swap(staging, site, trash=Path(tempfile.mkdtemp(prefix=_TRASH, dir=root)))
    return [line for line in output if "WARNING" in line]


def _zensical_config(root: Path, staging: Path) -> Path:
    """A copy of mkdocs.yml in `root` whose site_dir is `staging`."""
    text = (root / "mkdocs.yml").read_text("utf-8")
    line = f"site_dir: {json.dumps(str(staging))}"
    text, found = re.subn(r"^site_dir:.*$", lambda _: line, text, flags=re.M)
    if not found:
        text = text.rstrip("\n") + "\n" + line + "\n"
    config = staging.with_name(staging.name + ".yml")
    config.write_text(text, "utf-8")
    return config


def _sweep(root: Path) -> threading.Thread:
    """Delete the old sites earlier builds left in .site-trash-* in a thread, while the publisher runs (deleting
    ~19,000 files at 3,000 articles took 5 s of CPU and up to 90 s of a busy disk's time after the swap)."""
    trash = sorted(root.glob(f"{_TRASH}*"))

    def sweep() -> None:
        for folder in trash:
            shutil.rmtree(folder, ignore_errors=True)

    thread = threading.Thread(target=sweep, name="briefsite-sweep", daemon=True)
    thread.start()
    return thread


def recover(root: Path) -> None:
    """Undo what a killed build left behind: restore site/ from a swap cut in half, drop staging folders. (Old
    sites in .site-trash-* are never restored; `publish` deletes them.)"""
    site = root / "site"
    olds = sorted(root.glob(f"{_OLD}*"))
    if not site.exists() and olds:
        os.replace(olds[-1], site)
        olds = olds[:-1]
    for leftover in [*olds, *root.glob(f"{_STAGING}*")]:
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _swap(staging: Path, site: Path, *, trash: Path | None = None) -> None:
    """Replace site/ by staging: one atomic exchange where the OS has it, else two renames (a crash between
    them leaves site/ missing and the old one in .site-old-*, which `recover` puts back). The old site is
    deleted, or renamed to `trash` (a .site-trash-* folder, deleted by the next build)."""
    if site.exists() and _exchange(staging, site):
        _discard(staging, trash)  # now holds the old site
        return
    old = site.with_name(f"{_OLD}{os.getpid()}")
    if site.exists():
        os.replace(site, old)
    os.replace(staging, site)
    if old.exists():
        _discard(old, trash)


def _discard(old: Path, trash: Path | None) -> None:
    """Delete `old`, or put it in place of the empty folder `trash` (deleted then if that fails)."""
    if trash is not None:
        try:
            os.replace(old, trash)
            return
        except OSError:
            with contextlib.suppress(OSError):
                trash.rmdir()
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories with renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return int(renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)) == 0


def _build_mkdocs(config_file: str, site_dir: str) -> int:
    """The child process: a strict MkDocs build with the sanitising plugin; prints warnings, returns the status."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from briefsite.facts.freshness import CACHE_DIR
    from briefsite.site.sanitize import sanitize_plugin
    from briefsite.site.sanitize_memo import FILE as MEMO_FILE

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)  # not ERROR: strict mode counts warnings only if they are logged
    logger.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger.addHandler(handler)
    try:
        config = load_config(config_file=config_file, site_dir=site_dir, strict=True)
        memo = Path(config_file).resolve().parent / CACHE_DIR / MEMO_FILE
        config.plugins["briefsite-sanitize"] = sanitize_plugin(memo)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        print(f"ERROR - {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m briefsite.site.publish MKDOCS_YML SITE_DIR`: used by `publish`, not by people."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m briefsite.site.publish MKDOCS_YML SITE_DIR", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        return _build_mkdocs(args[0], args[1])
    return 130


if __name__ == "__main__":
    sys.exit(main())
