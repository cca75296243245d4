"""What every command shares at the command line: help order, usage lines, one-line usage errors.

The README promises one line for every mistake. Click's own usage errors print a four-line block
("Usage: ...", "Try ...", blank, "Error: ..."), so the top-level group runs the command in
non-standalone mode and turns any usage error into ``policygen: error: ...`` and exit 2 itself.
``--help`` lists commands in the order of the work rather than the order they were registered,
usage lines show ``FILE`` rather than typer's ``{FILE}`` for a required argument, and the
Arguments section shows ``FILE...`` rather than ``FILE... <list[Path]>``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, Final

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from policygen.cli.coercion import PlainConversion

# The order of the work: write it, build it, check it, release, approve, compare, upgrade, lint.
WORK_ORDER: Final = (
    "interview",
    "build",
    "check",
    "release",
    "approve",
    "diff",
    "upgrade",
    "lint",
    "coverage",
)
_LAST: Final = ("clauses",)  # browsing the library is reference, not a step of the work
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY: Final = "YYYY-MM-DD"  # how --help names a date option's value, so it says the format


class Color(StrEnum):
    """When to colour terminal output: ``auto`` follows the terminal and ``NO_COLOR``."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


def parse_day(value: str | dt.date) -> dt.date:
    """A ``YYYY-MM-DD`` option value; an impossible date such as 2027-02-30 is named as such."""
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    if not _ISO_DAY.match(text):
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text} is not a real date") from None


class Formats(tuple[str, ...]):
    """Formats asked for with ``-f md,html``: each once, in the order given."""

    __slots__ = ()


def format_list(choices: Sequence[str]) -> Callable[[str | tuple[str, ...]], Formats]:
    """A parser for ``-f md,html``; a format that does not exist is a usage error (exit 2)."""

    def parse(value: str | tuple[str, ...]) -> Formats:
        if isinstance(value, tuple):
            return Formats(value)
        wanted = tuple(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))
        unknown = [fmt for fmt in wanted if fmt not in choices]
        if unknown or not wanted:
            # Quoted as typer quotes an unknown choice of any other option.
            shown = ", ".join(map(repr, unknown)) or repr(value)
            raise typer.BadParameter(f"{shown} is not one of {', '.join(map(repr, choices))}")
        return Formats(wanted)

    return parse


def format_metavar(choices: Sequence[str]) -> str:
    """How ``--help`` shows a comma-separated list of formats: ``<md|html>[,...]``.

    The angle brackets are typer's for a choice of one (``--format <text|json>``).
    """
    return "<" + "|".join(choices) + ">[,...]"


TEXT_ONLY: Final = Formats(("text",))


class PlainUsage(PlainConversion, TyperCommand):
    """A command whose usage line reads ``policygen build [OPTIONS] FILE``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """Click's pieces with typer's braces around required arguments taken off."""
        pieces: list[str] = super().collect_usage_pieces(ctx)
        plain = [re.sub(r"\{([^}]*)\}", r"\1", piece) for piece in pieces]
        return [piece.replace("......", "...") for piece in plain]  # FILE... is said once


class PlainArgument(TyperArgument):
    """An argument whose help line is its metavar alone: ``FILE...``, not ``FILE <list[Path]>``.

    Typer appends the Python type to every argument in ``--help``; for a reader the metavar and
    the help text already say what to give.
    """

    def display_type_rich(self, ctx: Any) -> str | None:
        """No type text when a metavar names the argument."""
        return None if self.metavar is not None else super().display_type_rich(ctx)


class Commands(PlainConversion, TyperGroup):
    """A group listing its commands in the order of the work, with plain usage and help lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            if type(command) is TyperCommand:
                command.__class__ = PlainUsage
            for param in command.params:
                if type(param) is TyperArgument:
                    param.__class__ = PlainArgument

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ARG002 - click's signature
        """Commands in ``WORK_ORDER``; any other before ``clauses``, which comes last."""
        names = list(self.commands)
        rank = {name: index for index, name in enumerate(WORK_ORDER)}
        return sorted(names, key=lambda n: (n in _LAST, rank.get(n, len(rank)), names.index(n)))


class Policygen(Commands):
    """The top-level group: every usage error is one line and exit 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; a usage error becomes ``policygen: error: ...`` and exit 2."""
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except NoArgsIsHelpError as err:
            err.show()
            code = err.exit_code
        except UsageError as err:
            typer.echo(f"policygen: error: {_usage_line(err)}", err=True)
            code = 2
        except ClickException as err:
            typer.echo(f"policygen: error: {err.format_message()}", err=True)
            code = err.exit_code
        if standalone_mode:
            sys.exit(code)
        return code


def _usage_line(err: Any) -> str:
    """``--date: 2027-02-30 is not a real date (see policygen approve --help)``."""
    from typer._click.exceptions import BadParameter, MissingParameter

    param = getattr(err, "param", None)
    if isinstance(err, BadParameter) and not isinstance(err, MissingParameter) and param:
        text = str(err.message).removeprefix("Value error, ")
        message = f"{max(param.opts or [param.human_readable_name], key=len)}: {text}"
    else:
        message = err.format_message()
    ctx = getattr(err, "ctx", None)
    where = f" (see {ctx.command_path} --help)" if ctx is not None else ""
    return " ".join(message.split()).rstrip(".") + where
