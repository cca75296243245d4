"""Red-flag patterns (``clauses/redflags.yaml``) and the matcher that applies them to clause text.

A pattern is a set of regular expressions that must all match inside one sentence ("a restriction"
and "a protected subject"), minus sentences or whole texts that carry a carve-out. Patterns are
data so counsel can extend them: an agency's library folder may hold a ``redflags.yaml`` of its
own, whose patterns are added to the library's (``library_redflags``); it cannot replace or drop
one. ``tests/data/redflag-corpus.yaml`` measures the built-in patterns on real rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from policygen.errors import LibraryError
from policygen.library.builtin import content_dir
from policygen.library.fields import Reader
from policygen.library.folders import inside, present
from policygen.safe_yaml import load_yaml

if TYPE_CHECKING:
    from policygen.library.loader import Library

FILE: Final = "redflags.yaml"

ORGANIZATION_TYPES: Final = ("public-agency", "private-nonprofit", "private-for-profit")
_KEYS: Final = frozenset(
    {"id", "applies_to", "sentence", "unless_sentence", "unless_text", "why", "instead", "sources"}
)
_ELLIPSIS = re.compile(r"\.(?:\s*\.)+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]*\s+")
_LIST_ITEM = re.compile(r"\n[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_MARKUP = re.compile(r"\*\*|__|`|\\(?=[^\w\s])")
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "[": "", "]": ""}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RedFlag:
    """One pattern of overbroad wording, why it is a problem, and what to write instead."""

    id: str
    applies_to: frozenset[str]  # empty: every organisation type
    sentence: tuple[re.Pattern[str], ...]
    unless_sentence: re.Pattern[str] | None
    unless_text: re.Pattern[str] | None
    why: str
    instead: str
    sources: tuple[str, ...]

    def applies(self, org_type: str | None) -> bool:
        """Whether the pattern applies to this organisation type (None: the whole library)."""
        return org_type is None or not self.applies_to or org_type in self.applies_to


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    """A pattern found in a text: the sentence that matched."""

    flag: RedFlag
    sentence: str


def library_redflags(library: Library) -> tuple[RedFlag, ...]:
    """The patterns of the library in use: its root's, then those each added folder adds.

    The root is the built-in library or a fork of it (``POLICYGEN_CLAUSES``); a fork without a
    ``redflags.yaml`` is checked with the built-in patterns. An added folder's pattern may not
    reuse an id, so an agency can add patterns but never silence one of the library's.
    """
    root, *added = library.folders
    own = root / FILE
    flags = load_redflags(own if present(own) else None)
    for folder in added:
        path = folder / FILE
        if not present(path):
            continue
        taken = {flag.id for flag in flags}
        more = load_redflags(inside(path, folder))
        for index, flag in enumerate(more):
            if flag.id in taken:
                raise LibraryError(
                    f"pattern id {flag.id!r} is already a pattern of the library; "
                    "give yours its own id",
                    path=path,
                    field=f"[{index}].id",
                )
        flags += more
    return flags


def load_redflags(path: Path | None = None) -> tuple[RedFlag, ...]:
    """The red-flag patterns of one file (by default the built-in library's), validated."""
    path = path or content_dir("clauses") / FILE
    data = load_yaml(path, LibraryError)
    if not isinstance(data, list):
        raise LibraryError("expected a list of patterns", path=path, field="(top level)")
    flags = [
        _flag(Reader(item, path=path, field=f"[{index}]", error=LibraryError))
        for index, item in enumerate(data)
    ]
    ids = [flag.id for flag in flags]
    if len(set(ids)) != len(ids):
        raise LibraryError("pattern ids must be unique", path=path, field="(top level)")
    return tuple(flags)


def _flag(reader: Reader) -> RedFlag:
    reader.only(set(_KEYS))
    applies = reader.id_list("applies_to", optional=True)
    for index, org_type in enumerate(applies):
        if org_type not in ORGANIZATION_TYPES:
            raise reader.fail(f"{org_type!r} is not an organisation type", f"applies_to[{index}]")
    groups = reader.items("sentence")
    if not groups:
        raise reader.fail("give at least one expression", "sentence")
    return RedFlag(
        id=reader.identifier("id"),
        applies_to=frozenset(applies),
        sentence=tuple(_compile(reader, f"sentence[{i}]", g) for i, g in enumerate(groups)),
        unless_sentence=_optional(reader, "unless_sentence"),
        unless_text=_optional(reader, "unless_text"),
        why=" ".join(reader.string("why").split()),
        instead=" ".join(reader.string("instead").split()),
        sources=reader.id_list("sources", optional=True),
    )


def _optional(reader: Reader, key: str) -> re.Pattern[str] | None:
    value = reader.data.get(key)
    return None if value is None else _compile(reader, key, value)


def _compile(reader: Reader, field: str, value: Any) -> re.Pattern[str]:
    """A regular expression, or a list of alternatives joined into one."""
    parts = value if isinstance(value, list) else [value]
    if not parts or not all(isinstance(part, str) and part for part in parts):
        raise reader.fail("expected a regular expression or a list of them", field)
    try:
        return re.compile("|".join(f"(?:{part})" for part in parts), re.IGNORECASE)
    except re.error as err:
        raise reader.fail(f"invalid regular expression: {err}", field) from err


def normalise(text: str) -> str:
    """One line, straight quotes, no square brackets, ellipses as one character."""
    return " ".join(_ELLIPSIS.sub("\u2026", text.translate(_QUOTES)).split())


def _split(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(normalise(text)) if part]


def find(text: str, flags: tuple[RedFlag, ...], org_type: str | None) -> list[Hit]:
    """Each pattern that matches a sentence of ``text``, with the first sentence it matched."""
    units = list(sentences(text))
    whole = normalise(text)
    hits = []
    for flag in flags:
        if not flag.applies(org_type) or (flag.unless_text and flag.unless_text.search(whole)):
            continue
        for unit in units:
            if flag.unless_sentence and flag.unless_sentence.search(unit):
                continue
            if all(group.search(unit) for group in flag.sentence):
                hits.append(Hit(flag=flag, sentence=unit))
                break
    return hits


def sentences(text: str) -> Iterator[str]:
    """Sentences of a clause, each list item read with the sentence that introduces it.

    "It must not:" followed by "- Hide negative reviews." reads as one sentence, also when a blank
    line separates them, so a rule and its negation stay together.
    """
    lead = ""
    for paragraph in re.split(r"\n\s*\n", _MARKUP.sub("", text)):
        head, *items = _LIST_ITEM.split("\n" + paragraph)
        head_sentences = _split(head)
        if head_sentences:
            yield from head_sentences
            lead = head_sentences[-1] if head_sentences[-1].endswith(":") else ""
        for item in items:
            for sentence in _split(item):
                yield f"{lead} {sentence}".strip()
