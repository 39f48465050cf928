"""The pipeline: read everything, then write (the MkDocs build model). Each verb returns a Report; nothing here
prints or exits — the CLI does that."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import jinja2

from briefsite.config import CONFIG_FILE, Project
from briefsite.errors import FactSheetError, InputError, Problem, Report
from briefsite.facts import fastyaml, freshness, store
from briefsite.facts import sheet as factsheet
from briefsite.facts.schema import ArticleSheet, StorySheet
from briefsite.read import readers
from briefsite.read.models import RawArticle, Sentence
from briefsite.read.sentences import split_sentences
from briefsite.site import current, incremental
from briefsite.site.current import discover
from briefsite.site.render import environment, forget_rendered
from briefsite.stories.grouping import ArticleInfo, group
from briefsite.stories.grouping import vector as grouping_vector
from briefsite.stories.merge import draft_story_sheet, keep_drafts, membership_problems
from briefsite.stories.merge import merge as merge_story
from briefsite.write import MANIFEST, Writer

if TYPE_CHECKING:
    from briefsite.read import collect


def read_articles(project: Project, paths: Iterable[Path], *, cache: Literal["off", "read", "write"] = "off",
                  ) -> tuple[list[RawArticle], list[Problem]]:
    """Read every article; one that cannot be read is reported and the rest go on. `cache`: see
    `readers.read_article` (the disk cache in .briefsite-cache/articles/)."""
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            articles.append(readers.read_article(path, project.root, cache=cache))
        except InputError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(path.relative_to(project.root).as_posix(), exc.strerror or str(exc)))
    return articles, problems


def survey(project: Project, report: Report, *, write_cache: bool,
           found: tuple[list[Path], list[Problem]] | None = None) -> list[RawArticle]:
    """Find and read every article in seeds/: what `normalize` and `check` both report (unsupported files,
    unreadable articles, duplicates, reader warnings). Returns the readable articles. Only `normalize`
    fills the read cache (and drops its unused entries); `check` only reads it. `found` is `discover`'s
    answer when the caller already has it."""
    from briefsite.read import cache

    paths, problems = found if found is not None else discover(project)
    report.errors += problems
    articles, problems = read_articles(project, paths, cache="write" if write_cache else "read")
    if write_cache:
        cache.prune(project.root, {cache.key(a.file, a.sha256) for a in articles})
    report.errors += problems
    articles = _drop_duplicates(articles, report)
    for article in articles:
        report.warnings += list(article.warnings)
    return articles


def normalize(project: Project, *, progress: bool = True) -> Report:
    """Extract facts from new or changed articles into facts/, assign stories, draft story sheets; hand edits
    are merged, never overwritten."""
    report = Report()
    found = discover(project)
    before, replayed = current.normalize_inputs(project, found[0])
    if replayed is not None:  # nothing changed since the last run: its report stands
        return replayed
    edits = freshness.hand_edits(project, before)
    if edits is not None and (quick := _normalize_hand_edits(project, before, *edits)) is not None:
        return quick
    from briefsite.extract.article import EXTRACTOR_VERSION, extract_many  # spaCy & co.: only when there is work
    from briefsite.extract.models import Facts

    articles = survey(project, report, write_cache=True, found=found)
    surveyed = {"errors": _problems(report.errors), "warnings": list(report.warnings)}

    writer = Writer(project.facts, label="facts", defer=True)
    todo = [a for a in articles
            if not store.is_current(project, factsheet.article_id(a.file), a.sha256, EXTRACTOR_VERSION)]
    with_text = [a for a in todo if a.paragraphs]  # a wall page may have no article text: nothing to extract
    extracted = dict(zip((a.file for a in with_text), extract_many(
        with_text, model=project.settings.model, workers=project.settings.workers, progress=progress,
    ) if with_text else [], strict=True))
    fresh: dict[str, dict[str, Any]] = {}
    for article in todo:
        facts = extracted.get(article.file) or Facts()
        report.warnings += facts.warnings
        sheet = factsheet.build_sheet(article, facts, EXTRACTOR_VERSION)
        try:
            factsheet.validate_article(sheet, article.file)
        except FactSheetError as exc:  # a defect of the extractor: the article is reported, the rest goes on
            report.errors += [Problem(article.file, f"its extracted fact sheet is invalid, not written: "
                                                    f"{p.field}: {p.message}") for p in exc.problems]
            continue
        fresh[factsheet.article_id(article.file)] = sheet

    assignment, machine_story = _assign_stories(project, articles, fresh, report)
    for sheet_id in sorted(set(fresh) | set(machine_story)):
        new = fresh.get(sheet_id) or machine_story[sheet_id]
        new["story"] = assignment.get(sheet_id)
        store.store_sheet(project, writer, "", new, report)
    writer.flush()  # the story sheets are drafted from the article sheets on disk
    bodies = _LazyBodies({factsheet.article_id(a.file): a.paragraphs for a in articles})
    members = _store_story_sheets(project, writer, report, bodies)
    writer.flush()

    report.notes += orphan_notes(project, articles, report)
    stamp, after = _record(project, before, writer, report)
    settled = members is not None and all(
        store.is_current(project, factsheet.article_id(a.file), a.sha256, EXTRACTOR_VERSION)
        and store.glance(project.facts / store.BASE_DIR / f"{factsheet.article_id(a.file)}.yaml").story
        == assignment.get(factsheet.article_id(a.file)) for a in articles)
    _save_state(project, stamp, after, report, settled and members is not None and {
        **surveyed, "articles": [a.file for a in articles], "members": members, "extractor": EXTRACTOR_VERSION,
        "stories": _stories_of(project, members)})
    return report


def _record(project: Project, before: dict[str, str], writer: Writer, report: Report) -> tuple[str, dict[str, str]]:
    """Report the sheets written and record the inputs' stamp for the next run's replay check; returns the stamp
    and the files' identities after the writes."""
    report.written += [f"facts/{rel}" for rel in writer.written]
    after = freshness.after_writes(project, before, report.written)
    stamp = freshness.inputs_stamp(project, after)
    freshness.record(project, stamp, report)
    return stamp, after


def _problems(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"path": p.path, "message": p.message, "line": p.line, "field": p.field} for p in problems]


def _stories_of(project: Project, members: dict[str, list[str]]) -> dict[str, str]:
    """Each published article sheet's story, from the story membership."""
    return {sheet_id: story for story, ids in members.items() for sheet_id in ids}


def _save_state(project: Project, stamp: str, files: dict[str, str], report: Report, state: Any) -> None:
    """Keep a settled run's state for the next run after a hand edit (a run with problems in facts/ is not
    settled: the next one runs in full)."""
    if state and not [p for p in report.errors if p.path.startswith("facts/")]:
        freshness.save_state(project, stamp, files, state)
    else:
        freshness.forget_state(project)


def _normalize_hand_edits(project: Project, before: dict[str, str], edited: list[str],
                          state: dict[str, Any]) -> Report | None:
    """`normalize` when only existing sheets were edited since a settled run: the articles, their extraction and
    their grouping are as that run left them, so only the edited sheets are validated and only the stories whose
    files changed are drafted again. None (run in full) when an edit moves an article to another story, takes it
    off the site or makes its sheet invalid."""
    loaded = sys.modules.get("briefsite.extract.article")  # else its version is part of the code stamp
    if loaded is not None and getattr(loaded, "EXTRACTOR_VERSION", None) != state["extractor"]:
        return None
    stories: dict[str, str] = state["stories"]
    for sheet_id in edited:
        rel = f"facts/{sheet_id}.yaml"
        try:
            sheet = store.load_article(project.facts / f"{sheet_id}.yaml", rel)
        except FactSheetError:
            return None
        published = sheet.story if sheet.story and is_published(project, sheet) else None
        if sheet.id != sheet_id or published != stories.get(sheet_id):
            return None
    report = Report()
    report.errors += [Problem(**p) for p in state["errors"]]
    report.warnings += state["warnings"]
    writer = Writer(project.facts, label="facts", defer=True)
    files = {factsheet.article_id(f): f for f in state["articles"]}
    bodies = _LazyBodies(_CachedParagraphs(project, files))
    members = _store_story_sheets(project, writer, report, bodies, known=state["members"])
    writer.flush()
    report.notes += _orphan_notes(project, files, report)
    stamp, after = _record(project, before, writer, report)
    _save_state(project, stamp, after, report, members is not None and state)
    return report


class _CachedParagraphs(Mapping[str, tuple[str, ...]]):
    """An unchanged article's paragraphs, read from the read cache when a story draft asks for them."""

    def __init__(self, project: Project, files: dict[str, str]) -> None:
        self._project, self._files = project, files

    def __getitem__(self, key: str) -> tuple[str, ...]:
        path = self._project.root / self._files[key]
        return readers.read_article(path, self._project.root, cache="write").paragraphs

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def orphan_notes(project: Project, articles: list[RawArticle], report: Report) -> list[str]:
    """One note per sheet whose article is no longer in seeds/: the sheet is kept (it may hold hand edits),
    the article is no longer published."""
    return _orphan_notes(project, {factsheet.article_id(a.file): a.file for a in articles}, report)


def _orphan_notes(project: Project, known: Mapping[str, str], report: Report) -> list[str]:
    unreadable = {factsheet.article_id(p.path) for p in report.errors}
    return [f"facts/{path.name}: orphan: its article is no longer in seeds/, so it is no longer published "
            "(the sheet is kept; delete it to drop your edits)"
            for path in store.sheet_paths(project) if path.stem not in known and path.stem not in unreadable]


def is_published(project: Project, sheet: ArticleSheet) -> bool:
    """An article is published while its source file is in the site folder; removing it from seeds/ takes it
    off the site."""
    return os.path.isfile(os.path.join(project.root, sheet.source.file))  # not pathlib: called for every sheet


def _assign_stories(project: Project, articles: list[RawArticle], fresh: dict[str, dict[str, Any]],
                    report: Report) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Group every article into a story. Returns the assignment and, for unchanged articles whose machine
    story changes (e.g. a sheet that had none yet), the base sheet with the new story to merge in."""
    infos: list[ArticleInfo] = []
    previous: dict[str, str] = {}
    base_stories: dict[str, Any] = {}
    facts = os.fspath(project.facts)
    for article in articles:
        sheet_id = factsheet.article_id(article.file)
        mine_path = os.path.join(facts, f"{sheet_id}.yaml")  # strings: pathlib cost more than the rest here
        base_path = os.path.join(facts, store.BASE_DIR, f"{sheet_id}.yaml")
        # only the story fields of unchanged files, remembered per file version: after one hand edit (the
        # preview comes here after each) only the edited sheet is read and validated again
        mine, base = store.glance(mine_path), store.glance(base_path)
        if base.present:
            base_stories[sheet_id] = base.story
        rel = f"facts/{sheet_id}.yaml"
        try:
            if fresh.get(sheet_id):
                model = factsheet.validate_article(fresh[sheet_id], rel)
            elif mine.present:
                model = store.load_article(mine_path, rel)
            elif base.present and (base_data := store.load_plain(Path(base_path))) is not None:
                model = factsheet.validate_article(base_data, rel, plain=True)
            else:
                continue
        except FactSheetError as exc:
            origin = None if sheet_id in fresh else Path(mine_path if mine.present else base_path)
            report.errors += store.with_lines(exc, origin, rel)
            continue
        mine_story = mine.story
        pin = mine_story if mine_story and mine_story != base.story else None  # set by a person: it wins
        if mine_story:
            previous[sheet_id] = mine_story
        infos.append(ArticleInfo.from_sheet(model, article.text, pin=pin))
    assignment = group(infos, previous)
    machine_story: dict[str, dict[str, Any]] = {}
    for sheet_id, story in base_stories.items():
        if sheet_id not in fresh and sheet_id in assignment and story != assignment[sheet_id]:
            base_data = store.load_plain(project.facts / store.BASE_DIR / f"{sheet_id}.yaml")
            if base_data is not None:
                machine_story[sheet_id] = base_data
    return assignment, machine_story


class _LazyBodies(Mapping[str, tuple[tuple[int, str], ...]]):
    """Each article's numbered sentences, split when a story draft asks for them (after one edit, only the
    edited story's articles are)."""

    def __init__(self, paragraphs: Mapping[str, tuple[str, ...]]) -> None:
        self._paragraphs = paragraphs
        self._split: dict[str, tuple[tuple[int, str], ...]] = {}

    def __getitem__(self, key: str) -> tuple[tuple[int, str], ...]:
        if key not in self._split:
            self._split[key] = _numbered(split_sentences(self._paragraphs[key]))
        return self._split[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paragraphs)

    def __len__(self) -> int:
        return len(self._paragraphs)


def _numbered(sentences: Iterable[Sentence]) -> tuple[tuple[int, str], ...]:
    return tuple((s.index, s.text) for s in sentences)


def _store_story_sheets(project: Project, writer: Writer, report: Report,
                        bodies: Mapping[str, tuple[tuple[int, str], ...]],
                        known: dict[str, list[str]] | None = None) -> dict[str, list[str]] | None:
    """Draft facts/stories/<id>.yaml for every story from its articles' sheets (hand edits merged). A story keeps
    its drafted headline and summary while the article they come from is still in it, so an article joining
    (or moved in by hand) does not retitle it. A story left with no article loses its sheet, unless a person
    edited the sheet: then it is kept, lists no article, and is reported. `known`: each story's article sheet
    ids as the last settled run found them (after hand edits that moved no article). Returns each story's
    article sheet ids, or None when the article sheets have problems."""
    if known is None:
        sheets, problems = store.load_sheets(project)
        if problems:
            return None  # reported by check/render; story drafts wait for valid article sheets
        members: dict[str, list[ArticleSheet]] = {}
        for loaded in sheets:
            if loaded.sheet.story and is_published(project, loaded.sheet):
                members.setdefault(loaded.sheet.story, []).append(loaded.sheet)
        known = {story_id: [sheet.id for sheet in sheets] for story_id, sheets in members.items()}
    else:
        members = _LazyMembers(project, known)
    folder = project.facts / "stories"
    stamps = freshness.draft_stamps(project)
    drafted = []
    for story_id in sorted(known):
        ids = known[story_id]
        sources = freshness.story_members(project, ids)  # as read now, before anyone edits them again
        own = freshness.story_own(project, story_id, store.BASE_DIR, store.PENDING_SUFFIX)
        if stamps.get(story_id) == f"{sources}:{own}":
            continue  # drafted from exactly these files last time: the draft and its merge would be the same
        draft = draft_story_sheet(merge_story(story_id, members[story_id], bodies))
        base = store.load_plain(folder / store.BASE_DIR / f"{story_id}.yaml")
        if base is not None:
            draft.update(keep_drafts(base, draft, members[story_id]))
        errors = len(report.errors)
        store.store_sheet(project, writer, "stories/", draft, report)
        if len(report.errors) == errors:
            drafted.append((story_id, sources))
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.stem in known:
            continue
        base_path = folder / store.BASE_DIR / path.name
        mine, base = store.load_plain(path), store.load_plain(base_path)
        if base is None or mine is None:
            continue  # written by a person, not by the machine: theirs
        rel = f"facts/stories/{path.name}"
        from briefsite.facts import yamlio  # ruamel.yaml: not on the render path
        from briefsite.facts.merge import has_comments

        if mine == base and not has_comments(yamlio.load(store.read_sheet_text(path) or "", rel)):
            writer.remove(f"stories/{path.name}")
            writer.remove(f"stories/{store.BASE_DIR}/{path.name}")
        else:
            emptied = {**base, "articles": [], "first_published": None, "last_published": None}
            store.store_sheet(project, writer, "stories/", emptied, report)
            report.notes.append(f"facts/stories/{path.name}: no article is in this story any more; kept because "
                                "it was edited by hand (delete the file to drop the story)")
    writer.flush()
    stamps = {story_id: stamp for story_id, stamp in stamps.items() if story_id in known}
    for story_id, sources in drafted:
        stamps[story_id] = f"{sources}:{freshness.story_own(project, story_id, store.BASE_DIR, store.PENDING_SUFFIX)}"
    freshness.save_draft_stamps(project, stamps)
    return known


class _LazyMembers(dict[str, list[ArticleSheet]]):
    """A story's article sheets, loaded when its draft is made again (unchanged ones from the sheet memo)."""

    def __init__(self, project: Project, known: dict[str, list[str]]) -> None:
        super().__init__()
        self._project, self._known = project, known

    def __missing__(self, story_id: str) -> list[ArticleSheet]:
        facts = self._project.facts
        sheets = [store.load_article(facts / f"{i}.yaml", f"facts/{i}.yaml") for i in self._known[story_id]]
        self[story_id] = sheets
        return sheets


def _drop_duplicates(articles: list[RawArticle], report: Report) -> list[RawArticle]:
    seen: dict[str, str] = {}
    kept = []
    for article in articles:
        if article.sha256 in seen:
            report.warnings.append(f"{article.file}: duplicate of {seen[article.sha256]}; skipped")
            continue
        seen[article.sha256] = article.file
        kept.append(article)
    return kept


def check(project: Project) -> Report:
    """Report everything `build` would, without writing: unsupported and unreadable articles, invalid fact
    sheets, unresolved conflicts, orphan sheets and articles not yet extracted."""
    from briefsite.extract.article import EXTRACTOR_VERSION

    report = Report()
    articles = survey(project, report, write_cache=False)
    sheets, problems = store.load_sheets(project)
    report.errors += problems
    story_sheets, problems = store.load_story_sheets(project)
    report.errors += problems
    report.errors += _story_membership_problems(project, [s.sheet for s in sheets], story_sheets)
    for article in articles:
        sheet_id = factsheet.article_id(article.file)
        if not store.is_current(project, sheet_id, article.sha256, EXTRACTOR_VERSION):
            report.notes.append(f"{article.file}: new or changed since facts/{sheet_id}.yaml was made; "
                                "`build` will extract it")
    report.notes += orphan_notes(project, articles, report)
    return report


def _story_membership_problems(project: Project, sheets: list[ArticleSheet],
                               story_sheets: dict[str, StorySheet]) -> list[Problem]:
    """A story sheet that lists an article whose own sheet puts it in another story (or that has no sheet)."""
    out = []
    for story_id, index, message in membership_problems(story_sheets, sheets):
        path = project.facts / "stories" / f"{story_id}.yaml"
        rel = path.relative_to(project.root).as_posix()
        from briefsite.facts import yamlio

        line = yamlio.line_of(yamlio.load(store.read_sheet_text(path) or "", rel), ["articles", index])
        out.append(Problem(rel, message, line, f"articles[{index + 1}]"))
    return out


def render(project: Project, *, save_state: bool = True, files: dict[str, str] | None = None) -> Report:
    """Render every page into briefings/ from the fact sheets (and the articles' cleaned text). When nothing
    it reads (facts/, seeds/, templates/, the settings) nor briefings/ changed since the last render, its
    report is replayed and nothing is read. Otherwise only what changed since the last render is read and
    made again (site/incremental.py), in this process or, from the state it saved in .briefsite-cache/
    (site/rendercache.py), an earlier one; `save_state` saves this render's state there for the next process.
    `files`: current.render_inputs' snapshot, when the caller just took it (and found nothing to replay)."""
    inputs = (project.seeds, project.templates, project.briefings, project.root / "mkdocs.yml",
              project.root / CONFIG_FILE)
    before = files if files is not None else freshness.snapshot(project, [], *inputs, bases=False)
    unsaved = not (save_state and _MEMO.persist)  # this render's state stays in this process (the preview)
    if files is None:
        replayed = freshness.replay(project, freshness.inputs_stamp(project, before), freshness.RENDER_STAMP,
                                    unsaved=unsaved)
        if replayed is not None:
            return replayed
    report = _render(project, before, save_state)
    if report.ok:
        ours = [*report.written, f"briefings/{MANIFEST}"]
        after = freshness.after_writes(project, before, ours)
        freshness.record(project, freshness.inputs_stamp(project, after), report, freshness.RENDER_STAMP,
                         unsaved=unsaved)
    return report


def _render(project: Project, files: dict[str, str], save_state: bool = True) -> Report:
    _MEMO.start(project)  # in a new process: the state the last render saved (site/rendercache.py)
    env = environment(project.templates, project.root / freshness.CACHE_DIR / "templates")  # all there?
    env = _MEMO.env = _MEMO.env or env  # the last one keeps its compiled templates, reloading changed files
    site = {"name": project.site_name, "description": project.settings.description,
            "home_limit": project.settings.home_limit, "repo_url": project.repo_url,
            "edit_uri": project.edit_uri}
    try:
        report, state = incremental.render(project, env, site, files, _MEMO.state)
    except BaseException:
        _MEMO.state = None  # it may be half updated: the next render starts from the state on disk, or nothing
        _MEMO.root = None
        raise
    if state is not None:
        _MEMO.state = state
        if save_state and _MEMO.persist:
            incremental.save(project, state)
    return report


class _RenderMemo:
    """What one process keeps between renders (the live preview renders again after every edit): the render
    state (site/incremental.py) and the template environment with its compiled templates."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.state: incremental.RenderState | None = None
        self.env: jinja2.Environment | None = None
        self.persist = True  # take up and save the state on disk (site/rendercache.py)

    def start(self, project: Project) -> None:
        """Begin a render of `project` (the memo of another site folder is dropped). A process that has no
        state of this site yet takes the one the last render saved, when this code may use it."""
        if self.root == project.root:
            return
        self.forget()
        self.root = project.root
        self.state = incremental.load(project) if self.persist else None

    def forget(self) -> None:
        """Drop everything (a one-shot build hands the memory back before the publisher runs)."""
        self.root, self.state, self.env = None, None, None


_MEMO = _RenderMemo()


def source_date_epoch(project: Project) -> str:
    """SOURCE_DATE_EPOCH for reproducible site builds: the caller's, or one derived from the inputs."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    facts = freshness.inputs_stamp(project, freshness.snapshot(project, []))
    known = freshness.remembered(project, freshness.EPOCH_STAMP, facts)
    if known is not None:  # facts/ unchanged since it was computed: no sheet needs loading
        return known
    epoch = _newest_date(project)
    freshness.remember(project, freshness.EPOCH_STAMP, facts, epoch)
    return epoch


def _newest_date(project: Project) -> str:
    sheets, _ = store.load_sheets(project)
    latest = 0
    for loaded in sheets:
        if loaded.sheet.published and is_published(project, loaded.sheet):
            when = _timestamp(loaded.sheet.published.value)
            if when is not None:
                latest = max(latest, when)
    return str(latest)


@functools.lru_cache(maxsize=65536)
def _timestamp(value: str) -> int | None:
    """Seconds since the epoch of an ISO date-time (UTC when it names no zone); None when it is not one. Remembered:
    the preview computes the build date after every edit."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp())


def refresh(project: Project) -> Report:
    """normalize + render without a progress bar (what the live preview runs after each change). The preview
    keeps its render memo in the process; it is not saved for another process after every edit."""
    report = normalize(project, progress=False)
    if not [p for p in report.errors if p.path.startswith("facts/")]:
        report.extend(render(project, save_state=False))
    return report


def build(project: Project, *, progress: bool = True, publisher: str | None = None) -> Report:
    """normalize + render + a strict site build. Fact-sheet problems stop the build before the site is touched;
    an unreadable article is reported, and the good ones are still published (the exit status says so)."""
    report, epoch = prepare_build(project, progress=progress)
    if epoch is None:
        return report
    return current.publish_site(project, report, epoch, publisher, before=_forget_memos)


def prepare_build(project: Project, *, progress: bool = True) -> tuple[Report, str | None]:
    """The stages of `build` before the publisher: normalize, render and the build date; the date is None when
    a problem stops the build before the site is touched."""
    report = normalize(project, progress=progress)
    sheet_problems = [p for p in report.errors if p.path.startswith("facts/")]
    if sheet_problems:
        return report, None
    rendered = render(project)
    report.extend(rendered)
    if not rendered.ok:
        return report, None
    return report, source_date_epoch(project)


def _forget_memos() -> None:
    """Drop the per-process memos of read articles and parsed sheets and hand the freed memory back to the system
    (glibc keeps freed heap otherwise), e.g. before a memory-hungry child process starts."""
    import contextlib
    import ctypes
    import ctypes.util
    import gc

    readers.forget()
    fastyaml.forget()
    store.forget()
    _MEMO.forget()
    forget_rendered()
    grouping_vector.cache_clear()
    gc.collect()
    name = ctypes.util.find_library("c")
    if name and os.name == "posix":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name).malloc_trim(0)


def add(project: Project, urls: Sequence[str]) -> Report:
    """Fetch web pages into seeds/ (each page as fetched plus its fetch record); every URL is tried, each
    one that fails is a problem in the report."""
    with _collector(project) as collector:
        for url in urls:
            collector.add(url)
    return collector.report


def fetch(project: Project) -> Report:
    """Add the new items of every feed in briefsite.yml `feeds:` to seeds/ (at most `fetch.max_items` pages)."""
    from briefsite.read import collect

    feeds = [collect.Feed(spec.url, spec.limit, tuple(spec.match)) for spec in project.settings.feeds]
    with _collector(project, max_items=project.settings.fetch.max_items) as collector:
        if not feeds:
            collector.report.notes.append("no feeds: list them under `feeds:` in briefsite.yml")
        collector.follow(feeds)
    return collector.report


@contextlib.contextmanager
def _collector(project: Project, *, max_items: int | None = None) -> Iterator[collect.Collector]:
    from briefsite.facts.slug import url_name
    from briefsite.read import collect
    from briefsite.read.fetch import Fetcher, Policy

    settings = project.settings.fetch
    policy = Policy(timeout=settings.timeout, delay=settings.delay, max_bytes=settings.max_bytes,
                    allow_private=tuple(settings.allow_private))
    known: dict[str, str] = {}
    for sheet_path in store.sheet_paths(project):  # pages saved by hand know their URL only from their page
        data = store.load_plain(sheet_path) or {}
        source = data.get("source") if isinstance(data.get("source"), dict) else None
        if source and isinstance(source.get("url"), str) and isinstance(source.get("file"), str):
            known[source["url"]] = source["file"]
    index = collect.SeedIndex.scan(project.seeds, project.root, known)
    with Fetcher(policy) as fetcher:
        yield collect.Collector(project.root, fetcher, url_name, index, max_items=max_items)
