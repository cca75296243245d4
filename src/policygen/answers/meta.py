"""The policy's own metadata, parsed once from the answers file into a typed, frozen object.

``policy:`` in the answers file is also where profile questions store their answers (owner,
approvers, dates), so the mapping stays as written; ``PolicyMeta`` is the one reading of it
that the rest of the code uses: approvers always a tuple, dates as dates, the version with its
default. The rules about those values live here once: the default version and "years after".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, TypeAlias

# What an answer may hold once the file is read: option values and text (str), yes/no (bool),
# dates, the values ticked in a checkbox (list), or nothing. Validation narrows each field.
AnswerValue: TypeAlias = str | bool | int | float | dt.date | list[str] | None

DEFAULT_VERSION: Final = "1.0"  # a policy never released yet


def years_after(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` later (28 February after a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def as_stored(value: object) -> str:
    """An answer as it reads in the answers file: ``true``, ``2026-12-01``, ``[a, b]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(as_stored(item) for item in value) + "]"
    return str(value)


def names(value: object) -> tuple[str, ...]:
    """One name or a list of names as a tuple of non-empty names."""
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list | tuple):
        return tuple(str(item).strip() for item in value if str(item).strip())
    return ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyMeta:
    """``policy:`` of an answers file, read once.

    Attributes:
        version: the current version, ``DEFAULT_VERSION`` until one is set.
        approved_by: who must approve each version (``policy.approved_by``: one name or a list).
        logo: the logo file named in the answers file, relative to it, if any.
    """

    title: str | None = None
    version: str = DEFAULT_VERSION
    owner: str | None = None
    approved_by: tuple[str, ...] = ()
    effective: dt.date | None = None
    review_by: dt.date | None = None
    logo: str | None = None

    @classmethod
    def of(cls, policy: Mapping[str, AnswerValue]) -> PolicyMeta:
        """Read the mapping as stored; values of the wrong kind read as absent."""

        def text(key: str) -> str | None:
            value = policy.get(key)
            return value.strip() or None if isinstance(value, str) else None

        def date(key: str) -> dt.date | None:
            value = policy.get(key)
            return value if isinstance(value, dt.date) else None

        version = policy.get("version")
        return cls(
            title=text("title"),
            version=str(version) if version not in (None, "") else DEFAULT_VERSION,
            owner=text("owner"),
            approved_by=names(policy.get("approved_by")),
            effective=date("effective"),
            review_by=date("review_by"),
            logo=text("logo"),
        )
