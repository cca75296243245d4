"""``check``: is an answers file valid, and does anything need someone to act?

Three kinds of answer, each with its exit code: the file is not a policy yet (bad input, exit 2);
it is valid but something needs doing, a review date, an approval, a library upgrade (exit 1);
or it is fine, perhaps with notes and warnings worth reading (exit 0). ``check_answers`` returns
them as a ``CheckReport`` of ``Finding`` objects, a kind and its facts; the command words it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from policygen.answers.applicability import problems
from policygen.answers.comments import cut_by_comment
from policygen.answers.examples import placeholders
from policygen.answers.file import Answers
from policygen.answers.fingerprint import fingerprint
from policygen.errors import AnswersError
from policygen.findings import Fact, Finding
from policygen.library.loader import Library, version_tuple
from policygen.lifecycle.migrate import plan_upgrade

REVIEW_WARNING_DAYS: Final = 30
REVIEW: Final = "policy.review_by"


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReport:
    """What ``check`` found in one answers file, as data (``cli.quality_words`` words it).

    Attributes:
        invalid: what makes the file bad input (exit 2); the other kinds are then not looked for.
        findings: what needs someone to act (exit 1): review date, approvals, library upgrade.
        warnings: example answers still to replace, values a ``#`` cut short (no effect on
            the exit code).
        notes: facts worth showing that need no action.
    """

    path: Path
    library: str
    invalid: tuple[AnswersError, ...]
    findings: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    notes: tuple[Finding, ...]

    @property
    def exit_code(self) -> int:
        """2 for bad input, 1 for findings, else 0."""
        return 2 if self.invalid else 1 if self.findings else 0


def check_answers(library: Library, answers: Answers, path: Path, today: dt.date) -> CheckReport:
    """Check ``answers`` (read from ``path``) against ``library`` as of ``today``."""
    invalid = tuple(check_problems(library, answers, path))
    return CheckReport(
        path=path,
        library=library.version,
        invalid=invalid,
        findings=() if invalid else tuple(findings(library, answers, path, today)),
        warnings=() if invalid else tuple(warnings(library, answers, path)),
        notes=tuple(notes(answers, path)),
    )


def warnings(library: Library, answers: Answers, path: Path) -> list[Finding]:
    """What is worth a look but no action (exit 0): example answers, values a ``#`` cut short.

    ``check``, ``release`` and ``approve`` all print these.
    """
    return placeholders(library, answers, path) + cut_by_comment(path)


def check_problems(library: Library, answers: Answers, path: Path) -> list[AnswersError]:
    """What makes the file bad input for ``check`` (exit 2).

    A file made with an older library is not bad input for what ``upgrade`` settles: a renamed
    option (``renamed_from``), a new question, an option no longer offered. ``check`` reports
    those as one finding, "run policygen upgrade" (exit 1), so a library upgrade does not turn
    CI red. Anything else wrong with the file is still a problem.
    """
    if version_tuple(answers.library) >= version_tuple(library.version):
        return problems(library, answers, path)
    try:
        plan = plan_upgrade(library, answers, path)
    except AnswersError:
        return problems(library, answers, path)
    settled = {*plan.missing, *(f"answers.{topic}" for topic in plan.reask)}
    return [p for p in problems(library, plan.answers, path) if p.field not in settled]


def findings(library: Library, answers: Answers, path: Path, today: dt.date) -> list[Finding]:
    """What needs someone to act (``check`` exits 1): review date, library, approvals."""
    found: list[Finding] = []
    review = answers.meta.review_by
    if review is not None:
        days = (review - today).days
        due: dict[str, Fact] = {"review_by": review.isoformat()}
        if days < 0:
            overdue = {**due, "days_overdue": -days}
            found.append(Finding(kind="review-overdue", path=path, field=REVIEW, facts=overdue))
        elif days <= REVIEW_WARNING_DAYS:
            soon = {**due, "days_left": days}
            found.append(Finding(kind="review-due", path=path, field=REVIEW, facts=soon))
    if version_tuple(answers.library) < version_tuple(library.version):
        facts = {"made_with": answers.library, "installed": library.version}
        found.append(Finding(kind="library-newer", path=path, field="library", facts=facts))
    return found + _approval_findings(answers, path)


def _approval_findings(answers: Answers, path: Path) -> list[Finding]:
    # every library asks policy.approved_by (library.profile), and a missing or empty answer
    # is invalid: so there is always an approver to name here
    named = answers.meta.approved_by
    if not answers.history:
        return []  # a draft that was never released needs no approval yet
    version = answers.meta.version
    entry = next((e for e in answers.history if e.version == version), None)
    if entry is None:
        facts: dict[str, Fact] = {"version": version}
        return [Finding(kind="not-released", path=path, field="policy.version", facts=facts)]
    given = {name.casefold() for name in entry.approved_by}
    pending = tuple(name for name in named if name.casefold() not in given)
    field = f"history[{answers.history.index(entry)}]"
    if entry.approved and entry.fingerprint and entry.fingerprint != fingerprint(answers):
        stale = Finding(
            kind="approval-stale",
            path=path,
            field=f"{field}.fingerprint",
            facts={"version": version},
        )
        return [stale]
    if not pending:
        return []
    facts = {"version": version, "pending": pending}
    return [Finding(kind="approval-pending", path=path, field=f"{field}.approved_by", facts=facts)]


def notes(answers: Answers, path: Path) -> list[Finding]:
    """Facts worth showing that need no action (the file is still valid)."""
    found = _same_contacts(answers, path)
    if not answers.history:
        return found
    last = answers.history[-1]
    approved_and_changed = last.approved and last.version == answers.meta.version
    if last.fingerprint and last.fingerprint != fingerprint(answers) and not approved_and_changed:
        field = f"history[{len(answers.history) - 1}].fingerprint"
        facts = {"version": last.version}
        found.insert(0, Finding(kind="unreleased-changes", path=path, field=field, facts=facts))
    return found


def _same_contacts(answers: Answers, path: Path) -> list[Finding]:
    """Two contacts with the same text: a review reply would send the public to the abuse line."""
    seen: dict[str, str] = {}
    found = []
    for key, value in answers.contacts.items():
        text = " ".join(str(value).split()).casefold()
        if text in seen:
            facts = {"same_as": f"contacts.{seen[text]}"}
            found.append(
                Finding(kind="same-contacts", path=path, field=f"contacts.{key}", facts=facts)
            )
        else:
            seen[text] = key
    return found
