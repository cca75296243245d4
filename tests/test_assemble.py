"""Answers + library → Policy: numbering, chosen texts, citations, and literal user text."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from policygen.answers.file import Answers
from policygen.document.assemble import Clause, Policy, assemble
from policygen.errors import AnswersError, RenderError
from policygen.library.loader import Library, load_library
from policygen.library.templating import escape_markdown
from policygen.render.html import render_html
from policygen.render.markdown import render_markdown
from tests.helpers import edit, mini_answers

WHERE = Path("policy.yaml")


def build(library: Library, **changes: Any) -> Policy:
    return assemble(library, mini_answers(library, **changes), WHERE)


def numbering(policy: Policy) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (f"{s.number}. {s.id}", [(c.number, c.topic_id) for c in s.clauses])
        for s in policy.sections
    ]


def clause(policy: Policy, topic_id: str) -> Clause:
    for section in policy.sections:
        for item in section.clauses:
            if item.topic_id == topic_id:
                return item
    raise AssertionError(f"no clause for {topic_id}")


def reference_ids(policy: Policy) -> list[tuple[int, str]]:
    return [(ref.number, ref.source.id) for ref in policy.references]


# --- structure ------------------------------------------------------------------------------


def test_numbering_with_defaults(mini_library: Library) -> None:
    assert numbering(build(mini_library)) == [
        (
            "1. organization",
            [("1.1", "official-accounts"), ("1.2", "engagement-style"), ("1.3", "spokespersons")],
        ),
        ("2. staff", [("2.1", "employee-rights"), ("2.2", "contact")]),
    ]


def test_only_applicable_topics_are_numbered(mini_library: Library) -> None:
    policy = build(
        mini_library,
        organization={"hosts_students": True},
        topics={"official-accounts": "no-presence"},
    )
    assert numbering(policy) == [
        ("1. organization", [("1.1", "official-accounts"), ("1.2", "spokespersons")]),
        ("2. staff", [("2.1", "employee-rights"), ("2.2", "students"), ("2.3", "contact")]),
    ]


YOUTH_TOPIC = """\
id: youth-photos
title: Photos of young people
section: youth
when: "org.serves_children"
question:
  prompt: May staff post photos of young people?
  help: Young people in care need extra protection.
  type: confirm
  default: false
options:
  - value: true
    label: "Yes, with consent"
    text: Post photos of young people only with written consent.
    rationale: Consent protects young people.
    sources: [nasw-code-2021]
  - value: false
    label: "No"
    text: Do not post photos of young people.
    rationale: Young people in care must not be identifiable.
    sources: [nasw-code-2021]
"""


def test_a_section_without_applicable_topics_is_left_out(copy_library: Path) -> None:
    edit(
        copy_library / "library.yaml",
        "  - id: staff\n",
        "  - id: youth\n    title: Young people\n  - id: staff\n",
    )
    (copy_library / "youth-photos.yaml").write_text(YOUTH_TOPIC, encoding="utf-8")
    library = load_library(base=copy_library)
    without = build(library, organization={"serves_children": False})
    assert [(s.number, s.id) for s in without.sections] == [(1, "organization"), (2, "staff")]
    assert [c.number for c in without.sections[1].clauses] == ["2.1", "2.2"]
    with_youth = build(library, organization={"serves_children": True})
    assert [(s.number, s.id) for s in with_youth.sections] == [
        (1, "organization"),
        (2, "youth"),
        (3, "staff"),
    ]
    assert clause(with_youth, "youth-photos").number == "2.1"
    assert clause(with_youth, "contact").number == "3.2"


def test_metadata(mini_library: Library) -> None:
    policy = build(
        mini_library,
        organization={"name": "Northside"},
        policy={
            "owner": "Clinical Director",
            "approved_by": "County Board",
            "version": "2.0",
            "effective": dt.date(2027, 1, 1),
            "title": "Social Media and You",
        },
    )
    assert policy.org_name == "Northside"
    assert policy.title == "Social Media and You"
    assert policy.version == "2.0"
    assert policy.effective == dt.date(2027, 1, 1)
    assert policy.review_by == dt.date(2028, 1, 1)
    assert policy.owner == "Clinical Director"
    assert policy.approved_by == ("County Board",)
    assert policy.library_name == "test library"
    assert policy.library_version == "2026.1.0"


def test_several_approvers(mini_library: Library) -> None:
    policy = build(mini_library, policy={"approved_by": ["Board", "Director"]})
    assert policy.approved_by == ("Board", "Director")


def test_same_answers_same_policy(mini_library: Library) -> None:
    assert build(mini_library) == build(mini_library)


def test_invalid_answers_are_refused(mini_library: Library) -> None:
    answers = mini_answers(mini_library, topics={"official-accounts": "sometimes"})
    with pytest.raises(AnswersError) as info:
        assemble(mini_library, answers, WHERE)
    assert str(info.value).startswith("policy.yaml: answers.official-accounts: ")


def test_incomplete_answers_are_refused(mini_library: Library) -> None:
    answers = Answers(library=mini_library.version)
    with pytest.raises(AnswersError, match="missing"):
        assemble(mini_library, answers, WHERE)


# --- clause texts ---------------------------------------------------------------------------


def test_select_text_is_filled_in(mini_library: Library) -> None:
    policy = build(mini_library, organization={"name": "Northside"})
    item = clause(policy, "official-accounts")
    assert item.text == "Only the communications lead creates accounts for Northside."
    assert item.choice == "Only the communications lead creates accounts"
    assert item.rationale == "One owner keeps track of every account."
    other = clause(
        build(mini_library, topics={"official-accounts": "no-presence"}), "official-accounts"
    )
    assert other.text == "Example Family Services keeps no social-media accounts."


def test_checkbox_texts_in_library_order_then_fixed_text(mini_library: Library) -> None:
    policy = build(mini_library, topics={"spokespersons": ["comms-lead", "director"]})
    item = clause(policy, "spokespersons")
    assert item.text == (
        "- The director speaks for the agency.\n\n"
        "- The communications lead speaks for the agency.\n\n"
        "You may still speak for yourself, including about your pay and working conditions."
    )
    assert item.choice == "The director; The communications lead"
    assert item.rationale == "Leaders speak for the agency. Communications staff are trained."


def test_one_checkbox_choice(mini_library: Library) -> None:
    item = clause(build(mini_library, topics={"spokespersons": ["comms-lead"]}), "spokespersons")
    assert item.text.startswith("- The communications lead speaks for the agency.\n\nYou may")
    assert "director" not in item.text


def test_intro_comes_first(copy_library: Path) -> None:
    edit(
        copy_library / "spokespersons.yaml",
        "fixed: You may",
        "intro: Only these people speak for {{ org.name }}.\nfixed: You may",
    )
    library = load_library(base=copy_library)
    item = clause(build(library, organization={"name": "Northside"}), "spokespersons")
    parts = item.text.split("\n\n")
    assert parts[0] == "Only these people speak for Northside."
    assert parts[1] == "- The director speaks for the agency."
    assert parts[2].startswith("You may still speak for yourself")


def test_confirm_answer_picks_its_option(mini_library: Library) -> None:
    yes = build(mini_library, organization={"hosts_students": True}, topics={"students": True})
    no = build(mini_library, organization={"hosts_students": True}, topics={"students": False})
    assert clause(yes, "students").text == "Students receive this policy at orientation."
    assert clause(no, "students").text == "Students follow their school's policy."


def test_option_chosen_by_organisation_type(mini_library: Library) -> None:
    public = build(mini_library, organization={"type": "public-agency"})
    assert clause(public, "employee-rights").text == (
        "Nothing in this policy limits your speech as a private citizen."
    )


def test_text_answer_is_inserted_literally(mini_library: Library) -> None:
    typed = "Maria O'Neil (HR), ext. 204"
    item = clause(build(mini_library, topics={"contact": typed}), "contact")
    assert item.text == f"Ask {typed} if you are unsure about a post."
    assert item.choice == typed


# --- references -----------------------------------------------------------------------------


def test_references_numbered_by_first_citation(mini_library: Library) -> None:
    policy = build(mini_library)
    assert reference_ids(policy) == [(1, "nasw-code-2021"), (2, "nlra-section-7")]
    assert clause(policy, "official-accounts").citations == (1,)
    assert clause(policy, "spokespersons").citations == (1, 2)  # option, then fixed text
    assert clause(policy, "employee-rights").citations == (2,)
    assert clause(policy, "contact").citations == (1,)


def test_first_cited_source_gets_number_one(copy_library: Path) -> None:
    edit(
        copy_library / "official-accounts.yaml",
        "    sources: [nasw-code-2021]\n  - value: no-presence",
        "    sources: [nlra-section-7]\n  - value: no-presence",
    )
    policy = build(load_library(base=copy_library))
    assert reference_ids(policy) == [(1, "nlra-section-7"), (2, "nasw-code-2021")]
    assert clause(policy, "official-accounts").citations == (1,)
    assert clause(policy, "engagement-style").citations == (2,)
    assert clause(policy, "spokespersons").citations == (1, 2)


UNUSED_SOURCE = """\
never-cited:
  title: A source no clause cites
  issuer: Nobody
  year: 2020
  url: https://example.org/never
  kind: article
"""


def test_references_list_exactly_the_cited_sources(copy_library: Path) -> None:
    with (copy_library / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write(UNUSED_SOURCE)
    library = load_library(base=copy_library)
    policy = build(library)
    cited = {n for section in policy.sections for c in section.clauses for n in c.citations}
    assert {ref.number for ref in policy.references} == cited
    assert "never-cited" not in {ref.source.id for ref in policy.references}
    assert "never-cited" in library.sources


# --- template errors at build time ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{{ org.name.__class__ }}", "unsafe"),
        ("{{ org.name.nickname }}", "template error"),
        ("{{ 1 // 0 }}", "template failed"),
        ("{{ answers['no-such-topic'] }}", "template error"),
    ],
)
def test_clause_errors_at_build_time_name_file_and_field(
    copy_library: Path, text: str, words: str
) -> None:
    edit(
        copy_library / "official-accounts.yaml",
        "accounts for {{ org.name }}.",
        f"accounts for {text}.",
    )
    library = load_library(base=copy_library)
    with pytest.raises(RenderError) as info:
        build(library)
    message = str(info.value)
    assert "\n" not in message
    assert "official-accounts.yaml: options[0].text: " in message
    assert words in message


# --- user text stays literal in every format ------------------------------------------------

HOSTILE_NAME = (
    "<script>alert(1)</script> *Acme* & _Sons_ {{ 7*7 }} {% if true %}x{% endif %} "
    "[site](http://evil.example) `code` # | 1. &amp; \\"
)
HOSTILE_CONTACT = "1. <b>HR</b> ![pic](file:///etc/passwd) <http://x.example> **desk**"
HOSTILE_OWNER = "- Jane | Doe {{ policy }}"


class TextOnly(HTMLParser):
    """Visible text of an HTML fragment, entities decoded, whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def visible(html: str) -> TextOnly:
    parser = TextOnly()
    parser.feed(html)
    parser.close()
    return parser


printable_line = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\\`*_{}[]()<>#+-.!|~&;:/=\"' 1a\t")),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip())


@settings(max_examples=300, deadline=None)
@given(typed=printable_line)
def test_escaped_text_renders_literally(typed: str) -> None:
    renderer = MarkdownIt("commonmark")
    for template in ("{}", "Ask {} now.", "**{}**"):
        shown = visible(renderer.render(template.format(escape_markdown(typed))))
        assert shown.text() == " ".join(template.replace("**", "").format(typed).split())
        assert set(shown.tags) <= {"p", "strong"}


@pytest.fixture
def hostile(mini_library: Library) -> Policy:
    return build(
        mini_library,
        organization={"name": HOSTILE_NAME},
        policy={"owner": HOSTILE_OWNER, "title": "Policy *for* <em>you</em>"},
        topics={"contact": HOSTILE_CONTACT},
    )


def test_user_text_is_literal_in_clause_markdown(hostile: Policy) -> None:
    renderer = MarkdownIt("commonmark")
    for topic_id, typed in (("official-accounts", HOSTILE_NAME), ("contact", HOSTILE_CONTACT)):
        shown = visible(renderer.render(clause(hostile, topic_id).text))
        assert typed in shown.text()
        assert set(shown.tags) == {"p"}  # no emphasis, link, image, code or list


def test_user_text_is_literal_in_the_markdown_document(hostile: Policy) -> None:
    markdown = render_markdown(hostile)
    assert "{{" in markdown and "49" not in markdown
    shown = visible(MarkdownIt("commonmark").enable("table").render(markdown))
    text = shown.text()
    assert text.count(HOSTILE_NAME) >= 3  # title block, about, clause 1.1
    assert HOSTILE_CONTACT in text
    assert HOSTILE_OWNER in text
    assert "Policy *for* <em>you</em>" in text
    assert not {"script", "b", "img", "code"} & set(shown.tags)
    links = re.findall(r'href="([^"]+)"', MarkdownIt("commonmark").render(markdown))
    assert not any("evil.example" in link or "x.example" in link for link in links)


def test_user_text_is_escaped_in_html(hostile: Policy) -> None:
    html = render_html(hostile)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "49" not in html
    assert "{% if true %}x{% endif %}" in html
    assert "<b>" not in html and "&lt;b&gt;HR&lt;/b&gt;" in html
    assert "<img" not in html
    assert 'href="http://evil.example"' not in html
    assert 'href="http://x.example"' not in html
    shown = visible(html)
    text = shown.text()
    assert text.count(HOSTILE_NAME) >= 4  # title, org line, about, running footer, clause
    assert HOSTILE_CONTACT in text
    assert HOSTILE_OWNER in text
    assert "Policy *for* <em>you</em>" in text
    assert "em" not in shown.tags
