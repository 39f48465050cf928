"""What a new user's first hour hit (issue 12, section 2), each as the user ran it: removing an article takes it
off the site, `check` reports what `build` would without writing, problems read `file:line: field: message`
in words, global options work after the verb, the RSS feed has no `None`, and the README says what happens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, RunCli, copy_site

SEED = "004_53d5a015a391f8b4"
OTHER = "000_04c23cf0a20b8793"


@pytest.fixture
def built(tmp_path: Path, run_cli: RunCli) -> Path:
    """The seed site with its committed (current) fact sheets, built: no extraction needed."""
    root = copy_site(tmp_path / "site-root", facts=True)
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_removing_an_article_from_seeds_unpublishes_it_and_keeps_its_sheet(built: Path, run_cli: RunCli) -> None:
    assert (built / "site" / "sources" / SEED / "index.html").is_file()
    (built / "seeds" / f"{SEED}.txt").unlink()
    result = run_cli(built, "build")
    assert result.returncode == 0, result.stderr
    assert f"facts/{SEED}.yaml: orphan: its article is no longer in seeds/" in result.stderr
    assert (built / "facts" / f"{SEED}.yaml").is_file()  # kept, with any hand edits
    assert not (built / "briefings" / "sources" / f"{SEED}.md").exists()
    assert not (built / "site" / "sources" / SEED).exists()
    assert SEED not in (built / "briefings" / "sources" / "index.md").read_text("utf-8")
    assert (built / "site" / "sources" / OTHER / "index.html").is_file()
    story = next((built / "briefings" / "stories").glob("2018-*.md")).read_text("utf-8")
    assert SEED not in story


def test_check_reports_what_build_would_without_writing(built: Path, run_cli: RunCli) -> None:
    (built / "seeds" / f"{SEED}.txt").unlink()  # an orphan sheet
    (built / "seeds" / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 20)  # an unreadable article
    (built / "seeds" / "notes.docx").write_bytes(b"PK")  # an unsupported file
    before = _tree(built)
    check = run_cli(built, "check")
    assert _tree(built) == before  # nothing written
    build = run_cli(built, "build")
    assert check.returncode == build.returncode == 1
    for line in build.stderr.splitlines():
        if line.startswith(("error:", "note:")) and "site/" not in line:
            assert line in check.stderr.splitlines(), line
    assert "seeds/broken.txt" in check.stderr and "seeds/notes.docx" in check.stderr
    assert f"facts/{SEED}.yaml: orphan" in check.stderr


def test_a_new_article_is_reported_by_check_as_not_yet_extracted(built: Path, run_cli: RunCli) -> None:
    (built / "seeds" / "new.txt").write_text("A headline\n\nMicrosoft and Walmart signed a deal on Monday.\n", "utf-8")
    check = run_cli(built, "check")
    assert check.returncode == 0
    assert "note: seeds/new.txt: new or changed since facts/new.yaml was made; `build` will extract it" in check.stderr


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("verb", ["build", "check"])
def test_problems_name_file_line_and_field_in_words(built: Path, run_cli: RunCli, verb: str) -> None:
    sheet = built / "facts" / f"{OTHER}.yaml"
    text = sheet.read_text("utf-8")
    assert "value: '2018-07-18T09:31:00+05:30'" in text
    text = text.replace("value: '2018-07-18T09:31:00+05:30'", "value: '18 July 2018 09:31'", 1)
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("quotes:"))
    second = [i for i in range(start, len(lines)) if lines[i].startswith("    speaker:")][1]
    lines[second] = "    speaker: [Walmart, Microsoft]\n"
    text = "".join(lines)
    sheet.write_text(text, "utf-8")
    result = run_cli(built, verb)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    published = f"error: facts/{OTHER}.yaml:{_line_of(text, 'value:')}: published.value: expected an ISO 8601 date"
    assert any(line.startswith(published) for line in errors), errors
    assert any("such as 2018-07-18" in line and "2018-07-18T09:31:00+05:30" in line for line in errors)
    speaker = f"error: facts/{OTHER}.yaml:{_line_of(text, 'speaker: [Walmart')}: quotes[2].speaker: "
    assert any(line.startswith(speaker) for line in errors), errors
    for line in errors:
        assert not re.search(r"pattern|\\d|\^|\$'", line), line  # words, never a regular expression


@pytest.mark.parametrize("args", [("build", "--quiet"), ("check", "-q"), ("--quiet", "check")])
def test_global_options_work_before_or_after_the_verb(built: Path, args: tuple[str, ...]) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(built)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "file(s) written" not in result.stderr  # quiet


def test_the_rss_feed_has_no_none_and_the_readme_says_to_set_site_url(built: Path) -> None:
    for feed in ("feed_rss_created.xml", "feed_rss_updated.xml"):
        text = (built / "site" / feed).read_text("utf-8")
        assert "None" not in text
        assert re.search(r"<image>\s*<url>https://", text)
    readme = (REPO / "README.md").read_text("utf-8")
    assert "site_url" in readme


def test_the_readme_says_what_really_happens() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert "decoded strictly" not in readme and "cp1252" in readme  # Latin-1 bytes are decoded, with a warning
    front = readme.split("front matter", 1)[1][:1500]
    for key in ("title", "published", "date", "authors", "dek", "url", "publisher", "language"):
        assert f"`{key}`" in front, key
    assert "Open `site/index.html`" not in readme and "make serve" in readme
    assert re.search(r"[Cc]ommit\s+`facts/\.base/`", readme)
    assert "full text not available" in " ".join(readme.lower().split()) and "`access`" in readme
