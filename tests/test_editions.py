"""Editions: every edition in every format from the examples, read back and checked."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from policygen.answers.applicability import applicable, prune, with_defaults
from policygen.answers.file import Answers, read_answers
from policygen.answers.roster import Signer
from policygen.document.assemble import Policy, assemble
from policygen.document.edition_names import EDITIONS
from policygen.document.editions import (
    ClientEdition,
    Edition,
    SummaryEdition,
    build_edition,
    load_labels,
)
from policygen.library.combinations import declared_conflicts
from policygen.library.loader import load_library
from policygen.quality.limits import MAX_CLIENT_GRADE
from policygen.quality.readability import plain_sentences
from policygen.render.editions import render_edition_all
from tests.helpers import ROOT, TODAY, load_builtin

EXAMPLES = sorted((ROOT / "examples").glob("*/policy.yaml"))
EXAMPLE_IDS = [path.parent.name for path in EXAMPLES]


def LONG(word: str) -> str:
    """The longest value the answers file allows (300 characters), made of words that wrap."""
    return (f"{word} " * 300)[:300].strip()


@cache
def example(path: Path) -> tuple[Answers, Policy]:
    answers = read_answers(path)
    return answers, assemble(load_builtin(), answers, path)


def edition(path: Path, name: str, **kwargs: Any) -> Edition:
    answers, policy = example(path)
    return build_edition(name, policy, load_builtin(), answers, **kwargs)


@cache
def rendered(path: Path, name: str, lang: str = "en") -> dict[str, bytes]:
    return render_edition_all(edition(path, name, lang=lang), ("md", "html", "pdf"))


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    ]


def html_text(data: bytes) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:  # noqa: ARG002
            self.skip += tag in ("style", "title")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("style", "title")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(data.decode("utf-8"))
    return " ".join(" ".join(parser.parts).split())


def words(text: str) -> str:
    """Text without Markdown marks or any white space, for comparing across formats.

    A PDF line may break anywhere a space was, after a hyphen or inside "501(c)(3)"; comparing
    without spaces checks every character in order and ignores only the layout.
    """
    for mark in ("**", "*", "\\"):
        text = text.replace(mark, "")
    return re.sub(r"\s+", "", text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'"))


def plain(markdown: str) -> str:
    return " ".join(plain_sentences(markdown))


# The library: every option has a summary line, client text comes in every language.


def test_every_option_has_a_short_summary_line() -> None:
    missing = [
        f"{topic.id}:{option.value}"
        for topic in load_builtin().topics
        for option in topic.options
        if not option.summary
    ]
    assert missing == []
    too_long = [
        option.summary
        for t in load_builtin().topics
        for option in t.options
        if len(option.summary or "") > 100
    ]
    assert too_long == []


def test_client_facing_options_have_english_and_spanish() -> None:
    client_topics = {t.id for t in load_builtin().topics if any(o.client for o in t.options)}
    assert {
        "official-accounts",
        "client-connections",
        "client-searches",
        "direct-messages",
        "review-replies",
        "crisis-content",
    } <= client_topics
    for topic in load_builtin().topics:
        if topic.id not in client_topics:
            continue
        for option in topic.options:
            assert set(option.client) == {"en", "es"}, f"{topic.id}:{option.value}"
            assert option.client["es"] != option.client["en"]


def test_label_files_have_the_same_keys() -> None:
    english, spanish = load_labels("en"), load_labels("es")
    assert set(english) == set(spanish)
    assert set(english["client_sections"]) == set(spanish["client_sections"])
    assert len(spanish["months"]) == 12


# Helpers for the "longest possible answers" and draft cases.


def summary_size(option: Any) -> int:
    return len(option.summary or option.label)


def client_size(option: Any) -> int:
    return max((len(text) for text in option.client.values()), default=0)


def longest_answers(org_type: str, size: Any = summary_size) -> tuple[Answers, Policy]:
    """Answers whose staff summary (or other edition) is as long as the library allows.

    Every yes/no profile question is yes (more topics apply), names are as long as the answers
    file allows, and each topic takes the option whose ``size`` makes the whole edition longest
    (a one-step look-ahead, so a choice that switches later topics off is not taken).
    """
    lib = load_builtin()
    base, _ = example(EXAMPLES[0])
    org = {
        **base.organization,
        "type": org_type,
        "name": LONG("Organization"),
        "serves_children": True,
        "hosts_students": True,
        "hipaa": "covered",
    }

    def options(topic: Any, answers: Answers) -> list[Any]:
        context = answers.context(lib)
        values = [o.value for o in topic.available(context)]
        values = [  # never a pair of answers the library declares contradictory
            v for v in values if not declared_conflicts(lib.topics, {**answers.topics, topic.id: v})
        ]
        return [values] if topic.type == "checkbox" else values

    def summary_length(topic: Any, value: Any) -> int:
        chosen = value if topic.type == "checkbox" else [value]
        return sum(size(o) for o in topic.options if o.value in chosen)

    def completed(chosen: dict[str, Any]) -> dict[str, Any]:
        topics = dict(chosen)
        for topic in lib.topics:
            if topic.id not in topics and topic.type != "text":
                answers = replace(base, organization=org, topics=topics)
                topics[topic.id] = max(
                    options(topic, answers), key=lambda v: summary_length(topic, v)
                )
            elif topic.type == "text":
                topics.setdefault(topic.id, "x" * 300)
        return topics

    def total(topics: dict[str, Any]) -> int:
        answers = replace(base, organization=org, topics=topics)
        return sum(
            summary_length(t, topics[t.id]) for t in applicable(lib, answers) if t.type != "text"
        )

    chosen: dict[str, Any] = {}
    for topic in lib.topics:
        answers = replace(base, organization=org, topics=chosen)
        choices = options(topic, answers) if topic.type != "text" else ["x" * 300]
        chosen[topic.id] = max(choices, key=lambda v: total(completed({**chosen, topic.id: v})))
    answers = replace(base, organization=org, topics=chosen)
    asked = {t.id for t in applicable(lib, answers)}
    answers = replace(answers, topics={k: v for k, v in chosen.items() if k in asked})
    policy_meta = {**answers.policy, "title": LONG("Title"), "owner": LONG("Owner")}
    answers, _ = prune(lib, replace(answers, policy=policy_meta))  # contacts follow the clauses
    answers, _ = with_defaults(lib, answers, TODAY)
    return answers, assemble(lib, answers, EXAMPLES[0])


# Summary: one page, every rule's line in every format.


@pytest.mark.pdf
@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_summary_in_every_format_and_on_one_page(path: Path) -> None:
    ed = edition(path, "summary")
    assert isinstance(ed, SummaryEdition)
    lines = [line.text for section in ed.sections for line in section.lines]
    _, policy = example(path)
    assert len(lines) == sum(len(section.clauses) for section in policy.sections)
    outputs = rendered(path, "summary")
    md, html = outputs["md"].decode(), html_text(outputs["html"])
    pages = pdf_pages(outputs["pdf"])
    assert len(pages) == 1
    for line in lines:
        assert f"- {line}\n" in md
        assert words(line) in words(html)
        assert words(line) in words(pages[0])
    for section in ed.sections:
        assert f"## {section.title}\n" in md and section.title in pages[0]


@pytest.mark.pdf
@pytest.mark.parametrize("org_type", ["public-agency", "private-nonprofit", "private-for-profit"])
def test_summary_of_the_longest_answers_is_one_page(org_type: str) -> None:
    from policygen.render.editions import render_edition_all

    answers, policy = longest_answers(org_type)
    ed = build_edition("summary", policy, load_builtin(), answers)
    assert isinstance(ed, SummaryEdition)
    pages = pdf_pages(render_edition_all(ed, ("pdf",))["pdf"])
    assert len(pages) == 1
    last = ed.sections[-1].lines[-1].text
    assert words(last) in words(pages[0])  # the page is not one page because text was cut


# Client handout: client text only, grade 8 or below, in English and Spanish.


def client_texts(ed: ClientEdition) -> list[str]:
    return [str(text) for section in ed.sections for text in section.items]


@pytest.mark.slow  # builds many documents: make test, not make check
@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_client_handout_is_client_text_only_at_grade_8(path: Path) -> None:
    import textstat

    ed = edition(path, "client")
    assert isinstance(ed, ClientEdition)
    texts = [ed.labels["client_intro"], *client_texts(ed), ed.labels["client_footer"]]
    body = " ".join(plain(text) for text in texts)
    assert textstat.flesch_kincaid_grade(body) <= MAX_CLIENT_GRADE
    md = rendered(path, "client")["md"].decode()
    _, policy = example(path)
    for section in policy.sections:
        for clause in section.clauses:  # staff text never reaches the handout
            first = plain(clause.text).split(". ")[0]
            assert first not in md
    assert [s.id for s in ed.sections][-1] == "crisis"
    assert "911" in md and "988" in md


ENGLISH_WORDS = ("or", "and", "the", "call", "your")


@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_spanish_client_handout_has_no_stray_english_words(path: Path) -> None:
    """A profile value such as a contact is printed inside Spanish text; an English "or" in it
    shows in the handout. The organization's name is a proper name and stays in English."""
    answers, _ = example(path)
    md = render_edition_all(edition(path, "client", lang="es"), ("md",))["md"].decode()
    text = md.replace(str(answers.organization["name"]), "")
    pattern = rf"\b({'|'.join(ENGLISH_WORDS)})\b"
    stray = sorted({m.lower() for m in re.findall(pattern, text, flags=re.IGNORECASE)})
    assert stray == [], f"{path.parent.name}: English words in the Spanish handout: {stray}"


def test_all_client_text_in_the_library_is_grade_8() -> None:
    import textstat

    for topic in load_builtin().topics:
        for option in topic.options:
            if option.client:
                grade = textstat.flesch_kincaid_grade(plain(option.client["en"]))
                assert grade <= MAX_CLIENT_GRADE, f"{topic.id}:{option.value} grade {grade}"


@pytest.mark.pdf
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_client_handout_in_every_format_on_one_page(path: Path, lang: str) -> None:
    ed = edition(path, "client", lang=lang)
    assert isinstance(ed, ClientEdition)
    labels, other = load_labels(lang), load_labels("es" if lang == "en" else "en")
    outputs = rendered(path, "client", lang)
    md, html = outputs["md"].decode(), html_text(outputs["html"])
    pages = pdf_pages(outputs["pdf"])
    assert len(pages) == 1
    assert f'<html lang="{lang}">' in outputs["html"].decode()
    for text in client_texts(ed):
        for sentence in plain_sentences(text):
            assert words(sentence) in words(md)
            assert words(sentence) in words(html)
            assert words(sentence) in words(pages[0])
    for section in ed.sections:  # chrome in the handout's language, not the other one
        assert section.heading == labels["client_sections"][section.id]
        assert section.heading in pages[0]
        assert other["client_sections"][section.id] not in pages[0]
    assert labels["client_title"] in pages[0] and other["client_title"] not in pages[0]
    _, policy = example(path)
    month = labels["months"][policy.effective.month - 1]
    assert month in md and month in pages[0]


# Annotated: each clause with its reason, the options not chosen, its sources.


@pytest.mark.pdf
@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_annotated_shows_options_not_chosen_and_sources(path: Path) -> None:
    from policygen.document.editions import AnnotatedEdition

    ed = edition(path, "annotated")
    assert isinstance(ed, AnnotatedEdition)
    outputs = rendered(path, "annotated")
    md, html = outputs["md"].decode(), words(html_text(outputs["html"]))
    pdf = words(" ".join(pdf_pages(outputs["pdf"])))
    answers, _ = example(path)
    alternatives = 0
    for section in ed.sections:
        for item in section.clauses:
            topic = load_builtin().topic(item.clause.topic_id)
            assert topic is not None
            chosen = answers.topics[topic.id]
            for alt in item.not_chosen:
                alternatives += 1
                option = next(o for o in topic.options if o.label == alt.label)
                assert option.value != chosen
                assert f"- **{alt.label}.**" in md or f"- **{alt.label}**" in md
                assert words(alt.label) in html and words(alt.label) in pdf
            for ref in item.sources:
                assert words(ref.source.title) in pdf
            assert words(item.clause.rationale) in pdf
    assert alternatives > 10
    assert words(ed.labels["not_chosen"]) in pdf


# Acknowledgement: one page per person.


@pytest.mark.pdf
def test_acknowledgement_blank_form_and_one_page_per_signer() -> None:
    path = EXAMPLES[0]
    blank = rendered(path, "acknowledgement")
    pages = pdf_pages(blank["pdf"])
    assert len(pages) == 1
    labels = load_labels("en")
    for key in ("acknowledgement_title", "name", "role", "signature", "date"):
        assert labels[key] in pages[0]
    _, policy = example(path)
    assert policy.title in pages[0] and f"Version {policy.version}" in pages[0]
    signers = [Signer(name=f"Person {n}", role=f"Role {n}") for n in range(1, 6)]
    ed = edition(path, "acknowledgement", signers=signers)
    out = render_edition_all(ed, ("md", "pdf"))
    pages = pdf_pages(out["pdf"])
    assert len(pages) == len(signers)
    for page, signer in zip(pages, signers, strict=True):
        assert signer.name in page and signer.role in page
        assert words(labels["acknowledgement_statement"]) in words(page)
    md = out["md"].decode()
    assert all(f"| {s.name} |" in md for s in signers)


# Posted: the texts to paste match the options chosen.


@pytest.mark.pdf
@pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)
def test_posted_texts_match_the_choices(path: Path) -> None:
    answers, _ = example(path)
    outputs = rendered(path, "posted")
    md = outputs["md"].decode()
    pdf = words(" ".join(pdf_pages(outputs["pdf"])))
    labels = load_labels("en")
    topic = load_builtin().topic("comment-moderation")
    assert topic is not None
    rules = topic.option(answers.topics["comment-moderation"])
    assert rules is not None and rules.posted
    first = plain(rules.posted).split(". ")[0]
    assert first in md and words(first) in pdf
    if answers.topics["review-replies"] == "template-reply":
        assert "we cannot discuss whether anyone receives our services" in md
        contact = str(answers.contacts["reviews"])
        assert words(contact) in pdf
    else:
        assert words(labels["review_reply_none"]) in pdf
    assert "988" in md


# Draft marking: every edition, every format.


def draft_of(path: Path) -> tuple[Answers, Policy]:
    answers, _ = example(path)
    history = tuple(replace(e, approved=None, approved_by=()) for e in answers.history)
    answers = replace(answers, history=history)
    return answers, assemble(load_builtin(), answers, path)


@pytest.mark.pdf
@pytest.mark.parametrize("name", [name for name in EDITIONS if name != "policy"])
def test_every_edition_marks_a_draft_in_every_format(name: str) -> None:
    path = EXAMPLES[0]
    answers, policy = draft_of(path)
    ed = build_edition(name, policy, load_builtin(), answers)
    assert ed.draft
    mark = ed.labels["draft_mark"]
    out = render_edition_all(ed, ("md", "html", "pdf"))
    assert f"**{mark}**" in out["md"].decode()
    assert mark in html_text(out["html"])
    assert all(ed.labels["draft_box"] in page for page in pdf_pages(out["pdf"]))
    approved = rendered(path, name)
    assert mark not in approved["md"].decode()
    assert all(mark not in page for page in pdf_pages(approved["pdf"]))


def test_spanish_client_draft_mark_is_spanish() -> None:
    answers, policy = draft_of(EXAMPLES[0])
    ed = build_edition("client", policy, load_builtin(), answers, lang="es")
    md = render_edition_all(ed, ("md",))["md"].decode()
    assert "**BORRADOR**" in md and "DRAFT" not in md


@pytest.mark.pdf
def test_spanish_client_draft_mark_is_spanish_on_every_pdf_page() -> None:
    answers, policy = draft_of(EXAMPLES[0])
    ed = build_edition("client", policy, load_builtin(), answers, lang="es")
    pages = pdf_pages(render_edition_all(ed, ("pdf",))["pdf"])
    assert all("BORRADOR: todavía no aprobado" in page and "DRAFT" not in page for page in pages)


def test_typed_values_stay_literal_in_every_edition() -> None:
    hostile = "*Acme* <script>alert(1)</script> [x](javascript:y) {{ 7*7 }}"
    answers, _ = example(EXAMPLES[0])
    answers = replace(answers, organization={**answers.organization, "name": hostile})
    policy = assemble(load_builtin(), answers, EXAMPLES[0])
    signers = [Signer(name="<b>Ana</b> *Ruiz*", role="[Nurse](https://x.example)")]
    for name in EDITIONS[1:]:
        ed = build_edition(name, policy, load_builtin(), answers, signers=signers)
        out = render_edition_all(ed, ("md", "html"))
        md, html = out["md"].decode(), out["html"].decode()
        assert "<script>" not in md and "<script>" not in html, name
        assert "\\*Acme\\*" in md and "&lt;script&gt;" in html, name
        assert "{{ 7\\*7 }}" in md and "{{ 7*7 }}" in html, name  # printed, never evaluated
        assert 'href="javascript' not in html, name
    ack = render_edition_all(
        build_edition("acknowledgement", policy, load_builtin(), answers, signers=signers),
        ("html",),
    )["html"].decode()
    assert "&lt;b&gt;Ana&lt;/b&gt;" in ack and "<b>Ana" not in ack


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("client_es", None, "client_es: client text must be given in every language"),
        ("client", None, "client: client text must be given in every language"),
        ("summary", "Do this. " * 12, "summary: one line of at most 100 characters"),
        ("summary", "Do this.\nAnd that.", "summary: one line"),
        ("client_fr", "Bonjour.", "unknown field 'client_fr'"),
    ],
)
def test_library_refuses_bad_edition_keys(
    tmp_path: Path, key: str, value: str | None, message: str
) -> None:
    import yaml

    from policygen.errors import LibraryError

    data = yaml.safe_load((ROOT / "clauses" / "client-connections.yaml").read_text("utf-8"))
    option = data["options"][0]
    if value is None:
        del option[key]
    else:
        option[key] = value
    (tmp_path / "client-connections.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(LibraryError, match=message):
        load_library((tmp_path,))


@pytest.mark.pdf
def test_pdf_tries_tighter_versions_only_while_too_long() -> None:
    from policygen.render.pdf import render_pdf

    _, policy = example(EXAMPLES[0])
    page = '<html lang="en"><head><title>t</title></head><body>{}</body></html>'
    two = page.format('<p style="break-after: page">first</p><p>second</p>')
    one = page.format("<p>first</p><p>second</p>")
    assert len(pdf_pages(render_pdf(two, policy))) == 2
    assert len(pdf_pages(render_pdf(two, policy, max_pages=1, tighter=[two, one]))) == 1
    assert len(pdf_pages(render_pdf(two, policy, max_pages=2, tighter=[one]))) == 2
    assert len(pdf_pages(render_pdf(two, policy, max_pages=1, tighter=[two]))) == 2


@pytest.mark.pdf
def test_annotated_has_the_coverage_appendix() -> None:
    from policygen.render.bundle import render_bundle

    path = EXAMPLES[0]
    answers, policy = example(path)
    out = dict(
        render_bundle(
            policy,
            load_builtin(),
            answers,
            names=("annotated",),
            langs=("en",),
            formats=("md", "pdf"),
            outdir=Path("out"),
            stem="policy",
        )
    )
    md = out[Path("out/policy-annotated.md")].decode()
    pdf = words(" ".join(pdf_pages(out[Path("out/policy-annotated.pdf")])))
    from policygen.document.coverage import coverage

    report = coverage(load_builtin(), answers, policy)
    labels = load_labels("en")
    assert f"## {labels['coverage_title']}" in md and words(labels["coverage_title"]) in pdf
    for row in report.rows:
        cell = "; ".join(f"{c.number} {c.title}" for c in row.clauses) or labels["not_addressed"]
        assert f"| {row.standard.label} {row.standard.title} | {cell} |" in md
        assert words(f"{row.standard.label} {row.standard.title}") in pdf
    for gap in report.gaps:
        assert f"- **{gap.title}.**" in md and words(gap.title) in pdf


def test_every_client_topic_has_a_place_in_the_handout() -> None:
    import yaml

    layout = yaml.safe_load((ROOT / "templates" / "editions" / "client.yaml").read_text("utf-8"))
    placed = {topic for section in layout["sections"] for topic in section["topics"]}
    with_client_text = {t.id for t in load_builtin().topics if any(o.client for o in t.options)}
    assert with_client_text - placed == set()
    assert {section["id"] for section in layout["sections"]} <= set(
        load_labels("en")["client_sections"]
    )


@pytest.mark.pdf
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("org_type", ["public-agency", "private-nonprofit", "private-for-profit"])
def test_client_handout_of_the_longest_answers_is_one_page(org_type: str, lang: str) -> None:
    answers, policy = longest_answers(org_type, client_size)
    ed = build_edition("client", policy, load_builtin(), answers, lang=lang)
    assert isinstance(ed, ClientEdition)
    pages = pdf_pages(render_edition_all(ed, ("pdf",))["pdf"])
    assert len(pages) == 1
    assert words(plain_sentences(client_texts(ed)[-1])[-1]) in words(pages[0])
