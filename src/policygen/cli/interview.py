"""``policygen interview``: ask in the terminal, save the answers file, offer to build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from policygen.cli.options import LibraryOpt, library_from
from policygen.cli.reporting import reported


def register(app: typer.Typer) -> None:
    """Add ``interview`` to the main app."""
    app.command()(interview)


def interview(
    file: Annotated[Path, typer.Argument(help="Answers file to write.", metavar="FILE")] = Path(
        "policy.yaml"
    ),
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Continue an interrupted interview, or review a finished one."
        ),
    ] = False,
    defaults: Annotated[
        bool,
        typer.Option("--defaults", help="Answer everything with its default, without a terminal."),
    ] = False,
    build_after: Annotated[
        bool | None,
        typer.Option(
            "--build/--no-build", help="Build the policy after saving (asked if not given)."
        ),
    ] = None,
    outdir: Annotated[
        Path, typer.Option("--output", "-o", help="Output folder for the build.", metavar="DIR")
    ] = Path("out"),
    library: LibraryOpt = None,
) -> None:
    """Answer questions in the terminal and save the answers file."""
    with reported():
        from policygen.interview.session import run_session

        run_session(
            library_from(library, answers_file=file if resume else None),
            file,
            folders=library or [],
            resume=resume,
            defaults=defaults,
            build_after=build_after,
            outdir=outdir,
            today=dt.date.today(),
        )
