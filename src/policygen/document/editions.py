"""Editions: the assembled policy shaped for another reader.

The policy itself is one edition; the others take the same answers and library and keep only
what their reader needs: reviewers get every clause with its reason, the options not chosen and
their sources (``annotated``); staff get one line per rule (``summary``); clients get only the
text written for them, in English or Spanish (``client``); each person signing gets a page
(``acknowledgement``); whoever runs the pages gets the texts to paste (``posted``).

Pure: no files written, no terminal. Every word around the library's text comes from
``templates/editions/labels.<lang>.yaml`` and where things go from ``templates/editions/*.yaml``,
so renderers (Markdown, HTML, PDF, Word) share one model and Python holds no prose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policygen.answers.file import Answers
from policygen.answers.roster import Signer
from policygen.document.assemble import Clause, Policy, Reference, render_clause_text
from policygen.document.edition_names import EDITIONS, LANGUAGES, TRANSLATED
from policygen.errors import LibraryError, RenderError
from policygen.library.builtin import content_dir
from policygen.library.fields import Reader
from policygen.library.loader import Library, Option, Topic
from policygen.library.templating import Markdown
from policygen.safe_yaml import load_yaml

if TYPE_CHECKING:
    from policygen.document.coverage import CoverageReport


@dataclass(frozen=True, slots=True, kw_only=True)
class Edition:
    """What every edition carries: its name, language, the policy and the words around it.

    Attributes:
        labels: document chrome in ``lang`` (headings, "Version", month names), from
            ``templates/editions/labels.<lang>.yaml``; renderers print these, never English
            strings of their own.
        draft: the current version has no recorded approval; every renderer marks it.
    """

    name: str
    lang: str
    policy: Policy
    labels: Mapping[str, Any]
    draft: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Alternative:
    """An option the organisation could have chosen but did not."""

    label: str
    text: Markdown
    rationale: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnotatedClause:
    """A clause with what a reviewer needs to judge it."""

    clause: Clause
    not_chosen: tuple[Alternative, ...]
    sources: tuple[Reference, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnotatedSection:
    """A numbered section of the annotated edition (same numbers as the policy)."""

    number: int
    title: str
    clauses: tuple[AnnotatedClause, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnotatedEdition(Edition):
    """For the board, counsel or a supervisor reviewing the policy."""

    sections: tuple[AnnotatedSection, ...]
    coverage: CoverageReport | None = None  # the standards appendix, where the library has one


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryLine:
    """One rule in one line: the chosen option's ``summary``."""

    topic_id: str
    title: str
    text: Markdown


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarySection:
    """The summary lines of one policy section."""

    title: str
    lines: tuple[SummaryLine, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryEdition(Edition):
    """The one-page staff quick reference."""

    sections: tuple[SummarySection, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientSection:
    """A heading of the client handout and the client texts under it."""

    id: str
    heading: str
    items: tuple[Markdown, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientEdition(Edition):
    """The client handout for intake packets: only text written for clients."""

    sections: tuple[ClientSection, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AcknowledgementEdition(Edition):
    """Signature pages: one per signer, each a printed page of its own."""

    signers: tuple[Signer, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PostedItem:
    """A text to post or paste, or ``None`` with the reason printed instead."""

    topic_id: str
    heading: str
    text: Markdown | None
    missing: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PostedEdition(Edition):
    """The texts the organisation posts or pastes: comment rules, review reply, bio notice."""

    items: tuple[PostedItem, ...]


def build_edition(
    name: str,
    policy: Policy,
    library: Library,
    answers: Answers,
    *,
    lang: str = "en",
    signers: Sequence[Signer] = (),
    coverage: CoverageReport | None = None,
) -> Edition:
    """One edition of the policy; ``policy`` is the assembled document for these answers."""
    if name not in EDITIONS:
        raise RenderError(
            f"unknown edition {name!r} (choose from {', '.join(EDITIONS)})", field="--edition"
        )
    if lang != "en" and name not in TRANSLATED:
        raise RenderError(f"the {name} edition is written in English only", field="--lang")
    labels = load_labels(lang)
    base: dict[str, Any] = {
        "name": name,
        "lang": lang,
        "policy": policy,
        "labels": labels,
        "draft": policy.draft,
    }
    context = answers.context(library)
    if name == "annotated":
        return AnnotatedEdition(
            **base, sections=_annotated(policy, library, answers), coverage=coverage
        )
    if name == "summary":
        return SummaryEdition(**base, sections=_summary(policy, library, answers, context))
    if name == "client":
        return ClientEdition(**base, sections=_client(policy, library, answers, context, lang))
    if name == "acknowledgement":
        return AcknowledgementEdition(**base, signers=tuple(signers) or (Signer(),))
    if name == "posted":
        return PostedEdition(**base, items=_posted(policy, library, answers, context))
    return Edition(**base)


def _chosen(topic: Topic, answers: Answers) -> list[tuple[int, Option]]:
    value = answers.topics.get(topic.id)
    chosen: list[Any] = (
        (value if isinstance(value, list) else []) if topic.type == "checkbox" else [value]
    )
    return [(i, o) for i, o in enumerate(topic.options) if o.value in chosen]


def _clauses(policy: Policy, library: Library) -> list[tuple[Clause, Topic]]:
    found = []
    for section in policy.sections:
        for clause in section.clauses:
            topic = library.topic(clause.topic_id)
            if topic is not None:
                found.append((clause, topic))
    return found


def _annotated(policy: Policy, library: Library, answers: Answers) -> tuple[AnnotatedSection, ...]:
    context = answers.context(library)
    refs = {ref.number: ref for ref in policy.references}
    sections = []
    for section in policy.sections:
        items = []
        for clause in section.clauses:
            topic = library.topic(clause.topic_id)
            alternatives: list[Alternative] = []
            if topic is not None and topic.type != "text":
                chosen = {i for i, _ in _chosen(topic, answers)}
                for index, option in enumerate(topic.options):
                    if index in chosen or not option.when.holds(context):
                        continue
                    text = render_clause_text(topic, f"options[{index}].text", option.text, context)
                    alternatives.append(
                        Alternative(
                            label=option.label,
                            text=text,
                            rationale=" ".join(option.rationale.split()),
                        )
                    )
            items.append(
                AnnotatedClause(
                    clause=clause,
                    not_chosen=tuple(alternatives),
                    sources=tuple(refs[n] for n in clause.citations if n in refs),
                )
            )
        sections.append(
            AnnotatedSection(number=section.number, title=section.title, clauses=tuple(items))
        )
    return tuple(sections)


def _summary(
    policy: Policy, library: Library, answers: Answers, context: Mapping[str, Any]
) -> tuple[SummarySection, ...]:
    sections = []
    for section in policy.sections:
        lines = []
        for clause in section.clauses:
            topic = library.topic(clause.topic_id)
            if topic is None:
                continue
            for index, option in _chosen(topic, answers):
                field = f"options[{index}].summary"
                template = option.summary or option.label  # an agency topic may have none
                text = render_clause_text(topic, field, template, context)
                lines.append(SummaryLine(topic_id=topic.id, title=topic.title, text=text))
        if lines:
            sections.append(SummarySection(title=section.title, lines=tuple(lines)))
    return tuple(sections)


def _client(
    policy: Policy, library: Library, answers: Answers, context: Mapping[str, Any], lang: str
) -> tuple[ClientSection, ...]:
    layout = _layout("client.yaml")
    headings = load_labels(lang)["client_sections"]
    placed: dict[str, str] = {}
    closings: dict[str, str] = {}
    order: list[str] = []
    for index, item in enumerate(layout.items("sections")):
        sub = Reader(item, path=layout.path, field=f"sections[{index}]", error=LibraryError)
        section_id = sub.identifier("id")
        order.append(section_id)
        placed.update({topic_id: section_id for topic_id in sub.id_list("topics")})
        closing = sub.optional_string("closing")
        if closing:
            closings[section_id] = closing
    texts: dict[str, list[Markdown]] = {section_id: [] for section_id in [*order, "more"]}
    for _clause, topic in _clauses(policy, library):
        for index, option in _chosen(topic, answers):
            template = option.client.get(lang)
            if template:
                field = f"options[{index}].client" + ("" if lang == "en" else f"_{lang}")
                text = render_clause_text(topic, field, template, context)
                texts[placed.get(topic.id, "more")].append(text)
    labels = load_labels(lang)
    for section_id, key in closings.items():
        texts[section_id].append(Markdown(_escaped(str(labels[key]))))
    return tuple(
        ClientSection(id=section_id, heading=str(headings[section_id]), items=tuple(items))
        for section_id, items in texts.items()
        if items
    )


def _posted(
    policy: Policy, library: Library, answers: Answers, context: Mapping[str, Any]
) -> tuple[PostedItem, ...]:
    layout = _layout("posted.yaml")
    labels = load_labels("en")
    chosen = {topic.id: topic for _clause, topic in _clauses(policy, library)}
    items = []
    for index, item in enumerate(layout.items("items")):
        sub = Reader(item, path=layout.path, field=f"items[{index}]", error=LibraryError)
        topic_id = sub.identifier("topic")
        text: Markdown | None = None
        topic = chosen.get(topic_id)
        if topic is not None:
            parts = [
                render_clause_text(topic, f"options[{i}].posted", option.posted, context)
                for i, option in _chosen(topic, answers)
                if option.posted
            ]
            text = Markdown("\n\n".join(parts)) if parts else None
        missing = sub.optional_string("missing")
        if text is None and missing is None:
            continue  # nothing to paste, and nothing to say about it
        items.append(
            PostedItem(
                topic_id=topic_id,
                heading=str(labels[sub.string("title")]),
                text=text,
                missing=str(labels[missing]) if missing else "",
            )
        )
    return tuple(items)


def _layout(name: str) -> Reader:
    path = content_dir("templates") / "editions" / name
    return Reader(load_yaml(path, LibraryError), path=path, field="", error=LibraryError)


def _escaped(text: str) -> str:
    from policygen.library.templating import escape_markdown

    return escape_markdown(text)


_LABELS: dict[str, Mapping[str, Any]] = {}


def load_labels(lang: str) -> Mapping[str, Any]:
    """The document chrome for ``lang``, read once per process."""
    if lang not in LANGUAGES:
        raise RenderError(
            f"unknown language {lang!r} (choose from {', '.join(LANGUAGES)})", field="--lang"
        )
    if lang not in _LABELS:
        path = content_dir("templates") / "editions" / f"labels.{lang}.yaml"
        data = load_yaml(path, LibraryError)
        if not isinstance(data, dict):
            raise LibraryError("expected a mapping of labels", path=path, field="(top level)")
        _LABELS[lang] = data
    return _LABELS[lang]


def long_date_in(value: dt.date, labels: Mapping[str, Any]) -> str:
    """A date in the labels' language: ``December 1, 2026`` or ``1 de diciembre de 2026``."""
    month = labels["months"][value.month - 1]
    return str(labels["date_format"]).format(day=value.day, month=month, year=value.year)
