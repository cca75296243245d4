"""Parameters every command shares: the answers FILE and ``--library`` folders."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from policygen.library.loader import Library

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
AnswersFilesArg = Annotated[
    list[Path],
    typer.Argument(help="One or more answers files (YAML).", metavar="FILE...", readable=False),
]


# The clause library used instead of the built-in one: a fork of clauses/ under test, or the
# test suite's small library. Read here, once per command, and passed down as a parameter.
CLAUSES_VARIABLE = "POLICYGEN_CLAUSES"


def library_root() -> Path | None:
    """The folder named by ``POLICYGEN_CLAUSES``, or None for the built-in library."""
    value = os.environ.get(CLAUSES_VARIABLE, "")
    return Path(value) if value else None


def library_from(folders: list[Path] | None, base: Path | None = None) -> Library:
    """The library root with the ``--library`` folders layered over it.

    The root is ``base``, else the folder named by ``POLICYGEN_CLAUSES``, else the built-in one.
    """
    from policygen.library.loader import load_library

    return load_library(tuple(folders or ()), base=base or library_root())
