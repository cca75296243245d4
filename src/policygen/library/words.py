"""Roles and titles as noun phrases: the article, lists of names, and verb agreement.

Job titles are answers ("Clinical Director", "Board of Directors"), stored without an article,
so a sentence written once reads right for every organisation: ``{{ policy.owner | The }} owns
this policy`` gives "The Clinical Director owns this policy", and two approvers read "The Board
of Directors and the Medical Director approve each new version". These functions are the
filters ``the``, ``The`` and ``agree`` of clause text and document templates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final, Self

_ARTICLE: Final = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


class Names(str):
    """Several names that read as one phrase ("A, B and C") but remember each name."""

    names: tuple[str, ...]

    def __new__(cls, names: Iterable[Any]) -> Self:
        """The phrase for ``names``, keeping the names for ``the`` and ``agree``."""
        items = tuple(str(name) for name in names)
        phrase = super().__new__(cls, join_names(items))
        phrase.names = items
        return phrase


def join_names(names: Iterable[Any]) -> str:
    """``["A", "B", "C"]`` → ``"A, B and C"``."""
    items = [str(name) for name in names]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def strip_article(value: str) -> str:
    """A title without a leading "the", "a" or "an": the text adds its own article."""
    return _ARTICLE.sub("", value, count=1)


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, Names):
        return value.names
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value)
    return (str(value),)


def the(value: Any) -> str:
    """Each name with "the" before it, joined: "the Board of Directors and the Medical Director"."""
    return join_names(f"the {strip_article(name)}" for name in _names(value))


def the_start(value: Any) -> str:
    """``the`` for the start of a sentence: "The Board of Directors"."""
    phrase = the(value)
    return phrase[:1].upper() + phrase[1:]


def agree(value: Any, singular: str, plural: str) -> str:
    """The word that agrees with one name or several: ``agree('approves', 'approve')``."""
    return plural if len(_names(value)) > 1 else singular


FILTERS: Final = {"the": the, "The": the_start, "agree": agree}
