"""Runs the publisher (MkDocs, or Zensical) strictly into a fresh folder and swaps it in only on success, so a
failed build never replaces a good site/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from briefsite.errors import Problem, PublishError

_TAIL = 40  # lines of publisher output shown when it fails


def publish(root: Path, *, source_date_epoch: str, publisher: str = "mkdocs") -> list[str]:
    """Build the site into a temporary folder beside site/ and swap it in; returns the publisher's warnings."""
    site = root / "site"
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=root))
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch, PYTHONHASHSEED="0", TZ="UTC", LC_ALL="C.UTF-8",
               NO_MKDOCS_2_WARNING="1")
    if publisher == "zensical":
        command = [sys.executable, "-m", "zensical", "build", "--clean"]
        env["ZENSICAL_SITE_DIR"] = str(staging)
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet",
                   "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging)]
    try:
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError([Problem("mkdocs.yml", f"could not run {publisher}: {exc}")]) from None
    output = (result.stdout + result.stderr).strip().splitlines()
    if result.returncode != 0 or not (staging / "index.html").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        detail = "\n".join(output[-_TAIL:]) or f"exit status {result.returncode}"
        raise PublishError([Problem("mkdocs.yml", f"{publisher} build failed; site/ was left as it was\n{detail}")])
    _swap(staging, site)
    return [line for line in output if "WARNING" in line]


def _swap(staging: Path, site: Path) -> None:
    old = site.with_name(f".site-old-{os.getpid()}")
    if site.exists():
        os.replace(site, old)
    os.replace(staging, site)
    shutil.rmtree(old, ignore_errors=True)
