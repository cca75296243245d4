"""Start, resume or script an interview, then optionally build. No questionary import here.

``--defaults`` never touches the terminal, so scripts and tests can create an answers file
without questionary being imported at all.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import typer

from policygen.answers.applicability import with_defaults
from policygen.answers.file import Answers, read_answers, with_folders, write_answers
from policygen.errors import AnswersError, PolicygenError
from policygen.invocation import command, use_folders
from policygen.library.loader import Library


def run_session(
    library: Library,
    path: Path,
    *,
    resume: bool,
    defaults: bool,
    build_after: bool | None,
    outdir: Path,
    today: dt.date,
    folders: Sequence[Path] = (),
) -> None:
    """Create or continue the answers file at ``path``, then build if asked."""
    if path.exists() and not resume:
        raise AnswersError(
            "already exists; use --resume to continue or review it, or choose another file",
            path=path,
        )
    if resume and not path.exists():
        raise AnswersError("nothing to resume: file not found", path=path)
    answers = read_answers(path) if resume else Answers(library=library.version)
    answers = with_folders(answers, path, folders)  # recorded, so later commands need no -L
    use_folders(())
    if defaults:
        answers, filled = with_defaults(library, answers, today)
        write_answers(path, answers)
        typer.echo(f"Saved {path} ({len(filled)} answers set to their defaults)")
        from policygen.answers.applicability import placeholders

        for warning in placeholders(library, answers, path):
            typer.echo(f"policygen: warning: {warning}", err=True)
        build = bool(build_after)
    else:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise PolicygenError(
                "the interview needs a terminal; use --defaults, or build from "
                "an answers file with policygen build",
                field="interview",
            )
        from policygen.interview.prompts import run_interview

        answers, build = run_interview(library, path, answers, today, ask_build=build_after is None)
        build = build if build_after is None else build_after
    if build:
        _build(library, answers, path, outdir)
    else:
        typer.echo(f"Build it any time with: {command('build', path)}")


def _build(library: Library, answers: Answers, path: Path, outdir: Path) -> None:
    from policygen.document.assemble import assemble
    from policygen.render.outputs import DEFAULT_FORMATS, write_outputs

    policy = assemble(library, answers, path)
    typer.echo("Building Markdown, HTML and PDF…", err=True)
    for written in write_outputs(policy, DEFAULT_FORMATS, outdir, path.stem):
        typer.echo(str(written))
