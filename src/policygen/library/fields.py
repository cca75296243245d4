"""Typed field access for YAML mappings, so every validation message names file and field.

Loaders in ``library.loader`` and ``answers.file`` validate by hand rather than with a schema library:
the messages stay in the user's words (``options[1].sources[0]: unknown source 'x'``) and the
import stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from policygen.errors import PolicygenError

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class Reader:
    """Reads typed fields from one mapping of one file, raising ``error`` with the field path."""

    def __init__(self, data: Any, *, path: Path, field: str, error: type[PolicygenError]) -> None:
        self.path = path
        self.field = field
        self.error = error
        if not isinstance(data, Mapping):
            raise self.fail(f"expected a mapping, found {type_name(data)}")
        self.data: Mapping[Any, Any] = data

    def at(self, key: str | int) -> str:
        """The dotted field path of ``key`` inside this mapping."""
        if isinstance(key, int):
            return f"{self.field}[{key}]"
        return f"{self.field}.{key}" if self.field else key

    def fail(self, message: str, key: str | int | None = None) -> PolicygenError:
        """An error naming this file and the field (or this mapping when ``key`` is None)."""
        field = self.field if key is None else self.at(key)
        return self.error(message, path=self.path, field=field or "(top level)")

    def child(self, key: str) -> Reader:
        """A reader for the mapping stored under ``key`` (required)."""
        return Reader(self.required(key), path=self.path, field=self.at(key), error=self.error)

    def only(self, allowed: set[str]) -> None:
        """Reject unknown keys: a typo in a key must not be silently ignored."""
        for key in self.data:
            if not isinstance(key, str) or key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(f"unknown field {key!r} (known fields: {known})", str(key))

    def required(self, key: str) -> Any:
        """The value under ``key``; missing or null is an error."""
        if key not in self.data or self.data[key] is None:
            raise self.fail("missing", key)
        return self.data[key]

    def string(self, key: str, *, default: str | None = None, one_line: bool = False) -> str:
        """A non-empty string."""
        if default is not None and self.data.get(key) is None:
            return default
        value = self.required(key)
        if not isinstance(value, str):
            hint = ""
            if isinstance(value, bool):  # YAML 1.1 reads Yes, No, On, Off as true/false
                hint = f'; write it in quotes, e.g. {key}: "{"Yes" if value else "No"}"'
            raise self.fail(f"expected text, found {type_name(value)}{hint}", key)
        if not value.strip():
            raise self.fail("must not be empty", key)
        if one_line and "\n" in value.strip():
            raise self.fail("must be a single line", key)
        return value

    def optional_string(self, key: str) -> str | None:
        """A string, or None when the key is absent."""
        if self.data.get(key) is None:
            return None
        return self.string(key)

    def identifier(self, key: str) -> str:
        """A stable id: lower-case letters, digits, hyphens or underscores."""
        value = self.string(key)
        if not ID_PATTERN.match(value):
            raise self.fail(f"{value!r} is not a valid id (use a-z, 0-9 and hyphens)", key)
        return value

    def integer(self, key: str, *, default: int | None = None) -> int:
        """An integer (booleans are not integers here)."""
        if default is not None and self.data.get(key) is None:
            return default
        value = self.required(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"expected a whole number, found {type_name(value)}", key)
        return value

    def items(self, key: str, *, optional: bool = False) -> list[Any]:
        """A list (absent is an empty list when ``optional``)."""
        if optional and self.data.get(key) is None:
            return []
        value = self.required(key)
        if not isinstance(value, list):
            raise self.fail(f"expected a list, found {type_name(value)}", key)
        return value

    def id_list(self, key: str, *, optional: bool = False) -> tuple[str, ...]:
        """A list of ids."""
        values = self.items(key, optional=optional)
        for index, value in enumerate(values):
            if not isinstance(value, str) or not ID_PATTERN.match(value):
                raise self.error(
                    f"{value!r} is not a valid id", path=self.path, field=f"{self.at(key)}[{index}]"
                )
        return tuple(values)


def type_name(value: Any) -> str:
    """A user's word for a YAML value's type."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__
