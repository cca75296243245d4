"""The terminal interview: profile, then topics, then a review screen. Imports questionary.

Every answer is saved before the next question, so an interruption (Ctrl-C, Ctrl-D, SIGTERM)
never loses work; ``InterviewAborted`` tells the user how to resume. Which question comes next
is decided by ``next_question``, a plain function over the library and the answers so far, so
the flow is testable without a terminal and this module only does the asking.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import questionary
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary import Choice

from policygen.answers.applicability import (
    applicable,
    asked_fields,
    date_order_problem,
    follow_cadence,
    key_order,
    placed,
    profile_default,
)
from policygen.answers.file import Answers, check_field, check_text, write_answers
from policygen.answers.meta import DEFAULT_VERSION
from policygen.interview import keys
from policygen.interview.guard import asking
from policygen.interview.text import clause_text, date_problem
from policygen.library.loader import Library, Topic
from policygen.library.profile import BEFORE_TOPICS, ProfileField

FINISH: Final = "__finish__"
MUTED: Final = "fg:ansibrightblack italic"
HEADING: Final = "fg:ansicyan bold"
# Lists show their hint beside the question and hide it once answered; text and yes/no prompts
# keep whatever sits beside them, so their hint goes in a toolbar that leaves with the prompt.
# A list whose options add clauses (a topic's, not the profile's) also says what t does.
HINTS: Final = {
    "select": "(arrows, Enter; ? help)",
    "checkbox": "(arrows, space to tick, Enter; ? help)",
}
CLAUSE_HINT: Final = "; t shows the clause"
TOOLBARS: Final = {
    "confirm": " y or n · Enter keeps the default · ? shows help",
    "text": " Enter keeps the suggestion · Ctrl-U clears it · ? shows help",
    "date": " A date as YYYY-MM-DD · Enter keeps the suggestion · ? shows help",
}
SECTIONS: Final = {
    "organization": "About your organization",
    "roles": "Who does what",
    "policy": "About the policy",
    "contacts": "Contacts the policy gives staff",
}
STYLE: Final = questionary.Style(
    [("qmark", "fg:ansicyan bold"), ("instruction", "fg:ansibrightblack")]
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """One question to ask, whether from ``profile.yaml`` or a topic file.

    Attributes:
        key: where the answer goes: ``organization.name``, ``policy.owner``, ``answers.<topic>``.
        choices: (label, value) pairs for select and checkbox.
    """

    key: str
    section: str
    prompt: str
    help: str
    kind: str
    default: Any
    choices: tuple[tuple[str, Any], ...] = ()
    pattern: str | None = None
    pattern_help: str | None = None
    check: Callable[[str], str | None] | None = None  # why typed text is wrong, or None
    texts: tuple[tuple[Any, str], ...] = ()  # option value → the clause text it would add
    after: tuple[str, dt.date] | None = None  # a date must be later than this (name, date)
    example: str | None = None  # the default is an example: shown greyed, not typed in for them


def run_interview(
    library: Library, path: Path, answers: Answers, today: dt.date, *, ask_build: bool = True
) -> tuple[Answers, bool]:
    """Ask what is missing, then review; return the final answers and whether to build."""
    from policygen.interview.review import review  # the review screen re-asks through here

    with asking(path):
        answers = ask_missing(library, path, answers, today)
        answers = review(library, path, answers, today)
        build = ask_build and _ask(
            questionary.confirm("Build the policy now (Markdown, HTML and PDF)?", default=True)
        )
    return answers, bool(build)


def next_question(library: Library, answers: Answers, today: dt.date) -> Question | None:
    """The first unanswered question: organization, roles and policy, then topics, then contacts.

    Contacts come last because whether one is needed depends on the clauses chosen.
    """
    for group in BEFORE_TOPICS:
        for spec in library.profile_group(group):
            if spec.id not in answers.group(group):
                default = profile_default(spec, library, answers, today)
                return _profile_question(library, spec, default, answers)
    for topic in applicable(library, answers):
        if answers.topics.get(topic.id) is None:
            return _topic_question(library, topic, answers)
    for spec in asked_fields(library, answers, "contacts"):
        if spec.id not in answers.contacts:
            default = profile_default(spec, library, answers, today)
            return _profile_question(library, spec, default, answers)
    return None


def progress(library: Library, answers: Answers) -> tuple[int, int]:
    """(answered, total) questions, counting only topics and contacts that apply so far."""
    before = [spec for group in BEFORE_TOPICS for spec in library.profile_group(group)]
    done = sum(1 for spec in before if spec.id in answers.group(spec.group))
    if done < len(before):  # conditions need the whole profile; count every topic and contact
        return done, len(before) + len(library.topics) + len(library.profile_group("contacts"))
    contacts = asked_fields(library, answers, "contacts")
    asked = applicable(library, answers)
    done += sum(1 for topic in asked if answers.topics.get(topic.id) is not None)
    done += sum(1 for spec in contacts if spec.id in answers.contacts)
    return done, len(before) + len(asked) + len(contacts)


def ask_missing(
    library: Library, path: Path, answers: Answers, today: dt.date, *, count_from: int | None = None
) -> Answers:
    """Ask every unanswered question in order, saving the file after each answer.

    Questions are numbered against the whole interview, or, with ``count_from``, as a series
    of their own ([1/2], [2/2]) after a change at the review screen or in an upgrade.
    """
    shown_section = ""
    asked = count_from
    while (question := next_question(library, answers, today)) is not None:
        if question.section != shown_section:
            questionary.print(f"\n{question.section}", style=HEADING)
            shown_section = question.section
        if asked is None:
            done, total = progress(library, answers)
        else:
            done, total = asked, asked + missing_count(library, answers)
            asked += 1
        answers = store(library, answers, question.key, ask(question, f"[{done + 1}/{total}]"))
        write_answers(path, answers)
    return answers


def missing_count(library: Library, answers: Answers) -> int:
    """How many questions that apply have no answer yet."""
    before = [spec for group in BEFORE_TOPICS for spec in library.profile_group(group)]
    count = sum(1 for spec in before if spec.id not in answers.group(spec.group))
    count += sum(1 for t in applicable(library, answers) if answers.topics.get(t.id) is None)
    contacts = asked_fields(library, answers, "contacts")
    return count + sum(1 for spec in contacts if spec.id not in answers.contacts)


def store(library: Library, answers: Answers, key: str, value: Any) -> Answers:
    """Put one answer in place; the policy title and version get their defaults with it."""
    group, _, name = key.partition(".")
    order = key_order(library, group)
    if group == "answers":
        stored = replace(answers, topics=placed(answers.topics, name, value, order))
        return follow_cadence(library, answers, stored)
    previous = answers.group(group).get(name)
    if isinstance(previous, list | tuple) and isinstance(value, str):
        value = [part.strip() for part in value.split(";") if part.strip()]  # keep it a list
    spec = library.profile_field(group, name)
    if spec is not None:
        value = spec.normalized(value)  # "nc" is stored as NC, "the PIO" as PIO
    values = placed(answers.group(group), name, value, order)
    if group == "policy":
        for extra, default in (("title", library.title), ("version", DEFAULT_VERSION)):
            if extra not in values:
                values = placed(values, extra, default, order)
    return answers.with_group(group, values)


def _profile_question(
    library: Library, spec: ProfileField, default: Any, answers: Answers
) -> Question:
    def check(text: str) -> str | None:
        return check_field(spec, text, library.states)

    return Question(
        key=f"{spec.group}.{spec.id}",
        section=SECTIONS[spec.group],
        prompt=spec.prompt,
        help=spec.help,
        kind="text" if spec.type == "state" else spec.type,
        default=default,
        choices=tuple((choice.label, choice.value) for choice in spec.choices),
        pattern=spec.pattern,
        pattern_help=spec.pattern_help,
        check=check if spec.type in ("text", "state") else None,
        after=date_order_problem(answers.policy, spec.id) if spec.group == "policy" else None,
        example=str(default) if spec.holds_example(default) else None,
    )


def _topic_question(library: Library, topic: Topic, answers: Answers) -> Question:
    context = answers.context(library)
    current = answers.topics.get(topic.id)
    return Question(
        key=f"answers.{topic.id}",
        section=next(s.title for s in library.sections if s.id == topic.section),
        prompt=topic.prompt,
        help=topic.help,
        kind=topic.type,
        default=topic.default_for(context) if current is None else current,
        choices=tuple((option.label, option.value) for option in topic.available(context)),
        texts=tuple((o.value, clause_text(o.text, context)) for o in topic.available(context)),
    )


def ask(question: Question, qmark: str = "?") -> Any:
    """Ask one question until answered; ``?`` shows its help line and asks again.

    A choice with only one option for this organisation is not a question: it is stated and
    recorded, so the user is never asked to "choose" from a list of one.
    """
    if question.kind == "select" and len(question.choices) == 1:
        label, value = question.choices[0]
        questionary.print(f"{qmark} {question.prompt} ", style="bold", end="")
        questionary.print(f"{label} (the only option that applies to you)", style=MUTED)
        return value
    helped = False
    while True:
        prompt = _build(question, qmark)
        keys.bind(
            prompt, text=question.kind in ("text", "date"), clause_text=shows_clause(question)
        )
        answer = _ask(prompt)
        if answer is keys.HELP:
            if not helped:  # the prompt erased itself; the help line stays above it once
                questionary.print(f"  {question.help}", style=MUTED)
                helped = True
            continue
        if isinstance(answer, keys.ShowText):
            label = next(label for label, value in question.choices if value == answer.value)
            questionary.print(f"  {label}:", style="bold")
            text = dict(question.texts).get(answer.value, "")
            questionary.print(textwrap.indent(text.strip(), "    "), style=MUTED)
            question = replace(question, default=answer.value)  # keep the highlight there
            continue
        if question.kind == "date":
            return dt.date.fromisoformat(answer.strip())
        if question.example is not None and not answer.strip():
            return question.default  # Enter keeps the example, as with any default; check warns
        return answer.strip() if isinstance(answer, str) else answer


def _build(question: Question, qmark: str) -> questionary.Question:
    common: dict[str, Any] = {"qmark": qmark, "style": STYLE}
    if question.kind in HINTS:
        common["instruction"] = hint(question)
    else:
        common["bottom_toolbar"] = TOOLBARS[question.kind]
    if question.kind == "confirm":
        return questionary.confirm(question.prompt, default=bool(question.default), **common)
    if question.kind in ("text", "date"):
        default = question.default
        if isinstance(default, dt.date):
            shown = default.isoformat()
        elif isinstance(default, list | tuple):  # several approvers: "Board; Medical Director"
            shown = "; ".join(str(item) for item in default)
        else:
            shown = str(default)
        if question.example is not None:  # typing replaces the example instead of adding to it
            return questionary.text(
                question.prompt,
                placeholder=FormattedText([(MUTED, question.example)]),
                validate=_validator(question),
                **common,
            )
        return questionary.text(
            question.prompt, default=shown, validate=_validator(question), **common
        )
    if question.kind == "checkbox":
        chosen = question.default if isinstance(question.default, list) else [question.default]
        return questionary.checkbox(
            question.prompt,
            choices=[Choice(label, value=v, checked=v in chosen) for label, v in question.choices],
            validate=lambda values: True if values else "Tick at least one",
            **common,
        )
    choices = [Choice(label, value=value) for label, value in question.choices]
    default_choice = next((c for c in choices if c.value == question.default), None)
    return questionary.select(question.prompt, choices=choices, default=default_choice, **common)


def shows_clause(question: Question) -> bool:
    """Whether ``t`` shows the highlighted option's clause: a list whose options add clauses."""
    return question.kind in HINTS and bool(question.texts)


def hint(question: Question) -> str:
    """The keys a list question answers to, ``t`` only where it shows a clause."""
    text = HINTS[question.kind]
    return text.replace("; ? help)", f"{CLAUSE_HINT}; ? help)") if shows_clause(question) else text


def _validator(question: Question) -> Any:
    def validate(text: str) -> bool | str:
        if question.example is not None and not text.strip():
            return True  # Enter on the greyed example keeps it
        if question.kind == "date":
            return date_problem(text.strip(), question.after) or True
        if question.check is not None:
            problem = question.check(text.strip())
        else:
            problem = check_text(text.strip(), question.pattern, question.pattern_help)
        return True if problem is None else problem[0].upper() + problem[1:]

    return validate


def _ask(prompt: questionary.Question) -> Any:
    """Run a prompt: Ctrl-C raises ``KeyboardInterrupt``, Ctrl-D raises ``EOFError``."""
    binding = KeyBindings()

    @binding.add(Keys.ControlD, eager=True)
    def _eof(event: Any) -> None:
        event.app.exit(exception=EOFError)

    app = prompt.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), binding])
    return prompt.unsafe_ask(patch_stdout=False)


def ask_topics(
    library: Library, path: Path, answers: Answers, topic_ids: Sequence[str], today: dt.date
) -> Answers:
    """Ask only the given topics (for ``upgrade``), saving after each, then fill the rest.

    They are numbered as a series of their own: [1/2], [2/2].
    """
    total = len(topic_ids) + missing_count(library, answers)
    for index, topic_id in enumerate(topic_ids):
        key = f"answers.{topic_id}"
        question = _question_for(library, answers, key, today)
        answers = store(library, answers, key, ask(question, f"[{index + 1}/{total}]"))
        write_answers(path, answers)
    return ask_missing(library, path, answers, today, count_from=len(topic_ids))


def _question_for(library: Library, answers: Answers, key: str, today: dt.date) -> Question:
    group, _, name = key.partition(".")
    if group == "answers":
        topic = library.topic(name)
        if topic is None:
            raise KeyError(key)
        return _topic_question(library, topic, answers)
    spec = library.profile_field(group, name)
    if spec is None:
        raise KeyError(key)
    values = answers.group(group)
    current = values.get(name)
    default = profile_default(spec, library, answers, today) if current is None else current
    return _profile_question(library, spec, default, answers)
