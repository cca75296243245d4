"""``policygen lint``: red-flag wording and readability of the assembled policy."""

from pathlib import Path

import typer

from policygen.cli.options import (
    AnswersFilesArg,
    LibraryOpt,
    ReportFormat,
    ReportFormatOpt,
    library_from,
)
from policygen.cli.reporting import each_file, echo_reports
from policygen.quality.limits import MAX_GRADE, MAX_SENTENCE_WORDS


def register(app: typer.Typer) -> None:
    """Add ``lint`` to the main app."""
    app.command(
        help=(
            "Check the built policy for red flags and plain language.\n\n"
            "Red flags: wording that NLRB decisions or, for a public agency, the First "
            'Amendment put at risk. The checks are described under "Quality checks" in the '
            "policygen documentation.\n\n"
            f"Exit 1 when a red flag is found, the Flesch-Kincaid grade is over {MAX_GRADE:g}, "
            f"or a sentence has more than {MAX_SENTENCE_WORDS} words."
        )
    )(lint)


def lint(
    files: AnswersFilesArg,
    library: LibraryOpt = None,
    output: ReportFormatOpt = ReportFormat.text,
) -> None:
    """Lint the policy built from each FILE (the help text is set in ``register``)."""
    reports: list[dict[str, object]] = []

    def one(file: Path) -> int:
        from policygen.answers.file import read_answers
        from policygen.cli.quality_words import lint_json, lint_lines
        from policygen.document.assemble import assemble
        from policygen.quality.lint import lint as lint_policy
        from policygen.quality.redflags import library_redflags

        lib = library_from(library, answers_file=file)
        report = lint_policy(assemble(lib, read_answers(file), file), library_redflags(lib))
        if output is ReportFormat.json:
            reports.append(lint_json(report, file))
        else:
            out, err = lint_lines(report, file)
            for line in err:
                typer.echo(line, err=True)
            for line in out:
                typer.echo(line)
        return 0 if report.ok else 1

    code = each_file(files, one)
    echo_reports(reports, files)
    raise typer.Exit(code=code)
