"""Redlines: ``lifecycle.compare`` and ``document.clause_diff``, ``render.redline``, ``diff``."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from policygen.answers.file import read_answers, write_answers
from policygen.answers.meta import AnswerValue
from policygen.document.changes import DELETE, EQUAL, INSERT
from policygen.document.clause_diff import redline
from policygen.library.loader import Library
from policygen.lifecycle.compare import Side, compare
from policygen.render.redline import format_markdown, format_text, marked
from policygen.render.staff import note_lines, staff_lines
from tests.conftest import MakeAnswers
from tests.helpers import git, needs_git, run

pytestmark = pytest.mark.usefixtures("mini_builtin")


def edit_answers(path: Path, **topics: AnswerValue) -> None:
    answers = read_answers(path)
    write_answers(path, replace(answers, topics={**answers.topics, **topics}))


# --- the word-level redline -----------------------------------------------------------------


def test_redline_marks_changed_words_only() -> None:
    assert redline("Ask the lead if unsure.", "Ask HR if unsure.") == (
        (EQUAL, "Ask "),
        (DELETE, "the lead "),
        (INSERT, "HR "),
        (EQUAL, "if unsure."),
    )


def test_redline_aligns_whole_lines_first() -> None:
    old = "- The director speaks.\n\nYou may speak for yourself."
    new = "- The director speaks.\n\n- The lead speaks.\n\nYou may speak for yourself."
    assert redline(old, new) == (
        (EQUAL, "- The director speaks.\n\n"),
        (INSERT, "- The lead speaks.\n\n"),
        (EQUAL, "You may speak for yourself."),
    )


def test_redline_ignores_rewrapping_and_identical_text() -> None:
    assert redline("one two\nthree", "one two\nthree") == ((EQUAL, "one two\nthree"),)
    assert all(kind == EQUAL for kind, _ in redline("one two three", "one  two three"))
    assert redline("", "New text.") == ((INSERT, "New text."),)


def test_redline_replaces_dissimilar_text_whole() -> None:
    old = "Do not send or accept requests from current or former clients."
    new = "Never connect with current clients; ask a supervisor about former ones."
    assert redline(old, new) == ((DELETE, old + " "), (INSERT, new))


def test_redline_joins_a_lone_equal_word_to_the_change_around_it() -> None:
    old = "Staff may post news and photos of events on the agency page every week."
    new = "Staff may post stories and videos of events on the agency page every week."
    assert redline(old, new) == (
        (EQUAL, "Staff may post "),
        (DELETE, "news and photos "),
        (INSERT, "stories and videos "),
        (EQUAL, "of events on the agency page every week."),
    )


def test_marks_keep_whitespace_and_list_markers_outside() -> None:
    segments = ((EQUAL, "Ask "), (DELETE, "the lead "), (INSERT, "HR\n- a new item\n"))

    def plain(kind: str, text: str) -> str:
        return f"[-{text}-]" if kind == DELETE else f"{{+{text}+}}"

    assert marked(segments, plain) == "Ask [-the lead-] {+HR+}\n- {+a new item+}\n"


# --- compare --------------------------------------------------------------------------------


def test_compare_identical_and_different(mini_library: Library, make_answers: MakeAnswers) -> None:
    old_path = make_answers(name="old.yaml")
    new_path = make_answers(name="new.yaml", topics={"contact": "Human Resources"})
    old = Side(label="old", answers=read_answers(old_path), library=mini_library, path=old_path)
    same = compare(old, old)
    assert same.identical and staff_lines(same) == ["No rule changes."]
    new = Side(label="new", answers=read_answers(new_path), library=mini_library, path=new_path)
    cmp = compare(old, new)
    assert not cmp.identical
    assert [(c.topic_id, c.kind) for c in cmp.clauses] == [("contact", "reworded")]
    assert [(a.key, a.old, a.new) for a in cmp.answers] == [
        ("answers.contact", "the communications lead", "Human Resources")
    ]
    changed = (
        "Changed: Questions about this policy (2.2): was “the communications lead”, "
        "now “Human Resources”."
    )
    assert staff_lines(cmp) == [changed]


def test_an_incomplete_side_is_built_from_what_it_has(
    mini_library: Library, make_answers: MakeAnswers
) -> None:
    old_path = make_answers(name="old.yaml", drop=["contact"])
    new_path = make_answers(name="new.yaml")
    old = Side(label="old", answers=read_answers(old_path), library=mini_library, path=old_path)
    new = Side(label="new", answers=read_answers(new_path), library=mini_library, path=new_path)
    cmp = compare(old, new)
    assert [(c.topic_id, c.kind) for c in cmp.clauses] == [("contact", "added")]
    assert note_lines(cmp) == ["old did not answer contact (shown as added)"]


def test_text_and_markdown_formats(mini_library: Library, make_answers: MakeAnswers) -> None:
    old_path = make_answers(name="old.yaml")
    new_path = make_answers(name="new.yaml", topics={"spokespersons": ["director", "comms-lead"]})
    cmp = compare(
        Side(label="old.yaml", answers=read_answers(old_path), library=mini_library, path=old_path),
        Side(label="new.yaml", answers=read_answers(new_path), library=mini_library, path=new_path),
    )
    plain = format_text(cmp, color=False)
    assert "\x1b[" not in plain
    assert "      - {+The communications lead speaks for the agency.+}" in plain
    assert "Why: Leaders speak for the agency. {+Communications staff are trained.+}" in plain
    colored = format_text(cmp, color=True)
    assert "\x1b[4;32mThe communications lead speaks for the agency.\x1b[0m" in colored
    md = format_markdown(cmp)
    assert "- <ins>The communications lead speaks for the agency.</ins>" in md
    assert (
        "| Who speaks for the agency | The director | The director; The communications lead |" in md
    )


# --- the diff command -----------------------------------------------------------------------


@pytest.mark.usefixtures("here")
def test_diff_two_files_exit_codes(make_answers: MakeAnswers) -> None:
    make_answers(name="old.yaml")
    make_answers(name="same.yaml")
    make_answers(name="new.yaml", topics={"contact": "Human Resources"})
    same = run("diff", "old.yaml", "same.yaml")
    assert same.exit_code == 0, same.output
    assert same.stdout == "Social Media Policy: old.yaml → same.yaml\nNo differences.\n"
    changed = run("diff", "old.yaml", "new.yaml")
    assert changed.exit_code == 1, changed.output
    assert changed.stdout.splitlines() == [
        "Social Media Policy: old.yaml → new.yaml",
        "",
        "What changes for staff",
        (
            "  - Changed: Questions about this policy (2.2): was “the communications lead”, "
            "now “Human Resources”."
        ),
        "",
        "Clauses changed (1)",
        "  2.2 Questions about this policy (reworded)",
        "      Ask [-the communications lead-] {+Human Resources+} if you are unsure about a post.",
        "",
        "      Why: A named contact answers questions quickly.",
        "",
        "Answers changed (1)",
        "  answers.contact: the communications lead → Human Resources",
    ]
    assert "\x1b[" in run("diff", "old.yaml", "new.yaml", "--color", "always").stdout


@pytest.mark.usefixtures("here")
def test_diff_html(make_answers: MakeAnswers) -> None:
    make_answers(name="old.yaml")
    make_answers(name="new.yaml", topics={"contact": "Human Resources"})
    html = run("diff", "old.yaml", "new.yaml", "-f", "html")
    assert html.exit_code == 1
    assert "Ask <del>the communications lead</del> <ins>Human Resources</ins> if" in html.stdout
    assert "text-decoration: line-through" in html.stdout
    assert "text-decoration: underline" in html.stdout


@pytest.mark.pdf
@pytest.mark.usefixtures("here")
def test_diff_pdf_goes_to_the_out_folder(make_answers: MakeAnswers) -> None:
    make_answers(name="old.yaml")
    make_answers(name="new.yaml", topics={"contact": "Human Resources"})
    pdf = run("diff", "old.yaml", "new.yaml", "-f", "pdf")
    assert (pdf.exit_code, pdf.stdout) == (1, "out/new-changes.pdf\n")


@pytest.mark.pdf
def test_diff_pdf_is_deterministic(here: Path, make_answers: MakeAnswers) -> None:
    from pypdf import PdfReader

    make_answers(name="old.yaml")
    make_answers(name="new.yaml", topics={"contact": "Human Resources"})
    for name in ("a", "b"):
        result = run("diff", "old.yaml", "new.yaml", "-f", "pdf", "-o", name)
        assert result.exit_code == 1, result.output
        assert result.stdout == f"{name}/new-changes.pdf\n"
    data = (here / "a" / "new-changes.pdf").read_bytes()
    assert data == (here / "b" / "new-changes.pdf").read_bytes()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "What changes for staff" in text and "Human Resources" in text


@needs_git
def test_diff_against_git_revisions(here: Path, make_answers: MakeAnswers) -> None:
    path = make_answers()
    git(here, "init", "-q")
    git(here, "add", "policy.yaml")
    git(here, "commit", "-qm", "Policy 1.0")
    git(here, "tag", "v1.0")
    edit_answers(path, spokespersons=["director", "comms-lead"])
    git(here, "commit", "-qam", "Comms lead speaks too")

    unchanged = run("diff", "policy.yaml", "--rev", "HEAD")
    assert unchanged.exit_code == 0, unchanged.output
    assert "No differences." in unchanged.stdout
    for rev in ("HEAD~1", "v1.0"):
        result = run("diff", "policy.yaml", "--rev", rev)
        assert result.exit_code == 1, result.output
        assert result.stdout.startswith(f"Social Media Policy: policy.yaml@{rev} → policy.yaml\n")
        assert "  1.3 Who speaks for the agency (reworded)" in result.stdout
    md = run("diff", "policy.yaml", "--rev", "v1.0", "--format", "md", "-o", "changes")
    assert (md.exit_code, md.stdout) == (1, "changes/policy-changes-since-v1.0.md\n")
    written = here / "changes" / "policy-changes-since-v1.0.md"
    assert "<ins>The communications lead" in written.read_text(encoding="utf-8")


@needs_git
@pytest.mark.usefixtures("here")
@pytest.mark.parametrize(
    ("rev", "message"),
    [
        ("nope", "policy.yaml: --rev: cannot read it at nope: git: fatal: "),
        ("--output=x", "policy.yaml: --rev: '--output=x' is not a git revision"),
    ],
)
def test_diff_bad_revision_is_one_line(
    here: Path, make_answers: MakeAnswers, rev: str, message: str
) -> None:
    make_answers()
    git(here, "init", "-q")
    result = run("diff", "policy.yaml", "--rev", rev)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"policygen: error: {message}")
    assert result.stderr.count("\n") == 1
    assert not (here / "x").exists()


@pytest.mark.usefixtures("here")
def test_diff_usage_errors(make_answers: MakeAnswers) -> None:
    make_answers()
    both = run("diff", "policy.yaml", "policy.yaml", "--rev", "HEAD")
    assert (both.exit_code, both.stderr) == (
        2,
        "policygen: error: diff: give either NEW or --rev REV\n",
    )
    fmt = run("diff", "policy.yaml", "policy.yaml", "-f", "odt")
    assert fmt.exit_code == 2
    assert fmt.stderr.startswith("policygen: error: --format: 'odt' is not one of 'text', 'md',")
