"""Rules from the third counsel review that can be read off the built Markdown.

Staff disclose their job only in reviews of the services, never in reviews of the organization as
a workplace; a staff page that names the organization is fine unless it claims to be official;
a review reply with a phone and an email reads naturally.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from policygen.answers.file import Answers, read_answers
from policygen.document.assemble import assemble
from policygen.library.loader import Library
from policygen.render.markdown import render_markdown
from tests.helpers import ROOT

EXAMPLES = ROOT / "examples"
NAMES = [p.parent.name for p in sorted(EXAMPLES.glob("*/policy.yaml"))]


def _markdown(library: Library, answers: Answers, name: str) -> str:
    return render_markdown(assemble(library, answers, EXAMPLES / name / "policy.yaml"))


def _section(markdown: str, title: str) -> str:
    """The body of the numbered clause with this title, up to the next heading."""
    match = re.search(
        rf"^###\s+[\d.]+\s+{re.escape(title)}\n(.*?)(?=^#)", markdown, re.MULTILINE | re.DOTALL
    )
    assert match, title
    return match.group(1)


@pytest.mark.parametrize("name", NAMES)
def test_review_disclosure_covers_services_not_the_workplace(library: Library, name: str) -> None:
    answers = read_answers(EXAMPLES / name / "policy.yaml")
    body = _section(
        _markdown(library, answers, name), "Asking for reviews and promoting our services"
    )
    disclosure = next(s for s in re.split(r"(?<=\.)\s+", body) if "say that you work here" in s)
    assert "services" in disclosure, disclosure
    assert "as a place to work" in body and "do not have to say who you are" in body, body


@pytest.mark.parametrize("name", NAMES)
def test_a_staff_page_may_name_the_organization_unless_it_claims_to_be_official(
    library: Library, name: str
) -> None:
    body = _section(
        _markdown(library, read_answers(EXAMPLES / name / "policy.yaml"), name),
        "Official accounts",
    )
    rule = next(s for s in re.split(r"(?<=\.)\s+", body) if "account name" in s)
    assert "claims to be official" in rule, rule


def test_a_review_reply_with_a_phone_and_an_email_reads_naturally(library: Library) -> None:
    answers = read_answers(EXAMPLES / "group-practice" / "policy.yaml")
    answers = replace(answers, topics={**answers.topics, "review-replies": "template-reply"})
    body = _section(_markdown(library, answers, "group-practice"), "Replying to online reviews")
    contact = str(answers.contacts["reviews"])
    assert "," in contact and contact in body
    assert not re.search(r"\b(?:contact|call|email)\s+" + re.escape(contact), body), body
