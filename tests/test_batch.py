"""Batch builds: many answers files in one run, one folder each, one line per failure."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect
import pytest

from policygen.cli.batch import PARTIAL, folder_names
from policygen.cli.options import CLAUSES_VARIABLE
from tests.conftest import MakeAnswers
from tests.helpers import ROOT, run

pytestmark = pytest.mark.usefixtures("mini_builtin")
EXAMPLES = ROOT / "examples"


def agencies(make_answers: MakeAnswers, count: int) -> list[str]:
    """``count`` valid answers files, each for its own organisation."""
    names = []
    for n in range(1, count + 1):
        make_answers(name=f"agency-{n:02d}.yaml", organization={"name": f"Agency Number {n}"})
        names.append(f"agency-{n:02d}.yaml")
    return names


def test_twenty_files_with_one_broken(here: Path, make_answers: MakeAnswers) -> None:
    files = agencies(make_answers, 20)
    broken = here / files[6]
    broken.write_text("organization: [unclosed\n", encoding="utf-8")
    result = run("build", *files, "-f", "md,docx", "-o", "out")
    assert result.exit_code == PARTIAL
    errors = [line for line in result.stderr.splitlines() if line.startswith("policygen: error")]
    assert len(errors) == 1 and errors[0].startswith("policygen: error: agency-07.yaml:")
    assert "Traceback" not in result.output
    assert "1 of 20 answers files failed" in result.stderr
    built = sorted(p.name for p in (here / "out").iterdir())
    assert built == [Path(f).stem for f in files if f != files[6]]
    for n, name in enumerate(files, start=1):
        if name == files[6]:
            continue
        folder = here / "out" / Path(name).stem
        assert sorted(p.name for p in folder.iterdir()) == [
            f"{Path(name).stem}.docx",
            f"{Path(name).stem}.md",
        ]
        assert f"**Agency Number {n}**" in (folder / f"{Path(name).stem}.md").read_text()
    assert len(result.stdout.splitlines()) == 19 * 2  # every written file, once


@pytest.mark.usefixtures("here")
def test_piped_progress_is_one_plain_line_per_file(make_answers: MakeAnswers) -> None:
    files = agencies(make_answers, 3)
    result = run("build", *files, "-f", "md", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"[{n}/3] {name} → out/{Path(name).stem}" for n, name in enumerate(files, start=1)
    ]
    assert "\r" not in result.stderr and "[#" not in result.stderr  # no bar when piped


def test_a_missing_file_fails_alone(here: Path, make_answers: MakeAnswers) -> None:
    files = agencies(make_answers, 2)
    result = run("build", files[0], "missing.yaml", files[1], "-f", "md", "-o", "out")
    assert result.exit_code == PARTIAL
    assert "policygen: error: missing.yaml:" in result.stderr
    assert sorted(p.name for p in (here / "out").iterdir()) == ["agency-01", "agency-02"]


def test_usage_errors_stop_before_any_file(here: Path, make_answers: MakeAnswers) -> None:
    files = agencies(make_answers, 2)
    result = run("build", *files, "-f", "odt", "-o", "out")
    assert result.exit_code == 2
    assert not (here / "out").exists()


@pytest.mark.usefixtures("here")
def test_one_file_builds_as_before(make_answers: MakeAnswers) -> None:
    files = agencies(make_answers, 1)
    result = run("build", *files, "-f", "md", "-o", "out")
    assert result.exit_code == 0
    assert result.stdout == "out/agency-01.md\n"  # straight into -o, no folder per file


def test_folder_names_never_clash(tmp_path: Path) -> None:
    assert folder_names([Path("a.yaml"), Path("b.yaml")]) == ["a", "b"]
    examples = [tmp_path / name / "policy.yaml" for name in ("north", "south")]
    assert folder_names(examples) == ["north", "south"]
    mixed = [
        tmp_path / "north" / "policy.yaml",
        tmp_path / "other" / "north" / "policy.yaml",
        tmp_path / "north" / "draft.yaml",
        tmp_path / "x" / "draft.yaml",
        tmp_path / "y" / "north-policy.yaml",
    ]
    names = folder_names(mixed)
    assert len(set(names)) == len(names)
    assert names == ["north-policy", "north-policy-2", "north-draft", "x", "north-policy-3"]


@pytest.mark.pty
def test_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real examples with the built-in library, in a real terminal: all named policy.yaml,
    # so each gets its folder's name.
    monkeypatch.delenv(CLAUSES_VARIABLE)  # this module's CLI runs use the mini library
    examples = sorted(EXAMPLES.glob("*/policy.yaml"))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "policygen", "build", *map(str, examples), "-f", "md", "-o", "out"],
        cwd=str(tmp_path),
        dimensions=(24, 100),
        encoding="utf-8",
        timeout=60,
    )
    child.expect_exact("Building")
    child.expect_exact("100%")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert built == sorted(path.parent.name for path in examples)
