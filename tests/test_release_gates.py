"""What stands between a draft and a policy staff receive: examples, stale approvals, dates.

A new user who took every default must not get an approved, final policy that names "Example
Family Services" or sends staff to "the number on the on-call list" without being told; an
approval must vouch for the answers released; ``release`` says what changed, contacts too, and
does not blame the user for a date they never typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from policygen.answers.file import read_answers, write_answers
from policygen.errors import LibraryError
from policygen.library.loader import Library, load_library
from tests.conftest import UseLibrary
from tests.helpers import edit, git, needs_git, run

WARNING = "policygen: warning: p.yaml: "
EXAMPLES = {
    "organization.name": "Example Family Services",
    "contacts.crisis": "the number on the on-call list",
    "contacts.abuse_report": "the state or county child abuse hotline",
    "contacts.adult_abuse_report": "the state adult protective services line",
}
REAL = {
    "name: Example Family Services": "name: Oak Family Services",
    "crisis: the number on the on-call list": "crisis: (612) 555-0177",
    "abuse_report: the state or county child abuse hotline": "abuse_report: (651) 555-0100",
    "adult_abuse_report: the state adult protective services line": (
        "adult_abuse_report: (651) 555-0101"
    ),
}


def _warned(stderr: str) -> list[str]:
    """The fields named by warning lines, in order."""
    return [
        line.removeprefix(WARNING).split(": ")[0]
        for line in stderr.splitlines()
        if line.startswith(WARNING)
    ]


def _defaults() -> Path:
    made = run("interview", "p.yaml", "--defaults", "--no-build")
    assert made.exit_code == 0, made.output
    return Path("p.yaml")


@pytest.mark.usefixtures("here")
def test_release_and_approve_warn_as_check_does() -> None:
    path = _defaults()
    checked = run("check", "p.yaml")
    assert _warned(checked.stderr) == list(EXAMPLES)
    released = run("release", "p.yaml", "-m", "First")
    assert released.exit_code == 0, released.output
    assert released.stderr == checked.stderr  # the same lines, word for word
    approved = run("approve", "p.yaml")
    assert approved.exit_code == 0, approved.output
    assert approved.stderr == checked.stderr
    for old, new in REAL.items():
        edit(path, old, new)
    # answers changed since the release: release again, then approve, now without warnings
    again = run("release", "p.yaml", "-m", "Our own name and lines")
    assert (again.exit_code, again.stderr) == (0, "")
    assert run("approve", "p.yaml").stderr == ""


@pytest.mark.usefixtures("here")
def test_final_build_refuses_example_answers_and_a_draft_build_goes_on() -> None:
    path = _defaults()
    assert run("release", "p.yaml", "-m", "First").exit_code == 0
    assert run("approve", "p.yaml").exit_code == 0  # approved, still holding the examples
    before = path.read_bytes()
    final = run("build", "p.yaml", "-f", "md", "--final")
    assert final.exit_code == 2
    assert final.stderr == (
        "policygen: error: p.yaml: organization.name: 'Example Family Services' is an example; "
        "replace it before a final build (edit the file, or policygen interview p.yaml "
        "--resume); 3 more: policygen check p.yaml lists them\n"
    )
    assert not Path("out").exists() and path.read_bytes() == before
    draft = run("build", "p.yaml", "-f", "md")
    assert draft.exit_code == 0, draft.output
    assert Path("out/p.md").exists()

    for old, new in list(REAL.items())[:-1]:
        edit(path, old, new)
    one = run("build", "p.yaml", "-f", "md", "-o", "final", "--final")
    assert one.stderr == (
        "policygen: error: p.yaml: contacts.adult_abuse_report: 'the state adult protective "
        "services line' is an example; replace it before a final build (edit the file, or "
        "policygen interview p.yaml --resume)\n"
    )
    edit(path, *list(REAL.items())[-1])
    assert run("release", "p.yaml", "-m", "Ours").exit_code == 0
    assert run("approve", "p.yaml").exit_code == 0
    built = run("build", "p.yaml", "-f", "md", "-o", "final", "--final")
    assert built.exit_code == 0, built.output
    assert "Oak Family Services" in Path("final/p.md").read_text(encoding="utf-8")


def test_every_example_default_says_so_in_its_prompt(library: Library) -> None:
    """The interview offers a default as Enter-to-keep: an example must say it is one."""
    examples = [spec for spec in library.profile if spec.placeholder]
    assert {f"{spec.group}.{spec.id}" for spec in examples} >= set(EXAMPLES)
    for spec in examples:
        assert "(replace the example)" in spec.prompt, spec.id
    [state] = [spec for spec in library.profile if spec.suggested]
    assert (state.group, state.id) == ("organization", "state")
    assert "only a suggestion" in state.prompt


@pytest.mark.usefixtures("here")
def test_defaults_warn_that_the_state_was_only_a_suggestion() -> None:
    """--defaults takes MN unseen, so it says so; a saved MN is then an answer like any other."""
    made = run("interview", "p.yaml", "--defaults", "--no-build")
    assert _warned(made.stderr) == ["organization.name", "organization.state", *list(EXAMPLES)[1:]]
    assert (
        f"{WARNING}organization.state: 'MN' is only a suggestion; check it (edit the file, or "
        "policygen interview p.yaml --resume)\n"
    ) in made.stderr
    assert "organization.state" not in run("check", "p.yaml").stderr  # Minnesota is real too


@pytest.mark.usefixtures("mini_builtin", "here")
def test_approve_refuses_answers_changed_since_the_release(answers_file: Path) -> None:
    released = run("release", "policy.yaml", "-m", "One", "--effective", "2026-12-01")
    assert released.exit_code == 0, released.output
    assert run("approve", "policy.yaml", "--date", "2026-12-01").exit_code == 0
    answers = read_answers(answers_file)
    write_answers(answers_file, replace(answers, topics={**answers.topics, "contact": "HR"}))
    before = answers_file.read_bytes()
    refused = run("approve", "policy.yaml", "--date", "2026-12-02")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "policygen: error: policy.yaml: history[0].fingerprint: answers changed since version "
        '1.0 was released; run policygen release policy.yaml --summary "..." first\n'
    )
    assert answers_file.read_bytes() == before  # the approval of December 1 stands
    assert read_answers(answers_file).history[0].approved == dt.date(2026, 12, 1)
    assert run("release", "policy.yaml", "-m", "Two", "--effective", "2026-12-02").exit_code == 0
    assert run("approve", "policy.yaml", "--date", "2026-12-02").exit_code == 0


@pytest.mark.usefixtures("mini_builtin", "here")
def test_a_release_not_yet_approved_is_not_approved_after_a_change(answers_file: Path) -> None:
    assert run("release", "policy.yaml", "-m", "One", "--effective", "2026-12-01").exit_code == 0
    answers = read_answers(answers_file)
    write_answers(answers_file, replace(answers, topics={**answers.topics, "contact": "HR"}))
    refused = run("approve", "policy.yaml", "--date", "2026-12-01")
    assert refused.exit_code == 2 and "was released; run policygen release" in refused.stderr
    assert read_answers(answers_file).history[0].approved is None


@pytest.mark.usefixtures("mini_builtin", "here")
def test_release_says_an_effective_date_was_not_given(answers_file: Path) -> None:
    """The previous version takes effect later than today: the message names no typed date."""
    later = dt.date.today() + dt.timedelta(days=40)
    first = run("release", "policy.yaml", "-m", "One", "--effective", later.isoformat())
    assert first.exit_code == 0, first.output
    before = answers_file.read_bytes()
    second = run("release", "policy.yaml", "-m", "Two")
    assert second.exit_code == 2
    assert second.stderr == (
        f"policygen: error: policy.yaml: --effective: not given, and today "
        f"({dt.date.today().isoformat()}) is before the previous release (1.0, "
        f"{later.isoformat()}); give --effective YYYY-MM-DD on or after {later.isoformat()}\n"
    )
    assert answers_file.read_bytes() == before
    typed = run("release", "policy.yaml", "-m", "Two", "--effective", "2026-01-02")
    assert typed.stderr == (
        "policygen: error: policy.yaml: --effective: 2026-01-02 is before the previous release "
        f"(1.0, {later.isoformat()})\n"
    )


@needs_git
def test_release_lists_role_and_contact_changes_as_diff_does(here: Path) -> None:
    path = _defaults()
    git(here, "init", "-q")
    assert run("release", "p.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    git(here, "add", "p.yaml")
    git(here, "commit", "-qm", "Policy 1.0")
    edit(path, "crisis: the number on the on-call list", "crisis: (612) 555-0177")
    edit(path, "hr: human resources manager", "hr: people and culture lead")
    diffed = run("diff", "p.yaml", "--rev", "HEAD", "--color", "never")
    assert "(612) 555-0177" in diffed.stdout and "people and culture lead" in diffed.stdout
    released = run("release", "p.yaml", "-m", "New crisis line", "--effective", "2026-12-05")
    assert released.exit_code == 0, released.output
    lines = released.stdout.splitlines()
    assert lines[1].startswith("Changed since 1.0 (found at commit ")
    assert lines[2:4] == [
        (
            "  - Changed: Who handles harassment complaints and discipline: human resources "
            "manager → people and culture lead"
        ),
        (
            "  - Changed: What number do staff call after hours when a client may be in danger: "
            "the number on the on-call list → (612) 555-0177"
        ),
    ]


def test_a_library_must_ask_who_approves(copy_library: Path, use_library: UseLibrary) -> None:
    """Without it no approval can be recorded, and check would have nobody to remind."""
    profile = copy_library / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    start = text.index("  - id: approved_by")
    profile.write_text(text[:start] + text[text.index("  - id: effective") :], encoding="utf-8")
    with pytest.raises(LibraryError, match="policy: needs an approved_by question"):
        load_library(base=copy_library)
    use_library(copy_library)
    result = run("clauses", "list")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "profile.yaml: policy: needs an approved_by question: who approves each version\n"
    )
    assert result.stderr.count("\n") == 1
