"""A new user's mistakes get a way out: plain hints, the likely id meant, help that fits.

Each test pins the hint or summary line a first-time user needs, not just the error code: a
terse error that is still exit 2 would pass the older tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from policygen.answers.applicability import with_defaults
from policygen.answers.file import Answers
from policygen.cli.conventions import format_list
from policygen.interview.prompts import hint, next_question, shows_clause
from policygen.library.loader import Library
from tests.conftest import MakeAnswers
from tests.helpers import ROOT, TODAY, edit, run

EXAMPLE = ROOT / "examples" / "counseling-nonprofit" / "policy.yaml"


def one_error_line(result_stderr: str) -> str:
    lines = result_stderr.splitlines()
    assert len(lines) >= 1 and all(line.startswith("policygen: error: ") for line in lines)
    return lines[0]


# --- hand-editing the answers file ----------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin", "here")
def test_a_colon_in_an_unquoted_value_says_to_quote_it(answers_file: Path) -> None:
    text = answers_file.read_text(encoding="utf-8")
    name = re.search(r"^  name: (.*)$", text, re.MULTILINE)
    assert name is not None
    line = text[: name.start()].count("\n") + 1
    answers_file.write_text(text.replace(name.group(0), "  name: Riverbend: Counseling"), "utf-8")
    result = run("check", answers_file.name)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"policygen: error: policy.yaml: line {line}, column 18: ")
    assert "put the value in quotes" in result.stderr


@pytest.mark.usefixtures("mini_builtin", "here")
def test_a_misspelt_topic_names_the_topic_meant(make_answers: MakeAnswers) -> None:
    path = make_answers()
    edit(path, "  official-accounts:", "  oficial-accounts:")
    result = run("check", path.name)
    assert result.exit_code == 2
    first = one_error_line(result.stderr)
    assert first == (
        "policygen: error: policy.yaml: answers.oficial-accounts: unknown topic; "
        "did you mean official-accounts?"
    )


@pytest.mark.usefixtures("mini_builtin", "here")
def test_an_agency_topic_without_its_folder_says_to_add_library(
    make_answers: MakeAnswers, tmp_path: Path
) -> None:
    path = make_answers(topics={"bereavement-leave": "yes"})
    for command in ("lint", "check", "build"):
        result = run(command, path.name)
        assert result.exit_code == 2, command
        first = one_error_line(result.stderr)
        assert first.startswith("policygen: error: policy.yaml: answers.bereavement-leave: ")
        assert "add --library DIR" in first, command
    folder = tmp_path / "ours"
    folder.mkdir()
    given = run("check", path.name, "--library", str(folder))
    assert "--library" not in given.stderr  # the folders were given: the hint would mislead


@pytest.mark.usefixtures("mini_builtin")
def test_clauses_show_a_misspelt_topic_suggests_one_and_lists_none() -> None:
    result = run("clauses", "show", "spokespeople")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "did you mean spokespersons?" in result.stderr
    assert "policygen clauses list" in result.stderr
    assert "official-accounts" not in result.stderr  # no dump of every topic id


# --- output names -------------------------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin")
def test_build_help_and_readme_say_files_are_named_after_the_answers_file(
    make_answers: MakeAnswers, tmp_path: Path
) -> None:
    path = make_answers(name="logo.yaml")
    result = run("build", str(path), "-f", "md", "-o", str(tmp_path / "lo"))
    assert result.stdout.strip() == str(tmp_path / "lo" / "logo.md")
    helped = " ".join(run("build", "--help").stdout.split())
    assert "named after the answers file" in helped
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "named after the answers file" in readme


# --- the interview's key hints ------------------------------------------------------------


def test_t_is_offered_only_where_it_shows_a_clause(mini_library: Library) -> None:
    profile = next_question(
        mini_library, Answers(library=mini_library.version, organization={"name": "X"}), TODAY
    )
    assert profile is not None and profile.key == "organization.type" and profile.choices
    assert not shows_clause(profile) and "t shows" not in hint(profile)
    students = Answers(library=mini_library.version, organization={"hosts_students": True})
    complete, _ = with_defaults(mini_library, students, TODAY)
    kinds = {}
    for topic in ("official-accounts", "spokespersons", "students"):
        rest = {key: value for key, value in complete.topics.items() if key != topic}
        asked = next_question(mini_library, replace(complete, topics=rest), TODAY)
        assert asked is not None and asked.key == f"answers.{topic}"
        kinds[asked.kind] = asked
    assert set(kinds) == {"select", "checkbox", "confirm"}
    for kind in ("select", "checkbox"):
        assert shows_clause(kinds[kind]) and "t shows the clause" in hint(kinds[kind])
    assert not shows_clause(kinds["confirm"])  # y or n: t does nothing there


# --- help and usage errors ----------------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin")
@pytest.mark.parametrize("group", [[], ["clauses"]], ids=["policygen", "clauses"])
def test_command_summaries_are_whole_sentences(group: list[str]) -> None:
    listing = run(*group, "--help").stdout.split("Commands:\n", 1)[1]
    summaries = [line for line in listing.splitlines() if line.startswith("  ")]
    assert len(summaries) >= 3
    for line in summaries:
        assert not line.endswith("..."), line


@pytest.mark.usefixtures("mini_builtin")
@pytest.mark.parametrize(
    ("args", "option"),
    [(["check"], "--today"), (["release"], "--effective"), (["approve"], "--date")],
)
def test_date_options_say_their_format(args: list[str], option: str) -> None:
    assert f"{option} YYYY-MM-DD" in run(*args, "--help").stdout


@pytest.mark.usefixtures("mini_builtin")
def test_choices_are_shown_and_quoted_one_way(answers_file: Path) -> None:
    build_help = run("build", "--help").stdout
    assert "<md|html|pdf|docx>[,...]" in build_help
    assert "<text|json>" in run("check", "--help").stdout
    formats = run("build", str(answers_file), "-f", "pfd")
    report = run("check", str(answers_file), "-f", "csv")
    assert "--format: 'pfd' is not one of 'md', 'html', 'pdf', 'docx'" in formats.stderr
    assert "--format: 'csv' is not one of 'text', 'json'" in report.stderr
    with pytest.raises(Exception, match="'odt' is not one of 'md', 'html'"):
        format_list(("md", "html"))("md,odt")


@pytest.mark.usefixtures("mini_builtin")
def test_lint_help_names_no_file_an_installed_copy_lacks() -> None:
    helped = " ".join(run("lint", "--help").stdout.split())
    assert "docs/" not in helped
    assert '"Quality checks" in the policygen documentation' in helped
    assert (ROOT / "docs" / "quality.md").read_text(encoding="utf-8").startswith("# Quality checks")


@pytest.mark.usefixtures("mini_builtin", "here")
def test_a_bad_logo_names_the_answers_file_first(make_answers: MakeAnswers) -> None:
    Path("logo.png").write_text("not an image", encoding="utf-8")
    path = make_answers(policy={"logo": "logo.png"})
    result = run("build", path.name, "-f", "html", "-o", "out")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("policygen: error: policy.yaml: policy.logo: the logo ")


# --- summary lines ------------------------------------------------------------------------


def test_clauses_lint_with_findings_ends_with_a_summary(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "clauses" / "client-connections.yaml").read_text("utf-8"))
    data["options"][1]["summary"] = "Do not damage the agency's reputation."
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "client-connections.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("clauses", "lint", "--library", str(folder))
    assert result.exit_code == 1
    assert re.fullmatch(r"\d+ topics: 1 red flag in 1 clause\n", result.stdout), result.stdout


def test_coverage_markdown_and_terminal_count_the_standards_addressed() -> None:
    county = ROOT / "examples" / "county-child-welfare" / "policy.yaml"
    data = json.loads(run("coverage", str(county), "-f", "json").stdout)
    total = len(data["standards"])
    addressed = sum(1 for standard in data["standards"] if standard["clauses"])
    assert 0 < addressed < total
    assert (data["addressed"], data["total"]) == (addressed, total)
    line = f"{addressed} of {total} standards addressed."
    assert line in run("coverage", str(county), "-f", "md").stdout.splitlines()
    assert line in run("coverage", str(county)).stdout.splitlines()
