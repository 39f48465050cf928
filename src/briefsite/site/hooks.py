"""What every built site gets after the publisher ran: the pinned mermaid copy and the search index. MkDocs
runs `on_post_build` through `hooks:` in mkdocs.yml (templates/hooks/briefsite.py), so `serve` gets both too;
`publish` calls `finish_site` after any publisher, which adds only what is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefsite.errors import PublishError
from briefsite.site.assets import copy_assets
from briefsite.site.search import index_site, is_indexed


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
