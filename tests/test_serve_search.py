"""`serve` previews a complete site: the MkDocs hook copies the pinned mermaid in and indexes the preview for
search after each of its builds, and Material's end-of-life notice stays out of the output."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.sitefixture import build_fixture_site

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError):
        return None


def test_serve_has_search_and_mermaid(tmp_path: Path) -> None:
    root = build_fixture_site(tmp_path / "site-root")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w+")
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "--quiet", "serve",
                               "--dev-addr", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT, env=env,
                              start_new_session=True)
    try:
        entry = None
        deadline = time.monotonic() + 90
        while entry is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)
            entry = _get(base + "/pagefind/pagefind-entry.json")
        assert entry is not None and b'"languages"' in entry, "the preview has no search index"
        assert _get(base + "/pagefind/pagefind.js")
        mermaid = _get(base + "/assets/javascripts/mermaid.min.js")
        assert mermaid is not None and len(mermaid) > 1_000_000
        person = _get(base + "/people/satya-nadella/")
        assert person is not None and b"data-pagefind-body" in person
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    log.seek(0)
    output = log.read()
    assert "end of life" not in output, output
