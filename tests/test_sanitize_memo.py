"""site/sanitize_memo.py answers exactly what sanitising again would, and never from a stale or corrupt entry; the
old site a build replaces is deleted by the next build (never restored, never piling up)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import markdown
import nh3
import pytest

from briefsite.site import publish, sanitize
from briefsite.site.sanitize import clean_content
from briefsite.site.sanitize_memo import SanitizeMemo
from tests.conftest import REPO, RunCli, copy_site
from tests.test_safety import XSS

HOSTILE = '<script>alert(1)</script><img src="x" onerror="alert(1)"><a href="javascript:alert(1)">x</a>'


def _fragments() -> list[str]:
    """Real pages as MkDocs renders them (the committed briefings through the site's Markdown extensions), and the
    hostile fragments of test_safety."""
    pages = sorted((REPO / "briefings").rglob("*.md"))
    assert len(pages) > 10
    extensions = ["tables", "attr_list", "md_in_html", "toc"]
    return [markdown.markdown(page.read_text("utf-8"), extensions=extensions) for page in pages] + [d for d, _ in XSS]


class _Counting:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, fragment: str) -> str:
        self.calls += 1
        return clean_content(fragment)


def _filled(path: Path, fragments: list[str]) -> None:
    memo = SanitizeMemo(path, sanitize.memo_key())
    for fragment in fragments:
        memo.clean(fragment, clean_content)
    memo.save()


def test_memo_answers_what_sanitising_again_would(tmp_path: Path) -> None:
    fragments, path = _fragments(), tmp_path / "memo"
    first = SanitizeMemo(path, sanitize.memo_key())
    assert [first.clean(f, clean_content) for f in fragments] == [clean_content(f) for f in fragments]
    first.save()
    again, counting = SanitizeMemo(path, sanitize.memo_key()), _Counting()
    assert [again.clean(f, counting) for f in fragments] == [clean_content(f) for f in fragments]
    assert counting.calls == 0 and again.hits == len(fragments)


def test_a_page_changed_behind_the_memo_is_sanitised_again(tmp_path: Path) -> None:
    fragments, path = _fragments(), tmp_path / "memo"
    _filled(path, fragments)
    memo, counting = SanitizeMemo(path, sanitize.memo_key()), _Counting()
    changed = fragments[0].replace("</p>", HOSTILE + "</p>", 1)
    assert changed != fragments[0]
    out = memo.clean(changed, counting)
    assert counting.calls == 1 and out == clean_content(changed)
    assert "<script" not in out and "onerror" not in out and "javascript:" not in out


@pytest.mark.parametrize("change", ["allow-list", "nh3 version", "sanitiser code"])
def test_changed_settings_are_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    fragments, path = _fragments(), tmp_path / "memo"
    _filled(path, fragments)
    if change == "allow-list":
        monkeypatch.setattr(sanitize, "CONTENT_TAGS", sanitize.CONTENT_TAGS - {"a", "table"})
    elif change == "nh3 version":
        monkeypatch.setattr(nh3, "__version__", "0.0.0-other", raising=False)
    else:
        code = tmp_path / "sanitize.py"
        code.write_text(Path(sanitize.__file__).read_text("utf-8") + "\n# changed\n", "utf-8")
        monkeypatch.setattr(sanitize, "__file__", str(code))
    # (sanitize.memo_key reads the module globals and __file__ at call time)
    memo, counting = SanitizeMemo(path, sanitize.memo_key()), _Counting()
    assert [memo.clean(f, counting) for f in fragments] == [clean_content(f) for f in fragments]
    assert memo.hits == 0 and counting.calls == len(fragments)
    if change == "allow-list":
        assert not any("<a " in memo.clean(f, clean_content) for f in fragments)


def _corrupt_output(text: str) -> str:
    """Every entry's stored output replaced by hostile markup (its check left as it was)."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if line:
            digest, check, _ = line.split("\t", 2)
            line = f'{digest}\t{check}\t"{HOSTILE.replace(chr(34), chr(39))}"'
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("corruption", ["outputs replaced", "truncated", "garbage", "checks forged", "empty"])
def test_a_corrupt_memo_is_never_trusted(tmp_path: Path, corruption: str) -> None:
    fragments, path = _fragments(), tmp_path / "memo"
    _filled(path, fragments)
    text = path.read_text("utf-8")
    if corruption == "outputs replaced":
        text = _corrupt_output(text)
    elif corruption == "truncated":
        text = text[: len(text) // 2 + 7]
    elif corruption == "garbage":
        text = text[:200] + "\x00\ufffd\t\t{]" + text[200:]
    elif corruption == "checks forged":  # a check made without the settings key (what a hand-made file has)
        lines = text.split("\n")
        for i, line in enumerate(lines[1:], 1):
            if line:
                digest = line.split("\t", 1)[0]
                hostile = f'"{HOSTILE.replace(chr(34), chr(39))}"'
                lines[i] = f"{digest}\t{hashlib.sha256(hostile.encode()).hexdigest()}\t{hostile}"
        text = "\n".join(lines)
    else:
        text = ""
    path.write_text(text, "utf-8")
    memo = SanitizeMemo(path, sanitize.memo_key())
    outs = [memo.clean(f, clean_content) for f in fragments]
    assert outs == [clean_content(f) for f in fragments]
    assert not any("<script" in out or "onerror" in out for out in outs)
    if corruption in ("outputs replaced", "checks forged", "empty"):
        assert memo.hits == 0
    else:  # the lines left whole are still sound
        assert memo.hits < len(fragments)


def test_the_memo_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    fragments, path = _fragments(), tmp_path / "memo"
    _filled(path, fragments)
    _filled(path, fragments[:3])
    assert len([line for line in path.read_text("utf-8").split("\n")[1:] if line]) == len(set(fragments[:3]))


def _site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


def test_build_with_the_memo_equals_a_build_without_and_old_sites_do_not_pile_up(tmp_path: Path,
                                                                                  run_cli: RunCli) -> None:
    root = copy_site(tmp_path / "root", facts=True)
    memo = root / ".briefsite-cache" / "sanitized.memo"
    for epoch in ("1000000000", "1000000001"):
        result = run_cli(root, "build", env={"SOURCE_DATE_EPOCH": epoch})
        assert result.returncode == 0, result.stderr
        assert memo.is_file()
    with_memo = _site_bytes(root / "site")
    pages = [p for p in (root / "site").rglob("*.html") if p.name != "404.html"]
    entries = [line for line in memo.read_text("utf-8").split("\n")[1:] if line]
    assert 0 < len(entries) <= len(pages)
    trash = _leftovers(root)
    assert len(trash) == 1 and trash[0].startswith(".site-trash-")  # the site the second build replaced
    memo.unlink()  # the same build again, sanitising every page (the site stamp dropped, so the publisher runs)
    (root / ".briefsite-cache" / "site.json").unlink()
    result = run_cli(root, "build", env={"SOURCE_DATE_EPOCH": "1000000001"})
    assert result.returncode == 0, result.stderr
    left = _leftovers(root)
    assert len(left) == 1 and left[0].startswith(".site-trash-") and left[0] not in trash
    assert _site_bytes(root / "site") == with_memo


def test_old_sites_are_swept_and_never_restored(tmp_path: Path) -> None:
    for name in (".site-trash-a", ".site-trash-b"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "index.html").write_text("old")
    publish.recover(tmp_path)  # no site/: an old site must not come back as site/
    assert not (tmp_path / "site").exists()
    publish._sweep(tmp_path).join()
    assert list(tmp_path.iterdir()) == []


def test_swap_puts_the_old_site_in_the_trash(tmp_path: Path) -> None:
    live = tmp_path / "site"
    for folder, marker in ((live, "old"), (tmp_path / ".site-new-1", "new")):
        folder.mkdir()
        (folder / "index.html").write_text(marker)
    trash = tmp_path / ".site-trash-1"
    trash.mkdir()
    publish._swap(tmp_path / ".site-new-1", live, trash=trash)
    assert (live / "index.html").read_text() == "new" and (trash / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-trash-1", "site"]
    shutil.rmtree(trash)
