"""Document prose that is not a clause: "About this policy" and the closing note.

``prose.yaml`` in the built-in library holds the three texts; an agency folder may hold its own
``prose.yaml`` replacing any of them. Each text is a template over the finished document,
checked here in the sandbox and rendered once, as Markdown, by ``render.common.prose``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from jinja2 import TemplateError

from policygen.errors import LibraryError
from policygen.library.fields import Reader
from policygen.library.folders import inside, present
from policygen.library.templating import markdown_env
from policygen.safe_yaml import load_yaml

FILE: Final = "prose.yaml"
KEYS: Final = ("about", "draft_note", "final_note")


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
