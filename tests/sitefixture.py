"""A small real site for the site and browser tests: the two seed articles with fact sheets filled in by hand
(as a reader would correct them), so the pages show every kind of fact whatever the extractor finds today."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from briefsite import pipeline
from briefsite.config import load_project
from briefsite.site.publish import publish
from tests.conftest import REPO, copy_site

SEED_A = "000_04c23cf0a20b8793"  # published 18 July 2018; no tickers
SEED_B = "004_53d5a015a391f8b4"  # the Motley Fool-style article, with tickers and the Jet.com/Flipkart deals
STORY = "2018-07-18-walmart-microsoft-cloud"
QUOTE_CORE = "is absolutely core to this"
QUOTE_LEVERAGE = ("How do we get more leverage as two organizations that have depth and breadth and investment "
                  "to be able to outrun our respective competition?")


def _org(name: str, evidence: list[int], ticker: str | None = None) -> dict[str, Any]:
    return {"name": name, "aliases": [], "ticker": ticker, "evidence": evidence}


def _rel(subject: str, predicate: str, obj: str, evidence: list[int]) -> dict[str, Any]:
    return {"subject": subject, "predicate": predicate, "object": obj, "evidence": evidence}


NADELLA = {"name": "Satya Nadella", "aliases": ["Nadella"], "role": "CEO", "organization": "Microsoft"}

FACTS: dict[str, dict[str, Any]] = {
    SEED_A: {
        "story": STORY,
        "organizations": [_org("Microsoft", [1, 2]), _org("Walmart", [1, 2]), _org("Amazon", [1, 3]),
                          _org("The Wall Street Journal", [5]), _org("Google", [14])],
        "people": [{**NADELLA, "evidence": [5]}],
        "places": [{"name": "United States", "aliases": [], "evidence": [1]}],
        "products": [{"name": "Amazon Go", "aliases": [], "owner": "Amazon", "evidence": [10]}],
        "durations": [{"text": "five-year", "days": 1826, "refers_to": "partnership", "evidence": [2]}],
        "quotes": [{"text": QUOTE_CORE, "speaker": "Satya Nadella", "via": "The Wall Street Journal", "evidence": [5]},
                   {"text": QUOTE_LEVERAGE, "speaker": "Satya Nadella", "via": "The Wall Street Journal",
                    "evidence": [5]}],
        "dates": [{"text": "Last year", "value": "2017", "relative": True,
                   "event": "Walmart starts listing its products on Google Express", "evidence": [14]},
                  {"text": "a few weeks ago", "value": "2018-06", "relative": True,
                   "event": "Microsoft reported to be building cashier-less store technology", "evidence": [10]}],
        "relations": [_rel("Walmart", "partners with", "Microsoft", [1]),
                      _rel("Walmart", "competes with", "Amazon", [3]),
                      _rel("Microsoft", "competes with", "Amazon", [3])],
        "key_points": [{"text": "Microsoft and Walmart team up to take on Amazon in the United States.",
                        "evidence": [1]}],
        "topics": ["cloud computing", "retail"],
    },
    SEED_B: {
        "story": STORY,
        "organizations": [_org("Amazon", [2], "AMZN"), _org("Walmart", [4], "WMT"), _org("Microsoft", [9], "MSFT"),
                          _org("Jet.com", [6]), _org("Flipkart", [6]), _org("Reuters", [19]),
                          _org("The Wall Street Journal", [29])],
        "people": [{**NADELLA, "evidence": [27]}],
        "tickers": [{"symbol": "AMZN", "exchange": "NASDAQ", "change_pct": -2.31, "organization": "Amazon",
                     "evidence": [2]},
                    {"symbol": "MSFT", "exchange": "NASDAQ", "change_pct": -0.94, "organization": "Microsoft",
                     "evidence": [9]}],
        "money": [{"text": "$3.3 billion", "amount": 3.3e9, "currency": "USD", "refers_to": "Jet.com acquisition",
                   "evidence": [6]},
                  {"text": "$16 billion", "amount": 1.6e10, "currency": "USD", "refers_to": "Flipkart stake",
                   "evidence": [6]}],
        "durations": [{"text": "five-year", "days": 1826, "refers_to": "partnership", "evidence": [11]}],
        "quotes": [{"text": QUOTE_CORE, "speaker": "Satya Nadella", "via": "The Wall Street Journal",
                    "evidence": [27]},
                   {"text": QUOTE_LEVERAGE, "speaker": "Satya Nadella", "via": "The Wall Street Journal",
                    "evidence": [28]}],
        "dates": [{"text": "January", "value": "2018-01", "relative": False,
                   "event": "Amazon opens its first Go store, in Seattle", "evidence": [21]}],
        "relations": [_rel("Walmart", "acquired", "Jet.com", [6]),
                      _rel("Walmart", "bought a stake in", "Flipkart", [6]),
                      _rel("Walmart", "partners with", "Microsoft", [9]),
                      _rel("Microsoft", "competes with", "Amazon", [26])],
        "key_points": [{"text": "Walmart has chosen Microsoft as its preferred and strategic cloud provider.",
                        "evidence": [11]}],
        "topics": ["cloud computing", "retail", "artificial intelligence"],
    },
}


def write_fixture_facts(root: Path) -> None:
    """Fill the seed sheets in `root/facts/` with the hand-written facts above."""
    for sheet_id, facts in FACTS.items():
        path = root / "facts" / f"{sheet_id}.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        data.update(json.loads(json.dumps(facts)))
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def build_fixture_site(root: Path, *, repo_url: str | None = None, site_url: str | None = None) -> Path:
    """A site folder holding the seeds and the hand-filled sheets, rendered and built strictly into site/."""
    copy_site(root, facts=True)
    shutil.rmtree(root / "facts" / ".base", ignore_errors=True)
    write_fixture_facts(root)
    config = (root / "mkdocs.yml").read_text("utf-8")
    if repo_url:
        config = config.replace("# repo_url: https://github.com/OWNER/REPO", f"repo_url: {repo_url}")
    if site_url:
        config = config.replace("site_url: https://briefsite.example.org/", f"site_url: {site_url}")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    project = load_project(root)
    report = pipeline.render(project)
    assert report.ok, report.errors
    publish(root, source_date_epoch="1531900000")
    return root


if __name__ == "__main__":  # python -m tests.sitefixture DIR: build the fixture site to look at
    import sys

    print(build_fixture_site(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "test-output" / "fixture-site"))


_COMPANIES = [f"Company {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
_PEOPLE = [f"Person {chr(65 + i // 26)}{chr(65 + i % 26)} Example" for i in range(40)]


def synthetic_site(root: Path, articles: int) -> Path:
    """A site folder with `articles` generated fact sheets (two articles a story, spread over months, naming
    companies and people from fixed pools) and one-line seeds: for page-size and scale measurements."""
    copy_site(root, seeds=False)
    facts = root / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        month = 1 + (i // 2) % 12
        year = 2015 + (i // 24) % 8
        a, b = _COMPANIES[i % 60], _COMPANIES[(i * 7 + 3) % 60]
        person = _PEOPLE[i % 40]
        seed = f"{a} and {b} agree deal number {i}\n\n{a} and {b} agree deal {i}.\n".encode()
        (root / "seeds" / f"syn_{i:05d}.txt").write_bytes(seed)  # an article is published while its source is there
        sheet = {
            "schema": 1, "id": f"syn_{i:05d}", "extractor": 1,
            "source": {"file": f"seeds/syn_{i:05d}.txt", "sha256": hashlib.sha256(seed).hexdigest(),
                       "kind": "text",
                       "publisher": f"Outlet {i % 9}"},
            "title": f"{a} and {b} agree deal number {i}",
            "published": {"value": f"{year}-{month:02d}-{1 + i % 28:02d}T10:00:00+00:00", "found": "stated"},
            "story": f"syn-story-{i // 2:05d}",
            "organizations": [{"name": a, "evidence": [1]}, {"name": b, "evidence": [1]}],
            "people": [{"name": person, "role": "CEO", "organization": a, "evidence": [2]}],
            "money": [{"text": f"${i} million", "amount": i * 1e6, "currency": "USD", "refers_to": "deal",
                       "evidence": [1]}],
            "quotes": [{"text": f"We are glad about deal {i}", "speaker": person, "evidence": [2]}],
            "dates": [{"text": f"in {year - 1}", "value": str(year - 1), "event": f"{a} founded unit {i % 5}",
                       "evidence": [3]}],
            "relations": [{"subject": a, "predicate": "partners with", "object": b, "evidence": [1]}],
            "key_points": [{"text": f"{a} and {b} agree deal {i}.", "evidence": [1]}],
            "topics": ["deals"],
        }
        (facts / f"syn_{i:05d}.yaml").write_text(yaml.safe_dump(sheet, sort_keys=False), "utf-8")
    return root
