"""The questions ``upgrade`` asks: what is new in the clause library, or whose answer is gone.

``lifecycle.upgrade.upgrade_file`` gets this as its ``ask`` function from the command, so the
lifecycle package never prompts. It runs inside the one interrupt guard, like the interview:
Ctrl-C, Ctrl-D, SIGTERM or SIGHUP save what was answered and say how to resume.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from policygen.answers.file import Answers, write_answers
from policygen.interview.guard import asking
from policygen.library.loader import Library


def ask(
    library: Library, path: Path, answers: Answers, reask: Sequence[str], today: dt.date
) -> Answers:
    """Ask the re-asked topics, then every missing question, saving after each answer."""
    from policygen.interview import prompts

    write_answers(path, answers)
    with asking(path):
        return prompts.ask_topics(library, path, answers, list(reask), today)
