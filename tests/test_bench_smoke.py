"""Smoke test of the benchmark's corpus generator (bench/corpus.py): small, deterministic, readable articles.
No timing here: speed is measured by `make bench`, never by tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from briefsite.read.readers import read

REPO = Path(__file__).resolve().parent.parent


def _bench(name: str) -> ModuleType:
    """bench/<name>.py, imported as a module."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _corpus() -> ModuleType:
    return _bench("corpus")


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


def test_the_search_bench_borrows_an_earlier_runs_sites_without_touching_them(tmp_path: Path) -> None:
    """bench/search.py --from: an earlier run's site-N copied whole, or its first n articles cut out with their
    fact sheets, merge bases and story sheets (so nothing is extracted again); the earlier run is only read."""
    search = _bench("search")
    earlier = tmp_path / "earlier"
    big = _corpus().make_site(earlier / "site-6", 6)
    stories = {}
    for number, article in enumerate(sorted((big / "seeds").iterdir())):
        story = f"story-{number // 2}"  # the corpus puts a story's articles next to each other
        stories[article.stem] = story
        for folder in (big / "facts", big / "facts" / ".base"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{article.stem}.yaml").write_text(f"id: {article.stem}\nstory: {story}\n", "utf-8")
    for story in set(stories.values()):
        for folder in (big / "facts" / "stories", big / "facts" / "stories" / ".base"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{story}.yaml").write_text(f"id: {story}\n", "utf-8")
    before = sorted((p.relative_to(earlier), p.read_bytes()) for p in earlier.rglob("*") if p.is_file())

    assert search.borrow(3, tmp_path / "site-3", earlier)
    cut = tmp_path / "site-3"
    first = sorted(p.stem for p in (big / "seeds").iterdir())[:3]
    assert sorted(p.stem for p in (cut / "seeds").iterdir()) == first
    assert sorted(p.stem for p in (cut / "facts").glob("*.yaml")) == first
    assert sorted(p.stem for p in (cut / "facts" / ".base").glob("*.yaml")) == first
    assert sorted(p.stem for p in (cut / "facts" / "stories").glob("*.yaml")) == ["story-0", "story-1"]
    assert (cut / "facts" / "stories" / ".base" / "story-1.yaml").is_file()
    assert (cut / "mkdocs.yml").is_file() and (cut / "templates").is_dir()

    assert search.borrow(6, tmp_path / "site-6", earlier)  # the same size: a whole copy
    assert sorted(p.name for p in (tmp_path / "site-6" / "seeds").iterdir()) == \
        sorted(p.name for p in (big / "seeds").iterdir())
    assert not search.borrow(7, tmp_path / "site-7", earlier)  # nothing big enough
    assert before == sorted((p.relative_to(earlier), p.read_bytes()) for p in earlier.rglob("*") if p.is_file())


def test_the_error_bench_puts_each_made_up_error_in_its_class() -> None:
    """bench/extraction_errors.py: every kind of miss lands in its own class (no spaCy: facts given by hand)."""
    from collections import Counter, defaultdict

    from briefsite.extract.models import Facts
    from briefsite.extract.score import GoldArticle
    from briefsite.read.models import RawArticle

    bench = _bench("extraction_errors")
    gold = {
        "organizations": [{"name": "Quillon Partners"}, {"name": "Brasket Foods"}, {"name": "Tarvo"},
                          {"name": "Office of Plenty"}],
        "people": [{"name": "Ama Velk"}, {"name": "Dorin Oss"}],
        "places": [{"name": "Marrowdale"}, {"name": "Ferncliff"}],
        "products": [{"name": "Velkphone"}],
        "quotes": [{"start": "We will ship it", "speaker": "Ama Velk"},
                   {"start": "Nobody saw this coming", "speaker": "Dorin Oss"},
                   {"start": "It is a fine day", "speaker": None},
                   {"start": "Markets never sleep here", "speaker": "Brasket Foods"},
                   {"start": "Not in the facts", "speaker": "Ama Velk"}],
        "dates": [{"value": "2019-03-04"}],
    }
    facts = Facts(
        organizations=[{"name": "Quillon Partners"}, {"name": "Dorin Oss"}, {"name": "Brasket"},
                       {"name": "Velkphone"}, {"name": "Sacrifice"}, {"name": "Office"}],
        people=[{"name": "Ama Velk"}, {"name": "Tarvo"}],
        places=[{"name": "Marrowdale"}],
        quotes=[{"text": "We will ship it soon", "speaker": "Velk"},
                {"text": "Nobody saw this coming at all", "speaker": None},
                {"text": "It is a fine day for it", "speaker": "Ama Velk"},
                {"text": "Markets never sleep here, he said", "speaker": "Quillon Partners"}],
        dates=[{"value": "2019-03-04"}, {"value": "2019-05"}],
    )
    article = RawArticle(file="x.txt", kind="text", sha256="0", title=None, paragraphs=("x",))
    out: defaultdict[str, Counter[str]] = defaultdict(Counter)
    examples: defaultdict[str, list[str]] = defaultdict(list)
    bench.classify(facts, GoldArticle("x", article, gold, "dev"), out, examples)
    assert out["organizations"] == Counter({
        "extra, gold as another kind": 2,  # Dorin Oss (a person), Velkphone (a product)
        "extra, part of a gold name": 2,  # Brasket, Office
        "extra, not annotated": 1,  # Sacrifice
        "missed, found as another kind": 1,  # Tarvo, found as a person
        "missed, found partly": 2,  # Brasket Foods, Office of Plenty
    })
    assert out["people"] == Counter({"extra, gold as another kind": 1, "missed, found as another kind": 1})
    assert out["places"] == Counter({"missed, not found at all": 1})
    assert out["speakers"] == Counter({
        "a part or extension of the right name": 1, "no speaker": 1, "a speaker where the gold has none": 1,
        "another gold person/organization": 1, "quote not found": 1,
    })
    assert out["dates"] == Counter({"extra, a month (no day)": 1})


def test_the_context_bench_cuts_sentences_from_their_paragraph(nlp: Any) -> None:
    """bench/extraction_ner_context.py: each sentence keeps its own text, takes the entities the model reads in the
    whole paragraph (a sentence-opening surname reads as a person after the sentence before it), and loses an
    entity that crosses its boundary."""
    from briefsite.read.models import Sentence
    from briefsite.read.sentences import split_sentences

    bench = _bench("extraction_ner_context")
    paragraph = "Nobody in the room expected the vote to pass. Halvorsen is likely to say more next week."
    sentences = split_sentences([paragraph, "A heading line"])
    docs = bench.paragraph_docs(sentences, [sentences[0].text, sentences[1].text, ""], nlp)
    assert [d.text for d in docs] == [sentences[0].text, sentences[1].text, ""]
    assert ("Halvorsen", "PERSON") in [(e.text, e.label_) for e in docs[1].ents]
    assert ("Halvorsen", "PERSON") not in [(e.text, e.label_) for e in nlp(sentences[1].text).ents]
    # "Jane" | "Roe founded ...": the model's "Jane Roe" crosses the cut, so neither part keeps it
    cut = [Sentence(1, 0, 0, 4, "Jane"), Sentence(2, 0, 5, 29, "Roe founded Acme Corp.")]
    assert ("Jane Roe", "PERSON") in [(e.text, e.label_) for e in nlp("Jane Roe founded Acme Corp.").ents]
    parts = bench.paragraph_docs(cut, [s.text for s in cut], nlp)
    assert not list(parts[0].ents) and all("Roe" not in e.text for e in parts[1].ents)
