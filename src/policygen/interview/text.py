"""What the interview shows and checks as the user types: clause text, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def clause_text(template: str, context: Mapping[str, Any]) -> str:
    """An option's clause text filled in with the answers so far, as plain terminal text.

    The interview shows it before the choice is made, when some answers may be missing; the
    text is then shown as written rather than not at all.
    """
    from jinja2 import TemplateError

    from policygen.library import compiled
    from policygen.library.templating import markdown_env
    from policygen.render.plain import plain

    try:
        return plain(compiled.template(markdown_env(), "markdown", template).render(context))
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError):
        return template


def date_problem(text: str, after: tuple[str, dt.date] | None = None) -> str | None:
    """Why typed text is not an acceptable date, or None. ``after`` is (what, date) to follow."""
    if not _ISO_DAY.match(text):
        return "Enter a date as YYYY-MM-DD, for example 2026-12-01"
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return f"{text} is not a real date"
    if after is not None and day <= after[1]:
        return f"{text} is on or before the {after[0]} ({after[1].isoformat()}); pick a later date"
    return None
