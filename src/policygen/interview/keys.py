"""Keys a question answers besides its own: ``?`` for help, ``t`` for an option's clause text.

Each leaves the prompt with a sentinel (``HELP``, or ``ShowText`` naming the highlighted option)
and erases the prompt as it goes, so asking again never leaves a second copy of the question on
the screen: the terminal keeps one question line, with what the key showed above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import questionary
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from questionary.prompts.common import InquirerControl

HELP: Final = object()


@dataclass(frozen=True, slots=True)
class ShowText:
    """The user asked to read the clause text of the option with this value."""

    value: Any


def bind(prompt: questionary.Question, *, text: bool, clause_text: bool = False) -> None:
    """Bind ``?`` (help) and, in a list with clause texts, ``t`` (the highlighted option's text).

    In a text prompt ``?`` is an ordinary character once the user has started typing, so it
    asks for help only while the field is empty or still holds the suggested default.
    """
    app = prompt.application
    initial = app.current_buffer.text if text else ""

    @Condition
    def untouched() -> bool:
        return not text or app.current_buffer.text in ("", initial)

    binding = KeyBindings()

    @binding.add("?", eager=True, filter=untouched)
    def _help(event: Any) -> None:
        event.app.erase_when_done = True
        event.app.exit(result=HELP)

    if clause_text:

        @binding.add("t", eager=True)
        def _text(event: Any) -> None:
            control = next(
                c for c in event.app.layout.find_all_controls() if isinstance(c, InquirerControl)
            )
            event.app.erase_when_done = True
            event.app.exit(result=ShowText(control.get_pointed_at().value))

    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), binding])
