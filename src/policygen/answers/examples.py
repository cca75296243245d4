"""Example answers still to replace: a default the library marks ``placeholder: true``.

An interview run with ``--defaults`` leaves the organisation's name and its contacts as the
library's examples ("the number on the on-call list"); the file is valid, but a policy printed
with them would send staff nowhere. ``interview --defaults`` and ``check`` warn about each one,
as data (a ``Finding`` of kind ``example-answer``) that the CLI words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from policygen.answers.file import Answers
from policygen.findings import Finding
from policygen.library.loader import Library

NUMBER: Final = re.compile(r"\d{3}")  # a phone number has at least three digits in a row


def placeholders(library: Library, answers: Answers, path: Path) -> list[Finding]:
    """Profile answers still holding an example default, and abuse lines without a number.

    A public reply to an abuse report says "please call" the line: a name alone sends nobody
    anywhere, so a ``needs_number`` contact typed without digits is worth a warning too.
    """
    found = [
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
    for spec in library.profile:
        value = answers.group(spec.group).get(spec.id)
        if (
            spec.needs_number
            and isinstance(value, str)
            and value != spec.default
            and not NUMBER.search(value)
        ):
            field = f"{spec.group}.{spec.id}"
            found.append(
                Finding(
                    kind="contact-without-number",
                    path=path,
                    field=field,
                    facts={"value": value},
                )
            )
    return found
