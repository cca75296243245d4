"""The floor under the interview's start: one questionary text prompt on a terminal."""

from __future__ import annotations

import questionary

questionary.text("What is your organization's name?").unsafe_ask()
