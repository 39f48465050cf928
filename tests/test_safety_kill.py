"""Issue 9, item 10: a build killed with SIGKILL leaves every file as the old or the new version, never leaves a
half-written site/, and the next build converges. The kill is placed deterministically: the child process
kills itself (and the build process it was forked from) just before a chosen rename."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site
from tests.test_hostile import build

pytestmark = pytest.mark.slow

_KILLER = """
import os, signal, sys
from briefsite.site import publish as site
target, nth = sys.argv[1], int(sys.argv[2])
real, seen, top = os.replace, [], os.getpid()
site._exchange = lambda a, b: False  # the two-rename swap: the harder case
def replace(src, dst, *a, **k):
    if target in str(dst) or (target == "swap" and ".site-new-" in str(src) and str(dst).endswith("/site")):
        seen.append(dst)
        if len(seen) == nth:  # the build and, when the write is made in its forked child, that child too
            if len(sys.argv) < 5:  # "child": only the forked child dies, as under the OOM killer
                os.kill(top, signal.SIGKILL)
            os.kill(os.getpid(), signal.SIGKILL)
    return real(src, dst, *a, **k)
os.replace = replace
from briefsite.cli import main
sys.exit(main(["--root", sys.argv[3], "--quiet", "build"]))
"""


def _tree(root: Path) -> dict[str, bytes]:
    out = {}
    for folder in ("facts", "briefings", "site"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("kill") / "site-root")
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize(("target", "nth"), [("/facts/", 1), ("/briefings/", 2), ("swap", 1)])
def test_killed_build_leaves_old_or_new_and_converges(built: Path, tmp_path: Path, target: str, nth: int) -> None:
    root = tmp_path / "site-root"
    shutil.copytree(built, root, symlinks=True)
    old = _tree(root)
    seed = root / "seeds" / "000_04c23cf0a20b8793.txt"
    seed.write_text(seed.read_text("utf-8").replace("Microsoft and Walmart deepen", "Microsoft and Walmart widen"))
    killed = subprocess.run([sys.executable, "-c", _KILLER, target, str(nth), str(root)], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert killed.returncode == -9, killed.stderr  # really killed at the chosen rename
    middle = _tree(root)
    if target == "swap":
        assert not (root / "site").exists()  # cut between the two renames ...
    rerun = build(root)
    assert rerun.returncode == 0, rerun.stderr
    new = _tree(root)
    assert "Microsoft and Walmart widen" in (root / "site" / "index.html").read_text("utf-8")
    for name, data in middle.items():
        assert data in (old.get(name), new.get(name)), name  # every file old or new, never half of one
    middle_site = {k: v for k, v in middle.items() if k.startswith("site/")}
    assert middle_site in ({k: v for k, v in old.items() if k.startswith("site/")}, {})  # site/ all old (or away)
    assert not [p.name for p in root.iterdir() if p.name.startswith((".site-new-", ".site-old-"))]
    again = build(root)  # converged: nothing left to change
    assert again.returncode == 0 and _tree(root) == new


def test_a_killed_build_child_is_an_error_without_traceback(built: Path, tmp_path: Path) -> None:
    """The forked child that writes facts/ and briefings/ killed from outside (the OOM killer): the build says so
    in one line, exits 1, and the next build converges."""
    root = tmp_path / "site-root"
    shutil.copytree(built, root, symlinks=True)
    seed = root / "seeds" / "000_04c23cf0a20b8793.txt"
    seed.write_text(seed.read_text("utf-8").replace("Microsoft and Walmart deepen", "Microsoft and Walmart widen"))
    killed = subprocess.run([sys.executable, "-c", _KILLER, "/facts/", "1", str(root), "child"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert killed.returncode == 1, killed.stderr
    assert "child process was killed (signal 9)" in killed.stderr and "Traceback" not in killed.stderr
    rerun = build(root)
    assert rerun.returncode == 0, rerun.stderr
    assert "Microsoft and Walmart widen" in (root / "site" / "index.html").read_text("utf-8")
