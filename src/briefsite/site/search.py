"""The site's search index: Pagefind over the built pages. Each page marks its own content with
data-pagefind-body (templates/overrides/partials/content.html), so navigation, tags and buttons stay out;
diagram source and heading anchors are excluded here. The browser fetches only the index pieces a query needs
(templates/overrides/assets/javascripts/briefsite.js), so a first query costs about the same on any site size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from briefsite.errors import Problem, PublishError

PAGEFIND_DIR = "pagefind"
EXCLUDE = (".mermaid", ".headerlink", "pre.mermaid", "[data-search-exclude]")
_TAIL = 20


def is_indexed(site_dir: Path) -> bool:
    """Whether `site_dir` holds a Pagefind index."""
    return (site_dir / PAGEFIND_DIR / "pagefind-entry.json").is_file()


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index into `site_dir/pagefind/`; a PublishError names what went wrong."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", PAGEFIND_DIR,
               "--force-language", "en", "--exclude-selectors", ", ".join(EXCLUDE), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise PublishError([Problem("pagefind", f"could not run the search indexer: {exc}")]) from None
    if result.returncode != 0 or not is_indexed(site_dir):
        output = (result.stdout + result.stderr).strip().splitlines()
        detail = "\n".join(output[-_TAIL:]) or f"exit status {result.returncode}"
        if "No module named pagefind" in detail:
            detail = "Pagefind is not installed: run `make site` (pip install 'pagefind[extended]==1.5.2')"
        raise PublishError([Problem("pagefind", f"search indexing failed: {detail}")])
