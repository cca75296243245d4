"""Checks on clause text: NLRB red-flag wording and plain-language readability.

The red-flag patterns are data (``clauses/redflags.yaml``), so counsel can extend them without
touching code. Readability is measured on what staff read — the clause texts of a built policy —
with the Flesch-Kincaid grade from textstat and a per-sentence word count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from policygen.document.assemble import Policy
from policygen.errors import LibraryError
from policygen.library.builtin import content_dir
from policygen.library.fields import Reader
from policygen.library.loader import Library
from policygen.safe_yaml import load_yaml

MAX_GRADE: Final = 10.0
MAX_SENTENCE_WORDS: Final = 35
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(])")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|`|\\(?=[^\w\s])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True, slots=True, kw_only=True)
class RedFlag:
    """A pattern of overbroad policy wording, with why it is a problem."""

    id: str
    pattern: re.Pattern[str]
    why: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A red-flag pattern found in a clause text."""

    path: Path
    field: str
    flag: RedFlag
    excerpt: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: red flag {self.flag.id}: {self.excerpt!r} ({self.flag.why})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Readability:
    """Readability of a policy body: grade, sentence lengths and the sentences over the limit."""

    grade: float
    sentences: int
    words: int
    long_sentences: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when the grade and every sentence length are within the plain-language limits."""
        return self.grade <= MAX_GRADE and not self.long_sentences


def load_redflags(path: Path | None = None) -> tuple[RedFlag, ...]:
    """The red-flag patterns shipped with the library (or from ``path``)."""
    path = path or content_dir("clauses") / "redflags.yaml"
    data = load_yaml(path, LibraryError)
    if not isinstance(data, list):
        raise LibraryError("expected a list of patterns", path=path, field="(top level)")
    flags = []
    for index, item in enumerate(data):
        reader = Reader(item, path=path, field=f"[{index}]", error=LibraryError)
        reader.only({"id", "pattern", "why", "sources"})
        try:
            pattern = re.compile(reader.string("pattern"), re.IGNORECASE)
        except re.error as err:
            raise reader.fail(f"invalid pattern: {err}", "pattern") from err
        flags.append(RedFlag(id=reader.identifier("id"), pattern=pattern, why=reader.string("why")))
    return tuple(flags)


def clause_texts(library: Library) -> Iterator[tuple[Path, str, str]]:
    """Every staff-facing text of the library: (file, field, text)."""
    for topic in library.topics:
        for field, text in (("intro", topic.intro), ("fixed", topic.fixed), ("text", topic.text)):
            if text:
                yield topic.path, field, text
        for index, option in enumerate(topic.options):
            yield topic.path, f"options[{index}].text", option.text
            yield topic.path, f"options[{index}].label", option.label


def scan(library: Library, flags: tuple[RedFlag, ...]) -> list[Finding]:
    """Red-flag patterns found anywhere in the library's clause texts."""
    findings = []
    for path, field, text in clause_texts(library):
        flat = " ".join(text.split())
        for flag in flags:
            match = flag.pattern.search(flat)
            if match:
                findings.append(Finding(path=path, field=field, flag=flag, excerpt=match.group(0)))
    return findings


def plain_sentences(markdown: str) -> list[str]:
    """Split clause Markdown into plain sentences; each paragraph and list item ends one."""
    sentences = []
    for block in re.split(r"\n\s*\n|\n\s*[-*+]\s+|\n\s*\d+[.)]\s+", "\n" + markdown):
        text = _MARKUP.sub("", _LINK.sub(r"\1", " ".join(block.split())))
        text = re.sub(r"^[-*+]\s+|^\d+[.)]\s+", "", text).strip()
        if not text:
            continue
        if text[-1] not in ".!?:":
            text += "."
        sentences += [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return sentences


def readability(policy: Policy) -> Readability:
    """Flesch-Kincaid grade and long sentences of what staff read: clauses and their "why"."""
    import textstat

    texts = [
        t for section in policy.sections for c in section.clauses for t in (c.text, c.rationale)
    ]
    sentences = [sentence for text in texts for sentence in plain_sentences(text)]
    words = [len(sentence.split()) for sentence in sentences]
    body = " ".join(sentences)
    long = tuple(s for s, n in zip(sentences, words, strict=True) if n > MAX_SENTENCE_WORDS)
    return Readability(
        grade=float(textstat.flesch_kincaid_grade(body)) if body else 0.0,
        sentences=len(sentences),
        words=sum(words),
        long_sentences=long,
    )
