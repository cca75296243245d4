"""The terminal's words for what ``release``, ``approve`` and ``upgrade`` report.

The lifecycle functions return data (``ReleaseReport``, ``Approval``, ``UpgradeReport``); the
sentences a user reads in the terminal are written here, once, so the domain never words its
results and a change of wording touches one module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from policygen.invocation import command

if TYPE_CHECKING:
    from policygen.lifecycle.migrate import Migration, Plan
    from policygen.lifecycle.release import Approval, FoundAt, NamedChange, ReleaseReport
    from policygen.lifecycle.upgrade import Filled, UpgradeReport


def release_lines(report: ReleaseReport) -> list[str]:
    """The version released, what changed since the last release, and what to do next."""
    from policygen.render.common import long_date

    result, path = report.release, report.path
    entry, last = result.entry, result.last
    review = result.answers.meta.review_by
    lines = [
        f"Released version {entry.version}, effective {long_date(entry.date)}"
        + (f" (review by {long_date(review)})." if review else ".")
    ]
    if report.dates_kept:
        lines.append(f"Dates kept from {path.name}; --effective and --review-by change them.")
    if last is None:
        lines.append(f"First release: {len(result.answers.topics)} topics answered.")
    elif report.unchanged:
        lines.append(f"No answers changed since {last.version}.")
    elif result.previous is None:
        where = found_words(result.found_at, last.version, path)
        lines.append(f"Answers changed since {last.version}; cannot list them: {where}")
    elif not report.changes:  # only stored ids changed (a renamed option): nothing for staff
        where = found_words(result.found_at, last.version, path)
        lines.append(f"No changes for staff since {last.version} ({where}).")
    else:
        where = found_words(result.found_at, last.version, path)
        lines.append(f"Changed since {last.version} (found at {where}):")
        lines += [f"  - {change_line(change)}" for change in report.changes]
    if last is not None and report.previous_library not in (None, report.library):
        lines.append(
            f"Clause library {report.previous_library} → {report.library} since {last.version}."
        )
    if not entry.approved_by:
        lines.append(f"When it is approved: {command('approve', path)}")
    lines.append(
        f'Then: git commit -m "Policy {entry.version}: {entry.summary}" {path} '
        f"&& git tag v{entry.version}"
    )
    return lines


def found_words(found: FoundAt, version: str, path: Path) -> str:
    """``commit 1a2b3c4``, ``tag v1.0``, or why release ``version`` of ``path`` was not found."""
    match found.kind:
        case "tag" | "commit":
            return f"{found.kind} {found.ref}"
        case "no-fingerprint":
            return f"no fingerprint recorded for {version} and no tag v{version}"
        case "not-in-history":
            return f"release {version} not found in the git history of {path.name}"
        case "first-release":
            return "first release"


def change_line(change: NamedChange) -> str:
    """``Changed: Who speaks for the agency: The director → The board chair``."""
    if change.kind == "removed":
        return f"Removed: {change.what}"
    if change.kind == "added":
        return f"Added: {change.what}: {change.after}"
    return f"Changed: {change.what}: {change.before} → {change.after}"


def approval_lines(approval: Approval) -> list[str]:
    """Who approved which version, and the earlier approval it replaces."""
    from policygen.render.common import long_date

    entry, earlier = approval.entry, approval.replaced
    lines = [f"Version {entry.version} approved by {', '.join(entry.approved_by)}."]
    if earlier is not None and earlier.approved is not None:
        lines.append(
            f"This replaces the approval recorded earlier: {', '.join(earlier.approved_by)}, "
            f"{long_date(earlier.approved)}."
        )
    return lines


def plan_lines(path: Path, library: str, plan: Plan) -> list[str]:
    """What ``upgrade`` is about to do: the library versions and each change made to the file."""
    return [
        f"Upgrading {path}: clause library {plan.before.library} → {library}",
        *(f"  {migration_line(change)}" for change in plan.changes),
    ]


def migration_line(change: Migration) -> str:
    """``Contact: topic removed from the library; answer removed``."""
    what, value = change.what, change.value
    match change.kind:
        case "option-renamed":
            return f"{what}: “{value}” renamed in the library; answer kept"
        case "option-gone":
            return f"{what}: an option you chose is no longer offered"
        case "topic-removed":
            return f"{what}: topic removed from the library; answer removed"
        case "not-applicable":
            return f"{what}: no longer applies; answer removed"
        case "reasked":
            return f"{what}: your answer is no longer offered; asked again"
        case "field-renamed":
            return f"{what}: {value} is now {change.renamed_to}"
        case "field-removed":
            return f"{what}: no longer asked; {value} removed"
        case "choice-gone":
            return f"{what}: {value} is no longer offered"
        case "contact-dropped":
            return f"{what}: no longer needed; {value} removed"


def filled_line(filled: Filled) -> str:
    """``Training on this policy: Every year (default)``, or ``...: kept The director``."""
    if filled.kept:
        return f"{filled.what}: kept {filled.answer}"
    return f"{filled.what}: {filled.answer} (default)"


def upgrade_lines(report: UpgradeReport, redline: str) -> list[str]:
    """After the plan: what was answered without asking, the redline, and what to do next."""
    path = report.path
    if report.up_to_date:
        return [f"{path}: already up to date with clause library {report.library}"]
    lines = []
    if report.filled is not None:
        lines.append("Answered without asking:" if report.filled else "Nothing new to answer.")
        lines += [f"  {filled_line(filled)}" for filled in report.filled]
    lines += ["", redline.removesuffix("\n")]
    if not report.previous_library:
        lines.append(
            "Both sides were built with the new library; to see its rewording too, add "
            "--previous-library DIR (the old clauses folder)."
        )
    lines.append(f"Saved {path}. Review it, commit it, then {command('release', path)}.")
    return lines
