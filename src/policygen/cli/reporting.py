"""How a command ends on a user error: one line on stderr and the error's exit code."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import typer

from policygen.errors import PolicygenError
from policygen.interview.guard import exit_code_of, message_of


@contextmanager
def reported() -> Iterator[None]:
    """Run a command body: a ``PolicygenError`` becomes one line on stderr and its exit code."""
    try:
        yield
    except PolicygenError as err:
        typer.echo(f"policygen: {err.prefix}{err}", err=True)
        raise typer.Exit(code=err.exit_code) from None
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM turned into ``Interrupted``
        typer.echo(f"policygen: {message_of(err)}", err=True)
        raise typer.Exit(code=exit_code_of(err)) from None


def each_file(files: Sequence[Path], work: Callable[[Path], int]) -> int:
    """Run ``work`` on every file and return the worst exit code.

    A user error in one file is its one line and its exit code, and the next file is still
    checked, so a pre-commit hook or a CI job reports every file at once. An interrupt stops
    at once.
    """
    worst = 0
    for file in files:
        try:
            with reported():
                code = work(file)
        except typer.Exit as done:
            code = done.exit_code
        if code >= 128:  # interrupted or terminated
            return code
        worst = max(worst, code)
    return worst
