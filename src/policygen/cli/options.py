"""Parameters commands share: the answers FILE, ``--library`` folders, a report's ``--format``."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from policygen.answers.file import Answers
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


class ReportFormat(StrEnum):
    """How ``check`` and ``lint`` print their report."""

    text = "text"
    json = "json"


ReportFormatOpt = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="Print text, or JSON for CI and editors.")
]


# The clause library used instead of the built-in one: a fork of clauses/ under test, or the
# test suite's small library. Read here, once per command, and passed down as a parameter.
CLAUSES_VARIABLE = "POLICYGEN_CLAUSES"


def library_root() -> Path | None:
    """The folder named by ``POLICYGEN_CLAUSES``, or None for the built-in library."""
    value = os.environ.get(CLAUSES_VARIABLE, "")
    return Path(value) if value else None


def library_from(
    folders: list[Path] | None,
    base: Path | None = None,
    *,
    answers_file: Path | None = None,
    answers: Answers | None = None,
    loaded: dict[tuple[Path, ...], Library] | None = None,
) -> Library:
    """The library root with clause folders layered over it.

    The root is ``base``, else the folder named by ``POLICYGEN_CLAUSES``, else the built-in one.
    The folders an answers file records come first, then the ``--library`` folders, which add
    to them. Hints repeat only the ``--library`` folders the file does not record. A batch
    passes ``loaded`` so each distinct set of folders is read once in the run, and the
    ``answers`` it has read already, so the file is not parsed twice.
    """
    from policygen.invocation import use_folders
    from policygen.library.loader import load_library

    recorded: tuple[Path, ...] = ()
    if answers_file is not None and answers is not None:
        recorded = tuple(answers_file.parent / folder for folder in answers.library_folders)
    elif answers_file is not None and answers_file.is_file():
        from policygen.answers.file import recorded_folders

        recorded = recorded_folders(answers_file)
    known = {folder.resolve() for folder in recorded}
    extra = [folder for folder in folders or () if folder.resolve() not in known]
    use_folders(extra)
    from policygen.library.builtin import content_dir
    from policygen.library.cache import load_cached

    root, layered = base or library_root(), (*recorded, *extra)
    folder_set = (root or content_dir("clauses"), *layered)
    key = tuple(folder.resolve() for folder in folder_set)
    if loaded is not None and key in loaded:
        return loaded[key]
    library = load_cached(folder_set, lambda: load_library(layered, base=root))
    if loaded is not None:
        loaded[key] = library
    return library


def terminal_color() -> bool:
    """Colour for terminal output: only on a terminal, and never when ``NO_COLOR`` is set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
