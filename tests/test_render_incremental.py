"""`render` makes again only what changed (site/incremental.py) — in the process (the preview) or in a new one
from the state the last render saved — and its output is byte-identical to a from-scratch render's after any
series of edits. A metamorphic check on a synthetic site whose 40 articles share companies, people, relations,
quotes and dated events across stories, so one edit reaches other stories' pages, entity pages and indexes:
roles, renamed or new entities, moved articles, changed dates, removed quotes, unpublished and deleted
articles, sheets saved again unchanged, facts no site-wide page shows (which take the quick path)."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefsite import pipeline
from briefsite.config import load_project
from briefsite.site import incremental, rendercache
from tests.conftest import RunCli, copy_site
from tests.sitefixture import synthetic_site

ARTICLES = 40


def _pages(root: Path) -> dict[str, bytes]:
    folder = root / "briefings"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _fresh(root: Path, target: Path) -> dict[str, bytes]:
    """The pages a render from scratch (no briefings/, no state) makes of the same inputs."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("briefings", ".briefsite-cache"))
    pipeline._forget_memos()
    persist, pipeline._MEMO.persist = pipeline._MEMO.persist, False  # no state: every story made
    try:
        assert pipeline.render(load_project(target)).ok
    finally:
        pipeline._MEMO.persist = persist
        pipeline._forget_memos()
    return _pages(target)


def _sheet_edit(change: Callable[[dict[str, Any], random.Random], str]) -> Callable[[Path, random.Random], str]:
    def edit(root: Path, rng: random.Random) -> str:
        path = rng.choice(sorted((root / "facts").glob("syn_*.yaml")))
        data = yaml.safe_load(path.read_text("utf-8"))
        what = change(data, rng)
        path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
        return f"{path.name}: {what}"
    return edit


def _role(data: dict[str, Any], rng: random.Random) -> str:
    data["people"][0]["role"] = rng.choice(["CEO", "chief cloud optimist", "founder & chair", "CFO"])
    return f"role {data['people'][0]['role']!r}"


def _rename(data: dict[str, Any], rng: random.Random) -> str:
    if not data["organizations"]:
        return "no organization"
    old = data["organizations"][0]["name"]
    new = rng.choice(["Company AB", "Company ZZ New", "Contoso <Ltd>", "Company AC"])
    data["organizations"][0]["name"] = new
    for relation in data["relations"]:
        relation["subject"] = new if relation["subject"] == old else relation["subject"]
    return f"company {old!r} -> {new!r}"


def _person(data: dict[str, Any], rng: random.Random) -> str:
    data["people"][0]["name"] = rng.choice(["Person AA Example", "Person New Example", "Person AB Example"])
    for quote in data["quotes"]:
        quote["speaker"] = data["people"][0]["name"]
    return f"person {data['people'][0]['name']!r}"


def _story(data: dict[str, Any], rng: random.Random) -> str:
    data["story"] = f"syn-story-{rng.randrange(ARTICLES // 2 + 2):05d}"
    return f"story {data['story']}"


def _date(data: dict[str, Any], rng: random.Random) -> str:
    data["published"]["value"] = f"20{rng.randrange(10, 24)}-{rng.randrange(1, 13):02d}-11T08:00:00+00:00"
    return f"published {data['published']['value']}"


def _drop_quote(data: dict[str, Any], rng: random.Random) -> str:
    data["quotes"] = []
    data["dates"] = data["dates"] if rng.random() < 0.5 else []
    return "quotes (and maybe dates) removed"


def _amount(data: dict[str, Any], rng: random.Random) -> str:
    data["money"][0]["text"] = rng.choice(["$1 million", "$2.5 billion", "€3 <million>"])  # on no site-wide page
    return f"money {data['money'][0]['text']!r}"


def _unpublish(root: Path, rng: random.Random) -> str:
    seeds = sorted((root / "seeds").glob("syn_*.txt"))
    seed = rng.choice(seeds)
    seed.rename(seed.with_suffix(".txt.off"))
    return f"{seed.name} unpublished"


def _republish(root: Path, rng: random.Random) -> str:
    off = sorted((root / "seeds").glob("*.txt.off"))
    if not off:
        return "nothing to publish again"
    seed = rng.choice(off)
    seed.rename(seed.with_name(seed.name.removesuffix(".off")))
    return f"{seed.name} published again"


def _delete(root: Path, rng: random.Random) -> str:
    sheet = rng.choice(sorted((root / "facts").glob("syn_*.yaml")))
    sheet.unlink()
    return f"{sheet.name} deleted"


def _resave(root: Path, rng: random.Random) -> str:
    sheet = rng.choice(sorted((root / "facts").glob("syn_*.yaml")))
    sheet.write_bytes(sheet.read_bytes())
    return f"{sheet.name} saved again unchanged"


EDITS = [_sheet_edit(_role), _sheet_edit(_rename), _sheet_edit(_person), _sheet_edit(_story), _sheet_edit(_date),
         _sheet_edit(_drop_quote), _unpublish, _republish, _delete, _resave, _sheet_edit(_amount),
         _sheet_edit(_amount)]


@pytest.mark.parametrize("new_process", [True, False], ids=["new-process", "same-process"])
def test_incremental_renders_equal_renders_from_scratch_after_random_edits(tmp_path: Path, new_process: bool) -> None:
    root = synthetic_site(tmp_path / "site", ARTICLES)
    project = load_project(root)
    pipeline._forget_memos()
    pipeline._MEMO.persist = new_process  # the preview keeps its state in the process only
    try:
        assert pipeline.render(project).ok
        rng = random.Random(17 if new_process else 1717)
        quick = 0
        for step in range(12):
            edits = [rng.choice(EDITS)(root, rng) for _ in range(rng.choice([1, 1, 2]))]
            if new_process:
                pipeline._forget_memos()  # nothing in memory: the state the last render saved
            report = pipeline.render(project)
            assert report.ok, (edits, report.errors)
            kept = pipeline._MEMO.root, pipeline._MEMO.state
            assert kept[1] is not None
            assert len(kept[1].made) < ARTICLES // 2, (edits, kept[1].made)  # not every story made again
            assert _pages(root) == _fresh(root, tmp_path / f"fresh-{step}"), edits
            quick += kept[1].quick
            pipeline._MEMO.root, pipeline._MEMO.state = kept  # the same process goes on
        assert quick, "no step took the quick path"
    finally:
        pipeline._MEMO.persist = True
        pipeline._forget_memos()


def test_one_role_edit_makes_one_story_and_the_pages_that_show_the_role(tmp_path: Path) -> None:
    root = synthetic_site(tmp_path / "site", ARTICLES)
    project = load_project(root)
    pipeline._forget_memos()
    assert pipeline.render(project).ok
    before = _pages(root)
    sheet = root / "facts" / "syn_00007.yaml"
    sheet.write_text(sheet.read_text("utf-8").replace("role: CEO", "role: Chief Cloud Optimist", 1), "utf-8")
    pipeline._forget_memos()  # a new process
    report = pipeline.render(project)
    state = pipeline._MEMO.state
    assert report.ok and state is not None
    after = _pages(root)
    showing = {rel for rel, data in after.items() if b"Chief Cloud Optimist" in data}
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert showing and changed == showing and {f"briefings/{rel}" for rel in showing} == set(report.written)
    assert state.made == ["syn-story-00003"]  # the edited article's story only
    assert showing <= set(state.rendered) and len(state.rendered) < 10, state.rendered
    pipeline._forget_memos()


def test_pages_changed_on_disk_behind_its_back_are_made_again(tmp_path: Path) -> None:
    """A page file that is not as the last render left it (edited, deleted) is rendered again, although none
    of its inputs changed: the state never vouches for a file it did not write."""
    root = synthetic_site(tmp_path / "site", ARTICLES)
    project = load_project(root)
    pipeline._forget_memos()
    assert pipeline.render(project).ok
    expected = _pages(root)
    briefings = root / "briefings"
    story = next(iter(sorted((briefings / "stories").glob("syn-story-*.md"))))
    company = next(iter(sorted((briefings / "companies").glob("*.md"))))
    story.write_text("hand-edited\n", "utf-8")
    company.unlink()
    (briefings / "about.md").write_text("hand-edited\n", "utf-8")
    sheet = root / "facts" / "syn_00011.yaml"
    sheet.write_text(sheet.read_text("utf-8").replace("role: CEO", "role: COO", 1), "utf-8")
    pipeline._forget_memos()  # a new process
    report = pipeline.render(project)
    assert report.ok
    after = _pages(root)
    assert after == _fresh(root, tmp_path / "fresh")
    assert after[story.relative_to(briefings).as_posix()] == expected[story.relative_to(briefings).as_posix()]
    assert after["about.md"] == expected["about.md"] and company.is_file()


def _money(root: Path, name: str, text: str) -> None:
    """Edit the text of a sheet's money fact: shown on its story's page, on no site-wide page."""
    sheet = root / "facts" / name
    data = yaml.safe_load(sheet.read_text("utf-8"))
    data["money"][0]["text"] = text
    sheet.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")


@pytest.mark.parametrize("behind_its_back", ["none", "site-wide page deleted", "pages state damaged"])
def test_an_edit_that_changes_no_contribution_reads_no_site_wide_state(tmp_path: Path, behind_its_back: str) -> None:
    """A new process whose edits change no story's contribution makes the changed stories only and neither
    loads nor rewrites the site-wide part of the state (rendercache.PAGES_FILE); its output still equals a
    fresh render's, and so does that of the renders after it (a contribution changed, in another new process).
    A site-wide page not as the last render left it takes the whole render; a site-wide state that cannot be
    loaded makes the next render that needs it start from nothing."""
    root = synthetic_site(tmp_path / "site", ARTICLES)
    project = load_project(root)
    pipeline._forget_memos()
    try:
        assert pipeline.render(project).ok
        kept = root / ".briefsite-cache" / rendercache.PAGES_FILE
        saved = kept.read_bytes()
        _money(root, "syn_00007.yaml", "$7.5 million (edited)")
        if behind_its_back == "site-wide page deleted":
            (root / "briefings" / "companies" / "index.md").unlink()
        elif behind_its_back == "pages state damaged":
            kept.write_bytes(saved[: len(saved) // 2])
        untouched = kept.stat().st_mtime_ns
        pipeline._forget_memos()  # a new process
        report = pipeline.render(project)
        state = pipeline._MEMO.state
        assert report.ok and state is not None
        assert _pages(root) == _fresh(root, tmp_path / "fresh-1")
        if behind_its_back == "site-wide page deleted":
            assert not state.quick
        else:  # a damaged site-wide state is not even read: the next render that needs it starts from nothing
            assert state.quick and state.contributions is None and state.memo is None  # never loaded
            assert kept.stat().st_mtime_ns == untouched  # nor saved again
            assert state.made == ["syn-story-00003"]
            assert set(report.written) == {"briefings/stories/syn-story-00003.md"}, report.written
        pipeline._forget_memos()
        sheet = root / "facts" / "syn_00011.yaml"  # a role: on the person's page, so the contribution changes
        sheet.write_text(sheet.read_text("utf-8").replace("role: CEO", "role: COO", 1), "utf-8")
        report = pipeline.render(project)
        assert report.ok and pipeline._MEMO.state is not None and not pipeline._MEMO.state.quick
        assert _pages(root) == _fresh(root, tmp_path / "fresh-2")
        pipeline._forget_memos()
        _money(root, "syn_00007.yaml", "$7 million")  # back: quick again, from the state the last one saved
        report = pipeline.render(project)
        assert report.ok and pipeline._MEMO.state is not None and pipeline._MEMO.state.quick
        assert _pages(root) == _fresh(root, tmp_path / "fresh-3")
    finally:
        pipeline._forget_memos()


@pytest.mark.parametrize("preview_first", [False, True], ids=["build-edit-render", "preview-build-edit-render"])
def test_the_first_edit_after_a_build_takes_the_quick_path(tmp_path: Path, run_cli: RunCli,
                                                           preview_first: bool) -> None:
    """The user's loop: `build`, then an edit no site-wide page shows, then `render` in a new process — its first
    render after the build takes the quick path (the site-wide part of the state neither read nor rewritten),
    rewrites only the edited story's page and equals a from-scratch render. Also when the preview ran before
    the build: the preview keeps its render state in its process only, so the build's render does not replay
    the preview's (the state on disk would be older than the pages) but brings the saved state up to date."""
    root = copy_site(tmp_path / "site", facts=True)
    project = load_project(root)
    pipeline._forget_memos()
    try:
        assert pipeline.build(project, progress=False).ok
        if preview_first:  # what `serve` does after edits: renders whose state is kept in the process only
            pipeline._forget_memos()
            pipeline._MEMO.persist = False
            sheet = root / "facts" / "000_04c23cf0a20b8793.yaml"
            text = sheet.read_text("utf-8")
            data = yaml.safe_load(text)
            data["title"] = "A title on the site-wide source lists"
            sheet.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
            assert pipeline.render(project, save_state=False).ok
            sheet.write_text(text, "utf-8")
            assert pipeline.render(project, save_state=False).ok
            pipeline._MEMO.persist = True
            pipeline._forget_memos()
            assert pipeline.build(project, progress=False).ok
        pipeline._forget_memos()
        pages_state = root / ".briefsite-cache" / rendercache.PAGES_FILE
        untouched = pages_state.stat().st_mtime_ns
        before = _pages(root)
        sheet = root / "facts" / "004_53d5a015a391f8b4.yaml"
        sheet.write_text(sheet.read_text("utf-8").replace("text: $3.3 billion", "text: $3.3 billion (edited)", 1),
                         "utf-8")
        result = run_cli(root, "render")  # a new process
        assert result.returncode == 0, result.stderr
        state = incremental.load(project)
        assert state is not None and state.quick
        assert pages_state.stat().st_mtime_ns == untouched  # the bulk of the state was not rewritten
        after = _pages(root)
        changed = {rel for rel in after if after[rel] != before.get(rel)}
        assert changed == {f"stories/{state.made[0]}.md"} and len(state.made) == 1, changed
        assert after == _fresh(root, tmp_path / "fresh")
    finally:
        pipeline._MEMO.persist = True
        pipeline._forget_memos()
