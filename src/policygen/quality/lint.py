"""Lint: red-flag wording and plain language in what a policy actually says.

``lint`` reads the assembled ``Policy`` (every clause's rendered text, which holds the intro, the
chosen options and the fixed text, plus the chosen labels), so options an agency did not choose are
never reported, and an agency's own topics are checked like the built-in ones. ``scan_library``
reads every text of the library for ``policygen clauses lint``. Both return data; the CLI words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policygen.document.assemble import Policy
from policygen.library.loader import Library
from policygen.quality.readability import Readability, readability
from policygen.quality.redflags import RedFlag, find


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A red flag in a clause of the policy."""

    clause: str  # clause number, "3.2"
    topic_id: str
    title: str
    field: str  # "text" (the clause as printed) or "choice" (the chosen option's label)
    flag: RedFlag
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LintReport:
    """What ``policygen lint`` found in one policy."""

    findings: tuple[Finding, ...]
    readability: Readability
    org_type: str

    @property
    def ok(self) -> bool:
        """True when there is no red flag and the text is within the plain-language limits."""
        return not self.findings and self.readability.ok


@dataclass(frozen=True, slots=True, kw_only=True)
class LibraryFinding:
    """A red flag in a text of the clause library, by file and field."""

    path: Path
    topic_id: str
    field: str  # "options[1].text", "fixed", ...
    flag: RedFlag
    sentence: str


def lint(policy: Policy, flags: tuple[RedFlag, ...]) -> LintReport:
    """Red flags and readability of the assembled policy."""
    org_type = str(policy.organization.get("type", ""))
    findings = []
    for section in policy.sections:
        for clause in section.clauses:
            for field, text in (("text", clause.text), ("choice", clause.choice)):
                findings += [
                    Finding(
                        clause=clause.number,
                        topic_id=clause.topic_id,
                        title=clause.title,
                        field=field,
                        flag=hit.flag,
                        sentence=hit.sentence,
                    )
                    for hit in find(text, flags, org_type)
                ]
    return LintReport(findings=tuple(findings), readability=readability(policy), org_type=org_type)


def scan_library(library: Library, flags: tuple[RedFlag, ...]) -> list[LibraryFinding]:
    """Red flags in every text of the library a reader sees, for every organisation type.

    Clause text, labels, and each option's summary, posted and (English) client text.
    """
    findings = []
    for topic in library.topics:
        texts = [(f, t) for f, t in (("intro", topic.intro), ("fixed", topic.fixed)) if t]
        texts += [("text", topic.text)] if topic.text else []
        for index, option in enumerate(topic.options):
            texts += [(f"options[{index}].text", option.text)]
            texts += [(f"options[{index}].label", option.label)]
            extra = [("summary", option.summary), ("posted", option.posted)]
            extra += [("client", option.client.get("en"))]  # the patterns are English
            texts += [(f"options[{index}].{key}", text) for key, text in extra if text]
        for field, text in texts:
            findings += [
                LibraryFinding(
                    path=topic.path,
                    topic_id=topic.id,
                    field=field,
                    flag=hit.flag,
                    sentence=hit.sentence,
                )
                for hit in find(text, flags, None)
            ]
    return findings
