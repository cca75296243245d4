"""``check`` and ``lint`` take several answers files, as pre-commit and CI pass them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT, edit, run

EXAMPLES = sorted((ROOT / "examples").glob("*/policy.yaml"))


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    """Two valid answers files in their own folders."""
    files = []
    for name in ("north", "south"):
        (tmp_path / name).mkdir()
        files.append(Path(shutil.copy(EXAMPLES[0], tmp_path / name / "policy.yaml")))
    return files[0], files[1]


@pytest.mark.parametrize("command", ["check", "lint"])
def test_every_file_is_reported(command: str, two: tuple[Path, Path]) -> None:
    result = (
        run(command, str(two[0]), str(two[1]), "--today", "2027-01-15")
        if command == "check"
        else run(command, str(two[0]), str(two[1]))
    )
    assert result.exit_code == 0, result.output
    assert f"{two[0]}:" in result.stdout
    assert f"{two[1]}:" in result.stdout


def test_a_finding_in_one_file_fails_and_the_other_is_still_checked(two: tuple[Path, Path]) -> None:
    edit(two[0], "client-connections: none", "client-connections: sometimes")
    result = run("check", str(two[0]), str(two[1]), "--today", "2027-01-15")
    assert result.exit_code == 2  # an invalid answer is bad input
    assert "sometimes" in result.stderr
    assert f"{two[1]}: ok" in result.stdout


@pytest.mark.parametrize("command", ["check", "lint"])
def test_a_missing_file_is_one_line_and_exit_2_after_the_others(
    command: str, two: tuple[Path, Path]
) -> None:
    missing = two[0].parent / "missing.yaml"
    result = run(command, str(missing), str(two[1]))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"policygen: error: {missing}: file not found"
    assert f"{two[1]}:" in result.stdout


@pytest.mark.parametrize("command", ["check", "lint"])
def test_json_is_one_object_for_one_file_and_a_list_for_several(
    command: str, two: tuple[Path, Path]
) -> None:
    single = json.loads(run(command, str(two[0]), "--format", "json").stdout)
    assert single["command"] == command and single["file"] == str(two[0])
    several = json.loads(run(command, str(two[0]), str(two[1]), "--format", "json").stdout)
    assert [report["file"] for report in several] == [str(two[0]), str(two[1])]
