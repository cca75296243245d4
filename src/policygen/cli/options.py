"""Parameters every command shares: the answers FILE and ``--library`` folders."""

from __future__ import annotations

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


def library_from(folders: list[Path] | None, base: Path | None = None) -> Library:
    """The built-in library (or ``base``) with the ``--library`` folders layered over it."""
    from policygen.library.loader import load_library

    return load_library(tuple(folders or ()), base=base)
