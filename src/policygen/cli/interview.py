"""``policygen interview``: ask in the terminal, save the answers file, offer to build.

``interview.session.run_session`` does the asking (or fills in defaults) and returns a
``Session``; this command prints what was saved and builds when asked.
"""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from policygen.cli.options import LibraryOpt, library_from
from policygen.cli.reporting import reported
from policygen.invocation import command


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
        from policygen.interview.session import build_policy, run_session

        lib = library_from(library, answers_file=file if resume else None)
        session = run_session(
            lib,
            file,
            folders=library or [],
            resume=resume,
            defaults=defaults,
            build_after=build_after,
            today=dt.date.today(),
        )
        if session.filled is not None:
            typer.echo(f"Saved {file} ({session.filled} answers set to their defaults)")
        if session.warnings:
            from policygen.cli.quality_words import warning_line

            for warning in session.warnings:
                typer.echo(f"policygen: warning: {warning_line(warning)}", err=True)
        if not session.build:
            typer.echo(f"Build it any time with: {command('build', file)}")
        else:
            typer.echo("Building Markdown, HTML and PDF…", err=True)
            for written in build_policy(lib, session, outdir):
                typer.echo(str(written))
        _next_steps(file)


def _next_steps(file: Path) -> None:
    """What an administrator does after the interview: the cycle of docs/versioning.md.

    On stderr, like the progress line: stdout lists only the files written, for scripts.
    """
    typer.echo(
        "Next: have it read, then release it "
        f"({command('release', file, '--summary', 'First version')}) "
        f"and record the approval ({command('approve', file)}); "
        f"{command('check', file)} says what is still to do.",
        err=True,
    )
