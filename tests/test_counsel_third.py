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

from policygen.answers.applicability import problems
from policygen.answers.file import Answers, read_answers
from policygen.document.assemble import assemble
from policygen.document.editions import ClientEdition, build_edition
from policygen.library.loader import Library
from policygen.quality.limits import MAX_CLIENT_GRADE, MAX_GRADE
from policygen.quality.readability import readability
from policygen.render.editions import render_edition_all
from policygen.render.markdown import render_markdown
from tests.helpers import ROOT, clause_section, example_markdown

EXAMPLES = ROOT / "examples"
NAMES = [p.parent.name for p in sorted(EXAMPLES.glob("*/policy.yaml"))]


@pytest.mark.parametrize("name", NAMES)
def test_review_disclosure_covers_services_not_the_workplace(library: Library, name: str) -> None:
    answers = read_answers(EXAMPLES / name / "policy.yaml")
    body = clause_section(
        example_markdown(library, answers, name), "Asking for reviews and promoting our services"
    )
    disclosure = next(s for s in re.split(r"(?<=\.)\s+", body) if "say that you work here" in s)
    assert "services" in disclosure, disclosure
    assert "as a place to work" in body and "do not have to say who you are" in body, body


@pytest.mark.parametrize("name", NAMES)
def test_a_staff_page_may_name_the_organization_unless_it_claims_to_be_official(
    library: Library, name: str
) -> None:
    body = clause_section(
        example_markdown(library, read_answers(EXAMPLES / name / "policy.yaml"), name),
        "Official accounts",
    )
    rule = next(s for s in re.split(r"(?<=\.)\s+", body) if "account name" in s)
    assert "claims to be official" in rule, rule


def test_a_review_reply_with_a_phone_and_an_email_reads_naturally(library: Library) -> None:
    answers = read_answers(EXAMPLES / "group-practice" / "policy.yaml")
    answers = replace(answers, topics={**answers.topics, "review-replies": "template-reply"})
    body = clause_section(
        example_markdown(library, answers, "group-practice"), "Replying to online reviews"
    )
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
    staff = clause_section(render_markdown(policy), "Comments, hiding and blocking")
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
    return clause_section(
        example_markdown(library, chosen, name),
        "Reports of abuse or neglect sent to official accounts",
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


VARIANT = ROOT / "tests" / "fixtures" / "children-in-care" / "policy.yaml"


def _variant(library: Library, **organization: str | bool) -> tuple[Answers, str, dict[str, str]]:
    """The counseling example serving children in care: its policy and its handouts."""
    answers = read_answers(VARIANT)
    answers = replace(answers, organization={**answers.organization, **organization})
    policy = assemble(library, answers, VARIANT)
    handouts = {
        lang: render_edition_all(
            build_edition("client", policy, library, answers, lang=lang), ("md",)
        )["md"].decode()
        for lang in ("en", "es")
    }
    return answers, render_markdown(policy), handouts


def test_variant_is_the_counseling_example_serving_children_in_care() -> None:
    answers = read_answers(VARIANT)
    assert answers.organization["type"] == "private-nonprofit"
    assert answers.organization["serves_children"] and answers.organization["hosts_students"]
    assert answers.topics["children-in-care"] == "custodian-consent"
    assert answers.topics["students-field"] == "stricter"
    assert answers.topics["client-stories"] == "never"


def test_story_rule_names_the_children_exception_and_only_when_chosen(library: Library) -> None:
    _, markdown, handouts = _variant(library)
    stories = clause_section(markdown, "Client stories, photos and testimonials")
    assert "The only exception is content that shows a child or youth" in stories
    assert '"Children and youth"' in stories
    assert "There is one exception: a photo of a child or youth." in handouts["en"]
    assert "Hay una excepción: la foto de un niño o joven." in handouts["es"]
    practice = read_answers(EXAMPLES / "group-practice" / "policy.yaml")
    assert practice.topics["children-in-care"] == "no-identifiable"
    plain = example_markdown(library, practice, "group-practice")
    assert "only exception" not in clause_section(plain, "Client stories, photos and testimonials")


def test_children_consent_is_the_custodians_in_policy_and_handout(library: Library) -> None:
    _, markdown, handouts = _variant(library)
    body = clause_section(markdown, "Children and youth")
    assert "legal custodian has given written consent" in body and "a court has approved" in body
    assert "guardian ad litem" in body
    english, spanish = handouts["en"], handouts["es"]
    assert "legal guardian" not in english and "legal custodian" in english
    assert "court" in english and "guardian ad litem" in english
    assert "tutor legal" not in spanish and "custodia legal" in spanish
    assert "juez" in spanish and "ad litem" in spanish


def test_private_agency_text_names_no_caseworker_of_its_own(library: Library) -> None:
    _, markdown, _ = _variant(library)
    body = clause_section(markdown, "Children and youth")
    assert "it has been done" not in body
    assert "the custodian's caseworker tells or asks them" in body
    assert re.findall(r"\bcaseworker\b", body) == ["caseworker"], body


def test_never_say_a_child_is_in_foster_care_even_with_consent(library: Library) -> None:
    _, markdown, handouts = _variant(library)
    body = clause_section(markdown, "Children and youth")
    assert "Even with consent, never say or suggest that a child is in foster care" in body
    assert "never share a diagnosis" in body
    assert "never say that a child is in foster care" in handouts["en"]
    assert "Nunca decimos que un niño está en un hogar de crianza temporal" in handouts["es"]


@pytest.mark.parametrize(("hipaa", "authorization"), [("covered", True), ("not-covered", False)])
def test_hipaa_covered_agency_needs_an_authorization_from_the_personal_representative(
    library: Library, hipaa: str, authorization: bool
) -> None:
    _, markdown, _ = _variant(library, hipaa=hipaa)
    body = clause_section(markdown, "Children and youth")
    assert ("HIPAA authorization" in body) is authorization
    assert ("personal representative" in body) is authorization


def test_variant_reads_plainly_for_staff_and_clients(library: Library) -> None:
    import textstat

    answers = read_answers(VARIANT)
    policy = assemble(library, answers, VARIANT)
    assert problems(library, answers, VARIANT) == []
    score = readability(policy)
    assert score.grade <= MAX_GRADE and score.long_sentences == ()
    handout = build_edition("client", policy, library, answers)
    assert isinstance(handout, ClientEdition)
    texts = [str(text) for section in handout.sections for text in section.items]
    body = " ".join(re.sub(r"[*_#>`\[\]()-]", " ", text) for text in texts)
    assert textstat.flesch_kincaid_grade(body) <= MAX_CLIENT_GRADE


def test_point_and_report_label_and_summary_bind_only_mandated_reporters(library: Library) -> None:
    topic = next(t for t in library.topics if t.id == "abuse-reports")
    option = next(o for o in topic.options if o.value == "point-and-report")
    assert "mandated reporters also report" in option.label
    assert option.summary and "tell your supervisor" in option.summary
