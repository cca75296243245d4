"""``check`` findings are data (a kind and its facts) that the CLI words: text and JSON agree.

The domain returns ``Finding`` objects; ``cli.quality_words`` words them for the terminal and
``check --format json`` gives each its kind, its facts and the same words, so a CI job can match
the kind and a person reads the sentence. docs/quality.md lists every kind.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from policygen.answers.file import read_answers, write_answers
from policygen.cli.quality_words import finding_message
from policygen.findings import Finding
from tests.conftest import MakeAnswers
from tests.helpers import ROOT, run


def _json_and_text(*args: str) -> tuple[Any, str]:
    data = json.loads(run("check", *args, "--format", "json").stdout)
    text = run("check", *args)
    return data, text.stderr + text.stdout


@pytest.mark.usefixtures("mini_builtin", "here")
def test_check_json_gives_each_finding_its_kind_facts_and_printed_words(
    make_answers: MakeAnswers,
) -> None:
    make_answers(policy={"approved_by": ["Board of Directors", "Medical Director"]})
    released = run("release", "policy.yaml", "-m", "One", "--effective", "2026-12-01")
    assert released.exit_code == 0, released.output
    data, text = _json_and_text("policy.yaml", "--today", "2029-01-01")
    problems = data["problems"]
    assert isinstance(problems, list)
    assert [(p["kind"], p["field"]) for p in problems] == [
        ("review-overdue", "policy.review_by"),
        ("approval-pending", "history[0].approved_by"),
    ]
    overdue, pending = problems
    assert overdue["review_by"] == "2027-12-01" and overdue["days_overdue"] == 397
    assert pending["version"] == "1.0"
    assert pending["pending"] == ["Board of Directors", "Medical Director"]
    for problem in problems:  # the JSON's words are the terminal's, after file and field
        assert f"policygen: policy.yaml: {problem['field']}: {problem['message']}\n" in text


@pytest.mark.usefixtures("mini_builtin", "here")
@pytest.mark.parametrize(
    ("today", "words", "days_left"),
    [
        ("2027-11-30", "review due in 1 day (2027-12-01)", 1),
        ("2027-11-21", "review due in 10 days (2027-12-01)", 10),
        ("2027-12-01", "review due today (2027-12-01)", 0),
    ],
)
def test_a_review_due_soon_is_worded_from_its_days_left(
    answers_file: Path, today: str, words: str, days_left: int
) -> None:
    data, text = _json_and_text(answers_file.name, "--today", today)
    [due] = data["problems"]
    assert (due["kind"], due["days_left"], due["message"]) == ("review-due", days_left, words)
    assert f"policy.review_by: {words}\n" in text


@pytest.mark.usefixtures("here")
def test_example_answers_are_warnings_with_their_value() -> None:
    made = run("interview", "policy.yaml", "--defaults", "--no-build")
    assert made.exit_code == 0, made.output
    data, text = _json_and_text("policy.yaml", "--today", "2026-12-02")
    warnings = data["warnings"]
    assert isinstance(warnings, list) and warnings
    assert {w["kind"] for w in warnings} == {"example-answer"}
    name = next(w for w in warnings if w["field"] == "organization.name")
    assert name["value"] == "Example Family Services"
    for warning in warnings:
        assert f"policygen: warning: policy.yaml: {warning['field']}: {warning['message']}" in text
    assert data["problems"] == [] and data["ok"] is True


@pytest.mark.usefixtures("here")
def test_same_contacts_are_a_note_with_the_contact_it_repeats() -> None:
    assert run("interview", "policy.yaml", "--defaults", "--no-build").exit_code == 0
    data, _ = _json_and_text("policy.yaml", "--today", "2026-12-02")
    assert data["note_details"] == [] and data["notes"] == []
    answers = read_answers(Path("policy.yaml"))
    first, second = list(answers.contacts)[:2]
    same = {**answers.contacts, first: "(715) 555-0100", second: "(715) 555-0100"}
    write_answers(Path("policy.yaml"), replace(answers, contacts=same))
    data, printed = _json_and_text("policy.yaml", "--today", "2026-12-02")
    [note] = data["note_details"]
    assert (note["kind"], note["field"], note["same_as"]) == (
        "same-contacts", f"contacts.{second}", f"contacts.{first}"
    )  # fmt: skip
    assert data["notes"] == [note["message"]]
    assert f"policy.yaml: note: {note['message']}\n" in printed


def test_a_kind_without_words_is_a_bug_not_a_blank_line() -> None:
    with pytest.raises(ValueError, match="no words for the finding kind 'nonsense'"):
        finding_message(Finding(kind="nonsense", path=Path("policy.yaml"), field="x"))


def test_docs_name_every_kind_the_terminal_words() -> None:
    """Each kind in docs/quality.md's check tables has words, with the facts the docs name."""
    docs = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    check = docs[docs.index("## `check`") : docs.index("## `coverage`")]
    rows = re.findall(r"^\| `([a-z-]+)`(?:: ([^|]*))? \|", check, flags=re.MULTILINE)
    kinds = {kind: re.findall(r"`(\w+)`", facts) for kind, facts in rows if kind != "invalid"}
    assert len(kinds) == 11, kinds
    for kind, facts in kinds.items():
        finding = Finding(
            kind=kind,
            path=Path("policy.yaml"),
            field="f",
            facts={name: ("A",) if name == "pending" else "1" for name in facts},
        )
        assert finding_message(finding), kind


@pytest.mark.usefixtures("here")
def test_an_abuse_line_without_a_number_is_a_warning_and_a_number_clears_it() -> None:
    assert run("interview", "policy.yaml", "--defaults", "--no-build").exit_code == 0
    answers = read_answers(Path("policy.yaml"))
    named = {**answers.contacts, "adult_abuse_report": "the state adult abuse line"}
    write_answers(Path("policy.yaml"), replace(answers, contacts=named))
    data, printed = _json_and_text("policy.yaml", "--today", "2026-12-02")
    [warning] = [w for w in data["warnings"] if w["kind"] == "contact-without-number"]
    assert warning["field"] == "contacts.adult_abuse_report"
    assert "gives no phone number" in printed and data["ok"] is True
    numbered = {**named, "adult_abuse_report": "the state adult abuse line, 1-800-555-0199"}
    write_answers(Path("policy.yaml"), replace(answers, contacts=numbered))
    data, _ = _json_and_text("policy.yaml", "--today", "2026-12-02")
    assert all(w["kind"] != "contact-without-number" for w in data["warnings"])
