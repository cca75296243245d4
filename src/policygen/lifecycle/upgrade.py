"""Bring an answers file to a newer clause library without asking everything again.

The steps, each reported so nothing is dropped silently: renamed option values are migrated
(``renamed_from``), answers to removed topics and options are removed and listed, answers whose
``when:`` no longer holds are dropped (``fit.prune``), and only the questions that are new
or whose answer is gone are asked (or answered with defaults). ``plan_upgrade`` is pure;
asking happens in ``ask`` through ``policygen.interview``, imported only there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from policygen.answers.applicability import (
    applicable,
    asked_fields,
    newer_library,
    problems,
    prune,
    with_defaults,
)
from policygen.answers.file import Answers, write_answers
from policygen.document.changes import ClauseChange, Comparison
from policygen.errors import AnswersError
from policygen.library.loader import Library, Topic, version_tuple
from policygen.library.profile import BEFORE_TOPICS, GROUPS, POLICY_BUILTINS
from policygen.lifecycle.compare import describe, show_value


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """What an upgrade does before anything is asked.

    Attributes:
        before: the answers as read.
        migrated: renamed values applied and removed topics taken out, nothing else; the
            old side of the upgrade's redline when the old library is not at hand.
        answers: also pruned, with the new library version recorded; may lack answers.
        changes: one line per renamed value, removed answer or dropped answer.
        reask: checkbox topics that lost an option but kept others: asked again.
        missing: answer keys (``answers.x``, ``organization.y``) still to be given.
        touched: topics whose answer was removed, dropped or lost an option.
    """

    before: Answers
    migrated: Answers
    answers: Answers
    changes: tuple[str, ...]
    reask: tuple[str, ...]
    missing: tuple[str, ...]
    touched: tuple[str, ...] = ()

    @property
    def nothing_to_do(self) -> bool:
        """True when the file is already current and complete."""
        return (
            not self.changes
            and not self.missing
            and not self.reask
            and self.before.library == self.answers.library
        )


def plan_upgrade(library: Library, answers: Answers, path: Path) -> Plan:
    """Migrate, report and prune, without asking anything."""
    newer = newer_library(library, answers, path)
    if newer:
        raise newer
    changes: list[str] = []
    groups = _profile(library, answers, changes)
    topics, reask = _topics(library, answers, changes)
    migrated = replace(answers, topics=topics)
    for group, values in groups.items():
        migrated = migrated.with_group(group, values)
    pruned, dropped = prune(library, migrated)
    asked = {topic.id for topic in applicable(library, pruned)}
    for key in dropped:
        if key.startswith("contacts."):
            value = show_value(migrated.contacts[key.partition(".")[2]])
            changes.append(f"{key}: no longer needed; {value} removed")
            continue
        topic_id = key
        value = show_value(migrated.topics[topic_id])
        if topic_id in asked:
            changes.append(
                f"{_title(library, topic_id)}: your answer is no longer offered; asked again"
            )
        else:
            changes.append(f"{_title(library, topic_id)}: no longer applies; answer removed")
    current = replace(pruned, library=library.version)
    lost = {key for key, value in answers.topics.items() if _lost_option(library, key, value)}
    touched = [k for k in answers.topics if k not in current.topics or k in lost]
    return Plan(
        before=answers,
        migrated=migrated,
        answers=current,
        changes=tuple(changes),
        reask=tuple(t for t in reask if t in current.topics),
        missing=tuple(missing(library, current)),
        touched=tuple(touched),
    )


def check_problems(library: Library, answers: Answers, path: Path) -> list[AnswersError]:
    """What makes the file bad input for ``check`` (exit 2).

    A file made with an older library is not bad input for what ``upgrade`` settles: a renamed
    option (``renamed_from``), a new question, an option no longer offered. ``check`` reports
    those as one finding, "run policygen upgrade" (exit 1), so a library upgrade does not turn
    CI red. Anything else wrong with the file is still a problem.
    """
    if version_tuple(answers.library) >= version_tuple(library.version):
        return problems(library, answers, path)
    try:
        plan = plan_upgrade(library, answers, path)
    except AnswersError:
        return problems(library, answers, path)
    settled = {*plan.missing, *(f"answers.{topic}" for topic in plan.reask)}
    return [p for p in problems(library, plan.answers, path) if p.field not in settled]


def missing(library: Library, answers: Answers) -> list[str]:
    """Keys of profile fields and applicable topics that have no answer yet."""
    keys = [
        f"{spec.group}.{spec.id}"
        for group in BEFORE_TOPICS
        for spec in library.profile_group(group)
        if spec.id not in answers.group(group)
    ]
    keys += [f"answers.{t.id}" for t in applicable(library, answers) if t.id not in answers.topics]
    keys += [
        f"contacts.{spec.id}"
        for spec in asked_fields(library, answers, "contacts")
        if spec.id not in answers.contacts
    ]
    return keys


def _profile(library: Library, answers: Answers, changes: list[str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for group in GROUPS:
        values = answers.group(group)
        specs = {spec.id: spec for spec in library.profile_group(group)}
        kept: dict[str, Any] = {}
        renamed = {
            spec.renamed_from[0]: spec for spec in specs.values() if spec.renamed_from is not None
        }
        for key, value in values.items():
            spec = specs.get(key)
            heir = renamed.get(key) if spec is None else None
            if heir is not None and heir.renamed_from is not None and heir.id not in values:
                new = heir.renamed_from[1].get(str(value).lower())
                if new is not None:
                    kept[heir.id] = new
                    changes.append(
                        f"{group}.{key}: {show_value(value)} is now {group}.{heir.id}: {new}"
                    )
                    continue
            if spec is None and not (group == "policy" and key in POLICY_BUILTINS):
                changes.append(f"{group}.{key}: no longer asked; {show_value(value)} removed")
            elif spec is not None and spec.choices and value not in [c.value for c in spec.choices]:
                changes.append(f"{group}.{key}: {show_value(value)} is no longer offered")
            else:
                kept[key] = value
        groups[group] = kept
    return groups


def _topics(
    library: Library, answers: Answers, changes: list[str]
) -> tuple[dict[str, Any], list[str]]:
    topics: dict[str, Any] = {}
    reask: list[str] = []
    order = {topic.id: index for index, topic in enumerate(library.topics)}
    in_order = sorted(answers.topics.items(), key=lambda item: order.get(item[0], len(order)))
    for key, value in in_order:  # document order; removed topics last
        topic = library.topic(key)
        if topic is None:
            changes.append(
                f"{_title(library, key)}: topic removed from the library; answer removed"
            )
        elif topic.type == "checkbox" and isinstance(value, list):
            items = []
            for item in value:
                new = _renamed(topic, item, changes)
                if topic.option(new) is None:
                    changes.append(f"{topic.title}: an option you chose is no longer offered")
                elif new not in items:
                    items.append(new)
            if items:
                topics[key] = items
                if len(items) < len(value):
                    reask.append(key)
        elif topic.type == "select":
            topics[key] = _renamed(topic, value, changes)
        else:
            topics[key] = value
    return topics, reask


def _renamed(topic: Topic, value: Any, changes: list[str]) -> Any:
    """The current value for ``value``, following the options' ``renamed_from`` lists."""
    if topic.option(value) is not None or not isinstance(value, str):
        return value
    for option in topic.options:
        if value in option.renamed_from:
            changes.append(f"{topic.title}: “{option.label}” renamed in the library; answer kept")
            return option.value
    return value


def _lost_option(library: Library, topic_id: str, value: Any) -> bool:
    """True when a stored value names an option the library no longer has (after renames)."""
    topic = library.topic(topic_id)
    if topic is None or topic.type not in ("select", "checkbox"):
        return False
    values = value if isinstance(value, list) else [value]
    return any(topic.option(_renamed(topic, item, [])) is None for item in values)


def with_removed(cmp: Comparison, plan: Plan, library: Library, final: Answers) -> Comparison:
    """Add what the upgrade took out that a comparison could not build, never hiding it.

    Without the old library, the old side is built with the new one, where a removed topic or
    option has no text; such clauses are listed with the old answer instead of a redline.
    """
    clauses = []
    for change in cmp.clauses:  # answered before, but unbuildable with the new library
        if change.kind == "added" and change.topic_id in plan.before.topics:
            topic = library.topic(change.topic_id)
            old = _old_choice(topic, plan.before.topics[change.topic_id])
            change = replace(change, kind="reworded", old_choice=old)
        clauses.append(change)
    cmp = replace(cmp, clauses=tuple(clauses))
    shown = {change.topic_id for change in cmp.clauses}
    sections = cmp.new_policy.sections if cmp.new_policy else ()
    numbers = {c.topic_id: c.number for s in sections for c in s.clauses}
    extra = []
    for topic_id in plan.touched:
        if topic_id in shown:
            continue
        topic = library.topic(topic_id)
        kept = topic_id in final.topics
        extra.append(
            ClauseChange(
                topic_id=topic_id,
                number=numbers.get(topic_id, "-"),
                title=_title(library, topic_id),
                kind="reworded" if kept else "removed",
                old_choice=_old_choice(topic, plan.before.topics[topic_id]),
                new_choice=describe(library, final, f"answers.{topic_id}") if kept else None,
                segments=(),
            )
        )
    return replace(cmp, clauses=(*cmp.clauses, *extra)) if extra else cmp


def _title(library: Library, topic_id: str) -> str:
    """A topic's title; for a topic the library no longer has, its id in words."""
    topic = library.topic(topic_id)
    return topic.title if topic is not None else topic_id.replace("-", " ").capitalize()


def _old_choice(topic: Topic | None, value: Any) -> str:
    """An old answer in labels where the option still exists, else its stored value."""
    values = value if isinstance(value, list) else [value]
    shown = []
    for item in values:
        option = topic.option(item) if topic else None
        if option is not None:
            shown.append(option.label)
        elif topic is None:  # the topic left the library: its answer as stored
            shown.append(str(show_value(item)))
        else:
            shown.append("an option the library no longer offers")
    return "; ".join(shown)


def fill_defaults(library: Library, plan: Plan, today: dt.date) -> tuple[Answers, list[str]]:
    """Answer what is missing with defaults; one line per choice made."""
    answers, filled = with_defaults(library, plan.answers, today)
    lines = [
        f"{_named(library, key)}: {describe(library, answers, key)} (default)" for key in filled
    ]
    lines += [
        f"{_title(library, key)}: kept {describe(library, answers, f'answers.{key}')}"
        for key in plan.reask
    ]
    return answers, lines


def _named(library: Library, key: str) -> str:
    """``answers.training`` → its title; a profile key → its question, as the user saw it."""
    group, _, name = key.partition(".")
    if group == "answers":
        return _title(library, name)
    spec = library.profile_field(group, name)
    return spec.prompt.split("?")[0].split("(")[0].strip() if spec is not None else key


def ask(
    library: Library, path: Path, answers: Answers, reask: Sequence[str], today: dt.date
) -> Answers:
    """Ask the re-asked topics, then every missing question, saving after each answer."""
    from policygen.interview import prompts as interview
    from policygen.interview.guard import asking

    write_answers(path, answers)
    with asking(path):
        return interview.ask_topics(library, path, answers, list(reask), today)
