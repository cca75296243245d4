"""Every example line of ``check`` in docs/quality.md is what the tool prints.

Each row's example is made for real, with the built-in library, from an answers file of all
defaults changed the way the row describes; ``...`` in the docs stands for the rest of the line.
A row without a way to make it here fails, so a new row comes with its case.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import UseLibrary
from tests.helpers import ROOT, edit, run


def _rows() -> list[tuple[str, str]]:
    """(field the example names, example) for each row of the check tables."""
    docs = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    section = docs[docs.index("## `check`") : docs.index("## `coverage`")]
    examples = re.findall(r"^\|[^|]*\|[^|]*\| `([^`]+)` \|", section, flags=re.MULTILINE)
    rows = []
    for example in examples:
        words = example.removeprefix("policygen: ").removeprefix("error: ")
        words = words.removeprefix("warning: ").removeprefix("policy.yaml: ")
        rows.append((words.removeprefix("note: ").split(":")[0].split(" ")[0], example))
    return rows


def _check(*args: str) -> str:
    result = run("check", "policy.yaml", *args)
    return result.stderr + result.stdout


def _dated(path: Path) -> None:
    """Fixed dates, so the examples' days and dates come out the same every day."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"effective: \S+", "effective: 2027-01-01", text)
    path.write_text(re.sub(r"review_by: \S+", "review_by: 2028-01-01", text), encoding="utf-8")


def _released(*more: str) -> None:
    """Release 1.0 and 1.1, the second with ``more`` options."""
    assert run("release", "policy.yaml", "-m", "One", "--effective", "2027-01-01").exit_code == 0
    second = ("-m", "Two", "--effective", "2027-01-02", "--review-by", "2028-01-01", *more)
    assert run("release", "policy.yaml", *second).exit_code == 0


def _changed(path: Path) -> None:
    edit(path, "client-connections: none", "client-connections: former-with-consult")


def _newer_library(path: Path, use_library: UseLibrary) -> None:
    copy = path.parent / "newer-clauses"
    shutil.copytree(ROOT / "clauses", copy)
    edit(copy / "library.yaml", "version: 2026.12.0", "version: 2027.1.0")
    use_library(copy)
    edit(path, "library: 2026.12.0", "library: 2026.11.0")


def _not_an_option(path: Path) -> str:
    edit(path, "client-connections: none", "client-connections: sometimes")
    return _check()


def _missing(path: Path) -> str:
    edit(path, "  harassment: specific-rules\n", "")
    return _check()


def _not_asked(path: Path) -> str:
    path.write_text(path.read_text() + "  children-in-care: no-identifiable\n")
    return _check()


def _no_approver(path: Path) -> str:
    edit(path, "approved_by: Board of Directors", "approved_by: ''")
    return _check()


def _review(_: Path) -> str:
    return _check("--today", "2028-12-01") + _check("--today", "2027-12-20")


def _as_made(_: Path) -> str:
    return _check()


def _not_released(path: Path) -> str:
    assert run("release", "policy.yaml", "-m", "One", "--effective", "2027-01-01").exit_code == 0
    edit(path, "version: '1.0'\nhistory", "version: '1.1'\nhistory")
    return _check("--today", "2027-02-01")


def _approval_stale(path: Path) -> str:
    _released("--approved-by", "Board of Directors")
    _changed(path)
    return _check("--today", "2027-02-01")


def _approval_pending(_: Path) -> str:
    _released()
    return _check("--today", "2027-02-01")


def _unreleased(path: Path) -> str:
    """The note, as printed after ``ok``; the pending approval keeps it to the JSON here."""
    assert run("release", "policy.yaml", "-m", "One", "--effective", "2027-01-01").exit_code == 0
    _changed(path)
    data = json.loads(run("check", "policy.yaml", "--today", "2027-02-01", "-f", "json").stdout)
    return "".join(f"policy.yaml: note: {note}\n" for note in data["notes"])


def _same_contacts(path: Path) -> str:
    edit(path, "crisis: the number on the on-call list", "crisis: (612) 555-0177")
    edit(
        path,
        "abuse_report: the state or county child abuse hotline",
        "abuse_report: (612) 555-0177",
    )
    return _check("--today", "2027-02-01")


def _no_number(path: Path) -> str:
    edit(
        path,
        "abuse_report: the state or county child abuse hotline",
        "abuse_report: the county intake line",
    )
    return _check("--today", "2027-02-01")


def _cut_by_comment(path: Path) -> str:
    edit(
        path,
        "adult_abuse_report: the state adult protective services line",
        "adult_abuse_report: (612) 555-0100 #4",
    )
    return _check("--today", "2027-02-01")


CASES: dict[str, Callable[[Path], str]] = {
    "answers.client-connections": _not_an_option,
    "answers.harassment": _missing,
    "answers.children-in-care": _not_asked,
    "policy.approved_by": _no_approver,
    "policy.review_by": _review,
    "library": _as_made,  # with a newer library installed (below)
    "policy.version": _not_released,
    "history[1].fingerprint": _approval_stale,
    "history[1].approved_by": _approval_pending,
    "organization.name": _as_made,
    "answers": _unreleased,
    "contacts.crisis": _same_contacts,
    "contacts.abuse_report": _no_number,
    "contacts.adult_abuse_report": _cut_by_comment,
}


@pytest.mark.parametrize(("field", "example"), _rows(), ids=[row[1][:60] for row in _rows()])
def test_documented_check_example_is_printed(
    field: str, example: str, here: Path, use_library: UseLibrary
) -> None:
    assert field in CASES, f"no case makes the documented example: {example}"
    made = run("interview", "policy.yaml", "--defaults", "--no-build")
    assert made.exit_code == 0, made.output
    path = here / "policy.yaml"
    _dated(path)
    if field == "library":
        _newer_library(path, use_library)
    printed = CASES[field](path)
    pattern = ".*".join(re.escape(part) for part in example.split("..."))
    assert any(re.fullmatch(pattern, line) for line in printed.splitlines()), printed
