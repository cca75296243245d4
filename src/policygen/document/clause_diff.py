"""The clauses of two built policies compared, each changed clause redlined word by word.

A board approves words, not YAML: this is the part of a comparison staff will read. Lines
(paragraphs, list items) are aligned first, then the words of the lines that changed, tidied so
a reader sees whole phrases replaced rather than scattered fragments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Final

from policygen.document.assemble import Clause, Policy
from policygen.document.changes import DELETE, EQUAL, INSERT, ClauseChange, Segment

MIN_SIMILARITY: Final = 0.5
SMALL_EQUAL: Final = 2
_WORD = re.compile(r"\S+\s*")


def clause_changes(old: Policy, new: Policy, *, why: str) -> list[ClauseChange]:
    """Clauses in the new document's order, then the ones that were removed.

    ``why`` labels each clause's reason, as the policy prints it ("Why:").
    """
    before = {clause.topic_id: clause for clause in _clauses(old)}
    after = {clause.topic_id: clause for clause in _clauses(new)}
    changes: list[ClauseChange] = []
    for topic_id, clause in after.items():
        previous = before.get(topic_id)
        if previous is None:
            changes.append(_change(clause, "added", None, clause, why))
        elif _body(previous, why) != _body(clause, why) or previous.title != clause.title:
            changes.append(_change(clause, "reworded", previous, clause, why))
    for topic_id, clause in before.items():
        if topic_id not in after:
            changes.append(_change(clause, "removed", clause, None, why))
    return changes


def _clauses(policy: Policy) -> Iterable[Clause]:
    for section in policy.sections:
        yield from section.clauses


def _body(clause: Clause | None, why: str) -> str:
    """What a reader sees of a clause: its text and its reason; nothing for a missing side."""
    return "" if clause is None else f"{clause.text}\n\n{why} {clause.rationale}"


def _change(
    shown: Clause, kind: str, old: Clause | None, new: Clause | None, why: str
) -> ClauseChange:
    return ClauseChange(
        topic_id=shown.topic_id,
        number=shown.number,
        title=shown.title,
        kind=kind,
        old_choice=old.choice if old else None,
        new_choice=new.choice if new else None,
        segments=redline(_body(old, why), _body(new, why)),
    )


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """Difference as runs of equal, deleted and inserted text, whitespace kept.

    Lines (paragraphs, list items) are aligned first, then words inside the lines that
    changed, so an added list item shows as one inserted line rather than words matched
    across items. Words compare without trailing whitespace: re-wrapping is not a change.
    """
    a, b = old.strip().splitlines(keepends=True), new.strip().splitlines(keepends=True)
    lines = SequenceMatcher(lambda line: not line.strip(), a, b, False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            _add(segments, EQUAL, "".join(b[j1:j2]))
        elif tag == "replace":
            for segment in _words("".join(a[i1:i2]), "".join(b[j1:j2])):
                _add(segments, *segment)
        else:
            _add(segments, DELETE, "".join(a[i1:i2]))
            _add(segments, INSERT, "".join(b[j1:j2]))
    return tuple(segments)


def _words(old: str, new: str) -> list[Segment]:
    """Word-level difference of two changed blocks, tidied for a human reader.

    Blocks that share under half their words are shown as one deletion and one insertion,
    and one or two words left equal between changes join the change: fragments like
    "[-Do not send-] {+Never connect+} or [-accept-]" are harder to read than two sentences.
    """
    a, b = _WORD.findall(old), _WORD.findall(new)
    matcher = SequenceMatcher(None, [w.rstrip() for w in a], [w.rstrip() for w in b], False)
    if matcher.ratio() < MIN_SIMILARITY:
        return [(DELETE, _spaced(old)), (INSERT, new)]
    ops = matcher.get_opcodes()
    tidy: list[tuple[str, int, int, int, int]] = []
    for index, (op, i1, i2, j1, j2) in enumerate(ops):
        inner = 0 < index < len(ops) - 1
        tag = "replace" if op == "equal" and inner and i2 - i1 <= SMALL_EQUAL else str(op)
        if tag != "equal" and tidy and tidy[-1][0] != "equal":
            tidy[-1] = ("replace", tidy[-1][1], i2, tidy[-1][3], j2)
        else:
            tidy.append((tag, i1, i2, j1, j2))
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in tidy:
        if tag == "equal":
            text = "".join(b[j1:j2])
            last = a[i2 - 1]
            if not text[-1:].isspace():  # keep the space before words deleted at the end
                text += last[len(last.rstrip()) :]
            segments.append((EQUAL, text))
            continue
        if i2 > i1:
            deleted = "".join(a[i1:i2])
            segments.append((DELETE, _spaced(deleted) if j2 > j1 else deleted))
        if j2 > j1:
            segments.append((INSERT, "".join(b[j1:j2])))
    return segments


def _spaced(deleted: str) -> str:
    """A deletion followed by an insertion keeps a space between the two marks."""
    return deleted if deleted[-1:].isspace() else deleted + " "


def _add(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == kind:
        segments[-1] = (kind, segments[-1][1] + text)
    else:
        segments.append((kind, text))
