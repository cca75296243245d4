"""Bring an answers file to a newer clause library without asking everything again.

The steps, each reported so nothing is dropped silently: renamed option values are migrated
(``renamed_from``), answers to removed topics and options are removed and listed, answers whose
``when:`` no longer holds are dropped (``fit.prune``), and only the questions that are new
or whose answer is gone are asked (or answered with defaults). ``plan_upgrade`` is pure;
``upgrade_file`` reads, asks through a function the caller passes in (the interview, so this
module never prompts), saves, and returns an ``UpgradeReport`` for the command to print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from policygen.answers.applicability import (
    applicable,
    asked_fields,
    newer_library,
    prune,
    with_defaults,
)
from policygen.answers.file import Answers, read_answers, write_answers
from policygen.document.changes import ClauseChange, Comparison
from policygen.errors import PolicygenError
from policygen.library.loader import Library, Topic
from policygen.library.profile import BEFORE_TOPICS, GROUPS, POLICY_BUILTINS
from policygen.lifecycle.compare import Side, compare, describe, show_value


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Filled:
    """A question ``upgrade --defaults`` answered without asking.

    Attributes:
        what: the topic's title, or the organisation question as the interview asks it.
        answer: the answer in labels.
        kept: a re-asked checkbox kept what was left of its answer (not a default).
    """

    what: str
    answer: str
    kept: bool = False


def fill_defaults(library: Library, plan: Plan, today: dt.date) -> tuple[Answers, list[Filled]]:
    """Answer what is missing with defaults; one ``Filled`` per choice made."""
    answers, filled = with_defaults(library, plan.answers, today)
    chosen = [
        Filled(what=_named(library, key), answer=describe(library, answers, key)) for key in filled
    ]
    chosen += [
        Filled(
            what=_title(library, key),
            answer=describe(library, answers, f"answers.{key}"),
            kept=True,
        )
        for key in plan.reask
    ]
    return answers, chosen


def _named(library: Library, key: str) -> str:
    """``answers.training`` → its title; a profile key → its question, as the user saw it."""
    group, _, name = key.partition(".")
    if group == "answers":
        return _title(library, name)
    spec = library.profile_field(group, name)
    return spec.prompt.split("?")[0].split("(")[0].strip() if spec is not None else key


@dataclass(frozen=True, slots=True, kw_only=True)
class UpgradeReport:
    """What ``upgrade_file`` did, for the command to print.

    Attributes:
        plan: what the upgrade migrated, removed and found missing.
        filled: with ``defaults``, the questions answered without asking; else None.
        comparison: the policy before and after (None when already up to date).
        previous_library: the old side was built with the library the answers were made with,
            so the comparison shows its rewording too.
    """

    path: Path
    library: str
    plan: Plan
    filled: tuple[Filled, ...] | None = None
    comparison: Comparison | None = None
    previous_library: bool = False

    @property
    def up_to_date(self) -> bool:
        """True when there was nothing to do: the file was left as it was."""
        return self.comparison is None


def upgrade_file(
    library: Library,
    path: Path,
    *,
    today: dt.date,
    defaults: bool,
    previous_library: Library | None = None,
    planned: Callable[[Plan], None] = lambda plan: None,  # noqa: ARG005
    ask: Callable[[Plan], Answers] | None = None,
) -> UpgradeReport:
    """Upgrade the answers file at ``path`` to ``library``, save it, and compare before and after.

    ``planned`` hears the plan before anything is asked (the command prints it). New questions
    are answered with defaults (``defaults``), or by ``ask``, which gets the plan and returns
    the answers it saved (the interview, passed in so this module never prompts).
    """
    plan = plan_upgrade(library, read_answers(path), path)
    if plan.nothing_to_do:
        return UpgradeReport(path=path, library=library.version, plan=plan)
    planned(plan)
    filled = None
    if defaults:
        answers, chosen = fill_defaults(library, plan, today)
        filled = tuple(chosen)
        write_answers(path, answers)
    elif plan.missing or plan.reask:
        if ask is None:
            raise PolicygenError(
                "new questions need a terminal; run upgrade --defaults", path=path, field="upgrade"
            )
        answers = ask(plan)
    else:
        answers = plan.answers
        write_answers(path, answers)
    old = Side(
        label=f"{path.name} (library {plan.before.library})",
        answers=plan.before,
        library=previous_library or library,
        path=path,
        migrated=None if previous_library else plan.migrated,
    )
    new = Side(
        label=f"{path.name} (library {library.version})",
        answers=answers,
        library=library,
        path=path,
    )
    return UpgradeReport(
        path=path,
        library=library.version,
        plan=plan,
        filled=filled,
        comparison=with_removed(compare(old, new), plan, library, answers),
        previous_library=previous_library is not None,
    )
