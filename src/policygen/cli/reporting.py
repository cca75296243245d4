"""How a command reports: one line on stderr and an exit code for a user error, JSON for CI."""

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


def echo_json(data: object) -> None:
    """A report as one JSON document on stdout, indented, non-ASCII text kept as written."""
    import json  # here: --help and the text reports do without it

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def echo_reports(reports: Sequence[object], files: Sequence[Path]) -> None:
    """The JSON reports of a command run on ``files``: one object for one file, a list for several."""
    if reports:
        echo_json(reports[0] if len(files) == 1 else list(reports))
