"""Upgrading an answers file across a clause-library change, with prompts and with --defaults.

The newer library is a copy of the mini library with version 2026.2.0, the option
``central-registry`` renamed to ``registry`` (and reworded), a new ``training`` topic, the
``contact`` topic removed, ``comms-lead`` removed from the spokespersons, and
``engagement-style`` limited to public agencies.
"""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from policygen.answers.applicability import problems
from policygen.answers.file import Answers, read_answers, write_answers
from policygen.cli.wording import migration_line
from policygen.errors import AnswersError, InterviewAborted, PolicygenError
from policygen.interview.upgrade import ask
from policygen.library.loader import Library, load_library
from policygen.lifecycle.migrate import Migration, Plan, plan_upgrade
from policygen.lifecycle.upgrade import Filled, fill_defaults, upgrade_file
from tests.conftest import MakeAnswers, UseLibrary
from tests.helpers import TODAY, edit, run
from tests.keys import CTRL_C, DOWN, ENTER
from tests.test_answers_edit import BEFORE_RELEASE, annotate, without_notes

TRAINING = """\
id: training
title: Training on this policy
section: staff
order: 40
question:
  prompt: When do staff get training on this policy?
  help: Training makes the rules known.
  type: select
  default: yearly
options:
  - value: yearly
    label: Every year
    text: Everyone takes a short training on this policy every year.
    rationale: Yearly training keeps the rules fresh.
    sources: [nasw-code-2021]
  - value: onboarding
    label: When they start
    text: Everyone takes a short training on this policy when they start.
    rationale: New staff learn the rules first.
    sources: [nasw-code-2021]
"""


@pytest.fixture
def newer(copy_library: Path) -> Path:
    """The mini library, moved on to 2026.2.0."""
    edit(copy_library / "library.yaml", "version: 2026.1.0", "version: 2026.2.0")
    accounts = copy_library / "official-accounts.yaml"
    edit(accounts, "  - value: central-registry\n", "  - value: registry\n")
    edit(accounts, "    label: Only the communications lead creates accounts\n",
         "    label: Only the communications lead creates accounts\n"
         "    renamed_from: [central-registry]\n")  # fmt: skip
    edit(accounts, "creates accounts for", "creates and lists all accounts for")
    edit(accounts, "default: central-registry", "default: registry")
    edit(copy_library / "engagement-style.yaml",
         "when: \"answers['official-accounts'] != 'no-presence'\"",
         "when: \"org.type == 'public-agency'\"")  # fmt: skip
    spokespersons = copy_library / "spokespersons.yaml"
    text = spokespersons.read_text(encoding="utf-8")
    kept = text[: text.index("  - value: comms-lead")]
    extra = (
        "  - value: board-chair\n    label: The board chair\n"
        '    text: "- The board chair speaks for the agency."\n'
        "    rationale: The board speaks for the agency.\n    sources: [nasw-code-2021]\n"
    )
    fixed = text[text.index("fixed:") :]
    spokespersons.write_text(kept + extra + fixed, encoding="utf-8")
    (copy_library / "contact.yaml").unlink()
    (copy_library / "training.yaml").write_text(TRAINING, encoding="utf-8")
    return copy_library


@pytest.fixture
def new_library(newer: Path) -> Library:
    return load_library(base=newer)


@pytest.fixture
def old_file(make_answers: MakeAnswers) -> Path:
    """An answers file made with 2026.1.0 that every library change touches."""
    return make_answers(topics={"spokespersons": ["director", "comms-lead"]})


@pytest.fixture
def newer_builtin(
    newer: Path, use_library: UseLibrary, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Path:
    monkeypatch.chdir(tmp_path)
    return use_library(newer)


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


# --- the plan -------------------------------------------------------------------------------


def test_plan_migrates_reports_and_prunes(new_library: Library, old_file: Path) -> None:
    plan = plan_upgrade(new_library, read_answers(old_file), old_file)
    assert plan.changes == (
        Migration(
            kind="option-renamed",
            what="Official agency accounts",
            value="Only the communications lead creates accounts",
        ),
        Migration(kind="option-gone", what="Who speaks for the agency"),
        Migration(kind="topic-removed", what="Contact"),
        Migration(kind="not-applicable", what="How official accounts interact"),
    )
    assert [migration_line(change) for change in plan.changes] == [
        (
            "Official agency accounts: “Only the communications lead creates accounts” renamed "
            "in the library; answer kept"
        ),
        "Who speaks for the agency: an option you chose is no longer offered",
        "Contact: topic removed from the library; answer removed",
        "How official accounts interact: no longer applies; answer removed",
    ]
    assert plan.answers.library == "2026.2.0"
    assert plan.answers.topics == {
        "official-accounts": "registry",
        "spokespersons": ["director"],
        "employee-rights": "private-nlra",
    }
    assert plan.reask == ("spokespersons",)
    assert plan.missing == ("answers.training",)
    assert not plan.nothing_to_do


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            Migration(kind="reasked", what="Training"),
            "Training: your answer is no longer offered; asked again",
        ),
        (
            Migration(kind="field-renamed", what="organization.a", value="true", renamed_to="b: c"),
            "organization.a: true is now b: c",
        ),
        (
            Migration(kind="field-removed", what="organization.size", value="large"),
            "organization.size: no longer asked; large removed",
        ),
        (
            Migration(kind="choice-gone", what="organization.type", value="tribal"),
            "organization.type: tribal is no longer offered",
        ),
        (
            Migration(kind="contact-dropped", what="contacts.reviews", value="(612) 555-0100"),
            "contacts.reviews: no longer needed; (612) 555-0100 removed",
        ),
    ],
)
def test_each_kind_of_migration_is_worded(change: Migration, line: str) -> None:
    assert migration_line(change) == line


def test_defaults_complete_the_file(new_library: Library, old_file: Path) -> None:
    plan = plan_upgrade(new_library, read_answers(old_file), old_file)
    answers, chosen = fill_defaults(new_library, plan, TODAY)
    assert chosen == [
        Filled(what="Training on this policy", answer="Every year"),
        Filled(what="Who speaks for the agency", answer="The director", kept=True),
    ]
    assert problems(new_library, answers, old_file) == []


def test_newer_answers_than_library_is_refused(
    mini_library: Library, make_answers: MakeAnswers
) -> None:
    path = make_answers()
    path.write_text(path.read_text().replace("library: 2026.1.0", "library: 2027.1.0"))
    with pytest.raises(AnswersError) as caught:
        plan_upgrade(mini_library, read_answers(path), path)
    assert str(caught.value) == (
        f"{path}: library: made with clause library 2027.1.0, newer than the installed "
        "2026.1.0; install a newer policygen first"
    )


# --- upgrade_file: the report behind the command -----------------------------------------------


def test_upgrade_file_with_defaults_reports_and_saves(new_library: Library, old_file: Path) -> None:
    heard: list[Plan] = []
    report = upgrade_file(new_library, old_file, today=TODAY, defaults=True, planned=heard.append)
    assert heard == [report.plan] and not report.up_to_date
    assert report.filled == (
        Filled(what="Training on this policy", answer="Every year"),
        Filled(what="Who speaks for the agency", answer="The director", kept=True),
    )
    assert report.comparison is not None and not report.previous_library
    assert "training" in {change.topic_id for change in report.comparison.clauses}
    saved = read_answers(old_file)
    assert saved.library == "2026.2.0" and problems(new_library, saved, old_file) == []
    again = upgrade_file(new_library, old_file, today=TODAY, defaults=False)
    assert again.up_to_date and again.comparison is None


def test_upgrade_file_asks_through_the_function_it_is_given(
    new_library: Library, old_file: Path
) -> None:
    events: list[str] = []

    def ask(plan: Plan) -> Answers:
        events.append("ask")
        answers, _ = fill_defaults(new_library, plan, TODAY)
        write_answers(old_file, answers)
        return answers

    report = upgrade_file(
        new_library,
        old_file,
        today=TODAY,
        defaults=False,
        planned=lambda _plan: events.append("planned"),
        ask=ask,
    )
    assert events == ["planned", "ask"]  # the plan is heard before any question
    assert report.filled is None and report.comparison is not None
    assert read_answers(old_file).topics["training"] == "yearly"


def test_upgrade_file_with_new_questions_and_no_asker_changes_nothing(
    new_library: Library, old_file: Path
) -> None:
    before = old_file.read_bytes()
    with pytest.raises(PolicygenError, match="new questions need a terminal"):
        upgrade_file(new_library, old_file, today=TODAY, defaults=False)
    assert old_file.read_bytes() == before


# --- asking only what is new, through prompt_toolkit pipe input -----------------------------


def test_upgrade_asks_only_new_and_affected_questions(
    keys: PipeInput, new_library: Library, old_file: Path
) -> None:
    plan = plan_upgrade(new_library, read_answers(old_file), old_file)
    # spokespersons: tick "The board chair" as well (down, space), Enter;
    # training: the second option, "When they start".
    keys.send_text(DOWN + " " + ENTER + DOWN + ENTER)
    keys.close()
    answers = ask(new_library, old_file, plan.answers, plan.reask, dt.date(2027, 1, 10))
    saved = read_answers(old_file)
    assert saved == answers
    assert saved.library == "2026.2.0"
    assert saved.topics["spokespersons"] == ["director", "board-chair"]
    assert saved.topics["training"] == "onboarding"
    assert saved.topics["official-accounts"] == "registry"
    assert problems(new_library, saved, old_file) == []


def test_interrupted_upgrade_keeps_what_was_answered(
    keys: PipeInput, new_library: Library, old_file: Path
) -> None:
    plan = plan_upgrade(new_library, read_answers(old_file), old_file)
    keys.send_text(ENTER + CTRL_C)
    with pytest.raises(InterviewAborted) as caught:
        ask(new_library, old_file, plan.answers, plan.reask, TODAY)
    assert caught.value.exit_code == 130
    assert f"Resume with: policygen interview {old_file} --resume" in str(caught.value)
    saved = read_answers(old_file)
    assert saved.library == "2026.2.0" and "training" not in saved.topics


def test_sigterm_while_upgrade_asks_saves_and_exits_143(
    monkeypatch: pytest.MonkeyPatch, new_library: Library, old_file: Path
) -> None:
    from policygen.interview import prompts

    def killed_while_asking(*_args: object) -> None:
        handler = signal.getsignal(signal.SIGTERM)
        assert callable(handler), "no SIGTERM handler while upgrade asks"
        handler(signal.SIGTERM, None)  # what the kernel does when `kill` arrives

    monkeypatch.setattr(prompts, "ask_topics", killed_while_asking)
    plan = plan_upgrade(new_library, read_answers(old_file), old_file)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(InterviewAborted) as caught:
        ask(new_library, old_file, plan.answers, plan.reask, TODAY)
    assert caught.value.exit_code == 143
    assert f"saved in {old_file}" in str(caught.value)
    assert signal.getsignal(signal.SIGTERM) == before  # the guard restores what was there


# --- the upgrade command --------------------------------------------------------------------


@pytest.mark.usefixtures("newer_builtin")
def test_upgrade_defaults_command(old_file: Path) -> None:
    result = run("upgrade", "policy.yaml", "--defaults")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "Upgrading policy.yaml: clause library 2026.1.0 → 2026.2.0\n"
        "  Official agency accounts: “Only the communications lead creates accounts” renamed in "
        "the library; answer kept\n"
    )
    assert "Answered without asking:\n  Training on this policy: Every year (default)\n" in out
    assert "  2.2 Training on this policy (added)\n" in out
    assert "      {+Everyone takes a short training on this policy every year.+}" in out
    assert (
        "Changed: Who speaks for the agency (1.2): was “The director; an option the library "
        "no longer offers”, now “The director”." in out
    )
    assert "No longer in the policy: How official accounts interact." in out
    assert "No longer in the policy: Contact." in out  # its title left with the topic
    assert "  - Contact (removed)\n      (previous answer: the communications lead)\n" in out
    assert "add --previous-library DIR" in out
    assert read_answers(old_file).library == "2026.2.0"
    again = run("upgrade", "policy.yaml")
    assert again.exit_code == 0
    assert again.stdout == "policy.yaml: already up to date with clause library 2026.2.0\n"


@pytest.mark.usefixtures("newer_builtin")
def test_upgrade_words_a_gone_option_and_its_sides_from_the_library(
    old_file: Path, tmp_path: Path
) -> None:
    """The redline's words for an option that left the library are library prose."""
    ours = tmp_path / "ours"
    ours.mkdir()
    words = {"option_gone": "eine gestrichene Option", "upgrade_side": "{file} mit {version}"}
    (ours / "redline.yaml").write_text(yaml.safe_dump({"labels": words}), encoding="utf-8")
    result = run("upgrade", old_file.name, "--defaults", "--library", str(ours))
    assert result.exit_code == 0, result.output
    assert "was “The director; eine gestrichene Option”, now “The director”." in result.stdout
    assert "policy.yaml mit 2026.1.0 → policy.yaml mit 2026.2.0" in result.stdout
    assert "no longer offers" not in result.stdout and "(library " not in result.stdout


@pytest.mark.usefixtures("newer_builtin")
def test_upgrade_keeps_the_notes_in_the_file(old_file: Path) -> None:
    notes = [
        *(note for note in BEFORE_RELEASE if "official-accounts" not in note[0]),
        ("  official-accounts: central-registry\n", "  # renamed by the library in 2026.2\n"),
    ]
    noted = annotate(old_file, notes)
    for path in (old_file, noted):
        result = run("upgrade", path.name, "--defaults")
        assert result.exit_code == 0, result.output
    notes[-1] = ("  official-accounts: registry\n", notes[-1][1])  # its answer migrated
    listed = ("  - director", "  # not the comms lead")  # that list lost comms-lead: rewritten
    kept = [note for note in notes if note != listed]
    assert without_notes(noted, kept) == old_file.read_text(encoding="utf-8")
    assert read_answers(noted) == read_answers(old_file)


@pytest.mark.usefixtures("newer_builtin", "old_file")
def test_upgrade_redlines_library_wording_with_the_previous_library() -> None:
    from tests.helpers import MINI

    result = run("upgrade", "policy.yaml", "--defaults", "--previous-library", str(MINI))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "  - Reworded: Official agency accounts (1.1).\n" in out
    assert (
        "      Only the communications lead creates {+and lists all+} accounts for Example "
        "Family Services.\n" in out
    )
    assert "      - [-The communications lead speaks for the agency.-]\n" in out
    assert "Why: Leaders speak for the agency. [-Communications staff are trained.-]\n" in out
    assert "      [-Ask the communications lead if you are unsure about a post.-]\n" in out
    assert "add --previous-library DIR" not in out


@pytest.mark.usefixtures("newer_builtin")
def test_upgrade_without_terminal_needs_defaults(old_file: Path) -> None:
    result = run("upgrade", "policy.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "policygen: error: policy.yaml: upgrade: new questions need a terminal; "
        "run upgrade --defaults\n"
    )
    assert read_answers(old_file).library == "2026.1.0"  # nothing written


@pytest.mark.usefixtures("mini_builtin")
def test_upgrade_refuses_answers_from_a_newer_library(
    make_answers: MakeAnswers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = make_answers()
    path.write_text(path.read_text().replace("library: 2026.1.0", "library: 2027.1.0"))
    result = run("upgrade", "policy.yaml", "--defaults")
    assert result.exit_code == 2
    assert result.stderr == (
        "policygen: error: policy.yaml: library: made with clause library 2027.1.0, newer than "
        "the installed 2026.1.0; install a newer policygen first\n"
    )


# --- check after a library upgrade ----------------------------------------------------------


@pytest.mark.usefixtures("newer_builtin")
def test_check_after_a_library_upgrade_says_run_upgrade(old_file: Path) -> None:
    """A renamed option, a new topic, a dropped option: all settled by upgrade, so exit 1."""
    result = run("check", old_file.name, "--today", "2026-12-02")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"policygen: {old_file.name}: library: made with clause library 2026.1.0; 2026.2.0 is "
        f"installed: run policygen upgrade {old_file.name}\n"
    )


@pytest.mark.usefixtures("newer_builtin")
def test_check_after_a_library_upgrade_still_refuses_bad_answers(
    make_answers: MakeAnswers,
) -> None:
    """What upgrade does not settle (a review before the effective date) is still bad input."""
    path = make_answers(policy={"effective": "2027-01-01", "review_by": "2026-06-01"})
    result = run("check", path.name, "--today", "2026-12-02")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"policygen: error: {path.name}: policy.review_by: ")
