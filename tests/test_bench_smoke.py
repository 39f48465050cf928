"""Smoke test of the benchmark's corpus generator (bench/corpus.py): small, deterministic, readable articles.
No timing here: speed is measured by `make bench`, never by tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from briefsite.read.readers import read

REPO = Path(__file__).resolve().parent.parent


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_corpus_is_deterministic_and_readable(tmp_path: Path) -> None:
    corpus = _corpus()
    first = corpus.generate(5)
    assert first == corpus.generate(5)
    assert first != corpus.generate(5, seed=9)
    assert len(first) == 5 and len(set(first.values())) == 5

    site = corpus.make_site(tmp_path / "site", 5)
    assert (site / "mkdocs.yml").is_file() and (site / "templates").is_dir()
    paths = sorted((site / "seeds").iterdir())
    assert [p.name for p in paths] == sorted(first)
    for path in paths:
        assert path.read_text("utf-8") == first[path.name]
        article = read(path, site)
        assert article.title, path.name
        assert article.published and article.published[:4] in {"2018", "2019", "2020", "2021"}, article.published
        assert len(article.paragraphs) >= 4
