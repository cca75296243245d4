"""How a command ends on a user error: one line on stderr and the error's exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
