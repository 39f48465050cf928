"""The package layout shows the architecture: one sub-package per stage, a short top level, and data that flows
one way — no module imports another that (directly or through others) imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "briefsite"
STAGES = ("read", "extract", "facts", "stories", "site")  # in the order data flows through them


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The briefsite modules one file imports, wherever the import statement stands (lazy imports count)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    """Module -> the briefsite modules it imports."""
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: _imports(path, set(files)) - {name} for name, path in files.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circles() -> None:
    assert _cycle(import_graph()) is None, " -> ".join(_cycle(import_graph()) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_stages_import_only_earlier_stages() -> None:
    """read -> extract -> facts -> stories -> site: a stage never imports a later one or the pipeline."""
    rank = {stage: index for index, stage in enumerate(STAGES)}
    backwards = []
    for module, targets in import_graph().items():
        parts = module.split(".")
        if len(parts) < 3 or parts[1] not in rank:
            continue
        for target in targets:
            target_parts = target.split(".")
            later = target_parts[1] in rank and rank[target_parts[1]] > rank[parts[1]]
            if later or target_parts[1] in {"pipeline", "cli"}:
                backwards.append(f"{module} imports {target}")
    assert not backwards


def test_package_inits_do_not_import_their_children() -> None:
    """A package's __init__ holds no dispatcher that its children could import back."""
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert not _imports(init, set(import_graph())), f"{init} imports modules"


def test_top_level_is_short() -> None:
    entries = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert len(entries) <= 12, entries
    assert {f"{stage}" for stage in STAGES} <= set(entries)
