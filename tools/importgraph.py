"""Print the import graph of the policygen package, one module per line.

Usage: python tools/importgraph.py [SRC_DIR]   (default: src/policygen)

Each line is ``module -> imported, ...``; an import made inside a function (deferred, so that
``--help`` and Markdown builds stay fast) is marked with ``*``. Only imports of the package's own
modules are shown. Then the same graph one level up, package to package (``policygen.files`` and other
top-level modules count as their own package), and a last line with the number of modules and
packages and whether module-level imports form a cycle.
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


if __name__ == "__main__":
    main()
