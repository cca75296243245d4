"""The ``policygen`` command: the typer app, the entry point, and the command modules it registers.

Each command lives in its own module of ``cli/`` and parses options, then calls the pipeline. Heavy
modules (questionary via ``interview.prompts``, WeasyPrint via ``render.pdf``) are imported inside
the command that needs them, so ``policygen --help`` and a Markdown build stay fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from policygen import __version__
from policygen.cli import build, check, clauses, coverage, interview, lifecycle, lint
from policygen.cli.conventions import Policygen
from policygen.interview.guard import exit_code_of, message_of, signals_as_interrupts

app = typer.Typer(
    name="policygen",
    help="Write a social-media policy for a social-work or human-services agency.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
    rich_markup_mode=None,
    cls=Policygen,
)
for group in (
    lifecycle,
    build,
    check,
    interview,
    lint,
    coverage,
    clauses,
):  # --help lists them in conventions.WORK_ORDER
    group.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policygen {__version__} (clause library {library_version()})")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Write a social-media policy for a social-work or human-services agency.

    Start with `policygen interview policy.yaml`, then `policygen build policy.yaml`.
    """


def library_version() -> str:
    """The built-in clause library's version, read from its ``library.yaml`` alone (fast)."""
    from policygen.errors import PolicygenError
    from policygen.library.builtin import content_dir
    from policygen.safe_yaml import load_yaml

    try:
        data = load_yaml(content_dir("clauses") / "library.yaml", PolicygenError)
    except PolicygenError:
        return "unreadable"
    return str(data.get("version", "unknown")) if isinstance(data, dict) else "unknown"


def main() -> None:
    """Console entry point: SIGTERM unwinds like Ctrl-C, so temporary files are removed."""
    with signals_as_interrupts():
        try:
            app()
        except KeyboardInterrupt as err:  # outside any command body
            sys.stderr.write(f"policygen: {message_of(err)}\n")
            sys.exit(exit_code_of(err))
