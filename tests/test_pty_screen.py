"""The interview as a new user sees it: a real pty, read back through a terminal emulator.

pexpect drives the keys; pyte keeps the screen, so a test can assert what is on it (a question
printed twice, a help line, an error under the prompt) rather than what bytes went by.
Issue 9 items 3, 8, 9 and 19.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pyte
import pytest

from tests.keys import CLEAR, DOWN, ENTER

pytestmark = pytest.mark.pty

NAME = "What is your organization's name?"
HOSTS = "Do you host students, interns or volunteers?"
EFFECTIVE = "On what date does the policy take effect?"
REVIEW_BY = "By what date must the policy be reviewed?"
FIRST_TOPIC = "Who must follow this policy?"
STUDENTS = "How does the policy apply to students and their field instructors?"
PICK = "Pick an answer to change"


class Terminal:
    """A policygen process in a 120x40 pty, with the screen it draws."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.screen = pyte.Screen(120, 40)
        self.log = ""  # everything written, for lines that scroll off the screen
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "policygen", *args],
            cwd=str(cwd),
            dimensions=(40, 120),
            encoding="utf-8",
            timeout=20,
            env={
                "PATH": "/usr/bin:/bin",
                "TERM": "xterm-256color",
                "LANG": "C.UTF-8",
                "PROMPT_TOOLKIT_NO_CPR": "1",
            },
        )

    def _pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.05)
                self.log += data
                self.stream.feed(data)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                return

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def wait(self, needle: str, timeout: float = 20) -> None:
        """Read output until ``needle`` is on the screen (and the screen settles)."""
        end = time.monotonic() + timeout
        while needle not in self.text:
            if time.monotonic() > end or not self.child.isalive():
                self._pump(0.2)
                if needle in self.text:
                    break
                raise AssertionError(f"{needle!r} not on screen:\n{self.text}")
            self._pump(0.1)
        self._pump(0.3)

    def send(self, keys: str) -> None:
        self.child.send(keys)
        self._pump(0.4)

    def count(self, needle: str) -> int:
        return sum(needle in line for line in self.lines)

    def close(self) -> None:
        self.child.close(force=True)


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Terminal]:
    started = Terminal(tmp_path, "interview", "policy.yaml", "--no-build")
    yield started
    started.close()


def answer_profile_until(term: Terminal, prompt: str) -> None:
    """Press Enter at every profile question before ``prompt``."""
    term.wait(NAME)
    while prompt not in term.lines[_last_question(term)]:
        term.send(ENTER)
    term.wait(prompt)


def _last_question(term: Terminal) -> int:
    return max(i for i, line in enumerate(term.lines) if "?" in line)


def test_help_key_does_not_reprint_the_question(term: Terminal) -> None:
    term.wait(NAME)
    term.send("?")
    term.send("?")
    term.send("?")
    assert term.count(NAME) == 1, term.text
    assert term.count("Use the legal or public name") == 1, term.text


def test_impossible_date_is_named_and_review_before_effective_refused(term: Terminal) -> None:
    answer_profile_until(term, EFFECTIVE)
    term.send(CLEAR + "2027-02-30")
    term.send(ENTER)
    assert "2027-02-30 is not a real date" in term.text, term.text
    term.send(CLEAR + "2027-01-01" + ENTER)
    term.wait(REVIEW_BY)
    term.send(CLEAR + "2026-06-01" + ENTER)
    assert "before the effective date" in term.text, term.text
    assert "2027-01-01" in term.text.split(REVIEW_BY)[-1], term.text
    term.send(CLEAR + "2027-12-01" + ENTER)
    term.wait(FIRST_TOPIC)


def test_a_key_shows_the_clause_text_of_the_highlighted_option(term: Terminal) -> None:
    answer_profile_until(term, FIRST_TOPIC)
    term.send(DOWN)
    term.send("t")
    assert "This policy applies to all employees" in term.text, term.text
    assert term.count(FIRST_TOPIC) == 1, term.text


def _defaults_then_resume(tmp_path: Path) -> Terminal:
    done = pexpect.run(
        f"{sys.executable} -m policygen interview policy.yaml --defaults",
        cwd=str(tmp_path),
        withexitstatus=True,
    )
    assert done[1] == 0
    return Terminal(tmp_path, "interview", "policy.yaml", "--resume", "--no-build")


def _change_hosting(term: Terminal, answer: str) -> None:
    term.wait(PICK)
    lines = term.lines
    save = next(i for i, line in enumerate(lines) if "Save and finish" in line)
    hosts = next(i for i, line in enumerate(lines) if HOSTS.rstrip("?") in line and i > save)
    term.send(DOWN * (hosts - save - 1) + ENTER)  # the separator line takes no key press
    term.wait(HOSTS)
    term.send(answer)


def test_students_answer_is_kept_when_hosting_is_turned_off_and_on(tmp_path: Path) -> None:
    term = _defaults_then_resume(tmp_path)
    try:
        _change_hosting(term, "y")
        term.wait(STUDENTS)
        term.send(DOWN + ENTER)  # not the default
        _change_hosting(term, "n")
        term.wait(PICK)
        assert "answer removed: Students, interns and field instructors" in term.log
        assert "students-field" not in term.log
        _change_hosting(term, "y")
        term.wait(PICK)
        assert term.count(STUDENTS) == 0, term.text  # kept, not asked again
        term.send(ENTER)  # save and finish
        term.wait("Saved policy.yaml")
    finally:
        term.close()
    assert "students-field: stricter" in (tmp_path / "policy.yaml").read_text()


def test_questions_after_a_change_are_numbered_from_one(tmp_path: Path) -> None:
    term = _defaults_then_resume(tmp_path)
    try:
        _change_hosting(term, "y")
        term.wait(STUDENTS)
        line = next(line for line in term.lines if STUDENTS in line)
        assert line.startswith("[1/1] "), line
    finally:
        term.close()
