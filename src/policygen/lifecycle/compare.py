"""Compare two states of a policy: build each side, then set their answers and clauses side by side.

A board approves words, not YAML, so the comparison works at two levels: the answers (what the
team decided, as stored in the file) and the built clauses (what staff will read, redlined by
``document.clause_diff``). Both sides are built with the same installed library unless the
caller passes the library the old side was made with. Pure: nothing is printed or written here;
the result is a ``document.changes.Comparison``, which ``render.redline`` turns into text,
Markdown, HTML, PDF or Word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from policygen.answers.applicability import prune, with_defaults
from policygen.answers.file import Answers, HistoryEntry
from policygen.answers.meta import as_stored
from policygen.document.assemble import Policy, assemble
from policygen.document.changes import AnswerChange, ClauseChange, Comparison, NewVersion, SideNote
from policygen.document.clause_diff import clause_changes
from policygen.errors import PolicygenError
from policygen.library.loader import Library
from policygen.library.profile import GROUPS
from policygen.library.prose import fill


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    """One state being compared: answers, the library to build them with, and a display name.

    Attributes:
        migrated: the answers to build with, when they differ from those stored (an older
            file with renamed option values applied); ``answers`` is what is compared.
    """

    label: str
    answers: Answers
    library: Library
    path: Path
    migrated: Answers | None = None


def compare(old: Side, new: Side) -> Comparison:
    """Compare two sides; a side that cannot be built still shows its answer changes."""
    notes: list[SideNote] = []
    old_policy = _policy(old, notes)
    new_policy = _policy(new, notes)
    clauses: list[ClauseChange] = []
    if old_policy is not None and new_policy is not None:
        clauses = clause_changes(old_policy, new_policy, why=new.library.redline["labels"]["why"])
    title = new_policy.title if new_policy else old_policy.title if old_policy else "Policy"
    return Comparison(
        old_label=old.label,
        new_label=new.label,
        title=title,
        answers=tuple(
            _worded(new.library, old.answers, new.answers, change)
            for change in answer_changes(new.library, old.answers, new.answers)
        ),
        clauses=tuple(clauses),
        new_version=new_version(old.answers, new.answers),
        notes=tuple(notes),
        new_policy=new_policy,
        old_policy=old_policy,
        organization=str(
            new.answers.organization.get("name") or old.answers.organization.get("name") or ""
        ),
        old_number=str(old.answers.policy.get("version") or ""),
        new_number=str(new.answers.policy.get("version") or ""),
        words=new.library.redline,
    )


def _worded(library: Library, old: Answers, new: Answers, change: AnswerChange) -> AnswerChange:
    """An answer change with the names a reader knows: title or question, option labels."""
    group, _, name = change.key.partition(".")
    label = change.key
    if group == "answers":
        topic = library.topic(name)
        label = topic.title if topic is not None else name.replace("-", " ").capitalize()
    elif group in GROUPS:
        spec = library.profile_field(group, name)
        if spec is not None:
            label = spec.prompt.split("?")[0].split("(")[0].strip()
    elif change.key.startswith("history "):
        version = change.key.removeprefix("history ")
        label = fill(library.redline["labels"]["history"], version=version)
    elif change.key == "library":
        label = library.redline["labels"]["library"]
    if group not in ("answers", *GROUPS):
        return replace(change, label=label, old_text=change.old, new_text=change.new)
    return replace(
        change,
        label=label,
        old_text=None if change.old is None else describe(library, old, change.key),
        new_text=None if change.new is None else describe(library, new, change.key),
    )


def _policy(side: Side, notes: list[SideNote]) -> Policy | None:
    """Build a side; if some answers are missing or invalid, build the rest and say so.

    Missing answers are filled with defaults only so the document can be assembled; their
    clauses are then left out, so a topic the old side never answered shows as added.
    """
    answers = side.migrated or side.answers
    try:
        return assemble(side.library, answers, side.path)
    except PolicygenError:
        pass
    try:
        kept, _ = prune(side.library, answers)
        known = {k: v for k, v in kept.topics.items() if side.library.topic(k) is not None}
        kept = replace(kept, topics=known)
        filled, added = with_defaults(side.library, kept, _day(side.answers))
        policy = assemble(side.library, filled, side.path)
    except PolicygenError as err:
        notes.append(SideNote(label=side.label, error=str(err)))
        return None
    hidden = {key.partition(".")[2] for key in added if key.startswith("answers.")}
    if hidden:
        notes.append(SideNote(label=side.label, unanswered=tuple(sorted(hidden))))
    sections = tuple(
        replace(s, clauses=tuple(c for c in s.clauses if c.topic_id not in hidden))
        for s in policy.sections
    )
    return replace(policy, sections=sections)


def _day(answers: Answers) -> dt.date:
    return answers.meta.effective or dt.date(2000, 1, 1)


def answer_changes(library: Library, old: Answers, new: Answers) -> list[AnswerChange]:
    """Every stored value that differs, keyed as in the answers file."""
    changes: list[AnswerChange] = []
    if old.library != new.library:
        changes.append(AnswerChange(key="library", old=old.library, new=new.library))
    for group in GROUPS:
        changes += _mapping_changes(group, old.group(group), new.group(group))
    order = [topic.id for topic in library.topics]
    keys = sorted(
        set(old.topics) | set(new.topics),
        key=lambda k: (order.index(k) if k in order else len(order), k),
    )
    changes += _mapping_changes("answers", old.topics, new.topics, keys)
    changes += _history_changes(old.history, new.history, library.redline["labels"]["approved_by"])
    return changes


def _mapping_changes(
    group: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    keys: Iterable[str] | None = None,
) -> list[AnswerChange]:
    keys = list(keys) if keys is not None else list(dict.fromkeys([*new, *old]))
    return [
        AnswerChange(
            key=f"{group}.{key}", old=show_value(old.get(key)), new=show_value(new.get(key))
        )
        for key in keys
        if show_value(old.get(key)) != show_value(new.get(key))
    ]


def _history_changes(
    old: tuple[HistoryEntry, ...], new: tuple[HistoryEntry, ...], approved_by: str
) -> list[AnswerChange]:
    before = {entry.version: _entry(entry, approved_by) for entry in old}
    after = {entry.version: _entry(entry, approved_by) for entry in new}
    return [
        AnswerChange(key=f"history {version}", old=before.get(version), new=after.get(version))
        for version in dict.fromkeys([*after, *before])
        if before.get(version) != after.get(version)
    ]


def _entry(entry: HistoryEntry, approved_by: str) -> str:
    """A history entry as one line; ``approved_by`` words its approvers ("(approved by {names})")."""
    text = f"{entry.date.isoformat()}: {entry.summary}"
    if entry.approved_by:
        text += " " + fill(approved_by, names=", ".join(entry.approved_by))
    return text


def show_value(value: Any) -> str | None:
    """A stored value as one line of text, as it reads in the answers file; None when absent."""
    return None if value is None else as_stored(value)


def describe(library: Library, answers: Answers, key: str) -> str:
    """An answer in the words the user saw: option labels rather than stored values."""
    group, _, name = key.partition(".")
    if group == "answers":
        value = answers.topics.get(name)
        topic = library.topic(name)
        chosen = value if isinstance(value, list) else [value]
        labels = [o.label for o in topic.options if o.value in chosen] if topic else []
        return "; ".join(labels) if labels else str(show_value(value))
    value = answers.group(group).get(name)
    if isinstance(value, bool):
        return library.redline["labels"]["yes" if value else "no"]
    spec = next((s for s in library.profile if s.group == group and s.id == name), None)
    label = next((c.label for c in spec.choices if c.value == value), None) if spec else None
    return label or str(show_value(value))


def new_version(old: Answers, new: Answers) -> NewVersion | None:
    """The new side's version and date, when either differs from the old side's."""
    before, after = old.meta, new.meta
    if (after.version, after.effective) == (before.version, before.effective):
        return None
    return NewVersion(version=after.version, effective=after.effective)
