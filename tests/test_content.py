"""The shipped clause library and the four example organisations (issue: content)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from policygen.answers.applicability import applicable, problems, with_defaults
from policygen.answers.file import Answers, read_answers
from policygen.document.assemble import Policy, assemble
from policygen.library.loader import Library
from policygen.quality.limits import MAX_GRADE, MAX_SENTENCE_WORDS
from policygen.quality.lint import scan_library
from policygen.quality.readability import plain_sentences, readability
from policygen.quality.redflags import find, load_redflags
from policygen.render.outputs import render
from tests.helpers import ROOT, TODAY, run

EXAMPLES = sorted((ROOT / "examples").glob("*/policy.yaml"))
TOPICS_MD_IDS = [
    "scope-definitions",
    "official-accounts",
    "authorized-spokespersons",
    "account-security",
    "engagement-style",
    "content-approval",
    "client-stories",
    "children-in-care",
    "review-replies",
    "review-solicitation",
    "client-connections",
    "direct-messages",
    "client-searches",
    "client-statement",
    "personal-accounts",
    "colleague-connections",
    "supervisor-connections",
    "students-field",
    "work-time-use",
    "harassment",
    "confidential-info",
    "employee-rights",
    "personal-account-access",
    "comment-moderation",
    "officials-personal-pages",
    "records-retention",
    "crisis-content",
    "accessibility",
    "political-activity",
    "training",
    "violations",
    "review-cadence",
]


def test_library_is_complete_and_cited(library: Library) -> None:
    assert len(library.topics) >= 30
    assert set(TOPICS_MD_IDS) <= {topic.id for topic in library.topics}
    for topic in library.topics:
        assert topic.prompt.strip() and topic.help.strip(), topic.id
        assert 2 <= len(topic.options) <= 4, topic.id
        for option in topic.options:
            assert option.text.strip() and option.rationale.strip(), (topic.id, option.value)
            assert option.sources, (topic.id, option.value)
            assert set(option.sources) <= set(library.sources), (topic.id, option.value)
        assert set(topic.fixed_sources) <= set(library.sources)


# Board decisions whose panel lacked a valid quorum (NLRB v. Noel Canning, 2014) and that no
# properly constituted Board is known to have reaffirmed: a red-flag pattern may name them as
# where its wording comes from, but no clause may rest on them.
NOT_PRECEDENT = {"nlrb-costco-2012", "nlrb-hispanics-united-2012"}


def clause_sources(library: Library) -> set[str]:
    """Every source id a clause of the library cites."""
    cited = {sid for t in library.topics for o in t.options for sid in o.sources}
    return cited | {sid for t in library.topics for sid in t.fixed_sources}


def test_every_source_is_cited_and_complete(library: Library) -> None:
    flagged = {sid for flag in load_redflags() for sid in flag.sources}
    assert clause_sources(library) | flagged == set(library.sources)
    assert set(library.sources) - clause_sources(library) <= NOT_PRECEDENT
    for source in library.sources.values():
        assert source.url.startswith("https://"), source.id
        assert 1900 < source.year <= dt.date.today().year, source.id  # not from the future


TITLE_YEAR = re.compile(r"\((?:[^()]*\s)?(\d{4})\)")


def title_year_mismatch(title: str, year: int) -> str | None:
    """The first year a title gives in parentheses, when it is not the year the reference prints.

    A reference reads "issuer (year). title": a title that leads with an older case under a later
    year labels that case with the wrong year ("Pickering ... (1968); Garcetti ... (2006)" as 2006).
    """
    found = TITLE_YEAR.search(title)
    return found.group(1) if found and int(found.group(1)) != year else None


def test_a_reference_year_is_the_year_of_the_case_its_title_leads_with(library: Library) -> None:
    assert title_year_mismatch(
        "Pickering v. Board of Education, 391 U.S. 563 (1968); Garcetti", 2006
    )
    assert (
        title_year_mismatch("Eagle v. Morgan, No. 11-4303 (E.D. Pa. Mar. 12, 2013)", 2013) is None
    )
    for source in library.sources.values():
        assert title_year_mismatch(source.title, source.year) is None, source.id


def test_no_clause_rests_on_a_decision_without_a_valid_quorum(library: Library) -> None:
    assert set(library.sources) >= NOT_PRECEDENT
    assert clause_sources(library) & NOT_PRECEDENT == set()


def test_no_clause_contains_red_flag_wording(library: Library) -> None:
    findings = scan_library(library, load_redflags())
    assert findings == [], "\n".join(
        f"{f.path}: {f.field}: {f.flag.id}: {f.sentence}" for f in findings
    )


@pytest.mark.parametrize(
    "bad",
    [
        "Do not post anything that could damage the agency's reputation.",
        "Be respectful and professional at all times online.",
        "Do not share internal or confidential information.",
        "Ask your supervisor for permission before posting about work.",
        "Avoid friending co-workers on personal accounts.",
        "Employees may not speak to the media.",
        "Provide your login details to your manager on request.",
        "This policy will not be interpreted or applied so as to violate the NLRA.",
    ],
)
def test_red_flag_patterns_catch_the_overbroad_wording(bad: str) -> None:
    assert find(bad, load_redflags(), "private-nonprofit"), bad


def test_engagement_style_offers_reciprocal_and_broadcast(library: Library) -> None:
    topic = library.topic("engagement-style")
    assert topic is not None
    reciprocal, broadcast = topic.option("reciprocal"), topic.option("broadcast")
    assert reciprocal is not None and broadcast is not None
    text = reciprocal.text.lower()
    for idea in ("follow", "credit", "thank", "link", "comment", "introduce"):
        assert idea in text, idea


def _profile(library: Library, org_type: str, **flags: bool) -> Answers:
    base, _ = with_defaults(library, Answers(library=library.version), TODAY)
    organization = {**base.organization, "type": org_type, **flags}
    answers = Answers(library=library.version, organization=organization, policy=base.policy)
    filled, _ = with_defaults(library, answers, TODAY)
    return filled


def test_organization_type_picks_the_legal_variant(library: Library) -> None:
    public = _profile(library, "public-agency")
    private = _profile(library, "private-nonprofit")
    asked_public = {t.id for t in applicable(library, public)}
    asked_private = {t.id for t in applicable(library, private)}
    assert "officials-personal-pages" in asked_public - asked_private
    rights = library.topic("employee-rights")
    assert rights is not None
    offered = {
        kind: [o.value for o in rights.available(answers.context(library))]
        for kind, answers in (("public", public), ("private", private))
    }
    assert offered == {"public": ["public-speech"], "private": ["private-nlra"]}
    assert public.topics["comment-moderation"] != private.topics["comment-moderation"]


def test_students_and_children_topics_follow_the_profile(library: Library) -> None:
    plain = {t.id for t in applicable(library, _profile(library, "private-nonprofit"))}
    full = _profile(library, "private-nonprofit", hosts_students=True, serves_children=True)
    assert {"students-field", "children-in-care"} <= {t.id for t in applicable(library, full)}
    assert not {"students-field", "children-in-care"} & plain


def test_plain_sentences_split_lists_and_paragraphs() -> None:
    text = "You must ask first. Then **post** it.\n\n- Keep it short\n- Use [links](https://x.org)"
    assert plain_sentences(text) == [
        "You must ask first.",
        "Then post it.",
        "Keep it short.",
        "Use links.",
    ]


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.parent.name)
def example(request: pytest.FixtureRequest, library: Library) -> tuple[Path, Policy]:
    path: Path = request.param
    return path, assemble(library, read_answers(path), path)


def test_there_are_four_examples() -> None:
    names = {path.parent.name for path in EXAMPLES}
    assert names == {
        "counseling-nonprofit",
        "county-child-welfare",
        "group-practice",
        "university-center",
    }
    for path in EXAMPLES:
        assert (path.parent / "README.md").is_file()


def test_example_is_valid(example: tuple[Path, Policy], library: Library) -> None:
    path, _ = example
    assert problems(library, read_answers(path), path) == []


def test_example_reads_plainly(example: tuple[Path, Policy]) -> None:
    _, policy = example
    score = readability(policy)
    assert score.grade <= MAX_GRADE
    assert score.long_sentences == (), f"over {MAX_SENTENCE_WORDS} words"
    assert score.sentences > 100  # measured on the real body, not an empty one


def test_example_references_are_exactly_the_cited_sources(example: tuple[Path, Policy]) -> None:
    _, policy = example
    cited = {n for s in policy.sections for c in s.clauses for n in c.citations}
    assert cited == {ref.number for ref in policy.references}
    assert [ref.number for ref in policy.references] == list(range(1, len(cited) + 1))


def test_example_builds_in_markdown_and_html(example: tuple[Path, Policy]) -> None:
    _, policy = example
    markdown = render(policy, "md").decode()
    html = render(policy, "html").decode()
    assert markdown.startswith(f"# {policy.title}")
    rendered = MarkdownIt("commonmark").render(markdown)
    assert policy.org_name in re.sub(r"<[^>]+>", "", rendered)
    assert policy.org_name in html
    for section in policy.sections:
        assert section.title in markdown and section.title in html


@pytest.mark.pdf
def test_example_builds_a_pdf(example: tuple[Path, Policy]) -> None:
    import io

    from pypdf import PdfReader

    _, policy = example
    reader = PdfReader(io.BytesIO(render(policy, "pdf")))
    assert 8 <= len(reader.pages) <= 30
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert policy.org_name.split()[0] in text
    assert f"Page 2 of {len(reader.pages)}" in text
    assert "References" in text


def _overlay_with_red_flag(tmp_path: Path, library: Library) -> Path:
    """An agency folder replacing client-connections with overbroad, long-winded wording."""
    topic = library.topic("client-connections")
    assert topic is not None
    folder = tmp_path / "ours"
    folder.mkdir()
    text = topic.path.read_text(encoding="utf-8")
    bad = (
        "Do not post anything that could damage the agency's reputation, and remember that "
        "every single one of your posts, comments, likes and shares on every platform that you "
        "use in your free time will always be seen by your clients and by your managers too."
    )
    first = topic.options[0].text.strip().splitlines()[0]
    assert first in text
    (folder / "client-connections.yaml").write_text(text.replace(first, bad), encoding="utf-8")
    return folder


def test_lint_passes_an_example() -> None:
    result = run("lint", str(EXAMPLES[0]))
    assert result.exit_code == 0, result.output
    assert "grade" in result.stdout and "0 red flags" in result.stdout


def test_lint_reports_red_flags_and_long_sentences(tmp_path: Path, library: Library) -> None:
    folder = _overlay_with_red_flag(tmp_path, library)
    answers = ROOT / "examples" / "counseling-nonprofit" / "policy.yaml"
    topic = library.topic("client-connections")
    assert topic is not None
    assert read_answers(answers).topics["client-connections"] == topic.options[0].value
    result = run("lint", str(answers), "--library", str(folder))
    assert result.exit_code == 1
    assert "red flag reputation-damage" in result.stderr
    assert "sentence over 35 words" in result.stderr
    listed = run("clauses", "lint", "--library", str(folder))
    assert listed.exit_code == 1
    assert "client-connections.yaml: options[0].text: red flag" in listed.stderr
    clean = run("clauses", "lint")
    assert clean.exit_code == 0 and "no red-flag wording" in clean.stdout
