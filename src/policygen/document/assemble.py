"""Answers + library → ``Policy``: the chosen clauses, filled in, numbered and cited.

Pure: no file writes, no terminal. Each clause's text is rendered in the sandbox with every
inserted value escaped, so what comes out is Markdown that any renderer shows literally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError

from policygen.answers.applicability import applicable, problems
from policygen.answers.file import Answers, HistoryEntry
from policygen.answers.fingerprint import fingerprint
from policygen.answers.logo import logo_path
from policygen.answers.meta import DEFAULT_VERSION
from policygen.errors import RenderError
from policygen.library import compiled
from policygen.library.loader import Library, Topic
from policygen.library.sources import Source
from policygen.library.templating import Markdown, markdown_env
from policygen.library.words import Names


@dataclass(frozen=True, slots=True, kw_only=True)
class Clause:
    """One numbered clause of the document."""

    number: str
    topic_id: str
    title: str
    choice: str
    text: Markdown
    rationale: str
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicySection:
    """A numbered section holding the clauses of its applicable topics."""

    number: int
    id: str
    title: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """A source in the references list, numbered by first citation."""

    number: int
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """The document, ready for any renderer.

    Attributes:
        approved_by: who must approve the policy (``policy.approved_by``).
        approval: the recorded approval of this version, or None: then the policy is a draft,
            and every edition must say so (``draft``).
        changed_since: the approved version whose answers these no longer are (the answers'
            fingerprint differs from the one the release recorded), or None. Such a policy is
            a draft: the board approved other text.
    """

    title: str
    organization: Mapping[str, Any]
    version: str
    effective: dt.date
    review_by: dt.date
    owner: str
    approved_by: tuple[str, ...]
    library_name: str
    library_version: str
    history: tuple[HistoryEntry, ...]
    sections: tuple[PolicySection, ...]
    references: tuple[Reference, ...]
    logo: Path | None = None
    prose: Mapping[str, str] = field(default_factory=dict)  # templates, see library.prose
    approval: HistoryEntry | None = None
    changed_since: str | None = None

    @property
    def org_name(self) -> str:
        """The organisation's name as typed."""
        return str(self.organization["name"])

    @property
    def draft(self) -> bool:
        """True until an approval of this version is recorded (``policygen approve``).

        A draft must never read as approved: renderers mark every page and say who is still
        to approve it, so a board packet built before the vote claims nothing.
        """
        return self.approval is None


def approval_of(history: tuple[HistoryEntry, ...], version: str) -> HistoryEntry | None:
    """The history entry recording the approval of ``version``, if it was approved."""
    entry = next((e for e in reversed(history) if e.version == version), None)
    return entry if entry is not None and entry.approved and entry.approved_by else None


def changed_since_approval(answers: Answers, approval: HistoryEntry | None) -> bool:
    """True when the answers no longer hash to the fingerprint the approved release recorded.

    An entry without a fingerprint (written by hand) cannot be checked and is trusted.
    """
    if approval is None or approval.fingerprint is None:
        return False
    return approval.fingerprint != fingerprint(answers)


def assemble(library: Library, answers: Answers, path: Path) -> Policy:
    """Build the document model; the first validation problem is raised as an error."""
    found = problems(library, answers, path)
    if found:
        raise found[0]
    context = answers.context(library)
    asked = {topic.id for topic in applicable(library, answers)}
    citations: dict[str, int] = {}
    sections: list[PolicySection] = []
    for section in library.sections:
        topics = [t for t in library.topics if t.section == section.id and t.id in asked]
        if not topics:
            continue
        number = len(sections) + 1
        clauses = []
        for index, topic in enumerate(topics, start=1):
            value = answers.topics[topic.id]
            clauses.append(
                _clause(topic, value, context, f"{number}.{index}", citations, library.sources)
            )
        sections.append(
            PolicySection(number=number, id=section.id, title=section.title, clauses=tuple(clauses))
        )
    references = tuple(
        Reference(number=n, source=library.sources[sid])
        for sid, n in sorted(citations.items(), key=lambda item: item[1])
    )
    policy = context["policy"]  # tidied as the profile says ("the Board" reads as "Board")
    approved = policy.get("approved_by", ())
    version = str(policy.get("version") or DEFAULT_VERSION)
    approval = approval_of(answers.history, version)
    changed = changed_since_approval(answers, approval)
    return Policy(
        title=str(policy.get("title") or library.title),
        organization=dict(context["org"]),
        version=version,
        effective=policy["effective"],
        review_by=policy["review_by"],
        owner=str(policy["owner"]),
        approved_by=approved.names if isinstance(approved, Names) else _one_or_more(approved),
        library_name=library.name,
        library_version=library.version,
        history=answers.history,
        sections=tuple(sections),
        references=references,
        logo=logo_path(path, policy["logo"]) if policy.get("logo") else None,
        approval=None if changed else approval,
        changed_since=version if changed else None,
        prose=library.prose,
    )


def _one_or_more(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _clause(
    topic: Topic,
    value: Any,
    context: Mapping[str, Any],
    number: str,
    citations: dict[str, int],
    library_sources: Mapping[str, Source],
) -> Clause:
    parts: list[tuple[str, str]] = []
    sources: list[str] = []
    if topic.intro:
        parts.append(("intro", topic.intro))
    if topic.type == "text":
        assert topic.text is not None and topic.rationale is not None
        parts.append(("text", topic.text))
        sources += topic.sources
        rationale, choice = topic.rationale, str(value)
    else:
        chosen = value if topic.type == "checkbox" else [value]
        options = [(i, o) for i, o in enumerate(topic.options) if o.value in chosen]
        parts += [(f"options[{i}].text", option.text) for i, option in options]
        sources += [sid for _, option in options for sid in option.sources]
        rationale = " ".join(option.rationale.strip() for _, option in options)
        choice = "; ".join(option.label for _, option in options)
    fixed = topic.fixed_for(value if isinstance(value, list) else [value])
    parts += [(part.field, part.text) for part in fixed]
    if topic.intro or fixed:
        sources += topic.fixed_sources
    values = {**context, "answer": value}
    text = "\n\n".join(_render(topic, field, template, values).strip() for field, template in parts)
    sources = [sid for sid in sources if library_sources[sid].applies(context)]
    for sid in sources:
        citations.setdefault(sid, len(citations) + 1)
    numbers = tuple(sorted({citations[sid] for sid in sources}))
    return Clause(
        number=number,
        topic_id=topic.id,
        title=topic.title,
        choice=choice,
        text=Markdown(text),
        rationale=" ".join(rationale.split()),
        citations=numbers,
    )


def render_clause_text(
    topic: Topic, field: str, template: str, values: Mapping[str, Any]
) -> Markdown:
    """Any clause-style text of a topic (option text, summary, client text), filled in."""
    return Markdown(_render(topic, field, template, values).strip())


def _render(topic: Topic, field: str, template: str, values: Mapping[str, Any]) -> str:
    try:
        return compiled.template(markdown_env(), "markdown", template).render(values)
    except SecurityError as err:
        raise RenderError(f"unsafe template: {err}", path=topic.path, field=field) from err
    except TemplateError as err:
        raise RenderError(f"template error: {err}", path=topic.path, field=field) from err
    except (
        ArithmeticError,
        LookupError,
        TypeError,
        ValueError,
        AttributeError,
        RecursionError,
    ) as err:
        raise RenderError(f"template failed: {err}", path=topic.path, field=field) from err
