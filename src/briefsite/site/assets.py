"""Files a built site needs that no publisher ships: the pinned mermaid copy, so diagrams draw without any
request to another host. `make site` fetches it from the npm registry and checks the package's sha512; the
copy is checked again here (sha256 of the file) before it goes into a site."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

from briefsite.errors import Problem, PublishError

MERMAID_VERSION = "11.17.2"
MERMAID_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"
MERMAID_ENV = "BRIEFSITE_MERMAID_JS"
MERMAID_TARGET = Path("assets") / "javascripts" / "mermaid.min.js"  # where briefsite.js loads it from


def mermaid_source() -> Path:
    """The verified mermaid copy: $BRIEFSITE_MERMAID_JS, else the one `make site` put into the environment
    (<venv>/share/briefsite/); a clear error when it is missing or is not the pinned version."""
    configured = os.environ.get(MERMAID_ENV)
    path = Path(configured) if configured else Path(sys.prefix) / "share" / "briefsite" / \
        f"mermaid-{MERMAID_VERSION}.min.js"
    where = f"${MERMAID_ENV}" if configured else "the environment"
    if not path.is_file():
        raise PublishError([Problem(str(path), f"mermaid {MERMAID_VERSION} is not installed in {where}: run "
                                               "`make site` (it fetches the pinned copy from the npm registry)")])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MERMAID_SHA256:
        raise PublishError([Problem(str(path), f"not the pinned mermaid {MERMAID_VERSION} (sha256 {digest}, "
                                               f"expected {MERMAID_SHA256}); delete it and run `make site`")])
    return path


def copy_assets(site_dir: Path) -> None:
    """Put the pinned mermaid copy into a built site (idempotent)."""
    source = mermaid_source()
    target = site_dir / MERMAID_TARGET
    if target.is_file() and target.stat().st_size == source.stat().st_size and \
            hashlib.sha256(target.read_bytes()).hexdigest() == MERMAID_SHA256:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
