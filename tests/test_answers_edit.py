"""Commands that rewrite an existing answers file keep its comments, key order and layout.

Each command runs twice: on a file policygen wrote, and on the same file with notes typed into
it (full-line and end-of-line, at the top, in ``policy:``, ``history:`` and ``answers:``).
Removing exactly those notes from the second must give the first byte for byte: every note
survived on its own line, and the rest is what a fresh write makes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from policygen.answers.edit import update_text
from policygen.answers.file import HistoryEntry, read_answers, write_answers
from policygen.interview.prompts import run_interview
from policygen.library.loader import Library
from tests.conftest import MakeAnswers
from tests.helpers import TODAY, run
from tests.keys import DOWN, ENTER

HEADER = "# policygen answers file: the source of truth for the policy. Keep it in git.\n"

# (the line a note goes with, the note): a note ending in a line break goes above its line,
# any other at the end of it.
NOTES = [
    (HEADER, "# Kept in git by the communications team.\n"),
    ("policy:\n", "# Dates and versions: policygen release writes them.\n"),
    ("  owner: Executive Director", "  # changed per board 2026-11"),
    ("  title: Social Media Policy\n", "  # the board chose this title\n"),
    ("  summary: First version", "  # board minutes, p. 4"),
    ("  date: 2026-12-01\n", "  # signed at the November meeting\n"),
    ("answers:\n", "# Topic answers, reviewed with counsel.\n"),
    ("  official-accounts: central-registry", "  # changed per board 2026-11"),
    ("  spokespersons:\n", "  # only the director, after the 2025 incident\n"),
    ("  - director", "  # not the comms lead"),
]
HISTORY_NOTES = ("  summary: First version", "  date: 2026-12-01\n")
BEFORE_RELEASE = [note for note in NOTES if note[0] not in HISTORY_NOTES]


def annotate(path: Path, notes: list[tuple[str, str]]) -> Path:
    """A copy of ``path`` (``noted-...``) with the notes typed into it."""
    text = path.read_text(encoding="utf-8")
    for line, note in notes:
        assert text.count(line) == 1, f"{line!r} occurs {text.count(line)} times"
        text = text.replace(line, note + line if note.endswith("\n") else line + note)
    copy = path.with_name(f"noted-{path.name}")
    copy.write_text(text, encoding="utf-8")
    return copy


def without_notes(path: Path, notes: list[tuple[str, str]]) -> str:
    """The file's text with each note removed, failing if a note is missing or was moved."""
    text = path.read_text(encoding="utf-8")
    for line, note in notes:
        kept = note + line if note.endswith("\n") else line + note
        assert text.count(kept) == 1, f"{note!r} lost or moved from {line!r}:\n{text}"
        text = text.replace(kept, line)
    return text


def in_both(plain: Path, noted: Path, *args: str) -> None:
    """Run one command on the plain and the annotated file (``FILE`` stands for either)."""
    for path in (plain, noted):
        result = run(*(path.name if arg == "FILE" else arg for arg in args))
        assert result.exit_code == 0, result.output


@pytest.fixture
def released(answers_file: Path) -> Path:
    """The mini answers file after its first release, so its history has an entry."""
    result = run("release", answers_file.name, "-m", "First version", "--effective", "2026-12-01")
    assert result.exit_code == 0, result.output
    return answers_file


@pytest.mark.usefixtures("mini_builtin", "here")
def test_release_and_approve_keep_every_note(released: Path) -> None:
    noted = annotate(released, NOTES)
    in_both(released, noted, "release", "FILE", "-m", "Yearly review", "--effective", "2026-12-01")
    assert without_notes(noted, NOTES) == released.read_text(encoding="utf-8")
    in_both(released, noted, "approve", "FILE", "--date", "2026-12-01")
    assert without_notes(noted, NOTES) == released.read_text(encoding="utf-8")
    saved = read_answers(noted)
    assert [entry.version for entry in saved.history] == ["1.0", "1.1"]
    assert saved.history[-1].approved == dt.date(2026, 12, 1)


@pytest.mark.usefixtures("mini_builtin", "here")
def test_first_release_keeps_a_note_on_the_empty_history(answers_file: Path) -> None:
    noted = annotate(answers_file, [*BEFORE_RELEASE, ("history: []", "  # none yet")])
    args = ("release", "FILE", "-m", "First version", "--effective", "2026-12-01")
    in_both(answers_file, noted, *args)
    text = noted.read_text(encoding="utf-8")
    assert "history:  # none yet\n- version: '1.0'\n" in text  # the note stays on its key
    assert without_notes(noted, BEFORE_RELEASE).replace("history:  # none yet\n", "history:\n") == (
        answers_file.read_text(encoding="utf-8")
    )


@pytest.mark.usefixtures("mini_builtin", "here")
def test_interview_resume_with_defaults_keeps_every_note(make_answers: MakeAnswers) -> None:
    plain = make_answers(drop=["engagement-style", "employee-rights"])
    noted = annotate(plain, BEFORE_RELEASE)
    in_both(plain, noted, "interview", "FILE", "--resume", "--defaults", "--no-build")
    assert without_notes(noted, BEFORE_RELEASE) == plain.read_text(encoding="utf-8")
    assert read_answers(noted).topics["engagement-style"] == "broadcast"  # filled in, in place


def test_interview_resume_keeps_every_note(
    mini_library: Library, make_answers: MakeAnswers
) -> None:
    plain = make_answers(drop=["engagement-style", "employee-rights", "contact"])
    noted = annotate(plain, BEFORE_RELEASE)
    for path in (plain, noted):
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text(DOWN + ENTER + ENTER + ENTER + "n")  # engagement: reciprocal; save
            pipe.close()
            run_interview(mini_library, path, read_answers(path), TODAY)
    assert without_notes(noted, BEFORE_RELEASE) == plain.read_text(encoding="utf-8")
    assert read_answers(noted).topics["engagement-style"] == "reciprocal"


# --- the editor on its own: files laid out by hand ------------------------------------------

HAND_WRITTEN = """\
# Our policy answers. Edit by hand, then run policygen check.
policygen: 1
library: "2026.1.0"   # pinned until the spring review

organization:
    name: 'Example Family Services'
    type: private-nonprofit
    state: MN
    hosts_students: no   # YAML 1.1 reads "no" as false
    serves_children: false
    hipaa_covered: false

policy: {owner: Executive Director, approved_by: Board of Directors, title: Social Media Policy,
  version: '1.0', effective: 2026-12-01, review_by: 2027-12-01}

history:
    -   version: '1.0'
        date: 2026-12-01
        summary: First version
answers:
    official-accounts: central-registry
    engagement-style: broadcast
    spokespersons: [director]          # flow style, as typed
    employee-rights: private-nlra
    contact: >-
        the communications
        lead
"""


def test_a_hand_laid_file_keeps_its_layout(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    before = read_answers(path)
    entry = HistoryEntry(version="1.1", date=TODAY, summary="Yearly review")
    after = replace(
        before,
        history=(*before.history, entry),
        topics={**before.topics, "engagement-style": "reciprocal"},
    )
    write_answers(path, after)
    assert read_answers(path) == after
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN.replace(
        "    engagement-style: broadcast\n", "    engagement-style: reciprocal\n"
    ).replace(
        "        summary: First version\n",
        "        summary: First version\n"
        "    - version: '1.1'\n      date: 2026-12-01\n      summary: Yearly review\n",
    )


def test_windows_line_ends_stay(tmp_path: Path) -> None:
    text = HAND_WRITTEN.replace("\n", "\r\n")
    path = tmp_path / "policy.yaml"
    path.write_bytes(text.encode())
    answers = read_answers(path)
    write_answers(path, replace(answers, topics={**answers.topics, "contact": "HR"}))
    saved = path.read_bytes()
    assert b"# pinned until the spring review\r\n" in saved
    assert b"\n" not in saved.replace(b"\r\n", b"")
    assert read_answers(path).topics["contact"] == "HR"


@pytest.mark.parametrize(
    "typed",
    [
        "x\n  injected: 1",
        "a: b  # not a comment",
        "- item",
        "'quoted' and \"double\"",
        "line one\n\nline three",
        "#hash",
        "yes",
        "2026-13-01",
        "x" * 250,
        "{flow: map}",
    ],
)
def test_typed_text_cannot_inject_yaml(make_answers: MakeAnswers, typed: str) -> None:
    plain = make_answers()
    noted = annotate(plain, BEFORE_RELEASE)
    for path in (plain, noted):
        answers = read_answers(path)
        write_answers(
            path,
            replace(
                answers,
                organization={**answers.organization, "name": typed},
                policy={**answers.policy, "owner": typed},
                topics={**answers.topics, "contact": typed, "new-topic": typed},
            ),
        )
        assert read_answers(path).organization["name"] == typed
        assert read_answers(path).topics["new-topic"] == typed
    assert noted.read_text(encoding="utf-8").count("\n") - plain.read_text(encoding="utf-8").count(
        "\n"
    ) == sum(note.endswith("\n") for _, note in BEFORE_RELEASE)  # every full-line note kept
    kept = [note for note in BEFORE_RELEASE if "owner" not in note[0] and note[1].endswith("\n")]
    without_notes(noted, kept)
    assert "  # changed per board 2026-11" in noted.read_text(encoding="utf-8")


def test_a_file_that_turned_hostile_is_written_afresh(make_answers: MakeAnswers) -> None:
    path = make_answers()
    answers = read_answers(path)
    path.write_text(path.read_text(encoding="utf-8") + "# note\nextra: &a [*a]\n", encoding="utf-8")
    write_answers(path, answers)  # the composer never sees the alias; a fresh file replaces it
    assert path.read_text(encoding="utf-8").startswith(HEADER + "policygen: 1\n")
    assert "# note" not in path.read_text(encoding="utf-8")
    assert read_answers(path) == answers


def test_the_editor_refuses_a_root_that_is_not_a_block_mapping() -> None:
    assert update_text("{policygen: 1, library: 2026.1.0}\n", {}, {"policygen": 1}) is None


def test_unchanged_answers_change_no_byte(make_answers: MakeAnswers) -> None:
    path = annotate(make_answers(), BEFORE_RELEASE)
    before = path.read_bytes()
    write_answers(path, read_answers(path))
    assert path.read_bytes() == before


def test_long_text_folds_where_a_fresh_file_folds(make_answers: MakeAnswers) -> None:
    plain = make_answers()
    first = HistoryEntry(version="1.0", date=TODAY, summary="First version")
    write_answers(plain, replace(read_answers(plain), history=(first,)))
    noted = annotate(plain, BEFORE_RELEASE)
    long = " ".join(["ab"] * 70)  # a space every third column: any other fold point shows
    answers = read_answers(plain)
    entry = HistoryEntry(version="1.1", date=TODAY, summary=long, approved_by=(long,))
    changed = replace(
        answers,
        organization={**answers.organization, "name": long, "motto": long},
        policy={**answers.policy, "owner": long},
        history=(replace(first, approved_by=(long,)), entry),
        topics={**answers.topics, "contact": long},
    )
    write_answers(noted, changed)
    fresh = plain.with_name("fresh.yaml")
    write_answers(fresh, changed)
    assert "\n    ab ab" in fresh.read_text(encoding="utf-8")  # it does fold, nested
    edited = without_notes(noted, [note for note in BEFORE_RELEASE if "owner" not in note[0]])
    assert edited.replace("  # changed per board 2026-11", "") == fresh.read_text(encoding="utf-8")
