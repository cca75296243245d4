"""The organisation and policy questions asked before any topic (``profile.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from policygen.errors import LibraryError
from policygen.library.fields import Reader
from policygen.safe_yaml import load_yaml

PROFILE_TYPES: Final = ("text", "select", "confirm", "date")
POLICY_BUILTINS: Final = ("title", "version", "logo")  # policy fields that are not asked


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One choice of a profile ``select`` question."""

    value: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileField:
    """A question about the organisation (``group="organization"``) or the policy itself."""

    group: str
    id: str
    prompt: str
    help: str
    type: str
    default: Any
    choices: tuple[Choice, ...] = ()
    pattern: str | None = None
    pattern_help: str | None = None


def load_profile(path: Path) -> tuple[ProfileField, ...]:
    """Read ``profile.yaml``: the ``organization`` questions, then the ``policy`` ones."""
    reader = Reader(load_yaml(path, LibraryError), path=path, field="", error=LibraryError)
    reader.only({"organization", "policy"})
    fields: list[ProfileField] = []
    for group in ("organization", "policy"):
        for index, item in enumerate(reader.items(group)):
            sub = Reader(item, path=path, field=f"{group}[{index}]", error=LibraryError)
            sub.only(
                {"id", "prompt", "help", "type", "default", "choices", "pattern", "pattern_help"}
            )
            kind = sub.string("type")
            if kind not in PROFILE_TYPES:
                raise sub.fail(f"{kind!r} is not one of {', '.join(PROFILE_TYPES)}", "type")
            choices = tuple(
                Choice(value=c.identifier("value"), label=c.string("label", one_line=True))
                for c in (
                    Reader(x, path=path, field=sub.at("choices") + f"[{i}]", error=LibraryError)
                    for i, x in enumerate(sub.items("choices", optional=True))
                )
            )
            if kind == "select" and len(choices) < 2:
                raise sub.fail("a select needs at least two choices", "choices")
            pattern = sub.optional_string("pattern")
            if pattern is not None:
                try:
                    re.compile(pattern)
                except re.error as err:
                    raise sub.fail(f"invalid pattern: {err}", "pattern") from err
            fields.append(
                ProfileField(
                    group=group,
                    id=sub.identifier("id"),
                    prompt=sub.string("prompt", one_line=True),
                    help=sub.string("help", one_line=True),
                    type=kind,
                    default=sub.required("default"),
                    choices=choices,
                    pattern=pattern,
                    pattern_help=sub.optional_string("pattern_help"),
                )
            )
    return tuple(fields)
