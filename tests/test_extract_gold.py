"""The gold set (tests/gold/dev and tests/gold/test) scored by the same scorer bench/extraction.py uses, without
timing. Rules are written looking at dev/ only; test/ is the held-out measure.

On test/ each goal is asserted where it is met; where it is not, the test asserts the floor measured when the
rules were last changed (FLOORS), so a regression still fails and the gap stays visible here and in the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefsite.extract.article import _extract_chunk
from briefsite.extract.nlp import DEFAULT_MODEL, load_model
from briefsite.extract.score import GOALS, headline, load_gold, score

GOLD = Path(__file__).resolve().parent / "gold"

# Measured on test/ with this extractor (bench/extraction.py, extractor v5, the 25 test files of the full gold
# set), rounded down. Goals not met there. (tickers: goal met since v4 reads wire instrument codes.)
# organizations: 0.794 with v5's names pass (people 0.8996, places 0.845).
# v6 names pass (issue 14, fifth session, rules kept only when dev-check did not drop): organizations 0.8056,
# people 0.9032, places 0.8497.
# s6-14b names pass (rules from the name-variant bench and dev-fit, kept when dev-check did not drop;
# bench/extraction.py 03:15 UTC): organizations 0.809, people 0.905, places 0.844.
# s7-14p places pass (gazetteer evidence: extract/gazetteer.py, placehood.py; bench/extraction.py 06:20 UTC):
# places 0.854 (P 0.840 R 0.868), organizations 0.806, people 0.905.
# s7-14n name evidence (given names, legal forms, organization contexts over all mentions; kept when dev-check
# did not drop; bench/extraction.py 06:42 UTC): organizations 0.816, people 0.908. Given names from the US Census
# lists (names, MIT) instead of gender-guesser (GPLv3) (06:56 UTC): organizations 0.812, people 0.905; floors hold.
# All three s7 branches merged, extractor v9 (bench/extraction.py 07:07 UTC): organizations 0.812, people 0.905,
# places 0.854, speakers 0.872 (177/203), dates 0.947, published 21/22.
# Eighth session, four branches merged (s8-org, s8-ref, s8-place, s8-spk) and places named as the text writes them,
# extractor v10 (bench/extraction.py 10:58 UTC): organizations 0.813, people 0.908, places 0.880, speakers 0.877
# (178/203), dates 0.947, published 21/22. (s8-org and s8-place alone each measured places 0.848 on test/: kept on
# their dev/ evidence, dev-fit and the variants up and dev-check not down; never chosen by test/.)
# extractor v11 (ninth session, five branches merged; bench/extraction.py 13:55 UTC): organizations 0.811 (s9-org's
# institution names: dev/ and the variants up, test/ one extra more), people 0.908, places 0.880, speakers 0.877
# (178/203); the dateline finder's new header wordings meet both date goals: dates 1.000 (9/9), published 22/22.
FLOORS: dict[str, float] = {
    "organizations": 0.81, "people": 0.90, "places": 0.88, "speakers": 0.87, "dates": 1.0,
    "published": 1.0,
}
# dev/ is where the rules were tuned; these goals are met there except where a floor is stated (measured, v4,
# 44 dev files / 332 quotes). Twenty harder pages joined dev/ in v4 and lowered the name figures (organizations
# 0.88 -> 0.85, places 0.96 -> 0.87), so those floors are the figures measured on the grown dev/; speakers
# (0.937), dates, publication dates, tickers and money meet their goals there.
# v5: seven more `reader: text` pages (issue 14, third pass: a music review, a deals post, a car launch, a charity
# blog, trade press) joined dev/ and lowered the name figures again (organizations 0.853 -> 0.834, people
# 0.945 -> 0.940); the floors are the figures measured on the grown dev/ (the names are engineer B's part).
# v5 (names pass): ten more pages joined dev/ (54 files / 355 quotes), annotated before any run, among them an
# NHL results round-up (48 players, 20 teams) the small model half misreads: organizations 0.873, places 0.899
# (raised); people 0.939: 0.947 on the 44 older files (0.945 with v4), the new pages hold the misses. One new page
# (Hawaii News Now) states its date as "November 18, 2019 at 2:26 PM HST - Updated ..." under a byline, which the
# reader does not take yet (issue 14's dates part): published 0.986, dates 0.985.
# Both v5 passes merged (61 dev files / 363 quotes, bench/extraction.py 21:45 UTC): organizations 0.856, people
# 0.937, places 0.899, published 0.989 (43/44), dates 0.987; test/ organizations 0.794, people 0.900, places
# 0.845, speakers 0.862, dates 0.947, published 0.977 (21/22).
# v6 (s5-14a, speakers and dates, bench/extraction.py 00:20 UTC): the Hawaii News Now date line is read, so dev/
# meets the publication-date and stated-date goals (44/44, 37/37); test/ speakers 0.862 -> 0.872 (177/203).
# v6 names pass: organizations 0.868, people 0.9502 (the goal, met by one name), places 0.901.
# v7 (s6-14a, classes found by bench/attribution_variants.py, bench/extraction.py 03:38 UTC before the initials
# fix): test/ unchanged (speakers 0.872, dates 0.947, published 21/22), so the floors stay; dev/ speakers 0.967,
# people 0.953 with joined initials kept in one sentence.
# s6-14b names pass: organizations 0.875, people 0.952, places 0.903.
# s7-14p places pass: places 0.944 (the goal, met), organizations 0.874.
# s7-14n name evidence: organizations 0.882, people 0.967; with the US Census given names: 0.881, 0.966.
# s7-14s (speakers and dates, the forms of the grown variant bench; bench/extraction.py 06:28 UTC): dev/
# unchanged (speakers 0.967, dates 37/37, published 44/44); test/ speakers 0.877 -> 0.872 (178 -> 177 of 203,
# never opened), dates 0.947, published 21/22, so the floors stay.
# Merged (v9): organizations 0.882, people 0.967, places 0.946, speakers 0.970 (352/363).
# Eighth session merged (v10): organizations 0.914, people 0.971, places 0.966, speakers 0.978 (355/363).
DEV_FLOORS: dict[str, float] = {"organizations": 0.91}


@pytest.fixture(scope="session")
def gold_scores() -> dict[str, Any]:
    items = load_gold(GOLD)
    results = _extract_chunk([i.article for i in items], load_model(DEFAULT_MODEL))
    out = {}
    for split in ("dev", "test"):
        picked = [(r, i) for r, i in zip(results, items, strict=True) if i.split == split]
        out[split] = score([r for r, _ in picked], [i for _, i in picked])
    return out


def test_gold_set_is_split() -> None:
    dev, test = load_gold(GOLD, "dev"), load_gold(GOLD, "test")
    assert len(dev) >= 16 and len(test) >= 16
    assert sum(i.name.startswith("seed_") for i in dev) == 2
    assert not {i.name for i in dev} & {i.name for i in test}
    assert sum(len(i.gold.get("quotes") or []) for i in dev + test) >= 120


def test_gold_entities_have_only_known_keys() -> None:
    """A name with a comma written unquoted in a YAML flow mapping (`{name: A, B and C}`) is cut at the comma and
    leaves a key with no value: every entity of every gold file has only the keys the annotation rules define."""
    allowed = {"name", "aliases", "role", "organization"}
    for item in load_gold(GOLD):
        for kind in ("organizations", "people", "places"):
            for entity in item.gold.get(kind) or []:
                assert set(entity) <= allowed and entity.get("name"), f"{item.split}/{item.name}: {kind}: {entity}"


@pytest.mark.parametrize("kind", sorted(GOALS))
def test_test_split_meets_goal_or_floor(gold_scores: dict[str, Any], kind: str) -> None:
    value = headline(gold_scores["test"])[kind]
    floor = min(GOALS[kind], FLOORS.get(kind, GOALS[kind]))
    assert value >= floor - 1e-9, f"test/ {kind} {value:.3f} < {floor}"


@pytest.mark.parametrize("kind", sorted(GOALS))
def test_dev_split_meets_goal_or_floor(gold_scores: dict[str, Any], kind: str) -> None:
    value = headline(gold_scores["dev"])[kind]
    floor = min(GOALS[kind], DEV_FLOORS.get(kind, GOALS[kind]))
    assert value >= floor - 1e-9, f"dev/ {kind} {value:.3f} < {floor}: {gold_scores['dev'][kind].misses}"


def test_scorer_counts_misses() -> None:
    """The scorer itself: an empty extraction scores zero recall on a gold file with facts."""
    from briefsite.extract.models import Facts

    items = [i for i in load_gold(GOLD, "dev") if i.name == "seed_004"]
    tallies = score([Facts()], items)
    assert tallies["organizations"].recall == 0.0 and tallies["organizations"].fn == 7
    assert tallies["quotes"].tp == 0 and tallies["speakers"].fn == 5


def test_scorer_counts_the_stated_publication_date() -> None:
    """A text that states its date and a reader that misses it: one miss; a found date where none is stated:
    one extra."""
    from dataclasses import replace

    from briefsite.extract.models import Facts

    item = next(i for i in load_gold(GOLD, "dev") if i.gold.get("reader") == "text" and i.gold.get("published"))
    assert headline(score([Facts()], [item]))["published"] == 1.0
    missed = replace(item, article=replace(item.article, published=None, published_from=None))
    assert score([Facts()], [missed])["published"].fn == 1
    invented = replace(item, gold={**item.gold, "published": None})
    assert score([Facts()], [invented])["published"].fp == 1
