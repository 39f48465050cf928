"""The gold set (tests/gold/) scored by the same scorer bench/extraction.py uses, without timing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefsite.extract.article import _extract_chunk
from briefsite.extract.nlp import DEFAULT_MODEL, load_model
from briefsite.extract.score import GOALS, headline, load_gold, score

GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def gold_scores() -> Any:
    items = load_gold(GOLD)
    assert len(items) >= 14 and sum(i.name.startswith("seed_") for i in items) == 2
    return score(_extract_chunk([i.article for i in items], load_model(DEFAULT_MODEL)), items)


@pytest.mark.parametrize("kind", sorted(GOALS))
def test_gold_score_meets_goal(gold_scores: Any, kind: str) -> None:
    value = headline(gold_scores)[kind]
    assert value >= GOALS[kind], f"{kind} {value:.3f} < {GOALS[kind]}: {gold_scores[kind].misses}"


def test_scorer_counts_misses() -> None:
    """The scorer itself: an empty extraction scores zero recall on a gold file with facts."""
    from briefsite.extract.models import Facts

    items = [i for i in load_gold(GOLD) if i.name == "seed_004"]
    tallies = score([Facts()], items)
    assert tallies["organizations"].recall == 0.0 and tallies["organizations"].fn == 7
    assert tallies["quotes"].tp == 0 and tallies["speakers"].fn == 5
