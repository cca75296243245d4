"""The command line through typer's CliRunner, with the mini library as the built-in one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import Result

from policygen import __version__
from policygen.cli.app import app
from policygen.library.loader import Library
from tests.conftest import MakeAnswers
from tests.helpers import MINI, edit, run

pytestmark = pytest.mark.usefixtures("mini_builtin")


def command_paths() -> Iterator[list[str]]:
    """Every command and group of the app, found by walking it (typer vendors its own click)."""

    def walk(command: Any, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


def listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def assert_one_line_error(result: Result, start: str) -> None:
    """Exit 2, one line on stderr naming the problem, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"policygen: error: {start}"), result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- version and help -----------------------------------------------------------------------


def test_version(library: Library) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"policygen {__version__} (clause library {library.version})\n"


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "policygen")
def test_help_on_every_command(path: list[str]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")
    assert " ".join(["policygen", *path]) in result.stdout.splitlines()[0]
    assert result.stderr == ""


def test_every_documented_command_exists() -> None:
    paths = {" ".join(path) for path in command_paths()}
    assert {"build", "check", "interview", "clauses", "clauses list", "clauses show"} <= paths


def test_no_arguments_shows_help() -> None:
    result = run()
    assert "Usage: " in result.output
    assert "build" in result.output and "check" in result.output


def test_unknown_command_is_a_usage_error() -> None:
    result = run("bild", "policy.yaml")
    assert result.exit_code == 2
    assert "No such command" in result.stderr
    assert "Traceback" not in result.output


# --- build ----------------------------------------------------------------------------------


def test_build_markdown_and_html(here: Path, answers_file: Path) -> None:
    result = run("build", answers_file.name, "-f", "md,html", "-o", "dist")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(Path("dist") / "policy.md"),
        str(Path("dist") / "policy.html"),
    ]
    markdown = (here / "dist" / "policy.md").read_text(encoding="utf-8")
    assert markdown.startswith("**DRAFT: not approved yet.**")
    assert "\n# Social Media Policy\n" in markdown
    assert "**Example Family Services**" in markdown
    assert "### 1.3 Who speaks for the agency" in markdown
    html = (here / "dist" / "policy.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert listing(here / "dist") == {"policy.md", "policy.html"}


def test_build_names_outputs_after_the_answers_file(here: Path, make_answers: MakeAnswers) -> None:
    make_answers(name="northside.yaml", organization={"name": "Northside"})
    result = run("build", "northside.yaml", "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{Path('out') / 'northside.md'}\n"  # default output folder
    assert "Northside" in (here / "out" / "northside.md").read_text(encoding="utf-8")


def test_build_is_repeatable(here: Path, answers_file: Path) -> None:
    assert run("build", answers_file.name, "-f", "md,html", "-o", "a").exit_code == 0
    assert run("build", answers_file.name, "-f", "md,html", "-o", "b").exit_code == 0
    for name in ("policy.md", "policy.html"):
        assert (here / "a" / name).read_bytes() == (here / "b" / name).read_bytes()


def test_build_with_library_overlay(here: Path, answers_file: Path) -> None:
    ours = here / "ours"
    ours.mkdir()
    text = (MINI / "contact.yaml").read_text(encoding="utf-8")
    (ours / "contact.yaml").write_text(text.replace("Ask {{ answer }}", "Call {{ answer }}"))
    result = run("build", answers_file.name, "-f", "md", "-o", "out", "--library", "ours")
    assert result.exit_code == 0, result.output
    markdown = (here / "out" / "policy.md").read_text(encoding="utf-8")
    assert "Call the communications lead if you are unsure" in markdown


@pytest.mark.pdf
def test_build_all_three_formats(here: Path, answers_file: Path) -> None:
    result = run("build", answers_file.name, "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(Path("out") / f"policy.{ext}") for ext in ("md", "html", "pdf")
    ]
    assert "Typesetting the PDF" in result.stderr
    assert (here / "out" / "policy.pdf").read_bytes().startswith(b"%PDF-")
    assert listing(here / "out") == {"policy.md", "policy.html", "policy.pdf"}


# --- check ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("here")
def test_check_valid_file(answers_file: Path) -> None:
    result = run("check", answers_file.name)
    assert result.exit_code == 0, result.output
    assert result.stdout == "policy.yaml: ok (clause library 2026.1.0)\n"
    assert result.stderr == ""


@pytest.mark.usefixtures("here")
def test_check_lists_every_problem_and_exits_2(make_answers: MakeAnswers) -> None:
    make_answers(
        topics={"official-accounts": "sometimes", "spokespersons": "director"}, drop=["contact"]
    )
    result = run("check", "policy.yaml")
    assert result.exit_code == 2, result.output  # bad input, not a finding
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        (
            "policygen: error: policy.yaml: answers.official-accounts: 'sometimes' is not one "
            "of central-registry, no-presence"
        ),
        (
            "policygen: error: policy.yaml: answers.spokespersons: expected a non-empty list "
            "of director, comms-lead"
        ),
        (
            "policygen: error: policy.yaml: answers.contact: missing (run policygen interview "
            "policy.yaml --resume)"
        ),
    ]
    assert "Traceback" not in result.output


def test_check_unreadable_file_is_exit_2(here: Path) -> None:
    (here / "policy.yaml").write_text("policygen: [1\n", encoding="utf-8")
    assert_one_line_error(run("check", "policy.yaml"), "policy.yaml: line 2, column 1: ")


# --- clauses list / show --------------------------------------------------------------------


def test_clauses_list() -> None:
    result = run("clauses", "list")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("test library 2026.1.0: 6 topics\n")
    assert out.index("Organization and accounts") < out.index("Staff and personal accounts")
    positions = [out.index(f"  {t} ") for t in ("official-accounts", "spokespersons", "contact")]
    assert positions == sorted(positions)
    assert "select: central-registry, no-presence" in out
    assert "checkbox: director, comms-lead" in out
    assert "confirm: yes, no  [when org.hosts_students]" in out
    assert "text: free text" in out


def test_clauses_list_with_overlay(here: Path) -> None:
    ours = here / "ours"
    ours.mkdir()
    text = (MINI / "contact.yaml").read_text(encoding="utf-8").replace("contact", "helpdesk")
    (ours / "helpdesk.yaml").write_text(text, encoding="utf-8")
    result = run("clauses", "list", "-L", "ours")
    assert result.exit_code == 0, result.output
    assert "7 topics" in result.stdout
    assert "  helpdesk " in result.stdout


def test_clauses_show() -> None:
    result = run("clauses", "show", "spokespersons")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("spokespersons: Who speaks for the agency\n")
    assert "ask: Who may speak for the agency?" in out
    assert "type: checkbox, default: director" in out
    assert "[director] The director" in out
    assert "[comms-lead] The communications lead" in out
    assert "why: Communications staff are trained." in out
    assert "sources: nasw-code-2021 (National Association of Social Workers, 2021)" in out
    assert "Always included:" in out
    assert "sources: nlra-section-7 (United States Congress, 1935)" in out


def test_clauses_show_condition_and_text_topic() -> None:
    students = run("clauses", "show", "students").stdout
    assert "when: org.hosts_students" in students
    assert "[yes] Yes" in students and "[no] No" in students
    contact = run("clauses", "show", "contact").stdout
    assert "Ask {{ answer }} if you are unsure about a post." in contact


def test_clauses_show_unknown_topic() -> None:
    result = run("clauses", "show", "nope")
    assert_one_line_error(result, "ID: unknown topic 'nope' (policygen clauses list shows every")


# --- bad input: one line, exit 2, nothing written -------------------------------------------


BAD_ANSWERS = {
    "malformed-yaml": (
        "organization: {name: X\n",
        "policy.yaml: line 2, column 1: ",
    ),
    "not-a-mapping": ("- a\n- b\n", "policy.yaml: (top level): expected a mapping"),
    "empty-file": ("", "policy.yaml: (top level): expected a mapping, found nothing"),
    "alias": ("a: &x 1\nb: *x\n", "policy.yaml: line 2, column 4: anchors and aliases"),
    "impossible-date": (
        "policygen: 1\nlibrary: 2026.1.0\npolicy: {effective: 2026-02-30}\n",
        "policy.yaml: line 3, column 21: '2026-02-30' is not a valid date",
    ),
}


@pytest.mark.parametrize("content", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_build_unreadable_answers(here: Path, content: tuple[str, str]) -> None:
    text, message = content
    (here / "policy.yaml").write_text(text, encoding="utf-8")
    before = listing(here)
    assert_one_line_error(run("build", "policy.yaml", "-f", "md,html", "-o", "out"), message)
    assert listing(here) == before


def test_build_missing_file(here: Path) -> None:
    result = run("build", "nope.yaml", "-f", "md", "-o", "out")
    assert_one_line_error(result, "nope.yaml: file not found")
    assert listing(here) == set()


def test_build_answers_file_is_a_folder(here: Path) -> None:
    (here / "policy.yaml").mkdir()
    assert_one_line_error(run("build", "policy.yaml", "-f", "md"), "policy.yaml: not a regular")


def test_build_binary_answers_file(here: Path) -> None:
    (here / "policy.yaml").write_bytes(b"\xff\xfe\x00\x01")
    assert_one_line_error(run("build", "policy.yaml", "-f", "md"), "policy.yaml: binary file")


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        ({"client-photos": "never"}, "policy.yaml: answers.client-photos: unknown topic"),
        (
            {"official-accounts": "sometimes"},
            "policy.yaml: answers.official-accounts: 'sometimes' is not one of",
        ),
        ({"contact": ["HR"]}, "policy.yaml: answers.contact: expected text, found a list"),
        ({"students": True}, "policy.yaml: answers.students: not asked"),
    ],
)
def test_build_invalid_answers(
    here: Path, make_answers: MakeAnswers, topics: dict[str, object], message: str
) -> None:
    make_answers(topics=topics)
    before = listing(here)
    assert_one_line_error(run("build", "policy.yaml", "-f", "md,html", "-o", "out"), message)
    assert listing(here) == before


def test_build_unknown_format(here: Path, answers_file: Path) -> None:
    result = run("build", answers_file.name, "-f", "md,odt", "-o", "out")
    assert_one_line_error(
        result,
        "--format: 'odt' is not one of 'md', 'html', 'pdf', 'docx' (see policygen build --help)",
    )
    assert not (here / "out").exists()


def test_build_output_folder_is_a_file(here: Path, answers_file: Path) -> None:
    (here / "out").write_text("keep me", encoding="utf-8")
    result = run("build", answers_file.name, "-f", "md,html", "-o", "out")
    assert_one_line_error(result, "out: output folder is a file")
    assert (here / "out").read_text(encoding="utf-8") == "keep me"
    assert listing(here) == {"out", "policy.yaml"}


def test_build_blocked_output_file_writes_nothing(here: Path, answers_file: Path) -> None:
    (here / "out" / "policy.html").mkdir(parents=True)
    result = run("build", answers_file.name, "-f", "md,html", "-o", "out")
    assert_one_line_error(result, "out/policy.html: a folder is in the way")
    assert listing(here / "out") == {"policy.html"}


def test_build_with_a_broken_library_overlay(here: Path, answers_file: Path) -> None:
    ours = here / "ours"
    ours.mkdir()
    text = (MINI / "contact.yaml").read_text(encoding="utf-8")
    (ours / "contact.yaml").write_text(text.replace("Ask {{ answer }}", "Ask {{ answer }"))
    result = run("build", answers_file.name, "-f", "md", "-o", "out", "-L", "ours")
    assert_one_line_error(result, "ours/contact.yaml: text: template error")
    assert not (here / "out").exists()


def test_build_with_a_clause_failing_at_build_time(
    here: Path, answers_file: Path, copy_library: Path
) -> None:
    edit(
        copy_library / "official-accounts.yaml",
        "accounts for {{ org.name }}.",
        "accounts for {{ org.name.__class__.__mro__ }}.",
    )
    ours = here / "ours"
    ours.mkdir()
    (copy_library / "official-accounts.yaml").rename(ours / "official-accounts.yaml")
    result = run("build", answers_file.name, "-f", "md,html", "-o", "out", "-L", "ours")
    assert_one_line_error(result, "ours/official-accounts.yaml: options[0].text: unsafe")
    assert not (here / "out").exists()


def test_failed_build_keeps_earlier_outputs(here: Path, make_answers: MakeAnswers) -> None:
    make_answers()
    assert run("build", "policy.yaml", "-f", "md", "-o", "out").exit_code == 0
    before = (here / "out" / "policy.md").read_bytes()
    make_answers(topics={"official-accounts": "sometimes"})
    assert run("build", "policy.yaml", "-f", "md", "-o", "out").exit_code == 2
    assert (here / "out" / "policy.md").read_bytes() == before
    assert listing(here / "out") == {"policy.md"}


def test_error_names_absolute_paths_outside_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = tmp_path / "work"
    inside.mkdir()
    monkeypatch.chdir(inside)
    missing = tmp_path / "elsewhere" / "policy.yaml"
    assert_one_line_error(run("build", str(missing), "-f", "md"), f"{missing}: file not found")


@pytest.mark.parametrize(
    ("tty", "no_color", "expected"),
    [(True, False, True), (True, True, False), (False, False, False)],
    ids=["terminal", "terminal-NO_COLOR", "pipe"],
)
def test_colour_follows_the_terminal_and_no_color(
    monkeypatch: pytest.MonkeyPatch, tty: bool, no_color: bool, expected: bool
) -> None:
    import sys

    from policygen.cli.options import terminal_color

    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    assert terminal_color() is expected
