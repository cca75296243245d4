"""The policy's life after the first draft: releases, approvals and review reminders.

A release bumps ``policy.version``, dates it, and appends a history entry that records the
clause library version and a fingerprint of the answers. The fingerprint is why the previous
release can be found again without any tagging discipline: ``previous_answers`` walks the git
history of the file and takes the newest revision whose answers hash to that fingerprint (a
tag ``v1.0`` is tried first for entries written by hand). Outside git, the fingerprint still
tells whether anything changed since the last release. Pure except for reading git, and for
``release_file`` and ``approve_file``, which read and write the answers file for the commands
and return what happened as a report (data, not sentences: the CLI words it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, Literal

from policygen.answers.applicability import problems, review_years
from policygen.answers.file import Answers, HistoryEntry, check_text, read_answers, write_answers
from policygen.answers.fingerprint import fingerprint
from policygen.answers.meta import years_after
from policygen.errors import AnswersError
from policygen.invocation import command
from policygen.library.loader import Library
from policygen.library.profile import GROUPS

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?$")


@dataclass(frozen=True, slots=True)
class FoundAt:
    """Where the previous release's answers were found in git, or why they were not.

    Attributes:
        kind: ``tag`` or ``commit`` (found); ``no-fingerprint`` (the entry has no fingerprint
            and no tag matched), ``not-in-history`` (no revision hashes to it), or
            ``first-release`` (there is no previous release).
        ref: the tag, or the commit's short hash, when found.
    """

    kind: Literal["tag", "commit", "no-fingerprint", "not-in-history", "first-release"]
    ref: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """The outcome of ``release``: new answers, the entry added, and what changed since.

    Attributes:
        previous: the answers at the previous release, when they could be found.
        found_at: where they were found (a commit, a tag), or why not.
    """

    answers: Answers
    entry: HistoryEntry
    last: HistoryEntry | None
    previous: Answers | None
    found_at: FoundAt


def next_version(current: str, *, major: bool, path: Path) -> str:
    """``1.4`` → ``1.5`` (minor) or ``2.0`` (major); a third part is dropped."""
    match = _VERSION.match(current.strip())
    if not match:
        raise AnswersError(
            f"cannot bump version {current!r}; write it as 1.0 or 1.0.0", path=path, field="version"
        )
    first, second = int(match.group(1)), int(match.group(2))
    return f"{first + 1}.0" if major else f"{first}.{second + 1}"


def release(
    library: Library,
    answers: Answers,
    path: Path,
    *,
    summary: str,
    effective: dt.date | None,
    today: dt.date | None = None,
    review_by: dt.date | None = None,
    major: bool = False,
    approved_by: Sequence[str] = (),
    approved_on: dt.date | None = None,
) -> Release:
    """Record a new version: bump, date, set the review date, append to the history.

    The first release records the version already in the file (``1.0`` by default) rather
    than bumping it, and keeps the effective and review dates typed in the interview unless
    ``effective`` or ``review_by`` is given: the board may have approved "effective January 1".
    Later releases take effect on ``effective`` or ``today``. The answers must describe a
    complete policy for ``library``.
    """
    found = problems(library, answers, path)
    if found:
        raise found[0]
    problem = check_text(summary.strip())  # the shell may add a trailing newline or space
    if problem:
        raise AnswersError(f"summary {problem}", path=path, field="--summary")
    last = answers.history[-1] if answers.history else None
    typed = effective is not None
    keep = last is None and effective is None and answers.meta.effective is not None
    if effective is None:
        effective = answers.meta.effective if keep and answers.meta.effective else None
    effective = effective or today or dt.date.today()
    if keep and review_by is None and answers.meta.review_by is not None:
        review_by = answers.meta.review_by if answers.meta.review_by > effective else None
    current = answers.meta.version
    version = next_version(last.version, major=major, path=path) if last else current
    if any(entry.version == version for entry in answers.history):
        raise AnswersError(f"version {version} is already in the history", path=path)
    if last and effective < last.date:
        since = f"the previous release ({last.version}, {last.date.isoformat()})"
        message = (
            f"{effective.isoformat()} is before {since}"
            if typed  # a date nobody typed is not named as if someone had
            else f"not given, and today ({effective.isoformat()}) is before {since}; give "
            f"--effective YYYY-MM-DD on or after {last.date.isoformat()}"
        )
        raise AnswersError(message, path=path, field="--effective")
    spec = next((f for f in library.profile if f.group == "policy" and f.id == "review_by"), None)
    years = review_years(spec, answers.topics) if spec is not None else 1
    review = review_by or years_after(effective, years)
    if review <= effective:
        raise AnswersError("must be after the effective date", path=path, field="--review-by")
    entry = HistoryEntry(
        version=version,
        date=effective,
        summary=summary.strip(),
        library=library.version,
        fingerprint=fingerprint(answers),
        approved_by=tuple(approved_by),
        approved=(approved_on or effective) if approved_by else None,
    )
    policy = {**answers.policy, "version": version, "effective": effective, "review_by": review}
    new = replace(answers, policy=policy, history=(*answers.history, entry))
    previous, found_at = previous_answers(path, last) if last else (None, FoundAt("first-release"))
    return Release(answers=new, entry=entry, last=last, previous=previous, found_at=found_at)


def previous_answers(path: Path, last: HistoryEntry) -> tuple[Answers | None, FoundAt]:
    """The answers file as it was at release ``last``, searched in git; or why not found."""
    from policygen.lifecycle import gitrev

    for tag in (f"v{last.version}", last.version):
        try:
            answers = gitrev.read_at(path, tag)
        except AnswersError:
            continue
        if last.fingerprint is None or fingerprint(answers) == last.fingerprint:
            return answers, FoundAt("tag", tag)
    if last.fingerprint is None:
        return None, FoundAt("no-fingerprint")
    for commit in gitrev.revisions(path):
        try:
            answers = gitrev.read_at(path, commit)
        except AnswersError:
            continue
        if fingerprint(answers) == last.fingerprint:
            return answers, FoundAt("commit", commit[:7])
    return None, FoundAt("not-in-history")


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedChange:
    """One answer that differs between two releases, named as the interview asked it.

    Attributes:
        what: the topic's title, or the profile question (organisation, role, contact, policy).
        before: the old answer in labels (None for an added topic).
        after: the new answer in labels (None for a removed topic).
        field: where it is stored, as ``diff`` names it (``answers.harassment``,
            ``contacts.crisis``).
    """

    kind: Literal["changed", "added", "removed"]
    what: str
    before: str | None = None
    after: str | None = None
    field: str = ""


# Set by every release itself: a change of these is the release, not a change since the last.
_RELEASE_FIELDS: Final = frozenset({"policy.version", "policy.effective", "policy.review_by"})


def changed_topics(library: Library, previous: Answers, current: Answers) -> list[NamedChange]:
    """Topics and profile answers whose value differs, in the interview's terms.

    The profile is every group ``diff`` reports (organisation, roles, contacts, policy), so a
    new crisis line is listed as ``diff`` lists it; the version and dates a release sets are not.
    """
    from policygen.lifecycle.compare import answer_changes, describe
    from policygen.lifecycle.migrate import plan_upgrade

    # the previous answers in today's library: a renamed option is the same answer
    previous = plan_upgrade(library, previous, Path("previous")).migrated
    found = []
    for change in answer_changes(library, previous, current):
        group, _, name = change.key.partition(".")
        if group not in ("answers", *GROUPS) or change.key in _RELEASE_FIELDS:
            continue
        before = describe(library, previous, change.key) if change.old is not None else None
        after = describe(library, current, change.key) if change.new is not None else None
        if group != "answers":
            spec = library.profile_field(group, name)
            what = spec.prompt.split("?")[0].split("(")[0].strip() if spec else change.key
            kind: Literal["changed", "added", "removed"] = (
                "removed" if after is None else "added" if before is None else "changed"
            )
            found.append(
                NamedChange(kind=kind, what=what, before=before, after=after, field=change.key)
            )
            continue
        topic = library.topic(name)
        title = topic.title if topic else name.replace("-", " ").capitalize()
        kind = "removed" if change.new is None else "added" if change.old is None else "changed"
        found.append(
            NamedChange(kind=kind, what=title, before=before, after=after, field=change.key)
        )
    return found


def approve(
    answers: Answers, path: Path, *, by: Sequence[str], on: dt.date, today: dt.date
) -> Answers:
    """Record who approved the current version (default: every approver the policy names).

    Only the approvers ``policy.approved_by`` names can approve (spelled as it spells them),
    and not on a day still to come: the title block prints both as fact. The answers must be
    those released (the entry's fingerprint): an approval of other answers is refused.
    """
    if on > today:
        raise AnswersError(
            f"{on.isoformat()} is in the future; record an approval once it is given",
            path=path,
            field="--date",
        )
    version = answers.meta.version
    last = answers.history[-1] if answers.history else None
    if last is None or last.version != version:
        raise AnswersError(
            f"version {version} has not been released; "
            f'run {command("release", path)} --summary "..." first',
            path=path,
            field="policy.version",
        )
    if last.fingerprint and last.fingerprint != fingerprint(answers):
        # an approval vouches for the answers released: these are not them, and an earlier
        # approval of the version must not be replaced as if it covered them
        raise AnswersError(
            f"answers changed since version {version} was released; "
            f'run {command("release", path)} --summary "..." first',
            path=path,
            field=f"history[{len(answers.history) - 1}].fingerprint",
        )
    names = [name.strip() for name in by] or list(answers.meta.approved_by)
    if not names:
        raise AnswersError("no approver named; pass --by NAME", path=path, field="--by")
    for name in names:
        problem = check_text(name)
        if problem:
            raise AnswersError(f"{name!r}: {problem}", path=path, field="--by")
    named = {name.casefold(): name for name in answers.meta.approved_by}
    strangers = [name for name in names if name.casefold() not in named]
    if strangers:
        listed = ", ".join(answers.meta.approved_by) or "nobody"
        raise AnswersError(
            f"{', '.join(strangers)} not in policy.approved_by ({listed}); "
            "add them there first if they must approve",
            path=path,
            field="--by",
        )
    names = [named[name.casefold()] for name in names]
    merged = tuple(dict.fromkeys([*last.approved_by, *names]))
    entry = replace(last, approved_by=merged, approved=on)
    return replace(answers, history=(*answers.history[:-1], entry))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseReport:
    """What ``release_file`` did, for the command to print.

    Attributes:
        release: the new answers (saved), the entry added, the previous release and where
            its answers were found.
        dates_kept: a first release kept the effective and review dates typed in the interview.
        changes: the answers changed since the previous release, when its answers were found.
        library: the clause library version now, and the one of the previous release.
    """

    path: Path
    release: Release
    dates_kept: bool
    changes: tuple[NamedChange, ...]
    library: str
    previous_library: str | None

    @property
    def unchanged(self) -> bool:
        """True when the answers are the same as at the previous release."""
        last = self.release.last
        return last is not None and last.fingerprint == self.release.entry.fingerprint


def release_file(
    library: Library,
    path: Path,
    *,
    summary: str,
    effective: dt.date | None,
    review_by: dt.date | None,
    major: bool,
    approved_by: Sequence[str],
    today: dt.date,
) -> ReleaseReport:
    """Release the answers file at ``path`` (see ``release``), save it, and list what changed."""
    answers = read_answers(path)
    result = release(
        library,
        answers,
        path,
        summary=summary,
        effective=effective,
        today=today,
        review_by=review_by,
        major=major,
        approved_by=approved_by,
        approved_on=today,
    )
    write_answers(path, result.answers)
    last = result.last
    changes: list[NamedChange] = []
    if (
        last is not None
        and result.previous is not None
        and last.fingerprint != result.entry.fingerprint
    ):
        changes = changed_topics(library, result.previous, result.answers)
    return ReleaseReport(
        path=path,
        release=result,
        dates_kept=last is None and effective is None and answers.meta.effective is not None,
        changes=tuple(changes),
        library=library.version,
        previous_library=last.library if last is not None else None,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Approval:
    """What ``approve_file`` recorded: the entry now, and the approval it replaced, if any."""

    entry: HistoryEntry
    replaced: HistoryEntry | None


def approve_file(path: Path, *, by: Sequence[str], on: dt.date, today: dt.date) -> Approval:
    """Record an approval of the current version in the answers file at ``path`` (``approve``)."""
    before = read_answers(path)
    answers = approve(before, path, by=by, on=on, today=today)
    write_answers(path, answers)
    earlier = before.history[-1]
    return Approval(
        entry=answers.history[-1], replaced=earlier if earlier.approved is not None else None
    )
