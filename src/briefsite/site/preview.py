"""The live preview's site build: MkDocs stays loaded in the preview process, and after an edit only the pages
whose Markdown changed are rebuilt, with the same theme environment, navigation and plugins, while what the
search, tags and RSS plugins collected from every other page is kept. The output is the same as a full build's
(tests/test_serve.py compares them file by file).

How the plugins' per-page state is kept whole (MkDocs 1.6, Material 9.8, mkdocs-rss-plugin 1.19, all pinned):
- search: the entries of the rebuilt pages are dropped and made again; entries stay in page order;
- tags: the rebuilt pages' tag mappings are replaced; pages with a tag listing (tags.md) are rebuilt whenever
  anything is, so their listings are made from every page's current tags; tags.json is written again;
- rss: the rebuilt pages' feed items are replaced, the feeds written again from all items.
A change the incremental path cannot follow — a page added or removed, mkdocs.yml or the theme changed, a
page title in the nav changed, a plugin it does not know — runs a full build in the same process instead.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefsite.site import hooks
from briefsite.site.assets import copy_assets
from briefsite.site.search import BackgroundIndex

_KNOWN_PLUGINS = {"material/search", "search", "material/tags", "tags", "rss", "briefsite-sanitize"}
_OUR_HOOK = "briefsite_site.py"  # mkdocs.yml `hooks:` (templates/hooks/): assets and the search index


@dataclass
class Outcome:
    """What one preview update did."""

    full: bool = False  # a full build ran
    pages: list[str] = field(default_factory=list)  # pages rebuilt (src paths under docs_dir)
    seconds: float = 0.0


class PreviewSite:
    """A site built into `site_dir` from `config_file` and kept up to date page by page."""

    def __init__(self, config_file: Path, site_dir: Path, *, source_date_epoch: str,
                 indexer: BackgroundIndex | None = None) -> None:
        self.config_file = config_file
        self.indexer = indexer  # re-indexes search after partial rebuilds
        self.site_dir = site_dir
        self.epoch = source_date_epoch
        self.config: Any = None
        self.files: Any = None
        self.nav: Any = None
        self.env: Any = None
        self._stale = True  # the next update runs a full build
        self.unindexed = False  # pages were rebuilt since the search index was last asked for

    # --- full build ----------------------------------------------------------------------------------------

    def build(self) -> Outcome:
        """A full build (what `mkdocs build` does), keeping the loaded config, files, nav and theme env."""
        from mkdocs.commands import build as mk
        from mkdocs.config import load_config
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page
        from mkdocs.utils import clean_directory

        from briefsite.site.sanitize import sanitize_plugin

        started = time.perf_counter()
        self._environment()
        self._shutdown()
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir), strict=False)
        config.plugins["briefsite-sanitize"] = sanitize_plugin()
        config.plugins.on_startup(command="build", dirty=False)
        self.config = config
        config = config.plugins.on_config(config)
        self.config = config
        config.plugins.on_pre_build(config=config)
        self.site_dir.mkdir(parents=True, exist_ok=True)
        clean_directory(str(self.site_dir))
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages():
            page = file.page if file.page is not None else Page(None, file, config)
            mk._populate_page(page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files()
        for template in config.theme.static_templates:
            mk._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages()
        built = [file.page for file in doc_files if file.page is not None]
        for page in built:
            mk._build_page(page, config, doc_files, nav, env)
        for page in built:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        self.files, self.nav, self.env = files, nav, env
        self._stale = False
        pages = [f.src_uri for f in doc_files]
        return Outcome(full=True, pages=pages, seconds=time.perf_counter() - started)

    def close(self) -> None:
        """Run the plugins' shutdown event."""
        self._shutdown()

    def _shutdown(self) -> None:
        if self.config is not None:
            self.config.plugins.on_shutdown()
            self.config = None

    def _environment(self) -> None:
        """The environment publish.py gives the publisher, so the preview's output is the build's."""
        os.environ["SOURCE_DATE_EPOCH"] = self.epoch
        os.environ["TZ"] = "UTC"
        if hasattr(time, "tzset"):
            time.tzset()

    # --- incremental update ----------------------------------------------------------------------------------

    def update(self, changed: Iterable[str], *, source_date_epoch: str | None = None,
               config_changed: bool = False) -> Outcome:
        """Bring the site up to date after the files `changed` (paths under docs_dir; written, added or
        removed) changed. Rebuilds only those pages when it can, else runs a full build."""
        changed = sorted(set(changed))
        if source_date_epoch is not None and source_date_epoch != self.epoch:
            self.epoch = source_date_epoch
            self._stale = True
        if config_changed or self._stale or self.config is None or not self._incremental_plugins():
            return self.build()
        started = time.perf_counter()
        docs = Path(self.config.docs_dir)
        pages = []
        for rel in changed:
            file = self.files.get_file_from_path(rel)
            exists = (docs / rel).is_file()
            if file is None or not exists or file.inclusion.is_excluded():
                return self.build()  # a file added or removed: the file list and nav change
            if file.is_documentation_page():
                pages.append(file.page)
            else:
                file.copy_file()
        if not pages:
            return Outcome(pages=[], seconds=time.perf_counter() - started)
        try:
            rebuilt = self._rebuild(pages)
        except Exception:
            self._stale = True
            raise
        if rebuilt is None:
            return self.build()
        return Outcome(pages=rebuilt, seconds=time.perf_counter() - started)

    def _incremental_plugins(self) -> bool:
        return all(name in _KNOWN_PLUGINS or name.endswith(_OUR_HOOK) for name in self.config.plugins)

    def _rebuild(self, changed: list[Any]) -> list[str] | None:
        """Rebuild `changed` pages, plus the pages with tag listings when a rebuilt page's tags or title changed
        (a listing shows each tagged page's title); None when a full build is needed."""
        from mkdocs.commands import build as mk

        self._environment()
        config, files, nav = self.config, self.files, self.nav
        in_nav = {id(p) for p in nav.pages}
        titles = {id(p): p.title for p in changed if id(p) in in_nav}
        plugins = list(config.plugins.values())
        tags_plugins = [plugin for plugin in plugins if _is_tags(plugin)]
        listing_pages = [listing.page for plugin in tags_plugins for listing in plugin.listings.data]
        # a listing page itself changed: its listings are made again
        listing_changed = bool({id(p) for p in listing_pages} & {id(p) for p in changed})
        tagged_before = _tagged(tags_plugins, changed)
        _forget(plugins, changed)  # what the plugins collected from these pages: collected again as they are read
        for page in changed:
            mk._populate_page(page, config, files)
        if any(p.title != titles[id(p)] for p in changed if id(p) in titles):
            return None  # a title in the nav changed: every page shows it
        listings_same = not listing_changed and tagged_before == _tagged(tags_plugins, changed)
        ids = {id(p) for p in changed}
        extra = [] if listings_same else list({id(p): p for p in listing_pages if id(p) not in ids}.values())
        _forget(plugins, extra)
        for page in extra:
            mk._populate_page(page, config, files)
        pages = [*changed, *extra]
        # the tags plugin's env event makes every listing again and writes tags.json: only when they change
        self.env = _on_env(config, self.env, files, skip=tags_plugins if listings_same else [])
        doc_files = files.documentation_pages()
        # the theme's static templates (404 page, sitemap) show the nav and the list of pages, which a partial
        # rebuild does not change (a page added or removed, or a nav title changed, runs a full build)
        for page in pages:
            mk._build_page(page, config, doc_files, nav, self.env)
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        order = {f.page.url: i for i, f in enumerate(doc_files)}
        paths = {f.abs_src_path: i for i, f in enumerate(doc_files)}
        for plugin in plugins:
            if _is_search(plugin):  # entries in page order, as a full build adds them
                plugin.search_index.entries.sort(key=lambda e: order.get(e["location"].split("#")[0], -1))
            if _is_rss(plugin):
                plugin.pages_to_filter.sort(key=lambda item: paths.get(str(item.abs_path), -1))
                plugin.feed_created.entries = []
                plugin.feed_updated.entries = []
        self._post_build(config)
        return [p.file.src_uri for p in pages]

    def _post_build(self, config: Any) -> None:
        """The post-build event after a partial rebuild: every plugin's, except that the search index (our hook's
        part) is left to `request_index`, since Pagefind re-reads the whole site."""
        for method in config.plugins.events["post_build"]:
            if method is not hooks.on_post_build:
                method(config=config)
        copy_assets(self.site_dir)
        self.unindexed = True

    def request_index(self) -> None:
        """Have the background indexer bring the search index up to date, when pages were rebuilt since the
        last request. The preview calls it once the edit is shown: the re-index reads the whole site."""
        if self.unindexed and self.indexer is not None:
            self.unindexed = False
            self.indexer.request()


def _forget(plugins: list[Any], pages: list[Any]) -> None:
    """Drop what the search, tags and RSS plugins collected from `pages` (and the tag listings on them)."""
    urls = {p.url for p in pages}
    sources = {p.file.abs_src_path for p in pages}
    if not urls:
        return
    for plugin in plugins:
        if _is_tags(plugin):
            for url in urls:
                plugin.mappings.data.pop(url, None)
            plugin.listings.data = {item for item in plugin.listings.data if item.page.url not in urls}
        if _is_search(plugin):
            plugin.search_index.entries = [entry for entry in plugin.search_index.entries
                                           if entry["location"].split("#")[0] not in urls]
        if _is_rss(plugin):
            plugin.pages_to_filter = [item for item in plugin.pages_to_filter if str(item.abs_path) not in sources]


def _tagged(tags_plugins: list[Any], pages: list[Any]) -> list[tuple[str, str, list[tuple[str, bool]]]]:
    """What the tag listings show of `pages`: each page's url, title and tags, as the tags plugins collected."""
    out = []
    for plugin in tags_plugins:
        for page in pages:
            mapping = plugin.mappings.data.get(page.url)
            tags = sorted((str(tag.name), bool(tag.hidden)) for tag in mapping.tags) if mapping else []
            out.append((str(page.url), str(page.title), tags))
    return out


def _on_env(config: Any, env: Any, files: Any, *, skip: list[Any]) -> Any:
    """MkDocs' env event, without the handlers of the plugins in `skip`."""
    for method in config.plugins.events["env"]:
        if getattr(method, "__self__", None) in skip:
            continue
        result = method(env, config=config, files=files)
        if result is not None:
            env = result
    return env


def _is_search(plugin: Any) -> bool:
    return hasattr(plugin, "search_index") and hasattr(plugin.search_index, "entries")


def _is_tags(plugin: Any) -> bool:
    return hasattr(plugin, "mappings") and hasattr(plugin, "listings")


def _is_rss(plugin: Any) -> bool:
    return hasattr(plugin, "pages_to_filter") and hasattr(plugin, "feed_created")


def quiet_mkdocs() -> None:
    """MkDocs' own INFO lines are noise in the preview; warnings still show. Material's end-of-life notice is
    for site builders, not for our users (README), so it is switched off as the publisher does."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
