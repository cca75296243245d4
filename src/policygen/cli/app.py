"""The ``policygen`` command: the typer app, the entry point, and the command modules it registers.

Each command lives in its own module of ``cli/`` and parses options, then calls the pipeline. Heavy
modules (questionary via ``interview.prompts``, WeasyPrint via ``render.pdf``) are imported inside
the command that needs them, so ``policygen --help`` and a Markdown build stay fast.
"""

import importlib
import sys
from typing import TYPE_CHECKING, Annotated, Final

import typer

from policygen import __version__
from policygen.cli.conventions import Policygen
from policygen.interview.guard import exit_code_of, message_of, signals_as_interrupts

# The module that registers each command. ``policygen build ...`` builds the typer app of that
# module's commands alone: typer turns every registered function into a click command before
# it parses anything, and the other nine would only cost time. --help and the rest get them all.
COMMANDS: Final = {
    "interview": "interview",
    "build": "build",
    "check": "check",
    "release": "lifecycle",
    "approve": "lifecycle",
    "diff": "lifecycle",
    "upgrade": "lifecycle",
    "lint": "lint",
    "coverage": "coverage",
    "clauses": "clauses",
}
MODULES: Final = tuple(dict.fromkeys(COMMANDS.values()))  # --help lists them in WORK_ORDER


def make_app(modules: tuple[str, ...] = MODULES) -> typer.Typer:
    """The ``policygen`` app with the commands of ``modules`` (all of them by default)."""
    app = typer.Typer(
        name="policygen",
        help="Write a social-media policy for a social-work or human-services agency.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        add_completion=True,
        rich_markup_mode=None,
        cls=Policygen,
    )
    for name in modules:
        importlib.import_module(f"policygen.cli.{name}").register(app)
    app.callback()(root)
    return app


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policygen {__version__} (clause library {library_version()})")
        raise typer.Exit()


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


if TYPE_CHECKING:
    app: typer.Typer


def __getattr__(name: str) -> typer.Typer:
    """``app``, every command registered, made on first use (the tests and the docs use it)."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    full = make_app()
    globals()["app"] = full
    return full


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
            first = sys.argv[1] if len(sys.argv) > 1 else ""
            make_app((COMMANDS[first],) if first in COMMANDS else MODULES)()
        except KeyboardInterrupt as err:  # outside any command body
            sys.stderr.write(f"policygen: {message_of(err)}\n")
            sys.exit(exit_code_of(err))
