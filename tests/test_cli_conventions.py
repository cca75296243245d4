"""What a new user meets at the command line (issue 9 items 5-7 and 10-15, 18; issue 10 item 11).

One meaning per flag, one line per mistake, the documented exit code, hints that work when
pasted, and an answers file that remembers the clause folders it needs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeAnswers
from tests.helpers import ROOT, edit, run

TOPIC = """\
id: mobile-devices
title: Work phones
section: staff
order: 50
question:
  prompt: May staff use personal phones for work?
  help: Personal phones mix work and private data.
  type: select
  default: work-only
options:
  - value: work-only
    label: "No"
    text: Use only a work phone for client contact.
    rationale: Work phones keep client data on agency devices.
    sources: [nasw-code-2021]
  - value: personal-ok
    label: "Yes"
    text: You may use a personal phone with the agency's app.
    rationale: The app keeps client data apart.
    sources: [nasw-code-2021]
"""


def one_line_error(stderr: str) -> str:
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith("policygen: error: "), stderr
    return stderr


# --- item 5: one meaning per flag -------------------------------------------------------------


@pytest.mark.pdf
@pytest.mark.usefixtures("mini_builtin", "here")
def test_diff_takes_several_formats_and_an_output_folder(make_answers: MakeAnswers) -> None:
    make_answers(name="old.yaml")
    make_answers(name="new.yaml", topics={"contact": "HR"})
    result = run("diff", "old.yaml", "new.yaml", "-f", "md,html,pdf", "-o", "board")
    assert result.exit_code == 1, result.output
    written = sorted(p.suffix for p in Path("board").iterdir())
    assert written == [".html", ".md", ".pdf"]


# --- item 6: hints that work when pasted ------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin", "here")
def test_hints_name_the_program_as_it_was_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [".venv/bin/policygen", "interview"])
    result = run("interview", "p.yaml", "--defaults")
    assert result.exit_code == 0, result.output
    assert "Build it any time with: .venv/bin/policygen build p.yaml" in result.stdout
    # and what comes after the interview: release, approval, check (on stderr: stdout is files)
    assert ".venv/bin/policygen release p.yaml --summary 'First version'" in result.stderr
    assert ".venv/bin/policygen approve p.yaml" in result.stderr


@pytest.mark.usefixtures("mini_builtin", "here")
def test_missing_answer_names_the_file_to_resume(make_answers: MakeAnswers) -> None:
    make_answers(drop=["contact"])
    result = run("check", "policy.yaml")
    assert "interview policy.yaml --resume" in result.stderr


# --- item 7: the answers file records its clause folders --------------------------------------


@pytest.mark.usefixtures("mini_builtin", "here")
def test_answers_file_records_and_uses_its_clause_folders() -> None:
    Path("our-clauses").mkdir()
    Path("our-clauses/mobile-devices.yaml").write_text(TOPIC)
    Path("team").mkdir()
    result = run("interview", "team/policy.yaml", "--defaults", "-L", "our-clauses")
    assert result.exit_code == 0, result.output
    saved = Path("team/policy.yaml").read_text()
    assert re.search(r"(?m)^library_folders:\n- \.\./our-clauses$", saved), saved
    built = run("build", "team/policy.yaml", "-f", "md", "-o", "out")
    assert built.exit_code == 0, built.output
    assert "Work phones" in Path("out/policy.md").read_text()
    assert run("check", "team/policy.yaml").exit_code == 0
    Path("more").mkdir()
    extra = run("build", "team/policy.yaml", "-f", "md", "-o", "out", "-L", "more")
    assert extra.exit_code == 0, extra.output  # -L adds to the recorded folders


# --- items 10-13: warnings, output folder, usage errors, exit codes ---------------------------


@pytest.mark.usefixtures("here")
def test_placeholder_name_is_warned_about() -> None:
    result = run("interview", "p.yaml", "--defaults")
    assert "Example Family Services" in result.stderr
    checked = run("check", "p.yaml")
    assert "Example Family Services' is an example" in checked.stderr
    Path("p.yaml").write_text(Path("p.yaml").read_text().replace("Example Family", "Oak Family"))
    assert "organization.name" not in run("check", "p.yaml").stderr


@pytest.mark.usefixtures("here")
def test_contact_left_at_its_stand_in_is_warned_about() -> None:
    """A new user who took the defaults learns, per contact, which line to fill in."""
    made = run("interview", "p.yaml", "--defaults")
    assert made.exit_code == 0
    warning = (
        "policygen: warning: p.yaml: contacts.crisis: 'the number on the on-call list' is an "
        "example; replace it (edit the file, or policygen interview p.yaml --resume)\n"
    )
    assert warning in made.stderr
    checked = run("check", "p.yaml", "--today", "2026-12-02")
    assert checked.exit_code == 0, checked.output  # a warning, not a finding
    assert warning in checked.stderr
    assert checked.stderr.count("\n") == checked.stderr.count("policygen: warning: ")
    edit(Path("p.yaml"), "crisis: the number on the on-call list", "crisis: (612) 555-0177")
    after = run("check", "p.yaml", "--today", "2026-12-02")
    assert after.exit_code == 0 and "contacts.crisis" not in after.stderr
    assert "contacts.abuse_report" in after.stderr  # the others are still stand-ins


@pytest.mark.usefixtures("mini_builtin", "here", "answers_file")
@pytest.mark.parametrize("target", ["afile", "/proc/policygen-test", "afile/sub"])
def test_output_folder_checked_before_typesetting(target: str) -> None:
    Path("afile").write_text("x")
    result = run("build", "policy.yaml", "-o", target)
    assert result.exit_code == 2
    assert "Typesetting" not in result.stderr
    one_line_error(result.stderr)


@pytest.mark.usefixtures("mini_builtin", "here", "answers_file")
@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["approve", "policy.yaml", "--date", "2027-02-30"], "2027-02-30 is not a real date"),
        (["check", "policy.yaml", "--today", "2027-13-01"], "2027-13-01 is not a real date"),
        (["check", "policy.yaml", "--today", "tomorrow"], "YYYY-MM-DD"),
        (["build", "policy.yaml", "--bogus"], "--bogus"),
        (["build"], "FILE"),
        (["build", "policy.yaml", "-f", "docz"], "docz"),
        (["diff", "policy.yaml", "policy.yaml", "--color", "sometimes"], "sometimes"),
        (["release", "policy.yaml"], "--summary"),
        (["nonsense"], "nonsense"),
        (["clauses", "nonsense"], "nonsense"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args: list[str], needle: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert needle in one_line_error(result.stderr)
    assert "Try '" not in result.stderr


@pytest.mark.usefixtures("mini_builtin", "here")
def test_check_bad_input_is_2_and_findings_1(make_answers: MakeAnswers) -> None:
    make_answers(topics={"official-accounts": "sometimes"}, name="bad-option.yaml")
    assert run("check", "bad-option.yaml").exit_code == 2
    path = make_answers(name="bad-date.yaml")
    edit(path, "effective: 2026-12-01", "effective: 2026-12-32")
    assert run("check", "bad-date.yaml").exit_code == 2
    make_answers(name="due.yaml")
    assert run("check", "due.yaml", "--today", "2027-11-20").exit_code == 1


def test_format_and_color_choices_are_listed_in_help() -> None:
    assert "<md|html|pdf|docx>[,...]" in run("build", "--help").stdout
    diff_help = run("diff", "--help").stdout
    assert "<auto|always|never>" in diff_help
    assert "<text|md|html|pdf|docx>[,...]" in diff_help


# --- item 14: custom folders ----------------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin", "here")
def test_source_clash_between_two_folders_names_both() -> None:
    source = "our-handbook:\n  issuer: Us\n  year: 2024\n  title: Handbook\n"
    source += "  url: https://example.org/h\n  kind: guidance\n"
    for folder in ("a", "b"):
        Path(folder).mkdir()
        Path(folder, "sources.yaml").write_text(source)
    result = run("clauses", "list", "-L", "a", "-L", "b")
    assert result.exit_code == 2
    message = one_line_error(result.stderr)
    assert "built-in" not in message
    assert "a/sources.yaml" in message


@pytest.mark.usefixtures("mini_builtin", "here")
def test_unquoted_yes_label_gets_a_hint() -> None:
    Path("ours").mkdir()
    Path("ours/mobile-devices.yaml").write_text(TOPIC.replace('label: "Yes"', "label: Yes"))
    result = run("clauses", "list", "-L", "ours")
    assert result.exit_code == 2
    assert 'label: "Yes"' in one_line_error(result.stderr)


# --- item 15: stable order --------------------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin", "here")
def test_saving_keeps_profile_then_document_order(make_answers: MakeAnswers) -> None:
    path = make_answers(drop=["engagement-style"])
    before = path.read_text().splitlines()
    assert run("interview", "policy.yaml", "--resume", "--defaults").exit_code == 0
    after = path.read_text().splitlines()
    added = [line for line in after if line not in before]
    assert added == ["  engagement-style: broadcast"]
    assert after.index(added[0]) < after.index("  spokespersons:")


# --- item 18: help, completion, version -------------------------------------------------------


def test_help_lists_commands_in_work_order() -> None:
    out = run("--help").stdout
    listed = re.findall(r"(?m)^  (\w+)  ", out.split("Commands:")[1])
    expected = ["interview", "build", "check", "release", "approve", "diff", "upgrade", "lint"]
    assert [name for name in listed if name in [*expected, "clauses", "coverage"]][:8] == expected
    assert listed[-1] == "clauses"
    assert "--install-completion" in out


def test_usage_lines_have_no_braces() -> None:
    for command in ("build", "check", "release", "approve", "upgrade", "lint", "interview"):
        assert "{" not in run(command, "--help").stdout.splitlines()[0]


@pytest.mark.parametrize(
    "command",
    [
        ("interview",),
        ("build",),
        ("check",),
        ("release",),
        ("approve",),
        ("diff",),
        ("upgrade",),
        ("lint",),
        ("coverage",),
        ("clauses", "show"),
    ],
)
def test_arguments_in_help_show_their_metavar_without_type_text(command: tuple[str, ...]) -> None:
    out = run(*command, "--help").stdout
    arguments = out.split("Arguments:")[1].split("Options:")[0]
    names = re.findall(r"(?m)^  (\S+(?: \S+)?)  ", arguments)
    assert names, arguments
    for name in names:  # "FILE...", never "FILE <list[Path]>" or "FILE <path>"
        assert re.fullmatch(r"[A-Z]+(\.\.\.)?", name), arguments
    assert "<" not in arguments and "list[" not in arguments, arguments


def test_version_names_the_clause_library() -> None:
    out = run("--version").stdout
    assert re.fullmatch(r"policygen \S+ \(clause library \d{4}\.\d+\.\d+\)\n", out), out


# --- the README's exit-code table ---------------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin", "here")
def test_readme_exit_code_table_matches_the_code(make_answers: MakeAnswers) -> None:
    table = (ROOT / "README.md").read_text().split("### Exit codes")[1].split("\n\n")[1]
    codes = {int(m[0]): m[1] for m in re.findall(r"(?m)^\| (\d+) \| (.+) \|$", table)}
    assert set(codes) == {0, 1, 2, 3, 129, 130, 143}
    make_answers()
    make_answers(name="bad.yaml", topics={"official-accounts": "sometimes"})
    Path("broken.yaml").write_text("policygen: [1\n")
    cases = {
        0: [
            ["check", "policy.yaml", "--today", "2026-12-02"],
            ["build", "policy.yaml", "-f", "md"],
        ],
        1: [["check", "policy.yaml", "--today", "2028-01-01"], ["diff", "policy.yaml", "bad.yaml"]],
        2: [
            ["check", "bad.yaml"],
            ["check", "broken.yaml"],
            ["build", "missing.yaml"],
            ["build", "policy.yaml", "-f", "docz"],
            ["check", "policy.yaml", "--today", "2027-02-30"],
            ["diff", "policy.yaml", "--rev", "v9"],
            ["release", "bad.yaml", "-m", "x"],
        ],
        3: [["build", "policy.yaml", "bad.yaml", "-f", "md", "-o", "batch"]],
    }
    assert "findings" in codes[1] and "bad input or usage" in codes[2] and "batch" in codes[3]
    for code, runs in cases.items():
        for args in runs:
            result = run(*args)
            assert result.exit_code == code, (args, result.output)
            if code == 2:
                one_line_error(result.stderr)


@pytest.mark.usefixtures("here")
def test_strict_check_fails_on_example_answers() -> None:
    """An example name passes a plain check (a warning) and fails a strict one, with no "ok"."""
    assert run("interview", "p.yaml", "--defaults", "--no-build").exit_code == 0
    plain, strict = run("check", "p.yaml"), run("check", "p.yaml", "--strict")
    assert plain.exit_code == 0 and "ok" in plain.stdout
    assert "organization.name" in strict.stderr
    assert strict.exit_code == 1 and "ok" not in strict.stdout
