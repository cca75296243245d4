"""The pure half of ``upgrade``: what a newer clause library changes in an answers file.

Renamed option values and profile answers are migrated (``renamed_from``), answers to removed
topics and options are taken out, answers whose ``when:`` no longer holds are dropped, and the
questions still to answer are listed. Each step is recorded as a ``Migration`` (data; the
command words it) so nothing is dropped silently. ``plan_upgrade`` reads and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from policygen.answers.applicability import applicable, asked_fields, newer_library, prune
from policygen.answers.file import Answers
from policygen.library.loader import Library, Topic
from policygen.library.profile import BEFORE_TOPICS, GROUPS, POLICY_BUILTINS
from policygen.lifecycle.compare import show_value

MigrationKind = Literal[
    "option-renamed",  # a chosen option was renamed; the answer follows it
    "option-gone",  # a chosen option of a checkbox topic is no longer offered
    "topic-removed",  # the topic left the library; its answer is removed
    "not-applicable",  # the topic no longer applies (its ``when:``); its answer is removed
    "reasked",  # the answer is no longer offered; the question is asked again
    "field-renamed",  # a profile question was replaced; its answer is carried over
    "field-removed",  # a profile question is no longer asked; its answer is removed
    "choice-gone",  # a profile answer is no longer one of the choices
    "contact-dropped",  # a contact no chosen clause prints any more; it is removed
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One change ``plan_upgrade`` made to the answers before anything is asked.

    Attributes:
        what: the topic's title, or the key of a profile answer (``organization.hipaa_covered``).
        value: the answer as stored, or the renamed option's label (``option-renamed``).
        renamed_to: the key and value now holding a carried-over answer (``field-renamed``).
    """

    kind: MigrationKind
    what: str
    value: str | None = None
    renamed_to: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """What an upgrade does before anything is asked.

    Attributes:
        before: the answers as read.
        migrated: renamed values applied and removed topics taken out, nothing else; the
            old side of the upgrade's redline when the old library is not at hand.
        answers: also pruned, with the new library version recorded; may lack answers.
        changes: each renamed value, removed answer or dropped answer.
        reask: checkbox topics that lost an option but kept others: asked again.
        missing: answer keys (``answers.x``, ``organization.y``) still to be given.
        touched: topics whose answer was removed, dropped or lost an option.
    """

    before: Answers
    migrated: Answers
    answers: Answers
    changes: tuple[Migration, ...]
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
    changes: list[Migration] = []
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
            changes.append(Migration(kind="contact-dropped", what=key, value=value))
        elif key in asked:
            changes.append(Migration(kind="reasked", what=topic_title(library, key)))
        else:
            changes.append(Migration(kind="not-applicable", what=topic_title(library, key)))
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


def _profile(
    library: Library, answers: Answers, changes: list[Migration]
) -> dict[str, dict[str, Any]]:
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
                        Migration(
                            kind="field-renamed",
                            what=f"{group}.{key}",
                            value=show_value(value),
                            renamed_to=f"{group}.{heir.id}: {new}",
                        )
                    )
                    continue
            if spec is None and not (group == "policy" and key in POLICY_BUILTINS):
                changes.append(
                    Migration(kind="field-removed", what=f"{group}.{key}", value=show_value(value))
                )
            elif spec is not None and spec.choices and value not in [c.value for c in spec.choices]:
                changes.append(
                    Migration(kind="choice-gone", what=f"{group}.{key}", value=show_value(value))
                )
            else:
                kept[key] = value
        groups[group] = kept
    return groups


def _topics(
    library: Library, answers: Answers, changes: list[Migration]
) -> tuple[dict[str, Any], list[str]]:
    topics: dict[str, Any] = {}
    reask: list[str] = []
    order = {topic.id: index for index, topic in enumerate(library.topics)}
    in_order = sorted(answers.topics.items(), key=lambda item: order.get(item[0], len(order)))
    for key, value in in_order:  # document order; removed topics last
        topic = library.topic(key)
        if topic is None:
            changes.append(Migration(kind="topic-removed", what=topic_title(library, key)))
        elif topic.type == "checkbox" and isinstance(value, list):
            items = []
            for item in value:
                new = _renamed(topic, item, changes)
                if topic.option(new) is None:
                    changes.append(Migration(kind="option-gone", what=topic.title))
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


def _renamed(topic: Topic, value: Any, changes: list[Migration]) -> Any:
    """The current value for ``value``, following the options' ``renamed_from`` lists."""
    if topic.option(value) is not None or not isinstance(value, str):
        return value
    for option in topic.options:
        if value in option.renamed_from:
            changes.append(Migration(kind="option-renamed", what=topic.title, value=option.label))
            return option.value
    return value


def _lost_option(library: Library, topic_id: str, value: Any) -> bool:
    """True when a stored value names an option the library no longer has (after renames)."""
    topic = library.topic(topic_id)
    if topic is None or topic.type not in ("select", "checkbox"):
        return False
    values = value if isinstance(value, list) else [value]
    return any(topic.option(_renamed(topic, item, [])) is None for item in values)


def topic_title(library: Library, topic_id: str) -> str:
    """A topic's title; for a topic the library no longer has, its id in words."""
    topic = library.topic(topic_id)
    return topic.title if topic is not None else topic_id.replace("-", " ").capitalize()
