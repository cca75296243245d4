"""``when:`` conditions: compiling, evaluating in the sandbox, and the names they read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policygen.errors import LibraryError
from policygen.library.conditions import Condition, References, compile_condition

WHERE = Path("clauses/students.yaml")


def cond(source: Any) -> Condition:
    return compile_condition(source, path=WHERE, field="when")


def context(**answers: Any) -> dict[str, Any]:
    return {
        "org": {"type": "private-nonprofit", "hosts_students": True, "state": "MN"},
        "policy": {"owner": "Director"},
        "answers": answers,
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("true", True),
        ("false", False),
        (True, True),
        (False, False),
        ("org.hosts_students", True),
        ("not org.hosts_students", False),
        ("org.type == 'private-nonprofit'", True),
        ("org.type == 'public-agency'", False),
        ("org.type != 'public-agency' and org.state == 'MN'", True),
        ("org.type in ['public-agency', 'private-for-profit']", False),
        ("answers['official-accounts'] != 'no-presence'", True),
        ("answers['official-accounts'] == 'no-presence'", False),
        ("'director' in answers['spokespersons']", True),
        ("'board' in answers['spokespersons']", False),
        ("answers['students'] is none", True),
        ("policy.owner == 'Director'", True),
    ],
)
def test_holds(source: Any, expected: bool) -> None:
    ctx = context(
        **{"official-accounts": "central-registry", "spokespersons": ["director"], "students": None}
    )
    assert cond(source).holds(ctx) is expected


def test_always_needs_no_context() -> None:
    condition = cond("true")
    assert condition.always
    assert condition.holds({}) is True
    assert not cond("org.hosts_students").always


def test_condition_remembers_where_it_came_from() -> None:
    condition = compile_condition("org.hosts_students", path=WHERE, field="options[1].when")
    assert condition.source == "org.hosts_students"
    assert condition.path == WHERE
    assert condition.field == "options[1].when"


@pytest.mark.parametrize(
    ("source", "profile", "topics"),
    [
        ("true", set(), set()),
        ("org.hosts_students", {("org", "hosts_students")}, set()),
        ("org['state'] == 'MN'", {("org", "state")}, set()),
        (
            "org.type == 'public-agency' or policy.owner == 'x'",
            {("org", "type"), ("policy", "owner")},
            set(),
        ),
        ("answers['official-accounts'] != 'no-presence'", set(), {"official-accounts"}),
        (
            "answers['a'] == 'x' and answers['b'] and org.hosts_students",
            {("org", "hosts_students")},
            {"a", "b"},
        ),
        ("answers.contact", set(), {"contact"}),
    ],
)
def test_references(source: str, profile: set[tuple[str, str]], topics: set[str]) -> None:
    assert cond(source).refs == References(profile=frozenset(profile), topics=frozenset(topics))


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("org.hosts_students ==", "invalid condition"),
        ("org.hosts_students )", "invalid condition"),
        ("{{ org.name }}", "invalid condition"),
        ("hosts_students", "unknown name 'hosts_students'"),
        ("range(10) | list", "unknown name 'range'"),
        ("answers[org.type]", "quoted topic id"),
        ("", "expected a condition expression"),
        ("   ", "expected a condition expression"),
        (3, "expected a condition expression"),
        (None, "expected a condition expression"),
        (["org.x"], "expected a condition expression"),
        ("org.hosts_students\nand true", "single line"),
        ("'{0.__class__}'.format(org)", "calling a function or method is not allowed"),
        ("org.name.center(999999999)", "calling a function or method is not allowed"),
        ("org.name | format(org)", "the 'format' filter is not allowed"),
        ("(" * 2000 + "org.x" + ")" * 2000, "nested too deeply"),
    ],
)
def test_compile_errors_name_file_and_field(source: Any, words: str) -> None:
    with pytest.raises(LibraryError) as info:
        cond(source)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{WHERE}: when: ")
    assert words in message


def test_compile_does_not_evaluate() -> None:
    # Compiling reads no context: a name unknown at evaluation time is not touched yet.
    condition = cond("org.name == 'x'")
    assert condition.refs.profile == frozenset({("org", "name")})


@pytest.mark.parametrize(
    "source",
    [
        "org.type > 3",  # comparing text with a number
        "org.missing == 'x'",  # strict undefined
        "org.__class__.__mro__",  # sandbox refuses private attributes
        "org.state ** 2",  # arithmetic works on numbers only (BoundedSandbox)
        "9 ** 999999",  # and never makes a huge number
    ],
)
def test_evaluation_errors_become_library_errors(source: str) -> None:
    with pytest.raises(LibraryError) as info:
        cond(source).holds(context())
    message = str(info.value)
    assert message.startswith(f"{WHERE}: when: condition failed")
    assert "\n" not in message
