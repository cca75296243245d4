"""End-to-end interview runs in a real pseudo-terminal (pexpect), with the shipped library."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from policygen.answers.applicability import applicable, asked_fields, problems, with_defaults
from policygen.answers.file import Answers, read_answers
from policygen.library.loader import Library
from policygen.library.profile import BEFORE_TOPICS, ProfileField
from tests.helpers import load_builtin
from tests.keys import CLEAR, CTRL_C, CTRL_D, DOWN, ENTER, UP

pytestmark = pytest.mark.pty
PROGRAM = f"{sys.executable} -m policygen"  # how hints name the program when run this way


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "policygen", "interview", "policy.yaml", *args],
        cwd=str(tmp_path),
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=20,
        # pexpect does not answer prompt_toolkit's cursor-position request; a terminal would
        env={
            "PATH": "/usr/bin:/bin",
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "PROMPT_TOOLKIT_NO_CPR": "1",
        },
    )


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, f"killed by signal {child.signalstatus}"
    return int(child.exitstatus)


def before_topics(library: Library) -> list[ProfileField]:
    """Profile questions asked before the topics: organization, roles, policy."""
    return [spec for group in BEFORE_TOPICS for spec in library.profile_group(group)]


def asked_topics(library: Library, answers: Answers) -> list[str]:
    """Prompts the interview will show for these answers (one-option choices are not asked)."""
    context = answers.context(library)
    return [
        t.prompt
        for t in applicable(library, answers)
        if not (t.type == "select" and len(t.available(context)) == 1)
    ]


def test_full_interview_review_change_and_save(library: Library, tmp_path: Path) -> None:
    defaults, _ = with_defaults(library, Answers(library=library.version), dt.date.today())
    child = spawn(tmp_path, "--no-build")
    child.expect_exact("What is your organization's name?")
    child.send(CLEAR + "Pty Family Services" + ENTER)
    for spec in before_topics(library)[1:]:
        child.expect_exact(spec.prompt)
        child.send(ENTER)
    for prompt in asked_topics(library, defaults):
        child.expect_exact(prompt)
        child.send(ENTER)
    for spec in asked_fields(library, defaults, "contacts"):  # contacts come after the topics
        child.expect_exact(spec.prompt)
        child.send(ENTER)
    child.expect_exact("Pick an answer to change")
    child.send(DOWN + DOWN + ENTER)  # the organization type
    child.expect_exact("What kind of organization is it?")
    child.send(UP + ENTER)  # private nonprofit -> public agency
    remaining = {t.prompt for t in library.topics}
    remaining |= {spec.prompt for spec in library.profile_group("contacts")}
    while True:
        index = child.expect_exact(["Pick an answer to change", *sorted(remaining)])
        if index == 0:
            break
        remaining.discard(sorted(remaining)[index - 1])
        child.send(ENTER)
    child.send(ENTER)  # save and finish
    child.expect_exact("policy.yaml: contacts.crisis: ")  # the example kept with Enter is named
    child.expect_exact("is an example; replace it")
    child.expect_exact(f"Build it any time with: {PROGRAM} build policy.yaml")
    assert finish(child) == 0
    path = tmp_path / "policy.yaml"
    saved = read_answers(path)
    assert saved.organization["name"] == "Pty Family Services"
    assert saved.organization["type"] == "public-agency"
    assert saved.topics["employee-rights"] == "public-speech"
    assert "officials-personal-pages" in saved.topics
    assert problems(library, saved, path) == []


FIRST_TOPIC = len(before_topics(load_builtin()))  # organization, roles and policy come first


@pytest.mark.parametrize(
    ("answered", "stop", "code"),
    [
        (0, CTRL_C, 130),  # at a text prompt
        (1, CTRL_C, 130),  # at a select
        (3, CTRL_D, 130),  # at a confirm
        (FIRST_TOPIC, CTRL_C, 130),  # at the first topic
        (2, "SIGTERM", 143),
        (4, "SIGHUP", 129),  # the terminal window was closed
    ],
)
def test_interrupt_keeps_answers_and_resume_continues(
    library: Library, tmp_path: Path, answered: int, stop: str, code: int
) -> None:
    questions = [spec.prompt for spec in before_topics(library)] + [library.topics[0].prompt]
    child = spawn(tmp_path, "--no-build")
    for prompt in questions[:answered]:
        child.expect_exact(prompt)
        child.send(ENTER)
    child.expect_exact(questions[answered])
    if stop.startswith("SIG"):
        child.kill(getattr(signal, stop))
    else:
        child.send(stop)
    child.expect_exact(f"Resume with: {PROGRAM} interview policy.yaml --resume")
    assert finish(child) == code
    path = tmp_path / "policy.yaml"
    if not answered:
        assert not path.exists()  # nothing was answered, so nothing was written
        return
    saved = read_answers(path)
    count = len(saved.organization) + len(saved.roles) + len(saved.policy) + len(saved.topics)
    assert count - (2 if saved.policy else 0) == answered  # title and version come with policy
    resumed = spawn(tmp_path, "--resume", "--no-build")
    resumed.expect_exact(questions[answered])
    resumed.send(CTRL_C)
    assert finish(resumed) == 130


def test_interview_without_a_terminal_points_to_defaults(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policygen", "interview", "policy.yaml"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "--defaults" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "policy.yaml").exists()


def test_defaults_needs_no_terminal_and_builds(library: Library, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policygen", "interview", "policy.yaml", "--defaults", "--build"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    path = tmp_path / "policy.yaml"
    assert problems(library, read_answers(path), path) == []
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert built == ["policy.html", "policy.md", "policy.pdf"]
    assert result.stdout.splitlines()[-3:] == [
        f"out/{name}" for name in ("policy.md", "policy.html", "policy.pdf")
    ]
