"""Commands for keeping the policy in git: ``release``, ``approve``, ``diff``, ``upgrade``.

``cli.app`` calls ``register(app)``. Like the rest of the CLI each command parses options, calls
one function that returns a report (``lifecycle.release.release_file``, ``approve_file``,
``lifecycle.diff.compare_files``, ``lifecycle.upgrade.upgrade_file``) and prints it, in the words
of ``cli.wording`` or through ``render.redline``. They are imported inside each command so
``policygen --help`` stays fast and never loads WeasyPrint or questionary.
"""

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from policygen.cli.conventions import (
    DAY,
    TEXT_ONLY,
    Color,
    Formats,
    format_list,
    format_metavar,
    parse_day,
)
from policygen.cli.options import AnswersArg, LibraryOpt, library_from, terminal_color
from policygen.cli.reporting import reported
from policygen.render.formats import REDLINE_FORMATS

if TYPE_CHECKING:
    from policygen.answers.file import Answers
    from policygen.document.changes import Comparison
    from policygen.library.loader import Library
    from policygen.lifecycle.migrate import Plan


def register(app: typer.Typer) -> None:
    """Add the lifecycle commands to the main app."""
    app.command()(release)
    app.command()(approve)
    app.command()(diff)
    app.command()(upgrade)


def release(
    file: AnswersArg,
    summary: Annotated[
        str,
        typer.Option("--summary", "-m", help="One line for the revision history.", metavar="TEXT"),
    ],
    major: Annotated[
        bool, typer.Option("--major", help="Bump the major version (2.0) instead of the minor.")
    ] = False,
    effective: Annotated[
        Optional[dt.date],  # noqa: UP045
        typer.Option(
            parser=parse_day,
            help="Effective date [default: the file's date on the first release, else today].",
            metavar=DAY,
        ),
    ] = None,
    review_by: Annotated[
        Optional[dt.date],  # noqa: UP045
        typer.Option(
            parser=parse_day,
            help="Review date [default: the file's on the first release, else a year on].",
            metavar=DAY,
        ),
    ] = None,
    approved_by: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--approved-by", help="Record an approval given already (repeatable).", metavar="NAME"
        ),
    ] = None,
    library: LibraryOpt = None,
) -> None:
    """Release a new version: bump it, date it, add it to the history.

    Lists the topics that changed since the last release.
    """
    with reported():
        from policygen.cli.wording import release_lines
        from policygen.lifecycle.release import release_file

        lib = library_from(library, answers_file=file)
        report = release_file(
            lib,
            file,
            summary=summary,
            effective=effective,
            review_by=review_by,
            major=major,
            approved_by=approved_by or (),
            today=dt.date.today(),
        )
        _echo(release_lines(report))
        _warn_examples(lib, report.release.answers, file)


def approve(
    file: AnswersArg,
    by: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--by",
            help="Who approved [default: every approver in policy.approved_by].",
            metavar="NAME",
        ),
    ] = None,
    date: Annotated[
        Optional[dt.date],  # noqa: UP045
        typer.Option(parser=parse_day, help="Date of approval [default: today].", metavar=DAY),
    ] = None,
    library: LibraryOpt = None,
) -> None:
    """Record that the current version was approved.

    By the board, the director, or whoever policy.approved_by names.
    """
    with reported():
        from policygen.answers.file import read_answers
        from policygen.cli.wording import approval_lines
        from policygen.lifecycle.release import approve_file

        lib = library_from(library, answers_file=file)  # before writing: its error is one line
        today = dt.date.today()
        _echo(approval_lines(approve_file(file, by=by or (), on=date or today, today=today)))
        _warn_examples(lib, read_answers(file), file)


def diff(
    old: Annotated[
        Path,
        typer.Argument(
            help="Old answers file (or FILE with --rev).", metavar="OLD", readable=False
        ),
    ],
    new: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="New answers file.", metavar="NEW", readable=False),
    ] = None,
    rev: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--rev",
            help="Compare FILE with itself at this git revision (v1.0, HEAD~1).",
            metavar="REV",
        ),
    ] = None,
    formats: Annotated[
        Formats,
        typer.Option(
            "--format",
            "-f",
            parser=format_list(REDLINE_FORMATS),
            metavar=format_metavar(REDLINE_FORMATS),
            help="Formats, comma-separated: text is the terminal; md, html, pdf, docx for the board.",
        ),
    ] = TEXT_ONLY,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Output folder [default: the terminal for text, md or html alone, else out].",
            metavar="DIR",
        ),
    ] = None,
    color: Annotated[
        Color, typer.Option("--color", help="Colour in the terminal: auto follows NO_COLOR.")
    ] = Color.AUTO,
    library: LibraryOpt = None,
) -> None:
    """Show what changed between two answers files or git revisions.

    Exit 1 if anything changed, 0 if nothing did.
    """
    with reported():
        from policygen.errors import PolicygenError
        from policygen.lifecycle.diff import compare_files

        if (new is None) == (rev is None):
            raise PolicygenError("give either NEW or --rev REV", field="diff")
        lib = library_from(library, answers_file=new if new is not None else old)
        cmp = compare_files(lib, old, new, rev)
        stem = f"{(new or old).stem}-changes" + (f"-since-{_safe(rev)}" if rev else "")
        _emit(cmp, formats, output, color, stem)
        raise typer.Exit(code=0 if cmp.identical else 1)


def _safe(rev: str) -> str:
    """A git revision as part of a file name: ``origin/main`` → ``origin-main``."""
    return "".join(ch if ch.isalnum() or ch in "._~^-" else "-" for ch in rev)


def _emit(
    cmp: "Comparison", formats: tuple[str, ...], output: Path | None, color: Color, stem: str
) -> None:
    """One text-like format and no ``-o``: the terminal. Otherwise files in the folder."""
    from policygen.errors import RenderError
    from policygen.files import writable_folder, write_atomic
    from policygen.render.redline import render_comparison

    if output is None and len(formats) == 1 and formats[0] not in ("pdf", "docx"):
        use_color = _use_color(color)
        data = render_comparison(cmp, formats[0], color=use_color)
        typer.echo(data.decode("utf-8"), nl=False, color=use_color or None)
        return
    folder = output or Path("out")
    writable_folder(folder, RenderError)
    rendered = [(fmt, render_comparison(cmp, fmt, color=False)) for fmt in formats]
    for fmt, data in rendered:
        path = folder / f"{stem}.{'txt' if fmt == 'text' else fmt}"
        write_atomic(path, data, RenderError)
        typer.echo(str(path))


def upgrade(
    file: AnswersArg,
    defaults: Annotated[
        bool,
        typer.Option("--defaults", help="Answer new questions with their defaults, no prompts."),
    ] = False,
    previous_library: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--previous-library",
            help="The clause folder the answers were made with, to redline its wording too.",
            metavar="DIR",
        ),
    ] = None,
    library: LibraryOpt = None,
) -> None:
    """Move an answers file to the installed clause library.

    Asks only what is new or affected, and shows the redline.
    """
    with reported():
        from policygen.cli.wording import plan_lines, upgrade_lines
        from policygen.lifecycle.upgrade import upgrade_file
        from policygen.render.redline import format_text

        lib = library_from(library, answers_file=file)
        today = dt.date.today()

        def ask(plan: "Plan") -> "Answers":
            from policygen.interview.upgrade import ask as ask_new

            typer.echo(f"{len(plan.missing) + len(plan.reask)} new or changed questions:")
            return ask_new(lib, file, plan.answers, plan.reask, today)

        report = upgrade_file(
            lib,
            file,
            today=today,
            defaults=defaults,
            previous_library=library_from(library, previous_library) if previous_library else None,
            planned=lambda plan: _echo(plan_lines(file, lib.version, plan)),
            ask=ask if sys.stdin.isatty() and sys.stdout.isatty() else None,  # else an error
        )
        redline = (
            format_text(report.comparison, color=terminal_color()) if report.comparison else ""
        )
        _echo(upgrade_lines(report, redline))


def _warn_examples(lib: "Library", answers: "Answers", file: Path) -> None:
    """What ``check`` warns about, said where a version is released or approved too.

    An example name, state or stand-in contact, or a name a ``#`` cut short, in a version on
    its way to staff is the mistake most worth catching here; the exit code stays 0, as for
    ``check``.
    """
    from policygen.cli.quality_words import warning_line
    from policygen.lifecycle.check import warnings

    for warning in warnings(lib, answers, file):
        typer.echo(f"policygen: warning: {warning_line(warning)}", err=True)


def _echo(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line)


def _use_color(color: Color) -> bool:
    """``--color``: ``auto`` follows the terminal and ``NO_COLOR``."""
    return color is Color.ALWAYS or (color is Color.AUTO and terminal_color())
