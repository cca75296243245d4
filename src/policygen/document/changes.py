"""What differs between two states of a policy: the model every redline format words.

``lifecycle.compare`` builds the two sides and fills it in; ``document.clause_diff`` redlines the
clauses word by word. It holds changes, not sentences: ``render.staff`` and ``render.redline``
word them from the library's ``redline.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from policygen.document.assemble import Policy

EQUAL: Final = "="
DELETE: Final = "-"
INSERT: Final = "+"

Segment = tuple[str, str]  # (EQUAL | DELETE | INSERT, text)


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

    It holds changes, not sentences: ``render.staff`` and ``render.redline`` word them with
    ``words``, the new side's library's ``redline.yaml`` (an agency folder may replace texts).
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
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # library.redline

    @property
    def identical(self) -> bool:
        """True when nothing stored and nothing in the built document differs."""
        return not self.answers and not self.clauses
