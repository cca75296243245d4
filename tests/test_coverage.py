"""``policygen coverage`` and the standards data (issue 10, quality item 3), and ``check --format
json`` (item 4)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import yaml

from policygen.answers.applicability import prune
from policygen.answers.file import read_answers
from policygen.cli.quality_words import coverage_markdown
from policygen.document.assemble import assemble
from policygen.document.coverage import coverage, load_standards
from policygen.library.loader import Library, load_library
from tests.helpers import ROOT, load_builtin, run

COUNTY = ROOT / "examples" / "county-child-welfare" / "policy.yaml"
COUNSELING = ROOT / "examples" / "counseling-nonprofit" / "policy.yaml"


def test_every_standard_is_defined_once_and_cited(library: Library) -> None:
    standards = load_standards(library)
    ids = {s.id for s in standards}
    cited = {sid for topic in library.topics for sid in topic.standards}
    assert cited <= ids, cited - ids
    assert ids <= cited, f"standards no topic addresses: {ids - cited}"
    assert {s.source for s in standards} == {"nasw-code-2021", "tech-standards-2017"}
    for standard in standards:
        assert standard.title and standard.label


def test_the_county_example_is_covered_except_what_it_chose_to_leave_open(
    library: Library,
) -> None:
    answers = read_answers(COUNTY)
    report = coverage(library, answers, assemble(library, answers, COUNTY))
    rows = {row.standard.id: row for row in report.rows}
    assert {c.topic_id for c in rows["code-1-06"].clauses} >= {"client-connections"}
    assert {c.topic_id for c in rows["code-3-01"].clauses} == {"supervisor-connections"}
    assert [s.id for s in report.unaddressed] == ["code-2-01"]
    [gap] = report.gaps
    assert (gap.topic_id, gap.kind) == ("colleague-connections", "no-rule")
    assert [s.id for s in gap.standards] == ["code-2-01"]


def test_a_topic_skipped_by_an_answer_is_a_gap_but_one_ruled_out_by_the_profile_is_not(
    library: Library,
) -> None:
    answers = read_answers(COUNSELING)
    assert not answers.organization.get("serves_children")
    topics = {**answers.topics, "official-accounts": "no-presence"}
    answers, _ = prune(library, replace(answers, topics=topics))
    report = coverage(library, answers, assemble(library, answers, COUNSELING))
    skipped = {g.topic_id: g for g in report.gaps if g.kind == "skipped"}
    assert {"account-security", "content-approval", "records-retention"} <= set(skipped)
    assert skipped["account-security"].because == ("official-accounts",)
    assert "children-in-care" not in {g.topic_id for g in report.gaps}
    rows = {row.standard.id: row for row in report.rows}
    assert "account-security" not in {c.topic_id for c in rows["code-1-07"].clauses}


def test_coverage_prints_a_table_markdown_and_json() -> None:
    table = run("coverage", str(COUNTY))
    assert table.exit_code == 0, table.output
    lines = [" ".join(line.split()) for line in table.stdout.splitlines()]
    assert "Code 1.07 Privacy and Confidentiality" in lines
    assert "3.7 Confidential information" in lines
    assert "Code 2.01 Respect: not addressed" in lines
    assert "Recommended topics left open: 1" in table.stdout
    markdown = run("coverage", str(COUNTY), "--format", "md")
    assert markdown.stdout.startswith("| Standard | Title | Addressed by |\n|---|---|---|\n")
    assert "| Code 2.01 | Respect | *not addressed* |" in markdown.stdout
    data = json.loads(run("coverage", str(COUNTY), "-f", "json").stdout)
    assert data["schema"] == 1 and data["command"] == "coverage"
    by_id = {s["id"]: s for s in data["standards"]}
    assert by_id["code-2-01"]["clauses"] == []
    assert {c["topic"] for c in by_id["code-3-02"]["clauses"]} == {"students-field"}
    assert data["gaps"] == [
        {
            "topic": "colleague-connections",
            "title": "Connections between co-workers",
            "kind": "no-rule",
            "because": ["No, leave co-worker connections to staff"],
            "standards": ["code-2-01"],
            "message": (
                "Connections between co-workers (colleague-connections): answered "
                '"No, leave co-worker connections to staff", which sets no rule. '
                "It answers to Code 2.01."
            ),
        }
    ]
    assert f"  {data['gaps'][0]['message']}\n" in table.stdout


def _agency_topic(tmp_path: Path, standards: list[str], title: str) -> tuple[Path, Path]:
    folder = tmp_path / "ours"
    folder.mkdir()
    topic = yaml.safe_load((ROOT / "clauses" / "client-connections.yaml").read_text())
    topic["standards"] = standards
    topic["title"] = title
    (folder / "client-connections.yaml").write_text(yaml.safe_dump(topic), encoding="utf-8")
    return folder, COUNTY


def test_an_unknown_standard_in_an_agency_topic_is_one_line(tmp_path: Path) -> None:
    folder, answers = _agency_topic(tmp_path, ["code-9-99"], "Clients")
    result = run("coverage", str(answers), "--library", str(folder))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "client-connections.yaml: standards[0]: unknown standard 'code-9-99'" in result.stderr


def test_markdown_escapes_an_agency_title(tmp_path: Path) -> None:
    folder, answers = _agency_topic(tmp_path, ["code-1-06"], "Clients | *friends* <b>")
    library = load_library((folder,))
    policy_answers = read_answers(answers)
    report = coverage(library, policy_answers, assemble(library, policy_answers, answers))
    text = coverage_markdown(report)
    assert "Clients \\| \\*friends\\* \\<b\\>" in text
    assert "<b>" not in text


def test_check_prints_json() -> None:
    ok = run("check", str(COUNTY), "--today", "2027-06-01", "--format", "json")
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert data == {
        "schema": 1,
        "command": "check",
        "file": str(COUNTY),
        "ok": True,
        "library": load_builtin().version,
        "problems": [],
        "warnings": [],
        "notes": data["notes"],
        "note_details": data["note_details"],
    }
    assert [note["message"] for note in data["note_details"]] == data["notes"]
    late = run("check", str(COUNTY), "--today", "2029-01-01", "-f", "json")
    assert late.exit_code == 1
    [problem] = json.loads(late.stdout)["problems"]
    assert problem["field"] == "policy.review_by" and "overdue" in problem["message"]
    assert problem["kind"] == "review-overdue" and problem["days_overdue"] > 0
