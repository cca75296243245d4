"""The functions behind ``check``, ``release``, ``approve`` and ``diff``, called without a CLI.

Each returns a report (data); the commands only word and print it. These tests read the reports
directly, so a report that loses a fact fails here even if the command's words still look right.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from policygen.answers.file import read_answers, write_answers
from policygen.errors import AnswersError
from policygen.library.loader import Library
from policygen.lifecycle.check import check_answers
from policygen.lifecycle.diff import compare_files
from policygen.lifecycle.release import NamedChange, approve_file, release_file
from tests.conftest import MakeAnswers
from tests.helpers import TODAY, git, needs_git


def _release(library: Library, path: Path, summary: str, effective: dt.date) -> object:
    return release_file(
        library,
        path,
        summary=summary,
        effective=effective,
        review_by=None,
        major=False,
        approved_by=(),
        today=effective,
    )


# --- check ----------------------------------------------------------------------------------


def test_check_report_of_a_valid_draft(mini_library: Library, answers_file: Path) -> None:
    report = check_answers(mini_library, read_answers(answers_file), answers_file, TODAY)
    assert (report.invalid, report.findings, report.exit_code) == ((), (), 0)
    assert report.library == mini_library.version and report.path == answers_file


def test_check_report_of_an_overdue_review(mini_library: Library, answers_file: Path) -> None:
    later = dt.date(2028, 1, 15)
    report = check_answers(mini_library, read_answers(answers_file), answers_file, later)
    assert report.exit_code == 1 and not report.invalid
    [overdue] = report.findings
    assert (overdue.kind, overdue.field) == ("review-overdue", "policy.review_by")
    assert overdue.facts == {"review_by": "2027-12-01", "days_overdue": 45}


def test_check_report_of_an_invalid_file_looks_no_further(
    mini_library: Library, make_answers: MakeAnswers
) -> None:
    path = make_answers(topics={"official-accounts": "sometimes"})
    later = dt.date(2028, 1, 15)  # an overdue review too, which is not reported on bad input
    report = check_answers(mini_library, read_answers(path), path, later)
    assert report.exit_code == 2
    assert [problem.field for problem in report.invalid] == ["answers.official-accounts"]
    assert report.findings == () and report.warnings == ()


# --- release and approve --------------------------------------------------------------------


def test_release_file_saves_and_reports_a_first_release(
    mini_library: Library, make_answers: MakeAnswers
) -> None:
    path = make_answers(policy={"effective": "2027-01-01", "review_by": "2029-01-01"})
    report = release_file(
        mini_library,
        path,
        summary="First",
        effective=None,
        review_by=None,
        major=False,
        approved_by=(),
        today=TODAY,
    )
    assert report.dates_kept and not report.unchanged and report.changes == ()
    assert report.release.last is None and report.previous_library is None
    assert report.release.entry.date == dt.date(2027, 1, 1)
    assert read_answers(path).history == (report.release.entry,)  # saved


def test_release_file_reports_no_change_and_the_library_of_the_last_release(
    mini_library: Library, answers_file: Path
) -> None:
    _release(mini_library, answers_file, "One", TODAY)
    answers = read_answers(answers_file)
    older = replace(answers.history[0], library="2025.1.0")
    write_answers(answers_file, replace(answers, history=(older,)))
    report = release_file(
        mini_library,
        answers_file,
        summary="Two",
        effective=dt.date(2027, 1, 15),
        review_by=None,
        major=False,
        approved_by=("Board of Directors",),
        today=dt.date(2027, 1, 15),
    )
    assert report.unchanged and not report.dates_kept
    assert (report.previous_library, report.library) == ("2025.1.0", mini_library.version)
    assert report.release.entry.approved_by == ("Board of Directors",)


@needs_git
def test_release_file_lists_the_answers_changed_since_the_last_release(
    mini_library: Library, answers_file: Path
) -> None:
    folder = answers_file.parent
    git(folder, "init", "-q")
    _release(mini_library, answers_file, "One", TODAY)
    git(folder, "add", answers_file.name)
    git(folder, "commit", "-qm", "Policy 1.0")
    answers = read_answers(answers_file)
    write_answers(answers_file, replace(answers, topics={**answers.topics, "contact": "HR"}))
    report = release_file(
        mini_library,
        answers_file,
        summary="Two",
        effective=dt.date(2027, 1, 15),
        review_by=None,
        major=False,
        approved_by=(),
        today=dt.date(2027, 1, 15),
    )
    found = report.release.found_at
    assert found.kind == "commit" and re.fullmatch("[0-9a-f]{7}", found.ref), found
    assert report.changes == (
        NamedChange(
            kind="changed",
            what="Questions about this policy",
            before="the communications lead",
            after="HR",
            field="answers.contact",
        ),
    )


def test_approve_file_reports_the_approval_it_replaces(
    mini_library: Library, answers_file: Path
) -> None:
    _release(mini_library, answers_file, "One", TODAY)
    first = approve_file(answers_file, by=(), on=TODAY, today=TODAY)
    assert first.replaced is None
    assert first.entry.approved_by == ("Board of Directors",) and first.entry.approved == TODAY
    later = TODAY + dt.timedelta(days=3)
    second = approve_file(answers_file, by=(), on=later, today=later)
    assert second.replaced is not None and second.replaced.approved == TODAY
    assert read_answers(answers_file).history[-1].approved == later


def test_approve_file_writes_nothing_when_refused(answers_file: Path) -> None:
    before = answers_file.read_bytes()
    with pytest.raises(AnswersError, match="has not been released"):
        approve_file(answers_file, by=(), on=TODAY, today=TODAY)
    assert answers_file.read_bytes() == before


# --- diff -----------------------------------------------------------------------------------


def test_compare_files_returns_the_comparison(
    mini_library: Library, make_answers: MakeAnswers
) -> None:
    old = make_answers(name="old.yaml")
    new = make_answers(name="new.yaml", topics={"contact": "HR"})
    cmp = compare_files(mini_library, old, new, None)
    assert not cmp.identical
    assert [change.key for change in cmp.answers] == ["answers.contact"]
    assert (cmp.old_label, cmp.new_label) == (str(old), str(new))
    assert compare_files(mini_library, old, old, None).identical


@needs_git
def test_compare_files_at_a_revision(mini_library: Library, answers_file: Path) -> None:
    folder = answers_file.parent
    git(folder, "init", "-q")
    git(folder, "add", answers_file.name)
    git(folder, "commit", "-qm", "First")
    answers = read_answers(answers_file)
    write_answers(answers_file, replace(answers, topics={**answers.topics, "contact": "HR"}))
    cmp = compare_files(mini_library, answers_file, None, "HEAD")
    assert [change.key for change in cmp.answers] == ["answers.contact"]
    assert cmp.old_label == f"{answers_file}@HEAD"


def test_where_the_previous_release_was_found_is_data_the_cli_words() -> None:
    from policygen.cli.wording import found_words
    from policygen.lifecycle.release import FoundAt

    path = Path("policies") / "policy.yaml"
    assert [
        found_words(found, "1.2", path)
        for found in (
            FoundAt("tag", "v1.2"),
            FoundAt("commit", "1a2b3c4"),
            FoundAt("no-fingerprint"),
            FoundAt("not-in-history"),
        )
    ] == [
        "tag v1.2",
        "commit 1a2b3c4",
        "no fingerprint recorded for 1.2 and no tag v1.2",
        "release 1.2 not found in the git history of policy.yaml",
    ]
