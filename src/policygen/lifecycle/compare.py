"""Compare two states of a policy: which answers changed and which clauses, word by word.

A board approves words, not YAML, so the comparison works at two levels: the answers (what the
team decided, as stored in the file) and the built clauses (what staff will read), each clause
redlined word by word. Both sides are built with the same installed library unless the caller
passes the library the old side was made with. Pure: nothing is printed or written here;
``render.redline`` turns a ``Comparison`` into text, Markdown, HTML or PDF.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Final

from policygen.answers.applicability import prune, with_defaults
from policygen.answers.file import Answers, HistoryEntry
from policygen.answers.meta import as_stored
from policygen.document.assemble import Clause, Policy, assemble
from policygen.errors import PolicygenError
from policygen.library.loader import Library
from policygen.library.profile import GROUPS

MIN_SIMILARITY: Final = 0.5
SMALL_EQUAL: Final = 2
EQUAL: Final = "="
DELETE: Final = "-"
INSERT: Final = "+"
_WORD = re.compile(r"\S+\s*")

Segment = tuple[str, str]  # (EQUAL | DELETE | INSERT, text)


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


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerChange:
    """One stored value that differs; ``None`` means absent on that side."""

    key: str
    old: str | None
    new: str | None
    label: str = ""  # what a reader calls it: the topic's title, the question
    old_text: str | None = None  # the value in the words the user chose (option labels)
    new_text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClauseChange:
    """A clause added, removed or reworded, with its word-level redline."""

    topic_id: str
    number: str
    title: str
    kind: str  # "added" | "removed" | "reworded"
    old_choice: str | None
    new_choice: str | None
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class NewVersion:
    """The version the new side releases, when its number or effective date changed."""

    version: str
    effective: dt.date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SideNote:
    """A side that could not be built in full: why not, or which topics it left unanswered."""

    label: str
    error: str | None = None
    unanswered: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """Everything a reader needs to see what changed between two states of a policy.

    It holds changes, not sentences: ``render.staff`` words them for staff and in notes.
    """

    old_label: str
    new_label: str
    title: str
    answers: tuple[AnswerChange, ...]
    clauses: tuple[ClauseChange, ...]
    new_version: NewVersion | None
    notes: tuple[SideNote, ...]
    new_policy: Policy | None
    old_policy: Policy | None = None
    organization: str = ""  # the organisation's name, for the redline's header
    old_number: str = ""  # each side's policy version number, as in its answers file
    new_number: str = ""

    @property
    def identical(self) -> bool:
        """True when nothing stored and nothing in the built document differs."""
        return not self.answers and not self.clauses


def compare(old: Side, new: Side) -> Comparison:
    """Compare two sides; a side that cannot be built still shows its answer changes."""
    notes: list[SideNote] = []
    old_policy = _policy(old, notes)
    new_policy = _policy(new, notes)
    clauses: list[ClauseChange] = []
    if old_policy is not None and new_policy is not None:
        clauses = clause_changes(old_policy, new_policy)
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
        label = f"Revision history, version {change.key.removeprefix('history ')}"
    elif change.key == "library":
        label = "Clause library version"
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


def clause_changes(old: Policy, new: Policy) -> list[ClauseChange]:
    """Clauses in the new document's order, then the ones that were removed."""
    before = {clause.topic_id: clause for clause in _clauses(old)}
    after = {clause.topic_id: clause for clause in _clauses(new)}
    changes: list[ClauseChange] = []
    for topic_id, clause in after.items():
        previous = before.get(topic_id)
        if previous is None:
            changes.append(_change(clause, "added", None, clause))
        elif _body(previous) != _body(clause) or previous.title != clause.title:
            changes.append(_change(clause, "reworded", previous, clause))
    for topic_id, clause in before.items():
        if topic_id not in after:
            changes.append(_change(clause, "removed", clause, None))
    return changes


def _clauses(policy: Policy) -> Iterable[Clause]:
    for section in policy.sections:
        yield from section.clauses


def _body(clause: Clause) -> str:
    """What a reader sees of a clause: its text and its reason."""
    return f"{clause.text}\n\nWhy: {clause.rationale}"


def _change(shown: Clause, kind: str, old: Clause | None, new: Clause | None) -> ClauseChange:
    return ClauseChange(
        topic_id=shown.topic_id,
        number=shown.number,
        title=shown.title,
        kind=kind,
        old_choice=old.choice if old else None,
        new_choice=new.choice if new else None,
        segments=redline(_body(old) if old else "", _body(new) if new else ""),
    )


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """Difference as runs of equal, deleted and inserted text, whitespace kept.

    Lines (paragraphs, list items) are aligned first, then words inside the lines that
    changed, so an added list item shows as one inserted line rather than words matched
    across items. Words compare without trailing whitespace: re-wrapping is not a change.
    """
    a, b = old.strip().splitlines(keepends=True), new.strip().splitlines(keepends=True)
    lines = SequenceMatcher(lambda line: not line.strip(), a, b, False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            _add(segments, EQUAL, "".join(b[j1:j2]))
        elif tag == "replace":
            for segment in _words("".join(a[i1:i2]), "".join(b[j1:j2])):
                _add(segments, *segment)
        else:
            _add(segments, DELETE, "".join(a[i1:i2]))
            _add(segments, INSERT, "".join(b[j1:j2]))
    return tuple(segments)


def _words(old: str, new: str) -> list[Segment]:
    """Word-level difference of two changed blocks, tidied for a human reader.

    Blocks that share under half their words are shown as one deletion and one insertion,
    and one or two words left equal between changes join the change: fragments like
    "[-Do not send-] {+Never connect+} or [-accept-]" are harder to read than two sentences.
    """
    a, b = _WORD.findall(old), _WORD.findall(new)
    matcher = SequenceMatcher(None, [w.rstrip() for w in a], [w.rstrip() for w in b], False)
    if matcher.ratio() < MIN_SIMILARITY:
        return [(DELETE, _spaced(old)), (INSERT, new)]
    ops = matcher.get_opcodes()
    tidy: list[tuple[str, int, int, int, int]] = []
    for index, (op, i1, i2, j1, j2) in enumerate(ops):
        inner = 0 < index < len(ops) - 1
        tag = "replace" if op == "equal" and inner and i2 - i1 <= SMALL_EQUAL else str(op)
        if tag != "equal" and tidy and tidy[-1][0] != "equal":
            tidy[-1] = ("replace", tidy[-1][1], i2, tidy[-1][3], j2)
        else:
            tidy.append((tag, i1, i2, j1, j2))
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in tidy:
        if tag == "equal":
            text = "".join(b[j1:j2])
            last = a[i2 - 1]
            if not text[-1:].isspace():  # keep the space before words deleted at the end
                text += last[len(last.rstrip()) :]
            segments.append((EQUAL, text))
            continue
        if i2 > i1:
            deleted = "".join(a[i1:i2])
            segments.append((DELETE, _spaced(deleted) if j2 > j1 else deleted))
        if j2 > j1:
            segments.append((INSERT, "".join(b[j1:j2])))
    return segments


def _spaced(deleted: str) -> str:
    """A deletion followed by an insertion keeps a space between the two marks."""
    return deleted if deleted[-1:].isspace() else deleted + " "


def _add(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == kind:
        segments[-1] = (kind, segments[-1][1] + text)
    else:
        segments.append((kind, text))


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
    changes += _history_changes(old.history, new.history)
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
    old: tuple[HistoryEntry, ...], new: tuple[HistoryEntry, ...]
) -> list[AnswerChange]:
    before = {entry.version: _entry(entry) for entry in old}
    after = {entry.version: _entry(entry) for entry in new}
    return [
        AnswerChange(key=f"history {version}", old=before.get(version), new=after.get(version))
        for version in dict.fromkeys([*after, *before])
        if before.get(version) != after.get(version)
    ]


def _entry(entry: HistoryEntry) -> str:
    text = f"{entry.date.isoformat()}: {entry.summary}"
    if entry.approved_by:
        text += f" (approved by {', '.join(entry.approved_by)})"
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
        return "Yes" if value else "No"
    spec = next((s for s in library.profile if s.group == group and s.id == name), None)
    label = next((c.label for c in spec.choices if c.value == value), None) if spec else None
    return label or str(show_value(value))


def new_version(old: Answers, new: Answers) -> NewVersion | None:
    """The new side's version and date, when either differs from the old side's."""
    before, after = old.meta, new.meta
    if (after.version, after.effective) == (before.version, before.effective):
        return None
    return NewVersion(version=after.version, effective=after.effective)
