"""How an answers file fits a clause library: which topics apply, defaults, completeness.

``applicable`` decides which topics are asked: it is the plain function the interview, the build
and the tests share. ``with_defaults`` fills what is unanswered, ``prune`` drops answers that no
longer apply after a change, and ``problems`` lists everything that keeps the answers from
describing a complete policy.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import Any, Final

from policygen.answers.file import Answers, check_field, check_topic_value
from policygen.answers.logo import FIELD, logo_problem
from policygen.answers.meta import DEFAULT_VERSION, as_stored, years_after
from policygen.errors import AnswersError
from policygen.invocation import command
from policygen.library.combinations import declared_conflicts
from policygen.library.fields import type_name
from policygen.library.loader import Library, Topic, version_tuple
from policygen.library.profile import BEFORE_TOPICS, GROUPS, POLICY_BUILTINS, ProfileField


def applicable(library: Library, answers: Answers) -> list[Topic]:
    """Topics whose ``when`` holds, in document order, given the answers so far.

    Conditions only read earlier topics, so one pass decides each topic with the answers
    before it; a topic that is not asked counts as unanswered for the topics after it.
    """
    context = answers.context(library)
    asked: list[Topic] = []
    for topic in library.topics:
        if topic.when.holds(context):
            asked.append(topic)
        else:
            context["answers"][topic.id] = None
    return asked


def prune(library: Library, answers: Answers) -> tuple[Answers, list[str]]:
    """Drop answers whose topic is no longer asked or whose option is no longer offered.

    Returns the pruned answers and the topic ids dropped; contacts no chosen clause needs any
    more are dropped too, listed as ``contacts.<id>``.
    """
    keep: dict[str, Any] = {}
    dropped: list[str] = []
    # One context for the whole pass, as in ``applicable``: a dropped answer reads as None for
    # the topics after it, exactly as if the context were made again without it.
    context = answers.context(library)
    for topic in library.topics:
        value = answers.topics.get(topic.id)
        if value is None:
            continue
        if topic.when.holds(context) and _allowed(topic, value, context):
            keep[topic.id] = value
        else:
            dropped.append(topic.id)
            context["answers"][topic.id] = None
    keep.update({k: v for k, v in answers.topics.items() if library.topic(k) is None})
    pruned = replace(answers, topics=keep)
    context = pruned.context(library)
    contacts = dict(pruned.contacts)
    for spec in library.profile_group("contacts"):
        if spec.id in contacts and not spec.asked(context):
            del contacts[spec.id]
            dropped.append(f"contacts.{spec.id}")
    return replace(pruned, contacts=contacts), dropped


def asked_fields(library: Library, answers: Answers, group: str) -> list[ProfileField]:
    """The questions of one profile group that apply to these answers (contacts may not)."""
    specs = library.profile_group(group)
    if all(spec.when is None for spec in specs):
        return list(specs)
    context = answers.context(library)
    return [spec for spec in specs if spec.asked(context)]


def profile_default(spec: ProfileField, library: Library, answers: Answers, today: dt.date) -> Any:
    """A profile field's default for these answers; ``today`` and ``effective+1y`` are computed.

    A default may depend on earlier answers (``default:`` as a list of ``{when, value}``), so a
    county is offered "department" where a practice is offered "practice".
    """
    values = answers.group(spec.group)
    default = spec.default if spec.defaults is None else spec.default_for(answers.context(library))
    if default == "today":
        return today
    if default == "effective+1y":
        start = values.get("effective", today)
        start = start if isinstance(start, dt.date) else today
        return years_after(start, review_years(spec, answers.topics))
    return default


def review_years(spec: ProfileField, topics: Mapping[str, Any]) -> int:
    """How many years after the effective date the field falls, given the topic answers."""
    if spec.years_from is None:
        return 1
    topic_id, table = spec.years_from
    return table.get(str(topics.get(topic_id)), 1)


def follow_cadence(library: Library, before: Answers, after: Answers) -> Answers:
    """A date still at its default moves when the answer it follows changes.

    A review-by date left at "a year after" becomes "two years after" when the review cadence
    becomes every two years; a date the user typed stays as typed.
    """
    policy = dict(after.policy)
    for spec in library.profile:
        if spec.years_from is None or spec.group != "policy" or spec.id not in policy:
            continue
        start = policy.get("effective")
        if not isinstance(start, dt.date):
            continue
        old = years_after(start, review_years(spec, before.topics))
        if policy[spec.id] == old:
            policy[spec.id] = years_after(start, review_years(spec, after.topics))
    return replace(after, policy=policy)


# Policy dates that must come after another: field → (the earlier field, how a user names it).
DATE_AFTER: Final = {"review_by": ("effective", "effective date")}


def date_order_problem(policy: Mapping[str, Any], key: str) -> tuple[str, dt.date] | None:
    """(name, date) that ``policy[key]`` must follow, when the rule applies and the date is set."""
    if key not in DATE_AFTER:
        return None
    earlier, name = DATE_AFTER[key]
    value = policy.get(earlier)
    return (name, value) if isinstance(value, dt.date) else None


def placed(values: Mapping[str, Any], key: str, value: Any, order: list[str]) -> dict[str, Any]:
    """``values`` with ``key`` set, each key in a stable place.

    An existing key keeps its place; a new one goes where ``order`` puts it among the keys
    already there. A saved file then changes only where an answer changed: small git diffs.
    """
    if key in values:
        return {**values, key: value}
    rank = {name: index for index, name in enumerate(order)}
    mine = rank.get(key, len(order))
    items = list(values.items())
    at = 0
    for index, (name, _) in enumerate(items):
        if rank.get(name, len(order)) <= mine:
            at = index + 1
    items.insert(at, (key, value))
    return dict(items)


def placed_all(
    values: Mapping[str, Any], new: Mapping[str, Any], order: list[str]
) -> dict[str, Any]:
    """``values`` with the ``new`` keys, given in ``order``, each put where ``placed`` puts it.

    One pass, however many keys are added: each goes after the last key of ``values`` that
    ``order`` puts before it (or first), after the new keys that went there before it.
    """
    rank = {name: index for index, name in enumerate(order)}
    kept = list(values)
    by_rank = sorted((rank.get(name, len(order)), index) for index, name in enumerate(kept))
    ranks = [r for r, _ in by_rank]
    latest = list(accumulate((index for _, index in by_rank), max))  # last index up to a rank
    after: dict[int, list[str]] = {}  # index in ``values`` (-1: the start) → new keys after it
    for key in new:
        below = bisect_right(ranks, rank.get(key, len(order)))
        after.setdefault(latest[below - 1] if below else -1, []).append(key)
    result = {key: new[key] for key in after.get(-1, ())}
    for index, name in enumerate(kept):
        result[name] = values[name]
        result.update({key: new[key] for key in after.get(index, ())})
    return result


def key_order(library: Library, group: str) -> list[str]:
    """The canonical order of a group's keys: profile order; topics in document order."""
    if group == "answers":
        return [topic.id for topic in library.topics]
    ids = [spec.id for spec in library.profile if spec.group == group]
    return ["title", "version", *ids] if group == "policy" else ids


def with_defaults(library: Library, answers: Answers, today: dt.date) -> tuple[Answers, list[str]]:
    """Fill every unanswered question with its default, in the interview's order.

    Organization, roles and policy come first, then the topics, then the contacts the chosen
    clauses need; each default sees the answers before it, as in the interview.
    """
    filled: list[str] = []
    current = answers
    for group in BEFORE_TOPICS:
        for spec in library.profile_group(group):
            if spec.id not in current.group(group):
                value = profile_default(spec, library, current, today)
                current = current.with_group(group, {**current.group(group), spec.id: value})
                filled.append(f"{group}.{spec.id}")
    policy = dict(current.policy)
    policy.setdefault("title", library.title)
    policy.setdefault("version", DEFAULT_VERSION)
    current = replace(current, policy=policy)
    topics = dict(current.topics)
    context = current.context(library)  # kept up to date below: one context for every topic
    added: dict[str, Any] = {}
    for topic in library.topics:
        if topic.id not in topics and topic.when.holds(context):
            added[topic.id] = context["answers"][topic.id] = topic.default_for(context)
            filled.append(f"answers.{topic.id}")
    current = replace(current, topics=placed_all(topics, added, key_order(library, "answers")))
    for spec in asked_fields(library, current, "contacts"):
        if spec.id not in current.contacts:
            value = profile_default(spec, library, current, today)
            current = replace(current, contacts={**current.contacts, spec.id: value})
            filled.append(f"contacts.{spec.id}")
    return current, filled


def problems(library: Library, answers: Answers, path: Path) -> list[AnswersError]:
    """Every way the answers fail to describe a complete policy for this library."""
    found = _profile_problems(library, answers, path)
    if found:
        return found  # topic conditions need a valid profile
    return _topic_problems(library, answers, path)


def newer_library(library: Library, answers: Answers, path: Path) -> AnswersError | None:
    """Answers made with a newer library than the installed one cannot be read safely."""
    if version_tuple(answers.library) <= version_tuple(library.version):
        return None
    return AnswersError(
        f"made with clause library {answers.library}, newer than the installed "
        f"{library.version}; install a newer policygen first",
        path=path,
        field="library",
    )


def _profile_problems(library: Library, answers: Answers, path: Path) -> list[AnswersError]:
    found: list[AnswersError] = []
    newer = newer_library(library, answers, path)
    if newer:
        found.append(newer)
    for group in GROUPS:
        found += _group_problems(library, answers, path, group)
    for key in POLICY_BUILTINS:
        value = answers.policy.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            found.append(
                AnswersError(
                    "must not be empty"
                    if isinstance(value, str)
                    else f"expected text in quotes, found {type_name(value)}",
                    path=path,
                    field=f"policy.{key}",
                )
            )
    found += _date_order_problems(answers, path)
    logo = answers.policy.get("logo")
    message = logo_problem(path, logo) if isinstance(logo, str) and logo.strip() else None
    if message:
        found.append(AnswersError(message, path=path, field=FIELD))
    return found


def _group_problems(
    library: Library, answers: Answers, path: Path, group: str
) -> list[AnswersError]:
    """Unknown keys in one profile group; wrong or missing values, except contacts.

    Contacts depend on the topics, so ``_contact_problems`` checks them with the topics.
    """
    values = answers.group(group)
    specs = {spec.id: spec for spec in library.profile_group(group)}
    extra = set(POLICY_BUILTINS) if group == "policy" else set()
    found = [
        AnswersError("unknown field", path=path, field=f"{group}.{key}")
        for key in values
        if key not in specs and key not in extra
    ]
    if group in BEFORE_TOPICS:
        for spec in specs.values():
            value = values.get(spec.id)
            message = (
                f"missing (run {command('interview', path, '--resume')})"
                if value is None
                else check_field(spec, value, library.states)
            )
            if message:
                found.append(AnswersError(message, path=path, field=f"{group}.{spec.id}"))
    return found


def _date_order_problems(answers: Answers, path: Path) -> list[AnswersError]:
    """A review date on or before the effective date is refused, naming both fields."""
    found = []
    for key, (earlier, _) in DATE_AFTER.items():
        later, first = answers.policy.get(key), answers.policy.get(earlier)
        if isinstance(later, dt.date) and isinstance(first, dt.date) and later <= first:
            message = (
                f"{later.isoformat()} is not after policy.{earlier} ({first.isoformat()}); "
                "the review date must come after the policy takes effect"
            )
            found.append(AnswersError(message, path=path, field=f"policy.{key}"))
    return found


def _topic_problems(library: Library, answers: Answers, path: Path) -> list[AnswersError]:
    found: list[AnswersError] = []
    context = answers.context(library)
    asked = {topic.id for topic in applicable(library, answers)}
    for key in answers.topics:
        if library.topic(key) is None:
            found.append(
                AnswersError(unknown_topic(library, key), path=path, field=f"answers.{key}")
            )
        elif key not in asked:
            found.append(
                AnswersError(
                    "not asked for this organization (its condition does not hold)",
                    path=path,
                    field=f"answers.{key}",
                )
            )
    for topic in library.topics:
        if topic.id not in asked:
            continue
        value = answers.topics.get(topic.id)
        message = (
            f"missing (run {command('interview', path, '--resume')})"
            if value is None
            else check_topic_value(topic, value, context)
        )
        if message:
            found.append(AnswersError(message, path=path, field=f"answers.{topic.id}"))
    if not found:
        chosen = {key: value for key, value in answers.topics.items() if key in asked}
        for topic, value, conflict in declared_conflicts(library.topics, chosen):
            other = answers.topics[conflict.topic]
            found.append(
                AnswersError(
                    f"{as_stored(value)} contradicts answers.{conflict.topic}: {as_stored(other)} "
                    f"({conflict.why}); change one of them",
                    path=path,
                    field=f"answers.{topic.id}",
                )
            )
    found += _contact_problems(library, answers, path)
    return found


def unknown_topic(library: Library, key: object) -> str:
    """``unknown topic``, with the likely topic meant, or how to add the agency's own topics."""
    meant = library.likely_topic(str(key))
    if meant:
        return f"unknown topic; did you mean {meant}?"
    if len(library.folders) <= 1:  # the built-in library alone
        return "unknown topic (if it is one of your own topics, add --library DIR)"
    return "unknown topic"


def _allowed(topic: Topic, value: Any, context: Mapping[str, Any]) -> bool:
    return check_topic_value(topic, value, context) is None


def _contact_problems(library: Library, answers: Answers, path: Path) -> list[AnswersError]:
    """Contacts the chosen clauses need must be given; others must not linger."""
    found: list[AnswersError] = []
    asked = {spec.id for spec in asked_fields(library, answers, "contacts")}
    for spec in library.profile_group("contacts"):
        value = answers.contacts.get(spec.id)
        where = f"contacts.{spec.id}"
        if spec.id in asked:
            message = check_field(spec, value)
            if message:
                found.append(AnswersError(message, path=path, field=where))
        elif value is not None:
            found.append(
                AnswersError(
                    "not needed by the chosen clauses (its condition does not hold)",
                    path=path,
                    field=where,
                )
            )
    return found
