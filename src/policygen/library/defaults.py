"""Defaults that depend on earlier answers, declared as data.

A question's ``default`` is a plain value, or a list of ``{when, value}`` items: the first item
whose condition holds gives the default, and the last item, without ``when``, always holds. So a
county is offered "department" and "public information officer", a practice "practice" and
"practice owner", and "employees, students and volunteers" is suggested right after "yes, we
host students". The interview, ``interview --defaults`` and ``upgrade`` all ask ``Default.value``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policygen.errors import LibraryError
from policygen.library.conditions import Condition, compile_condition


@dataclass(frozen=True, slots=True)
class Default:
    """The (condition, value) pairs of one default, in order; the last always holds."""

    items: tuple[tuple[Condition | None, Any], ...]

    @property
    def fallback(self) -> Any:
        """The value when no condition holds (the last item)."""
        return self.items[-1][1]

    @property
    def candidates(self) -> tuple[Any, ...]:
        """Every value this default may give, for validation at load time."""
        return tuple(value for _, value in self.items)

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The conditions, for the loader's check of the names they read."""
        return tuple(when for when, _ in self.items if when is not None)

    def value(self, context: Mapping[str, Any]) -> Any:
        """The default for an organisation described by ``context``."""
        for when, value in self.items:
            if when is None or when.holds(context):
                return value
        return self.fallback


def parse_default(raw: Any, *, path: Path, field: str) -> Default:
    """Read a ``default:``; a list of mappings each holding ``value`` is a conditional default."""
    conditional = (
        isinstance(raw, list)
        and bool(raw)
        and all(isinstance(item, dict) and "value" in item for item in raw)
    )
    if not conditional:
        return Default(((None, raw),))
    items: list[tuple[Condition | None, Any]] = []
    for index, item in enumerate(raw):
        where = f"{field}[{index}]"
        unknown = set(item) - {"when", "value"}
        if unknown:
            raise LibraryError(f"unknown key {min(map(str, unknown))!r}", path=path, field=where)
        last = index == len(raw) - 1
        if last and "when" in item:
            raise LibraryError(
                "the last default has no 'when', so some default always applies",
                path=path,
                field=f"{where}.when",
            )
        if not last and "when" not in item:
            raise LibraryError("only the last default may leave out 'when'", path=path, field=where)
        when = None if last else compile_condition(item["when"], path=path, field=f"{where}.when")
        items.append((when, item["value"]))
    return Default(tuple(items))
