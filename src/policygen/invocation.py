"""The command a user can paste: hints print policygen as it was run, with its folders.

A README user runs ``.venv/bin/policygen``; a hint saying ``policygen build policy.yaml`` fails
for them, as does one that drops the ``-L our-clauses`` their topics need. Every hint in a
message is built here from the program as it was started and the clause folders in use.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

_folders: list[str] = []  # -L folders given on this command line that a hint must repeat


def use_folders(folders: Sequence[Path]) -> None:
    """Remember the ``--library`` folders that the answers file does not record."""
    _folders[:] = [str(folder) for folder in folders]


def program() -> str:
    """``policygen`` when that is what the shell finds, else the path or module as run."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "policygen"
    started = Path(argv0)
    if started.name == "__main__.py" and started.parent.name == "policygen":
        python = sys.executable or "python3"
        shown = os.path.relpath(python) if Path(python).is_relative_to(Path.cwd()) else python
        return f"{shlex.quote(shown)} -m policygen"
    if started.name != "policygen":
        return "policygen"  # run some other way (tests, an embedding program)
    found = shutil.which("policygen")
    if found and Path(found).resolve() == started.resolve():
        return "policygen"
    return shlex.quote(argv0)


def command(name: str, *args: str | Path) -> str:
    """``.venv/bin/policygen build policy.yaml -L our-clauses``, quoted for a POSIX shell."""
    parts = [program(), name, *(shlex.quote(str(arg)) for arg in args)]
    for folder in _folders:
        parts += ["-L", shlex.quote(folder)]
    return " ".join(parts)
