"""Every edition in Word: its text read back equals its Markdown, pages and drafts as promised."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from policygen.answers.file import Answers, read_answers
from policygen.answers.roster import Signer
from policygen.document.assemble import Policy, assemble
from policygen.document.edition_names import EDITIONS, TRANSLATED
from policygen.document.editions import build_edition
from policygen.render.editions import render_edition_all
from policygen.render.word import word_labels
from tests.docx_reader import W, markdown_blocks, normal, paragraphs, parts, xml
from tests.helpers import ROOT, load_builtin

EXAMPLES = sorted((ROOT / "examples").glob("*/policy.yaml"))
CASES = [
    (path, name, lang)
    for path in EXAMPLES
    for name in EDITIONS
    if name != "policy"
    for lang in (("en", "es") if name in TRANSLATED else ("en",))
]


@cache
def example(path: Path) -> tuple[Answers, Policy]:
    answers = read_answers(path)
    return answers, assemble(load_builtin(), answers, path)


def word_and_markdown(
    path: Path, name: str, lang: str = "en", **kwargs: object
) -> tuple[bytes, str]:
    answers, policy = example(path)
    ed = build_edition(name, policy, load_builtin(), answers, lang=lang, **kwargs)  # type: ignore[arg-type]
    out = render_edition_all(ed, ("md", "docx"))
    return out["docx"], out["md"].decode("utf-8")


def texts(data: bytes) -> list[str]:
    return [normal(p.text) for p in paragraphs(data) if not p.in_field and normal(p.text)]


@pytest.mark.slow  # builds many documents: make test, not make check
@pytest.mark.parametrize(
    ("path", "name", "lang"), CASES, ids=[f"{p.parent.name}-{n}-{lang}" for p, n, lang in CASES]
)
def test_every_edition_round_trips(path: Path, name: str, lang: str) -> None:
    data, markdown = word_and_markdown(path, name, lang)
    assert texts(data) == markdown_blocks(markdown)
    footer = next(n for n in parts(data) if n.startswith("word/footer"))
    (line,) = (p.text for p in paragraphs(data, footer))
    assert line.endswith(word_labels(lang)["page"].format(page=1, pages=1))


def test_spanish_handout_is_spanish_in_word() -> None:
    data, _ = word_and_markdown(EXAMPLES[0], "client", "es")
    footer = next(n for n in parts(data) if n.startswith("word/footer"))
    (line,) = (p.text for p in paragraphs(data, footer))
    assert "Versión" in line and line.endswith("Página 1 de 1")
    defaults = xml(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults is not None and defaults.get(f"{W}val") == "es-US"


def test_acknowledgement_roster_is_one_page_per_person() -> None:
    signers = [Signer(name=f"Person {n}", role=f"Role {n}") for n in range(1, 5)]
    data, markdown = word_and_markdown(EXAMPLES[0], "acknowledgement", signers=signers)
    assert texts(data) == markdown_blocks(markdown)
    body = xml(data).find(f"{W}body")
    assert body is not None
    titles = [p for p in body.findall(f"{W}p") if _style(p) == "Title"]
    assert len(titles) == len(signers)
    breaks = [p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in titles]
    assert breaks == [False, True, True, True]  # each person after the first on a new page
    for signer in signers:
        assert signer.name in texts(data) and signer.role in texts(data)


def _style(paragraph: object) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")  # type: ignore[attr-defined]
    return str(style.get(f"{W}val")) if style is not None else ""


def header_text(data: bytes) -> str:
    names = [n for n in parts(data) if n.startswith("word/header")]
    return " ".join(p.text for name in names for p in paragraphs(data, name))


@pytest.mark.parametrize("name", EDITIONS)
def test_a_draft_says_so_in_the_page_header(name: str) -> None:
    answers, _ = example(EXAMPLES[0])
    unapproved = tuple(replace(e, approved=None, approved_by=()) for e in answers.history)
    draft_answers = replace(answers, history=unapproved)
    policy = assemble(load_builtin(), draft_answers, EXAMPLES[0])
    assert policy.draft
    ed = build_edition(name, policy, load_builtin(), draft_answers)
    from policygen.render.outputs import render_all

    out = render_all(policy, ("docx",)) if name == "policy" else render_edition_all(ed, ("docx",))
    assert word_labels("en")["draft"] in header_text(out["docx"])
    approved, _ = word_and_markdown(EXAMPLES[0], "summary")
    assert word_labels("en")["draft"] not in header_text(approved)
