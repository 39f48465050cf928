"""`render` in a new process takes up what the last render saved (.briefsite-cache/render-state.pickle,
site/rendercache.py): after random edits its output equals a from-scratch render's, it renders again only the
pages whose values changed, and a saved state can never show stale output — a changed template, changed
settings, other code or other library versions, or a damaged file all lead to the fresh output."""

from __future__ import annotations

import pickle
import random
import re
import shutil
from importlib import metadata
from pathlib import Path

import pytest

from briefsite import pipeline
from briefsite.config import load_project
from briefsite.site import incremental, rendercache
from tests.conftest import RunCli, copy_site

SHEETS = ("facts/000_04c23cf0a20b8793.yaml", "facts/004_53d5a015a391f8b4.yaml")
STORY_SHEET = "facts/stories/2018-07-18-microsoft-walmart-amazon-b20451.yaml"
WORDS = ("chief cloud optimist", "founder", "Contoso", "Fabrikam Ltd", "O'Neil & Sons", "<b>bold</b>", "{{ x }}",
         "naïve café", "2019")


def _pages(root: Path) -> dict[str, bytes]:
    folder = root / "briefings"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _fresh(root: Path, target: Path, run_cli: RunCli) -> dict[str, bytes]:
    """The pages a from-scratch render makes of the same inputs (no briefings/, no cache)."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("briefings", ".briefsite-cache"))
    result = run_cli(target, "render")
    assert result.returncode == 0, result.stderr
    return _pages(target)


def _mutate(root: Path, rng: random.Random) -> str:
    """One random hand edit of a sheet's value (a role, a name, a headline, a topic, a date); the file changed."""
    rel = rng.choice([*SHEETS, STORY_SHEET])
    path = root / rel
    text = path.read_text("utf-8")
    word = rng.choice(WORDS)
    edits = [
        (r"^(    role: ).*$", rf"\g<1>{word!r}"),
        (r"^(  - name: )(?!The Wall).*$", rf"\g<1>{word!r}"),
        (r"^(headline: ).*$", rf"\g<1>{word!r}"),
        (r"^(topics:\n)", rf"\g<1>  - {word!r}\n"),
        (r"^(    value: '2018-07-)1(\d)", r"\g<1>2\g<2>"),
    ]
    candidates = [(pattern, repl) for pattern, repl in edits if re.search(pattern, text, re.M)]
    pattern, repl = rng.choice(candidates)
    matches = list(re.finditer(pattern, text, re.M))
    match = rng.choice(matches)
    edited = text[:match.start()] + match.expand(repl) + text[match.end():]
    path.write_text(edited, "utf-8")
    return f"{rel}: {match.group(0)!r} -> {match.expand(repl)!r}"


def test_new_process_renders_after_random_edits_equal_fresh_renders(tmp_path: Path, run_cli: RunCli) -> None:
    root = copy_site(tmp_path / "site", facts=True)
    assert run_cli(root, "render").returncode == 0
    assert (root / rendercache.CACHE_DIR / rendercache.STATE_FILE).is_file()
    rng = random.Random(17)
    for step in range(5):
        edit = _mutate(root, rng)
        result = run_cli(root, "render")  # a new process: takes up the saved state
        assert result.returncode == 0, (edit, result.stderr)
        assert _pages(root) == _fresh(root, tmp_path / f"fresh-{step}", run_cli), edit


def test_a_process_that_takes_up_the_state_renders_only_the_pages_that_changed(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site", facts=True)
    project = load_project(root)
    assert pipeline.render(project).ok
    everything = set(_pages(root))
    pipeline._forget_memos()  # as a new process: nothing in memory, the state on disk
    sheet = root / SHEETS[0]
    sheet.write_text(sheet.read_text("utf-8").replace("role: CEO", "role: Chief Cloud Optimist", 1), "utf-8")
    report = pipeline.render(project)
    rendered = set(_rendered())
    after = _pages(root)
    showing = {rel for rel, data in after.items() if b"Chief Cloud Optimist" in data}
    assert showing and {f"briefings/{rel}" for rel in showing} == set(report.written)
    assert showing <= rendered < everything and "assets/briefsite.css" not in rendered, sorted(rendered)


@pytest.mark.parametrize("change", ["template", "settings", "damaged"])
def test_a_saved_state_never_shows_stale_output(tmp_path: Path, run_cli: RunCli, change: str) -> None:
    root = copy_site(tmp_path / "site", facts=True)
    assert run_cli(root, "render").returncode == 0
    state = root / rendercache.CACHE_DIR / rendercache.STATE_FILE
    if change == "template":
        about = root / "templates" / "about.md.j2"
        about.write_text(about.read_text("utf-8").replace("# About this site\n", "# About this site\n\nEdited.\n"),
                         "utf-8")
    elif change == "settings":
        (root / "briefsite.yml").write_text("description: A briefing on the cloud deal, edited\n", "utf-8")
        config = root / "mkdocs.yml"
        config.write_text(re.sub(r"^site_name: .*$", "site_name: Renamed Briefings", config.read_text("utf-8"),
                                 count=1, flags=re.M), "utf-8")
    else:
        state.write_bytes(state.read_bytes()[: len(state.read_bytes()) // 2])
        sheet = root / SHEETS[1]
        sheet.write_text(sheet.read_text("utf-8").replace("role: CEO", "role: chief executive", 1), "utf-8")
    result = run_cli(root, "render")
    assert result.returncode == 0, result.stderr
    assert _pages(root) == _fresh(root, tmp_path / "fresh", run_cli)
    if change == "template":
        assert b"Edited." in (root / "briefings" / "about.md").read_bytes()


def test_state_made_by_other_code_or_libraries_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_site(tmp_path / "site", facts=True)
    project = load_project(root)
    assert pipeline.render(project).ok
    assert rendercache.load(project) is not None
    code = tmp_path / "code"
    shutil.copytree(Path(rendercache.__file__).resolve().parents[1], code)
    monkeypatch.setattr(rendercache, "_CODE", code)
    key = rendercache.version_key()
    assert rendercache.load(project) is not None  # the same files (sizes and times) elsewhere: the same code
    (code / "pipeline.py").write_text((code / "pipeline.py").read_text("utf-8") + "\n# changed\n", "utf-8")
    assert rendercache.version_key() != key and rendercache.load(project) is None  # a changed module
    key = rendercache.version_key()
    rendercache.save(project, {"pages": None})
    assert rendercache.load(project) is not None
    state = root / rendercache.CACHE_DIR / rendercache.STATE_FILE
    state.chmod(0o644)  # e.g. checked out from a repository: never unpickled
    assert rendercache.load(project) is None
    state.chmod(0o600)
    moved = tmp_path / "moved"
    shutil.copytree(root, moved)  # a state made for another folder is not even unpickled
    assert rendercache.load(load_project(moved)) is None
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "0.0" if name == "jinja2" else real(name))
    assert rendercache.version_key() != key  # another Jinja: its compiled objects are not taken up


def _rendered() -> list[str]:
    """The pages the last render in this process rendered (the others were left as they were)."""
    assert pipeline._MEMO.state is not None
    return pipeline._MEMO.state.rendered


def test_the_render_stamp_leaves_out_the_merge_bases_only(tmp_path: Path) -> None:
    """`render` never reads facts/.base/ (normalize's merge bases), so its stamp does not stat them (a fifth of
    the files at 3,000 articles); a sheet, a story sheet or a page changed still takes a render."""
    from briefsite.facts import freshness, store
    from briefsite.site import current

    assert freshness.MERGE_BASES == store.BASE_DIR
    root = copy_site(tmp_path / "site", facts=True)
    project = load_project(root)
    assert pipeline.render(project).ok
    pipeline._forget_memos()
    bases = sorted((root / "facts").rglob(f"{store.BASE_DIR}/*.yaml"))
    assert bases
    for base in bases:
        base.write_text(base.read_text("utf-8") + "# touched\n", "utf-8")
    files, replayed = current.render_inputs(project)
    assert replayed is not None and not any(f"/{store.BASE_DIR}/" in rel for rel in files)
    for rel in (SHEETS[0], STORY_SHEET, "briefings/about.md"):
        path = root / rel
        saved = path.read_bytes()
        path.write_bytes(saved + b"\n")
        assert current.render_inputs(project)[1] is None, rel
        path.write_bytes(saved)
        assert pipeline.render(project).ok
        assert current.render_inputs(project)[1] is not None  # stamped again: the next one stands alone
    pipeline._forget_memos()


def _walked(folder: Path, root: Path, skip: tuple[str, ...]) -> dict[str, str]:
    """What the snapshot listed with `os.walk` and a stat by whole path (its form before it stat'ed by name in
    the open folder): the reference the faster walk must equal."""
    import os

    out: dict[str, str] = {}
    base = os.path.relpath(folder, root).replace(os.sep, "/")
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and d not in skip)
        rel_top = os.path.relpath(top, folder).replace(os.sep, "/")
        prefix = f"{base}/" if rel_top == "." else f"{base}/{rel_top}/"
        for name in sorted(files):
            try:
                info = os.stat(os.path.join(top, name))
                out[prefix + name] = f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"
            except OSError:
                out[prefix + name] = "-"
    return out


def test_the_snapshot_lists_what_os_walk_lists(tmp_path: Path) -> None:
    """The snapshot (every file's identity, by name in its open folder) lists the same files, in the same order,
    with the same identities as `os.walk` with a stat per path: nested folders, the merge bases left out, byte-code
    caches skipped, a symbolic link to a file (followed), to a folder (neither listed nor followed) and a broken one
    (`-`), hidden files and a file edited in place since."""
    from briefsite.facts import freshness, store

    root = copy_site(tmp_path / "site", facts=True)
    facts, briefings = root / "facts", root / "briefings"
    (briefings / "a" / "b").mkdir(parents=True)
    (briefings / "a" / "b" / "page.md").write_text("x", "utf-8")
    (briefings / "a" / ".hidden.md").write_text("y", "utf-8")
    (briefings / "__pycache__").mkdir()
    (briefings / "__pycache__" / "m.pyc").write_bytes(b"\0")
    (briefings / "link.md").symlink_to(briefings / "a" / "b" / "page.md")
    (briefings / "dirlink").symlink_to(briefings / "a")
    (briefings / "broken.md").symlink_to(briefings / "missing.md")
    sheet = facts / SHEETS[0].removeprefix("facts/")
    with sheet.open("a", encoding="utf-8") as handle:
        handle.write("# edited in place\n")
    for folder, skip in ((facts, (store.BASE_DIR,)), (facts, ()), (briefings, ()), (root / "templates", ())):
        got: dict[str, str] = {}
        freshness._tree(folder, root, got, skip)
        expected = _walked(folder, root, skip)
        assert list(got.items()) == list(expected.items()), folder
    snapshot = freshness.snapshot(load_project(root), [], briefings, bases=False)
    assert snapshot["briefings/broken.md"] == "-" and "briefings/dirlink/b/page.md" not in snapshot
    assert snapshot["briefings/link.md"] == snapshot["briefings/a/b/page.md"]
    assert not any("__pycache__" in rel or f"/{store.BASE_DIR}/" in rel for rel in snapshot)


def test_a_packed_table_round_trips_and_is_saved_again_from_its_blob() -> None:
    table = rendercache.PackedTable({"b-story": ("digest-b", ((("acme", ("Acme", "acme")),), ())),
                                     "a-story": ("digest-a", ((), (("jane roe", None),)))})
    again = pickle.loads(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(again, rendercache.PackedTable)
    assert dict(again) == dict(table) and list(again) == ["b-story", "a-story"] and "a-story" in again
    assert again == table and len(again) == 2 and "c-story" not in again
    # a table taken up from a state file is written back as the very bytes it was read from (nothing pickled)
    blob = again.__reduce__()[1][0]
    assert blob is again.__reduce__()[1][0] and pickle.loads(blob) == dict(table)


def test_the_state_on_disk_holds_every_story_after_a_quick_render(tmp_path: Path, run_cli: RunCli) -> None:
    """A quick render (an edit no site-wide page shows) saves the stories' table it took up, as it was; a render
    that changes a contribution saves a new one; each equals a from-scratch render."""
    root = copy_site(tmp_path / "site", facts=True)
    assert run_cli(root, "render").returncode == 0
    project = load_project(root)
    first = incremental.load(project)
    assert first is not None and len(first.stubs) > 0
    money = root / SHEETS[1]
    text = money.read_text("utf-8")
    money.write_text(text.replace("text: $3.3 billion", "text: $3.3 billion (edited)", 1), "utf-8")
    assert run_cli(root, "render").returncode == 0  # a new process: the quick path
    quick = incremental.load(project)
    assert quick is not None and quick.quick and dict(quick.stubs) == dict(first.stubs)
    assert _pages(root) == _fresh(root, tmp_path / "fresh-1", run_cli)
    role = root / SHEETS[0]
    role.write_text(role.read_text("utf-8").replace("role: CEO", "role: chief executive", 1), "utf-8")
    assert run_cli(root, "render").returncode == 0  # a role is on a person's page: the whole render
    whole = incremental.load(project)
    assert whole is not None and not whole.quick and dict(whole.stubs) != dict(first.stubs)
    assert _pages(root) == _fresh(root, tmp_path / "fresh-2", run_cli)
    money.write_text(text, "utf-8")
    assert run_cli(root, "render").returncode == 0  # quick again, from the table the whole render saved
    again = incremental.load(project)
    assert again is not None and again.quick and dict(again.stubs) == dict(whole.stubs)
    assert _pages(root) == _fresh(root, tmp_path / "fresh-3", run_cli)
