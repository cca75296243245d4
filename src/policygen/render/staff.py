"""A comparison in words: what changes for staff, and notes, from ``templates/comparison.yaml``.

``document.changes`` holds the changes; every redline format (text, Markdown, HTML, PDF) words
them here, so the sentences are written once and live with the other document prose.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from policygen.document.changes import Comparison
from policygen.errors import RenderError
from policygen.library.builtin import content_dir
from policygen.library.fields import Reader
from policygen.render.common import long_date
from policygen.safe_yaml import load_yaml

STAFF_KEYS = ("version", "version_undated", "added", "removed", "changed", "reworded", "none")
NOTE_KEYS = ("unbuildable", "unanswered")


@cache
def sentences() -> Mapping[str, Mapping[str, str]]:
    """The sentence patterns, checked once: every key present, each one line of text."""
    path = content_dir("templates") / "comparison.yaml"
    reader = Reader(load_yaml(path, RenderError), path=path, field="", error=RenderError)
    reader.only({"staff", "notes"})
    found: dict[str, dict[str, str]] = {}
    for group, keys in (("staff", STAFF_KEYS), ("notes", NOTE_KEYS)):
        sub = reader.child(group)
        sub.only(set(keys))
        found[group] = {key: sub.string(key, one_line=True) for key in keys}
    return found


def staff_lines(cmp: Comparison) -> list[str]:
    """The changes in plain words, one line each, for an email or a staff meeting."""
    say = sentences()["staff"]
    lines: list[str] = []
    if cmp.new_version is not None:
        release = cmp.new_version
        if release.effective is not None:
            lines.append(
                say["version"].format(version=release.version, date=long_date(release.effective))
            )
        else:
            lines.append(say["version_undated"].format(version=release.version))
    for change in cmp.clauses:
        fields = {"title": change.title, "number": change.number}
        if change.kind == "added":
            lines.append(say["added"].format(choice=change.new_choice, **fields))
        elif change.kind == "removed":
            lines.append(say["removed"].format(**fields))
        elif change.old_choice != change.new_choice:
            lines.append(
                say["changed"].format(old=change.old_choice, new=change.new_choice, **fields)
            )
        else:
            lines.append(say["reworded"].format(**fields))
    if not cmp.clauses:
        lines.append(say["none"])
    return lines


def note_lines(cmp: Comparison) -> list[str]:
    """One line per side that could not be built in full."""
    say = sentences()["notes"]
    lines = []
    for note in cmp.notes:
        if note.error is not None:
            lines.append(say["unbuildable"].format(label=note.label, error=note.error))
        if note.unanswered:
            topics = ", ".join(note.unanswered)
            lines.append(say["unanswered"].format(label=note.label, topics=topics))
    return lines
