"""The answers file: round trip, atomic write, validation against the library, defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygen.answers.applicability import (
    applicable,
    placed,
    placed_all,
    problems,
    prune,
    with_defaults,
)
from policygen.answers.file import Answers, HistoryEntry, read_answers, to_data, write_answers
from policygen.errors import AnswersError
from policygen.library.loader import Library
from tests.conftest import MakeAnswers
from tests.helpers import TODAY, mini_answers

ORG = {
    "name": "Northside Family Services",
    "type": "private-nonprofit",
    "state": "MN",
    "hosts_students": True,
    "serves_children": False,
    "hipaa_covered": True,
}


def full_answers(library: Library) -> Answers:
    """Answers that use every kind of value: dates, lists, booleans, text, history."""
    answers = mini_answers(
        library,
        organization=ORG,
        policy={"owner": "Clinical Director", "version": "2.1"},
        topics={"spokespersons": ["director", "comms-lead"], "students": False},
    )
    history = (
        HistoryEntry(version="1.0", date=dt.date(2025, 1, 15), summary="First version"),
        HistoryEntry(version="2.1", date=dt.date(2026, 11, 2), summary="Added students"),
    )
    return replace(answers, history=history)


# --- read / write ---------------------------------------------------------------------------


def test_round_trip_is_identity(tmp_path: Path, mini_library: Library) -> None:
    answers = full_answers(mini_library)
    path = tmp_path / "policy.yaml"
    write_answers(path, answers)
    again = read_answers(path)
    assert to_data(again) == to_data(answers)
    assert again.policy["effective"] == TODAY
    assert again.topics["students"] is False
    # Writing what was read gives the same bytes: diffs in git stay empty.
    before = path.read_bytes()
    write_answers(path, again)
    assert path.read_bytes() == before


def test_written_file_is_readable_yaml_with_stable_order(
    tmp_path: Path, mini_library: Library
) -> None:
    path = tmp_path / "policy.yaml"
    write_answers(path, full_answers(mini_library))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# policygen answers file")
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["policygen", "library", "organization", "policy", "history", "answers"]
    assert "version: '2.1'" in text  # quoted, so it stays text
    assert "effective: 2026-12-01" in text


one_line = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=one_line, contact=one_line)
def test_round_trip_keeps_any_typed_text(
    tmp_path: Path, mini_library: Library, name: str, contact: str
) -> None:
    answers = mini_answers(mini_library, organization={"name": name}, topics={"contact": contact})
    path = tmp_path / "typed.yaml"
    write_answers(path, answers)
    again = read_answers(path)
    assert again.organization["name"] == name
    assert again.topics["contact"] == contact
    assert to_data(again) == to_data(answers)


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path, mini_library: Library) -> None:
    path = tmp_path / "policy.yaml"
    write_answers(path, full_answers(mini_library))
    write_answers(path, mini_answers(mini_library))
    assert [p.name for p in tmp_path.iterdir()] == ["policy.yaml"]


def test_failed_write_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, mini_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "policy.yaml"
    write_answers(path, mini_answers(mini_library))
    before = path.read_bytes()

    def refuse(*_: Any) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(AnswersError) as info:
        write_answers(path, full_answers(mini_library))
    assert "No space left on device" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["policy.yaml"]


def test_write_creates_missing_folders(tmp_path: Path, mini_library: Library) -> None:
    path = tmp_path / "a" / "b" / "policy.yaml"
    write_answers(path, mini_answers(mini_library))
    assert read_answers(path).library == mini_library.version


def test_write_into_a_file_instead_of_a_folder(tmp_path: Path, mini_library: Library) -> None:
    (tmp_path / "blocker").write_text("x", encoding="utf-8")
    with pytest.raises(AnswersError, match="output folder is a file"):
        write_answers(tmp_path / "blocker" / "policy.yaml", mini_answers(mini_library))


# --- read errors: the shape of the file -----------------------------------------------------

VALID = """\
policygen: 1
library: 2026.1.0
organization: {name: X, type: private-nonprofit, state: MN}
policy: {owner: Y, effective: 2026-12-01, review_by: 2027-12-01}
answers: {}
"""


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("policygen: 1", "policygen: 2", "policygen", "format 2 is not supported"),
        ("policygen: 1", "policygen: '1'", "policygen", "whole number"),
        ("library: 2026.1.0", "library: latest", "library", "library version"),
        ("answers: {}", "answers: {}\ncolour: blue", "colour", "unknown field"),
        ("answers: {}", "answers: [a, b]", "answers", "expected a mapping"),
        ("effective: 2026-12-01", "effective: next week", "policy.effective", "expected a date"),
        (
            "effective: 2026-12-01",
            "effective: 2026-13-01",
            "line 4, column 31",
            "'2026-13-01' is not a valid date",
        ),
        ("review_by: 2027-12-01", "review_by: 20271201", "policy.review_by", "expected a date"),
        (
            "answers: {}",
            "history: [{version: 1.0, date: 2026-01-01, summary: First}]\nanswers: {}",
            "history[0].version",
            "in quotes",
        ),
        (
            "answers: {}",
            "history: [{version: '1.0', date: soon, summary: First}]\nanswers: {}",
            "history[0].date",
            "expected a date",
        ),
        ("answers: {}", "answers: {1: x}", "answers.1", "keys must be text"),
        (
            "library: 2026.1.0",
            "library: 2026.1.0: x",
            "line 2, column 18",
            "mapping values are not allowed",
        ),
        ("answers: {}", "answers: {a: 1\n", "line 7, column 1", "expected ',' or '}'"),
    ],
)
def test_read_errors_name_the_field(
    tmp_path: Path, old: str, new: str, field: str, words: str
) -> None:
    path = tmp_path / "policy.yaml"
    assert VALID.count(old) == 1
    path.write_text(VALID.replace(old, new), encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    message = str(info.value)
    assert "\n" not in message
    assert f"policy.yaml: {field}" in message
    assert words in message


def test_valid_text_reads(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(VALID, encoding="utf-8")
    answers = read_answers(path)
    assert answers.policy["effective"] == dt.date(2026, 12, 1)
    assert answers.topics == {}


def test_date_written_as_text_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(VALID.replace("effective: 2026-12-01", "effective: '2026-12-01'"), "utf-8")
    assert read_answers(path).policy["effective"] == dt.date(2026, 12, 1)


def test_missing_answers_file(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="file not found"):
        read_answers(tmp_path / "nope.yaml")


def test_answers_file_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="not a regular file"):
        read_answers(tmp_path)


# --- problems(): complete and allowed for this library --------------------------------------


def problem_fields(library: Library, answers: Answers) -> dict[str, str]:
    found = problems(library, answers, Path("policy.yaml"))
    for problem in found:
        assert "\n" not in str(problem)
        assert str(problem).startswith("policy.yaml: ")
    return {problem.field: problem.message for problem in found}


def test_defaults_have_no_problems(mini_library: Library) -> None:
    assert problem_fields(mini_library, mini_answers(mini_library)) == {}
    assert problem_fields(mini_library, full_answers(mini_library)) == {}


@pytest.mark.parametrize(
    ("organization", "topics", "field", "words"),
    [
        ({}, {"colour": "blue"}, "answers.colour", "unknown topic"),
        (
            {},
            {"official-accounts": ["central-registry"]},
            "answers.official-accounts",
            "not one of",
        ),
        ({}, {"official-accounts": "sometimes"}, "answers.official-accounts", "not one of"),
        ({}, {"official-accounts": True}, "answers.official-accounts", "not one of"),
        ({}, {"spokespersons": "director"}, "answers.spokespersons", "non-empty list"),
        ({}, {"spokespersons": []}, "answers.spokespersons", "non-empty list"),
        ({}, {"spokespersons": ["director", "board"]}, "answers.spokespersons", "'board'"),
        (
            {},
            {"spokespersons": ["director", "director"]},
            "answers.spokespersons",
            "lists an option twice",
        ),
        ({"hosts_students": True}, {"students": "yes"}, "answers.students", "true or false"),
        ({"hosts_students": True}, {"students": 1}, "answers.students", "true or false"),
        ({}, {"contact": 42}, "answers.contact", "expected text"),
        ({}, {"contact": ["HR"]}, "answers.contact", "expected text"),
        ({}, {"contact": "  "}, "answers.contact", "must not be empty"),
        ({}, {"contact": "line one\nline two"}, "answers.contact", "single line"),
        ({}, {"contact": "x" * 301}, "answers.contact", "longer than 300"),
        ({}, {"contact": "bell\x07"}, "answers.contact", "control characters"),
        # An option whose own `when` excludes this kind of organisation.
        (
            {"type": "public-agency"},
            {"employee-rights": "private-nlra"},
            "answers.employee-rights",
            "'private-nlra' is not one of public-speech",
        ),
        (
            {"type": "private-for-profit"},
            {"employee-rights": "public-speech"},
            "answers.employee-rights",
            "not one of private-nlra",
        ),
        # Answered although the topic's condition is false.
        ({"hosts_students": False}, {"students": True}, "answers.students", "not asked"),
        (
            {},
            {"official-accounts": "no-presence", "engagement-style": "broadcast"},
            "answers.engagement-style",
            "not asked",
        ),
    ],
)
def test_topic_problems(
    mini_library: Library,
    organization: dict[str, Any],
    topics: dict[str, Any],
    field: str,
    words: str,
) -> None:
    answers = mini_answers(mini_library, organization=organization, topics=topics)
    found = problem_fields(mini_library, answers)
    assert field in found, found
    assert words in found[field]
    assert len(found) == 1, found


def test_missing_answer(mini_library: Library) -> None:
    answers = mini_answers(mini_library, organization={"hosts_students": True})
    topics = {k: v for k, v in answers.topics.items() if k not in ("students", "contact")}
    found = problem_fields(mini_library, replace(answers, topics=topics))
    assert set(found) == {"answers.students", "answers.contact"}
    assert all(message.startswith("missing") for message in found.values())


def test_a_topic_not_asked_needs_no_answer(mini_library: Library) -> None:
    answers = mini_answers(mini_library, topics={"official-accounts": "no-presence"})
    assert "engagement-style" not in answers.topics
    assert problem_fields(mini_library, answers) == {}


@pytest.mark.parametrize(
    ("group", "key", "value", "words"),
    [
        ("organization", "state", "Minnesota", "does not match the expected form"),
        ("organization", "state", "mn", "two capital letters"),
        ("organization", "type", "charity", "'charity' is not one of"),
        ("organization", "hosts_students", "yes", "expected true or false"),
        ("organization", "name", 42, "expected text"),
        ("organization", "name", "", "must not be empty"),
        ("organization", "colour", "blue", "unknown field"),
        ("policy", "effective", "2026-12-01", "expected a date"),
        ("policy", "review_by", None, "missing"),
        ("policy", "version", 1.0, "expected text in quotes, found a number"),
        ("policy", "title", 7, "expected text in quotes"),
        ("policy", "owner", "a\nb", "single line"),
    ],
)
def test_profile_problems(
    mini_library: Library, group: str, key: str, value: Any, words: str
) -> None:
    answers = mini_answers(mini_library)
    organization, policy = dict(answers.organization), dict(answers.policy)
    (organization if group == "organization" else policy)[key] = value
    changed = replace(answers, organization=organization, policy=policy)
    found = problem_fields(mini_library, changed)
    assert f"{group}.{key}" in found, found
    assert words in found[f"{group}.{key}"]


def test_unquoted_version_in_the_file_is_a_problem(
    make_answers: MakeAnswers, mini_library: Library
) -> None:
    path = make_answers()
    text = path.read_text(encoding="utf-8")
    assert text.count("version: '1.0'") == 1
    path.write_text(text.replace("version: '1.0'", "version: 1.0"), encoding="utf-8")
    found = problems(mini_library, read_answers(path), path)
    assert [p.field for p in found] == ["policy.version"]


def test_newer_library_version_is_a_problem(mini_library: Library) -> None:
    answers = replace(mini_answers(mini_library), library="2099.1.0")
    found = problem_fields(mini_library, answers)
    assert "newer than the installed 2026.1.0" in found["library"]


def test_older_library_version_is_fine(mini_library: Library) -> None:
    answers = replace(mini_answers(mini_library), library="2025.12.3")
    assert problem_fields(mini_library, answers) == {}


def test_profile_problems_come_before_topic_problems(mini_library: Library) -> None:
    answers = mini_answers(
        mini_library, organization={"state": "x"}, topics={"official-accounts": "nope"}
    )
    assert list(problem_fields(mini_library, answers)) == ["organization.state"]


# --- applicable, prune, with_defaults -------------------------------------------------------


def ids(topics: list[Any]) -> list[str]:
    return [topic.id for topic in topics]


def test_applicable_follows_conditions_in_document_order(mini_library: Library) -> None:
    base = mini_answers(mini_library)
    assert ids(applicable(mini_library, base)) == [
        "official-accounts",
        "engagement-style",
        "spokespersons",
        "employee-rights",
        "contact",
    ]
    students = mini_answers(
        mini_library,
        organization={"hosts_students": True},
        topics={"official-accounts": "no-presence"},
    )
    assert ids(applicable(mini_library, students)) == [
        "official-accounts",
        "spokespersons",
        "employee-rights",
        "students",
        "contact",
    ]


def test_applicable_with_no_answers_yet(mini_library: Library) -> None:
    # Unanswered earlier topics read as none: `none != 'no-presence'` holds.
    answers = Answers(library=mini_library.version, organization={"hosts_students": False})
    assert "engagement-style" in ids(applicable(mini_library, answers))
    assert "students" not in ids(applicable(mini_library, answers))


def test_prune_drops_answers_no_longer_asked_or_offered(mini_library: Library) -> None:
    answers = mini_answers(
        mini_library,
        organization={"hosts_students": True},
        topics={"engagement-style": "reciprocal", "students": True},
    )
    changed = replace(
        answers,
        organization={**answers.organization, "hosts_students": False, "type": "public-agency"},
        topics={**answers.topics, "official-accounts": "no-presence", "someday": "x"},
    )
    pruned, dropped = prune(mini_library, changed)
    assert dropped == ["engagement-style", "employee-rights", "students"]
    assert set(pruned.topics) == {"official-accounts", "spokespersons", "contact", "someday"}
    assert pruned.topics["official-accounts"] == "no-presence"


def test_prune_keeps_valid_answers(mini_library: Library) -> None:
    answers = full_answers(mini_library)
    pruned, dropped = prune(mini_library, answers)
    assert dropped == []
    assert to_data(pruned) == to_data(answers)


def test_with_defaults_fills_everything(mini_library: Library) -> None:
    answers, filled = with_defaults(
        mini_library, Answers(library=mini_library.version), dt.date(2026, 3, 15)
    )
    assert answers.organization == {
        "name": "Example Family Services",
        "type": "private-nonprofit",
        "state": "MN",
        "hosts_students": False,
        "serves_children": False,
        "hipaa_covered": False,
    }
    assert answers.policy["effective"] == dt.date(2026, 3, 15)
    assert answers.policy["review_by"] == dt.date(2027, 3, 15)
    assert answers.policy["title"] == "Social Media Policy"
    assert answers.policy["version"] == "1.0"
    assert answers.topics == {
        "official-accounts": "central-registry",
        "engagement-style": "broadcast",
        "spokespersons": ["director"],
        "employee-rights": "private-nlra",
        "contact": "the communications lead",
    }
    assert "organization.name" in filled
    assert "policy.review_by" in filled
    assert "answers.contact" in filled
    assert "answers.students" not in filled
    assert problem_fields(mini_library, answers) == {}


def test_with_defaults_keeps_given_answers(mini_library: Library) -> None:
    start = Answers(
        library=mini_library.version,
        organization={"name": "Ours", "hosts_students": True},
        policy={"effective": dt.date(2027, 1, 1), "version": "3.0"},
        topics={"official-accounts": "no-presence", "students": False},
    )
    answers, filled = with_defaults(mini_library, start, TODAY)
    assert answers.organization["name"] == "Ours"
    assert answers.policy["version"] == "3.0"
    assert answers.policy["review_by"] == dt.date(2028, 1, 1)  # effective + 1 year
    assert answers.topics["students"] is False
    assert "engagement-style" not in answers.topics  # its condition is false
    assert "organization.name" not in filled
    assert "answers.official-accounts" not in filled


ORDER = [f"t{index}" for index in range(8)]


@given(
    start=st.lists(st.sampled_from([*ORDER, "x", "y"]), unique=True),
    new=st.sets(st.sampled_from(ORDER)),
)
def test_placing_keys_at_once_is_placing_them_one_by_one(start: list[str], new: set[str]) -> None:
    # with_defaults adds every missing topic in one pass; each key must land exactly where
    # adding it alone (as the interview does) puts it, whatever order the file was in.
    values = {key: index for index, key in enumerate(start)}
    added = {key: key.upper() for key in ORDER if key in new and key not in values}
    one_by_one = dict(values)
    for key, value in added.items():
        one_by_one = placed(one_by_one, key, value, ORDER)
    at_once = placed_all(values, added, ORDER)
    assert list(at_once.items()) == list(one_by_one.items())


def test_with_defaults_places_missing_topics_among_the_given_ones(mini_library: Library) -> None:
    start = Answers(
        library=mini_library.version,
        topics={
            "someday": "x",
            "spokespersons": ["director"],
            "official-accounts": "central-registry",
        },
    )
    answers, _ = with_defaults(mini_library, start, TODAY)
    assert list(answers.topics) == [
        "someday",
        "spokespersons",
        "official-accounts",
        "engagement-style",  # after the last given topic that comes before it
        "employee-rights",
        "contact",
    ]


def test_with_defaults_review_date_after_leap_day(mini_library: Library) -> None:
    answers, _ = with_defaults(
        mini_library, Answers(library=mini_library.version), dt.date(2028, 2, 29)
    )
    assert answers.policy["review_by"] == dt.date(2029, 2, 28)


def test_default_falls_back_when_its_option_is_not_offered(mini_library: Library) -> None:
    answers = mini_answers(mini_library, organization={"type": "public-agency"})
    assert answers.topics["employee-rights"] == "public-speech"
    assert problem_fields(mini_library, answers) == {}


def test_context_shows_every_topic(mini_library: Library) -> None:
    context = mini_answers(mini_library).context(mini_library)
    assert set(context) == {"org", "roles", "contacts", "policy", "answers", "state"}
    assert list(context["answers"]) == [t.id for t in mini_library.topics]
    assert context["answers"]["students"] is None


@pytest.mark.parametrize("name", [" Acme", "Acme ", "Acme\t"])
def test_text_with_surrounding_spaces_is_refused(name: str) -> None:
    from policygen.answers.file import check_text

    assert check_text(name) == "must not start or end with spaces"
