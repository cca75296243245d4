"""Document prose that is not a clause: "About this policy", the closing note, a redline's words.

``prose.yaml`` in the built-in library holds the three texts; an agency folder may hold its own
``prose.yaml`` replacing any of them. Each text is a template over the finished document,
checked here in the sandbox and rendered once, as Markdown, by ``render.common.prose``.

``redline.yaml`` holds the words a redline adds around the changes (headings, labels, the
sentences for staff), in groups; an agency folder's ``redline.yaml`` replaces the texts it names.
They are one line each with ``{field}`` slots, checked here against the fields each may use, and
filled by ``render.staff``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Final

from jinja2 import TemplateError

from policygen.errors import LibraryError
from policygen.library.builtin import content_dir
from policygen.library.fields import Reader
from policygen.library.folders import inside, present
from policygen.library.templating import markdown_env
from policygen.safe_yaml import load_yaml

FILE: Final = "prose.yaml"
KEYS: Final = ("about", "draft_note", "final_note")

REDLINE_FILE: Final = "redline.yaml"
# Every redline text, by group, with the fields it may use.
REDLINE_FIELDS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "headings": {
        "title": ("title",),
        "page_title": ("title", "old", "new"),
        "staff": (),
        "clauses": (),
        "answers": (),
        "notes": (),
    },
    "labels": {
        "sides": ("old", "new"),
        "version": ("version",),
        "legend": ("inserted", "deleted"),
        "inserted": (),
        "deleted": (),
        "identical": (),
        "added": (),
        "removed": (),
        "reworded": (),
        "previous_answer": ("choice",),
        "option_gone": (),
        "upgrade_side": ("file", "version"),
        "answer": (),
        "before": (),
        "after": (),
        "none": (),
        "note": (),
        "why": (),
        "history": ("version",),
        "library": (),
        "approved_by": ("names",),
        "yes": (),
        "no": (),
        "colophon": (),
    },
    "staff": {
        "version": ("version", "date"),
        "version_undated": ("version",),
        "added": ("title", "number", "choice"),
        "removed": ("title", "number"),
        "changed": ("title", "number", "old", "new"),
        "reworded": ("title", "number"),
        "none": (),
    },
    "notes": {"unbuildable": ("label", "error"), "unanswered": ("label", "topics")},
}
SLOT: Final = re.compile(r"\{(\w+)\}")

RedlineWords = Mapping[str, Mapping[str, str]]  # group → key → text with {field} slots


def load_prose(base: Path, extra: Sequence[Path]) -> Mapping[str, str]:
    """The library's prose, each later folder's ``prose.yaml`` replacing what it names."""
    prose = _read(base / FILE, required=set(KEYS))
    for folder in extra:
        path = folder / FILE
        if present(path):
            prose.update(_read(inside(path, folder), required=set()))
    return prose


def _read(path: Path, *, required: set[str]) -> dict[str, str]:
    reader = Reader(load_yaml(path, LibraryError), path=path, field="", error=LibraryError)
    reader.only(set(KEYS))
    found: dict[str, str] = {}
    for key in KEYS:
        if key not in required and key not in reader.data:
            continue
        text = reader.string(key)
        try:
            markdown_env().parse(text)
        except TemplateError as err:
            raise reader.fail(f"template error: {err.message or err}", key) from err
        found[key] = text
    return found


def load_redline_words(base: Path, extra: Sequence[Path]) -> RedlineWords:
    """A redline's words: the root's, then each later folder's replacing the texts it names.

    A fork of the library (``POLICYGEN_CLAUSES``) without a ``redline.yaml`` uses the built-in one.
    """
    own = base / REDLINE_FILE
    words = _read_words(own if present(own) else content_dir("clauses") / REDLINE_FILE, True)
    for folder in extra:
        path = folder / REDLINE_FILE
        if present(path):
            for group, texts in _read_words(inside(path, folder), False).items():
                words[group].update(texts)
    return words


def _read_words(path: Path, complete: bool) -> dict[str, dict[str, str]]:
    """One ``redline.yaml``; ``complete`` when every text must be there (the library's own)."""
    reader = Reader(load_yaml(path, LibraryError), path=path, field="", error=LibraryError)
    reader.only(set(REDLINE_FIELDS))
    found: dict[str, dict[str, str]] = {}
    for group, keys in REDLINE_FIELDS.items():
        found[group] = {}
        if not complete and group not in reader.data:
            continue
        sub = reader.child(group)
        sub.only(set(keys))
        for key, fields in keys.items():
            if complete or key in sub.data:
                found[group][key] = _words(sub, key, fields)
    return found


def _words(reader: Reader, key: str, fields: tuple[str, ...]) -> str:
    text = reader.string(key, one_line=True)
    for name in SLOT.findall(text):
        if name not in fields:
            known = ", ".join(f"{{{field}}}" for field in fields) or "none"
            raise reader.fail(f"unknown field {{{name}}} (this text may use: {known})", key)
    return text


def fill(text: str, escape: Callable[[str], str] = str, /, **values: str) -> str:
    """A redline text with its ``{field}`` slots filled.

    The words around the slots go through ``escape`` (Markdown or HTML escaping); the values are
    put in as given, already escaped or marked up by the caller. Every field a text may use must
    be given: the texts were checked against their fields when the library was loaded.
    """
    parts = SLOT.split(text)
    return "".join(values[part] if odd % 2 else escape(part) for odd, part in enumerate(parts))
