"""A comparison in words: what changes for staff, and notes, from the library's ``redline.yaml``.

``document.changes`` holds the changes; every redline format (text, Markdown, HTML, PDF) words
them here with the words the comparison carries (``Comparison.words``, the new side's library,
which an agency folder may reword), so the sentences are written once and live with the other
document prose.
"""

from __future__ import annotations

from policygen.document.changes import Comparison
from policygen.library.prose import fill
from policygen.render.common import long_date


def staff_lines(cmp: Comparison) -> list[str]:
    """The changes in plain words, one line each, for an email or a staff meeting."""
    say = cmp.words["staff"]
    lines: list[str] = []
    if cmp.new_version is not None:
        release = cmp.new_version
        if release.effective is not None:
            date = long_date(release.effective)
            lines.append(fill(say["version"], version=release.version, date=date))
        else:
            lines.append(fill(say["version_undated"], version=release.version))
    for change in cmp.clauses:
        fields = {"title": change.title, "number": change.number}
        if change.kind == "added":
            lines.append(fill(say["added"], choice=str(change.new_choice), **fields))
        elif change.kind == "removed":
            lines.append(fill(say["removed"], **fields))
        elif change.old_choice != change.new_choice:
            old, new = str(change.old_choice), str(change.new_choice)
            lines.append(fill(say["changed"], old=old, new=new, **fields))
        else:
            lines.append(fill(say["reworded"], **fields))
    if not cmp.clauses:
        lines.append(say["none"])
    return lines


def note_lines(cmp: Comparison) -> list[str]:
    """One line per side that could not be built in full."""
    say = cmp.words["notes"]
    lines = []
    for note in cmp.notes:
        if note.error is not None:
            lines.append(fill(say["unbuildable"], label=note.label, error=note.error))
        if note.unanswered:
            topics = ", ".join(note.unanswered)
            lines.append(fill(say["unanswered"], label=note.label, topics=topics))
    return lines
