"""Declared conflicts, fixed text that depends on the option, and what sources show and cite."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from policygen.answers.applicability import problems
from policygen.answers.file import write_answers
from policygen.document.assemble import assemble
from policygen.errors import LibraryError
from policygen.library.loader import Library, load_library
from policygen.render.markdown import render_markdown
from tests.conftest import UseLibrary
from tests.helpers import edit, mini_answers, run

CONFLICT = """    sources: [nasw-code-2021]
    conflicts:
      - topic: official-accounts
        values: [central-registry]
        why: reciprocal accounts are made by programs, not only the communications lead
"""


def add_conflict(base: Path) -> None:
    """Reciprocal engagement declares a conflict with the central registry (a planted pair)."""
    path = base / "engagement-style.yaml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.rsplit("    sources: [nasw-code-2021]\n", 1)
    path.write_text(head + CONFLICT + tail, encoding="utf-8")


@pytest.fixture
def builtin_copy(copy_library: Path, use_library: UseLibrary) -> Path:
    """The editable mini library copy serves as the library for CLI runs."""
    return use_library(copy_library)


# --- conflicts ---------------------------------------------------------------------------


def test_conflicting_answers_are_refused_with_the_reason(copy_library: Path) -> None:
    add_conflict(copy_library)
    library = load_library(base=copy_library)
    both = mini_answers(library, topics={"engagement-style": "reciprocal"})
    assert both.topics["official-accounts"] == "central-registry"
    found = problems(library, both, Path("policy.yaml"))
    assert [p.field for p in found] == ["answers.engagement-style"]
    message = str(found[0])
    assert "contradicts answers.official-accounts: central-registry" in message
    assert "reciprocal accounts are made by programs" in message
    fine = mini_answers(library, topics={"engagement-style": "broadcast"})
    assert problems(library, fine, Path("policy.yaml")) == []


def test_check_lint_and_build_refuse_a_declared_conflict(builtin_copy: Path, here: Path) -> None:
    add_conflict(builtin_copy)
    library = load_library(base=builtin_copy)
    write_answers(here / "p.yaml", mini_answers(library, topics={"engagement-style": "reciprocal"}))
    for command in (["check", "p.yaml"], ["lint", "p.yaml"], ["build", "p.yaml", "-f", "md"]):
        result = run(*command)
        assert result.exit_code != 0, command
        assert "answers.engagement-style" in result.output, command
        assert "contradicts answers.official-accounts" in result.output, command
    assert not (here / "out").exists()
    write_answers(here / "ok.yaml", mini_answers(library, topics={"engagement-style": "broadcast"}))
    assert run("check", "ok.yaml").exit_code == 0


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("topic: official-accounts", "topic: nowhere", "conflicts[0].topic", "unknown topic"),
        ("topic: official-accounts", "topic: engagement-style", "conflicts[0].topic", "another"),
        ("values: [central-registry]", "values: [gone]", "conflicts[0].values", "'gone'"),
        ("values: [central-registry]", "values: []", "conflicts[0].values", "non-empty"),
        ("        why: reciprocal", "        because: reciprocal", "conflicts[0]", "because"),
    ],
)
def test_bad_conflicts_are_library_errors(
    copy_library: Path, old: str, new: str, field: str, message: str
) -> None:
    add_conflict(copy_library)
    edit(copy_library / "engagement-style.yaml", old, new)
    with pytest.raises(LibraryError) as info:
        load_library(base=copy_library)
    assert "engagement-style.yaml" in str(info.value)
    assert field in str(info.value)
    assert message in str(info.value)


# --- fixed text by option --------------------------------------------------------------------

FIXED_PARTS = """fixed:
  - text: You may still speak for yourself.
  - options: [director]
    text: The director answers reporters.
  - options: [comms-lead]
    text: The communications lead answers reporters.
"""


def test_fixed_parts_follow_the_chosen_options(copy_library: Path) -> None:
    edit(
        copy_library / "spokespersons.yaml",
        "fixed: You may still speak for yourself, including about your pay and working conditions.\n",
        FIXED_PARTS,
    )
    library = load_library(base=copy_library)
    for chosen, present, absent in (
        (["director"], "The director answers", "communications lead answers"),
        (["comms-lead"], "communications lead answers", "The director answers"),
    ):
        answers = mini_answers(library, topics={"spokespersons": chosen})
        text = render_markdown(assemble(library, answers, Path("p.yaml")))
        assert "You may still speak for yourself." in text
        assert present in text
        assert absent not in text


def test_fixed_part_naming_an_unknown_option_is_a_library_error(copy_library: Path) -> None:
    edit(
        copy_library / "spokespersons.yaml",
        "fixed: You may still speak for yourself, including about your pay and working conditions.\n",
        FIXED_PARTS.replace("options: [director]", "options: [mayor]"),
    )
    with pytest.raises(LibraryError) as info:
        load_library(base=copy_library)
    assert "spokespersons.yaml: fixed[1].options" in str(info.value)
    assert "'mayor'" in str(info.value)


# --- sources: what a reader sees, what is kept for maintainers, where they apply --------------

SOURCE = """nlra-section-7:
  title: National Labor Relations Act, section 7 (29 U.S.C. 157)
  issuer: United States Congress
  year: 1935
  url: https://www.nlrb.gov/guidance/key-reference-materials/national-labor-relations-act
  kind: law
  summary: Protects private employees who act together.
  maintainer_note: MAINTAINER-ONLY unverified wording, re-check before each release.
  when: "org.type != 'public-agency'"
"""


def with_source(base: Path, entry: str) -> None:
    path = base / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    head = text.split("nlra-section-7:")[0]
    path.write_text(head + entry, encoding="utf-8")


def test_summary_is_shown_maintainer_note_never_and_when_limits_citation(
    copy_library: Path,
) -> None:
    with_source(copy_library, SOURCE)
    library = load_library(base=copy_library)
    source = library.sources["nlra-section-7"]
    assert source.maintainer_note and "unverified" in source.maintainer_note
    private = mini_answers(library, organization={"type": "private-nonprofit"})
    text = render_markdown(assemble(library, private, Path("p.yaml")))
    assert "Protects private employees who act together." in text
    assert "MAINTAINER-ONLY" not in text
    assert "National Labor Relations Act" in text
    public = mini_answers(library, organization={"type": "public-agency"})
    text = render_markdown(assemble(library, public, Path("p.yaml")))
    assert "National Labor Relations Act" not in text
    assert "MAINTAINER-ONLY" not in text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  when: \"answers['spokespersons'] == 'director'\"\n", "org and policy fields only"),
        ('  when: "org.budget > 3"\n', "unknown field org.budget"),
        ("  note: An older name.\n", "not both"),
    ],
)
def test_bad_source_fields_are_library_errors(copy_library: Path, line: str, message: str) -> None:
    entry = SOURCE.replace("  when: \"org.type != 'public-agency'\"\n", "") + line
    with_source(copy_library, entry)
    with pytest.raises(LibraryError) as info:
        load_library(base=copy_library)
    assert "sources.yaml" in str(info.value)
    assert message in str(info.value)


def test_note_is_still_read_as_the_summary(copy_library: Path) -> None:
    with_source(copy_library, SOURCE.replace("  summary:", "  note:"))
    library = load_library(base=copy_library)
    assert (
        library.sources["nlra-section-7"].summary == "Protects private employees who act together."
    )


def test_check_notes_two_contacts_that_are_the_same(library: Library) -> None:
    from policygen.lifecycle.check import notes

    answers = mini_answers(library, organization={"type": "public-agency"})
    same = {key: "(715) 555-0100" for key in answers.contacts}
    assert len(same) >= 2
    found = notes(replace(answers, contacts=same), Path("policy.yaml"))
    assert found and all(note.kind == "same-contacts" for note in found)
    distinct = {key: f"line {index}" for index, key in enumerate(answers.contacts)}
    assert notes(replace(answers, contacts=distinct), Path("policy.yaml")) == []
