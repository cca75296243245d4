"""``policygen clauses``: browse the library (``list``, ``show``) and scan it for red flags."""

from typing import Annotated

import typer

from policygen.cli.conventions import Commands
from policygen.cli.options import LibraryOpt, library_from
from policygen.cli.reporting import reported

clauses_app = typer.Typer(help="Browse the clause library.", no_args_is_help=True, cls=Commands)


def register(app: typer.Typer) -> None:
    """Add the ``clauses`` group to the main app."""
    app.add_typer(clauses_app, name="clauses")


@clauses_app.command("list")
def clauses_list(library: LibraryOpt = None) -> None:
    """List every topic, section by section, with its options."""
    with reported():
        from policygen.cli.browse import format_list

        typer.echo(format_list(library_from(library)))


@clauses_app.command("show")
def clauses_show(
    topic_id: Annotated[
        str, typer.Argument(help="Topic id, as shown by `clauses list`.", metavar="ID")
    ],
    library: LibraryOpt = None,
) -> None:
    """Show one topic: question, options, clause texts and sources.

    Each option with its clause text, rationale and sources.
    """
    with reported():
        from policygen.cli.browse import format_topic

        typer.echo(format_topic(library_from(library), topic_id))


@clauses_app.command("lint")
def clauses_lint(library: LibraryOpt = None) -> None:
    """Scan every clause for NLRB red-flag wording (exit 1 if any)."""
    with reported():
        from policygen.cli.quality_words import library_lines
        from policygen.quality.lint import scan_library
        from policygen.quality.redflags import library_redflags

        lib = library_from(library)
        findings = scan_library(lib, library_redflags(lib))
        out, err = library_lines(findings, len(lib.topics))
        for line in err:
            typer.echo(line, err=True)
        for line in out:
            typer.echo(line)
        if findings:
            raise typer.Exit(code=1)
