"""A finding as data: what a check found, named by a stable ``kind``, with the facts it rests on.

The domain (``lifecycle.check``, ``answers.applicability``) returns findings and never words
them: ``cli.quality_words`` writes the sentence a user reads, and ``check --format json`` gives
the kind, the facts and that sentence, so a CI job matches the kind while a person reads the
words. docs/quality.md lists every kind with its facts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

Fact = str | int | tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One thing a check found in an answers file.

    Attributes:
        kind: what was found, a stable id ("review-overdue", "approval-pending"...).
        path: the answers file.
        field: where in it, as a user would look it up ("policy.review_by").
        facts: what the words need, by name (``{"version": "1.1"}``); JSON carries them as is.
    """

    kind: str
    path: Path
    field: str
    facts: Mapping[str, Fact] = dataclasses.field(default_factory=dict)

    def text(self, name: str) -> str:
        """A fact that is one value, as text."""
        return str(self.facts[name])

    def names(self, name: str) -> tuple[str, ...]:
        """A fact that is a list of names."""
        value = self.facts[name]
        return value if isinstance(value, tuple) else (str(value),)
