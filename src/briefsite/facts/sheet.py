"""Fact sheets: build one from an article and its facts, validate a loaded one, and serialise it.

The keys and their order here are the contract users script against (see schema.py).
"""

from __future__ import annotations

import functools
from pathlib import PurePosixPath
from typing import Any, TypeVar

from pydantic import ValidationError

from briefsite.errors import FactSheetError, Problem
from briefsite.extract.models import Facts
from briefsite.facts.schema import SCHEMA_VERSION, ArticleSheet, StorySheet
from briefsite.facts.slug import safe_name
from briefsite.read.models import RawArticle

_M = TypeVar("_M", ArticleSheet, StorySheet)

SHEET_KEYS = (
    "schema", "id", "extractor", "source", "title", "dek", "authors", "published", "language", "access", "story",
    *Facts.FIELDS, "removed",
)


@functools.lru_cache(maxsize=65536)
def article_id(file: str) -> str:
    """Stable id of an article, derived from its path under seeds/ (never from its title)."""
    path = PurePosixPath(file)
    parts = path.parts[1:] if path.parts and path.parts[0] == "seeds" else path.parts
    stem = "/".join(parts)
    for suffix in (".gz", ".txt", ".text", ".html", ".htm", ".md", ".markdown"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return safe_name(stem)


def build_sheet(article: RawArticle, facts: Facts, extractor: int, story: str | None = None) -> dict[str, Any]:
    """The machine's fact sheet for one article, as plain data in contract key order."""
    sheet: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": article_id(article.file),
        "extractor": extractor,
        "source": {
            "file": article.file,
            "sha256": article.sha256,
            "kind": article.kind,
            "url": article.url,
            "publisher": article.publisher,
        },
        "title": article.title,
        "dek": article.dek,
        "authors": list(article.authors),
        "published": (
            {"value": article.published, "found": article.published_from or "stated"}
            if article.published else None
        ),
        "language": article.language,
    }
    if article.wall is not None:  # only then, so that sheets of ordinary articles keep their keys
        sheet["access"] = {"full_text": False, "kind": article.wall.kind, "reason": article.wall.reason}
    sheet["story"] = story
    for name in Facts.FIELDS:
        sheet[name] = list(getattr(facts, name))
    sheet["removed"] = [{"kind": r.kind, "text": r.text} for r in article.removed]
    return sheet


def validate_article(data: Any, path: str, *, plain: bool = False) -> ArticleSheet:
    """Validate loaded sheet data; every problem is reported at once with its line and field. `plain`: the data
    is already plain (the fast loader's), so it is not converted again (most of the cost of validating)."""
    return _validate(ArticleSheet, data, path, plain)


def validate_story(data: Any, path: str, *, plain: bool = False) -> StorySheet:
    """Validate a loaded story sheet (facts/stories/*.yaml)."""
    return _validate(StorySheet, data, path, plain)


def load_article(text: str, path: str) -> tuple[Any, ArticleSheet]:
    """Parse and validate one article sheet; returns (round-trip data, validated model)."""
    from briefsite.facts import yamlio

    data = yamlio.load(text, path)
    return data, validate_article(data, path)


def field_path(location: list[Any] | tuple[Any, ...]) -> str:
    """A field's path as people count: `quotes[2].speaker` for the second quote's speaker."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _validate(model: type[_M], data: Any, path: str, plain: bool = False) -> _M:
    # ruamel.yaml (yamlio) only for round-trip data or a problem's line: plain data, what a render after one
    # edit validates, needs none of it
    try:
        return model.model_validate(data if plain else _to_plain(data))
    except ValidationError as exc:
        from briefsite.facts import yamlio

        problems = []
        for error in exc.errors():
            location = [part for part in error["loc"]]
            field = field_path(location) or None
            message = error["msg"]
            if error["type"] == "extra_forbidden":
                message = "unknown key (misspelled?)"
            elif error["type"] == "missing":
                message = "required key is missing"
            elif error["type"] == "string_type" and hasattr(error.get("input"), "isoformat"):
                message = "a date-time must be written in quotes, e.g. '2018-07-18T09:31:00+05:30'"
            problems.append(Problem(path, message, yamlio.line_of(data, location), field))
        problems.sort(key=lambda p: (p.line or 0, p.field or ""))
        raise FactSheetError(problems) from None


def _to_plain(data: Any) -> Any:
    from briefsite.facts import yamlio

    return yamlio.to_plain(data)
