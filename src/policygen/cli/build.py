"""``policygen build``: answers file and library in, editions in Markdown, HTML and PDF out."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from policygen.cli.conventions import Formats, format_list, format_metavar
from policygen.cli.options import LibraryOpt, library_from
from policygen.cli.reporting import reported
from policygen.errors import RenderError
from policygen.render.formats import DEFAULT_FORMATS, FORMATS

if TYPE_CHECKING:
    from policygen.answers.roster import Signer
    from policygen.library.loader import Library


DEFAULTS = Formats(DEFAULT_FORMATS)


def register(app: typer.Typer) -> None:
    """Add ``build`` to the main app."""
    app.command()(build)


def build(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Answers file(s). Several build in one run, each into its own folder of -o.",
            metavar="FILE...",
            readable=False,  # policygen checks and names the file itself, in one line
        ),
    ],
    formats: Annotated[
        Formats,
        typer.Option(
            "--format",
            "-f",
            parser=format_list(FORMATS),
            metavar=format_metavar(FORMATS),
            help="Formats to build, comma-separated.",
        ),
    ] = DEFAULTS,
    outdir: Annotated[
        Path, typer.Option("--output", "-o", help="Output folder.", metavar="DIR")
    ] = Path("out"),
    final: Annotated[
        bool,
        typer.Option(
            "--final",
            help="Refuse a draft (a version not yet approved) or example answers (exit 2).",
        ),
    ] = False,
    edition: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--edition",
            "-e",
            help=(
                "Edition to build (repeatable or comma-separated): policy, annotated, summary, "
                "client, acknowledgement, posted, or all. Default: policy."
            ),
            metavar="NAME",
        ),
    ] = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="Language of the client handout: en, es, or en,es for both.",
            metavar="LANG",
        ),
    ] = "en",
    roster: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--roster",
            help="CSV file with name and role columns: one acknowledgement page per person.",
            metavar="CSV",
            readable=False,
        ),
    ] = None,
    library: LibraryOpt = None,
) -> None:
    """Build the policy, or other editions of it, from answers files.

    No question is asked. The files are named after the answers file: policy.yaml gives
    policy.md, policy.html and policy.pdf in -o, and other editions add their name
    (policy-summary.pdf).

    Several files build in one run, each into its own folder of -o (named after the file, or
    its folder when the names repeat); one bad file is one error line and the others still
    build (exit 3).
    """
    with reported():
        from policygen.answers.file import read_answers
        from policygen.files import writable_folder
        from policygen.render.bundle import build_file, parse_editions, parse_languages, plan

        wanted = formats
        names = parse_editions(edition or ["policy"])
        langs = parse_languages(lang)
        plan(names, langs)  # a language an edition lacks is refused before any work
        signers = _signers(roster, names)
        writable_folder(outdir, RenderError)  # before any slow work

        alone = len(files) == 1  # a batch shows its own progress instead

        libraries: dict[tuple[Path, ...], Library] = {}  # one per distinct folder set

        def build_one(file: Path, folder: Path) -> list[Path]:
            answers = read_answers(file)  # once: it names the folders and holds the answers
            return build_file(
                file,
                folder,
                library_from(library, answers_file=file, answers=answers, loaded=libraries),
                wanted,
                answers=answers,
                names=names,
                langs=langs,
                signers=signers,
                final=final,
                rendering=_typesetting if alone and "pdf" in wanted else lambda: None,
            )

        if alone:
            for path in build_one(files[0], outdir):
                typer.echo(str(path))
            return
        from policygen.cli.batch import run_batch

        # PDFs are typeset in parallel, one process per core; the rest is quick in one process.
        workers = (os.cpu_count() or 1) if "pdf" in wanted else 1
        code = run_batch(files, outdir, build_one, workers=workers)
    if code:
        raise typer.Exit(code=code)


def _typesetting() -> None:
    typer.echo("Typesetting the PDF…", err=True)


def _signers(roster: Path | None, names: tuple[str, ...]) -> "tuple[Signer, ...]":
    """The people on the roster; every bad row is its own error line, then exit 2."""
    if roster is None:
        return ()
    if "acknowledgement" not in names:
        raise RenderError("a roster is for --edition acknowledgement", field="--roster")
    from policygen.answers.roster import RosterError, read_roster

    try:
        return read_roster(roster)
    except RosterError as err:
        for line in err.lines():
            typer.echo(f"policygen: error: {line}", err=True)
        raise typer.Exit(code=err.exit_code) from None
