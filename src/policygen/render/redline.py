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
from policygen.library.prose import fill
from policygen.library.templating import escape_markdown
from policygen.render.formats import REDLINE_FORMATS
from policygen.render.plain import plain
from policygen.render.staff import note_lines, staff_lines

FORMATS: Final = REDLINE_FORMATS
RESET: Final = "\x1b[0m"
ANSI: Final = {DELETE: "\x1b[9;31m", INSERT: "\x1b[4;32m", "bold": "\x1b[1m"}
PLAIN: Final = {DELETE: ("[-", "-]"), INSERT: ("{+", "+}")}
HTML_TAGS: Final = {DELETE: ("<del>", "</del>"), INSERT: ("<ins>", "</ins>")}
CLAUSE_KINDS: Final = ("added", "removed", "reworded")  # ``ClauseChange.kind``, worded by labels

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

    heading, label = cmp.words["headings"], cmp.words["labels"]
    lines = [bold(f"{cmp.title}: {cmp.old_label} → {cmp.new_label}")]
    if cmp.identical:
        return "\n".join([*lines, label["identical"], *_notes(cmp)]) + "\n"
    lines += ["", bold(heading["staff"]), *(f"  - {line}" for line in staff_lines(cmp))]
    if cmp.clauses:
        lines += ["", bold(f"{heading['clauses']} ({len(cmp.clauses)})")]
        for clause in cmp.clauses:
            lines.append(f"  {clause.number} {clause.title} ({label[clause.kind]})")
            body = marked(clause.segments, wrap, plain) or _unavailable(cmp, clause)
            lines += [f"      {line}" if line else "" for line in body.split("\n")]
    if cmp.answers:
        lines += ["", bold(f"{heading['answers']} ({len(cmp.answers)})")]
        for change in cmp.answers:
            old, new = _or_none(cmp, change.old), _or_none(cmp, change.new)
            lines.append(f"  {change.key}: {old} → {new}")
    lines += _notes(cmp)
    return "\n".join(lines) + "\n"


def _unavailable(cmp: Comparison, clause: ClauseChange) -> str:
    """For a clause whose old wording could not be built (its topic or option is gone)."""
    return fill(cmp.words["labels"]["previous_answer"], choice=str(clause.old_choice))


def _notes(cmp: Comparison) -> list[str]:
    note = cmp.words["labels"]["note"]
    return ["", *(f"{note} {line}" for line in note_lines(cmp))] if cmp.notes else []


def _version(cmp: Comparison, number: str) -> str:
    """A side's version in words: ``version 1.1``."""
    return fill(cmp.words["labels"]["version"], version=number)


def _or_none(cmp: Comparison, value: str | None) -> str:
    return cmp.words["labels"]["none"] if value is None else value


def format_markdown(cmp: Comparison) -> str:
    """For a pull request, an issue or an email: ``<ins>``/``<del>`` render on GitHub and GitLab."""

    def wrap(kind: str, text: str) -> str:
        start, end = HTML_TAGS[kind]
        return f"{start}{text}{end}"

    def side(number: str, name: str) -> str:
        """``**version 1.1 (policy.yaml)**``, or the name alone when the version is unknown."""
        return f"**{md(f'{_version(cmp, number)} ({name})' if number else name)}**"

    md = escape_markdown
    heading, label = cmp.words["headings"], cmp.words["labels"]
    lines = [f"# {fill(heading['title'], md, title=md(cmp.title))}", ""]
    if cmp.organization:
        lines[0:0] = [f"**{md(cmp.organization)}**", ""]
    old_side, new_side = side(cmp.old_number, cmp.old_label), side(cmp.new_number, cmp.new_label)
    lines += [fill(label["sides"], md, old=old_side, new=new_side) + ".", ""]
    if cmp.identical:
        lines += [md(label["identical"]), ""]
    else:
        staff = [f"- {md(line)}" for line in staff_lines(cmp)]
        lines += [f"## {md(heading['staff'])}", "", *staff, ""]
    if cmp.clauses:
        lines += [f"## {md(heading['clauses'])}", ""]
        for clause in cmp.clauses:
            kind = md(label[clause.kind])
            lines += [f"### {clause.number} {md(clause.title)} ({kind})", ""]
            lines += [marked(clause.segments, wrap) or md(_unavailable(cmp, clause)), ""]
    if cmp.answers:
        columns = " | ".join(md(label[key]) for key in ("answer", "before", "after"))
        lines += [f"## {md(heading['answers'])}", "", f"| {columns} |", "|---|---|---|"]
        for change in cmp.answers:
            before = md(_or_none(cmp, change.old_text or change.old))
            after = md(_or_none(cmp, change.new_text or change.new))
            lines.append(f"| {md(change.label or change.key)} | {before} | {after} |")
        lines.append("")
    if cmp.notes:
        notes = [f"- {md(note)}" for note in note_lines(cmp)]
        lines += [f"## {md(heading['notes'])}", "", *notes, ""]
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
        Markup(marked(c.segments, wrap, _html) or _html(_unavailable(cmp, c))) for c in cmp.clauses
    ]
    template = document_env("html").get_template("diff.html.j2")
    html = template.render(
        cmp=cmp,
        bodies=bodies,
        css=Markup(css),
        staff=staff_lines(cmp),
        notes=note_lines(cmp),
        words=_html_words(cmp),
    )
    return html.rstrip("\n") + "\n"


def _html(text: str) -> str:
    return str(escape(text))


def _html_words(cmp: Comparison) -> dict[str, Markup]:
    """The page's words, escaped, with the sides and the legend marked up around their slots."""
    heading, label = cmp.words["headings"], cmp.words["labels"]

    def side(number: str, name: str) -> str:
        """``<strong>version 1.1</strong> (policy.yaml)``, or the name alone in bold."""
        if not number:
            return f"<strong>{_html(name)}</strong>"
        return f"<strong>{_html(_version(cmp, number))}</strong> ({_html(name)})"

    def mark(tag: str, key: str) -> str:
        return f"<{tag}>{_html(label[key])}</{tag}>"

    title, old, new = _html(cmp.title), _html(cmp.old_label), _html(cmp.new_label)
    words = {
        "page_title": fill(heading["page_title"], _html, title=title, old=old, new=new),
        "title": fill(heading["title"], _html, title=title),
        "sides": fill(
            label["sides"],
            _html,
            old=side(cmp.old_number, cmp.old_label),
            new=side(cmp.new_number, cmp.new_label),
        ),
        "legend": fill(
            label["legend"], _html, inserted=mark("ins", "inserted"), deleted=mark("del", "deleted")
        ),
    }
    words |= {key: _html(heading[key]) for key in ("staff", "clauses", "answers", "notes")}
    plain_labels = ("answer", "before", "after", "none", "colophon", *CLAUSE_KINDS)
    words |= {key: _html(label[key]) for key in plain_labels}
    return {key: Markup(text) for key, text in words.items()}


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
