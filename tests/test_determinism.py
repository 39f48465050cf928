"""Issue 9, item 11: the same inputs give byte-identical facts/, briefings/ and site/ whatever the time zone,
locale, hash seed and the order files were created in; SOURCE_DATE_EPOCH fixes the dates the site records."""

from __future__ import annotations

import gzip
import shutil
import struct
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site
from tests.test_hostile import HTML_PAGE, MARKDOWN, TEXT, build

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _site_root(base: Path, order: int) -> Path:
    root = copy_site(base, seeds=False)
    seeds: list[Path | str] = [*sorted((REPO / "seeds").iterdir()), "hostile.txt", "story.md", "page.html"]
    for seed in seeds[::order]:  # created in opposite orders, so directory listings differ
        if isinstance(seed, Path):
            shutil.copy(seed, root / "seeds" / seed.name)
        else:
            content = {"hostile.txt": TEXT, "story.md": MARKDOWN, "page.html": HTML_PAGE}[seed]
            (root / "seeds" / seed).write_text(content, "utf-8")
    return root


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("determinism")
    first, second = _site_root(base / "a" / "site-root", 1), _site_root(base / "b" / "site-root", -1)
    one = build(first, {"TZ": "Asia/Kolkata", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "1"})
    two = build(second, {"TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8",
                         "PYTHONHASHSEED": "4242"})
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    return first, second


@pytest.mark.parametrize("folder", ["facts", "briefings", "site"])
def test_builds_are_byte_identical(two_builds: tuple[Path, Path], folder: str) -> None:
    first, second = two_builds
    one, two = _tree(first / folder), _tree(second / folder)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert len(one) > 3


def test_source_date_epoch_sets_the_sitemap_date(two_builds: tuple[Path, Path]) -> None:
    first, _ = two_builds
    result = build(first, {"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    data = (first / "site" / "sitemap.xml.gz").read_bytes()
    (mtime,) = struct.unpack("<I", data[4:8])
    assert mtime == 1699920000  # 2023-11-14, the day of SOURCE_DATE_EPOCH, at 00:00 UTC
    assert b"2023-11-14" in gzip.decompress(data) or b"<lastmod>" not in gzip.decompress(data)
