"""The disk cache of read articles (read/cache.py): a hit only for the same path, bytes and reader code; `check`
reads it and writes nothing; a cached article equals a freshly read one."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from briefsite.read import cache, readers
from tests.conftest import REPO

SAMPLE = REPO / "tests" / "samples" / "newspaper4k" / "time_001.html.gz"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SAMPLE, tmp_path / "seeds" / "page.html.gz")
    readers.forget()
    return tmp_path


def test_a_cached_article_equals_a_fresh_read(root: Path) -> None:
    path = root / "seeds" / "page.html.gz"
    fresh = readers.read(path, root)
    assert readers.read_article(path, root, cache="read") == fresh
    assert not (root / cache.FOLDER).exists()  # "read" never writes
    readers.forget()
    assert readers.read_article(path, root, cache="write") == fresh
    assert len(list((root / cache.FOLDER).glob("*.json"))) == 1
    readers.forget()
    assert cache.load(root, cache.key("seeds/page.html.gz", fresh.sha256)) == fresh


def test_a_hit_needs_the_same_path_bytes_and_code(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = root / "seeds" / "page.html.gz"
    article = readers.read_article(path, root, cache="write")
    entry = cache.key(article.file, article.sha256)
    assert cache.key("seeds/other.html.gz", article.sha256) != entry
    assert cache.key(article.file, "0" * 64) != entry
    monkeypatch.setattr(cache, "code_digest", lambda: "other reader code")
    assert cache.key(article.file, article.sha256) != entry
    monkeypatch.undo()
    # a changed file is read again
    data = gzip.decompress(path.read_bytes()).replace(b"</body>", b"<p>An added closing line of text.</p></body>")
    path.write_bytes(gzip.compress(data))
    readers.forget()
    changed = readers.read_article(path, root, cache="write")
    assert changed.sha256 != article.sha256
    cache.prune(root, {cache.key(changed.file, changed.sha256)})
    assert [p.stem for p in (root / cache.FOLDER).glob("*.json")] == [cache.key(changed.file, changed.sha256)]


@pytest.mark.parametrize("name", ["page.html.gz", "seed.txt"])
def test_a_miss_reads_the_article_bytes_once(root: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A read-cache miss hashes the bytes for the key and parses the same bytes: the file is opened once."""
    if name == "seed.txt":
        shutil.copy(REPO / "seeds" / "000_04c23cf0a20b8793.txt", root / "seeds" / name)
    path = root / "seeds" / name
    opened: list[Path] = []
    real_open = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", counting_open)
    article = readers.read_article(path, root, cache="write")
    assert len(opened) == 1  # a miss: hashed, parsed and stored from one read
    assert len(list((root / cache.FOLDER).glob("*.json"))) == 1
    readers.forget()
    opened.clear()
    assert readers.read_article(path, root, cache="read") == article
    assert len(opened) == 1  # a hit reads the bytes for the key only
    monkeypatch.undo()
    readers.forget()
    assert readers.read(path, root) == article
