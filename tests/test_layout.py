"""The package layout follows the pipeline: no two packages import each other, the CLI is on top.

``tools/importgraph.py`` is the check anyone can run; these tests run it on the source and on a
planted loop, so a layering mistake fails here rather than waiting for a reviewer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
