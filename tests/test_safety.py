"""site/sanitize.py and the crash safety of write.py / site/publish.py, at unit level (no extraction, no MkDocs)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefsite import write
from briefsite.site import publish as site
from briefsite.site.sanitize import audit_page, clean_content, clean_text, script_signatures

XSS = [
    ("<script>alert(1)</script>after", "after"),
    ('<img src="x" onerror="alert(1)">', '<img src="x">'),
    ('<svg onload="alert(1)"><circle r="1"/></svg>ok', "ok"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java\tscript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>"),
    ('<iframe src="https://evil.example"></iframe>text', "text"),
    ('<p style="background:url(javascript:x)">p</p>', "<p>p</p>"),
    ('<form action="https://evil.example"><input name="q"></form>f', "f"),
    ("<!-- hidden -->c", "c"),
]


@pytest.mark.parametrize(("dirty", "clean"), XSS)
def test_content_sanitiser_removes_active_markup(dirty: str, clean: str) -> None:
    assert clean_content(dirty) == clean


def test_content_sanitiser_keeps_what_markdown_makes() -> None:
    page = ('<h2 id="text">Text<a class="headerlink" href="#text" title="Permanent link">¶</a></h2>\n'
            '<p><span class="sentence" id="s1">One.</span> <a href="../../stories/x/">story</a> '
            '<a href="https://example.com/a?b=1&amp;c=2">src</a></p>\n'
            '<table>\n<thead>\n<tr>\n<th style="text-align: left;">A</th>\n</tr>\n</thead>\n'
            '<tbody>\n<tr>\n<td><code>seeds/a\\_b.txt</code></td>\n</tr>\n</tbody>\n</table>')
    assert clean_content(page) == page.replace("text-align: left;", "text-align:left")


def test_text_cleaning_is_idempotent_and_keeps_escaped_text() -> None:
    title = "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;"
    assert clean_text(title) == title
    assert clean_text("a <b>bold</b> <script>x</script>") == "a bold "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/ &#;:ajvscriptonladerfhmg()x1")), max_size=80))
def test_sanitised_content_always_passes_the_audit(fragment: str) -> None:
    cleaned = clean_content(fragment)
    assert audit_page(cleaned, Counter()) == []
    assert clean_content(cleaned) == cleaned


THEME = '<html><head><script>__md_scope=new URL("../..",location)</script></head><body>{}' \
        '<script src="../../assets/javascripts/bundle.js"></script></body></html>'


def test_audit_accepts_the_theme_scripts_at_any_depth() -> None:
    not_found = THEME.replace('"../.."', '"/"').replace('"../../assets', '"/assets')  # how 404.html links
    reference = script_signatures(not_found.format(""))
    assert audit_page(THEME.format("<p>ok</p>"), reference) == []
    home = THEME.replace('"../.."', '"."').replace('"../../assets', '"assets')
    assert audit_page(home.format(""), reference) == []


@pytest.mark.parametrize("injected", [
    "<script>alert(1)</script>",
    '<script src="https://evil.example/x.js"></script>',
    '<img src=x onerror="alert(1)">',
    '<body onload="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" &#x6A;avascript:alert(1)">x</a>',
    '<img srcset="ok.png 1x, javascript:alert(1) 2x">',
    '<iframe src="https://evil.example"></iframe>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
])
def test_audit_flags_injected_active_content(injected: str) -> None:
    reference = script_signatures(THEME.format(""))
    assert audit_page(THEME.format(injected), reference) != []


def test_audit_site_reports_the_page(tmp_path: Path) -> None:
    (tmp_path / "404.html").write_text(THEME.format(""))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(THEME.format("<p>fine</p>"))
    (tmp_path / "b.html").write_text(THEME.format('<img src=x onerror="alert(1)">'))
    from briefsite.site.sanitize import audit_site

    assert [rel for rel, _ in audit_site(tmp_path)] == ["b.html"]


def test_audit_skips_only_pages_equal_to_the_audited_site(tmp_path: Path) -> None:
    """A rebuild audits the pages it changed; a page byte for byte equal to the published (audited) one is not
    parsed again, unless the allowed scripts (the 404 page) changed."""
    from briefsite.site.sanitize import audit_site

    unsafe = THEME.format('<img src=x onerror="alert(1)">')
    published, staging = tmp_path / "site", tmp_path / "staging"
    for folder in (published, staging):
        folder.mkdir()
        (folder / "404.html").write_text(THEME.format(""))
        (folder / "same.html").write_text(THEME.format("<p>fine</p>"))
        (folder / "kept.html").write_text(unsafe)  # stands for a page the audit passed: equal, so not re-read
    (published / "changed.html").write_text(THEME.format("<p>fine</p>"))
    (staging / "changed.html").write_text(unsafe)
    (staging / "new.html").write_text(unsafe)
    assert [rel for rel, _ in audit_site(staging, audited=published)] == ["changed.html", "new.html"]
    assert [rel for rel, _ in audit_site(staging)] == ["changed.html", "kept.html", "new.html"]
    (staging / "404.html").write_text(THEME.format("<p>other theme</p>"))
    assert [rel for rel, _ in audit_site(staging, audited=published)] == ["changed.html", "kept.html", "new.html"]


# -- crash safety ---------------------------------------------------------------------------------------------


class Killed(BaseException):
    """Stands in for SIGKILL: raised at a chosen step, caught by nothing in the code under test."""


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_atomic_write_killed_at_any_step_leaves_the_old_file(tmp_path: Path, step: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old")

    def die(*args: object, **kwargs: object) -> None:
        raise Killed

    if step == "write":
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: (_ for _ in ()).throw(Killed()))
    else:
        monkeypatch.setattr(os, step, die)
    with pytest.raises(Killed):
        write.atomic_write(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # no temp file left behind
    write.atomic_write(target, b"new")  # rerunning converges
    assert target.read_bytes() == b"new"


def _site(folder: Path, marker: str) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(marker)
    (folder / "sub").mkdir()
    (folder / "sub" / "index.html").write_text(marker)
    return folder


def _content(folder: Path) -> set[str]:
    return {p.read_text() for p in folder.rglob("*.html")}


def test_swap_replaces_the_whole_site(tmp_path: Path) -> None:
    live = _site(tmp_path / "site", "old")
    site._swap(_site(tmp_path / ".site-new-1", "new"), live)
    assert _content(live) == {"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_cut_in_half_is_recovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an atomic exchange, a kill between the two renames leaves no site/; the next build restores it."""
    live = _site(tmp_path / "site", "old")
    staging = _site(tmp_path / ".site-new-1", "new")
    monkeypatch.setattr(site, "_exchange", lambda a, b: False)
    real_replace = os.replace
    calls: list[object] = []

    def replace_then_die(src: object, dst: object) -> None:
        calls.append(src)
        if len(calls) == 2:
            raise Killed
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(Killed):
        site._swap(staging, live)
    monkeypatch.undo()
    assert not live.exists()
    site.recover(tmp_path)
    assert _content(live) == {"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_failed_publish_keeps_the_old_site(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: briefings\nnot valid: [\n")
    (tmp_path / "briefings").mkdir()
    live = _site(tmp_path / "site", "old")
    from briefsite.errors import PublishError

    with pytest.raises(PublishError, match="site/ was left as it was"):
        site.publish(tmp_path, source_date_epoch="0")
    assert _content(live) == {"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefings", "mkdocs.yml", "site"]
