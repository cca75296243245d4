"""Bring an answers file to a newer clause library without asking everything again.

``lifecycle.migrate.plan_upgrade`` works out what the new library changes (pure); here the
questions that are new or whose answer is gone are answered with defaults or asked, through a
function the caller passes in (the interview, so this module never prompts), the file is saved,
and the policy before and after is compared. ``upgrade_file`` returns an ``UpgradeReport`` for
the command to print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from policygen.answers.applicability import with_defaults
from policygen.answers.file import Answers, read_answers, write_answers
from policygen.document.changes import ClauseChange, Comparison
from policygen.errors import PolicygenError
from policygen.library.loader import Library, Topic
from policygen.library.prose import fill
from policygen.lifecycle.compare import Side, compare, describe, show_value
from policygen.lifecycle.migrate import Plan, plan_upgrade, topic_title


def with_removed(cmp: Comparison, plan: Plan, library: Library, final: Answers) -> Comparison:
    """Add what the upgrade took out that a comparison could not build, never hiding it.

    Without the old library, the old side is built with the new one, where a removed topic or
    option has no text; such clauses are listed with the old answer instead of a redline.
    """
    clauses = []
    for change in cmp.clauses:  # answered before, but unbuildable with the new library
        if change.kind == "added" and change.topic_id in plan.before.topics:
            topic = library.topic(change.topic_id)
            old = _old_choice(library, topic, plan.before.topics[change.topic_id])
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
                title=topic_title(library, topic_id),
                kind="reworded" if kept else "removed",
                old_choice=_old_choice(library, topic, plan.before.topics[topic_id]),
                new_choice=describe(library, final, f"answers.{topic_id}") if kept else None,
                segments=(),
            )
        )
    return replace(cmp, clauses=(*cmp.clauses, *extra)) if extra else cmp


def _old_choice(library: Library, topic: Topic | None, value: Any) -> str:
    """An old answer in labels where the option still exists, else its stored value.

    An option that left a topic still in the library has no label: the library's redline words
    say so (``option_gone``), in every format of the redline.
    """
    values = value if isinstance(value, list) else [value]
    shown = []
    for item in values:
        option = topic.option(item) if topic else None
        if option is not None:
            shown.append(option.label)
        elif topic is None:  # the topic left the library: its answer as stored
            shown.append(str(show_value(item)))
        else:
            shown.append(library.redline["labels"]["option_gone"])
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
            what=topic_title(library, key),
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
        return topic_title(library, name)
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
    side_label = library.redline["labels"]["upgrade_side"]
    old = Side(
        label=fill(side_label, file=path.name, version=plan.before.library),
        answers=plan.before,
        library=previous_library or library,
        path=path,
        migrated=None if previous_library else plan.migrated,
    )
    new = Side(
        label=fill(side_label, file=path.name, version=library.version),
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
