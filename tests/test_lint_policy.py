"""``policygen lint`` checks the assembled policy, not the library (issue 10, quality item 1).

The counselling example answers ``client-connections: none`` (option 0). Red-flag wording planted
in option 1, which it did not choose, is not in its policy, so lint must not report it; the same
wording in the chosen text, the fixed text, the chosen label or an agency's own topic must be
reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policygen.answers.file import read_answers
from policygen.document.assemble import assemble
from policygen.library.loader import load_library
from tests.helpers import ROOT, run

EXAMPLE = ROOT / "examples" / "counseling-nonprofit" / "policy.yaml"
BUILTIN_TOPIC = ROOT / "clauses" / "client-connections.yaml"
FLAG = "Do not post anything that could damage the agency's reputation."


def _overlay(tmp_path: Path, place: str) -> Path:
    """An agency folder whose client-connections carries the flag in one place."""
    data = yaml.safe_load(BUILTIN_TOPIC.read_text(encoding="utf-8"))
    assert data["options"][0]["value"] == "none", "the example's choice moved: fix the test"
    if place == "unchosen-option":
        data["options"][1]["text"] += f"\n{FLAG}\n"
    elif place == "chosen-option":
        data["options"][0]["text"] += f"\n{FLAG}\n"
    elif place == "fixed":
        data["fixed"] += f"\n{FLAG}\n"
    elif place == "chosen-label":
        data["options"][0]["label"] = "Never connect; do not damage the agency's reputation"
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "client-connections.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder


def _own_topic(tmp_path: Path) -> tuple[Path, Path]:
    """An agency folder adding a topic of its own, and the example's answers answering it."""
    folder = tmp_path / "ours"
    folder.mkdir()
    topic = {
        "id": "agency-reputation",
        "title": "Our reputation",
        "section": "staff",
        "order": 90,
        "question": {
            "prompt": "Add the reputation rule?",
            "help": "An agency's own rule.",
            "type": "select",
            "default": "strict",
        },
        "options": [
            {
                "value": value,
                "label": label,
                "text": text,
                "rationale": "Planted for the test.",
                "sources": ["nlrb-costco-2012"],
            }
            for value, label, text in (
                ("strict", "Strict", FLAG),
                ("none", "None", "This policy adds no rule here."),
            )
        ],
    }
    (folder / "agency-reputation.yaml").write_text(yaml.safe_dump(topic), encoding="utf-8")
    answers = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    answers["answers"]["agency-reputation"] = "strict"
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    return folder, path


def test_a_flag_in_an_option_not_chosen_is_not_reported(tmp_path: Path) -> None:
    folder = _overlay(tmp_path, "unchosen-option")
    policy = assemble(load_library((folder,)), read_answers(EXAMPLE), EXAMPLE)
    built = "\n".join(c.text for s in policy.sections for c in s.clauses)
    assert "reputation" not in built  # the premise: the wording is not in the policy
    result = run("lint", str(EXAMPLE), "--library", str(folder))
    assert result.exit_code == 0, result.output
    assert "0 red flags" in result.stdout


@pytest.mark.parametrize("place", ["chosen-option", "fixed", "chosen-label"])
def test_a_flag_in_the_policy_is_reported(tmp_path: Path, place: str) -> None:
    folder = _overlay(tmp_path, place)
    result = run("lint", str(EXAMPLE), "--library", str(folder))
    assert result.exit_code == 1, result.output
    assert "reputation-damage" in result.stderr
    assert "client-connections" in result.stderr


def test_a_flag_in_the_agencys_own_topic_is_reported(tmp_path: Path) -> None:
    folder, answers = _own_topic(tmp_path)
    result = run("lint", str(answers), "--library", str(folder))
    assert result.exit_code == 1, result.output
    assert "reputation-damage" in result.stderr
    assert "agency-reputation" in result.stderr


def test_lint_prints_json_with_the_documented_shape(tmp_path: Path) -> None:
    import json

    folder = _overlay(tmp_path, "chosen-option")
    result = run("lint", str(EXAMPLE), "--library", str(folder), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == 1 and data["command"] == "lint" and data["ok"] is False
    assert data["organization_type"] == "private-nonprofit"
    [flag] = [f for f in data["red_flags"] if f["flag"] == "reputation-damage"]
    assert flag["topic"] == "client-connections" and flag["field"] == "text"
    assert flag["clause"].count(".") == 1 and "reputation" in flag["sentence"]
    assert flag["why"] and flag["instead"]
    assert flag["kind"] == "red-flag"
    assert (
        f"policygen: {EXAMPLE}: {flag['message']}\n"
        in run("lint", str(EXAMPLE), "--library", str(folder)).stderr
    )
    assert set(data["readability"]) == {
        "grade",
        "max_grade",
        "sentences",
        "words",
        "max_sentence_words",
        "long_sentences",
    }


def test_lint_refuses_an_unknown_format() -> None:
    result = run("lint", str(EXAMPLE), "--format", "yaml")
    assert result.exit_code == 2


def test_clauses_lint_reads_posted_and_summary_text(tmp_path: Path) -> None:
    data = yaml.safe_load(BUILTIN_TOPIC.read_text(encoding="utf-8"))
    data["options"][1]["summary"] = "Do not damage the agency's reputation."
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "client-connections.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("clauses", "lint", "--library", str(folder))
    assert result.exit_code == 1
    assert "options[1].summary: red flag reputation-damage" in result.stderr


def test_first_amendment_flags_follow_the_organisation_type(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "clauses" / "comment-moderation.yaml").read_text("utf-8"))
    data["fixed"] = "Negative comments about the agency will be removed.\n"
    data["fixed_sources"] = ["lindke-v-freed-2024"]
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "comment-moderation.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    county = ROOT / "examples" / "county-child-welfare" / "policy.yaml"
    public = run("lint", str(county), "--library", str(folder))
    assert public.exit_code == 1
    assert "red flag viewpoint-moderation" in public.stderr
    private = run("lint", str(EXAMPLE), "--library", str(folder))
    assert "viewpoint-moderation" not in private.stderr


PATTERN = {
    "id": "house-name",
    "sentence": ["\\bCedar Hollow\\b"],
    "why": "Planted for the test: the agency's own pattern.",
    "instead": "Anything else.",
}


def _patterns(tmp_path: Path, *patterns: object) -> Path:
    """An agency folder holding only a ``redflags.yaml`` with these patterns."""
    folder = tmp_path / "ours"
    folder.mkdir(exist_ok=True)
    (folder / "redflags.yaml").write_text(yaml.safe_dump(list(patterns)), encoding="utf-8")
    return folder


def test_lint_uses_the_agency_patterns(tmp_path: Path) -> None:
    assert run("lint", str(EXAMPLE)).exit_code == 0, "the example must lint clean"
    result = run("lint", str(EXAMPLE), "--library", str(_patterns(tmp_path, PATTERN)))
    assert result.exit_code == 1, result.stderr
    assert "red flag house-name" in result.stderr


def test_clauses_lint_uses_the_agency_patterns(tmp_path: Path) -> None:
    pattern = {**PATTERN, "sentence": ["\\bsocial media\\b"]}
    assert run("clauses", "lint").exit_code == 0, "the built-in library must lint clean"
    result = run("clauses", "lint", "--library", str(_patterns(tmp_path, pattern)))
    assert result.exit_code == 1, result.stderr
    assert "red flag house-name" in result.stderr


@pytest.mark.parametrize(
    ("pattern", "field", "message"),
    [
        ({**PATTERN, "sentence": ["(unclosed"]}, "[0].sentence[0]", "invalid regular expression"),
        ({k: v for k, v in PATTERN.items() if k != "why"}, "[0].why", ""),
        ({**PATTERN, "id": "protected-subject"}, "[0].id", "already a pattern of the library"),
        ({**PATTERN, "applies_to": ["church"]}, "[0].applies_to[0]", "not an organisation type"),
    ],
)
@pytest.mark.parametrize("command", [["lint", str(EXAMPLE)], ["clauses", "lint"]])
def test_a_malformed_agency_pattern_is_one_line_naming_file_and_field(
    tmp_path: Path, pattern: dict[str, object], field: str, message: str, command: list[str]
) -> None:
    folder = _patterns(tmp_path, pattern)
    result = run(*command, "--library", str(folder))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(folder / "redflags.yaml") in lines[0] and f"{field}:" in lines[0], lines[0]
    assert message in lines[0]
