"""Commands for keeping the policy in git: ``release``, ``approve``, ``diff``, ``upgrade``.

``cli.app`` calls ``register(app)``. Like the rest of the CLI these commands only parse options
and print; the work is in ``lifecycle.release``, ``lifecycle.compare``, ``render.redline`` and
``lifecycle.upgrade``, imported inside each command so ``policygen --help`` stays fast and never
loads WeasyPrint or questionary.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from policygen.cli.conventions import (
    TEXT_ONLY,
    Color,
    Formats,
    format_list,
    format_metavar,
    parse_day,
)
from policygen.cli.options import AnswersArg, LibraryOpt, library_from, terminal_color
from policygen.cli.reporting import reported
from policygen.invocation import command
from policygen.render.formats import REDLINE_FORMATS

if TYPE_CHECKING:
    from policygen.answers.file import Answers
    from policygen.document.changes import Comparison
    from policygen.library.loader import Library
    from policygen.lifecycle.compare import Side


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
            metavar="DATE",
        ),
    ] = None,
    review_by: Annotated[
        Optional[dt.date],  # noqa: UP045
        typer.Option(
            parser=parse_day,
            help="Review date [default: the file's on the first release, else a year on].",
            metavar="DATE",
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
    """Release a new version: bump it, date it, add it to the history, list what changed."""
    with reported():
        from policygen.answers.file import read_answers, write_answers
        from policygen.lifecycle.release import changed_topics
        from policygen.lifecycle.release import release as make_release
        from policygen.render.common import long_date

        lib = library_from(library, answers_file=file)
        today = dt.date.today()
        answers = read_answers(file)
        result = make_release(
            lib,
            answers,
            file,
            summary=summary,
            effective=effective,
            today=today,
            review_by=review_by,
            major=major,
            approved_by=approved_by or (),
            approved_on=today,
        )
        write_answers(file, result.answers)
        entry, review = result.entry, result.answers.meta.review_by
        typer.echo(
            f"Released version {entry.version}, effective {long_date(entry.date)}"
            + (f" (review by {long_date(review)})." if review else ".")
        )
        last = result.last
        if last is None and effective is None and answers.meta.effective is not None:
            typer.echo(f"Dates kept from {file.name}; --effective and --review-by change them.")
        if last is None:
            typer.echo(f"First release: {len(result.answers.topics)} topics answered.")
        elif last.fingerprint == entry.fingerprint:
            typer.echo(f"No answers changed since {last.version}.")
        elif result.previous is None:
            typer.echo(f"Answers changed since {last.version}; cannot list them: {result.found_at}")
        else:
            lines = changed_topics(lib, result.previous, result.answers)
            if not lines:  # only stored ids changed (a renamed option): nothing for staff
                typer.echo(f"No changes for staff since {last.version} ({result.found_at}).")
            else:
                typer.echo(f"Changed since {last.version} (found at {result.found_at}):")
            for line in lines:
                typer.echo(f"  - {line}")
        if last is not None and last.library and last.library != lib.version:
            typer.echo(f"Clause library {last.library} → {lib.version} since {last.version}.")
        if not entry.approved_by:
            typer.echo(f"When it is approved: {command('approve', file)}")
        typer.echo(
            f'Then: git commit -m "Policy {entry.version}: {entry.summary}" {file} '
            f"&& git tag v{entry.version}"
        )


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
        typer.Option(parser=parse_day, help="Date of approval [default: today].", metavar="DATE"),
    ] = None,
) -> None:
    """Record that the current version was approved (by the board, the director...)."""
    with reported():
        from policygen.answers.file import read_answers, write_answers
        from policygen.lifecycle.release import approve as record
        from policygen.render.common import long_date

        today = dt.date.today()
        before = read_answers(file)
        answers = record(before, file, by=by or (), on=date or today, today=today)
        write_answers(file, answers)
        entry = answers.history[-1]
        typer.echo(f"Version {entry.version} approved by {', '.join(entry.approved_by)}.")
        earlier = before.history[-1]
        if earlier.approved is not None:
            typer.echo(
                f"This replaces the approval recorded earlier: {', '.join(earlier.approved_by)}, "
                f"{long_date(earlier.approved)}."
            )


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
    """Show what changed between two answers files, or since a git revision (exit 1 if any)."""
    with reported():
        from policygen.answers.file import read_answers
        from policygen.errors import PolicygenError
        from policygen.lifecycle.compare import compare
        from policygen.lifecycle.gitrev import read_at, revision_label

        if (new is None) == (rev is None):
            raise PolicygenError("give either NEW or --rev REV", field="diff")
        lib = library_from(library, answers_file=new if new is not None else old)
        if rev is not None:
            old_answers, old_label, new_path = read_at(old, rev), revision_label(old, rev), old
        else:
            assert new is not None
            old_answers, old_label, new_path = read_answers(old), old, new
        new_answers = read_answers(new_path)
        cmp = compare(
            _side(lib, old_answers, Path(old_label), old),
            _side(lib, new_answers, new_path, new_path),
        )
        stem = f"{new_path.stem}-changes" + (f"-since-{_safe(rev)}" if rev else "")
        _emit(cmp, formats, output, color, stem)
        raise typer.Exit(code=0 if cmp.identical else 1)


def _side(lib: Library, answers: Answers, label: Path, path: Path) -> Side:
    """A side of ``diff``: an older file is built with its renamed option values migrated."""
    from policygen.lifecycle.compare import Side
    from policygen.lifecycle.upgrade import plan_upgrade

    migrated = plan_upgrade(lib, answers, label).migrated
    return Side(label=str(label), answers=answers, library=lib, path=path, migrated=migrated)


def _safe(rev: str) -> str:
    """A git revision as part of a file name: ``origin/main`` → ``origin-main``."""
    return "".join(ch if ch.isalnum() or ch in "._~^-" else "-" for ch in rev)


def _emit(
    cmp: Comparison, formats: tuple[str, ...], output: Path | None, color: Color, stem: str
) -> None:
    """One text-like format and no ``-o``: the terminal. Otherwise files in the folder."""
    from policygen.errors import RenderError
    from policygen.files import writable_folder, write_atomic
    from policygen.render.redline import render_comparison

    if output is None and len(formats) == 1 and formats[0] not in ("pdf", "docx"):
        use_color = color is Color.ALWAYS or (color is Color.AUTO and terminal_color())
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
    """Move an answers file to the installed clause library, asking only what is new."""
    with reported():
        from policygen.answers.file import read_answers, write_answers
        from policygen.errors import PolicygenError
        from policygen.lifecycle.compare import Side, compare
        from policygen.lifecycle.upgrade import ask, fill_defaults, plan_upgrade, with_removed
        from policygen.render.redline import format_text

        lib = library_from(library, answers_file=file)
        plan = plan_upgrade(lib, read_answers(file), file)
        if plan.nothing_to_do:
            typer.echo(f"{file}: already up to date with clause library {lib.version}")
            return
        typer.echo(f"Upgrading {file}: clause library {plan.before.library} → {lib.version}")
        for line in plan.changes:
            typer.echo(f"  {line}")
        today = dt.date.today()
        if defaults:
            answers, chosen = fill_defaults(lib, plan, today)
            write_answers(file, answers)
            typer.echo("Answered without asking:" if chosen else "Nothing new to answer.")
            for line in chosen:
                typer.echo(f"  {line}")
        elif plan.missing or plan.reask:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise PolicygenError(
                    "new questions need a terminal; run upgrade --defaults",
                    path=file,
                    field="upgrade",
                )
            typer.echo(f"{len(plan.missing) + len(plan.reask)} new or changed questions:")
            answers = ask(lib, file, plan.answers, plan.reask, today)
        else:
            answers = plan.answers
            write_answers(file, answers)
        old_lib = library_from(library, previous_library) if previous_library else lib
        old = Side(
            label=f"{file.name} (library {plan.before.library})",
            answers=plan.before,
            library=old_lib,
            path=file,
            migrated=None if previous_library else plan.migrated,
        )
        new = Side(
            label=f"{file.name} (library {lib.version})", answers=answers, library=lib, path=file
        )
        typer.echo("")
        cmp = with_removed(compare(old, new), plan, lib, answers)
        typer.echo(format_text(cmp, color=terminal_color()), nl=False)
        if previous_library is None:
            typer.echo(
                "Both sides were built with the new library; to see its rewording too, add "
                "--previous-library DIR (the old clauses folder)."
            )
        typer.echo(f"Saved {file}. Review it, commit it, then {command('release', file)}.")
