"""The files a built site needs besides the publisher's output: the pinned mermaid copy (verified, with a clear
error when it is missing or altered), the search index, and the site configuration that loads them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from briefsite.errors import PublishError
from briefsite.site import assets
from briefsite.site.hooks import on_post_page
from tests.conftest import REPO


def test_the_pinned_mermaid_is_copied_into_the_site(tmp_path: Path) -> None:
    assets.copy_assets(tmp_path)
    copied = tmp_path / "assets" / "javascripts" / "mermaid.min.js"
    assert copied.read_bytes() == assets.mermaid_source().read_bytes()
    assets.copy_assets(tmp_path)  # idempotent


def test_a_missing_mermaid_names_the_file_and_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(assets.MERMAID_ENV, str(tmp_path / "nowhere.js"))
    with pytest.raises(PublishError) as caught:
        assets.copy_assets(tmp_path / "site")
    assert "nowhere.js" in str(caught.value) and "make site" in str(caught.value)
    assert not (tmp_path / "site").exists()


def test_an_altered_mermaid_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "mermaid.min.js"
    fake.write_text("window.mermaid = {};\n", "utf-8")
    monkeypatch.setenv(assets.MERMAID_ENV, str(fake))
    with pytest.raises(PublishError, match="not the pinned mermaid"):
        assets.copy_assets(tmp_path / "site")


def test_the_makefile_and_the_code_pin_the_same_mermaid() -> None:
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert f"MERMAID_VERSION := {assets.MERMAID_VERSION}\n" in makefile
    assert "$(VENV)/share/briefsite/mermaid-$(MERMAID_VERSION).min.js" in makefile


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's `!!python/name:` tags become None."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_the_site_config_loads_no_search_index_and_no_font_service() -> None:
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    config = yaml.load(text, Loader=_Loader)
    assert config["theme"]["font"] is False
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "search" not in plugins
    assert config["hooks"] == ["templates/hooks/briefsite_site.py"]
    assert "assets/javascripts/briefsite.js" in config["extra_javascript"]
    assert "(?=" not in text and "(?!" not in text and "(?<" not in text  # Zensical: no look-around


@pytest.mark.parametrize(("name", "is_story"), [
    ("2018-07-18-walmart-microsoft-cloud", True), ("undated-walmart-1a2b3c", True), ("syn-story-00001", True),
    ("walmart-1a2b3c", True), ("a", True), ("indexes", True), ("undated1", True), ("2018-07-18", True),
    ("index", False), ("undated", False), ("2018-07", False), ("1999-12", False),
])
def test_the_feed_takes_every_story_page_and_no_list_page(name: str, is_story: bool) -> None:
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    match_path = re.search(r"match_path: '(.*)'", text)
    assert match_path
    assert bool(re.match(match_path.group(1), f"stories/{name}.md")) is is_story
    assert not re.match(match_path.group(1), f"stories/{name}/index.md")


class _Page:
    def __init__(self, url: str) -> None:
        self.url = url


def test_entity_pages_weigh_their_name_for_search() -> None:
    html = '<header><div>Site</div></header><article><h1 id="x">Satya Nadella</h1><h1>Other</h1></article>'
    weighted = on_post_page(html, page=_Page("people/satya-nadella/"), config={})
    assert weighted.count("data-pagefind-weight") == 1 and '<h1 data-pagefind-weight="10" id="x">' in weighted
    assert on_post_page(html, page=_Page("people/"), config={}) == html
    assert on_post_page(html, page=_Page("stories/x/"), config={}) == html


def test_the_search_bench_baseline_is_todays_site_with_materials_search() -> None:
    """bench/search.py compares Pagefind with the same site published with Material's lunr search."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_search", REPO / "bench" / "search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    baseline = yaml.load(module.lunr_config(text), Loader=_Loader)
    current = yaml.load(text, Loader=_Loader)
    assert "search" in baseline["plugins"] and "hooks" not in baseline and "extra_javascript" not in baseline
    assert "custom_dir" not in baseline["theme"]
    assert baseline["nav"] == current["nav"] and baseline["markdown_extensions"] == current["markdown_extensions"]
