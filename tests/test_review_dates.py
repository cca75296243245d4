"""The review date: never before the effective date, and set by the review-cadence answer.

Issue 9 item 3 (the answers file and ``check``; the prompt is in ``test_pty_screen.py``) and
item 8's numbering of the questions ``upgrade`` asks.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.conftest import MakeAnswers
from tests.helpers import edit, run


@pytest.mark.usefixtures("mini_builtin", "here")
def test_review_before_effective_is_refused_in_one_line(make_answers: MakeAnswers) -> None:
    path = make_answers()
    edit(path, "review_by: 2027-12-01", "review_by: 2026-06-01")
    for args in (["check", "policy.yaml"], ["build", "policy.yaml", "-f", "md"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1, result.stderr
        line = result.stderr
        assert "policy.review_by" in line and "policy.effective" in line, line
        assert "2026-06-01" in line and "2026-12-01" in line, line
        assert "overdue" not in line
    assert not Path("out").exists()


@pytest.mark.usefixtures("here")
def test_review_cadence_sets_the_review_by_default() -> None:
    assert run("interview", "p.yaml", "--defaults").exit_code == 0
    text = Path("p.yaml").read_text()
    effective = re.search(r"effective: (\d{4})-(\d\d-\d\d)", text)
    assert effective is not None
    text = re.sub(r"(?m)^  review_by: .*\n", "", text)
    text = text.replace("review-cadence: annual", "review-cadence: biennial")
    Path("p.yaml").write_text(text)
    assert run("interview", "p.yaml", "--resume", "--defaults").exit_code == 0
    two_years = f"review_by: {int(effective[1]) + 2}-{effective[2]}"
    assert two_years in Path("p.yaml").read_text()
    result = run("release", "p.yaml", "-m", "First", "--effective", "2027-03-01")
    assert result.exit_code == 0, result.output
    assert "review by March 1, 2029" in result.stdout


def test_upgrade_numbers_its_own_questions(mini_library: object, make_answers: MakeAnswers) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    from policygen.answers.file import read_answers
    from policygen.interview.upgrade import ask
    from tests.helpers import TODAY
    from tests.keys import ENTER

    path = make_answers(drop=["contact", "engagement-style"])
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=120), term="xterm")
    with create_pipe_input() as keys, create_app_session(input=keys, output=output):
        keys.send_text(ENTER + ENTER)
        ask(mini_library, path, read_answers(path), [], TODAY)  # type: ignore[arg-type]
    shown = screen.getvalue()
    assert "[1/2]" in shown and "[2/2]" in shown, shown
