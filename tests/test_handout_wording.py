"""Client handout wording a reviewer flagged: text that reads as the wrong person's, and
paragraphs that run together because a template tag ate the blank line between them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policygen.answers.file import read_answers
from policygen.document.assemble import assemble
from policygen.document.editions import build_edition
from policygen.render.editions import render_edition_all
from tests.helpers import ROOT, load_builtin

HANDOUTS = [
    *sorted((ROOT / "examples").glob("*/policy.yaml")),
    ROOT / "tests" / "fixtures" / "children-in-care" / "policy.yaml",
]
HANDOUT_IDS = [path.parent.name for path in HANDOUTS]

# The comment rules end with a request to the reader; it is a paragraph of its own.
PLEASE = {"en": "Please do not post private details", "es": "Por favor, no publique datos privados"}


def handout_md(path: Path, lang: str) -> str:
    answers = read_answers(path)
    policy = assemble(load_builtin(), answers, path)
    ed = build_edition("client", policy, load_builtin(), answers, lang=lang)
    return render_edition_all(ed, ("md",))["md"].decode()


def paragraphs(md: str) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", md) if block.strip()]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", HANDOUTS, ids=HANDOUT_IDS)
def test_please_do_not_post_is_its_own_paragraph(path: Path, lang: str) -> None:
    found = [p for p in paragraphs(handout_md(path, lang)) if PLEASE[lang] in p]
    assert len(found) == 1, f"{path.parent.name} ({lang}): {found}"
    assert found[0].startswith(PLEASE[lang]), f"{path.parent.name} ({lang}) runs on: {found[0]}"


def test_spanish_children_clause_says_whose_health_and_case() -> None:
    """In a handout addressed to "usted", "de su salud" reads as the reader's own health; the
    clause is about the child's."""
    topic = next(t for t in load_builtin().topics if t.id == "children-in-care")
    spanish = [option.client["es"] for option in topic.options if option.client]
    assert spanish
    for text in spanish:
        assert "de su salud" not in text and "de su caso" not in text
    md = handout_md(HANDOUTS[-1], "es")
    assert "datos de salud ni del caso del niño" in md
