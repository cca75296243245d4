"""Read an answers file as it was at a git revision, without a shell.

``diff --rev`` and ``release`` need earlier states of the answers file; git already keeps them.
Git runs as a subprocess with a list argv (no shell, no pager), and the revision is refused if it
could be read as an option. Any git failure becomes one ``AnswersError`` line naming the file.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Final

from policygen.answers.file import Answers, parse_answers
from policygen.errors import AnswersError
from policygen.files import MAX_BYTES
from policygen.safe_yaml import parse_yaml

MAX_REVISIONS: Final = 200
TIMEOUT: Final = 30


def revision_label(path: Path, rev: str) -> Path:
    """How a file at a revision is named in messages: ``policy.yaml@v1.0``."""
    return path.with_name(f"{path.name}@{rev}")


def show(path: Path, rev: str) -> str:
    """The text of ``path`` at ``rev`` (a tag, branch, commit or ``HEAD~1``)."""
    if not rev or rev.startswith("-") or any(ch in rev for ch in "\n\r\x00 "):
        raise AnswersError(f"{rev!r} is not a git revision", path=path, field="--rev")
    # ``REV:./name`` is resolved relative to ``-C``, so the file may sit anywhere in the repo.
    data = _git(path, "show", f"{rev}:./{path.name}", rev=rev)
    if len(data) > MAX_BYTES:
        raise AnswersError(
            f"file is larger than {MAX_BYTES // 1024} KiB", path=revision_label(path, rev)
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AnswersError("not UTF-8 text", path=revision_label(path, rev)) from err


def read_at(path: Path, rev: str) -> Answers:
    """The answers file as it was at ``rev``; errors name it ``file@rev``."""
    label = revision_label(path, rev)
    return parse_answers(parse_yaml(show(path, rev), label, AnswersError), label)


def revisions(path: Path) -> list[str]:
    """Commits that changed ``path``, newest first (at most ``MAX_REVISIONS``); [] outside git."""
    try:
        out = _git(path, "log", f"-n{MAX_REVISIONS}", "--format=%H", "--", path.name, rev="log")
    except AnswersError:
        return []
    return out.decode("ascii", "replace").split()


def _git(path: Path, *args: str, rev: str) -> bytes:
    folder = path.parent if str(path.parent) else Path()
    argv = ["git", "--no-pager", "-C", str(folder), *args]
    try:
        result = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, check=False)
    except FileNotFoundError as err:
        raise AnswersError("git is not installed", path=path, field="--rev") from err
    except (OSError, subprocess.TimeoutExpired) as err:
        raise AnswersError(f"git failed ({err})", path=path, field="--rev") from err
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0] if lines else f"exit status {result.returncode}"
        raise AnswersError(f"cannot read it at {rev}: git: {reason}", path=path, field="--rev")
    return result.stdout
