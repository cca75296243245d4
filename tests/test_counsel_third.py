"""Rules from the third counsel review that can be read off the built Markdown.

Staff disclose their job only in reviews of the services, never in reviews of the organization as
a workplace; a staff page that names the organization is fine unless it claims to be official;
a review reply with a phone and an email reads naturally; the client handout says what moderation
does after hiding a comment, as the staff text does; abuse reports: hide first, then reply, and
only mandated reporters are told that the law requires their report.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from policygen.answers.file import Answers, read_answers
from policygen.document.assemble import assemble
from policygen.document.editions import build_edition
from policygen.library.loader import Library
from policygen.render.editions import render_edition_all
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


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("dms", ["dms-off", "general-only", "triage"])
def test_handout_says_what_moderation_does_after_hiding(
    library: Library, dms: str, lang: str
) -> None:
    name = "counseling-nonprofit"
    answers = read_answers(EXAMPLES / name / "policy.yaml")
    assert answers.topics["comment-moderation"] == "house-rules"
    answers = replace(answers, topics={**answers.topics, "direct-messages": dms})
    policy = assemble(library, answers, EXAMPLES / name / "policy.yaml")
    handout = render_edition_all(
        build_edition("client", policy, library, answers, lang=lang), ("md",)
    )["md"].decode()
    staff = _section(render_markdown(policy), "Comments, hiding and blocking")
    contact = {"en": "contact that person in private", "es": "nos comunicamos con ella en privado"}
    if dms == "dms-off":
        assert "Do not message the person" in staff
        assert contact[lang] not in handout
        assert {"en": "We do not send that person a message", "es": "No le enviamos mensajes"}[
            lang
        ] in handout
    else:
        assert "private message" in staff and contact[lang] in handout


def _abuse_section(library: Library, name: str, value: str) -> str:
    answers = read_answers(EXAMPLES / name / "policy.yaml")
    chosen = replace(answers, topics={**answers.topics, "abuse-reports": value})
    return _section(
        _markdown(library, chosen, name), "Reports of abuse or neglect sent to official accounts"
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", ["forward-to-intake", "point-and-report"])
def test_abuse_report_steps_hide_first_and_bind_only_mandated_reporters(
    library: Library, name: str, value: str
) -> None:
    body = _abuse_section(library, name, value)
    steps = [line for line in body.splitlines() if line.startswith("- ")]
    assert "hide it from public view" in steps[0], steps
    for sentence in re.split(r"(?<=[.:])\s+", body):
        if "as state law requires" in sentence:
            assert "mandated reporter" in sentence, sentence
    if value == "point-and-report":
        reply = next(i for i, step in enumerate(steps) if "Thank you for telling us" in step)
        assert reply == 1, steps
        assert "If you are not a mandated reporter, tell your supervisor at once" in body


@pytest.mark.parametrize("name", NAMES)
def test_example_abuse_lines_give_a_number(name: str) -> None:
    contacts = read_answers(EXAMPLES / name / "policy.yaml").contacts
    for key in ("abuse_report", "adult_abuse_report"):
        assert re.search(r"\d{3}.?\d{4}", str(contacts[key])), (name, key, contacts[key])
