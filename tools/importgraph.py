"""Print the import graph of the policygen package, one module per line.

Usage: python tools/importgraph.py [SRC_DIR]   (default: src/policygen)

Each line is ``module -> imported, ...``; an import made inside a function (deferred, so that
``--help`` and Markdown builds stay fast) is marked with ``*``. Only imports of the package's own
modules are shown. Then the same graph one level up, package to package (``policygen.files`` and other
top-level modules count as their own package), and a last line with the number of modules and
packages, whether module-level imports form a cycle, and the packages that import each other
(directly or round a loop, deferred imports included), which the pipeline's layering forbids.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = "policygen"


def module_name(path: Path, root: Path) -> str:
    """Dotted module name of a file under the package root."""
    parts = [PACKAGE, *path.relative_to(root).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, known: set[str]) -> dict[str, bool]:
    """Own-package modules a file imports, each mapped to True when imported at module level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    for node in tree.body:  # imports under `if TYPE_CHECKING:` count as typing-only, not runtime
        if isinstance(node, ast.If):
            top_level.discard(id(node))
    found: dict[str, bool] = {}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [sub for sub in subs if sub in known]  # `from package import module`
            if len(names) < len(subs):  # some names are attributes of node.module itself
                names.append(node.module)
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name.startswith(PACKAGE + "."):
                found[name] = found.get(name, False) or id(node) in top_level
    return found


def group(name: str) -> str:
    """The package a module belongs to: ``policygen.library.loader`` -> ``policygen.library``."""
    return ".".join(name.split(".")[:2])


def has_cycle(graph: dict[str, set[str]]) -> bool:
    """True when module-level imports form a cycle."""
    state: dict[str, int] = {}

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in graph)


def package_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of packages that reach each other (strongly connected, more than one member)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            members: list[str] = []
            while not members or members[-1] != node:
                members.append(stack.pop())
            if len(members) > 1:
                found.append(sorted(members))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return sorted(found)


def main() -> None:
    """Print the graph of the package under the given folder."""
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "src/policygen")
    files = sorted(root.rglob("*.py"))
    known = {module_name(path, root) for path in files}
    graph: dict[str, set[str]] = {}
    for path in files:
        name = module_name(path, root)
        found = imports(path, known)
        graph[name] = {dep for dep, top in found.items() if top and dep != name}
        shown = [dep if top else dep + "*" for dep, top in sorted(found.items()) if dep != name]
        print(f"{name} -> {', '.join(shown) if shown else '(nothing)'}")
    print("# packages (module-level and deferred imports together)")
    between: dict[str, set[str]] = {}
    for path in files:
        name = module_name(path, root)
        for dep in imports(path, known):
            if group(dep) != group(name):
                between.setdefault(group(name), set()).add(group(dep))
    for name in sorted({group(n) for n in known} - {PACKAGE}):
        print(f"{name} -> {', '.join(sorted(between.get(name, ()))) or '(nothing)'}")
    packages = {
        name for name in known if (root / Path(*name.split(".")[1:]) / "__init__.py").exists()
    }
    print(
        f"# {len(known)} modules, {len(packages)} packages; "
        f"cycle among module-level imports: {'yes' if has_cycle(graph) else 'no'}"
    )
    loops = package_cycles(between)
    shown = "; ".join(" <-> ".join(group) for group in loops) or "none"
    print(f"# packages that import each other: {shown}")


if __name__ == "__main__":
    main()
