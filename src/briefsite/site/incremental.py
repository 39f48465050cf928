"""Which pages a render makes again, and the small state that lets a new process know.

A story's own pages (its briefing and its articles' pages) read only the story: its articles' sheets and text,
its story sheet, the name and page of each company and person its page data looks up, and the settings. The
site-wide pages (home, indexes, months, entity pages, timeline) read only each story's `Contribution` (render.py):
a small summary made with the story's pages. So a render

1. finds the articles, story sheets and seeds that changed since the last render by their files' identity
   (from the snapshot `render` takes anyway), and validates only those sheets;
2. makes the changed stories again from their sheets (every other story is its contribution);
3. folds all contributions into the companies and people, and makes again the pages of any story whose
   looked-up entities changed name or page, or whose page files are not as the last render left them;
4. makes the site-wide pages from the contributions, rendering only those whose values changed (pagecache.py).

When every story made again has the same contribution as at the last render (its digest) and its page looks up
the same entities, no site-wide page can change: steps 3 and 4 are skipped and the contributions and the map are
not even loaded (`_quick`).

The state (`RenderState`: per article its files' identity and story, per story its contribution, the site-wide
pages' dependency map, each page's file identity) is kept in the process between the preview's refreshes and,
for the next process, in `.briefsite-cache/` (rendercache.py; the contributions, map and keys in a file of their
own). A render with no usable state makes every story: the same code, so its output is byte-identical to an
incremental one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from briefsite.config import Project
from briefsite.errors import BriefsiteError, ConfigError, FactSheetError, InputError, Problem, Report
from briefsite.facts import store
from briefsite.facts.schema import ArticleSheet, StorySheet
from briefsite.read import cache, readers
from briefsite.read.models import RawArticle
from briefsite.read.sentences import derived_label, split_sentences
from briefsite.site import render as pages
from briefsite.site import rendercache
from briefsite.site.pagecache import PageMemo, templates_digest
from briefsite.site.render import ArticleView, Contribution, Entity, StoryView, sort_key
from briefsite.stories.merge import merge as merge_story
from briefsite.write import ManagedFolder

MISSING = "-"  # the identity of a missing file, as freshness.snapshot writes it


@dataclass(frozen=True)
class ArticleRecord:
    """One article sheet as the last render found it: its file's identity, its story, its source's identity and
    what reading the source reported."""

    sheet: str
    story: str
    source: str  # the source file, relative to the site folder
    seed: str  # the source's identity; MISSING when it is not in the site folder (not published)
    warnings: tuple[str, ...] = ()
    errors: tuple[Problem, ...] = ()
    entry: str = ""  # the source's entry in the read cache (read/cache.py), to take its text without reading it
    digest: str = ""  # the sheet's bytes' sha256: a sheet saved again unchanged is not read again

    @property
    def published(self) -> bool:
        return self.seed != MISSING


Read = tuple[tuple[tuple[str, tuple[str, str] | None], ...], ...]  # Contribution.read


@dataclass
class RenderState:
    """What a render keeps for the next one (see the module's docstring). `contributions`, `memo` and `keys`
    are None in a state loaded from disk until a render needs them (`_site_wide`): they are kept apart, in
    rendercache.PAGES_FILE under `pages_token`, because a render whose edits change no story's contribution
    reads and writes none of them."""

    site: dict[str, Any] = field(default_factory=dict)
    templates: str = ""
    articles: dict[str, ArticleRecord] = field(default_factory=dict)  # sheet id -> record
    story_sheets: dict[str, tuple[str, str]] = field(default_factory=dict)  # file name -> (identity, story id)
    contributions: dict[str, Contribution] | None = field(default_factory=dict)  # story id -> contribution
    memo: PageMemo | None = field(default_factory=PageMemo)  # the site-wide pages
    on_disk: dict[str, str] = field(default_factory=dict)  # page -> its file's identity after the last render
    made: list[str] = field(default_factory=list)  # stories the last render made again
    rendered: list[str] = field(default_factory=list)  # pages the last render rendered (not left as they were)
    keys: tuple[dict[str, str], dict[str, str]] | None = ({}, {})  # entity keys and normal forms (known_keys)
    # per story: the digest of its contribution and what its page looked up (Contribution.read)
    stubs: Mapping[str, tuple[str, Read]] = field(default_factory=rendercache.PackedTable)
    site_pages: tuple[str, ...] = ()  # the site-wide pages (made from the contributions only)
    pages_token: str = ""  # names the saved contributions, memo and keys that belong to this state
    pages_dirty: bool = True  # contributions, memo or keys changed since they were saved
    quick: bool = False  # the last render changed no contribution: it left every site-wide page untouched


def load(project: Project) -> RenderState | None:
    """The state the last render of this folder saved, when this code may use it (rendercache.load); its
    contributions, memo and keys are loaded when a render needs them."""
    state = rendercache.load(project)
    return state if isinstance(state, RenderState) else None


def save(project: Project, state: RenderState) -> None:
    """Save the state for the next process: the contributions, memo and keys (the bulk) only when they changed."""
    if state.pages_dirty and state.contributions is not None:
        token = os.urandom(8).hex()
        rendercache.save(project, (state.contributions, state.memo, state.keys), rendercache.PAGES_FILE, token)
        state.pages_token, state.pages_dirty = token, False
    rendercache.save(project, dataclasses.replace(state, contributions=None, memo=None, keys=None))


def _site_wide(project: Project, state: RenderState) -> tuple[dict[str, Contribution], PageMemo,
                                                               tuple[dict[str, str], dict[str, str]]]:
    """The state's contributions, memo and keys: loaded from disk when the state came from there (nothing when
    they cannot be: every story is then made again and every site-wide page rendered)."""
    if state.contributions is not None and state.memo is not None and state.keys is not None:
        return state.contributions, state.memo, state.keys
    kept = rendercache.load(project, rendercache.PAGES_FILE, state.pages_token) if state.pages_token else None
    if isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[0], dict) and isinstance(kept[1], PageMemo):
        return kept[0], kept[1], kept[2]
    return {}, PageMemo(), ({}, {})


def contribution_digest(contribution: Contribution) -> str:
    """A digest of everything in a contribution (its repr: plain values, tuples and dicts in a fixed order)."""
    return hashlib.sha256(repr(contribution).encode("utf-8", "backslashreplace")).hexdigest()


def render(project: Project, env: jinja2.Environment, site: dict[str, Any], files: Mapping[str, str],
           state: RenderState | None) -> tuple[Report, RenderState | None]:
    """Render briefings/ from the fact sheets; `files` is freshness.snapshot of facts/, seeds/ and briefings/
    taken before (so only what changed since `state` is read). Returns the report and the new state (None
    when a problem stopped the render before anything was written; `state` is then unchanged)."""
    report = Report()
    old = state if state is not None else RenderState()
    site = pages.site_context(site)
    digest = templates_digest(env)
    everything = old.site != site or old.templates != digest  # every story's pages read both

    articles, changed, problems = _articles(project, files, old, everything)
    story_sheets, sheet_of_story, changed_stories, story_problems = _story_sheets(project, files, old, everything)
    problems += story_problems
    if any(name.endswith(f".yaml{store.PENDING_SUFFIX}") for name in files if name.startswith("facts/")):
        problems += store.pending_problems(project)
    if problems:
        report.errors += problems
        return report, None

    members: dict[str, list[str]] = {}
    for sheet_id in sorted(articles):
        if articles[sheet_id].published:
            members.setdefault(articles[sheet_id].story, []).append(sheet_id)
    for sheet_id in changed:
        for record in (old.articles.get(sheet_id), articles.get(sheet_id)):
            if record is not None and record.published:
                changed_stories.add(record.story)
    if everything:
        changed_stories |= set(members)
    for record in articles.values():
        report.warnings += record.warnings
        report.errors += record.errors
    stale = {rel for rel, identity in old.on_disk.items() if files.get(f"briefings/{rel}", MISSING) != identity}

    quick = None if everything else _quick(project, env, site, old, articles, members, changed_stories,
                                           sheet_of_story, stale)
    if quick is not None:  # no contribution changed: the site-wide pages stay as they are, unread
        made_again, pages_out = quick
        on_disk = _write(project, files, pages_out, report)
        new = dataclasses.replace(
            old, site=site, templates=digest, articles=articles, story_sheets=story_sheets, on_disk=on_disk,
            made=made_again, rendered=sorted(rel for rel, text in pages_out.items() if text is not None), quick=True)
        return report, new

    kept_contributions, memo, keys = _site_wide(project, old)
    pages.remember_keys(keys)
    made: dict[str, StoryView] = {}
    found: dict[str, Contribution] = {}  # story id -> its contribution, or for a story made again its first part
    for story_id in sorted(members):
        if story_id in changed_stories or story_id not in kept_contributions:
            made[story_id] = _story(project, story_id, members[story_id], sheet_of_story.get(story_id),
                                    articles)
            found[story_id] = pages.named(made[story_id], kept_contributions.get(story_id))
        else:
            found[story_id] = kept_contributions[story_id]
    before = memo.kept()
    if before and set(found) == set(kept_contributions) and all(
            found[s].story is kept_contributions[s].story and found[s].mentions == kept_contributions[s].mentions
            and found[s].tickers == kept_contributions[s].tickers for s in made):
        companies, people = pages.entities_again(before)  # the same stories name the same entities: no fold
    else:
        companies, people = pages.entities(_newest_first(found.values()))

    renamed = pages.renamed(before, companies, people)
    for story_id in sorted(set(members) - set(made)):
        kept = kept_contributions[story_id]
        own = [kept.story.path, *(a.path for a in kept.story.articles)]
        if (renamed and not pages.lookups_hold(kept, companies, people)) or any(
                rel in stale or rel not in old.on_disk for rel in own):
            made[story_id] = _story(project, story_id, members[story_id], sheet_of_story.get(story_id),
                                    articles)

    out: dict[str, str | None] = {}
    contributions = dict(found)
    stubs = {story_id: old.stubs[story_id] for story_id in found if story_id in old.stubs}
    for story_id in sorted(made):
        story = made[story_id]
        page, read = pages.story_page(story, companies, people)
        previous = kept_contributions.get(story_id)
        contributions[story_id] = pages.contribution(story, found[story_id], page, read, previous)
        if contributions[story_id] is not previous or story_id not in stubs:
            stubs[story_id] = (contribution_digest(contributions[story_id]), contributions[story_id].read)
        out.update(pages.render_story(env, story, page, site))
    for story_id in set(found) - set(made) - set(stubs):
        stubs[story_id] = (contribution_digest(contributions[story_id]), contributions[story_id].read)
    ordered = _newest_first(contributions.values())
    for item in ordered:
        for rel in (item.story.path, *(a.path for a in item.story.articles)):
            out.setdefault(rel, None)
    memo.stale = stale
    site_pages = pages.render_site(env, ordered, site, companies, people, memo=memo)
    for rel, text in site_pages.items():
        if rel in out:
            raise ConfigError([Problem(f"briefings/{rel}", "two pages on one path")])
        out[rel] = text

    on_disk = _write(project, files, out, report)
    new = RenderState(site=site, templates=digest, articles=articles, story_sheets=story_sheets,
                      contributions=contributions, memo=memo, on_disk=on_disk, made=sorted(made),
                      rendered=sorted(rel for rel, text in out.items() if text is not None), keys=pages.known_keys(),
                      stubs=rendercache.PackedTable(stubs), site_pages=tuple(sorted(site_pages)))
    return report, new


def _quick(project: Project, env: jinja2.Environment, site: dict[str, Any], old: RenderState,
           articles: Mapping[str, ArticleRecord], members: Mapping[str, list[str]], changed_stories: set[str],
           sheet_of_story: Mapping[str, str], stale: set[str]) -> tuple[list[str], dict[str, str | None]] | None:
    """The pages of a render whose edits change no story's contribution — the same stories, each changed
    story's contribution equal to the last render's (its digest), its page looking up the same companies and
    people —, so that no site-wide page can change: the changed stories' pages made again, every other page
    kept. None when that does not hold (or a page other than a changed story's is not as the last render
    left it): then the whole render runs. Needs neither the contributions nor the site-wide pages' map."""
    if not old.stubs or set(members) != set(old.stubs) or not old.site_pages:
        return None
    own = {story_id: [f"stories/{story_id}.md", *(f"sources/{sheet_id}.md" for sheet_id in ids)]
           for story_id, ids in members.items()}
    for story_id, paths in own.items():
        if story_id not in changed_stories and any(rel in stale or rel not in old.on_disk for rel in paths):
            return None
    if any(rel in stale or rel not in old.on_disk for rel in old.site_pages):
        return None
    out: dict[str, str | None] = {}
    made = sorted(changed_stories & set(members))
    for story_id in made:
        story = _story(project, story_id, members[story_id], sheet_of_story.get(story_id), articles)
        stub, before = old.stubs[story_id]
        # what this story's page looked up at the last render, as it was then: the same while no contribution
        # changes (every entity is folded from the contributions)
        companies = {key: Entity("company", key, *seen) for key, seen in before[0] if seen is not None}
        people = {key: Entity("person", key, *seen) for key, seen in before[1] if seen is not None}
        page, read = pages.story_page(story, companies, people)
        if any(not set(now) <= {key for key, _ in then} for now, then in zip(read, before, strict=True)):
            return None  # it looks up an entity it did not look up before: its answer is not known here
        if contribution_digest(pages.contribution(story, pages.named(story), page, read)) != stub:
            return None
        out.update(pages.render_story(env, story, page, site))
    for paths in own.values():
        for rel in paths:
            out.setdefault(rel, None)
    for rel in old.site_pages:
        if rel in out:
            return None  # two pages on one path: the whole render reports it
        out[rel] = None
    return made, out


def _write(project: Project, files: Mapping[str, str], out: Mapping[str, str | None], report: Report,
           ) -> dict[str, str]:
    """Write the pages of `out` (None: keep the file as it is) into briefings/, remove the others; returns each
    page's file identity."""
    writer = ManagedFolder(project.briefings, label="briefings")
    for rel in sorted(out):
        text = out[rel]
        if text is None:
            writer.keep(rel)  # the same output as the last render wrote, and the file is as it left it
        else:
            writer.write(rel, text)
    writer.finish()
    written = set(writer.written)
    report.written += [f"briefings/{rel}" for rel in writer.written]
    return {rel: _identity(project.briefings / rel) if rel in written or f"briefings/{rel}" not in files
            else files[f"briefings/{rel}"] for rel in out}


def _newest_first(items: Iterable[Contribution]) -> list[Contribution]:
    return sorted(items, key=lambda c: (sort_key(c.story.published), c.story.id), reverse=True)


def _identity(path: Path) -> str:
    """A file's identity in freshness.snapshot's form (inode, size, modification time)."""
    try:
        info = os.stat(path)
    except OSError:
        return MISSING
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def _articles(project: Project, files: Mapping[str, str], old: RenderState, everything: bool,
              ) -> tuple[dict[str, ArticleRecord], set[str], list[Problem]]:
    """Every article sheet's record: the last render's while its sheet and source are unchanged, else read again
    (the sheet validated, the source read). Returns the records, the ids of the changed ones (added and removed
    ones too) and the sheets' problems."""
    records: dict[str, ArticleRecord] = {}
    changed: set[str] = set()
    problems: list[Problem] = []
    facts = project.facts
    for name in sorted(rel[6:] for rel in files if rel.startswith("facts/") and rel.endswith(".yaml")
                       and rel.count("/") == 1):
        rel, stem = f"facts/{name}", name[:-5]
        identity = files[rel]
        record = old.articles.get(stem)
        if not everything and record is not None and record.sheet == identity \
                and files.get(record.source, MISSING) == record.seed:
            records[stem] = record  # the common case: strings compared, no path made
            continue
        path, digest = facts / name, ""
        if not everything and record is not None and _seed_identity(project, files, record.source) == record.seed:
            if record.sheet == identity:
                records[stem] = record
                continue
            digest = _digest(path)
            if digest == record.digest:  # saved again as it was
                records[stem] = dataclasses.replace(record, sheet=identity)
                continue
        changed.add(stem)
        try:
            digest = digest or _digest(path)
            sheet = _sheet(path, rel)
        except BriefsiteError as exc:
            problems += exc.problems
            continue
        source = sheet.source.file
        seed = _seed_identity(project, files, source)
        warnings: tuple[str, ...] = ()
        errors: tuple[Problem, ...] = ()
        entry = ""
        if seed != MISSING:
            try:
                known = record.entry if record and (record.source, record.seed) == (source, seed) else ""
                article = _read(project, ArticleRecord("", "", source, seed, entry=known))
                if article.sha256 != sheet.source.sha256:
                    warnings = (f"{source}: changed since its fact sheet was made; run normalize",)
                entry = cache.key(article.file, article.sha256)
            except InputError as exc:
                errors = tuple(exc.problems)
        records[stem] = ArticleRecord(identity, sheet.story or sheet.id, source, seed, warnings, errors, entry, digest)
    changed |= set(old.articles) - set(records)
    return records, changed, problems


def _read(project: Project, record: ArticleRecord) -> RawArticle:
    """An article's source as read (cleaned text, sha256): from the read cache by the entry recorded when its
    file had this identity, else read (through the read cache)."""
    if record.entry and record.seed == _seed_identity(project, {}, record.source):
        article = cache.load(project.root, record.entry)
        if article is not None and article.file == record.source:
            return article
    return readers.read_article(project.root / record.source, project.root, cache="read")


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _seed_identity(project: Project, files: Mapping[str, str], source: str) -> str:
    if source in files:
        return files[source]
    path = project.root / source
    return _identity(path) if path.is_file() else MISSING


def _sheet(path: Path, rel: str) -> ArticleSheet:
    """One article sheet, validated; FactSheetError when it is invalid or its id is not its file's name."""
    sheet = store.load_article(path, rel)
    if sheet.id != path.stem:
        from briefsite.facts import yamlio  # ruamel.yaml: only to report a problem's line

        line = yamlio.line_of(yamlio.load(store.read_sheet_text(path) or "", rel), ["id"])
        raise FactSheetError([Problem(rel, f"id {sheet.id!r} does not match the file name", line, "id")])
    return sheet


def _story_sheets(project: Project, files: Mapping[str, str], old: RenderState, everything: bool,
                  ) -> tuple[dict[str, tuple[str, str]], dict[str, str], set[str], list[Problem]]:
    """facts/stories/*.yaml: {file name: (identity, story id)}, {story id: its sheet} (the last file naming it),
    the stories whose sheet changed, and the problems of the changed sheets."""
    folder = project.facts / "stories"
    names = sorted(rel.removeprefix("facts/stories/") for rel in files
                   if rel.startswith("facts/stories/") and rel.endswith(".yaml") and rel.count("/") == 2)
    records: dict[str, tuple[str, str]] = {}
    changed: set[str] = set()
    problems: list[Problem] = []
    for name in names:
        identity = files[f"facts/stories/{name}"]
        record = old.story_sheets.get(name)
        if not everything and record is not None and record[0] == identity:
            records[name] = record
            continue
        try:
            sheet = store.load_story(folder / name, f"facts/stories/{name}")
        except BriefsiteError as exc:
            problems += exc.problems
            continue
        records[name] = (identity, sheet.id)
        changed.add(sheet.id)
        if record is not None:
            changed.add(record[1])
    changed |= {record[1] for name, record in old.story_sheets.items() if name not in records}
    return records, {story_id: name for name, (_, story_id) in records.items()}, changed, problems


def _story(project: Project, story_id: str, ids: list[str], sheet_name: str | None,
           records: Mapping[str, ArticleRecord]) -> StoryView:
    """One story made from its articles' sheets and text and its story sheet."""
    views = [_article_view(project, store.load_article(project.facts / f"{sheet_id}.yaml", f"facts/{sheet_id}.yaml"),
                           records[sheet_id]) for sheet_id in ids]
    views.sort(key=lambda v: (sort_key(v.published), v.id), reverse=True)
    bodies = {v.id: tuple((s.index, s.text) for p in v.paragraphs for s in p) for v in views}
    merged = merge_story(story_id, [v.sheet for v in views], bodies)
    sheet: StorySheet | None = None
    if sheet_name is not None:
        sheet = store.load_story(project.facts / "stories" / sheet_name, f"facts/stories/{sheet_name}")
    return StoryView(id=story_id, headline=sheet.headline if sheet else merged.headline, articles=tuple(views),
                     summary=sheet.summary if sheet else merged.summary,
                     why_it_matters=sheet.why_it_matters if sheet else merged.why_it_matters,
                     merged=merged, path=f"stories/{story_id}.md")


def _article_view(project: Project, sheet: ArticleSheet, record: ArticleRecord) -> ArticleView:
    """An article as pages show it: its cleaned text split into sentences (none when its source cannot be
    read: the render reports that)."""
    paragraphs: tuple[str, ...] = ()
    with contextlib.suppress(InputError, OSError):
        paragraphs = _read(project, record).paragraphs
    grouped: list[list[Any]] = [[] for _ in paragraphs]
    for sentence in split_sentences(paragraphs):
        grouped[sentence.paragraph].append(sentence)
    label, derived = (sheet.title, False) if sheet.title else (derived_label(paragraphs or ("Untitled article",)), True)
    return ArticleView(sheet=sheet, label=label, label_derived=derived,
                       paragraphs=tuple(tuple(p) for p in grouped), path=f"sources/{sheet.id}.md")
