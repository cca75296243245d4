"""How a command ends on a user error: one line on stderr and the error's exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from policygen.errors import InterviewAborted, PolicygenError


@contextmanager
def reported() -> Iterator[None]:
    """Run a command body: a ``PolicygenError`` becomes one line on stderr and its exit code."""
    try:
        yield
    except InterviewAborted as err:
        typer.echo(f"policygen: {err}", err=True)
        raise typer.Exit(code=err.code) from None
    except PolicygenError as err:
        typer.echo(f"policygen: error: {err}", err=True)
        raise typer.Exit(code=err.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("policygen: interrupted", err=True)
        raise typer.Exit(code=130) from None
