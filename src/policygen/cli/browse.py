"""Plain-text views of the clause library for ``policygen clauses list`` and ``show``."""

from __future__ import annotations

import textwrap

from policygen.errors import LibraryError
from policygen.library.loader import Library


def format_list(library: Library) -> str:
    """Every topic by section: id, title, question type, option values and condition."""
    lines = [f"{library.name} {library.version}: {len(library.topics)} topics"]
    for section in library.sections:
        topics = [t for t in library.topics if t.section == section.id]
        if not topics:
            continue
        lines.append(f"\n{section.title}")
        for topic in topics:
            values = ", ".join(_value(o.value) for o in topic.options) or "free text"
            when = "" if topic.when.always else f"  [when {topic.when.source}]"
            lines.append(f"  {topic.id:<28} {topic.title}")
            lines.append(f"  {'':<28} {topic.type}: {values}{when}")
    return "\n".join(lines)


def format_topic(library: Library, topic_id: str) -> str:
    """One topic in full: question, help, each option's clause text, rationale and sources."""
    topic = library.topic(topic_id)
    if topic is None:
        from policygen.invocation import command

        likely = library.likely_topic(topic_id)
        meant = f"; did you mean {likely}?" if likely else ""
        every = f"{command('clauses', 'list')} shows every topic"
        raise LibraryError(f"unknown topic {topic_id!r}{meant} ({every})", field="ID")
    lines = [
        f"{topic.id}: {topic.title}",
        f"file: {topic.path}",
        f"ask: {topic.prompt}",
        f"help: {topic.help}",
        f"type: {topic.type}, default: {_value(topic.default)}",
    ]
    if not topic.when.always:
        lines.append(f"when: {topic.when.source}")
    if topic.intro:
        lines += ["", "Always first:", _indent(topic.intro)]
    for option in topic.options:
        lines += ["", f"[{_value(option.value)}] {option.label}"]
        if not option.when.always:
            lines.append(f"  when: {option.when.source}")
        lines += [
            _indent(option.text),
            f"  why: {option.rationale.strip()}",
            f"  sources: {_sources(library, option.sources)}",
        ]
    if topic.type == "text" and topic.text:
        lines += [
            "",
            _indent(topic.text),
            f"  why: {topic.rationale}",
            f"  sources: {_sources(library, topic.sources)}",
        ]
    if topic.fixed:
        lines += [
            "",
            "Always included:",
            _indent(topic.fixed),
            f"  sources: {_sources(library, topic.fixed_sources)}",
        ]
    return "\n".join(lines)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _indent(text: str) -> str:
    return textwrap.indent(text.strip(), "  ")


def _sources(library: Library, ids: tuple[str, ...]) -> str:
    return "; ".join(
        f"{sid} ({library.sources[sid].issuer}, {library.sources[sid].year})" for sid in ids
    )
