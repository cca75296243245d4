"""``policygen check``: validate an answers file and remind of reviews, upgrades and approvals."""

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from policygen.cli.conventions import DAY, parse_day
from policygen.cli.options import (
    AnswersFilesArg,
    LibraryOpt,
    ReportFormat,
    ReportFormatOpt,
    library_from,
)
from policygen.cli.reporting import each_file, echo_reports


def register(app: typer.Typer) -> None:
    """Add ``check`` to the main app."""
    app.command()(check)


def check(
    files: AnswersFilesArg,
    today: Annotated[
        Optional[dt.date],  # noqa: UP045 - typer needs Optional here
        typer.Option(parser=parse_day, help="Check as if today were this date.", metavar=DAY),
    ] = None,
    library: LibraryOpt = None,
    output: ReportFormatOpt = ReportFormat.text,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 for warnings too (an example answer, a value a # cut short), for CI.",
        ),
    ] = False,
) -> None:
    """Validate answers files and remind of reviews and approvals.

    Exit 2 if a file is invalid, 1 if a review, an upgrade or an approval needs action
    (with --strict, also if an example answer is left in).
    """
    day = today or dt.date.today()
    reports: list[dict[str, object]] = []

    def one(file: Path) -> int:
        from policygen.answers.file import read_answers
        from policygen.cli.quality_words import check_json, check_lines
        from policygen.lifecycle.check import check_answers

        lib = library_from(library, answers_file=file)
        report = check_answers(lib, read_answers(file), file, day)
        if output is ReportFormat.json:
            reports.append(check_json(report))
        else:
            out, err = check_lines(report, strict=strict)
            for line in err:
                typer.echo(line, err=True)
            for line in out:
                typer.echo(line)
        if strict and report.exit_code == 0 and report.warnings:
            return 1
        return report.exit_code

    code = each_file(files, one)
    echo_reports(reports, files)
    raise typer.Exit(code=code)
