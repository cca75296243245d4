"""One answer judged against its question: text, names, profile fields and topic values.

``answers.file`` reads the file's shape and ``answers.applicability`` the whole file against a
library; both, and the interview, judge single values here, so each rule is written once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Final

from policygen.library.fields import type_name
from policygen.library.loader import Topic
from policygen.library.profile import ProfileField
from policygen.library.states import CODE, State, state_problem

MAX_TEXT: Final = 300
# Policy fields that may hold a list of names as well as one name (several approvers).
LIST_FIELDS: Final = frozenset({"approved_by"})


def check_profile_value(
    spec: ProfileField, value: Any, states: Mapping[str, State] | None = None
) -> str | None:
    """Why a profile value is wrong, or None when it is fine; it is tidied first ("nc" is NC).

    ``states`` lists the known state codes for a ``state`` question; without it any two
    capital letters pass.
    """
    value = spec.normalized(value)
    if value is None:
        return "missing (run policygen interview --resume)"
    if spec.type == "confirm":
        return (
            None if isinstance(value, bool) else f"expected true or false, found {type_name(value)}"
        )
    if spec.type == "date":
        return None if isinstance(value, dt.date) else "expected a date like 2026-12-01"
    if not isinstance(value, str):
        return f"expected text, found {type_name(value)}"
    if spec.type == "select":
        values = [choice.value for choice in spec.choices]
        return None if value in values else f"{value!r} is not one of {', '.join(values)}"
    problem = check_text(value, spec.pattern, spec.pattern_help)
    if problem or spec.type != "state":
        return problem
    if states:
        return state_problem(value, states)
    return None if CODE.match(value) else state_problem(value, {})


def check_field(
    spec: ProfileField, value: Any, states: Mapping[str, State] | None = None
) -> str | None:
    """Why a profile or policy value is wrong (a list of approvers allowed), or None."""
    if spec.group == "policy" and spec.id in LIST_FIELDS and isinstance(value, list):
        return check_names(spec.normalized(value))
    return check_profile_value(spec, value, states)


def check_names(value: list[Any]) -> str | None:
    """Why a list of names (approvers) is wrong, or None when it is fine."""
    if not value:
        return "name at least one approver"
    for index, item in enumerate(value):
        problem = (
            check_text(item) if isinstance(item, str) else f"expected text, found {type_name(item)}"
        )
        if problem:
            return f"item {index + 1}: {problem}"
    return None


def check_text(
    value: str, pattern: str | None = None, pattern_help: str | None = None
) -> str | None:
    """Free text must be one non-empty line of reasonable length (and match its pattern)."""
    if not value.strip():
        return "must not be empty"
    if "\n" in value or "\r" in value:
        return "must be a single line"
    if value != value.strip():
        return "must not start or end with spaces"
    if len(value) > MAX_TEXT:
        return f"longer than {MAX_TEXT} characters"
    if any(ord(ch) < 32 and ch != "\t" for ch in value):
        return "contains control characters"
    if pattern and not re.match(pattern, value):
        return f"{value!r} does not match the expected form ({pattern_help or pattern})"
    return None


def check_topic_value(topic: Topic, value: Any, context: Mapping[str, Any]) -> str | None:
    """Why a topic answer is wrong for this organisation, or None when it is fine."""
    offered = [option.value for option in topic.available(context)]
    listed = ", ".join(str(v) for v in offered)
    if topic.type == "text":
        return (
            check_text(value)
            if isinstance(value, str)
            else f"expected text, found {type_name(value)}"
        )
    if topic.type == "confirm":
        return (
            None if isinstance(value, bool) else f"expected true or false, found {type_name(value)}"
        )
    if topic.type == "checkbox":
        if not isinstance(value, list) or not value:
            return f"expected a non-empty list of {listed}"
        for item in value:
            if item not in offered or isinstance(item, bool):
                return f"{item!r} is not one of {listed}"
        return "lists an option twice" if len(set(value)) != len(value) else None
    if not isinstance(value, str) or value not in offered:
        return f"{value!r} is not one of {listed}"
    return None
