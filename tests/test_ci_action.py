"""The GitHub Action's shell steps (action/policygen-ci.sh), run here in a real git repository.

GitHub is replaced by a fake ``gh`` on PATH that records its calls and answers from files, so
the tests need no network and can check that the pull-request comment is updated, not duplicated.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, edit, git, needs_git

SCRIPT = ROOT / "action" / "policygen-ci.sh"
EXAMPLE = ROOT / "examples" / "counseling-nonprofit" / "policy.yaml"
MARKER = "<!-- policygen-pr-summary -->"

pytestmark = [needs_git, pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")]

FAKE_GH = """#!/usr/bin/env bash
# Records each call; answers `api ...comments` and `issue list` from files next to it.
here=$(dirname "$0")
printf '%s\\n' "$*" >> "$here/calls"
case "$1 $2" in
  "api repos/"*) [ -f "$here/comments" ] && cat "$here/comments" ;;
  "issue list") [ -f "$here/issues" ] && cat "$here/issues" ;;
esac
exit 0
"""


def policygen_command() -> str:
    """The policygen of the running interpreter's environment, as the action would call it."""
    script = Path(sys.executable).parent / "policygen"
    return str(script) if script.exists() else f"{sys.executable} -m policygen"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A policy repository with two commits: the example, then one answer changed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    shutil.copy(EXAMPLE, repo / "policy.yaml")
    git(repo, "add", "policy.yaml")
    git(repo, "commit", "--quiet", "-m", "Policy 1.0")
    edit(
        repo / "policy.yaml", "client-connections: none", "client-connections: former-with-consult"
    )
    git(repo, "commit", "--quiet", "-am", "Former clients after a talk with a supervisor")
    return repo


@pytest.fixture
def fake_gh(tmp_path: Path) -> Path:
    """A folder holding a fake ``gh``; put it first on PATH."""
    folder = tmp_path / "fakebin"
    folder.mkdir()
    gh = folder / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    return folder


def step(
    repo: Path, name: str, tmp_path: Path, path_first: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run one step of the action in ``repo``, with a job summary file in ``tmp_path``."""
    environment = {
        **os.environ,
        "POLICYGEN": policygen_command(),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "POLICYGEN_BODY": str(tmp_path / "body.md"),
        "POLICYGEN_PYTHON": sys.executable,
        "NO_COLOR": "1",
        **env,
    }
    if path_first is not None:
        environment["PATH"] = f"{path_first}{os.pathsep}{environment['PATH']}"
    return subprocess.run(
        ["bash", str(SCRIPT), name],
        check=False,
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_pr_step_posts_what_changes_for_staff_and_the_redline(repo: Path, tmp_path: Path) -> None:
    done = step(repo, "pr", tmp_path, POLICYGEN_BASE="HEAD~1")
    assert done.returncode == 0, done.stderr
    comment = tmp_path / "comment.md"
    done = step(repo, "comment", tmp_path, POLICYGEN_COMMENT_FILE=str(comment))
    assert done.returncode == 0, done.stderr

    body = comment.read_text(encoding="utf-8")
    assert body.startswith(MARKER)
    assert "(policy.yaml)" in body  # the redline's own title names the file
    assert "#### What changes for staff" in body  # its headings sit under the comment's
    assert "What changes for staff" in body
    assert "Connections with clients" in body
    # The redline strikes words of the old clause and inserts words of the new one.
    assert "<del>" in body and "<ins>" in body
    assert "current or former clients" in body.split("<del>", 1)[1]
    assert "supervisor" in body.split("<ins>", 1)[1]
    # The same text went to the job summary.
    assert body in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_pr_step_says_so_when_nothing_changes(repo: Path, tmp_path: Path) -> None:
    done = step(repo, "pr", tmp_path, POLICYGEN_BASE="HEAD")
    assert done.returncode == 0, done.stderr
    body = (tmp_path / "body.md").read_text(encoding="utf-8")
    assert "No answers file changes what the policy says." in body
    assert "<del>" not in body


def test_pr_step_names_a_new_policy(repo: Path, tmp_path: Path) -> None:
    (repo / "region").mkdir()
    shutil.copy(EXAMPLE, repo / "region" / "policy.yaml")
    git(repo, "add", "region/policy.yaml")
    git(repo, "commit", "--quiet", "-m", "A second policy")
    done = step(repo, "pr", tmp_path, POLICYGEN_BASE="HEAD~1")
    assert done.returncode == 0, done.stderr
    body = (tmp_path / "body.md").read_text(encoding="utf-8")
    assert "### `region/policy.yaml`\n\nA new policy" in body


def test_pr_step_refuses_an_unknown_base(repo: Path, tmp_path: Path) -> None:
    done = step(repo, "pr", tmp_path, POLICYGEN_BASE="no-such-branch")
    assert done.returncode == 2
    assert done.stderr.strip() == "policygen-ci: unknown base revision: no-such-branch"


def test_comment_is_updated_not_duplicated(repo: Path, tmp_path: Path, fake_gh: Path) -> None:
    github = {"GITHUB_REPOSITORY": "agency/policy", "PR_NUMBER": "7"}
    assert step(repo, "pr", tmp_path, POLICYGEN_BASE="HEAD~1").returncode == 0

    done = step(repo, "comment", tmp_path, fake_gh, **github)
    assert done.returncode == 0, done.stderr
    first = (fake_gh / "calls").read_text(encoding="utf-8").splitlines()
    assert any(
        call.startswith("api --method POST repos/agency/policy/issues/7/comments") for call in first
    )

    # Next push: GitHub now lists the comment carrying the marker, so it is edited in place.
    (fake_gh / "comments").write_text("4242\n", encoding="utf-8")
    (fake_gh / "calls").unlink()
    done = step(repo, "comment", tmp_path, fake_gh, **github)
    assert done.returncode == 0, done.stderr
    second = (fake_gh / "calls").read_text(encoding="utf-8").splitlines()
    assert any(
        call.startswith("api --method PATCH repos/agency/policy/issues/comments/4242")
        for call in second
    )
    assert not any("--method POST" in call for call in second)


def test_check_step_fails_on_a_broken_answers_file(repo: Path, tmp_path: Path) -> None:
    assert step(repo, "check", tmp_path).returncode == 0
    edit(
        repo / "policy.yaml",
        "client-connections: former-with-consult",
        "client-connections: sometimes",
    )
    done = step(repo, "check", tmp_path)
    assert done.returncode == 1
    assert "sometimes" in done.stdout + done.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "| `policy.yaml` | ok |" in summary
    assert "| `policy.yaml` | needs action |" in summary


def test_check_step_refuses_when_no_file_matches(repo: Path, tmp_path: Path) -> None:
    done = step(repo, "check", tmp_path, POLICYGEN_FILES="nothing/*.yaml")
    assert done.returncode == 2
    assert done.stderr.strip() == "policygen-ci: no answers files match: nothing/*.yaml"


def test_build_step_builds_one_folder_per_answers_file(repo: Path, tmp_path: Path) -> None:
    (repo / "north").mkdir()
    shutil.copy(EXAMPLE, repo / "north" / "policy.yaml")
    done = step(repo, "build", tmp_path, POLICYGEN_FORMATS="md", POLICYGEN_OUTPUT="docs-out")
    assert done.returncode == 0, done.stderr
    name = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["organization"]["name"]
    for folder in ("policy", "north"):
        text = (repo / "docs-out" / folder / "policy.md").read_text(encoding="utf-8")
        assert name in text


def test_reminder_opens_one_issue_naming_the_owner(
    repo: Path, tmp_path: Path, fake_gh: Path
) -> None:
    owner = yaml.safe_load((repo / "policy.yaml").read_text(encoding="utf-8"))["policy"]["owner"]
    assert step(repo, "reminder", tmp_path, fake_gh, POLICYGEN_TODAY="2027-01-15").returncode == 0
    assert not (fake_gh / "calls").exists()

    done = step(repo, "reminder", tmp_path, fake_gh, POLICYGEN_TODAY="2031-01-15")
    assert done.returncode == 1, done.stderr
    calls = (fake_gh / "calls").read_text(encoding="utf-8").splitlines()
    assert any(
        call.startswith("issue create --title Social-media policy needs attention")
        for call in calls
    )

    (fake_gh / "issues").write_text("12\n", encoding="utf-8")
    (fake_gh / "calls").unlink()
    body = tmp_path / "issue.md"
    assert step(repo, "reminder", tmp_path, fake_gh, POLICYGEN_TODAY="2031-01-15").returncode == 1
    calls = (fake_gh / "calls").read_text(encoding="utf-8").splitlines()
    assert any(call.startswith("issue edit 12") for call in calls)
    assert not any(call.startswith("issue create") for call in calls)

    step(repo, "reminder", tmp_path, POLICYGEN_TODAY="2031-01-15", POLICYGEN_COMMENT_FILE=str(body))
    text = body.read_text(encoding="utf-8")
    assert f"Policy owner: **{owner}**" in text
    assert "review" in text and "overdue" in text


def test_the_action_passes_only_inputs_it_declares_to_settings_the_script_reads() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    script = SCRIPT.read_text(encoding="utf-8")
    declared = set(action["inputs"])
    steps = action["runs"]["steps"]
    text = yaml.safe_dump(steps)
    used = set(re.findall(r"inputs\.([a-z-]+)", text))
    assert used <= declared, f"undeclared inputs: {sorted(used - declared)}"
    assert declared - {"python-version", "version", "artifact-name", "comment", "mode"} <= used
    for step_ in steps:
        for name in step_.get("env", {}):
            if name.startswith("POLICYGEN"):
                assert f"#   {name} " in script, f"{name} is not documented in the script"
                assert f"${{{name}" in script or f"${name}" in script, f"{name} is not read"
