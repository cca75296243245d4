"""Plain-language checks of what staff read: Flesch-Kincaid grade and sentence length.

The limits live in ``limits.py``; textstat is imported inside ``readability``, when it measures.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policygen.quality.limits import MAX_GRADE, MAX_SENTENCE_WORDS

if TYPE_CHECKING:
    from policygen.document.assemble import Policy

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(])")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|`|\\(?=[^\w\s])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True, slots=True, kw_only=True)
class LongSentence:
    """A sentence over the word limit, and the clause it is in."""

    clause: str  # clause number, "3.2"
    topic_id: str
    words: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Readability:
    """Readability of a policy body: grade, sentence counts and the sentences over the limit."""

    grade: float
    sentences: int
    words: int
    long_sentences: tuple[LongSentence, ...]
    max_grade: float = MAX_GRADE
    max_sentence_words: int = MAX_SENTENCE_WORDS

    @property
    def ok(self) -> bool:
        """True when the grade and every sentence length are within the limits."""
        return self.grade <= self.max_grade and not self.long_sentences


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
    with warnings.catch_warnings():  # textstat 0.7.3 imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        import textstat

    measured: list[tuple[str, str, str]] = []  # (clause number, topic id, sentence)
    for section in policy.sections:
        for clause in section.clauses:
            for text in (clause.text, clause.rationale):
                measured += [(clause.number, clause.topic_id, s) for s in plain_sentences(text)]
    counts = [len(sentence.split()) for _, _, sentence in measured]
    body = " ".join(sentence for _, _, sentence in measured)
    long = tuple(
        LongSentence(clause=number, topic_id=topic_id, words=count, text=sentence)
        for (number, topic_id, sentence), count in zip(measured, counts, strict=True)
        if count > MAX_SENTENCE_WORDS
    )
    return Readability(
        grade=float(textstat.flesch_kincaid_grade(body)) if body else 0.0,
        sentences=len(measured),
        words=sum(counts),
        long_sentences=long,
    )
