"""``policygen coverage``: the standards the policy answers to, and the topics left open."""

from enum import StrEnum
from typing import Annotated

import typer

from policygen.cli.options import AnswersArg, LibraryOpt, library_from
from policygen.cli.reporting import echo_json, reported


class CoverageFormat(StrEnum):
    """How ``coverage`` prints its report."""

    text = "text"
    md = "md"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add ``coverage`` to the main app."""
    app.command()(coverage)


def coverage(
    file: AnswersArg,
    library: LibraryOpt = None,
    output: Annotated[
        CoverageFormat,
        typer.Option("--format", "-f", help="Print a table, Markdown, or JSON."),
    ] = CoverageFormat.text,
) -> None:
    """Show the professional standards the policy's clauses address.

    Which NASW Code of Ethics standards and Technology Standards sections. Also lists the recommended topics the policy leaves open: skipped because of an earlier
    answer, or answered with an option that sets no rule. Always exits 0 on a valid FILE.
    """
    with reported():
        from policygen.answers.file import read_answers
        from policygen.cli.quality_words import coverage_json, coverage_lines, coverage_markdown
        from policygen.document.assemble import assemble
        from policygen.document.coverage import coverage as coverage_of

        lib = library_from(library, answers_file=file)
        answers = read_answers(file)
        report = coverage_of(lib, answers, assemble(lib, answers, file))
        if output is CoverageFormat.json:
            echo_json(coverage_json(report, file))
        elif output is CoverageFormat.md:
            typer.echo(coverage_markdown(report), nl=False)
        else:
            typer.echo("\n".join(coverage_lines(report)))
