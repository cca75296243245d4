"""The one interrupt guard: Ctrl-C, Ctrl-D, SIGTERM and SIGHUP while asking save and exit.

Every prompt path (the interview, ``upgrade``'s new questions) runs inside ``asking()``. The
whole process runs inside ``signals_as_interrupts()`` (installed by ``cli.app.main``) so that a
SIGTERM during a build unwinds through ``finally`` blocks, which remove temporary files.
Nothing here imports questionary.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from policygen.errors import InterviewAborted
from policygen.invocation import command

INTERRUPTED = 130  # the shell's code for Ctrl-C (128 + SIGINT)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, or a signal turned into an exception; ``exit_code`` is 128 + the signal number.

    It is a ``KeyboardInterrupt`` because asyncio, which prompt_toolkit runs on, re-raises only
    that and ``SystemExit`` from its callbacks; any other exception raised by a signal arriving
    mid-callback would be logged and swallowed, and the prompt would carry on.
    """

    def __init__(self, exit_code: int = INTERRUPTED) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


def exit_code_of(interrupt: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 128 + the signal number for a signal turned into an ``Interrupted``."""
    return interrupt.exit_code if isinstance(interrupt, Interrupted) else INTERRUPTED


def message_of(interrupt: KeyboardInterrupt) -> str:
    """What the user reads: ``terminated`` for a signal from outside, else ``interrupted``."""
    return "interrupted" if exit_code_of(interrupt) == INTERRUPTED else "terminated"


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001
    raise Interrupted(128 + signum)


@contextmanager
def signals_as_interrupts(
    signums: tuple[signal.Signals, ...] = (signal.SIGTERM,),
) -> Iterator[None]:
    """Turn the given signals into ``Interrupted`` while the block runs; restore after."""
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in signums}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def asking(path: Path) -> Iterator[None]:
    """Run prompts that save to ``path`` after each answer; any interruption says how to resume.

    SIGTERM (kill) and SIGHUP (the terminal closed) save like Ctrl-C does; Ctrl-D (``EOFError``)
    too. The ``InterviewAborted`` raised carries the exit code: 130, or 128 + the signal.
    """
    try:
        with signals_as_interrupts((signal.SIGTERM, signal.SIGHUP)):
            yield
    except (KeyboardInterrupt, EOFError) as err:
        code = exit_code_of(err) if isinstance(err, KeyboardInterrupt) else INTERRUPTED
        raise InterviewAborted(
            f"interrupted; your answers so far are saved in {path}. "
            f"Resume with: {command('interview', path, '--resume')}",
            exit_code=code,
        ) from err
