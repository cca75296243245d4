"""The interview driven through prompt_toolkit pipe input (no terminal needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from policygen.answers.applicability import problems, with_defaults
from policygen.answers.file import Answers, read_answers, write_answers
from policygen.errors import InterviewAborted
from policygen.interview.prompts import ask, next_question, progress, run_interview
from policygen.library.loader import Library
from tests.helpers import TODAY
from tests.keys import CLEAR, CTRL_C, CTRL_D, DOWN, ENTER, SPACE, UP

PROFILE_DEFAULTS = ENTER * 10  # name, type, state, 3 confirms, owner, approver, 2 dates
TOPIC_DEFAULTS = ENTER * 4  # five topics apply; employee-rights has one option, not asked


@pytest.fixture
def keys() -> Iterator[_ClosingPipe]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield _ClosingPipe(pipe)


class _ClosingPipe:
    """Send a whole key script, then end the input: a script that runs short fails at once
    (EOFError) instead of waiting for keys that never come."""

    def __init__(self, pipe: PipeInput) -> None:
        self.pipe = pipe

    def send_text(self, text: str) -> None:
        self.pipe.send_text(text)
        self.pipe.close()


def interview(
    mini_library: Library, path: Path, answers: Answers | None = None
) -> tuple[Answers, bool]:
    return run_interview(
        mini_library, path, answers or Answers(library=mini_library.version), TODAY
    )


def test_all_defaults_make_a_complete_file(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    # profile, then 5 applicable topics (students is not asked), review "Save", build? no
    keys.send_text(PROFILE_DEFAULTS + TOPIC_DEFAULTS + ENTER + "n")
    answers, build = interview(mini_library, path)
    assert build is False
    saved = read_answers(path)
    assert problems(mini_library, saved, path) == []
    assert saved.organization["name"] == "Example Family Services"
    assert saved.policy["effective"] == TODAY
    assert saved.policy["review_by"] == dt.date(2027, 12, 1)
    assert saved.topics == answers.topics
    assert "students" not in saved.topics


def test_typed_answers_and_conditions(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    profile = (
        CLEAR + "County *Human* Services" + ENTER  # name, typed literally
        + UP + ENTER  # type: public agency (default is the nonprofit, second choice)
        + CLEAR + "WI" + ENTER
        + "y"  # hosts students -> the students topic is asked
        + "n" + "n"
        + ENTER + ENTER
        + CLEAR + "2027-01-15" + ENTER + ENTER
    )  # fmt: skip
    topics = (
        DOWN + ENTER  # official accounts: no-presence -> engagement-style is not asked
        + DOWN + SPACE + ENTER  # spokespersons: tick the communications lead as well
        # employee rights: only the public option applies, so it is recorded without asking
        + "n"  # students: confirm no
        + CLEAR + "the deputy director" + ENTER
    )  # fmt: skip
    keys.send_text(profile + topics + ENTER + "n")
    answers, _ = interview(mini_library, path)
    assert answers.organization["name"] == "County *Human* Services"
    assert answers.organization["type"] == "public-agency"
    assert answers.organization["hosts_students"] is True
    assert answers.policy["effective"] == dt.date(2027, 1, 15)
    assert answers.policy["review_by"] == dt.date(2028, 1, 15)  # default follows effective
    assert answers.topics == {
        "official-accounts": "no-presence",
        "spokespersons": ["director", "comms-lead"],
        "employee-rights": "public-speech",
        "students": False,
        "contact": "the deputy director",
    }
    assert problems(mini_library, read_answers(path), path) == []


def test_invalid_text_is_refused_until_fixed(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    keys.send_text(
        ENTER + ENTER + CLEAR + "Minnesota" + ENTER  # refused: not two capital letters
        + CLEAR + "MN" + ENTER + ENTER * 5
        + CLEAR + "2026-13-45" + ENTER + CLEAR + "2026-06-30" + ENTER + ENTER
        + TOPIC_DEFAULTS + ENTER + "n"
    )  # fmt: skip
    answers, _ = interview(mini_library, path)
    assert answers.organization["state"] == "MN"
    assert answers.policy["effective"] == dt.date(2026, 6, 30)


def test_help_key_shows_help_and_asks_again(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import questionary

    shown: list[str] = []
    monkeypatch.setattr(questionary, "print", lambda text, **_: shown.append(text.strip()))
    path = tmp_path / "policy.yaml"
    # "?" on the untouched name field asks for help instead of typing; then "?" on a select
    keys.send_text("?" + ENTER + "?" + DOWN + ENTER + ENTER * 8 + TOPIC_DEFAULTS + ENTER + "n")
    answers, _ = interview(mini_library, path)
    assert answers.organization["name"] == "Example Family Services"
    assert answers.organization["type"] == "private-for-profit"
    name, kind = mini_library.profile[0], mini_library.profile[1]
    assert (name.id, kind.id) == ("name", "type")
    assert [line for line in shown if line in (name.help, kind.help)] == [name.help, kind.help]


def test_question_mark_inside_typed_text_is_kept(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path
) -> None:
    keys.send_text(CLEAR + "Who? Us" + ENTER + ENTER * 9 + TOPIC_DEFAULTS + ENTER + "n")
    answers, _ = interview(mini_library, tmp_path / "policy.yaml")
    assert answers.organization["name"] == "Who? Us"


def test_review_change_asks_and_drops_dependent_answers(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    complete, _ = with_defaults(mini_library, Answers(library=mini_library.version), TODAY)
    write_answers(path, complete)
    assert complete.topics["employee-rights"] == "private-nlra"
    # review list: Save, then profile lines; the 2nd profile line is the organization type
    keys.send_text(
        DOWN + DOWN + ENTER  # pick "What kind of organization is it"
        + UP + ENTER  # public agency: the private-only rights option is dropped, and the
        # topic comes back with its one public option, recorded without a question
        + ENTER + "n"  # back on the review screen: save; do not build
    )  # fmt: skip
    answers, _ = interview(mini_library, path, read_answers(path))
    assert answers.organization["type"] == "public-agency"
    assert answers.topics["employee-rights"] == "public-speech"
    assert read_answers(path).topics["employee-rights"] == "public-speech"


def test_review_change_that_enables_a_topic_asks_it(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    complete, _ = with_defaults(mini_library, Answers(library=mini_library.version), TODAY)
    write_answers(path, complete)
    keys.send_text(DOWN * 4 + ENTER + "y" + "n" + ENTER + "n")  # hosts students: yes
    answers, _ = interview(mini_library, path, read_answers(path))
    assert answers.organization["hosts_students"] is True
    assert answers.topics["students"] is False


@pytest.mark.parametrize("stop", [CTRL_C, CTRL_D])
def test_interrupt_saves_answers_so_far(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path, stop: str
) -> None:
    path = tmp_path / "policy.yaml"
    keys.send_text(CLEAR + "Half Done Agency" + ENTER + DOWN + ENTER + stop)
    with pytest.raises(InterviewAborted) as caught:
        interview(mini_library, path)
    assert caught.value.exit_code == 130
    assert "--resume" in str(caught.value)
    saved = read_answers(path)
    assert saved.organization == {"name": "Half Done Agency", "type": "private-for-profit"}


def test_resume_asks_only_what_is_missing(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    complete, _ = with_defaults(mini_library, Answers(library=mini_library.version), TODAY)
    partial = Answers(
        library=mini_library.version,
        organization=complete.organization,
        policy=complete.policy,
        topics={"official-accounts": "central-registry"},
    )
    write_answers(path, partial)
    keys.send_text(DOWN + ENTER + ENTER * 2 + ENTER + "n")  # engagement: reciprocal; 2 more
    answers, _ = interview(mini_library, path, read_answers(path))
    assert answers.topics["official-accounts"] == "central-registry"
    assert answers.topics["engagement-style"] == "reciprocal"
    assert problems(mini_library, answers, path) == []


def test_next_question_and_progress_follow_conditions(mini_library: Library) -> None:
    empty = Answers(library=mini_library.version)
    first = next_question(mini_library, empty, TODAY)
    assert first is not None and first.key == "organization.name"
    complete, _ = with_defaults(mini_library, empty, TODAY)
    assert next_question(mini_library, complete, TODAY) is None
    assert progress(mini_library, complete) == (15, 15)  # 10 profile + 5 applicable topics
    no_accounts = Answers(
        library=mini_library.version,
        organization=complete.organization,
        policy=complete.policy,
        topics={"official-accounts": "no-presence"},
    )
    upcoming = next_question(mini_library, no_accounts, TODAY)
    assert upcoming is not None and upcoming.key == "answers.spokespersons"
    assert progress(mini_library, no_accounts) == (11, 14)


def test_review_keeps_several_approvers_a_list(
    keys: _ClosingPipe, mini_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    complete, _ = with_defaults(mini_library, Answers(library=mini_library.version), TODAY)
    policy = {**complete.policy, "approved_by": ["Board of Directors", "Medical Director"]}
    write_answers(path, Answers(library=mini_library.version, organization=complete.organization,
                                policy=policy, topics=complete.topics))  # fmt: skip
    # review line 8 is "Who approves this policy"; add a third approver
    keys.send_text(DOWN * 8 + ENTER + "; Ethics Lead" + ENTER + ENTER + "n")
    answers, _ = interview(mini_library, path, read_answers(path))
    assert answers.policy["approved_by"] == [
        "Board of Directors",
        "Medical Director",
        "Ethics Lead",
    ]


# --- the session behind the command: a result, no printing ------------------------------------


def test_session_with_defaults_returns_what_it_saved(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from policygen.interview.session import run_session

    path = tmp_path / "policy.yaml"
    session = run_session(library, path, resume=False, defaults=True, build_after=None, today=TODAY)
    assert session.answers == read_answers(path) and session.path == path
    assert session.filled is not None and session.filled > 10
    assert not session.build
    assert [w.field for w in session.warnings] == [
        "organization.name",
        "organization.state",  # a suggestion, taken unseen
        "contacts.crisis",
        "contacts.abuse_report",
        "contacts.adult_abuse_report",
    ]
    assert capsys.readouterr() == ("", "")  # the command prints, not the session


def test_session_without_a_terminal_refuses_to_ask(mini_library: Library, tmp_path: Path) -> None:
    from policygen.errors import PolicygenError
    from policygen.interview.session import run_session

    path = tmp_path / "policy.yaml"
    with pytest.raises(PolicygenError, match="needs a terminal"):
        run_session(mini_library, path, resume=False, defaults=False, build_after=True, today=TODAY)
    assert not path.exists()


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("Harbor Point Family Services" + ENTER, "Harbor Point Family Services"), (ENTER, None)],
)
def test_typing_at_an_example_replaces_it(
    keys: _ClosingPipe, library: Library, typed: str, saved: str | None
) -> None:
    """The example name is greyed, not typed in: what the user types is the whole answer."""
    question = next_question(library, Answers(library=library.version), TODAY)
    assert question is not None and question.key == "organization.name"
    assert question.example == question.default  # the library marks it as an example
    keys.send_text(typed)
    assert ask(question) == (saved or question.default)  # Enter alone keeps the example
