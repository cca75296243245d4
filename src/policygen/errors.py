"""Errors a user can fix, each rendered as one line naming the file and the field.

Hierarchy::

    PolicygenError          exit 2: bad input or usage
     ├── LibraryError       a clause library file (clauses/, --library DIR) is wrong
     ├── AnswersError       an answers file is wrong or incomplete
     ├── RenderError        a template failed or an output could not be written
     ├── InterviewAborted   exit 130 (or 128 + signal): asking stopped; progress saved
     └── DraftRefused       exit 1: ``build --final`` of a version not yet approved

The exit code belongs to each error (``exit_code``, a class default an instance may override).
``cli.reporting`` catches the base class once and prints ``policygen: <prefix><str(err)>``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import ClassVar

# Shown escaped: a file name or value must not move the cursor or recolour the terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class PolicygenError(Exception):
    """Something the user can fix; ``str()`` is the whole one-line message."""

    exit_code: int = 2
    prefix: ClassVar[str] = "error: "  # what the one line says before the message

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        field: str = "",
        exit_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.field = field
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return one_line(self.message, path=self.path, field=self.field)


def one_line(message: str, *, path: Path | None = None, field: str = "") -> str:
    """``file: field: message`` on one line, control characters shown escaped.

    The form of every error, and of every finding ``check`` reports, so both read alike.
    """
    parts = []
    if path is not None:
        parts.append(_display(path))
    if field:
        parts.append(field)
    parts.append(" ".join(message.split()))  # one line, whatever the input held
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], ": ".join(parts))


class LibraryError(PolicygenError):
    """Raised when a clause library file is missing, malformed or inconsistent."""


class AnswersError(PolicygenError):
    """Raised when an answers file is missing, malformed or does not fit the library."""


class RenderError(PolicygenError):
    """Raised when a document cannot be rendered or written."""


class InterviewAborted(PolicygenError):
    """Raised when the user interrupts the questions; answers so far are already saved.

    Not an error the user made, so its line has no ``error:``; ``exit_code`` is 130 for Ctrl-C
    or Ctrl-D, 128 + the signal number for SIGTERM or SIGHUP (see ``interview.guard``).
    """

    exit_code = 130
    prefix = ""


class DraftRefused(PolicygenError):
    """Raised by ``build --final`` when the version has no recorded approval (a finding)."""

    exit_code = 1


def _display(path: Path) -> str:
    """Show a path relative to the working directory when it is inside it (shorter, stable).

    Links are not followed: a link in a library folder that points away is named as the link,
    the file the user can see and fix, not as its target.
    """
    try:
        absolute = Path(os.path.abspath(path))  # noqa: PTH100 - resolve() would follow links
        return str(absolute.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
