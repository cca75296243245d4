"""The review screen: every answer in one list; change one, and the flow follows.

Changing an answer drops the answers it made irrelevant (named by title) and asks the questions
it made relevant, numbered as a series of their own. Within a session a dropped answer is kept,
so undoing the change brings it back rather than asking it again.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import questionary
from questionary import Choice, Separator

from policygen.answers.applicability import applicable, asked_fields, prune
from policygen.answers.file import Answers, check_topic_value, write_answers
from policygen.interview.prompts import (
    FINISH,
    HEADING,
    MUTED,
    STYLE,
    _ask,
    _question_for,
    ask,
    ask_missing,
    store,
)
from policygen.library.loader import Library
from policygen.library.profile import BEFORE_TOPICS, ProfileField


def describe(library: Library, answers: Answers) -> list[tuple[str, str]]:
    """Review lines: (key, "what: answer") for every profile field and asked topic."""
    lines: list[tuple[str, str]] = []
    for spec in [s for group in BEFORE_TOPICS for s in library.profile_group(group)]:
        value = answers.group(spec.group).get(spec.id)
        lines.append((f"{spec.group}.{spec.id}", f"{_short(spec.prompt)}: {_shown(spec, value)}"))
    for topic in applicable(library, answers):
        value = answers.topics.get(topic.id)
        chosen = value if isinstance(value, list) else [value]
        labels = [o.label for o in topic.options if o.value in chosen] or [str(value)]
        lines.append((f"answers.{topic.id}", f"{topic.title}: {'; '.join(labels)}"))
    for spec in asked_fields(library, answers, "contacts"):
        value = answers.contacts.get(spec.id)
        lines.append((f"contacts.{spec.id}", f"{_short(spec.prompt)}: {_shown(spec, value)}"))
    return lines


def _fit(text: str, width: int) -> str:
    """One review line per answer: cut long labels so the list never wraps."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _short(prompt: str) -> str:
    return prompt.split("?")[0].split("(")[0].strip()


def _shown(spec: ProfileField, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(next((c.label for c in spec.choices if c.value == value), value))


def review(library: Library, path: Path, answers: Answers, today: dt.date) -> Answers:
    """Show every answer; the user may change any, then the flow asks what became relevant."""
    earlier: dict[str, Any] = {}  # answers dropped by a change, restored if it is undone
    while True:
        questionary.print("\nReview your answers", style=HEADING)
        choices: list[Choice | Separator] = [Choice("Save and finish", value=FINISH), Separator()]
        width = max(40, shutil.get_terminal_size().columns - 6)
        choices += [
            Choice(_fit(text, width), value=key) for key, text in describe(library, answers)
        ]
        picked = _ask(
            questionary.select(
                "Pick an answer to change, or save and finish:",
                choices=choices,
                style=STYLE,
                instruction="(arrows, Enter)",
            )
        )
        if picked == FINISH:
            write_answers(path, answers)
            questionary.print(f"Saved {path}", style=HEADING)
            return answers
        answers = change(library, path, answers, picked, today, earlier)


def change(
    library: Library,
    path: Path,
    answers: Answers,
    key: str,
    today: dt.date,
    earlier: dict[str, Any] | None = None,
) -> Answers:
    """Re-ask one answer, drop answers it made irrelevant, then ask what became relevant.

    ``earlier`` keeps, for the session, the answers a change dropped: turning "we host
    students" off and on again brings the students answer back instead of asking it afresh.
    """
    earlier = {} if earlier is None else earlier
    question = _question_for(library, answers, key, today)
    answers = store(library, answers, key, ask(question))
    before = dict(answers.topics)
    answers, dropped = prune(library, answers)
    for removed in dropped:
        if removed in before:
            earlier[removed] = before[removed]
        questionary.print(
            f"  No longer applies, answer removed: {_title(library, removed)}", style=MUTED
        )
    answers = _restore(library, answers, earlier)
    write_answers(path, answers)
    return ask_missing(library, path, answers, today, count_from=0)


def _title(library: Library, key: str) -> str:
    """How a dropped answer is named: a topic's title, a contact's question."""
    group, _, name = key.rpartition(".")
    if group:
        spec = library.profile_field(group, name)
        return _short(spec.prompt) if spec is not None else key
    topic = library.topic(key)
    return topic.title if topic is not None else key


def _restore(library: Library, answers: Answers, earlier: dict[str, Any]) -> Answers:
    """Bring back dropped answers whose topic applies again and whose option is still offered."""
    for topic in applicable(library, answers):
        value = earlier.get(topic.id)
        if value is None or topic.id in answers.topics:
            continue
        if check_topic_value(topic, value, answers.context(library)) is None:
            answers = store(library, answers, f"answers.{topic.id}", value)
            del earlier[topic.id]
            questionary.print(f"  Applies again, earlier answer kept: {topic.title}", style=MUTED)
    return answers
