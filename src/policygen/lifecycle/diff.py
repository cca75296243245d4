"""``diff``: two answers files, or one file and itself at a git revision, as a ``Comparison``.

An older file is built with its renamed option values migrated to the installed library, so a
rename alone is no change for staff. Rendering the comparison is ``render.redline``'s job.
"""

from __future__ import annotations

from pathlib import Path

from policygen.answers.file import Answers, read_answers
from policygen.document.changes import Comparison
from policygen.library.loader import Library
from policygen.lifecycle.compare import Side, compare
from policygen.lifecycle.gitrev import read_at, revision_label
from policygen.lifecycle.migrate import plan_upgrade


def compare_files(library: Library, old: Path, new: Path | None, rev: str | None) -> Comparison:
    """``old`` against ``new``; or, with ``rev``, ``old`` at that revision against ``old`` now."""
    if rev is not None:
        old_answers, old_label, new_path = read_at(old, rev), revision_label(old, rev), old
    else:
        if new is None:
            raise ValueError("compare_files needs a new file or a revision")
        old_answers, old_label, new_path = read_answers(old), old, new
    return compare(
        side(library, old_answers, old_label, old),
        side(library, read_answers(new_path), new_path, new_path),
    )


def side(library: Library, answers: Answers, label: Path, path: Path) -> Side:
    """A side of ``diff``: an older file is built with its renamed option values migrated."""
    migrated = plan_upgrade(library, answers, label).migrated
    return Side(label=str(label), answers=answers, library=library, path=path, migrated=migrated)
