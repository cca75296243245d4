"""``policygen check``: validate an answers file and remind of reviews, upgrades and approvals."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from typing import Annotated, Optional

import typer

from policygen.cli.options import AnswersArg, LibraryOpt, library_from
from policygen.cli.reporting import reported


class CheckFormat(StrEnum):
    """How ``check`` prints its findings."""

    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add ``check`` to the main app."""
    app.command()(check)


def check(
    file: AnswersArg,
    today: Annotated[
        Optional[dt.datetime],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            formats=["%Y-%m-%d"], help="Check as if today were this date.", metavar="YYYY-MM-DD"
        ),
    ] = None,
    library: LibraryOpt = None,
    output: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="Print text, or JSON for CI and editors."),
    ] = CheckFormat.text,
) -> None:
    """Validate an answers file; remind of reviews, upgrades, approvals (exit 1 if any)."""
    with reported():
        from policygen.answers.applicability import problems
        from policygen.answers.file import read_answers
        from policygen.lifecycle.release import findings, notes
        from policygen.quality.output import check_json

        lib = library_from(library)
        answers = read_answers(file)
        found = problems(lib, answers, file)
        day = today.date() if today else dt.date.today()
        seen = {problem.field for problem in found}  # validation already names these fields
        found += [f for f in findings(lib, answers, file, day) if f.field not in seen]
        if output is CheckFormat.json:
            report = check_json(file, lib.version, found, notes(answers))
            typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            for problem in found:
                typer.echo(f"policygen: {problem}", err=True)
            if not found:
                typer.echo(f"{file}: ok (clause library {lib.version})")
                for note in notes(answers):
                    typer.echo(f"{file}: note: {note}")
        if found:
            raise typer.Exit(code=1)
