"""The terminal's words and the JSON of what ``lint``, ``check`` and ``coverage`` report.

The reports are data (``quality.lint``, ``lifecycle.check``, ``document.coverage``); this module
words them for a terminal, and gives each a JSON shape with a ``schema`` number that changes only
when a field is removed or changes meaning (docs/quality.md documents the shapes). The annotated
edition's coverage appendix is document prose: its templates word it from the library's labels.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from policygen.document.coverage import CoverageReport, Gap
from policygen.errors import one_line
from policygen.findings import Finding
from policygen.invocation import command
from policygen.quality.lint import Finding as PolicyFinding
from policygen.quality.lint import LibraryFinding, LintReport
from policygen.quality.readability import LongSentence

if TYPE_CHECKING:
    from policygen.lifecycle.check import CheckReport

SCHEMA: Final = 1


def lint_lines(report: LintReport, file: Path) -> tuple[list[str], list[str]]:
    """The lint report as (stdout lines, stderr lines): one finding a line, then a summary."""
    score = report.readability
    errors = [f"policygen: {file}: {_red_flag_message(f)}" for f in report.findings]
    errors += [
        f"policygen: {file}: {_long_sentence_message(s, score.max_sentence_words)}"
        for s in score.long_sentences
    ]
    verdict = "ok" if score.grade <= score.max_grade else f"over the limit of {score.max_grade:g}"
    summary = (
        f"{file}: grade {score.grade:.1f} ({verdict}), {score.sentences} sentences, "
        f"{score.words / max(score.sentences, 1):.1f} words each on average, "
        f"{len(report.findings)} red flag{'' if len(report.findings) == 1 else 's'}"
    )
    return [summary], errors


def _red_flag_message(f: PolicyFinding) -> str:
    return (
        f'clause {f.clause} ({f.topic_id}): red flag {f.flag.id}: "{f.sentence}" '
        f"({f.flag.why} Instead: {f.flag.instead})"
        + (" [in the chosen option's label]" if f.field == "choice" else "")
    )


def _long_sentence_message(s: LongSentence, limit: int) -> str:
    return f'clause {s.clause} ({s.topic_id}): sentence over {limit} words ({s.words}): "{s.text}"'


def lint_json(report: LintReport, file: Path) -> dict[str, Any]:
    """The lint report as JSON-ready data (docs/quality.md, "lint --format json")."""
    score = report.readability
    return {
        "schema": SCHEMA,
        "command": "lint",
        "file": str(file),
        "ok": report.ok,
        "organization_type": report.org_type,
        "red_flags": [
            {
                "kind": "red-flag",
                "flag": f.flag.id,
                "clause": f.clause,
                "topic": f.topic_id,
                "title": f.title,
                "field": f.field,
                "sentence": f.sentence,
                "why": f.flag.why,
                "instead": f.flag.instead,
                "message": _red_flag_message(f),
            }
            for f in report.findings
        ],
        "readability": {
            "grade": round(score.grade, 1),
            "max_grade": score.max_grade,
            "sentences": score.sentences,
            "words": score.words,
            "max_sentence_words": score.max_sentence_words,
            "long_sentences": [
                {
                    "kind": "long-sentence",
                    "clause": s.clause,
                    "topic": s.topic_id,
                    "words": s.words,
                    "sentence": s.text,
                    "message": _long_sentence_message(s, score.max_sentence_words),
                }
                for s in score.long_sentences
            ],
        },
    }


def library_lines(findings: Sequence[LibraryFinding], topics: int) -> tuple[list[str], list[str]]:
    """``clauses lint`` as (stdout lines, stderr lines)."""
    errors = [
        f"policygen: {f.path}: {f.field}: red flag {f.flag.id}: "
        f'"{f.sentence}" ({f.flag.why} Instead: {f.flag.instead})'
        for f in findings
    ]
    if not findings:
        return [f"{topics} topics: no red-flag wording found"], errors
    flags, where = len(findings), len({(f.path, f.field) for f in findings})
    counted = f"{flags} red flag{'s' * (flags != 1)} in {where} clause{'s' * (where != 1)}"
    return [f"{topics} topics: {counted}"], errors


def check_lines(report: CheckReport, *, strict: bool = False) -> tuple[list[str], list[str]]:
    """``check`` as (stdout lines, stderr lines): problems and warnings, else ``ok`` and notes.

    With ``strict`` a warning is a finding: no ``ok`` line while an example answer is left in.
    """
    errors = [f"policygen: error: {problem}" for problem in report.invalid]
    errors += [f"policygen: {finding_line(finding)}" for finding in report.findings]
    errors += [f"policygen: warning: {warning_line(warning)}" for warning in report.warnings]
    if report.invalid or report.findings or (strict and report.warnings):
        return [], errors
    out = [f"{report.path}: ok (clause library {report.library})"]
    out += [f"{report.path}: note: {finding_message(note)}" for note in report.notes]
    return out, errors


def finding_line(finding: Finding) -> str:
    """``policy.yaml: policy.review_by: review overdue since ...``, as an error reads."""
    return one_line(finding_message(finding), path=finding.path, field=finding.field)


def warning_line(warning: Finding) -> str:
    """An example answer to replace: ``policy.yaml: organization.name: 'Example' is ...``.

    ``check``, ``interview --defaults``, ``release`` and ``approve`` all print it this way.
    """
    return f"{warning.path}: {warning.field}: {finding_message(warning)}"


APPROVAL_KINDS: Final = frozenset({"not-released", "approval-stale", "approval-pending"})
ANSWER_KINDS: Final = frozenset(
    {"example-answer", "contact-without-number", "suggestion-taken", "cut-by-comment"}
)


def finding_message(finding: Finding) -> str:
    """The sentence for one finding of ``check`` (docs/quality.md lists the kinds)."""
    path, text = finding.path, finding.text
    if finding.kind in APPROVAL_KINDS:
        return _approval_message(finding)
    if finding.kind in ANSWER_KINDS:
        return _answer_message(finding)
    match finding.kind:
        case "review-overdue":
            return (
                f"review overdue since {text('review_by')} ({text('days_overdue')} days ago); "
                f'review the policy, then run {command("release", path)} --summary "..."'
            )
        case "review-due":
            days = int(text("days_left"))
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            return f"review due {when} ({text('review_by')})"
        case "library-newer":
            return (
                f"made with clause library {text('made_with')}; {text('installed')} is "
                f"installed: run {command('upgrade', path)}"
            )
        case "unreleased-changes":
            return f"answers changed since release {text('version')} (not released yet)"
        case "same-contacts":
            return (
                f"{text('same_as')} and {finding.field} are the same; "
                "check that each one sends people to the right place"
            )
    raise ValueError(f"no words for the finding kind {finding.kind!r}")


def _answer_message(finding: Finding) -> str:
    """The warnings about one answer's value: kept as an example, or not what was typed."""
    path, text = finding.path, finding.text
    match finding.kind:
        case "example-answer":
            return (
                f"{finding.facts['value']!r} is an example; replace it "
                f"(edit the file, or {command('interview', path, '--resume')})"
            )
        case "contact-without-number":
            return (
                f"{finding.facts['value']!r} gives no phone number, and the reply to an abuse "
                f"report tells people to call it; add the number "
                f"(edit the file, or {command('interview', path, '--resume')})"
            )
        case "cut-by-comment":
            return (
                f"{finding.facts['value']!r} is followed by a comment "
                f"({json.dumps(text('comment'), ensure_ascii=False)}); if the # belongs to the "
                "value, put the whole value in quotes"
            )
        case "suggestion-taken":
            return (
                f"{finding.facts['value']!r} is only a suggestion; check it "
                f"(edit the file, or {command('interview', path, '--resume')})"
            )
    raise ValueError(f"no words for the finding kind {finding.kind!r}")


def _approval_message(finding: Finding) -> str:
    path, text = finding.path, finding.text
    release = f'{command("release", path)} --summary "..."'
    match finding.kind:
        case "not-released":
            return f"version {text('version')} is not in the history; run {release}"
        case "approval-stale":
            return (
                f"answers changed since version {text('version')} was approved: the policy is "
                f"a draft again; run {release}, then {command('approve', path)} after the "
                "approval"
            )
        case "approval-pending":
            return (
                f"version {text('version')} is not yet approved by "
                f"{', '.join(finding.names('pending'))}; when it is, run "
                f"{command('approve', path)}"
            )
    raise ValueError(f"no words for the finding kind {finding.kind!r}")


def check_json(report: CheckReport) -> dict[str, Any]:
    """``check`` as JSON-ready data: the problems that need action, the warnings and notes.

    Each finding has its ``kind``, ``field``, the words a terminal prints (``message``) and its
    facts; ``notes`` stays a list of sentences, as in schema 1, with ``note_details`` beside it.
    """
    problems = [
        {"kind": "invalid", "field": p.field, "message": " ".join(p.message.split())}
        for p in report.invalid
    ]
    problems += [_finding_json(finding) for finding in report.findings]
    return {
        "schema": SCHEMA,
        "command": "check",
        "file": str(report.path),
        "ok": not problems,
        "library": report.library,
        "problems": problems,
        "warnings": [_finding_json(warning) for warning in report.warnings],
        "notes": [finding_message(note) for note in report.notes],
        "note_details": [_finding_json(note) for note in report.notes],
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    facts = {k: list(v) if isinstance(v, tuple) else v for k, v in finding.facts.items()}
    message = " ".join(finding_message(finding).split())
    return {"kind": finding.kind, "field": finding.field, "message": message, **facts}


def coverage_lines(report: CoverageReport) -> list[str]:
    """The coverage report for a terminal: each standard, the clauses under it, then the gaps."""
    width = max((len(row.standard.label) for row in report.rows), default=0)
    lines = []
    for row in report.rows:
        head = f"{row.standard.label:<{width}}  {row.standard.title}"
        if not row.clauses:
            lines.append(f"{head}: not addressed")
            continue
        lines.append(head)
        lines += [f"{'':<{width}}    {c.number} {c.title}" for c in row.clauses]
    lines += ["", _addressed(report)]
    lines += [f"Recommended topics left open: {len(report.gaps)}"]
    lines += [f"  {_gap_sentence(gap)}" for gap in report.gaps]
    return lines


def coverage_markdown(report: CoverageReport) -> str:
    """The coverage report as Markdown: a table of standards, then the topics left open.

    Safe to embed in a document: every value is escaped for a Markdown table cell.
    """
    lines = ["| Standard | Title | Addressed by |", "|---|---|---|"]
    for row in report.rows:
        addressed = "; ".join(f"{c.number} {_cell(c.title)}" for c in row.clauses)
        lines.append(
            f"| {_cell(row.standard.label)} | {_cell(row.standard.title)} | "
            f"{addressed or '*not addressed*'} |"
        )
    lines += ["", _addressed(report)]
    if report.gaps:
        lines += ["", "Recommended topics left open:", ""]
        lines += [f"- {_cell(_gap_sentence(gap))}" for gap in report.gaps]
    return "\n".join(lines) + "\n"


def coverage_json(report: CoverageReport, file: Path) -> dict[str, Any]:
    """The coverage report as JSON-ready data (docs/quality.md, "coverage --format json")."""
    return {
        "schema": SCHEMA,
        "command": "coverage",
        "file": str(file),
        "addressed": len(report.rows) - len(report.unaddressed),  # "17 of 18 standards addressed"
        "total": len(report.rows),
        "standards": [
            {
                "id": row.standard.id,
                "label": row.standard.label,
                "title": row.standard.title,
                "source": row.standard.source,
                "clauses": [
                    {"number": c.number, "topic": c.topic_id, "title": c.title, "choice": c.choice}
                    for c in row.clauses
                ],
            }
            for row in report.rows
        ],
        "gaps": [
            {
                "topic": gap.topic_id,
                "title": gap.title,
                "kind": gap.kind,
                "because": list(gap.because),
                "standards": [standard.id for standard in gap.standards],
                "message": _gap_sentence(gap),
            }
            for gap in report.gaps
        ],
    }


def _addressed(report: CoverageReport) -> str:
    """The line both the terminal and the Markdown report end their table with, counting."""
    addressed = len(report.rows) - len(report.unaddressed)
    return f"{addressed} of {len(report.rows)} standards addressed."


def _gap_sentence(gap: Gap) -> str:
    cited = ", ".join(standard.label for standard in gap.standards)
    if gap.kind == "skipped":
        reason = f"not asked because of the answer to {', '.join(gap.because)}"
    else:
        reason = f'answered "{"; ".join(gap.because)}", which sets no rule'
    return f"{gap.title} ({gap.topic_id}): {reason}. It answers to {cited}."


def _cell(text: str) -> str:
    """Text for a Markdown table cell: no pipes or line breaks, Markdown characters escaped."""
    return re.sub(r"([\\`*_{}\[\]<>|~])", r"\\\1", " ".join(text.split()))
