"""The dependency map of rendered pages: for each page, the template it comes from and the values that
template reads; a page whose template and values are the same as at the last render is not rendered again.

Which values a page reads is found, not declared: the template's source (with the templates it includes,
imports or extends) names the context variables it uses (Jinja's own static analysis), and a mapping such as
`story_of` is handed over wrapped, recording the keys the page looked up, so an article page depends on its
own article's story only, not on every story. So a page depends exactly on the facts it shows: editing one
fact sheet renders the pages whose values changed and no other (tests/test_render_deps.py).

The map keeps no page's text: a page that reads the same values as at the last render is left as that render
wrote it (`render` checks the file is still as it left it, else names it in `stale`). `render` keeps the map
of the site-wide pages between processes (pipeline.py, rendercache.py); a story's own pages are made again when
the story changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import jinja2
from jinja2 import meta

_MISSING = object()  # marker: the page looked up a key that was not there
T = TypeVar("T")


class TrackedMapping(Mapping[Any, Any]):
    """A read-only view of a mapping that records which keys were looked up."""

    def __init__(self, data: Mapping[Any, Any]) -> None:
        self._data = data
        self.read: dict[Any, Any] = {}
        self.whole = False

    def __getitem__(self, key: Any) -> Any:
        try:
            value = self._data[key]
        except KeyError:
            self.read[key] = _MISSING
            raise
        except TypeError:  # an unhashable key: cannot be recorded
            self.whole = True
            raise
        self.read[key] = value
        return value

    def __iter__(self) -> Iterator[Any]:
        self.whole = True
        return iter(self._data)

    def __len__(self) -> int:
        self.whole = True
        return len(self._data)


@dataclass
class _Entry:
    template: str
    values: dict[str, Any]  # variable -> value, or for a tracked mapping: (key -> value read) or the whole
    tracked: dict[str, bool]  # variable -> True when it was a mapping read key by key


@dataclass
class PageMemo:
    """What each page read when it was rendered, kept between renders."""

    pages: dict[str, _Entry] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # pages rendered (not reused) by the last render
    stale: set[str] = field(default_factory=set)  # pages whose file is not as the last render left it
    _names: dict[str, frozenset[str]] = field(default_factory=dict)
    _kept: dict[Any, Any] = field(default_factory=dict)
    _keep: dict[Any, Any] = field(default_factory=dict)
    _digest: str = ""

    def start(self, env: jinja2.Environment) -> None:
        """Begin a render: forget everything when any template changed."""
        digest = templates_digest(env)
        if digest != self._digest:
            self.pages.clear()
            self._names.clear()
            self._digest = digest
        self.rendered = []

    def finish(self, paths: set[str]) -> None:
        """End a render: drop pages that are no longer made."""
        for path in set(self.pages) - paths:
            del self.pages[path]
        self.stale = set()
        self._kept, self._keep = self._keep, {}

    def kept(self) -> dict[Any, Any]:
        """The values `same` was given at the last render, by key."""
        return self._kept

    def same(self, key: Any, value: T) -> T:
        """`value`, or the equal value given for `key` at the last render: pages then compare the very same
        object, which is cheap (a list of thousands of entities made again is compared once, not per page)."""
        old = self._kept.get(key)
        if old is not None and (old is value or old == value):
            value = old
        self._keep[key] = value
        return value

    def render(self, env: jinja2.Environment, template: str, path: str, context: dict[str, Any]) -> str | None:
        """The page's Markdown, or None when the template reads the same values as at the last render (and the
        page is not `stale`): the page written then is still right."""
        names = self._used(env, template)
        if "*" in names:  # the template picks another template at render time: it may read anything
            self.rendered.append(path)
            return env.get_template(template).render(**context)
        entry = self.pages.get(path)
        if entry is not None and entry.template == template and path not in self.stale \
                and _same(entry, context, names):
            return None
        wrapped = {name: TrackedMapping(value) if isinstance(value, Mapping) and name in names and name != "site"
                   else value for name, value in context.items()}
        output = env.get_template(template).render(**wrapped)
        values: dict[str, Any] = {}
        tracked: dict[str, bool] = {}
        for name in names:
            if name not in context:
                continue
            value = wrapped[name]
            if isinstance(value, TrackedMapping) and not value.whole:
                values[name], tracked[name] = dict(value.read), True
            else:
                values[name], tracked[name] = context[name], False
        self.pages[path] = _Entry(template, values, tracked)
        self.rendered.append(path)
        return output

    def _used(self, env: jinja2.Environment, template: str) -> frozenset[str]:
        if template not in self._names:
            self._names[template] = frozenset(_variables(env, template, set()))
        return self._names[template]


def _same(entry: _Entry, context: dict[str, Any], names: frozenset[str]) -> bool:
    for name in names:
        if (name in context) != (name in entry.values):
            return False
        if name not in context:
            continue
        value = context[name]
        if entry.tracked[name]:
            if not isinstance(value, Mapping):
                return False
            if any(value.get(key, _MISSING) is not old and value.get(key, _MISSING) != old
                   for key, old in entry.values[name].items()):
                return False
        elif value is not entry.values[name] and value != entry.values[name]:
            return False
    return True


def _variables(env: jinja2.Environment, template: str, seen: set[str]) -> set[str]:
    """Context variables `template` and every template it references read (undeclared in them)."""
    if template in seen:
        return set()
    seen.add(template)
    assert env.loader is not None
    source = env.loader.get_source(env, template)[0]
    tree = env.parse(source)
    names = set(meta.find_undeclared_variables(tree))
    for other in meta.find_referenced_templates(tree):
        if other is None:  # a template chosen at render time: it could read anything
            return {"*"} | names
        names |= _variables(env, other, seen)
    return names


def templates_digest(env: jinja2.Environment) -> str:
    """Digest of every template's name and source."""
    assert env.loader is not None
    digest = hashlib.sha256()
    for name in sorted(env.list_templates()):
        digest.update(name.encode() + b"\0" + env.loader.get_source(env, name)[0].encode() + b"\0")
    return digest.hexdigest()
