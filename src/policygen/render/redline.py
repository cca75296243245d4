"""A ``Comparison`` as terminal text, Markdown, HTML or PDF.

Every format marks changes without relying on colour: plain text uses ``[-deleted-]`` and
``{+inserted+}`` (git's word-diff markers), Markdown and HTML use ``<del>`` and ``<ins>``, and
the HTML/PDF stylesheet strikes deletions through and underlines insertions. Colour is only
added on a terminal, on top of strike-through and underline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from markupsafe import Markup, escape

from policygen.document.changes import DELETE, EQUAL, INSERT, ClauseChange, Comparison, Segment
from policygen.errors import RenderError
from policygen.library.builtin import content_dir
from policygen.library.templating import escape_markdown
from policygen.render.formats import REDLINE_FORMATS
from policygen.render.plain import plain
from policygen.render.staff import note_lines, staff_lines

FORMATS: Final = REDLINE_FORMATS
RESET: Final = "\x1b[0m"
ANSI: Final = {DELETE: "\x1b[9;31m", INSERT: "\x1b[4;32m", "bold": "\x1b[1m"}
PLAIN: Final = {DELETE: ("[-", "-]"), INSERT: ("{+", "+}")}
HTML_TAGS: Final = {DELETE: ("<del>", "</del>"), INSERT: ("<ins>", "</ins>")}

_LIST_MARKER = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s+")

Wrap = Callable[[str, str], str]
Escape = Callable[[str], str]


def marked(segments: tuple[Segment, ...], wrap: Wrap, escape: Escape = str) -> str:
    """Join segments, wrapping each changed run line by line, whitespace outside the marks.

    Marks never span a line break, and a Markdown list marker at the start of a line stays
    outside them, so every line keeps its meaning: ``- {+new item+}``. ``escape`` is applied
    to all text (HTML escaping for the HTML page) but not to the marks.
    """
    parts: list[str] = []
    for kind, text in segments:
        if kind == EQUAL:
            parts.append(escape(text))
            continue
        pieces: list[str] = []
        for piece in text.split("\n"):
            start = len(piece) - len(piece.lstrip())
            marker = _LIST_MARKER.match(piece)
            if marker and (not parts or parts[-1].endswith("\n") or pieces):
                start = marker.end()
            end = len(piece.rstrip())
            core = piece[start:end]
            if not core:
                pieces.append(escape(piece))
                continue
            pieces.append(escape(piece[:start]) + wrap(kind, escape(core)) + escape(piece[end:]))
        parts.append("\n".join(pieces))
    return "".join(parts)


def format_text(cmp: Comparison, *, color: bool) -> str:
    """For the terminal: coloured when ``color``, otherwise plain markers that survive a pipe."""

    def wrap(kind: str, text: str) -> str:
        if color:
            return f"{ANSI[kind]}{text}{RESET}"
        start, end = PLAIN[kind]
        return f"{start}{text}{end}"

    def bold(text: str) -> str:
        return f"{ANSI['bold']}{text}{RESET}" if color else text

    lines = [bold(f"{cmp.title}: {cmp.old_label} → {cmp.new_label}")]
    if cmp.identical:
        return "\n".join([*lines, "No differences.", *_notes(cmp)]) + "\n"
    lines += ["", bold("What changes for staff"), *(f"  - {line}" for line in staff_lines(cmp))]
    if cmp.clauses:
        lines += ["", bold(f"Clauses changed ({len(cmp.clauses)})")]
        for clause in cmp.clauses:
            lines.append(f"  {clause.number} {clause.title} ({clause.kind})")
            body = marked(clause.segments, wrap, plain) or _unavailable(clause)
            lines += [f"      {line}" if line else "" for line in body.split("\n")]
    if cmp.answers:
        lines += ["", bold(f"Answers changed ({len(cmp.answers)})")]
        for change in cmp.answers:
            lines.append(f"  {change.key}: {_or_none(change.old)} → {_or_none(change.new)}")
    lines += _notes(cmp)
    return "\n".join(lines) + "\n"


def _unavailable(clause: ClauseChange) -> str:
    """For a clause whose old wording could not be built (its topic or option is gone)."""
    return f"(previous answer: {clause.old_choice})"


def _notes(cmp: Comparison) -> list[str]:
    return ["", *(f"Note: {note}" for note in note_lines(cmp))] if cmp.notes else []


def _side_name(version: str, label: str) -> str:
    """``version 1.1 (policy.yaml)``, or the label alone when the version is unknown."""
    return f"version {version} ({label})" if version else label


def _or_none(value: str | None) -> str:
    return "(none)" if value is None else value


def format_markdown(cmp: Comparison) -> str:
    """For a pull request, an issue or an email: ``<ins>``/``<del>`` render on GitHub and GitLab."""

    def wrap(kind: str, text: str) -> str:
        start, end = HTML_TAGS[kind]
        return f"{start}{text}{end}"

    md = escape_markdown
    lines = [f"# Changes to the {md(cmp.title)}", ""]
    if cmp.organization:
        lines[0:0] = [f"**{md(cmp.organization)}**", ""]
    old_side = md(_side_name(cmp.old_number, cmp.old_label))
    new_side = md(_side_name(cmp.new_number, cmp.new_label))
    lines += [f"From **{old_side}** to **{new_side}**.", ""]
    if cmp.identical:
        lines += ["No differences.", ""]
    else:
        staff = [f"- {md(line)}" for line in staff_lines(cmp)]
        lines += ["## What changes for staff", "", *staff, ""]
    if cmp.clauses:
        lines += ["## Clauses changed", ""]
        for clause in cmp.clauses:
            lines += [f"### {clause.number} {md(clause.title)} ({clause.kind})", ""]
            lines += [marked(clause.segments, wrap) or md(_unavailable(clause)), ""]
    if cmp.answers:
        lines += ["## Answers changed", "", "| Answer | Before | After |", "|---|---|---|"]
        for change in cmp.answers:
            before = md(_or_none(change.old_text or change.old))
            after = md(_or_none(change.new_text or change.new))
            lines.append(f"| {md(change.label or change.key)} | {before} | {after} |")
        lines.append("")
    if cmp.notes:
        lines += ["## Notes", "", *(f"- {md(note)}" for note in note_lines(cmp)), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def format_html(cmp: Comparison) -> str:
    """A self-contained page; insertions underlined and bold, deletions struck through."""
    from policygen.render.common import document_env

    css_path = content_dir("templates") / "diff.css"
    try:
        css = css_path.read_text(encoding="utf-8")
    except OSError as err:
        raise RenderError(
            f"cannot read the stylesheet ({err.strerror or err})", path=css_path
        ) from err

    def wrap(kind: str, text: str) -> str:
        start, end = HTML_TAGS[kind]
        return f"{start}{text}{end}"

    bodies = [
        Markup(marked(c.segments, wrap, lambda t: str(escape(t))) or escape(_unavailable(c)))
        for c in cmp.clauses
    ]
    template = document_env("html").get_template("diff.html.j2")
    html = template.render(
        cmp=cmp, bodies=bodies, css=Markup(css), staff=staff_lines(cmp), notes=note_lines(cmp)
    )
    return html.rstrip("\n") + "\n"


def format_pdf(cmp: Comparison) -> bytes:
    """The HTML redline typeset by WeasyPrint, dated by the new side's effective date."""
    if cmp.new_policy is None:
        raise RenderError(
            f"{cmp.new_label} cannot be built, so there is no PDF redline; use --format md",
            field="--format",
        )
    from policygen.render.pdf import render_pdf

    return render_pdf(format_html(cmp), cmp.new_policy)


def render_comparison(cmp: Comparison, fmt: str, *, color: bool = False) -> bytes:
    """The comparison in one of ``FORMATS``, as bytes."""
    if fmt == "text":
        return format_text(cmp, color=color).encode("utf-8")
    if fmt == "md":
        return format_markdown(cmp).encode("utf-8")
    if fmt == "html":
        return format_html(cmp).encode("utf-8")
    if fmt == "pdf":
        return format_pdf(cmp)
    if fmt == "docx":
        from policygen.render.word import redline_docx

        return redline_docx(cmp)
    raise RenderError(
        f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})", field="--format"
    )
