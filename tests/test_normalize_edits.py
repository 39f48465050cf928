"""`normalize` after hand edits of fact sheets only (issue 17): it keeps the last settled run's survey and story
membership and looks at the edited sheets alone, and its output must equal a from-scratch `normalize` of the
same folder: byte-identical facts/ and the same report, also when an edit moves an article to another story or
makes a sheet invalid (then it runs in full)."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest

from briefsite import pipeline
from briefsite.config import load_project
from briefsite.facts import fastyaml, store
from tests.conftest import RunCli, copy_site

SHEETS = ("000_04c23cf0a20b8793", "004_53d5a015a391f8b4")
STORY = "facts/stories/2018-07-18-microsoft-walmart-amazon-b20451.yaml"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _report(root: Path) -> dict[str, object]:
    record = json.loads((root / ".briefsite-cache" / "normalize.json").read_text("utf-8"))
    return {key: record[key] for key in ("warnings", "notes", "errors")}


def _replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text("utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, pattern
    path.write_text(changed, "utf-8")


KINDS = ["role", "title", "story sheet", "move", "invalid", "role", "title", "story sheet"]


def _edit(root: Path, rng: random.Random, round_: int, kind: str) -> str:
    """One hand edit a person would make, in a random sheet; returns what it was."""
    sheet = root / "facts" / f"{rng.choice(SHEETS)}.yaml"
    if kind == "role":
        _replace(sheet, r"^(    role: ).*$", rf"\g<1>Chief executive {round_}")
    elif kind == "title":
        _replace(sheet, r"^title:.*$", f"title: A title set by hand, round {round_}")
    elif kind == "story sheet":
        _replace(root / STORY, r"^headline:.*$", f"headline: A headline set by hand, round {round_}")
    elif kind == "move":  # a person pins the article to a story of their own
        _replace(sheet, r"^story:.*$", f"story: a-story-of-my-own-{round_}")
    else:  # a list where the schema wants text: reported with its line, the rest goes on
        _replace(sheet, r"^title:.*$", "title: [not, a, title]")
    return f"{kind} in {sheet.name}"


def test_normalize_after_random_hand_edits_equals_a_from_scratch_normalize(tmp_path: Path, run_cli: RunCli) -> None:
    root = copy_site(tmp_path / "edited", facts=True)
    assert run_cli(root, "normalize").returncode == 0
    rng = random.Random(17)
    kinds = rng.sample(KINDS, len(KINDS))  # every kind of edit, in a random order
    for round_, kind in enumerate(kinds):
        done = _edit(root, rng, round_, kind)
        scratch = tmp_path / f"scratch-{round_}"
        shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".briefsite-cache"))
        ours, theirs = run_cli(root, "normalize"), run_cli(scratch, "normalize")
        assert (ours.returncode, ours.stdout, ours.stderr.replace(str(root), "ROOT")) == (
            theirs.returncode, theirs.stdout, theirs.stderr.replace(str(scratch), "ROOT")), done
        assert _tree(root / "facts") == _tree(scratch / "facts"), done
        assert _report(root) == _report(scratch), done
        if "invalid" in done or "move" in done:  # put the sheet right again for the next round
            shutil.rmtree(root / "facts")
            shutil.copytree(Path(__file__).resolve().parent.parent / "facts", root / "facts")
            assert run_cli(root, "normalize").returncode == 0


def test_a_role_edit_reads_no_article_and_validates_only_the_edited_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_site(tmp_path / "site", facts=True)
    project = load_project(root)
    assert pipeline.normalize(project, progress=False).ok
    store.forget()
    fastyaml.forget()  # as a new process: nothing remembered but the cache folder
    _replace(root / "facts" / f"{SHEETS[0]}.yaml", r"^(    role: ).*$", r"\g<1>Chief executive")

    def no_survey(*_: object, **__: object) -> None:
        raise AssertionError("the articles were read again")

    monkeypatch.setattr(pipeline, "survey", no_survey)
    validated: list[str] = []
    load = store._load_article_now
    monkeypatch.setattr(store, "_load_article_now", lambda path, rel: validated.append(rel) or load(path, rel))
    report = pipeline.normalize(project, progress=False)
    assert report.ok, report.errors
    # the edited sheet, then its story's members to draft the story again (here both articles): no other sheet
    assert validated == [f"facts/{SHEETS[0]}.yaml", f"facts/{SHEETS[1]}.yaml"]
    assert report.written == []  # a role is not part of the story sheet drafted again from it


def test_a_stale_state_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new article (or a state left by another run than the last) makes normalize run in full."""
    root = copy_site(tmp_path / "site", facts=True)
    project = load_project(root)
    assert pipeline.normalize(project, progress=False).ok
    state = root / ".briefsite-cache" / "normalize-state.json"
    assert state.exists()
    stale = state.read_bytes()
    _replace(root / "facts" / f"{SHEETS[0]}.yaml", r"^(    role: ).*$", r"\g<1>Chief executive")
    assert pipeline.normalize(project, progress=False).ok
    state.write_bytes(stale)  # the state of the run before the last one
    _replace(root / "facts" / f"{SHEETS[0]}.yaml", r"^(    role: ).*$", r"\g<1>Chief")
    surveyed: list[bool] = []
    survey = pipeline.survey
    monkeypatch.setattr(pipeline, "survey", lambda *a, **k: surveyed.append(True) or survey(*a, **k))
    assert pipeline.normalize(project, progress=False).ok
    assert surveyed == [True]


def test_the_sheet_memo_survives_a_new_process_with_any_text(tmp_path: Path) -> None:
    """`sheets.json` keeps each sheet's data as one line: text with line or paragraph separators, tabs and
    newlines must come back as it was parsed."""
    sheet = tmp_path / "a.yaml"
    sheet.write_text('id: a\ntitle: "one\\ttwo\\nthree\u2028four\u2029five \\"six\\""\n', "utf-8")
    fastyaml.forget()
    parsed = fastyaml.read_plain(sheet)
    memo = tmp_path / "sheets.json"
    fastyaml.save_memo(memo)
    fastyaml.forget()
    fastyaml.load_memo(memo)
    assert fastyaml._MEMO[str(sheet)][1] and fastyaml.read_plain(sheet) == parsed
    assert parsed is not None and parsed["title"] == 'one\ttwo\nthree\u2028four\u2029five "six"'
