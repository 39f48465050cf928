"""Stories: grouping articles into stories (on the hand-labelled set in tests/grouping) and merging facts."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefsite.extract.models import Facts
from briefsite.facts.schema import ArticleSheet
from briefsite.facts.sheet import article_id, build_sheet, validate_article, validate_story
from briefsite.read.models import RawArticle
from briefsite.read.readers import read
from briefsite.read.sentences import split_sentences
from briefsite.stories.grouping import b_cubed, story_id
from briefsite.stories.merge import ArticleInfo, draft_story_sheet, group, merge

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests" / "grouping"))
import testset  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
STORY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


@pytest.fixture(scope="module")
def labelled() -> list[testset.Labelled]:
    return testset.load(ROOT)


@pytest.fixture(scope="module")
def grouped(labelled: list[testset.Labelled]) -> dict[str, str]:
    return group([item.article for item in labelled], {})


def _gold(labelled: list[testset.Labelled]) -> dict[str, str]:
    return {item.article.id: item.gold for item in labelled}


def _partition(assignment: dict[str, str], ids: set[str] | None = None) -> set[frozenset[str]]:
    """The stories as sets of article ids (ids are names, the partition is what must hold), limited to `ids`."""
    members: dict[str, set[str]] = {}
    for article, story in assignment.items():
        if ids is None or article in ids:
            members.setdefault(story, set()).add(article)
    return {frozenset(m) for m in members.values()}


def _unrelated_corpus_articles(count: int, known: set[str]) -> list[ArticleInfo]:
    """`count` real corpus articles that are not in the grouping set (no label says they report its events),
    undated: the hardest case, content alone decides."""
    truth_file = SHARED / "corpus" / "scrapinghub-aeb" / "ground-truth.json"
    if not truth_file.exists():
        pytest.skip("the shared corpus is not available")
    truth = json.loads(truth_file.read_text("utf-8"))
    out = []
    for key in sorted(truth):
        if f"aeb-{key[:10]}" in known or len(out) == count:
            continue
        out.append(ArticleInfo(f"corpus-{key[:10]}", None, None, truth[key]["articleBody"]))
    for path in sorted((SHARED / "corpus" / "newspaper4k" / "txt").glob("*.txt")):
        name = f"n4k-{path.stem}".replace("_", "-")
        if name not in known and len(out) < count:
            out.append(ArticleInfo(f"corpus-{name}", None, None, path.read_text("utf-8")))
    assert len(out) == count
    return out


# --- grouping -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("split", testset.SPLITS)
def test_grouping_set_meets_b_cubed_goal(labelled: list[testset.Labelled], grouped: dict[str, str],
                                         split: str) -> None:
    """Grouped together, scored per split: dev (tuned on) and test (held out); goal F1 >= 0.95 on both."""
    ids = [item.article.id for item in labelled if item.split == split]
    gold = _gold(labelled)
    precision, recall, f1 = b_cubed({i: grouped[i] for i in ids}, {i: gold[i] for i in ids})
    assert f1 >= 0.95, (split, precision, recall, f1)


def test_split_is_by_event_and_test_has_multi_source_events(labelled: list[testset.Labelled]) -> None:
    split_of: dict[str, set[str]] = {}
    for item in labelled:
        split_of.setdefault(item.gold, set()).add(item.split)
        assert item.split == ("test" if hashlib.sha256(item.gold.encode()).hexdigest()[0] in "01234567" else "dev")
    assert all(len(splits) == 1 for splits in split_of.values())
    sizes: dict[str, int] = {}
    for item in labelled:
        if item.split == "test":
            sizes[item.gold] = sizes.get(item.gold, 0) + 1
    assert sum(n >= 3 for n in sizes.values()) >= 5


def test_set_has_real_near_misses(labelled: list[testset.Labelled]) -> None:
    gold = _gold(labelled)
    assert len(labelled) >= 50 and len(set(gold.values())) >= 30
    assert sum(item.synthetic for item in labelled) <= 2  # the rest are real articles


def test_the_two_seeds_form_one_story(grouped: dict[str, str]) -> None:
    seed_ids = [article_id(f"seeds/{p.name}") for p in SEEDS]
    assert len(seed_ids) == 2 and grouped[seed_ids[0]] == grouped[seed_ids[1]]
    # the same companies in other events stay apart: Microsoft's cashier-less talks a month earlier and its
    # Kroger partnership half a year later
    assert grouped["msft-cashierless-2018-06"] != grouped[seed_ids[0]]
    assert grouped["msft-kroger-2019-01"] != grouped[seed_ids[0]]
    # the story is named after its founding article: the dated seed with a title
    assert grouped[seed_ids[0]].startswith("2018-07-18-")


def test_same_company_different_event_stays_apart(grouped: dict[str, str]) -> None:
    wework_probe = grouped["aeb-1ace8c85aa"]
    assert grouped["aeb-06e5123e4e"] == wework_probe  # two reports of the NY attorney general's inquiry
    apple = {grouped[i] for i in ("aeb-232a43fb15", "aeb-65bf3048b5", "aeb-291a8bf33e")}
    assert len(apple) == 3  # 13-inch rumour, 16-inch review, Tim Cook at Dreamforce
    assert grouped["aeb-c58aa507c4"] != grouped["aeb-87bf60570e"]  # Epstein guards charged vs Andrew interview


def test_near_misses_stay_apart_from_their_events(labelled: list[testset.Labelled], grouped: dict[str, str]) -> None:
    """Stories labelled as near misses (same companies, people or topic; another event) are not merged: at least
    85% of the near-miss pairs stay apart (6 of 46 pairs merge today, listed in the issue-15 report)."""
    records = [json.loads(line) for line in (ROOT / "tests" / "grouping" / "articles.jsonl").read_text("utf-8")
               .splitlines()]
    pairs = {frozenset((r["story"], other)) for r in records for other in r.get("near_miss_of", ())}
    gold = _gold(labelled)
    together: dict[str, set[str]] = {}
    for article, story in grouped.items():
        together.setdefault(story, set()).add(gold[article])
    merged = [sorted(p) for p in pairs if any(p <= stories for stories in together.values())]
    assert len(pairs) >= 40 and len(merged) <= 0.15 * len(pairs), merged


# --- metamorphic: what a person expects to hold ----------------------------------------------------------


def test_metamorphic_adding_100_unrelated_articles_changes_no_story(labelled: list[testset.Labelled],
                                                                   grouped: dict[str, str]) -> None:
    known = {item.article.id for item in labelled}
    extra = _unrelated_corpus_articles(100, known)
    after = group([item.article for item in labelled] + extra, {})
    assert _partition(after, known) == _partition(grouped)


def test_metamorphic_shuffling_input_changes_nothing(labelled: list[testset.Labelled],
                                                     grouped: dict[str, str]) -> None:
    articles = [item.article for item in labelled]
    for seed in range(3):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert group(shuffled, {}) == grouped


def _correct_homes(labelled: list[testset.Labelled], grouped: dict[str, str]) -> dict[str, frozenset[str]]:
    """Each article that the grouping puts with exactly its gold story mates (stories of 2 or more): its home."""
    gold = _gold(labelled)
    homes = {}
    for members in _partition(grouped):
        if len(members) > 1 and {i for i, g in gold.items() if g == gold[next(iter(members))]} == members:
            homes.update({i: members for i in members})
    return homes


def _stays_home(labelled: list[testset.Labelled], grouped: dict[str, str], change: Any) -> int:
    """Change one correctly grouped article at a time; it must stay with every one of its story mates."""
    probed = 0
    for article_id_, home in sorted(_correct_homes(labelled, grouped).items()):
        original = next(i.article for i in labelled if i.article.id == article_id_)
        changed = change(original)
        if changed is None:
            continue
        after = group([changed if i.article.id == article_id_ else i.article for i in labelled], {})
        assert {after[i] for i in home} == {after[article_id_]}, (article_id_, sorted(home))
        probed += 1
    return probed


def test_metamorphic_removing_a_date_does_not_move_a_matching_article(labelled: list[testset.Labelled],
                                                                      grouped: dict[str, str]) -> None:
    """Every dated report grouped with its gold story mates stays with them once its date is gone."""
    def undate(article: ArticleInfo) -> ArticleInfo | None:
        return dataclasses.replace(article, published=None) if article.published else None

    assert _stays_home(labelled, grouped, undate) >= 20


def test_metamorphic_truncating_to_2000_characters_keeps_stories(labelled: list[testset.Labelled],
                                                                 grouped: dict[str, str]) -> None:
    """Excerpts and teasers: a report grouped with its gold story mates stays with them when cut to its first
    2,000 characters."""
    def cut(article: ArticleInfo) -> ArticleInfo | None:
        return dataclasses.replace(article, text=article.text[:2000]) if len(article.text) > 2000 else None

    assert _stays_home(labelled, grouped, cut) >= 20


def test_story_ids_are_safe_slugs(grouped: dict[str, str]) -> None:
    for story in grouped.values():
        assert STORY_ID.match(story), story


def test_grouping_does_not_depend_on_hash_seed(grouped: dict[str, str]) -> None:
    code = (
        "import json, sys; sys.path.insert(0, 'tests/grouping'); import testset; "
        "from briefsite.stories.merge import group; "
        "print(json.dumps(group([i.article for i in testset.load()], {}), sort_keys=True))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == grouped


def test_adding_an_article_changes_no_other_story_id(labelled: list[testset.Labelled]) -> None:
    articles = [item.article for item in labelled]
    late = "aeb-ac1bfdd4c5"  # Rolling Stone on the Doobie Brothers tour, joining Billboard and cleveland.com
    before = group([a for a in articles if a.id != late], {})
    after = group(articles, before)
    assert {k: v for k, v in after.items() if k != late} == before
    assert after[late] == before["aeb-9cb8224b66"]


def test_previous_assignment_is_kept_even_when_the_founder_is_gone(labelled: list[testset.Labelled]) -> None:
    articles = [item.article for item in labelled]
    before = group(articles, {})
    founder_gone = [a for a in articles if a.id != "aeb-7bb1ca9035"]  # one of the four duvet reports
    after = group(founder_gone, before)
    assert after == {k: v for k, v in before.items() if k != "aeb-7bb1ca9035"}


def test_pin_set_by_hand_wins(labelled: list[testset.Labelled]) -> None:
    by_id = {item.article.id: item.article for item in labelled}
    articles = [a for a in by_id.values() if a.id not in ("aeb-bc13ff87b2", "aeb-06e5123e4e")]
    articles += [
        _pinned(by_id["aeb-bc13ff87b2"], "wework-troubles"),  # layoffs: a different event, merged by a person
        _pinned(by_id["aeb-06e5123e4e"], "wework-troubles"),
    ]
    result = group(articles, {"aeb-06e5123e4e": "machine-id", "aeb-1ace8c85aa": "machine-id"})
    assert result["aeb-bc13ff87b2"] == result["aeb-06e5123e4e"] == "wework-troubles"
    assert result["aeb-1ace8c85aa"] == "machine-id"  # previous assignment of the other report kept


def _pinned(article: ArticleInfo, story: str) -> ArticleInfo:
    return dataclasses.replace(article, pin=story)


def test_story_id_is_capped_and_stable() -> None:
    founder = ArticleInfo("x-1", "Title", "2019-11-18T09:00:00-05:00", "")
    long_terms = ["supercalifragilistic" * 2, "antidisestablishmentarianism", "pneumonoultramicroscopic"]
    made = story_id(founder, long_terms)
    assert len(made) <= 60 and STORY_ID.match(made) and made.startswith("2019-11-18-")
    assert story_id(founder, long_terms) == made
    assert story_id(ArticleInfo("x-2", None, None, ""), []) != made


# --- merging --------------------------------------------------------------------------------------------

# Facts a minimal, hand-made extraction looks for; a fact is only recorded for an article whose text states it.
_ORGS = ["Microsoft", "Walmart", "Amazon", "Jet.com", "Flipkart", "The Wall Street Journal"]
_PEOPLE = {"Satya Nadella": "CEO"}
_QUOTES = {"is absolutely core to this": "Satya Nadella"}


def _sheet(raw: RawArticle) -> ArticleSheet:
    sentences = split_sentences(raw.paragraphs)

    def evidence(phrase: str) -> list[int]:
        return [s.index for s in sentences if phrase in s.text]

    facts = Facts()
    facts.organizations = [{"name": n, "evidence": evidence(n)} for n in _ORGS if evidence(n)]
    facts.people = [{"name": n, "role": r, "organization": "Microsoft", "evidence": evidence(n)}
                    for n, r in _PEOPLE.items() if evidence(n)]
    facts.quotes = [{"text": q, "speaker": s, "evidence": evidence(q)} for q, s in _QUOTES.items() if evidence(q)]
    money = re.search(r"\$3\.3 billion acquisition of Jet\.com", raw.text)
    if money:
        facts.money = [{"text": "$3.3 billion", "amount": 3.3e9, "currency": "USD", "refers_to": "Jet.com acquisition",
                        "evidence": evidence("$3.3 billion")}]
    facts.key_points = [{"text": s.text, "evidence": [s.index]} for s in sentences[:2]]
    return validate_article(build_sheet(raw, facts, extractor=1), raw.file)


@pytest.fixture(scope="module")
def seed_sheets() -> list[ArticleSheet]:
    return [_sheet(read(path, ROOT)) for path in SEEDS]


def _find(facts: list[Any], name: str) -> Any:
    return next(f for f in facts if f.value.get("name") == name or f.value.get("text") == name)


def test_merged_seed_facts_list_both_sources(seed_sheets: list[ArticleSheet]) -> None:
    ids = tuple(s.id for s in seed_sheets)
    story = merge("walmart-microsoft", seed_sheets)
    assert story.articles == ids  # oldest first; the undated seed last
    for name in ("Microsoft", "Walmart", "Amazon"):
        assert _find(story.facts["organizations"], name).sources == ids
    nadella = _find(story.facts["people"], "Satya Nadella")
    assert nadella.sources == ids and all(nadella.evidence[i] for i in ids)
    assert _find(story.facts["quotes"], "is absolutely core to this").sources == ids
    # stated by one source only
    assert _find(story.facts["organizations"], "Jet.com").sources == (ids[1],)
    assert _find(story.facts["money"], "$3.3 billion").sources == (ids[1],)
    assert story.conflicts == []
    assert story.first_published == story.last_published == "2018-07-18T09:31:00+05:30"


def test_story_sheet_draft_is_valid_and_extractive(seed_sheets: list[ArticleSheet]) -> None:
    story = merge("2018-07-18-walmart-microsoft-abc123", seed_sheets)
    sheet = draft_story_sheet(story)
    model = validate_story(sheet, "facts/stories/x.yaml")
    assert model.headline == seed_sheets[0].title  # the only titled source
    texts = {k.text for s in seed_sheets for k in s.key_points} | {s.dek for s in seed_sheets}
    assert sheet["summary"] in texts
    assert sheet["why_it_matters"] is None or sheet["why_it_matters"] in texts
    assert sheet["articles"] == [s.id for s in seed_sheets]


def _variant(sheet: ArticleSheet, new_id: str, **facts: Any) -> ArticleSheet:
    data = sheet.model_dump(by_alias=True)
    data.update(id=new_id, **facts)
    return ArticleSheet.model_validate(data)


def test_disagreements_are_conflicts_with_both_values_and_sources(seed_sheets: list[ArticleSheet]) -> None:
    base = seed_sheets[1]
    other = _variant(
        base, "other-outlet",
        money=[{"text": "$3 billion", "amount": 3e9, "currency": "USD", "refers_to": "Jet.com acquisition"}],
        people=[{"name": "Satya Nadella", "role": "chairman", "organization": "Microsoft"}],
        dates=[{"text": "August 2016", "value": "2016-08", "event": "Jet.com acquisition"}],
    )
    story = merge("s", [base, other])
    by_field = {(c.kind, c.field): c for c in story.conflicts}
    amount = by_field[("money", "amount")]
    assert dict(amount.values) == {"$3.3 billion": (base.id,), "$3 billion": ("other-outlet",)}
    assert amount.question == "how much: Jet.com acquisition"
    role = by_field[("people", "role")]
    assert dict(role.values) == {"CEO": (base.id,), "chairman": ("other-outlet",)}
    assert role.question == "Satya Nadella's role"  # in words, never a field name
    assert [(e.event, e.sources) for e in story.timeline] == [("Jet.com acquisition", ("other-outlet",))]


def test_quotes_match_despite_different_spans(seed_sheets: list[ArticleSheet]) -> None:
    longer = _variant(seed_sheets[1], "longer-quote", quotes=[
        {"text": "It is absolutely core to this", "speaker": "Nadella"}])
    story = merge("s", [seed_sheets[0], longer])
    quote = _find(story.facts["quotes"], "is absolutely core to this")
    assert quote.sources == (seed_sheets[0].id, "longer-quote")
    assert [c.field for c in story.conflicts if c.kind == "quotes"] == []  # "Nadella" is "Satya Nadella"
    other = _variant(seed_sheets[1], "other-speaker", quotes=[
        {"text": "It is absolutely core to this", "speaker": "Doug McMillon"}])
    conflict = next(c for c in merge("s", [seed_sheets[0], other]).conflicts if c.kind == "quotes")
    assert conflict.question == "who said “is absolutely core to this”"
    assert dict(conflict.values) == {"Satya Nadella": (seed_sheets[0].id,), "Doug McMillon": ("other-speaker",)}


def test_one_source_never_disagrees_with_itself(seed_sheets: list[ArticleSheet]) -> None:
    both = _variant(seed_sheets[1], "two-amounts", money=[
        {"text": "$3.3 billion", "amount": 3.3e9, "currency": "USD", "refers_to": "Jet.com acquisition"},
        {"text": "$3 billion", "amount": 3e9, "currency": "USD", "refers_to": "Jet.com acquisition"}],
        dates=[{"text": "2016", "value": "2016", "event": "The deal closed in 2016 and was announced in 2015."},
               {"text": "2015", "value": "2015", "event": "The deal closed in 2016 and was announced in 2015."}])
    story = merge("s", [seed_sheets[0], both])
    assert story.conflicts == []
    assert len(story.timeline) == 1  # one sentence, one row


def test_a_statement_several_sources_make_is_one_bullet_with_all_its_sources(seed_sheets: list[ArticleSheet]) -> None:
    first, second = seed_sheets
    point = "Walmart has chosen Microsoft as its preferred cloud provider for its stores."
    a = _variant(first, "outlet-a", key_points=[{"text": point, "evidence": [4]}])
    b = _variant(second, "outlet-b", key_points=[
        {"text": "Walmart has chosen Microsoft as its preferred and strategic cloud provider for stores.",
         "evidence": [2]}])
    c = _variant(second, "outlet-c", key_points=[{"text": "Shares rose.", "evidence": [1]}])
    bodies = {"outlet-c": [(1, "Shares rose."), (7, "Walmart chose Microsoft as its preferred cloud provider.")]}
    story = merge("s", [a, b, c], bodies)
    top = story.key_points[0]
    assert top.value["text"] == point and set(top.sources) == {"outlet-a", "outlet-b", "outlet-c"}
    assert top.evidence["outlet-c"] == [7]
    assert [k.value["text"] for k in story.key_points].count(point) == 1
    assert len(story.key_points) <= 5


def test_why_it_matters_is_a_cited_motive_sentence_or_nothing(seed_sheets: list[ArticleSheet]) -> None:
    first = _variant(seed_sheets[0], "plain", dek=None,
                     key_points=[{"text": "Shares rose on Monday.", "evidence": [1]}])
    assert merge("s", [first], {"plain": [(1, "Shares rose on Monday."), (2, "The market closed.")]}).why is None
    bodies = {"plain": [(1, "Shares rose on Monday."),
                        (2, "The deal is designed to help the retailer compete with Amazon in the cloud.")]}
    story = merge("s", [first], bodies)
    assert story.why is not None and story.why.sources == ("plain",) and story.why.evidence == {"plain": [2]}
    assert story.why_it_matters == bodies["plain"][1][1]


def test_timeline_resolves_a_month_against_the_article_date_and_sorts(seed_sheets: list[ArticleSheet]) -> None:
    dated, undated = seed_sheets  # 2018-07-18 and no date
    event = "Amazon opened its first Go store in Seattle in January."
    a = _variant(dated, "dated", dates=[
        {"text": "in January", "value": None, "relative": True, "event": event},
        {"text": "yesterday", "value": "2018-07-17", "relative": True, "event": "It was announced yesterday."},
        {"text": "2017", "value": "2017", "event": "It started in 2017."}])
    b = _variant(undated, "undated", dates=[{"text": "in March", "value": None, "relative": True,
                                              "event": "It launched in March."}])
    story = merge("s", [a, b])
    assert [(e.value, e.text) for e in story.timeline] == [
        ("2017", "2017"), ("2018-01", "in January"), ("2018-07-17", "yesterday"), (None, "in March")]
