"""An answers file made with the previous clause library (2026.11.0) upgrades to the installed one."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.helpers import run

OLD = Path(__file__).parent / "fixtures" / "library-2026.11" / "policy.yaml"


def test_an_old_answers_file_is_refused_by_name_not_by_a_failed_condition(tmp_path: Path) -> None:
    old = Path(shutil.copy(OLD, tmp_path / "policy.yaml"))
    result = run("check", str(old))
    assert result.exit_code == 1  # a reminder to upgrade, not invalid answers
    assert "condition failed" not in result.stderr
    assert "made with clause library 2026.11.0" in result.stderr
    assert f"run policygen upgrade {old}" in result.stderr


def test_upgrade_carries_renamed_answers_and_fills_the_new_questions(tmp_path: Path) -> None:
    old = Path(shutil.copy(OLD, tmp_path / "policy.yaml"))
    result = run("upgrade", str(old), "--defaults")
    assert result.exit_code == 0, result.output
    assert "organization.hipaa_covered: true is now organization.hipaa: covered" in result.stdout
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    assert data["organization"]["hipaa"] == "covered"
    assert "hipaa_covered" not in data["organization"]
    assert run("check", str(old), "--today", "2027-01-15").exit_code == 0
    built = run("build", str(old), "-f", "md", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    assert "HIPAA" in (tmp_path / "out" / "policy.md").read_text(encoding="utf-8")
