"""Shared fixtures: the small test library, valid answers files for it, and a copy to corrupt."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Generator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from policygen.answers.file import write_answers
from policygen.cli.options import CLAUSES_VARIABLE
from policygen.library.loader import Library
from tests.helpers import MINI, load_builtin, load_mini, mini_answers

MakeAnswers = Callable[..., Path]

# The library cache of this run lives in a private temporary folder, never the user's own, and
# the command-line tests' subprocesses inherit it.
os.environ["POLICYGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="policygen-test-cache-")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """A test that uses WeasyPrint must be marked ``pdf`` (or ``slow``): ``make check`` skips it.

    Nothing but the PDF renderer imports WeasyPrint (tests/test_imports.py), so a test left in
    the fast loop that loads it, where no earlier test had, would slow that loop unseen.
    """
    loaded = "weasyprint" in sys.modules
    outcome = yield
    left_out = any(item.get_closest_marker(mark) for mark in ("pdf", "slow", "pty"))
    if not loaded and "weasyprint" in sys.modules and not left_out:
        pytest.fail(f"{item.nodeid} loads WeasyPrint: mark it pdf", pytrace=False)
    return outcome


@pytest.fixture(scope="session")
def mini_library() -> Library:
    """The small test library of ``tests/fixtures/mini`` (frozen, so shared by all tests)."""
    return load_mini()


@pytest.fixture(scope="session")
def library() -> Library:
    """The built-in clause library (frozen, so shared by all tests)."""
    return load_builtin()


@pytest.fixture
def make_answers(tmp_path: Path, mini_library: Library) -> MakeAnswers:
    """Write a valid answers file for the mini library; keyword arguments override defaults.

    ``make_answers(organization={"name": "X"}, topics={"contact": "HR"}, name="p.yaml")``;
    ``drop=["contact"]`` removes topic answers after the defaults are filled in.
    """

    def make(
        *,
        name: str = "policy.yaml",
        organization: Mapping[str, Any] | None = None,
        policy: Mapping[str, Any] | None = None,
        topics: Mapping[str, Any] | None = None,
        drop: tuple[str, ...] | list[str] = (),
    ) -> Path:
        answers = mini_answers(
            mini_library, organization=organization, policy=policy, topics=topics
        )
        if drop:
            kept = {key: value for key, value in answers.topics.items() if key not in drop}
            answers = replace(answers, topics=kept)
        path = tmp_path / name
        write_answers(path, answers)
        return path

    return make


@pytest.fixture
def answers_file(make_answers: MakeAnswers) -> Path:
    """A valid answers file for the mini library, all defaults."""
    return make_answers()


@pytest.fixture
def copy_library(tmp_path: Path) -> Path:
    """A private copy of the mini library that a test may edit or break."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


UseLibrary = Callable[[Path], Path]


@pytest.fixture
def use_library(monkeypatch: pytest.MonkeyPatch) -> UseLibrary:
    """Make CLI runs in this test use a clause folder instead of the built-in library.

    The CLI reads ``POLICYGEN_CLAUSES`` (its library root parameter); subprocesses inherit it.
    Templates still come from ``templates/``.
    """

    def use(folder: Path) -> Path:
        monkeypatch.setenv(CLAUSES_VARIABLE, str(folder))
        return folder

    return use


@pytest.fixture
def mini_builtin(use_library: UseLibrary) -> Path:
    """CLI runs use the mini library (``tests/fixtures/mini``) as their library."""
    return use_library(MINI)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tmp_path, so messages name files as the user typed them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
