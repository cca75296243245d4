"""A ``#`` in a hand-typed value: YAML reads the rest as a comment, and ``check`` warns.

``name: Riverbend #1 Counseling`` reads as ``Riverbend``; the file is valid, so without the
warning ``check`` said ``ok`` and the policy's title read "Riverbend". Quoted values and
comments the person meant (on their own line, or after a quoted value) give no warning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import edit, run

NAME = "name: Example Family Services"
CRISIS = "crisis: the number on the on-call list"


@pytest.fixture
def answers(here: Path) -> Path:
    made = run("interview", "policy.yaml", "--defaults", "--no-build")
    assert made.exit_code == 0, made.output
    return here / "policy.yaml"


def _cut(path: Path) -> list[dict[str, str]]:
    data = json.loads(run("check", path.name, "--format", "json").stdout)
    return [w for w in data["warnings"] if w["kind"] == "cut-by-comment"]


def test_a_name_cut_by_a_hash_is_a_warning_naming_the_value_and_the_comment(
    answers: Path,
) -> None:
    edit(answers, NAME, "name: Riverbend #1 Counseling")
    [warning] = _cut(answers)
    assert (warning["field"], warning["value"], warning["comment"]) == (
        "organization.name", "Riverbend", "#1 Counseling"
    )  # fmt: skip
    result = run("check", answers.name)
    assert result.exit_code == 0
    assert (
        "policygen: warning: policy.yaml: organization.name: 'Riverbend' is followed by a "
        'comment ("#1 Counseling"); if the # belongs to the value, put the whole value in quotes'
    ) in result.stderr
    assert run("check", answers.name, "--strict").exit_code == 1


def test_a_phone_extension_cut_by_a_hash_is_a_warning(answers: Path) -> None:
    edit(answers, CRISIS, "crisis: (612) 555-0100 #4")
    [warning] = _cut(answers)
    assert (warning["field"], warning["value"], warning["comment"]) == (
        "contacts.crisis", "(612) 555-0100", "#4"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (NAME, 'name: "Riverbend #1 Counseling"'),
        (NAME, "name: 'Riverbend #1 Counseling'  # renamed by the board"),
        (NAME, "# the name as on the letterhead\n  name: Riverbend Counseling"),
        (CRISIS, 'crisis: "(612) 555-0100 #4"'),
    ],
    ids=["quoted", "comment-after-quoted", "full-line-comment", "quoted-extension"],
)
def test_quoted_values_and_comments_on_their_own_line_give_no_warning(
    answers: Path, old: str, new: str
) -> None:
    edit(answers, old, new)
    assert _cut(answers) == []
    assert "followed by a comment" not in run("check", answers.name).stderr


def test_release_and_approve_print_the_same_warning(answers: Path) -> None:
    edit(answers, NAME, "name: Riverbend #1 Counseling")
    released = run("release", answers.name, "-m", "One", "--effective", "2027-01-01")
    assert released.exit_code == 0, released.output
    assert "organization.name: 'Riverbend' is followed by a comment" in released.stderr
    approved = run("approve", answers.name)
    assert "organization.name: 'Riverbend' is followed by a comment" in approved.stderr
