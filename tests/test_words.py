"""The organisation's own words: roles, contacts, its noun, state facts and answer-dependent defaults.

Most checks build the real library's policy to Markdown over a matrix of organisation profiles
and option choices, with role and contact answers that cannot occur by chance, so a role printed
without its article, a contact printed where it was not asked, or a placeholder left in the text
shows up in the output. Each checker is also run on a planted case, so it is seen to fail.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from policygen.answers.applicability import problems, prune, with_defaults
from policygen.answers.file import Answers, read_answers, write_answers
from policygen.document.assemble import assemble
from policygen.errors import LibraryError
from policygen.interview.prompts import run_interview
from policygen.library.combinations import declared_conflicts
from policygen.library.loader import Library, load_library
from policygen.library.words import Names, agree, strip_article, the, the_start
from policygen.render.markdown import render_markdown
from tests.helpers import MINI, ROOT, TODAY, edit, load_builtin, run
from tests.keys import CLEAR, ENTER

WHERE = Path("policy.yaml")
TYPES = ("public-agency", "private-nonprofit", "private-for-profit")
# Answers no clause text could contain by chance, so every place they are printed can be found.
ROLES = {
    "director": "zeta director",
    "communications": "zeta speaker",
    "privacy": "zeta guardian",
    "on_call": "zeta responder",
    "hr": "zeta people office",
}
CONTACTS = {
    "crisis": "CONTACT-CRISIS",
    "abuse_report": "CONTACT-ABUSE",
    "adult_abuse_report": "CONTACT-ADULT-ABUSE",
    "reviews": "CONTACT-REVIEWS",
    "records": "CONTACT-RECORDS",
}
PLACEHOLDER = re.compile(r"\{\{|\{%|\}\}|%\}|\bNone\b|\bnone\b|\[\[|\]\]")
TURNS = 4  # one per option of the longest select (3), and one with no official accounts
SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|^\s*[-*]\s+|\|\s*)$")


def profiles() -> Iterator[dict[str, Any]]:
    """Every combination of organisation type, children, students and HIPAA, and each type as a
    university center whose client records fall under FERPA."""
    for kind, children, students, hipaa in itertools.product(
        TYPES, (False, True), (False, True), ("covered", "not-covered")
    ):
        yield {
            "name": "Riverbend Services",
            "type": kind,
            "state": "WI",
            "serves_children": children,
            "hosts_students": students,
            "hipaa": hipaa,
        }
    for kind in TYPES:
        yield {
            "name": "Riverbend Services",
            "type": kind,
            "state": "WI",
            "serves_children": False,
            "hosts_students": True,
            "hipaa": "ferpa",
        }


def answers_for(library: Library, organization: dict[str, Any], turn: int) -> Answers:
    """Answers for a profile choosing, for each topic, its ``turn``-th available option."""
    start = Answers(
        library=library.version,
        organization=organization,
        roles=dict(ROLES),
        policy={
            "owner": "Clinical Director",
            "approved_by": ["Board of Directors", "Medical Director"],
        },
    )
    answers, _ = with_defaults(library, start, TODAY)
    topics: dict[str, Any] = {}
    for index, topic in enumerate(library.topics):
        pick = turn + index  # topics turn at different offsets, so every pair meets
        context = replace(answers, topics=topics).context(library)
        if not topic.when.holds(context):
            continue
        offered = [option.value for option in topic.available(context)]
        if topic.id == "official-accounts":  # its last option switches other topics off
            topics[topic.id] = offered[-1] if turn == TURNS - 1 else offered[turn % 2]
        elif topic.type == "checkbox":
            topics[topic.id] = offered[: 1 + pick % len(offered)]
        elif topic.type == "text":
            topics[topic.id] = "typed answer"
        else:  # rotate, skipping options that a declared conflict rules out
            turned = offered[pick % len(offered) :] + offered[: pick % len(offered)]
            topics[topic.id] = next(
                (
                    v
                    for v in turned
                    if not declared_conflicts(library.topics, {**topics, topic.id: v})
                ),
                turned[0],
            )
    answers = replace(answers, topics=topics, contacts={})
    asked = [spec.id for spec in library.profile_group("contacts")]
    filled, _ = with_defaults(library, answers, TODAY)
    contacts = {key: CONTACTS[key] for key in asked if key in filled.contacts}
    return replace(filled, contacts=contacts)


@cache
def matrix() -> tuple[tuple[str, Answers, str], ...]:
    """(label, answers, Markdown) for every profile and each option turn."""
    library = load_builtin()
    built = []
    for organization in profiles():
        for turn in range(TURNS):
            answers = answers_for(library, organization, turn)
            assert problems(library, answers, WHERE) == []
            markdown = render_markdown(assemble(library, answers, WHERE))
            label = "/".join(str(v) for k, v in organization.items() if k != "name") + f"/{turn}"
            built.append((label, answers, markdown))
    return tuple(built)


def body(markdown: str) -> str:
    """The numbered sections, without the contents list, history and references."""
    start = re.search(r"^## 1\. ", markdown, re.MULTILINE)
    end = re.search(r"^## \d+\. Revision history", markdown, re.MULTILINE)
    assert start and end
    return markdown[start.start() : end.start()]


# --- the checkers, each shown failing on a planted case -------------------------------------


def bare_roles(markdown: str, roles: dict[str, str]) -> list[str]:
    """Role titles printed without "the" before them."""
    found = []
    for title in roles.values():
        for match in re.finditer(re.escape(title), markdown):
            before = markdown[max(0, match.start() - 4) : match.start()]
            if before not in ("the ", "The "):
                found.append(markdown[max(0, match.start() - 30) : match.end()])
    return found


def capital_after_stop(markdown: str, roles: dict[str, str]) -> list[str]:
    """A lower-case "the <role>" that starts a sentence."""
    found = []
    for title in roles.values():
        for match in re.finditer("the " + re.escape(title), markdown):
            if SENTENCE_START.search(markdown[: match.start()]):
                found.append(markdown[max(0, match.start() - 30) : match.end()])
    return found


def test_checkers_catch_planted_cases() -> None:
    roles = {"communications": "zeta speaker"}
    assert bare_roles("Ask zeta speaker first.", roles)
    assert bare_roles("Zeta speaker, then the zeta speaker.", roles) == []  # case-sensitive
    assert not bare_roles("Ask the zeta speaker. The zeta speaker decides.", roles)
    assert capital_after_stop("Stop. the zeta speaker decides.", roles)
    assert capital_after_stop("- the zeta speaker keeps the list", roles)
    assert not capital_after_stop("Ask the zeta speaker.", roles)
    assert PLACEHOLDER.search("Call {{ contacts.crisis }}")
    assert PLACEHOLDER.search("Call None at once")


# --- the matrix ------------------------------------------------------------------------------


@pytest.mark.slow  # builds many documents: make test, not make check
def test_matrix_covers_every_option(library: Library) -> None:
    chosen = {
        (topic_id, str(value))
        for _, answers, _ in matrix()
        for topic_id, values in answers.topics.items()
        for value in (values if isinstance(values, list) else [values])
    }
    offered = {(t.id, str(o.value)) for t in library.topics for o in t.options}
    assert offered - chosen == set()


def test_no_placeholder_or_unfilled_value_in_any_profile() -> None:
    for label, answers, markdown in matrix():
        assert not PLACEHOLDER.search(markdown), (label, PLACEHOLDER.search(markdown))
        if answers.organization["noun"] != "agency":
            assert "the agency" not in markdown.lower(), label


def test_every_role_reads_with_its_article() -> None:
    for label, _, markdown in matrix():
        assert bare_roles(markdown, ROLES) == [], label
        assert capital_after_stop(markdown, ROLES) == [], label


def test_contacts_are_printed_only_where_asked_and_always_where_asked() -> None:
    for label, answers, markdown in matrix():
        for key, value in CONTACTS.items():
            assert (value in markdown) == (key in answers.contacts), (label, key)


EXAMPLES = sorted((ROOT / "examples").glob("*/policy.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def test_examples_use_their_own_words(library: Library, path: Path) -> None:
    answers = read_answers(path)
    assert problems(library, answers, path) == []
    markdown = render_markdown(assemble(library, answers, path))
    text = body(markdown)
    assert not PLACEHOLDER.search(markdown)
    roles = dict(answers.roles)
    assert bare_roles(text, roles) == [] and capital_after_stop(text, roles) == []
    noun = answers.organization["noun"]
    assert f"the {noun}" in text and (noun == "agency" or "the agency" not in text.lower())
    for value in answers.contacts.values():
        assert value in text


def test_the_organisation_is_called_by_its_noun(library: Library) -> None:
    organization = {**next(profiles()), "noun": "center"}
    answers = answers_for(library, organization, 0)
    markdown = render_markdown(assemble(library, answers, WHERE))
    assert "the center's own accounts" in markdown
    assert markdown.count("the center") > 10
    assert "the agency" not in body(markdown).lower()


def test_two_approvers_agree_in_number(library: Library) -> None:
    answers = answers_for(library, next(profiles()), 0)
    two = render_markdown(assemble(library, answers, WHERE))
    assert "The Board of Directors and the Medical Director approve each new version." in two
    one = replace(answers, policy={**answers.policy, "approved_by": "the Board of Directors"})
    text = render_markdown(assemble(library, one, WHERE))
    assert "The Board of Directors approves each new version." in text
    assert "The Clinical Director owns this policy." in text


def test_conditional_text_follows_the_profile() -> None:
    for label, answers, markdown in matrix():
        org = answers.organization
        if org["serves_children"] and org["type"] == "public-agency":
            assert "#FosterCareMonth" in markdown or "Write hashtags" not in markdown, label
        elif org["serves_children"]:  # custody and placements are for child-welfare agencies
            assert "#FosterCareMonth" not in markdown and "photolisting" not in markdown, label
            assert "#ChildrensMentalHealth" in markdown or "Write hashtags" not in markdown, label
        else:
            assert "#FosterCareMonth" not in markdown, label
            assert "for a child or youth" not in markdown, label
            assert "child welfare" not in body(markdown).lower(), label
        if not org["hosts_students"]:
            assert "staff or students" not in markdown, label
        assert "runs official accounts" not in markdown, label


def test_public_child_welfare_reaches_an_on_call_supervisor(library: Library) -> None:
    public = {**next(profiles()), "serves_children": True}
    start = Answers(library=library.version, organization=public)
    answers, _ = with_defaults(library, start, TODAY)
    markdown = render_markdown(assemble(library, answers, WHERE))
    assert "on-call supervisor" in markdown
    assert "clinician" not in markdown


# --- filters ---------------------------------------------------------------------------------


def test_article_and_agreement_filters() -> None:
    assert the("Clinical Director") == "the Clinical Director"
    assert the_start("Clinical Director") == "The Clinical Director"
    assert the_start("the Board") == "The Board"
    both = Names(["Board of Directors", "Medical Director"])
    assert str(both) == "Board of Directors and Medical Director"
    assert the_start(both) == "The Board of Directors and the Medical Director"
    assert agree(both, "approves", "approve") == "approve"
    assert agree("Board", "approves", "approve") == "approves"
    assert strip_article("The PIO") == "PIO"
    assert strip_article("theater manager") == "theater manager"


# --- defaults that depend on earlier answers -------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "noun", "communications", "approver", "political"),
    [
        ("public-agency", "department", "public information officer", "Department Director",
         "neutral"),
        ("private-nonprofit", "agency", "communications lead", "Board of Directors",
         "issue-advocacy"),
        ("private-for-profit", "practice", "practice manager", "Practice Owner",
         "issue-advocacy"),
    ],
)  # fmt: skip
def test_defaults_by_organisation_type(
    library: Library, kind: str, noun: str, communications: str, approver: str, political: str
) -> None:
    start = Answers(library=library.version, organization={"type": kind})
    answers, _ = with_defaults(library, start, TODAY)
    assert answers.organization["noun"] == noun
    assert answers.roles["communications"] == communications
    assert answers.policy["approved_by"] == approver
    assert answers.topics["political-activity"] == political
    assert problems(library, answers, WHERE) == []


def test_students_change_the_scope_default(library: Library) -> None:
    for students, scope in ((True, "staff-and-learners"), (False, "staff")):
        start = Answers(library=library.version, organization={"hosts_students": students})
        answers, _ = with_defaults(library, start, TODAY)
        assert answers.topics["scope-definitions"] == scope


def test_interview_defaults_flag_uses_the_same_logic(here: Path, library: Library) -> None:
    partial = Answers(
        library=library.version, organization={"name": "Lake County", "type": "public-agency"}
    )
    write_answers(here / "policy.yaml", partial)
    result = run("interview", "policy.yaml", "--resume", "--defaults", "--no-build")
    assert result.exit_code == 0, result.output
    saved = read_answers(here / "policy.yaml")
    assert saved.organization["noun"] == "department"
    assert saved.roles["communications"] == "public information officer"
    assert saved.policy["approved_by"] != "Board of Directors"
    assert saved.topics["political-activity"] == "neutral"
    assert "records" in saved.contacts  # a public agency with official accounts
    assert "reviews" not in saved.contacts  # the default review reply is no reply


def test_contacts_not_needed_are_dropped_and_refused(library: Library) -> None:
    public = {**next(profiles())}
    answers = answers_for(library, public, 1)
    assert answers.topics["review-replies"] == "template-reply"
    assert "reviews" in answers.contacts
    changed = replace(answers, topics={**answers.topics, "review-replies": "no-reply"})
    found = [f"{e.field}: {e.message}" for e in problems(library, changed, WHERE)]
    assert found == [
        "contacts.reviews: not needed by the chosen clauses (its condition does not hold)"
    ]
    pruned, dropped = prune(library, changed)
    assert dropped == ["contacts.reviews"]
    assert problems(library, pruned, WHERE) == []


# --- state -----------------------------------------------------------------------------------


def test_state_is_normalised_and_its_facts_used(here: Path, library: Library) -> None:
    organization = {**next(profiles()), "state": "nc"}
    answers = answers_for(library, organization, 0)
    write_answers(here / "policy.yaml", answers)
    assert run("check", "policy.yaml").exit_code == 0
    markdown = render_markdown(assemble(library, read_answers(here / "policy.yaml"), WHERE))
    assert "North Carolina Public Records Law (N.C. Gen. Stat. ch. 132)" in markdown


def test_state_without_a_verified_entry_keeps_the_generic_sentence(library: Library) -> None:
    answers = answers_for(library, {**next(profiles()), "state": "ND"}, 0)
    markdown = render_markdown(assemble(library, answers, WHERE))
    assert "may be public records. Anyone may ask to see them." in markdown
    assert "law also limits when an employer" not in markdown


@pytest.mark.parametrize(
    ("state", "kind", "printed"),
    [
        ("WI", "public-agency", True),  # Wis. Stat. § 995.55 binds the state and its subdivisions
        ("WI", "private-nonprofit", True),
        ("CA", "private-nonprofit", True),
        ("CA", "public-agency", False),  # Lab. Code § 980 was checked for private employers only
        ("MN", "private-nonprofit", False),  # no such statute
    ],
)
def test_account_privacy_statute_only_where_it_binds(
    library: Library, state: str, kind: str, printed: bool
) -> None:
    answers = answers_for(library, {**next(profiles()), "state": state, "type": kind}, 0)
    answers = replace(
        answers, topics={**answers.topics, "personal-account-access": "never-request"}
    )
    markdown = render_markdown(assemble(library, answers, WHERE))
    assert ("law also limits when an employer may ask" in markdown) is printed


def test_every_verified_records_law_reaches_a_public_agency(library: Library) -> None:
    verified = [s for s in library.states.values() if "public_records_law" in s.laws]
    assert len(verified) >= 4
    for state in verified:
        answers = answers_for(library, {**next(profiles()), "state": state.code.lower()}, 0)
        markdown = render_markdown(assemble(library, answers, WHERE))
        law = state.laws["public_records_law"]
        assert f"may be public records under the {law.name} ({law.citation})." in markdown


def test_a_state_fact_without_its_source_is_refused(copy_builtin: Path) -> None:
    edit(copy_builtin / "states.yaml", "      checked: 2026-12-02  # 132-1", "      # 132-1")
    with pytest.raises(LibraryError) as info:
        load_library(base=copy_builtin)
    assert "states.yaml: states.NC.public_records_law.checked: missing" in str(info.value)


def test_every_state_fact_has_its_source(library: Library) -> None:
    assert len(library.states) == 56
    for state in library.states.values():
        for law in state.laws.values():
            assert law.url.startswith("https://") and law.checked <= dt.date.today()


def test_unknown_state_is_refused_in_one_line(here: Path, library: Library) -> None:
    answers = answers_for(library, {**next(profiles()), "state": "XX"}, 0)
    write_answers(here / "policy.yaml", answers)
    result = run("check", "policy.yaml")
    assert result.exit_code != 0
    assert "organization.state: 'XX' is not a U.S. state or territory code" in result.output


@pytest.fixture
def state_library(tmp_path: Path) -> Library:
    """The mini library with the built-in state question and state list."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    edit(
        folder / "profile.yaml",
        '    type: text\n    default: MN\n    pattern: "^[A-Z]{2}$"\n'
        "    pattern_help: two capital letters, such as MN or CA\n",
        "    type: state\n    default: MN\n    normalize: upper\n",
    )
    shutil.copy(ROOT / "clauses" / "states.yaml", folder / "states.yaml")
    return load_library(base=folder)


def test_interview_reads_nc_as_NC_and_refuses_unknown_codes(
    state_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    keys = (
        ENTER + ENTER  # name, type
        + CLEAR + "zz" + ENTER  # refused: not a state code
        + CLEAR + "nc" + ENTER
        + ENTER * 7 + ENTER * 4 + ENTER + "n"
    )  # fmt: skip
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        pipe.close()
        answers, _ = run_interview(
            state_library, path, Answers(library=state_library.version), TODAY
        )
    assert answers.organization["state"] == "NC"
    assert read_answers(path).organization["state"] == "NC"


# --- library errors --------------------------------------------------------------------------


@pytest.fixture
def copy_builtin(tmp_path: Path) -> Path:
    folder = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", folder)
    return folder


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("harassment.yaml", "the {{ roles.hr }}", "the {{ roles.hr_lead }}",
         "harassment.yaml: options[1].text: unknown role roles.hr_lead"),
        ("review-replies.yaml", "{{ org.noun }} in private: {{ contacts.reviews }}", "{{ org.noun }} in private: {{ contacts.review }}",
         "review-replies.yaml: options[1].text: unknown contact contacts.review"),
        ("scope-definitions.yaml", "    - value: staff\n", "    - value: everyone\n",
         "'everyone' is not a valid default"),
        ("scope-definitions.yaml", '    - when: "org.hosts_students"\n', "    - when: \"answers['training']\"\n",
         "not an earlier topic"),
        ("profile.yaml", "      - value: agency\n", "      - when: \"true\"\n        value: agency\n",
         "the last default has no 'when'"),
    ],
)  # fmt: skip
def test_library_errors_name_file_and_field(
    copy_builtin: Path, file: str, old: str, new: str, message: str
) -> None:
    edit(copy_builtin / file, old, new)
    with pytest.raises(LibraryError) as info:
        load_library(base=copy_builtin)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
