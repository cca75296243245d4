"""``policygen build``: answers file and library in, Markdown, HTML and PDF out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policygen.cli.options import AnswersArg, LibraryOpt, library_from
from policygen.cli.reporting import reported


def register(app: typer.Typer) -> None:
    """Add ``build`` to the main app."""
    app.command()(build)


def build(
    file: AnswersArg,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated formats: md, html, pdf, docx.")
    ] = "md,html,pdf",
    outdir: Annotated[
        Path, typer.Option("--output", "-o", help="Output folder.", metavar="DIR")
    ] = Path("out"),
    final: Annotated[
        bool,
        typer.Option("--final", help="Refuse to build a draft (a version not yet approved)."),
    ] = False,
    library: LibraryOpt = None,
) -> None:
    """Build the policy from an answers file, without any prompt."""
    with reported():
        from policygen.answers.file import read_answers
        from policygen.document.assemble import assemble
        from policygen.render.outputs import parse_formats, write_outputs

        wanted = parse_formats(formats)
        lib = library_from(library)
        policy = assemble(lib, read_answers(file), file)
        if final and policy.draft:
            from policygen.errors import DraftRefused

            raise DraftRefused(
                f"version {policy.version} is a draft (no approval recorded); after the "
                f"approval, run policygen approve {file}",
                path=file,
                field="--final",
            )
        if "pdf" in wanted:
            typer.echo("Typesetting the PDF…", err=True)
        for path in write_outputs(policy, wanted, outdir, file.stem):
            typer.echo(str(path))
