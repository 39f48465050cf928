"""Hand edits through the whole pipeline, as a new user would make them: normalize, edit a sheet, change the
article, rebuild; conflicts, `check`, `resolve`, orphans and an extractor bump.

The extractor is replaced by a small deterministic fake: the real one needs a spaCy model and is another
engineer's module; these tests are about what happens to its output."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefsite import pipeline
from briefsite.config import Project, load_project
from briefsite.errors import BriefsiteError, Report
from briefsite.extract.models import Facts
from briefsite.facts import yamlio
from briefsite.facts.resolve import resolve
from briefsite.facts.store import pending_problems
from briefsite.read.models import RawArticle

SHEET = "facts/000_04c23cf0a20b8793.yaml"
SEED = "seeds/000_04c23cf0a20b8793.txt"
CORE = "is absolutely core to this"
FIELD = f'quotes[text="{CORE}"].speaker'
NAMES = ("Microsoft", "Walmart", "Amazon", "Google", "Reuters", "Flipkart", "Jet.com", "The Wall Street Journal")
_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def fake_facts(article: RawArticle) -> Facts:
    """Facts the text plainly states: an organization per known name, a quote per quoted span of three words
    or more (said by Satya Nadella when his paragraph names him), evidence = paragraph number."""
    facts = Facts()
    for name in NAMES:
        paragraphs = [n for n, p in enumerate(article.paragraphs, 1) if name in p]
        if paragraphs:
            facts.organizations.append({"name": name, "aliases": [], "evidence": paragraphs[:1]})
    for number, paragraph in enumerate(article.paragraphs, 1):
        for match in _QUOTED.finditer(paragraph):
            text = match.group(1).strip().rstrip(",.?")
            if len(text.split()) >= 3:
                speaker = "Satya Nadella" if "Satya Nadella" in paragraph else None
                facts.quotes.append({"text": text, "speaker": speaker, "via": None, "evidence": [number]})
    return facts


@pytest.fixture
def extractor(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """`briefsite.extract.article` replaced by the fake; set `.EXTRACTOR_VERSION` to simulate an upgrade."""
    module = types.ModuleType("briefsite.extract.article")
    module.EXTRACTOR_VERSION = 1  # type: ignore[attr-defined]
    module.calls = []  # type: ignore[attr-defined]

    def extract_many(articles: list[RawArticle], **_: Any) -> list[Facts]:
        module.calls.append([a.file for a in articles])  # type: ignore[attr-defined]
        return [fake_facts(a) for a in articles]

    module.extract_many = extract_many  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "briefsite.extract.article", module)
    return module


@pytest.fixture
def project(site_dir: Path, extractor: types.ModuleType) -> Iterator[Project]:
    """A site with both seeds normalized once."""
    project = load_project(site_dir)
    report = pipeline.normalize(project, progress=False)
    assert report.ok, report.errors
    yield project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _sheet(project: Project) -> dict[str, Any]:
    data: dict[str, Any] = yamlio.to_plain(yamlio.load((project.root / SHEET).read_text("utf-8"), SHEET))
    return data


def _quote(project: Project, text: str) -> dict[str, Any]:
    return next(q for q in _sheet(project)["quotes"] if q["text"] == text)


def _person_edits(project: Project) -> None:
    """What a reviewer does: fix the speaker, say why in a comment."""
    path = project.root / SHEET
    _edit(path, f"  - text: {CORE}\n    speaker: Satya Nadella\n",
          f"  - text: {CORE}\n    speaker: Satya Nadella, Microsoft CEO  # as the WSJ interview says\n")
    _edit(path, "topics:", "# reviewed by the desk on 2018-07-19\ntopics:")


def _article_changes(project: Project, extra: str) -> None:
    with (project.root / SEED).open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + extra + "\n")


def test_a_new_user_edits_a_sheet_changes_the_article_and_rebuilds(project: Project) -> None:
    assert _quote(project, CORE)["speaker"] == "Satya Nadella"
    _person_edits(project)
    _article_changes(project, 'Google declined to comment, while Reuters said the deal "will reshape grocery '
                              'retail in America."')

    report = pipeline.normalize(project, progress=False)

    assert report.ok, report.errors
    assert report.written == [SHEET, "facts/.base/000_04c23cf0a20b8793.yaml"]
    text = (project.root / SHEET).read_text("utf-8")
    assert "speaker: Satya Nadella, Microsoft CEO  # as the WSJ interview says\n" in text
    assert "# reviewed by the desk on 2018-07-19\ntopics:" in text
    sheet = _sheet(project)
    assert {"Google", "Reuters"} <= {o["name"] for o in sheet["organizations"]}
    assert _quote(project, "will reshape grocery retail in America")["speaker"] is None
    rendered = pipeline.render(project)
    assert rendered.ok, rendered.errors
    pages = "\n".join(p.read_text("utf-8") for p in project.briefings.rglob("*.md"))
    assert "Satya Nadella, Microsoft CEO" in pages
    assert "will reshape grocery retail in America" in pages


def test_a_rebuild_with_no_change_writes_nothing(project: Project, extractor: types.ModuleType) -> None:
    _person_edits(project)
    before = {p: p.read_bytes() for p in project.facts.rglob("*") if p.is_file()}
    report = pipeline.normalize(project, progress=False)
    assert report.ok and report.written == []
    assert len(extractor.calls) == 1  # the first normalize; nothing was re-extracted
    assert {p: p.read_bytes() for p in project.facts.rglob("*") if p.is_file()} == before


def _conflict(project: Project) -> tuple[Report, bytes]:
    """The person and the extractor both change the speaker of one quote, differently; returns the report
    of the rebuild and the person's file as it was before it."""
    _person_edits(project)
    _edit(project.root / SEED, "CEO of Microsoft Satya Nadella saying", "its chief executive saying")
    before = (project.root / SHEET).read_bytes()
    return pipeline.normalize(project, progress=False), before


def test_a_conflict_leaves_the_sheet_alone_writes_new_and_fails_with_field_and_values(project: Project) -> None:
    report, before = _conflict(project)
    [problem] = [p for p in report.errors if p.field == FIELD]
    assert problem.path == SHEET
    assert "yours 'Satya Nadella, Microsoft CEO', new None" in problem.message
    assert (project.root / SHEET).read_bytes() == before
    row = before.decode().splitlines()[problem.line - 1]  # type: ignore[operator]
    assert row.startswith("    speaker: Satya Nadella, Microsoft CEO")
    pending = yamlio.load((project.root / (SHEET + ".new")).read_text("utf-8"), "new")
    assert next(q for q in pending["quotes"] if q["text"] == CORE)["speaker"] is None
    assert not pipeline.normalize(project, progress=False).ok  # still failing until resolved
    assert [str(p) for p in pending_problems(project)] == [str(problem)]


def test_check_fails_with_file_field_and_both_values_until_resolved(project: Project) -> None:
    _conflict(project)
    problems = pipeline.check(project).errors
    assert any(p.path == SHEET and p.field == FIELD and "'Satya Nadella, Microsoft CEO'" in p.message
               for p in problems), problems


def test_keep_mine_keeps_the_persons_value_and_the_conflict_does_not_come_back(project: Project) -> None:
    _conflict(project)
    report = resolve(project, SHEET, "mine")
    assert report.notes == [f"{SHEET}: {FIELD}: kept your value 'Satya Nadella, Microsoft CEO' (not None)"]
    assert not (project.root / (SHEET + ".new")).exists()
    assert _quote(project, CORE)["speaker"] == "Satya Nadella, Microsoft CEO"
    assert "# reviewed by the desk" in (project.root / SHEET).read_text("utf-8")
    assert pipeline.check(project).ok
    again = pipeline.normalize(project, progress=False)
    assert again.ok and again.written == []


def test_take_new_takes_the_extractors_value_and_keeps_the_rest(project: Project) -> None:
    _conflict(project)
    resolve(project, project.root / (SHEET + ".new"), "new")
    assert not (project.root / (SHEET + ".new")).exists()
    assert _quote(project, CORE)["speaker"] is None
    assert "# reviewed by the desk" in (project.root / SHEET).read_text("utf-8")
    assert pipeline.check(project).ok
    assert pipeline.normalize(project, progress=False).written == []


def test_resolve_without_a_conflict_or_outside_facts_is_a_clear_error(project: Project) -> None:
    with pytest.raises(BriefsiteError, match="no conflict to resolve"):
        resolve(project, SHEET, "mine")
    with pytest.raises(BriefsiteError, match="not a fact sheet of this site"):
        resolve(project, SEED, "mine")


RunCli = Callable[..., Any]


def test_the_resolve_verb(project: Project, run_cli: RunCli) -> None:
    _conflict(project)
    checked = run_cli(project.root, "check")
    assert checked.returncode == 1
    assert f"{SHEET}:" in checked.stderr and FIELD in checked.stderr
    usage = run_cli(project.root, "resolve", SHEET)
    assert usage.returncode == 2 and "--keep-mine" in usage.stderr
    both = run_cli(project.root, "resolve", SHEET, "--keep-mine", "--take-new")
    assert both.returncode == 2
    done = run_cli(project.root, "resolve", SHEET, "--keep-mine")
    assert done.returncode == 0, done.stderr
    assert run_cli(project.root, "check").returncode == 0
    assert run_cli(project.root, "resolve", SHEET, "--keep-mine").returncode == 1


def test_an_orphan_sheet_is_kept_and_reported(project: Project) -> None:
    (project.root / "seeds/004_53d5a015a391f8b4.txt").unlink()
    report = pipeline.normalize(project, progress=False)
    assert report.ok
    assert len(report.notes) == 1
    assert report.notes[0].startswith("facts/004_53d5a015a391f8b4.yaml: orphan: its article is no longer in seeds/")
    assert (project.facts / "004_53d5a015a391f8b4.yaml").exists()


def test_an_extractor_bump_re_extracts_everything_and_keeps_hand_edits(
    project: Project, extractor: types.ModuleType
) -> None:
    _person_edits(project)
    extractor.EXTRACTOR_VERSION = 2
    report = pipeline.normalize(project, progress=False)
    assert report.ok, report.errors
    assert sorted(extractor.calls[-1]) == [SEED, "seeds/004_53d5a015a391f8b4.txt"]
    assert _sheet(project)["extractor"] == 2
    assert _quote(project, CORE)["speaker"] == "Satya Nadella, Microsoft CEO"
    assert "# as the WSJ interview says" in (project.root / SHEET).read_text("utf-8")
    assert pipeline.normalize(project, progress=False).written == []
