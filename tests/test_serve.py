"""`build.py serve` as an editor uses it, on the seed site: the preview rests when nothing is written (reading
files is not writing), shows hand edits by rebuilding only what changed, ends up byte for byte equal to a full
`build` (pages, search index, tags, feeds) after a series of edits, and leaves no process behind on SIGTERM."""

from __future__ import annotations

import contextlib
import filecmp
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site

STATUS = ("serve: rebuilt", "serve: full build", "serve: nothing to rebuild", "serve: not rebuilt")
SEARCHED = "serve: search index updated"
SHEET = "facts/000_04c23cf0a20b8793.yaml"
STORY_SHEET = "facts/stories/2018-07-18-microsoft-walmart-amazon-b20451.yaml"
STORY_PAGE = "stories/2018-07-18-microsoft-walmart-amazon-b20451/index.html"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Serving:
    """A running `build.py serve` and the lines it printed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--root", str(root), "--quiet", "serve", "--dev-addr",
             f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")})
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_until(self, condition: object, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if callable(condition) and condition():
                return
            if self.process.poll() is not None:
                raise AssertionError("serve stopped:\n" + "\n".join(self.lines[-30:]))
            time.sleep(0.05)
        raise AssertionError("timed out:\n" + "\n".join(self.lines[-30:]))

    def statuses(self) -> list[str]:
        return [line for line in self.lines if line.startswith(STATUS)]

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def edit(self, rel: str, old: str, new: str) -> None:
        """Change a file as an editor saves it, and wait until the preview has reacted."""
        before = len(self.statuses())
        path = self.root / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
        self.wait_until(lambda: len(self.statuses()) > before)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def serving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    root = copy_site(tmp_path_factory.mktemp("serve") / "site", facts=True)
    running = Serving(root)
    try:
        running.wait_until(lambda: any(line.startswith("serve: serving on") for line in running.lines), 300)
        yield running
    finally:
        running.stop()


def _page(serving: Serving, path: str) -> str:
    url = f"http://127.0.0.1:{serving.port}/{path.removesuffix('index.html')}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.read().decode("utf-8"))


def test_the_preview_rests_when_files_are_only_read(serving: Serving) -> None:
    time.sleep(1.5)  # let the start settle
    statuses = len(serving.statuses())
    cpu = serving.cpu_seconds()
    for folder in ("seeds", "facts", "templates", "briefings"):  # what its own refresh does: open and read
        for path in sorted((serving.root / folder).rglob("*")):
            if path.is_file():
                path.read_bytes()
    time.sleep(3)
    assert serving.statuses()[statuses:] == []
    cpu_reading = serving.cpu_seconds() - cpu
    cpu = serving.cpu_seconds()
    time.sleep(3)
    assert serving.statuses()[statuses:] == []
    assert cpu_reading < 0.5, cpu_reading
    assert serving.cpu_seconds() - cpu <= 0.05  # at rest: no polling, no refresh


def test_an_edit_shows_and_the_preview_equals_a_full_build(serving: Serving) -> None:
    assert "CEO" in _page(serving, STORY_PAGE)
    started = time.monotonic()
    serving.edit(SHEET, "role: CEO", "role: chief executive officer")
    assert "chief executive officer" in _page(serving, STORY_PAGE)
    assert time.monotonic() - started < 60
    last = serving.statuses()[-1]
    assert last.startswith("serve: rebuilt"), last  # not a full build
    assert int(last.split()[2]) < 10  # a handful of pages, not the site's 25

    serving.edit(STORY_SHEET, "headline: Microsoft and Walmart deepen partnership",
                 "headline: Walmart and Microsoft widen their partnership")
    assert "Walmart and Microsoft widen their partnership" in _page(serving, "index.html")
    serving.edit(SHEET, "topics:\n  - microsoft", "topics:\n  - microsoft\n  - hand-picked topic")
    serving.edit("templates/about.md.j2", "# About this site\n", "# About this site\n{% if %}\n")  # a mistake
    assert serving.statuses()[-1].startswith("serve: not rebuilt")
    assert any(line.startswith("error: ") and "about.md.j2" in line for line in serving.lines)
    serving.edit("templates/about.md.j2", "# About this site\n{% if %}\n", "# About this site\n\nEdited about page.\n")
    serving.edit(SHEET, "  - name: The Wall Street Journal\n",
                 "  - name: Contoso Ventures\n    aliases: []\n    ticker:\n    evidence: [5]\n"
                 "  - name: The Wall Street Journal\n")  # a new company: a page is added
    assert "Contoso Ventures" in _page(serving, "companies/contoso-ventures/index.html")
    # a theme override (named by mkdocs.yml) changes every page, though no Markdown changes: a full build
    serving.edit("templates/overrides/main.html", '<meta charset="utf-8">',
                 '<meta charset="utf-8">\n  <meta name="generator" content="edited theme">')
    assert serving.statuses()[-1].startswith("serve: full build"), serving.statuses()[-1]
    assert "edited theme" in _page(serving, "about/index.html")
    # the newest article date changes the build date (sitemap, feeds) as in a full build
    serving.edit(SHEET, "value: '2018-07-18T09:31:00+05:30'", "value: '2018-07-25T09:31:00+05:30'")
    serving.edit(SHEET, "role: chief executive officer", "role: chief executive")

    preview = serving.root / ".briefsite-cache" / "preview"
    serving.wait_until(lambda: [line for line in serving.lines if line.startswith((*STATUS, SEARCHED))][-1]
                       .startswith(SEARCHED))  # search catches up in the background after the last rebuild
    build = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(serving.root), "--quiet", "build"],
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    site = serving.root / "site"
    differences = _differences(site, preview)
    assert differences == [], differences[:10]
    assert (preview / "pagefind" / "pagefind-entry.json").is_file()  # and equal to the full build's, above
    tags = (preview / "tags.json").read_text("utf-8")
    assert "Contoso Ventures" in tags  # tags are entities and curated topics (issue 15), so a new company shows
    assert "Walmart and Microsoft widen their partnership" in (preview / "feed_rss_created.xml").read_text("utf-8")


def _differences(left: Path, right: Path) -> list[str]:
    def listing(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    names = listing(left) ^ listing(right)
    same = listing(left) & listing(right)
    _, mismatch, errors = filecmp.cmpfiles(left, right, sorted(same), shallow=False)
    return sorted(names) + [f"differs: {name}" for name in [*mismatch, *errors]]


def test_sigterm_stops_the_preview_and_everything_it_started(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site", facts=True)
    running = Serving(root)
    try:
        running.wait_until(lambda: _listening(running.port), 300)
        running.process.send_signal(signal.SIGTERM)
        running.process.wait(timeout=30)
        time.sleep(0.5)
        left = [pid for pid in _session(running.process.pid)]
        assert left == [], f"processes left running: {left}"
        assert not _listening(running.port)
        assert not (root / ".briefsite-cache" / "preview").exists()
    finally:
        running.stop()


def _session(sid: int) -> list[int]:
    """Live processes of a session (the preview was started in its own)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry))
    return found
