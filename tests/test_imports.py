"""Speed guard: ``--help`` and a Markdown build never import WeasyPrint or questionary.

Each check runs in a fresh interpreter, because this test process has long imported both.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeAnswers
from tests.helpers import MINI

# prompt_toolkit comes with questionary, lxml with python-docx (``docx``)
HEAVY = ("weasyprint", "questionary", "prompt_toolkit", "docx", "lxml")

# Runs the CLI in-process with the mini library as the built-in one, then reports which
# modules were imported. argv: mini-library report-file cli-arguments...
RUNNER = """\
import json, os, sys
from pathlib import Path

mini, report, *args = sys.argv[1:]
os.environ["POLICYGEN_CLAUSES"] = mini  # the CLI's library root
from policygen.cli.app import app

try:
    app(args=args, prog_name="policygen")
    code = 0
except SystemExit as stop:
    code = stop.code
Path(report).write_text(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def run_cli(tmp_path: Path, *args: str) -> dict[str, Any]:
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER, encoding="utf-8")
    report = tmp_path / "report.json"
    done = python(str(runner), str(MINI), str(report), *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def heavy(modules: list[str]) -> list[str]:
    return [name for name in modules if name.split(".")[0] in HEAVY]


def test_importing_the_cli_is_light(tmp_path: Path) -> None:
    code = "import json, sys, policygen.cli.app; print(json.dumps(sorted(sys.modules)))"
    done = python("-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout)
    assert "policygen.cli.app" in modules
    assert heavy(modules) == []
    assert "policygen.render.pdf" not in modules
    assert "policygen.render.docx" not in modules
    assert "policygen.interview.prompts" not in modules


def test_help_is_light_by_importtime(tmp_path: Path) -> None:
    # The real entry point, as `python -m policygen --help` runs it.
    done = python("-X", "importtime", "-m", "policygen", "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: ")
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    assert "typer" in imported  # the parsing works
    assert heavy(imported) == []
    # json only when a report is printed as JSON (cli.reporting imports it there)
    assert "json" not in imported


@pytest.mark.parametrize(
    "args",
    [["--help"], ["build", "--help"], ["interview", "--help"], ["clauses", "list"]],
    ids=" ".join,
)
def test_commands_that_stay_light(tmp_path: Path, args: list[str]) -> None:
    report = run_cli(tmp_path, *args)
    assert report["code"] == 0
    assert heavy(report["modules"]) == []
    # lint's help prints the readability limits from quality.limits, not from the checker
    assert "policygen.quality.readability" not in report["modules"]


def test_markdown_build_is_light(tmp_path: Path, make_answers: MakeAnswers) -> None:
    answers = make_answers()
    report = run_cli(tmp_path, "build", str(answers), "-f", "md", "-o", str(tmp_path / "out"))
    assert report["code"] == 0
    assert (tmp_path / "out" / "policy.md").is_file()  # it really built
    assert "policygen.render.markdown" in report["modules"]
    assert heavy(report["modules"]) == []
    # the policy alone needs no editions' model (render.bundle imports it for other editions)
    assert "policygen.document.editions" not in report["modules"]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["clauses", "list"],
        ["build", "{answers}", "-f", "md", "-o", "{out}"],
        ["check", "{answers}", "--today", "2027-01-15", "--format", "json"],
    ],
    ids=["help", "clauses list", "build md", "check"],
)
def test_options_are_converted_without_pydantic(
    tmp_path: Path, make_answers: MakeAnswers, args: list[str]
) -> None:
    # typer converts option values with pydantic, which takes longer to import than the rest of
    # these commands; policygen converts its own (cli/coercion.py), so pydantic stays unloaded.
    answers = make_answers()
    argv = [arg.format(answers=answers, out=tmp_path / "out") for arg in args]
    report = run_cli(tmp_path, *argv)
    assert report["code"] in (0, 1)  # check exits 1 for a reminder
    assert [name for name in report["modules"] if name.split(".")[0] == "pydantic"] == []
    assert "typer" in report["modules"]  # the command line was parsed


def test_html_build_is_light(tmp_path: Path, make_answers: MakeAnswers) -> None:
    answers = make_answers()
    report = run_cli(tmp_path, "build", str(answers), "-f", "html", "-o", str(tmp_path / "out"))
    assert report["code"] == 0
    assert (tmp_path / "out" / "policy.html").is_file()
    assert heavy(report["modules"]) == []


@pytest.mark.pdf
def test_pdf_build_does_import_weasyprint(tmp_path: Path, make_answers: MakeAnswers) -> None:
    # Control: the same runner sees WeasyPrint when a PDF is asked for.
    answers = make_answers()
    report = run_cli(tmp_path, "build", str(answers), "-f", "pdf", "-o", str(tmp_path / "out"))
    assert report["code"] == 0
    assert "weasyprint" in report["modules"]
    assert "questionary" not in report["modules"]


def test_docx_build_imports_python_docx_and_nothing_else_heavy(
    tmp_path: Path, make_answers: MakeAnswers
) -> None:
    # Control for the light builds above: the runner does see python-docx when Word is asked for.
    answers = make_answers()
    report = run_cli(tmp_path, "build", str(answers), "-f", "docx", "-o", str(tmp_path / "out"))
    assert report["code"] == 0
    assert (tmp_path / "out" / "policy.docx").is_file()
    assert "docx" in report["modules"]
    assert {name.split(".")[0] for name in heavy(report["modules"])} == {"docx", "lxml"}


def test_command_annotations_are_objects_not_strings() -> None:
    # typer evaluates a string annotation (``from __future__ import annotations``) four times per
    # command as it builds the command line, and --help builds every command: command modules
    # keep their annotations as objects, which cost nothing to read.
    import inspect

    import typer

    from policygen.cli.app import make_app

    def callbacks(app: typer.Typer) -> list[Any]:
        found = [info.callback for info in app.registered_commands]
        if app.registered_callback is not None:
            found.append(app.registered_callback.callback)
        for group in app.registered_groups:
            assert group.typer_instance is not None
            found += callbacks(group.typer_instance)
        return found

    functions = callbacks(make_app())
    assert len(functions) >= 12  # every command and the root
    strings = [
        f"{function.__module__}.{function.__name__}: {name}"
        for function in functions
        for name, annotation in inspect.get_annotations(function).items()
        if isinstance(annotation, str)
    ]
    assert strings == []
