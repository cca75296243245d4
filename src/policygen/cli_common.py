"""What every command shares: the FILE and --library parameters, and the one-line error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from policygen.errors import InterviewAborted, PolicygenError

if TYPE_CHECKING:
    from policygen.library import Library

LibraryOpt = Annotated[
    Optional[list[Path]],  # noqa: UP045 - typer needs Optional here
    typer.Option(
        "--library",
        "-L",
        help="Folder of your own topics layered over the built-in library (repeatable).",
        metavar="DIR",
        readable=False,  # policygen checks and names the file itself, in one line
    ),
]
AnswersArg = Annotated[
    Path, typer.Argument(help="The answers file (YAML).", metavar="FILE", readable=False)
]


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


def library_from(folders: list[Path] | None, base: Path | None = None) -> Library:
    """The built-in library (or ``base``) with the ``--library`` folders layered over it."""
    from policygen.library import load_library

    return load_library(tuple(folders or ()), base=base)
