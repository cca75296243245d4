"""The package layout follows the pipeline: no two packages import each other, the CLI is on top.

``tools/importgraph.py`` is the check anyone can run; these tests run it on the source and on a
planted loop, so a layering mistake fails here rather than waiting for a reviewer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

TOOL = ROOT / "tools" / "importgraph.py"


def graph(src: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, str(TOOL), str(src)], capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_no_package_imports_one_that_imports_it_back() -> None:
    assert graph(ROOT / "src" / "policygen")[-1] == "# packages that import each other: none"


def test_only_the_entry_point_imports_the_cli() -> None:
    users = [
        line.split(" -> ")[0]
        for line in graph(ROOT / "src" / "policygen")
        if not line.startswith(("#", "policygen.cli")) and "policygen.cli" in line
    ]
    assert users == ["policygen.__main__", "policygen.__main__"]  # module and package lines


def test_a_planted_loop_is_named(tmp_path: Path) -> None:
    for name, other in (("first", "second"), ("second", "first")):
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("", encoding="utf-8")
        (package / "mod.py").write_text(f"from policygen.{other} import mod\n", encoding="utf-8")
    last = graph(tmp_path)[-1]
    assert last == "# packages that import each other: policygen.first <-> policygen.second"


def _terminal_calls(path: Path) -> list[str]:
    """``typer`` imports, ``print()``, ``sys.exit`` and writes to ``sys.stdout``/``stderr``."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if any(name.split(".")[0] in ("typer", "click") for name in [*names, module or ""]):
                found.append(f"{path.name}:{node.lineno}: imports {module or names[0]}")
        elif isinstance(node, ast.Call):
            called = ast.unparse(node.func)
            if called in ("print", "sys.exit", "sys.stdout.write", "sys.stderr.write"):
                found.append(f"{path.name}:{node.lineno}: {called}()")
    return found


def test_nothing_below_the_cli_prints_or_exits() -> None:
    """Domain functions return results; the CLI words and prints them (prompts are interview's)."""
    package = ROOT / "src" / "policygen"
    below = [
        path
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).parts[0] not in ("cli", "__main__.py")
    ]
    assert len(below) > 50
    assert [call for path in below for call in _terminal_calls(path)] == []


def test_the_terminal_check_finds_a_planted_print(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("import sys\nimport typer\nprint('x')\nsys.exit(1)\n", encoding="utf-8")
    assert _terminal_calls(planted) == [
        "planted.py:2: imports typer",
        "planted.py:3: print()",
        "planted.py:4: sys.exit()",
    ]
