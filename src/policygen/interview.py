"""The terminal interview: profile, then topics, then a review screen. Imports questionary.

Every answer is saved before the next question, so an interruption (Ctrl-C, Ctrl-D, SIGTERM)
never loses work; ``InterviewAborted`` tells the user how to resume. Which question comes next
is decided by ``answers.applicable``, a plain function, so the flow is testable without a
terminal and the interview only does the asking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary import Choice, Separator

from policygen.answers import (
    Answers,
    applicable,
    check_text,
    profile_default,
    prune,
    write_answers,
)
from policygen.errors import InterviewAborted
from policygen.library import Library, ProfileField, Topic

HELP: Final = "?"
FINISH: Final = "__finish__"
STYLE: Final = questionary.Style(
    [("help", "fg:ansibrightblack italic"), ("header", "bold"), ("progress", "fg:ansicyan")]
)


class Terminated(BaseException):
    """Raised from the SIGTERM handler so the interview can save and exit 143."""


def run_interview(
    library: Library, path: Path, answers: Answers, today: dt.date, *, ask_build: bool = True
) -> tuple[Answers, bool]:
    """Ask what is missing, then review; return the final answers and whether to build."""
    try:
        answers = _ask_missing(library, path, answers, today)
        answers = _review(library, path, answers, today)
        build = ask_build and _ask(
            questionary.confirm("Build the policy now (Markdown, HTML and PDF)?", default=True)
        )
    except (KeyboardInterrupt, EOFError) as err:
        raise _aborted(path, 130) from err
    except Terminated as err:
        raise _aborted(path, 143) from err
    return answers, bool(build)


def _aborted(path: Path, code: int) -> InterviewAborted:
    return InterviewAborted(
        f"interrupted; your answers so far are saved in {path}. "
        f"Resume with: policygen interview {path} --resume",
        exit_code=code,
    )


def _ask_missing(library: Library, path: Path, answers: Answers, today: dt.date) -> Answers:
    """Ask every unanswered profile field and applicable topic, saving after each."""
    for spec in library.profile:
        group = dict(answers.organization if spec.group == "organization" else answers.policy)
        if spec.id in group:
            continue
        _header(
            library,
            answers,
            f"About your {'organization' if spec.group == 'organization' else 'policy'}",
        )
        group[spec.id] = _ask_profile(spec, profile_default(spec, group, today), spec.help)
        answers = _with_group(answers, spec.group, group)
        write_answers(path, answers)
    if "title" not in answers.policy or "version" not in answers.policy:
        policy = {"title": library.title, "version": "1.0", **answers.policy}
        answers = replace(answers, policy=policy)
        write_answers(path, answers)
    while (topic := next_topic(library, answers)) is not None:
        section = next(s.title for s in library.sections if s.id == topic.section)
        _header(library, answers, section)
        value = _ask_topic(topic, topic.default_for(answers.context(library)), answers, library)
        answers = replace(answers, topics={**answers.topics, topic.id: value})
        write_answers(path, answers)
    return answers


def next_topic(library: Library, answers: Answers) -> Topic | None:
    """The first applicable topic without an answer, in document order."""
    for topic in applicable(library, answers):
        if answers.topics.get(topic.id) is None:
            return topic
    return None


def _header(library: Library, answers: Answers, title: str) -> None:
    done = sum(
        1
        for s in library.profile
        if s.id in (answers.organization if s.group == "organization" else answers.policy)
    )
    asked = applicable(library, answers) if len(answers.organization) >= _org_count(library) else []
    done += sum(1 for t in asked if answers.topics.get(t.id) is not None)
    total = len(library.profile) + (len(asked) if asked else len(library.topics))
    questionary.print(f"\n[{done + 1}/{total}] {title}", style="class:progress bold")


def _org_count(library: Library) -> int:
    return len(library.profile_group("organization"))


def _with_group(answers: Answers, group: str, values: dict[str, Any]) -> Answers:
    if group == "organization":
        return replace(answers, organization=values)
    return replace(answers, policy=values)


def _ask(question: questionary.Question) -> Any:
    """Ask one question: Ctrl-C raises, Ctrl-D raises ``EOFError``, ``?`` returns ``HELP``."""
    extra = KeyBindings()

    @extra.add(Keys.ControlD, eager=True)
    def _eof(event: Any) -> None:
        event.app.exit(exception=EOFError)

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), extra])
    return question.unsafe_ask(patch_stdout=False)


def _with_help(
    make: Callable[[], questionary.Question], help_text: str, *, text: bool = False
) -> Any:
    """Ask until the user answers; ``?`` (a key, or the whole typed text) shows the help line."""
    while True:
        question = make()
        if not text:
            binding = KeyBindings()

            @binding.add("?", eager=True)
            def _help(event: Any) -> None:
                event.app.exit(result=HELP)

            app = question.application
            app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), binding])
        answer = _ask(question)
        if answer == HELP:
            questionary.print(f"  {help_text}", style="class:help")
            continue
        return answer


def _ask_profile(spec: ProfileField, default: Any, help_text: str) -> Any:
    prompt = spec.prompt
    if spec.type == "select":
        choices = [Choice(c.label, value=c.value) for c in spec.choices]
        return _with_help(
            lambda: questionary.select(
                prompt,
                choices=choices,
                default=next((c for c in choices if c.value == default), None),
                instruction="(arrows to move, Enter to choose, ? for help)",
                style=STYLE,
            ),
            help_text,
        )
    if spec.type == "confirm":
        return _with_help(
            lambda: questionary.confirm(
                prompt, default=bool(default), instruction="(y/n, ? for help) ", style=STYLE
            ),
            help_text,
        )
    if spec.type == "date":
        shown = default.isoformat() if isinstance(default, dt.date) else str(default)
        typed = _with_help(
            lambda: questionary.text(
                f"{prompt} [? for help]", default=shown, validate=_valid_date, style=STYLE
            ),
            help_text,
            text=True,
        )
        return dt.date.fromisoformat(typed.strip())
    typed = _with_help(
        lambda: questionary.text(
            f"{prompt} [? for help]",
            default=str(default),
            validate=lambda s: _valid_text(s, spec.pattern, spec.pattern_help),
            style=STYLE,
        ),
        help_text,
        text=True,
    )
    return typed.strip()


def _valid_date(text: str) -> bool | str:
    if text.strip() == HELP:
        return True
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return "Enter a date as YYYY-MM-DD, for example 2026-12-01"
    return True


def _valid_text(
    text: str, pattern: str | None = None, pattern_help: str | None = None
) -> bool | str:
    if text.strip() == HELP:
        return True
    problem = check_text(text.strip(), pattern, pattern_help)
    return True if problem is None else problem[0].upper() + problem[1:]


def _ask_topic(topic: Topic, default: Any, answers: Answers, library: Library) -> Any:
    context = answers.context(library)
    options = topic.available(context)
    if topic.type == "text":
        typed = _with_help(
            lambda: questionary.text(
                f"{topic.prompt} [? for help]",
                default=str(default),
                validate=_valid_text,
                style=STYLE,
            ),
            topic.help,
            text=True,
        )
        return typed.strip()
    if topic.type == "confirm":
        return _with_help(
            lambda: questionary.confirm(
                topic.prompt, default=bool(default), instruction="(y/n, ? for help) ", style=STYLE
            ),
            topic.help,
        )
    if topic.type == "checkbox":
        chosen = default if isinstance(default, list) else [default]
        return _with_help(
            lambda: questionary.checkbox(
                topic.prompt,
                choices=[
                    Choice(o.label, value=o.value, checked=o.value in chosen) for o in options
                ],
                validate=lambda values: True if values else "Choose at least one",
                instruction="(space to tick, Enter to confirm, ? for help)",
                style=STYLE,
            ),
            topic.help,
        )
    choices = [Choice(o.label, value=o.value) for o in options]
    return _with_help(
        lambda: questionary.select(
            topic.prompt,
            choices=choices,
            default=next((c for c in choices if c.value == default), None),
            instruction="(arrows to move, Enter to choose, ? for help)",
            style=STYLE,
        ),
        topic.help,
    )


def describe(library: Library, answers: Answers) -> list[tuple[str, str]]:
    """Review lines: (key, "what: answer") for every profile field and asked topic."""
    lines: list[tuple[str, str]] = []
    for spec in library.profile:
        values = answers.organization if spec.group == "organization" else answers.policy
        value = values.get(spec.id)
        shown = next((c.label for c in spec.choices if c.value == value), value)
        if isinstance(shown, bool):
            shown = "Yes" if shown else "No"
        lines.append((f"{spec.group}.{spec.id}", f"{spec.prompt.split('?')[0]}: {shown}"))
    for topic in applicable(library, answers):
        value = answers.topics.get(topic.id)
        chosen = value if isinstance(value, list) else [value]
        labels = [o.label for o in topic.options if o.value in chosen] or [str(value)]
        lines.append((f"answers.{topic.id}", f"{topic.title}: {'; '.join(labels)}"))
    return lines


def _review(library: Library, path: Path, answers: Answers, today: dt.date) -> Answers:
    """Show every answer; the user may change any, then the flow re-asks what changed."""
    while True:
        questionary.print("\nReview your answers", style="class:header bold")
        choices: list[Choice | Separator] = [Choice("Save and finish", value=FINISH), Separator()]
        choices += [Choice(text, value=key) for key, text in describe(library, answers)]
        picked = _ask(
            questionary.select(
                "Pick an answer to change, or save and finish:", choices=choices, style=STYLE
            )
        )
        if picked == FINISH:
            write_answers(path, answers)
            questionary.print(f"Saved {path}", style="class:progress")
            return answers
        answers = _change(library, path, answers, picked, today)


def _change(library: Library, path: Path, answers: Answers, key: str, today: dt.date) -> Answers:
    group, _, name = key.partition(".")
    if group in ("organization", "policy"):
        spec = next(s for s in library.profile if s.group == group and s.id == name)
        values = dict(answers.organization if group == "organization" else answers.policy)
        current = values.get(name, profile_default(spec, values, today))
        values[name] = _ask_profile(spec, current, spec.help)
        answers = _with_group(answers, group, values)
    else:
        topic = library.topic(name)
        assert topic is not None
        current = answers.topics.get(name, topic.default_for(answers.context(library)))
        value = _ask_topic(topic, current, answers, library)
        answers = replace(answers, topics={**answers.topics, name: value})
    answers, dropped = prune(library, answers)
    for topic_id in dropped:
        questionary.print(f"  No longer asked, answer removed: {topic_id}", style="class:help")
    write_answers(path, answers)
    return _ask_missing(library, path, answers, today)
