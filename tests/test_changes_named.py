"""Changes told apart and named as a reader knows them (issue 9, items 2 and 17).

Changed, renamed, added and removed are different things for staff; every line names topics by
title and options by label, never by the ids the answers file stores. A rename that changes no
text is not a change for staff.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from policygen.answers.file import read_answers, write_answers
from tests.conftest import MakeAnswers, UseLibrary
from tests.helpers import ROOT, edit, git, needs_git, run

IDS = re.compile(r"\b(central-registry|registry|no-presence|official-accounts|comms-lead)\b")


def _bump(folder: Path) -> None:
    edit(folder / "library.yaml", "version: 2026.1.0", "version: 2026.2.0")


def _rename_without_new_words(folder: Path) -> None:
    """``central-registry`` becomes ``registry``; label and text stay the same."""
    accounts = folder / "official-accounts.yaml"
    edit(accounts, "  - value: central-registry\n", "  - value: registry\n")
    edit(accounts, "default: central-registry", "default: registry")
    edit(accounts, "    label: Only the communications lead creates accounts\n",
         "    label: Only the communications lead creates accounts\n"
         "    renamed_from: [central-registry]\n")  # fmt: skip


@needs_git
@pytest.mark.usefixtures("mini_builtin", "answers_file")
def test_release_after_a_pure_rename_lists_no_staff_change(
    here: Path, copy_library: Path, use_library: UseLibrary
) -> None:
    git(here, "init", "-q")
    assert run("release", "policy.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    git(here, "add", "policy.yaml")
    git(here, "commit", "-qm", "Policy 1.0")
    git(here, "tag", "v1.0")
    _bump(copy_library)
    _rename_without_new_words(copy_library)
    use_library(copy_library)
    assert run("upgrade", "policy.yaml", "--defaults").exit_code == 0
    result = run("release", "policy.yaml", "-m", "Library 2026.2.0", "--effective", "2027-01-15")
    assert result.exit_code == 0, result.output
    assert "Official agency accounts" not in result.stdout
    assert not IDS.search(result.stdout), result.stdout
    assert "No changes for staff" in result.stdout

    diff = run("diff", "policy.yaml", "--rev", "v1.0")
    assert not IDS.search(diff.stdout.split("Answers changed")[0]), diff.stdout
    assert "Official agency accounts" not in diff.stdout.split("Answers changed")[0]


@pytest.mark.usefixtures("here")
def test_upgrade_calls_a_dropped_option_changed_not_new(
    make_answers: MakeAnswers, copy_library: Path, use_library: UseLibrary
) -> None:
    make_answers(topics={"official-accounts": "no-presence"})
    _bump(copy_library)
    accounts = copy_library / "official-accounts.yaml"
    text = accounts.read_text()
    accounts.write_text(
        text[: text.index("  - value: no-presence")]
        + "  - value: each-team\n    label: Each team creates its own accounts\n"
        + "    text: Each team creates its own accounts.\n"
        + "    rationale: Teams know their audience.\n    sources: [nasw-code-2021]\n"
    )
    use_library(copy_library)
    saved = Path("policy.yaml").read_text()
    result = run("upgrade", "policy.yaml", "--defaults")
    assert result.exit_code == 0, result.output
    staff = result.stdout.split("What changes for staff")[1].split("Clauses changed")[0]
    assert "New: Official agency accounts" not in staff
    assert "Changed: Official agency accounts (1.1)" in staff
    assert "no-presence" not in result.stdout.split("Answers changed")[0]

    Path("policy.yaml").write_text(saved)
    result = run("upgrade", "policy.yaml", "--defaults", "--previous-library", str(_mini()))
    assert result.exit_code == 0, result.output
    staff = result.stdout.split("What changes for staff")[1].split("Clauses changed")[0]
    assert (
        "Changed: Official agency accounts (1.1): was “The agency keeps no accounts”, "
        "now “Only the communications lead creates accounts”." in staff
    )
    assert "no-presence" not in result.stdout.split("Answers changed")[0]


@pytest.mark.usefixtures("mini_builtin", "here")
def test_release_tells_added_removed_and_changed_apart(answers_file: Path) -> None:
    git(Path.cwd(), "init", "-q")
    assert run("release", "policy.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    git(Path.cwd(), "add", "policy.yaml")
    git(Path.cwd(), "commit", "-qm", "Policy 1.0")
    answers = read_answers(answers_file)
    topics = {**answers.topics, "official-accounts": "no-presence"}
    del topics["engagement-style"]
    write_answers(answers_file, replace(answers, topics=topics))
    result = run("release", "policy.yaml", "-m", "No accounts", "--effective", "2027-01-15")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        "  - Changed: Official agency accounts: Only the communications lead creates accounts "
        "→ The agency keeps no accounts" in lines
    )
    assert "  - Removed: How official accounts interact" in lines
    assert not IDS.search(result.stdout), result.stdout


def _mini() -> Path:
    from tests.helpers import MINI

    return MINI


@pytest.mark.usefixtures("mini_builtin", "here")
def test_redline_names_the_organisation_versions_and_answers_by_title(
    make_answers: MakeAnswers,
) -> None:
    make_answers(name="old.yaml")
    make_answers(
        name="new.yaml",
        policy={"version": "1.1"},
        topics={"official-accounts": "no-presence"},
    )
    result = run("diff", "old.yaml", "new.yaml", "-f", "html", "-o", "out")
    assert result.exit_code == 1, result.output
    html = next(Path("out").glob("*.html")).read_text()
    header = html.split("</header>")[0]
    assert "Example Family Services" in header
    assert "version 1.0" in header and "version 1.1" in header
    table = html.split("Answers changed")[1]
    assert "Official agency accounts" in table
    assert "The agency keeps no accounts" in table
    assert "answers.official-accounts" not in table
    assert ">no-presence<" not in table


@pytest.mark.usefixtures("here")
def test_terminal_diff_prints_no_raw_markdown() -> None:
    text = (ROOT / "examples" / "counseling-nonprofit" / "policy.yaml").read_text()
    Path("a.yaml").write_text(text)
    Path("b.yaml").write_text(re.sub(r"(?m)^  name: .*$", "  name: Riverbend Counseling", text))
    result = run("diff", "a.yaml", "b.yaml")
    assert result.exit_code == 1
    assert "Social media" in result.stdout
    assert "**" not in result.stdout
    assert "\\" not in result.stdout
