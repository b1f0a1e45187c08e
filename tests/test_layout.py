"""The package's layout holds: `frontdesk` works without MkDocs, and its modules import one another
without a cycle (so any of them can be read, and imported, on its own)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "frontdesk"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """The package's own modules a file imports (relative imports, as the package writes them)."""
    package = module_name(path).split(".") if path.name == "__init__.py" else module_name(path).split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            found.add(".".join(base + ([node.module] if node.module else [])))
    return found


def test_the_package_imports_without_mkdocs() -> None:
    script = ("import sys, pkgutil, importlib, frontdesk\n"
              "for m in pkgutil.walk_packages(frontdesk.__path__, 'frontdesk.'):\n"
              "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
              "print(sorted(n for n in sys.modules if n.split('.')[0] in ('mkdocs', 'material')))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT / "hooks", capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_no_module_imports_form_a_cycle() -> None:
    graph = {module_name(p): imported_modules(p) for p in PACKAGE.rglob("*.py")}
    assert len(graph) > 50
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target):], target])
            elif target in graph and target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
