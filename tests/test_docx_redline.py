"""The Word redline: every change a tracked insertion or deletion, read back from the XML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from policygen.answers.file import HistoryEntry, read_answers, write_answers
from policygen.document.changes import DELETE, EQUAL, INSERT, Comparison
from policygen.library.loader import Library
from policygen.lifecycle.compare import Side, compare
from policygen.render.markdown import render_markdown
from policygen.render.word import policy_docx, redline_docx
from tests.conftest import MakeAnswers
from tests.docx_reader import Para, W, normal, paragraphs, parts, xml
from tests.helpers import run

RELEASED = dt.date(2027, 1, 15)
_CITATIONS = re.compile(r"^\[[\d, ]+\]$")


def release(path: Path, version: str, day: dt.date, summary: str) -> None:
    """What ``policygen release`` records: a new version, its dates and a history entry."""
    answers = read_answers(path)
    policy = {**answers.policy, "version": version, "effective": day}
    entry = HistoryEntry(version=version, date=day, summary=summary)
    write_answers(
        path, dataclasses.replace(answers, policy=policy, history=(*answers.history, entry))
    )


@pytest.fixture
def sides(make_answers: MakeAnswers) -> tuple[Path, Path]:
    old = make_answers(name="old.yaml", organization={"hosts_students": True})
    new = make_answers(
        name="new.yaml",
        organization={"hosts_students": False},  # the students clause goes
        topics={
            "contact": "Human Resources",  # a word changes
            "spokespersons": ["director", "comms-lead"],  # a list item and a reason are added
            "engagement-style": "reciprocal",  # a sentence is rewritten
        },
    )
    release(new, "1.1", RELEASED, "Two-way accounts.")
    return old, new


@pytest.fixture
def cmp(mini_library: Library, sides: tuple[Path, Path]) -> Comparison:
    old, new = sides
    return compare(
        Side(label="old.yaml", answers=read_answers(old), library=mini_library, path=old),
        Side(label="new.yaml", answers=read_answers(new), library=mini_library, path=new),
    )


@pytest.fixture
def redline(cmp: Comparison) -> bytes:
    return redline_docx(cmp)


def regions(data: bytes) -> dict[str, list[Para]]:
    """Each clause's paragraphs (heading first), keyed by the heading as either side reads it."""
    found: dict[str, list[Para]] = {}
    current: list[Para] | None = None
    for para in paragraphs(data):
        if para.style.startswith("Heading"):
            current = None
        if para.style == "Heading2":
            current = found.setdefault(normal(para.new) or normal(para.old), [])
        if current is not None:
            current.append(para)
    return found


def tracked(paras: list[Para]) -> list[tuple[str, str]]:
    """The body's tracked changes in order, neighbours of one kind joined, citations left out."""
    out: list[tuple[str, str]] = []
    for para in paras[1:]:
        changes = [(k, t) for k, t in para.changes if not _CITATIONS.match(normal(t))]
        for index, (kind, text) in enumerate(changes):
            if out and out[-1][0] == kind:
                out[-1] = (kind, out[-1][1] + (" " if index == 0 else "") + text)
            else:
                out.append((kind, text))
    pieces = [(kind, normal(text)) for kind, text in out]
    return [(kind, text) for kind, text in pieces if text]


def expected(segments: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The clause redline's own insertions and deletions, as a reader sees their words."""
    kinds = {INSERT: "ins", DELETE: "del"}
    out: list[tuple[str, str]] = []
    for kind, text in segments:
        if kind == EQUAL:
            continue
        words = normal(re.sub(r"(?m)^\s*(?:[-*+]|\d+[.)])\s+", "", text))
        if out and out[-1][0] == kinds[kind]:
            out[-1] = (kinds[kind], normal(out[-1][1] + " " + words))
        else:
            out.append((kinds[kind], words))
    return out


def body(data: bytes, view: str) -> list[str]:
    return [
        normal(p.text) for p in paragraphs(data, view=view) if not p.in_field and normal(p.text)
    ]


# --- the clause changes are the word-level redline ---------------------------------------------


def test_every_clause_change_is_tracked_as_the_redline_says(
    cmp: Comparison, redline: bytes
) -> None:
    assert sorted((c.topic_id, c.kind) for c in cmp.clauses) == [
        ("contact", "reworded"),
        ("engagement-style", "reworded"),
        ("spokespersons", "reworded"),
        ("students", "removed"),
    ]
    found = regions(redline)
    for change in cmp.clauses:
        region = found[f"{change.number} {change.title}"]
        assert tracked(region) == expected(change.segments), change.topic_id


def test_a_word_change_reads_as_in_every_other_format(redline: bytes) -> None:
    region = regions(redline)["2.2 Questions about this policy"]
    assert tracked(region) == [("del", "the communications lead"), ("ins", "Human Resources")]
    assert normal(region[1].new) == "Ask Human Resources if you are unsure about a post."
    assert normal(region[1].old) == "Ask the communications lead if you are unsure about a post."


def test_a_removed_clause_is_deleted_where_it_stood(redline: bytes) -> None:
    headings = [(p.old, p.new) for p in paragraphs(redline) if p.style == "Heading2"]
    students = next(i for i, (old, _) in enumerate(headings) if "Students and interns" in old)
    assert headings[students][1] == ""  # gone once accepted
    assert "Your rights" in headings[students - 1][1]  # it stood after 2.1, as in the old file
    assert all(kind == "del" for kind, _ in regions(redline)[headings[students][0]][1].changes)


def test_the_check_fails_on_a_planted_difference(cmp: Comparison) -> None:
    change = next(c for c in cmp.clauses if c.topic_id == "contact")
    planted = tuple(
        (kind, "the whole team" if kind == DELETE else text) for kind, text in change.segments
    )
    assert expected(planted) != expected(change.segments)
    region = regions(redline_docx(cmp))[f"{change.number} {change.title}"]
    assert tracked(region) != expected(planted)


# --- the whole document ---------------------------------------------------------------------


def test_accepting_every_change_gives_the_new_version(cmp: Comparison, redline: bytes) -> None:
    assert cmp.new_policy is not None
    new = policy_docx(cmp.new_policy, render_markdown(cmp.new_policy))
    assert body(redline, "new") == body(new, "all")


def test_rejecting_every_change_gives_the_old_version(cmp: Comparison, redline: bytes) -> None:
    assert cmp.old_policy is not None
    old = policy_docx(cmp.old_policy, render_markdown(cmp.old_policy))
    assert body(redline, "old") == body(old, "all")


def test_title_block_and_history_changes_are_tracked(redline: bytes) -> None:
    changes = [(kind, normal(text)) for p in paragraphs(redline) for kind, text in p.changes]
    assert ("del", "1.0") in changes and ("ins", "1.1") in changes
    assert ("ins", "January 15, 2027") in changes
    # The old file had no history: its sentence is deleted, the new table inserted row by row.
    assert ("del", "No revisions recorded yet.") in changes
    inserted_rows = xml(redline).findall(f".//{W}tr/{W}trPr/{W}ins")
    assert len(inserted_rows) == 2  # the header and the 1.1 entry


def test_changes_are_signed_and_dated_by_the_release(redline: bytes) -> None:
    root = xml(redline)
    marks = [*root.iter(f"{W}ins"), *root.iter(f"{W}del")]
    assert len(marks) > 10
    assert {m.get(f"{W}author") for m in marks} == {"policygen"}
    assert {m.get(f"{W}date") for m in marks} == {"2027-01-15T00:00:00Z"}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))
    assert b"<w:trackRevisions/>" in parts(redline)["word/settings.xml"]


def test_identical_versions_track_nothing(mini_library: Library, sides: tuple[Path, Path]) -> None:
    old, _ = sides
    side = Side(label="old.yaml", answers=read_answers(old), library=mini_library, path=old)
    data = redline_docx(compare(side, side))
    assert not list(xml(data).iter(f"{W}ins")) and not list(xml(data).iter(f"{W}del"))


def test_the_redline_is_deterministic(cmp: Comparison, redline: bytes) -> None:
    assert redline_docx(cmp) == redline


# --- the command ------------------------------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin", "sides")
def test_diff_writes_the_word_redline(here: Path) -> None:
    result = run("diff", "old.yaml", "new.yaml", "-f", "docx", "-o", "counsel")
    assert result.exit_code == 1, result.stderr  # 1: the versions differ
    assert result.stdout == "counsel/new-changes.docx\n"  # -o is a folder, as for build
    assert ("ins", "Human Resources") in [
        c
        for p in paragraphs((here / "counsel" / "new-changes.docx").read_bytes())
        for c in p.changes
    ]
    default = run("diff", "old.yaml", "new.yaml", "-f", "docx")  # a Word file goes to out/
    assert (default.exit_code, default.stdout) == (1, "out/new-changes.docx\n")
