"""Topics added after reading real agency policies, and the coverage review that lists them.

docs/coverage.md maps every topic real policies raise to a library topic; these tests keep that
page true to the library and check that the new topics give each kind of organisation the law
that applies to it.
"""

from __future__ import annotations

import re

import pytest

from policygen.answers.applicability import with_defaults
from policygen.answers.file import Answers, read_answers
from policygen.document.assemble import Clause, Policy, assemble
from policygen.library.loader import Library, Topic
from tests.helpers import ROOT, TODAY

COVERAGE = ROOT / "docs" / "coverage.md"
EXAMPLES = ROOT / "examples"
NEW_TOPICS = (
    "client-messaging",
    "generative-ai",
    "abuse-reports",
    "online-information",
    "speaking-up",
    "telehealth",
)
ORG_TYPES = ("public-agency", "private-nonprofit", "private-for-profit")


def _topic(library: Library, topic_id: str) -> Topic:
    topic = library.topic(topic_id)
    assert topic is not None, topic_id
    return topic


def _build(library: Library, name: str) -> Policy:
    path = EXAMPLES / name / "policy.yaml"
    return assemble(library, read_answers(path), path)


def _clause(policy: Policy, topic_id: str) -> Clause:
    found = [c for s in policy.sections for c in s.clauses if c.topic_id == topic_id]
    assert len(found) == 1, topic_id
    return found[0]


def test_each_new_topic_has_options_rationale_and_sources(library: Library) -> None:
    for topic_id in NEW_TOPICS:
        topic = _topic(library, topic_id)
        assert len(topic.options) >= 2, topic_id
        for option in topic.options:
            assert option.rationale.strip() and option.sources, (topic_id, option.value)


def _offered(library: Library, topic_id: str, org_type: str) -> list[str | bool]:
    """The options the interview offers an organisation of this type (other flags default)."""
    base, _ = with_defaults(library, Answers(library=library.version), TODAY)
    organization = {**base.organization, "type": org_type}
    answers = Answers(library=library.version, organization=organization, policy=base.policy)
    filled, _ = with_defaults(library, answers, TODAY)
    topic = _topic(library, topic_id)
    return [o.value for o in topic.available(filled.context(library))]


@pytest.mark.parametrize("org_type", ORG_TYPES)
def test_every_organisation_type_gets_a_real_choice_on_each_new_topic(
    library: Library, org_type: str
) -> None:
    """No new topic collapses to a single forced answer for any kind of organisation."""
    for topic_id in NEW_TOPICS:
        offered = _offered(library, topic_id, org_type)
        assert len(offered) >= 2, (topic_id, org_type, offered)


def test_speaking_up_gives_each_employer_its_own_law(library: Library) -> None:
    county = _clause(_build(library, "county-child-welfare"), "speaking-up")
    practice = _clause(_build(library, "group-practice"), "speaking-up")
    assert "National Labor Relations" not in county.text
    assert "truthful testimony" in county.text
    assert "National Labor Relations Board" in practice.text
    assert "truthful testimony" not in practice.text
    for clause in (county, practice):
        assert "without asking or telling" in clause.text


def test_hipaa_whistleblower_sentence_only_where_hipaa_applies(library: Library) -> None:
    practice = _clause(_build(library, "group-practice"), "speaking-up")
    center = _clause(_build(library, "university-center"), "speaking-up")
    assert "health oversight agency" in practice.text
    assert "health oversight agency" not in center.text


def test_abuse_reports_point_to_the_organisations_own_intake(library: Library) -> None:
    for name in ("county-child-welfare", "group-practice"):
        answers = read_answers(EXAMPLES / name / "policy.yaml")
        intake = str(answers.contacts["abuse_report"])
        clause = _clause(_build(library, name), "abuse-reports")
        # once in the reply the sender gets, once in what staff do themselves
        assert clause.text.count(intake) >= 2, name
        assert "911" in clause.text and "Posts that signal risk" in clause.text


def test_the_four_examples_show_all_three_organisation_types() -> None:
    types = {
        str(read_answers(path).organization["type"])
        for path in sorted(EXAMPLES.glob("*/policy.yaml"))
    }
    assert types == set(ORG_TYPES)


def test_every_example_answers_every_new_topic() -> None:
    for path in sorted(EXAMPLES.glob("*/policy.yaml")):
        answered = set(read_answers(path).topics)
        assert set(NEW_TOPICS) <= answered, path.parent.name


def _coverage_ids() -> set[str]:
    text = COVERAGE.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    return {m for row in rows for m in re.findall(r"`([a-z0-9-]+)`", row)}


def test_coverage_page_names_only_library_topics(library: Library) -> None:
    named = _coverage_ids()
    known = {t.id for t in library.topics}
    assert named and named <= known, sorted(named - known)
    assert set(NEW_TOPICS) <= named


def test_coverage_page_lists_at_least_eight_real_policies_with_links() -> None:
    text = COVERAGE.read_text(encoding="utf-8")
    section = text.split("## Policies read", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in section.splitlines() if re.match(r"\| \d+ \|", r)]
    assert len(rows) >= 8
    for row in rows:
        assert re.search(r"https?://\S+", row), row
