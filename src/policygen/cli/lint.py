"""``policygen lint``: red-flag wording and readability of the assembled policy."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from policygen.cli.options import AnswersArg, LibraryOpt, library_from
from policygen.cli.reporting import reported
from policygen.quality.readability import MAX_GRADE, MAX_SENTENCE_WORDS


class LintFormat(StrEnum):
    """How ``lint`` prints its report."""

    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add ``lint`` to the main app."""
    app.command(
        help=(
            "Check the policy as built from FILE for NLRB and First-Amendment red-flag wording "
            "and plain language (docs/quality.md).\n\n"
            f"Exit 1 when a red flag is found, the Flesch-Kincaid grade is over {MAX_GRADE:g}, "
            f"or a sentence has more than {MAX_SENTENCE_WORDS} words."
        )
    )(lint)


def lint(
    file: AnswersArg,
    library: LibraryOpt = None,
    output: Annotated[
        LintFormat,
        typer.Option("--format", "-f", help="Print text, or JSON for CI and editors."),
    ] = LintFormat.text,
) -> None:
    """Lint the policy built from FILE (the help text is set in ``register``)."""
    with reported():
        from policygen.answers.file import read_answers
        from policygen.document.assemble import assemble
        from policygen.quality.lint import lint as lint_policy
        from policygen.quality.output import lint_json, lint_lines
        from policygen.quality.redflags import load_redflags

        policy = assemble(library_from(library), read_answers(file), file)
        report = lint_policy(policy, load_redflags())
        if output is LintFormat.json:
            typer.echo(json.dumps(lint_json(report, file), indent=2, ensure_ascii=False))
        else:
            out, err = lint_lines(report, file)
            for line in err:
                typer.echo(line, err=True)
            for line in out:
                typer.echo(line)
        if not report.ok:
            raise typer.Exit(code=1)
