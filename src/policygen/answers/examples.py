"""Example answers still to replace: a default the library marks ``placeholder: true``.

An interview run with ``--defaults`` leaves the organisation's name and its contacts as the
library's examples ("the number on the on-call list"); the file is valid, but a policy printed
with them would send staff nowhere. ``interview --defaults`` and ``check`` warn about each one,
as data (a ``Finding`` of kind ``example-answer``) that the CLI words.
"""

from __future__ import annotations

from pathlib import Path

from policygen.answers.file import Answers
from policygen.findings import Finding
from policygen.library.loader import Library


def placeholders(library: Library, answers: Answers, path: Path) -> list[Finding]:
    """Profile answers still holding an example default (the placeholder organisation name)."""
    return [
        Finding(
            kind="example-answer",
            path=path,
            field=f"{spec.group}.{spec.id}",
            facts={
                "value": spec.default if isinstance(spec.default, str | int) else str(spec.default)
            },
        )
        for spec in library.profile
        if spec.placeholder and answers.group(spec.group).get(spec.id) == spec.default
    ]
