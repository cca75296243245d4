"""Coverage: the professional standards a policy answers to, and what the agency left open.

The standards are data (``clauses/standards.yaml``: the NASW Code of Ethics standards and the 2017
Technology Standards sections the library cites); each topic names the ones it addresses in a
``standards:`` list. ``coverage`` sets them against the chosen clauses of a policy, and lists the
recommended topics (those with standards) that the agency skipped through an earlier answer or
answered with an option marked ``no_rule``. Data only: ``cli.quality_words`` words it for the
terminal, the annotated edition's templates for the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policygen.answers.applicability import applicable
from policygen.answers.file import Answers
from policygen.document.assemble import Clause, Policy
from policygen.errors import LibraryError
from policygen.library.fields import Reader
from policygen.library.loader import Library, Option, Topic
from policygen.safe_yaml import load_yaml


@dataclass(frozen=True, slots=True, kw_only=True)
class Standard:
    """One standard of the NASW Code of Ethics or the Technology Standards."""

    id: str  # "code-1-07"
    label: str  # "Code 1.07"
    title: str  # "Privacy and Confidentiality"
    source: str  # sources.yaml id of the document


@dataclass(frozen=True, slots=True, kw_only=True)
class Addressed:
    """A chosen clause that answers to a standard."""

    number: str  # clause number in the policy, "3.2"
    topic_id: str
    title: str
    choice: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StandardRow:
    """A standard and the clauses of the policy that address it (none: a gap)."""

    standard: Standard
    clauses: tuple[Addressed, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap:
    """A recommended topic the policy leaves open."""

    topic_id: str
    title: str
    standards: tuple[Standard, ...]
    kind: str  # "skipped" (not asked because of earlier answers) or "no-rule"
    because: tuple[str, ...]  # skipped: the topic ids it depends on; no-rule: the chosen label


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageReport:
    """Every standard with the clauses that address it, and the gaps, in document order."""

    rows: tuple[StandardRow, ...]
    gaps: tuple[Gap, ...]

    @property
    def unaddressed(self) -> tuple[Standard, ...]:
        """Standards no chosen clause addresses."""
        return tuple(row.standard for row in self.rows if not row.clauses)


def load_standards(library: Library, path: Path | None = None) -> tuple[Standard, ...]:
    """The standards of the library's ``standards.yaml``, checked against its sources."""
    path = path or library.folders[0] / "standards.yaml"
    data = load_yaml(path, LibraryError)
    if not isinstance(data, list):
        raise LibraryError("expected a list of standards", path=path, field="(top level)")
    standards = []
    for index, item in enumerate(data):
        reader = Reader(item, path=path, field=f"[{index}]", error=LibraryError)
        reader.only({"id", "label", "title", "source", "checked"})
        source = reader.identifier("source")
        if source not in library.sources:
            raise reader.fail(f"unknown source {source!r}", "source")
        standards.append(
            Standard(
                id=reader.identifier("id"),
                label=reader.string("label", one_line=True),
                title=reader.string("title", one_line=True),
                source=source,
            )
        )
    if len({s.id for s in standards}) != len(standards):
        raise LibraryError("standard ids must be unique", path=path, field="(top level)")
    return tuple(standards)


def coverage(
    library: Library,
    answers: Answers,
    policy: Policy,
    standards: tuple[Standard, ...] | None = None,
) -> CoverageReport:
    """Which standards the chosen clauses address, and the recommended topics left open.

    ``standards`` defaults to the library's own ``standards.yaml``.
    """
    if standards is None:
        standards = load_standards(library)
    known = {standard.id: standard for standard in standards}
    _check_cited(library, known)
    clauses = {c.topic_id: c for s in policy.sections for c in s.clauses}
    asked = {topic.id for topic in applicable(library, answers)}
    addressed: dict[str, list[Addressed]] = {standard.id: [] for standard in standards}
    gaps = []
    for topic in library.topics:
        if not topic.standards:
            continue
        cited = tuple(known[sid] for sid in topic.standards)
        clause = clauses.get(topic.id)
        if clause is None:
            depends = tuple(sorted(topic.when.refs.topics))
            if topic.id not in asked and depends:  # not asked because of an earlier answer
                gaps.append(_gap(topic, cited, "skipped", depends))
            continue
        chosen = _chosen(topic, answers.topics.get(topic.id))
        if chosen and all(option.no_rule for option in chosen):
            gaps.append(_gap(topic, cited, "no-rule", (clause.choice,)))
            continue
        for standard_id in topic.standards:
            addressed[standard_id].append(_addressed(clause))
    rows = tuple(StandardRow(standard=s, clauses=tuple(addressed[s.id])) for s in standards)
    return CoverageReport(rows=rows, gaps=tuple(gaps))


def _check_cited(library: Library, known: dict[str, Standard]) -> None:
    """Every standard a topic names is defined (an agency's topic may name a wrong one)."""
    for topic in library.topics:
        for index, standard_id in enumerate(topic.standards):
            if standard_id not in known:
                raise LibraryError(
                    f"unknown standard {standard_id!r} (see standards.yaml)",
                    path=topic.path,
                    field=f"standards[{index}]",
                )


def _chosen(topic: Topic, value: object) -> list[Option]:
    values = value if isinstance(value, list) else [value]
    return [option for option in topic.options if any(_same(option.value, v) for v in values)]


def _same(left: object, right: object) -> bool:
    return left == right and type(left) is type(right)


def _gap(topic: Topic, cited: tuple[Standard, ...], kind: str, because: tuple[str, ...]) -> Gap:
    return Gap(topic_id=topic.id, title=topic.title, standards=cited, kind=kind, because=because)


def _addressed(clause: Clause) -> Addressed:
    return Addressed(
        number=clause.number, topic_id=clause.topic_id, title=clause.title, choice=clause.choice
    )
