"""The pipeline: read everything, then write (the MkDocs build model). Each verb returns a Report; nothing here
prints or exits — the CLI does that."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from briefsite.config import CONFIG_FILE, Project
from briefsite.errors import FactSheetError, InputError, Problem, Report
from briefsite.facts import fastyaml, freshness, store
from briefsite.facts import sheet as factsheet
from briefsite.facts.schema import ArticleSheet, StorySheet
from briefsite.read import readers
from briefsite.read.models import RawArticle
from briefsite.read.readers import reader_for
from briefsite.read.sentences import derived_label, split_sentences
from briefsite.site import stamp
from briefsite.site.pagecache import PageMemo
from briefsite.site.render import ArticleView, StoryView, environment, forget_rendered, render_pages, sort_key
from briefsite.stories.grouping import ArticleInfo, group
from briefsite.stories.merge import StoryFacts, draft_story_sheet
from briefsite.stories.merge import merge as merge_story
from briefsite.write import MANIFEST, ManagedFolder, Writer


def discover(project: Project) -> tuple[list[Path], list[Problem]]:
    """Article files under seeds/, sorted; symlinks leaving the site folder and unsupported files are reported."""
    problems: list[Problem] = []
    found: list[Path] = []
    root = project.root
    if not project.seeds.is_dir():
        return [], [Problem("seeds/", "folder is missing")]
    for path in sorted(project.seeds.rglob("*"), key=lambda p: p.as_posix()):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in path.relative_to(project.seeds).parts):
            continue
        if path.is_symlink():
            target = path.resolve()
            if root not in target.parents:
                problems.append(Problem(rel, "symbolic link to a file outside the site folder; not followed"))
                continue
        if not path.is_file():
            continue
        if reader_for(path) is None:
            if path.name.lower() not in {"readme", "readme.md", "license"}:
                problems.append(Problem(rel, f"unsupported file type {path.suffix or '(none)'!r}; skipped"))
            continue
        found.append(path)
    return found, problems


def read_articles(project: Project, paths: Iterable[Path]) -> tuple[list[RawArticle], list[Problem]]:
    """Read every article; one that cannot be read is reported and the rest go on."""
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            articles.append(readers.read_article(path, project.root))
        except InputError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(path.relative_to(project.root).as_posix(), exc.strerror or str(exc)))
    return articles, problems


def normalize(project: Project, *, progress: bool = True) -> Report:
    """Extract facts from new or changed articles into facts/, assign stories, draft story sheets; hand edits
    are merged, never overwritten."""
    report = Report()
    paths, problems = discover(project)
    before = freshness.snapshot(project, paths)
    replayed = freshness.replay(project, freshness.inputs_stamp(project, before))
    if replayed is not None:  # nothing changed since the last run: its report stands
        return replayed
    from briefsite.extract.article import EXTRACTOR_VERSION, extract_many

    report.errors += problems
    articles, problems = read_articles(project, paths)
    report.errors += problems
    articles = _drop_duplicates(articles, report)
    for article in articles:
        report.warnings += list(article.warnings)

    writer = Writer(project.facts, label="facts", defer=True)
    todo = [a for a in articles
            if not store.is_current(project, factsheet.article_id(a.file), a.sha256, EXTRACTOR_VERSION)]
    results = extract_many(todo, model=project.settings.model, workers=project.settings.workers,
                           progress=progress) if todo else []
    fresh: dict[str, dict[str, Any]] = {}
    for article, facts in zip(todo, results, strict=True):
        report.warnings += facts.warnings
        fresh[factsheet.article_id(article.file)] = factsheet.build_sheet(article, facts, EXTRACTOR_VERSION)

    assignment, machine_story = _assign_stories(project, articles, fresh, report)
    for sheet_id in sorted(set(fresh) | set(machine_story)):
        new = fresh.get(sheet_id) or machine_story[sheet_id]
        new["story"] = assignment.get(sheet_id)
        store.store_sheet(project, writer, "", new, report)
    writer.flush()  # the story sheets are drafted from the article sheets on disk
    _store_story_sheets(project, writer, report)
    writer.flush()

    known = {factsheet.article_id(a.file) for a in articles}
    unreadable = {factsheet.article_id(p.path) for p in report.errors}
    for sheet_path in store.sheet_paths(project):
        if sheet_path.stem not in known and sheet_path.stem not in unreadable:
            report.notes.append(f"facts/{sheet_path.name}: orphan: its article is no longer in seeds/ (kept)")
    report.written += [f"facts/{rel}" for rel in writer.written]
    after = freshness.after_writes(project, before, report.written)
    freshness.record(project, freshness.inputs_stamp(project, after), report)
    return report


def _assign_stories(project: Project, articles: list[RawArticle], fresh: dict[str, dict[str, Any]],
                    report: Report) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Group every article into a story. Returns the assignment and, for unchanged articles whose machine
    story changes (e.g. a sheet that had none yet), the base sheet with the new story to merge in."""
    infos: list[ArticleInfo] = []
    previous: dict[str, str] = {}
    bases: dict[str, dict[str, Any]] = {}
    for article in articles:
        sheet_id = factsheet.article_id(article.file)
        mine_path, base_path = project.facts / f"{sheet_id}.yaml", project.facts / store.BASE_DIR / f"{sheet_id}.yaml"
        mine = store.load_plain(mine_path)
        base = store.load_plain(base_path)
        if base is not None:
            bases[sheet_id] = base
        data = fresh.get(sheet_id) or mine or base
        if data is None:
            continue
        try:
            model = factsheet.validate_article(data, f"facts/{sheet_id}.yaml")
        except FactSheetError as exc:
            origin = None if sheet_id in fresh else mine_path if mine else base_path
            report.errors += store.with_lines(exc, origin, f"facts/{sheet_id}.yaml")
            continue
        mine_story = mine.get("story") if mine else None
        base_story = base.get("story") if base else None
        pin = mine_story if mine_story and mine_story != base_story else None  # set by a person: it wins
        if mine_story:
            previous[sheet_id] = mine_story
        infos.append(ArticleInfo.from_sheet(model, article.text, pin=pin))
    assignment = group(infos, previous)
    machine_story = {
        sheet_id: dict(base) for sheet_id, base in bases.items()
        if sheet_id not in fresh and sheet_id in assignment and base.get("story") != assignment[sheet_id]
    }
    return assignment, machine_story


def _store_story_sheets(project: Project, writer: Writer, report: Report) -> None:
    """Draft facts/stories/<id>.yaml for every story from its articles' sheets (hand edits merged)."""
    sheets, problems = store.load_sheets(project)
    if problems:
        return  # reported by check/render; story drafts wait for valid article sheets
    members: dict[str, list[ArticleSheet]] = {}
    for loaded in sheets:
        if loaded.sheet.story:
            members.setdefault(loaded.sheet.story, []).append(loaded.sheet)
    stamps = freshness.draft_stamps(project)
    drafted = []
    for story_id in sorted(members):
        ids = [sheet.id for sheet in members[story_id]]
        sources = freshness.story_members(project, ids)  # as read now, before anyone edits them again
        own = freshness.story_own(project, story_id, store.BASE_DIR, store.PENDING_SUFFIX)
        if stamps.get(story_id) == f"{sources}:{own}":
            continue  # drafted from exactly these files last time: the draft and its merge would be the same
        draft = draft_story_sheet(merge_story(story_id, members[story_id]))
        errors = len(report.errors)
        store.store_sheet(project, writer, "stories/", draft, report)
        if len(report.errors) == errors:
            drafted.append((story_id, sources))
    writer.flush()
    stamps = {story_id: stamp for story_id, stamp in stamps.items() if story_id in members}
    for story_id, sources in drafted:
        stamps[story_id] = f"{sources}:{freshness.story_own(project, story_id, store.BASE_DIR, store.PENDING_SUFFIX)}"
    freshness.save_draft_stamps(project, stamps)


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
    """Validate every fact sheet and report conflicts; writes nothing."""
    report = Report()
    _, problems = store.load_sheets(project)
    report.errors += problems
    report.errors += store.load_story_sheets(project)[1]
    return report


def render(project: Project) -> Report:
    """Render every page into briefings/ from the fact sheets (and the articles' cleaned text). When nothing
    it reads (facts/, seeds/, templates/, the settings) nor briefings/ changed since the last render, its
    report is replayed and nothing is read."""
    inputs = (project.seeds, project.templates, project.briefings, project.root / "mkdocs.yml",
              project.root / CONFIG_FILE)
    before = freshness.snapshot(project, [], *inputs)
    replayed = freshness.replay(project, freshness.inputs_stamp(project, before), freshness.RENDER_STAMP)
    if replayed is not None:
        return replayed
    report = _render(project)
    if report.ok:
        ours = [*report.written, f"briefings/{MANIFEST}"]
        after = freshness.after_writes(project, before, ours)
        freshness.record(project, freshness.inputs_stamp(project, after), report, freshness.RENDER_STAMP)
    return report


def _render(project: Project) -> Report:
    report = Report()
    sheets, problems = store.load_sheets(project)
    if problems:
        report.errors += problems
        return report
    _MEMO.start(project)
    env = environment(project.templates)  # checks that every template is there
    env = _MEMO.env = _MEMO.env or env  # the last one keeps its compiled templates, reloading changed files
    bodies = _bodies(project, [s.sheet for s in sheets], report)
    views = [_MEMO.view(s.sheet, bodies.get(s.sheet.id)) for s in sheets]
    story_sheets, problems = store.load_story_sheets(project)
    if problems:
        report.errors += problems
        return report
    stories = _stories(views, story_sheets)
    site = {"name": project.site_name, "description": project.settings.description,
            "home_limit": project.settings.home_limit, "repo_url": project.repo_url,
            "edit_uri": project.edit_uri}
    pages = render_pages(env, stories, views, site, memo=_MEMO.pages)
    _MEMO.keep({v.id for v in views}, {story.id for story in stories})
    writer = ManagedFolder(project.briefings, label="briefings")
    for rel in sorted(pages):
        writer.write(rel, pages[rel])
    writer.finish()
    report.written += [f"briefings/{rel}" for rel in writer.written]
    return report


class _RenderMemo:
    """What one process keeps between renders (the live preview renders again after every edit): article
    views and merged story facts while their sheets are equal, and the pages' dependency map (pagecache.py).
    Reusing the very same objects also makes comparing a page's values with the last render's cheap."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.pages = PageMemo()
        self.views: dict[str, tuple[ArticleSheet, tuple[str, ...] | None, ArticleView]] = {}
        self.stories: dict[str, tuple[tuple[ArticleView, ...], StoryFacts]] = {}
        self.env: jinja2.Environment | None = None

    def start(self, project: Project) -> None:
        """Begin a render of `project` (the memo of another site folder is dropped)."""
        if self.root != project.root:
            self.root, self.pages, self.views, self.stories, self.env = project.root, PageMemo(), {}, {}, None

    def view(self, sheet: ArticleSheet, paragraphs: tuple[str, ...] | None) -> ArticleView:
        old = self.views.get(sheet.id)
        if old is not None and old[1] == paragraphs and old[0] == sheet:
            return old[2]
        view = _article_view(sheet, paragraphs)
        self.views[sheet.id] = (sheet, paragraphs, view)
        return view

    def merged(self, story_id: str, members: list[ArticleView]) -> StoryFacts:
        key = tuple(members)
        old = self.stories.get(story_id)
        if old is not None and len(old[0]) == len(key) and all(a is b for a, b in zip(old[0], key, strict=True)):
            return old[1]
        merged = merge_story(story_id, [m.sheet for m in members])
        self.stories[story_id] = (key, merged)
        return merged

    def forget(self) -> None:
        """Drop everything (a one-shot build hands the memory back before the publisher runs)."""
        self.root, self.pages, self.views, self.stories, self.env = None, PageMemo(), {}, {}, None

    def keep(self, ids: set[str], stories: set[str]) -> None:
        """Forget articles and stories that are gone."""
        self.views = {k: v for k, v in self.views.items() if k in ids}
        self.stories = {k: v for k, v in self.stories.items() if k in stories}


_MEMO = _RenderMemo()


def _bodies(project: Project, sheets: list[ArticleSheet], report: Report) -> dict[str, tuple[str, ...]]:
    """Cleaned paragraphs of each article whose source is still in seeds/ and unchanged since extraction."""
    out: dict[str, tuple[str, ...]] = {}
    for sheet in sheets:
        path = project.root / sheet.source.file
        if not path.is_file():
            continue
        try:
            article = readers.read_article(path, project.root)
        except InputError as exc:
            report.errors += exc.problems
            continue
        if article.sha256 != sheet.source.sha256:
            report.warnings.append(f"{sheet.source.file}: changed since its fact sheet was made; run normalize")
        out[sheet.id] = article.paragraphs
    return out


def _article_view(sheet: ArticleSheet, paragraphs: tuple[str, ...] | None) -> ArticleView:
    grouped: list[list[Any]] = [[] for _ in paragraphs or ()]
    for sentence in split_sentences(paragraphs or ()):
        grouped[sentence.paragraph].append(sentence)
    label, derived = (sheet.title, False) if sheet.title else (derived_label(paragraphs or ("Untitled article",)), True)
    return ArticleView(sheet=sheet, label=label, label_derived=derived,
                       paragraphs=tuple(tuple(p) for p in grouped), path=f"sources/{sheet.id}.md")


def _stories(views: list[ArticleView], story_sheets: dict[str, StorySheet]) -> list[StoryView]:
    """One StoryView per story: members newest first, merged facts, and the story sheet's (editable) texts."""
    groups: dict[str, list[ArticleView]] = {}
    for view in views:
        groups.setdefault(view.sheet.story or view.id, []).append(view)
    stories = []
    for story_id, members in sorted(groups.items()):
        members.sort(key=lambda v: (sort_key(v.published), v.id), reverse=True)
        merged = _MEMO.merged(story_id, members)
        sheet = story_sheets.get(story_id)
        headline = sheet.headline if sheet else merged.headline
        stories.append(StoryView(
            id=story_id, headline=headline, articles=tuple(members),
            summary=sheet.summary if sheet else merged.summary,
            why_it_matters=sheet.why_it_matters if sheet else merged.why_it_matters,
            merged=merged, path=f"stories/{story_id}.md",
        ))
    return stories


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
    import datetime as dt

    sheets, _ = store.load_sheets(project)
    latest = 0
    for loaded in sheets:
        if loaded.sheet.published:
            try:
                when = dt.datetime.fromisoformat(loaded.sheet.published.value)
            except ValueError:
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            latest = max(latest, int(when.timestamp()))
    return str(latest)


def refresh(project: Project) -> Report:
    """normalize + render without a progress bar (what the live preview runs after each change)."""
    report = normalize(project, progress=False)
    if not [p for p in report.errors if p.path.startswith("facts/")]:
        report.extend(render(project))
    return report


def build(project: Project, *, progress: bool = True, publisher: str | None = None) -> Report:
    """normalize + render + a strict site build. Fact-sheet problems stop the build before the site is touched;
    an unreadable article is reported, and the good ones are still published (the exit status says so)."""
    from briefsite.site.publish import publish

    report = normalize(project, progress=progress)
    sheet_problems = [p for p in report.errors if p.path.startswith("facts/")]
    if sheet_problems:
        return report
    rendered = render(project)
    report.extend(rendered)
    if not rendered.ok:
        return report
    epoch = source_date_epoch(project)
    chosen = publisher or project.settings.publisher
    digest = stamp.site_stamp(project.root, publisher=chosen, source_date_epoch=epoch)
    replayed = stamp.site_is_current(project.root, digest)
    if replayed is not None:
        report.warnings += replayed
        report.notes.append("site/ is up to date (briefings/ and mkdocs.yml unchanged); publisher not run")
        return report
    _forget_memos()  # hand the memory back before the publisher runs beside this process
    warnings = publish(project.root, source_date_epoch=epoch, publisher=chosen)
    stamp.record_site(project.root, digest, warnings)
    report.warnings += warnings
    report.notes.append("site/ rebuilt")
    return report


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
    gc.collect()
    name = ctypes.util.find_library("c")
    if name and os.name == "posix":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name).malloc_trim(0)
