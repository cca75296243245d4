"""Start, resume or script an interview, returning what was saved. No questionary import here.

``--defaults`` never touches the terminal, so scripts and tests can create an answers file
without questionary being imported at all. Nothing here prints: ``run_session`` returns a
``Session`` and the ``interview`` command words it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policygen.answers.applicability import with_defaults
from policygen.answers.examples import placeholders
from policygen.answers.file import Answers, read_answers, with_folders, write_answers
from policygen.errors import AnswersError, PolicygenError
from policygen.findings import Finding
from policygen.invocation import use_folders
from policygen.library.loader import Library


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """What an interview saved, and whether to build the policy now.

    Attributes:
        answers: the answers as saved in ``path``.
        filled: with ``--defaults``, how many answers were set to their defaults; else None.
        warnings: example answers still to replace, and suggestions taken unseen (with
            ``--defaults``).
        build: build the policy now (``--build``, or the user said yes at the end).
    """

    path: Path
    answers: Answers
    filled: int | None = None
    warnings: tuple[Finding, ...] = ()
    build: bool = False


def run_session(
    library: Library,
    path: Path,
    *,
    resume: bool,
    defaults: bool,
    build_after: bool | None,
    today: dt.date,
    folders: Sequence[Path] = (),
) -> Session:
    """Create or continue the answers file at ``path``; say whether to build it now."""
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
        warnings = placeholders(library, answers, path)
        warnings += _suggestions_taken(library, answers, filled, path)
        order = {key: index for index, key in enumerate(filled)}  # as the file lists them
        return Session(
            path=path,
            answers=answers,
            filled=len(filled),
            warnings=tuple(sorted(warnings, key=lambda w: order.get(w.field, len(order)))),
            build=bool(build_after),
        )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise PolicygenError(
            "the interview needs a terminal; use --defaults, or build from "
            "an answers file with policygen build",
            field="interview",
        )
    from policygen.interview.prompts import run_interview

    answers, build = run_interview(library, path, answers, today, ask_build=build_after is None)
    return Session(
        path=path,
        answers=answers,
        warnings=tuple(placeholders(library, answers, path)),  # an example kept with Enter
        build=build if build_after is None else build_after,
    )


def build_policy(library: Library, session: Session, outdir: Path) -> list[Path]:
    """Build the policy the session saved, in the default formats; the files written."""
    from policygen.document.assemble import assemble
    from policygen.render.outputs import DEFAULT_FORMATS, write_outputs

    policy = assemble(library, session.answers, session.path)
    return list(write_outputs(policy, DEFAULT_FORMATS, outdir, session.path.stem))


def _suggestions_taken(
    library: Library, answers: Answers, filled: Sequence[str], path: Path
) -> list[Finding]:
    """Suggested answers ``--defaults`` took unseen (the state, whose law the policy cites).

    Said now or never: once saved, a suggestion taken reads like an answer chosen.
    """
    found = []
    for key in filled:
        group, _, name = key.partition(".")
        spec = library.profile_field(group, name) if group != "answers" else None
        value = answers.group(group).get(name) if spec is not None and spec.suggested else None
        if spec is not None and isinstance(value, str):
            facts = {"value": value}
            found.append(Finding(kind="suggestion-taken", path=path, field=key, facts=facts))
    return found
