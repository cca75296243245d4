"""Command-line interface: parses options, calls the modules, turns errors into one line.

Heavy modules (questionary via ``interview``, WeasyPrint via ``render.pdf``) are imported inside
the command that needs them, so ``policygen --help`` and a Markdown build stay fast.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from policygen import __version__
from policygen.cli_common import AnswersArg, LibraryOpt, library_from, reported
from policygen.cli_lifecycle import register

app = typer.Typer(
    name="policygen",
    help="Write a social-media policy for a social-work or human-services agency.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)
clauses_app = typer.Typer(help="Browse the clause library.", no_args_is_help=True)
app.add_typer(clauses_app, name="clauses")
register(app)  # release, approve, diff, upgrade (cli_lifecycle.py)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policygen {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Write a social-media policy for a social-work or human-services agency.

    Start with `policygen interview policy.yaml`, then `policygen build policy.yaml`.
    """


@app.command()
def build(
    file: AnswersArg,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated formats: md, html, pdf.")
    ] = "md,html,pdf",
    outdir: Annotated[
        Path, typer.Option("--output", "-o", help="Output folder.", metavar="DIR")
    ] = Path("out"),
    library: LibraryOpt = None,
) -> None:
    """Build the policy from an answers file, without any prompt."""
    with reported():
        from policygen.answers import read_answers
        from policygen.assemble import assemble
        from policygen.render import parse_formats, write_outputs

        wanted = parse_formats(formats)
        lib = library_from(library)
        policy = assemble(lib, read_answers(file), file)
        if "pdf" in wanted:
            typer.echo("Typesetting the PDF…", err=True)
        for path in write_outputs(policy, wanted, outdir, file.stem):
            typer.echo(str(path))


@app.command()
def check(
    file: AnswersArg,
    today: Annotated[
        Optional[dt.datetime],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            formats=["%Y-%m-%d"], help="Check as if today were this date.", metavar="YYYY-MM-DD"
        ),
    ] = None,
    library: LibraryOpt = None,
) -> None:
    """Validate an answers file; remind of reviews, upgrades, approvals (exit 1 if any)."""
    with reported():
        from policygen.answers import read_answers
        from policygen.fit import problems
        from policygen.lifecycle import findings, notes

        lib = library_from(library)
        answers = read_answers(file)
        found = problems(lib, answers, file)
        day = today.date() if today else dt.date.today()
        seen = {problem.field for problem in found}  # validation already names these fields
        found += [f for f in findings(lib, answers, file, day) if f.field not in seen]
        for problem in found:
            typer.echo(f"policygen: {problem}", err=True)
        if found:
            raise typer.Exit(code=1)
        typer.echo(f"{file}: ok (clause library {lib.version})")
        for note in notes(answers):
            typer.echo(f"{file}: note: {note}")


@app.command()
def interview(
    file: Annotated[Path, typer.Argument(help="Answers file to write.", metavar="FILE")] = Path(
        "policy.yaml"
    ),
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Continue an interrupted interview, or review a finished one."
        ),
    ] = False,
    defaults: Annotated[
        bool,
        typer.Option("--defaults", help="Answer everything with its default, without a terminal."),
    ] = False,
    build_after: Annotated[
        bool | None,
        typer.Option(
            "--build/--no-build", help="Build the policy after saving (asked if not given)."
        ),
    ] = None,
    outdir: Annotated[
        Path, typer.Option("--output", "-o", help="Output folder for the build.", metavar="DIR")
    ] = Path("out"),
    library: LibraryOpt = None,
) -> None:
    """Answer questions in the terminal and save the answers file."""
    with reported():
        from policygen.session import run_session

        run_session(
            library_from(library),
            file,
            resume=resume,
            defaults=defaults,
            build_after=build_after,
            outdir=outdir,
            today=dt.date.today(),
        )


@clauses_app.command("list")
def clauses_list(library: LibraryOpt = None) -> None:
    """List every topic, section by section, with its options."""
    with reported():
        from policygen.browse import format_list

        typer.echo(format_list(library_from(library)))


@clauses_app.command("show")
def clauses_show(
    topic_id: Annotated[
        str, typer.Argument(help="Topic id, as shown by `clauses list`.", metavar="ID")
    ],
    library: LibraryOpt = None,
) -> None:
    """Show one topic: question, options with clause text, rationale and sources."""
    with reported():
        from policygen.browse import format_topic

        typer.echo(format_topic(library_from(library), topic_id))


@app.command()
def lint(file: AnswersArg, library: LibraryOpt = None) -> None:
    """Check the chosen clauses for NLRB red-flag wording and plain-language readability.

    Exit 1 when a red flag is found, the Flesch-Kincaid grade is over 10, or a sentence has
    more than 35 words.
    """
    with reported():
        from policygen.answers import read_answers
        from policygen.assemble import assemble
        from policygen.quality import MAX_GRADE, load_redflags, readability, scan

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


@clauses_app.command("lint")
def clauses_lint(library: LibraryOpt = None) -> None:
    """Scan every clause of the library for NLRB red-flag wording (exit 1 if any)."""
    with reported():
        from policygen.quality import load_redflags, scan

        lib = library_from(library)
        findings = scan(lib, load_redflags())
        for finding in findings:
            typer.echo(f"policygen: {finding}", err=True)
        if findings:
            raise typer.Exit(code=1)
        typer.echo(f"{len(lib.topics)} topics: no red-flag wording found")


class _Terminated(BaseException):
    """SIGTERM as an exception, so ``finally`` blocks remove temporary files before exit 143."""


def _terminate(signum: int, frame: object) -> None:  # noqa: ARG001
    raise _Terminated


def main() -> None:
    """Console entry point."""
    signal.signal(signal.SIGTERM, _terminate)  # the interview installs its own while it asks
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - outside any command body
        sys.stderr.write("policygen: interrupted\n")
        sys.exit(130)
    except _Terminated:
        sys.stderr.write("policygen: terminated\n")
        sys.exit(143)
