"""Plain helpers shared by the tests (fixtures live in ``conftest.py``)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from policygen.answers.applicability import with_defaults
from policygen.answers.file import Answers
from policygen.library.loader import Library, load_library

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"
TODAY = dt.date(2026, 12, 1)


def example_markdown(library: Library, answers: Answers, name: str) -> str:
    """The policy of ``examples/NAME`` for these answers, as Markdown."""
    from policygen.document.assemble import assemble
    from policygen.render.markdown import render_markdown

    return render_markdown(assemble(library, answers, ROOT / "examples" / name / "policy.yaml"))


def clause_section(markdown: str, title: str) -> str:
    """The body of the numbered clause with this title, up to the next heading."""
    match = re.search(
        rf"^###\s+[\d.]+\s+{re.escape(title)}\n(.*?)(?=^#)", markdown, re.MULTILINE | re.DOTALL
    )
    assert match, title
    return match.group(1)


@cache
def load_mini() -> Library:
    """The small test library of ``tests/fixtures/mini``, loaded once (it is frozen)."""
    return load_library(base=MINI)


@cache
def load_builtin() -> Library:
    """The built-in clause library, loaded once (it is frozen)."""
    return load_library()


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a file (fails loudly if the fixture changed)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def mini_answers(
    library: Library,
    *,
    organization: Mapping[str, Any] | None = None,
    policy: Mapping[str, Any] | None = None,
    topics: Mapping[str, Any] | None = None,
) -> Answers:
    """Complete answers: the given values first, then every default for what is left."""
    start = Answers(
        library=library.version,
        organization=dict(organization or {}),
        policy=dict(policy or {}),
        topics=dict(topics or {}),
    )
    answers, _ = with_defaults(library, start, TODAY)
    return answers


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity and no user or system configuration."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    argv = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    done = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@cache
def _command() -> Any:
    """The click command of the whole app, made once (it holds no state between runs)."""
    from policygen.cli.app import app

    return typer.main.get_command(app)


def run(*args: str) -> Result:
    """Invoke the CLI in-process; a real bug still raises instead of becoming an exit code.

    typer's runner turns the app into a click command on every call (about 10 ms of CPU for
    the app's thirty command functions); the tests make hundreds of calls and reuse one.
    """
    from policygen.cli.app import app

    with mock.patch.object(typer.testing, "_get_command", lambda _app: _command()):
        return CliRunner().invoke(app, list(args), catch_exceptions=False)
