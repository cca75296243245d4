"""``policygen lint``: red-flag wording and readability of the chosen clauses."""

from __future__ import annotations

import typer

from policygen.cli.options import AnswersArg, LibraryOpt, library_from
from policygen.cli.reporting import reported


def register(app: typer.Typer) -> None:
    """Add ``lint`` to the main app."""
    app.command()(lint)


def lint(file: AnswersArg, library: LibraryOpt = None) -> None:
    """Check the chosen clauses for NLRB red-flag wording and plain-language readability.

    Exit 1 when a red flag is found, the Flesch-Kincaid grade is over 10, or a sentence has
    more than 35 words.
    """
    with reported():
        from policygen.answers.file import read_answers
        from policygen.document.assemble import assemble
        from policygen.quality.lint import MAX_GRADE, load_redflags, readability, scan

        lib = library_from(library)
        policy = assemble(lib, read_answers(file), file)
        chosen = {clause.topic_id for section in policy.sections for clause in section.clauses}
        findings = [f for f in scan(lib, load_redflags()) if f.path.stem in chosen]
        score = readability(policy)
        for finding in findings:
            typer.echo(f"policygen: {finding}", err=True)
        for sentence in score.long_sentences:
            typer.echo(f"policygen: {file}: sentence over 35 words: {sentence!r}", err=True)
        verdict = "ok" if score.grade <= MAX_GRADE else f"over the limit of {MAX_GRADE:g}"
        typer.echo(
            f"{file}: grade {score.grade:.1f} ({verdict}), {score.sentences} sentences, "
            f"{score.words / max(score.sentences, 1):.1f} words each on average, "
            f"{len(findings)} red flags"
        )
        if findings or not score.ok:
            raise typer.Exit(code=1)
