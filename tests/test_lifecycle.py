"""Releases, approvals and review reminders: ``lifecycle.release`` and the release/approve/check commands."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from policygen.answers.file import HistoryEntry, read_answers, write_answers
from policygen.answers.fingerprint import fingerprint
from policygen.answers.meta import years_after
from policygen.cli.quality_words import finding_line, finding_message
from policygen.cli.wording import change_line
from policygen.document.assemble import assemble
from policygen.errors import AnswersError
from policygen.library.loader import Library
from policygen.lifecycle.check import findings, notes
from policygen.lifecycle.release import (
    FoundAt,
    NamedChange,
    approve,
    changed_topics,
    next_version,
    release,
)
from policygen.render.markdown import render_markdown
from tests.conftest import MakeAnswers, UseLibrary
from tests.helpers import TODAY, git, needs_git, run

# --- versions, dates, fingerprints ----------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "major", "expected"),
    [("1.0", False, "1.1"), ("1.9", False, "1.10"), ("1.4", True, "2.0"), ("2.3.1", False, "2.4")],
)
def test_next_version(current: str, major: bool, expected: str) -> None:
    assert next_version(current, major=major, path=Path("p.yaml")) == expected


def test_next_version_refuses_free_text() -> None:
    with pytest.raises(AnswersError, match=r"cannot bump version 'draft'"):
        next_version("draft", major=False, path=Path("p.yaml"))


def test_one_year_after_leap_day() -> None:
    assert years_after(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)


def test_fingerprint_ignores_policy_metadata(answers_file: Path) -> None:
    answers = read_answers(answers_file)
    later = replace(answers, policy={**answers.policy, "version": "9.0"})
    assert fingerprint(later) == fingerprint(answers)
    changed = replace(answers, topics={**answers.topics, "contact": "HR"})
    assert fingerprint(changed) != fingerprint(answers)
    assert len(fingerprint(answers)) == 12


# --- release --------------------------------------------------------------------------------


def test_first_release_records_the_version_in_the_file(
    mini_library: Library, answers_file: Path
) -> None:
    answers = read_answers(answers_file)
    result = release(mini_library, answers, answers_file, summary="First version", effective=TODAY)
    assert result.last is None and result.found_at == FoundAt("first-release")
    assert result.entry == HistoryEntry(
        version="1.0",
        date=TODAY,
        summary="First version",
        library="2026.1.0",
        fingerprint=fingerprint(answers),
    )
    assert result.answers.policy["version"] == "1.0"
    assert result.answers.policy["review_by"] == dt.date(2027, 12, 1)


def test_later_releases_bump_minor_or_major(mini_library: Library, answers_file: Path) -> None:
    answers = read_answers(answers_file)
    first = release(mini_library, answers, answers_file, summary="One", effective=TODAY).answers
    second = release(
        mini_library, first, answers_file, summary=" Two\n", effective=dt.date(2027, 3, 1)
    )
    assert second.answers.policy["version"] == "1.1"
    assert second.entry.summary == "Two"
    assert [e.version for e in second.answers.history] == ["1.0", "1.1"]
    third = release(
        mini_library,
        second.answers,
        answers_file,
        summary="Three",
        effective=dt.date(2027, 6, 1),
        review_by=dt.date(2027, 12, 31),
        major=True,
        approved_by=["Board of Directors"],
        approved_on=dt.date(2027, 5, 20),
    )
    assert third.answers.policy["version"] == "2.0"
    assert third.answers.policy["review_by"] == dt.date(2027, 12, 31)
    assert third.entry.approved_by == ("Board of Directors",)
    assert third.entry.approved == dt.date(2027, 5, 20)


def test_release_refusals(mini_library: Library, make_answers: MakeAnswers) -> None:
    incomplete = make_answers(drop=["contact"])
    with pytest.raises(AnswersError, match=r"answers\.contact: missing"):
        release(mini_library, read_answers(incomplete), incomplete, summary="x", effective=TODAY)
    path = make_answers(name="ok.yaml")
    answers = read_answers(path)
    with pytest.raises(AnswersError, match="--summary: summary must be a single line"):
        release(mini_library, answers, path, summary="a\nb", effective=TODAY)
    first = release(mini_library, answers, path, summary="One", effective=TODAY).answers
    with pytest.raises(AnswersError, match="--effective: 2026-11-01 is before the previous"):
        release(mini_library, first, path, summary="Two", effective=dt.date(2026, 11, 1))
    with pytest.raises(AnswersError, match="--review-by: must be after the effective date"):
        release(mini_library, first, path, summary="Two", effective=TODAY, review_by=TODAY)


@pytest.mark.usefixtures("mini_builtin", "here")
def test_release_command_first_and_unchanged(answers_file: Path) -> None:
    result = run("release", "policy.yaml", "-m", "First version", "--effective", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Released version 1.0, effective December 1, 2026 (review by December 1, 2027).",
        "First release: 5 topics answered.",
        "When it is approved: policygen approve policy.yaml",
        'Then: git commit -m "Policy 1.0: First version" policy.yaml && git tag v1.0',
    ]
    text = answers_file.read_text(encoding="utf-8")
    assert "*id" not in text and "&id" not in text  # no YAML aliases for shared dates
    saved = read_answers(answers_file)
    assert saved.history[0].fingerprint == fingerprint(saved)
    again = run(
        "release", "policy.yaml", "-m", "Yearly review, no change", "--effective", "2027-11-20"
    )
    assert again.exit_code == 0, again.output
    assert "Released version 1.1, effective November 20, 2027" in again.stdout
    assert "No answers changed since 1.0." in again.stdout


@pytest.mark.usefixtures("mini_builtin", "here")
def test_first_release_keeps_the_dates_typed_in_the_interview(
    make_answers: MakeAnswers,
) -> None:
    """The board approved "effective January 1, review in two years": release keeps that."""
    path = make_answers(policy={"effective": "2027-01-01", "review_by": "2029-01-01"})
    result = run("release", "policy.yaml", "-m", "First version")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "Released version 1.0, effective January 1, 2027 (review by January 1, 2029)."
    )
    assert lines[1] == "Dates kept from policy.yaml; --effective and --review-by change them."
    meta = read_answers(path).meta
    assert (meta.effective, meta.review_by) == (dt.date(2027, 1, 1), dt.date(2029, 1, 1))
    assert read_answers(path).history[0].date == dt.date(2027, 1, 1)


@pytest.mark.usefixtures("mini_builtin", "here")
def test_first_release_dates_given_on_the_command_line_win(make_answers: MakeAnswers) -> None:
    path = make_answers(policy={"effective": "2027-01-01", "review_by": "2029-01-01"})
    result = run("release", "policy.yaml", "-m", "First", "--effective", "2027-02-01")
    assert result.exit_code == 0, result.output
    assert "Dates kept" not in result.stdout
    meta = read_answers(path).meta
    assert (meta.effective, meta.review_by) == (dt.date(2027, 2, 1), dt.date(2028, 2, 1))


@needs_git
@pytest.mark.usefixtures("mini_builtin")
def test_release_lists_topics_changed_since_the_previous_release(
    here: Path, answers_file: Path
) -> None:
    git(here, "init", "-q")
    assert run("release", "policy.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    git(here, "add", "policy.yaml")
    git(here, "commit", "-qm", "Policy 1.0")
    released_at = git(here, "rev-parse", "--short=7", "HEAD").strip()
    answers = read_answers(answers_file)
    topics = {**answers.topics, "spokespersons": ["director", "comms-lead"], "contact": "HR"}
    write_answers(answers_file, replace(answers, topics=topics))
    git(here, "commit", "-qam", "Work in progress")  # a later commit that is not a release

    result = run(
        "release", "policy.yaml", "-m", "Comms lead speaks too", "--effective", "2027-01-15"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == f"Changed since 1.0 (found at commit {released_at}):"
    assert lines[2:4] == [
        (
            "  - Changed: Who speaks for the agency: The director → The director; The "
            "communications lead"
        ),
        "  - Changed: Questions about this policy: the communications lead → HR",
    ]


@pytest.mark.usefixtures("mini_builtin", "here")
def test_release_outside_git_says_it_cannot_list(answers_file: Path) -> None:
    assert run("release", "policy.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    answers = read_answers(answers_file)
    write_answers(answers_file, replace(answers, topics={**answers.topics, "contact": "HR"}))
    result = run("release", "policy.yaml", "-m", "Second", "--effective", "2027-01-15")
    assert result.exit_code == 0, result.output
    assert "Answers changed since 1.0; cannot list them: release 1.0 not found" in result.stdout


def test_changed_topics_in_plain_words(mini_library: Library, make_answers: MakeAnswers) -> None:
    old = read_answers(make_answers(name="old.yaml"))
    new = read_answers(
        make_answers(
            name="new.yaml",
            organization={"hosts_students": True},
            topics={"official-accounts": "no-presence"},
        )
    )
    changes = changed_topics(mini_library, old, new)
    assert changes == [
        NamedChange(
            kind="changed",
            what="Do you host students, interns or volunteers",
            before="No",
            after="Yes",
            field="organization.hosts_students",
        ),
        NamedChange(
            kind="changed",
            what="Official agency accounts",
            before="Only the communications lead creates accounts",
            after="The agency keeps no accounts",
            field="answers.official-accounts",
        ),
        NamedChange(
            kind="removed",
            what="How official accounts interact",
            before="Broadcast news",
            field="answers.engagement-style",
        ),
        NamedChange(
            kind="added", what="Students and interns", after="Yes", field="answers.students"
        ),
    ]
    assert [change_line(change) for change in changes] == [
        "Changed: Do you host students, interns or volunteers: No → Yes",
        (
            "Changed: Official agency accounts: Only the communications lead creates accounts → "
            "The agency keeps no accounts"
        ),
        "Removed: How official accounts interact",
        "Added: Students and interns: Yes",
    ]


# --- approvals ------------------------------------------------------------------------------


def test_approve_records_every_named_approver(
    mini_library: Library, make_answers: MakeAnswers
) -> None:
    path = make_answers(policy={"approved_by": ["Board of Directors", "Medical Director"]})
    answers = read_answers(path)
    with pytest.raises(AnswersError, match=r"version 1\.0 has not been released"):
        approve(answers, path, by=(), on=TODAY, today=TODAY)
    released = release(mini_library, answers, path, summary="One", effective=TODAY).answers
    assert [finding_line(f) for f in findings(mini_library, released, path, TODAY)] == [
        (
            f"{path}: history[0].approved_by: version 1.0 is not yet approved by Board of "
            f"Directors, Medical Director; when it is, run policygen approve {path}"
        )
    ]
    partly = approve(released, path, by=["board of directors"], on=TODAY, today=TODAY)
    assert "not yet approved by Medical Director" in finding_line(
        findings(mini_library, partly, path, TODAY)[0]
    )
    later = dt.date(2026, 12, 5)
    done = approve(partly, path, by=(), on=later, today=later)
    assert done.history[-1].approved_by == ("Board of Directors", "Medical Director")
    assert done.history[-1].approved == dt.date(2026, 12, 5)
    assert findings(mini_library, done, path, TODAY) == []


def test_approvers_as_a_list_reach_the_document(
    mini_library: Library, make_answers: MakeAnswers
) -> None:
    path = make_answers(policy={"approved_by": ["Board of Directors", "Medical Director"]})
    answers = read_answers(path)
    assert answers.context(mini_library)["policy"]["approved_by"] == (
        "Board of Directors and Medical Director"
    )
    markdown = render_markdown(assemble(mini_library, answers, path))
    assert "| To be approved by | Board of Directors; Medical Director |" in markdown


@pytest.mark.usefixtures("mini_builtin", "here")
@pytest.mark.parametrize(
    ("approvers", "problem"),
    [(["Board", "Director"], None), (["Board", ""], "item 2: must not be empty")],
    ids=["good", "empty-name"],
)
def test_bad_approver_list_is_a_validation_problem(
    make_answers: MakeAnswers, approvers: list[str], problem: str | None
) -> None:
    make_answers(policy={"approved_by": approvers})
    result = run("check", "policy.yaml", "--today", "2026-12-02")
    if problem is None:  # the same file with two real names passes: only the empty one fails
        assert (result.exit_code, result.stderr) == (0, "")
    else:
        assert result.exit_code == 2  # invalid answers are bad input, not a finding
        assert result.stderr == f"policygen: error: policy.yaml: policy.approved_by: {problem}\n"


@pytest.mark.usefixtures("mini_builtin", "here")
def test_approve_command(answers_file: Path) -> None:
    refused = run("approve", "policy.yaml")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("policygen: error: policy.yaml: policy.version: version 1.0")
    assert run("release", "policy.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    assert run("check", "policy.yaml", "--today", "2026-12-02").exit_code == 1
    result = run("approve", "policy.yaml", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Version 1.0 approved by Board of Directors.\n"
    entry = read_answers(answers_file).history[0]
    assert (entry.approved_by, entry.approved) == (("Board of Directors",), dt.date(2026, 12, 1))
    assert run("check", "policy.yaml", "--today", "2026-12-04").exit_code == 0


@pytest.mark.usefixtures("mini_builtin", "here")
def test_approve_refuses_a_future_date_and_unknown_approvers(answers_file: Path) -> None:
    """The title block prints the approval as fact: no date to come, no name the policy lacks."""
    assert run("release", "policy.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    refused = run("approve", "policy.yaml", "--date", future)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"policygen: error: policy.yaml: --date: {future} is in the future; "
        "record an approval once it is given\n"
    )
    stranger = run("approve", "policy.yaml", "--by", "Medical Director")
    assert stranger.exit_code == 2
    assert stranger.stderr.count("\n") == 1
    assert "Medical Director not in policy.approved_by (Board of Directors)" in stranger.stderr
    assert read_answers(answers_file).history[0].approved is None  # nothing written

    assert run("approve", "policy.yaml", "--date", "2026-11-24").exit_code == 0
    again = run("approve", "policy.yaml", "--by", "board of directors", "--date", "2026-11-30")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [
        "Version 1.0 approved by Board of Directors.",
        "This replaces the approval recorded earlier: Board of Directors, November 24, 2026.",
    ]


# --- check ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin", "here")
@pytest.mark.parametrize(
    ("today", "code", "message"),
    [
        ("2026-12-02", 0, None),
        ("2027-10-31", 0, None),
        ("2027-11-01", 1, "policy.review_by: review due in 30 days (2027-12-01)"),
        ("2027-12-01", 1, "policy.review_by: review due today (2027-12-01)"),
        (
            "2028-01-15",
            1,
            (
                "policy.review_by: review overdue since 2027-12-01 (45 days ago); review the "
                'policy, then run policygen release policy.yaml --summary "..."'
            ),
        ),
    ],
)
def test_check_review_date(answers_file: Path, today: str, code: int, message: str | None) -> None:
    result = run("check", answers_file.name, "--today", today)
    assert result.exit_code == code, result.output
    if message is None:
        assert result.stderr == ""
        assert result.stdout == "policy.yaml: ok (clause library 2026.1.0)\n"
    else:
        assert result.stderr == f"policygen: policy.yaml: {message}\n"
        assert result.stdout == ""


@pytest.mark.usefixtures("here", "answers_file")
def test_check_suggests_upgrade_for_an_older_library(
    copy_library: Path, use_library: UseLibrary
) -> None:
    meta = copy_library / "library.yaml"
    meta.write_text(meta.read_text().replace("2026.1.0", "2026.2.0"), encoding="utf-8")
    use_library(copy_library)
    result = run("check", "policy.yaml", "--today", "2026-12-02")
    assert result.exit_code == 1
    assert result.stderr == (
        "policygen: policy.yaml: library: made with clause library 2026.1.0; 2026.2.0 is "
        "installed: run policygen upgrade policy.yaml\n"
    )


@pytest.mark.usefixtures("mini_builtin", "here")
def test_check_reports_changes_since_the_approved_release(answers_file: Path) -> None:
    """Approved, then changed: a finding (exit 1) naming release and approve, not a note."""
    assert run("release", "policy.yaml", "-m", "One", "--effective", "2026-12-01",
               "--approved-by", "Board of Directors").exit_code == 0  # fmt: skip
    answers = read_answers(answers_file)
    write_answers(answers_file, replace(answers, topics={**answers.topics, "contact": "HR"}))
    result = run("check", "policy.yaml", "--today", "2026-12-02")
    assert result.exit_code == 1, result.output
    assert "history[0].fingerprint: answers changed since version 1.0 was approved" in (
        result.output
    )
    assert notes(read_answers(answers_file), answers_file) == []  # said once, as the finding


@pytest.mark.usefixtures("mini_builtin", "here")
def test_check_notes_changes_since_an_unapproved_release(answers_file: Path) -> None:
    assert run("release", "policy.yaml", "-m", "One", "--effective", "2026-12-01").exit_code == 0
    answers = read_answers(answers_file)
    write_answers(answers_file, replace(answers, topics={**answers.topics, "contact": "HR"}))
    [note] = notes(read_answers(answers_file), answers_file)
    assert finding_message(note) == "answers changed since release 1.0 (not released yet)"
    assert (note.kind, note.field, note.facts) == (
        "unreleased-changes",
        "history[0].fingerprint",
        {"version": "1.0"},
    )


def test_history_fields_round_trip(make_answers: MakeAnswers) -> None:
    path = make_answers()
    entry = HistoryEntry(
        version="1.0",
        date=TODAY,
        summary="First",
        library="2026.1.0",
        fingerprint="abc123abc123",
        approved_by=("Board", "Director"),
        approved=TODAY,
    )
    answers = replace(read_answers(path), history=(entry,))
    write_answers(path, answers)
    assert read_answers(path).history == (entry,)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("approved_by:\n  - Board\n  - Director\n", "approved_by: Board\n"),
        encoding="utf-8",
    )
    assert read_answers(path).history[0].approved_by == ("Board",)


def test_history_table_shows_releases_and_approvals(
    mini_library: Library, answers_file: Path
) -> None:
    from policygen.render.html import render_html

    answers = read_answers(answers_file)
    first = release(mini_library, answers, answers_file, summary="First", effective=TODAY).answers
    approved = approve(
        first, answers_file, by=(), on=dt.date(2026, 12, 3), today=dt.date(2026, 12, 3)
    )
    second = release(
        mini_library,
        approved,
        answers_file,
        summary="Yearly review",
        effective=dt.date(2027, 11, 1),
    ).answers
    policy = assemble(mini_library, second, answers_file)
    markdown = render_markdown(policy)
    assert "| 1.0 | December 1, 2026 | First | Board of Directors, December 3, 2026 |" in markdown
    assert "| 1.1 | November 1, 2027 | Yearly review | — |" in markdown
    assert "| Version | 1.1 |" in markdown and "| Review by | November 1, 2028 |" in markdown
    html = render_html(policy)
    assert "<td>Board of Directors, December 3, 2026</td>" in html
