"""Rules from the second counsel review that can be read off the built Markdown.

Abuse reports about children and about adults go to their own lines, mandated reporters report
at once, the private practice serving children gets no child-welfare (custody and placement)
text, and what clients are told about searches follows the search option chosen.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from policygen.answers.file import read_answers
from policygen.library.loader import Library
from tests.helpers import ROOT, clause_section, example_markdown

EXAMPLES = ROOT / "examples"
CHILD_WELFARE = re.compile(
    r"photolisting|child welfare record|placement|#FosterCareMonth", re.IGNORECASE
)


def _near(text: str, needle: str, word: str, reach: int = 30) -> bool:
    """Every occurrence of ``needle`` has ``word`` within ``reach`` characters either side."""
    spots = [m.start() for m in re.finditer(re.escape(needle), text)]
    return bool(spots) and all(
        word in text[max(0, at - reach) : at + len(needle) + reach] for at in spots
    )


@pytest.mark.parametrize("name", [p.parent.name for p in sorted(EXAMPLES.glob("*/policy.yaml"))])
def test_abuse_of_a_child_and_of_an_adult_go_to_their_own_lines(
    library: Library, name: str
) -> None:
    answers = read_answers(EXAMPLES / name / "policy.yaml")
    child = str(answers.contacts["abuse_report"])
    adult = str(answers.contacts["adult_abuse_report"])
    assert child != adult, name
    for value in ("forward-to-intake", "point-and-report"):
        chosen = replace(answers, topics={**answers.topics, "abuse-reports": value})
        body = clause_section(
            example_markdown(library, chosen, name),
            "Reports of abuse or neglect sent to official accounts",
        )
        assert _near(body, child, "child"), (name, value)
        assert _near(body, adult, "adult"), (name, value)
        assert "same day" not in body, (name, value)
        assert "immediately" in body and "does not replace your own report" in body, (name, value)


def test_child_welfare_text_only_for_public_agencies(library: Library) -> None:
    practice = read_answers(EXAMPLES / "group-practice" / "policy.yaml")
    county = read_answers(EXAMPLES / "county-child-welfare" / "policy.yaml")
    assert practice.organization["serves_children"] and county.organization["serves_children"]
    assert practice.organization["type"] != "public-agency"
    assert county.organization["type"] == "public-agency"
    private = example_markdown(library, practice, "group-practice")
    public = example_markdown(library, county, "county-child-welfare")
    assert not CHILD_WELFARE.search(private), CHILD_WELFARE.search(private)
    assert "photolisting" in public and "#FosterCareMonth" in public
    assert "never post about children or youth" in clause_section(private, "Children and youth")


def test_what_clients_are_told_follows_the_search_option(library: Library) -> None:
    answers = read_answers(EXAMPLES / "group-practice" / "policy.yaml")
    topic = library.topic("client-searches")
    assert topic is not None
    for option in topic.options:
        if option.value == "listed-purposes":
            continue  # its own list, told at intake, is checked by its words below
        chosen = replace(answers, topics={**answers.topics, "client-searches": option.value})
        markdown = example_markdown(library, chosen, "group-practice")
        told = clause_section(markdown, "What clients are told")
        rule = clause_section(markdown, "Looking up clients online")
        if option.value == "consent-or-safety":
            for text in (told, str(option.client)):
                assert "two exceptions" in text and "danger" in text and "work reason" in text
                assert "one exception" not in text
            assert "search first and tell your supervisor the same day" in rule
            assert "In either case, your supervisor must approve first" not in rule
        else:
            assert "exception" not in told, option.value
