"""``policygen check``: validate an answers file and remind of reviews, upgrades and approvals."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from policygen.cli.conventions import parse_day
from policygen.cli.options import AnswersFilesArg, LibraryOpt, library_from
from policygen.cli.reporting import each_file


class CheckFormat(StrEnum):
    """How ``check`` prints its findings."""

    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add ``check`` to the main app."""
    app.command()(check)


def check(
    files: AnswersFilesArg,
    today: Annotated[
        Optional[dt.date],  # noqa: UP045 - typer needs Optional here
        typer.Option(parser=parse_day, help="Check as if today were this date.", metavar="DATE"),
    ] = None,
    library: LibraryOpt = None,
    output: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="Print text, or JSON for CI and editors."),
    ] = CheckFormat.text,
) -> None:
    """Validate answers files (exit 2 if invalid); remind of reviews, approvals (exit 1)."""
    day = today or dt.date.today()
    reports: list[dict[str, object]] = []

    def one(file: Path) -> int:
        from policygen.answers.applicability import placeholders
        from policygen.answers.file import read_answers
        from policygen.lifecycle.release import findings, notes
        from policygen.lifecycle.upgrade import check_problems
        from policygen.quality.output import check_json

        lib = library_from(library, answers_file=file)
        answers = read_answers(file)
        invalid = check_problems(lib, answers, file)  # not a policy yet: bad input, exit 2
        found = invalid or findings(lib, answers, file, day)
        if output is CheckFormat.json:
            reports.append(check_json(file, lib.version, found, notes(answers)))
        else:
            for problem in found:
                typer.echo(f"policygen: {'error: ' if invalid else ''}{problem}", err=True)
            if not invalid:
                for warning in placeholders(lib, answers, file):
                    typer.echo(f"policygen: warning: {warning}", err=True)
            if not found:
                typer.echo(f"{file}: ok (clause library {lib.version})")
                for note in notes(answers):
                    typer.echo(f"{file}: note: {note}")
        return 2 if invalid else 1 if found else 0

    code = each_file(files, one)
    if reports:  # one object for one file, a list for several
        typer.echo(
            json.dumps(reports[0] if len(files) == 1 else reports, indent=2, ensure_ascii=False)
        )
    raise typer.Exit(code=code)
