"""What every built site gets after the publisher ran: the pinned mermaid copy and the search index. MkDocs
runs `on_post_build` through `hooks:` in mkdocs.yml (templates/hooks/briefsite_site.py), so `serve` gets both too;
`publish` calls `finish_site` after any publisher, which adds only what is missing. `on_post_page` weights
entity pages' names for search."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from briefsite.errors import PublishError
from briefsite.site.assets import copy_assets
from briefsite.site.search import index_site, is_indexed


ENTITY_WEIGHT = 10  # Pagefind weighs an h1 7 by default; an entity page's name weighs more
_ENTITY_PAGE = re.compile(r"^(?:people|companies)/[^/]+/$")


def finish_site(site_dir: Path, *, reindex: bool = False) -> None:
    """Copy the pinned assets into `site_dir` and index it for search (unless indexed and not `reindex`)."""
    copy_assets(site_dir)
    if reindex or not is_indexed(site_dir):
        index_site(site_dir)


def on_post_build(config: Any) -> None:
    """MkDocs event: finish the site it just built (every build, so a preview's index follows its edits)."""
    from mkdocs.exceptions import Abort

    try:
        finish_site(Path(config["site_dir"]), reindex=True)
    except PublishError as exc:
        raise Abort(str(exc)) from None


def on_post_page(output: str, /, *, page: Any, config: Any) -> str:
    """MkDocs event: a person's or company's name (the h1 of their page) weighs most in the search index, so
    their page comes first when someone searches for them."""
    if _ENTITY_PAGE.match(str(page.url)):
        return output.replace("<h1", f'<h1 data-pagefind-weight="{ENTITY_WEIGHT}"', 1)
    return output
