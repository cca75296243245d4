"""A ``Comparison`` as the new document's blocks with every change tracked, for Word.

The Word redline is the new version itself, so counsel reads the document as it will be and
accepts or rejects each change in Word: accepting them all gives the new version, rejecting
them all the old one. Clause changes are exactly the word-level redline the comparison holds
for every other format (``ClauseChange.segments``), put back where the clause stands; a removed
clause is shown deleted where it stood. Everything else (title block, dates, renumbered
headings, citations, revision history, references) is compared block by block with the same
word-level ``redline``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Final

from policygen.document.assemble import Policy
from policygen.document.changes import DELETE, EQUAL, INSERT, ClauseChange, Comparison, Segment
from policygen.document.clause_diff import redline
from policygen.render.blocks import MARKS, Block, Run, parse, plain
from policygen.render.redline import marked

LISTS: Final = 100_000  # list ids of the old side, then of each clause, start this far apart
UNMARK: Final = {ord(char): "\ufffd" for pair in MARKS.values() for char in pair}  # typed marks
_CITED = re.compile(r"\s\[[\d,\s]+\]$")
Rows = tuple[tuple[tuple[Run, ...], ...], ...]
_Changes = dict[str, tuple[int, ClauseChange]]  # topic id → (its place in the comparison, change)


@dataclass(frozen=True, slots=True)
class _Unit:
    """A clause (its heading and body) or one block outside the clauses, as aligned."""

    key: str
    blocks: tuple[Block, ...]
    topic: str | None = None


def redline_blocks(cmp: Comparison, old_markdown: str, new_markdown: str) -> list[Block]:
    """The new document's blocks, every difference from the old one (both sides built) tracked.

    ``old_markdown`` and ``new_markdown`` are the two sides' documents, ``cmp.old_policy``
    and ``cmp.new_policy`` rendered.
    """
    assert cmp.old_policy is not None and cmp.new_policy is not None, "both sides are built"
    old = _units(parse(old_markdown, first_list=LISTS), cmp.old_policy)
    new = _units(parse(new_markdown), cmp.new_policy)
    changes = {change.topic_id: (index, change) for index, change in enumerate(cmp.clauses)}
    why = cmp.words["labels"]["why"]  # the label before a clause's reason, as the policy prints it
    out: list[Block] = []
    matcher = SequenceMatcher(None, [u.key for u in old], [u.key for u in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                out += _same_place(before, after, changes, why)
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds and news and _pairs(olds[0], news[0]):
            out += _same_place(olds.pop(0), news.pop(0), changes, why)
        for unit in olds:
            out += _whole(unit, DELETE, changes, out, why)
        for unit in news:
            out += _whole(unit, INSERT, changes, out, why)
    return out


def _units(blocks: Sequence[Block], policy: Policy) -> list[_Unit]:
    """Group each clause's heading with its body; every other block stands alone."""
    topics = {
        f"{clause.number} {clause.title}": clause.topic_id
        for section in policy.sections
        for clause in section.clauses
    }
    units: list[_Unit] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        topic = topics.get(block.text) if block.kind == "heading" else None
        if topic is None:
            units.append(_Unit(f"{block.kind}:{block.text}", (block,)))
            index += 1
            continue
        end = index + 1
        while end < len(blocks) and blocks[end].kind not in ("heading", "contents"):
            end += 1
        units.append(_Unit(f"clause:{topic}", tuple(blocks[index:end]), topic))
        index = end
    return units


def _pairs(old: _Unit, new: _Unit) -> bool:
    """Two units in a changed stretch that are one thing reworded rather than two things."""
    if old.topic or new.topic:
        return old.topic == new.topic
    a, b = old.blocks[0], new.blocks[0]
    return a.kind == b.kind and a.level == b.level


def _same_place(old: _Unit, new: _Unit, changes: _Changes, why: str) -> list[Block]:
    found = changes.get(new.topic) if new.topic else None
    if found is None:
        return _blocks_diff(old.blocks, new.blocks)
    heading = _block_diff(old.blocks[0], new.blocks[0])
    return [heading, *_clause_body(*found, old.blocks[-1], new.blocks[-1], why)]


def _whole(unit: _Unit, kind: str, changes: _Changes, before: list[Block], why: str) -> list[Block]:
    """A unit only one side has: all inserted or all deleted."""
    found = changes.get(unit.topic) if unit.topic else None
    if found is not None:
        end = unit.blocks[-1]
        old_end, new_end = (end, None) if kind == DELETE else (None, end)
        return [_all(unit.blocks[0], kind), *_clause_body(*found, old_end, new_end, why)]
    blocks = [_all(block, kind) for block in unit.blocks]
    if kind == DELETE:
        blocks = [_joined(block, before) for block in blocks]
    return blocks


def _joined(block: Block, before: list[Block]) -> Block:
    """A deleted list item keeps counting in the list it was part of."""
    last = before[-1] if before else None
    if block.list_id and last is not None and last.list_id and last.ordered == block.ordered:
        return replace(block, list_id=last.list_id)
    return block


def _clause_body(
    index: int, change: ClauseChange, old_end: Block | None, new_end: Block | None, why: str
) -> list[Block]:
    """The clause's own redline as blocks: reasons labelled, each side's citations kept."""

    def wrap(kind: str, text: str) -> str:
        start, end = MARKS[kind]
        return f"{start}{text}{end}"

    segments = _apart(tuple((kind, text.translate(UNMARK)) for kind, text in change.segments))
    body = parse(marked(segments, wrap), first_list=LISTS * (2 + index), marks=True)
    body = [replace(b, runs=_why(b.runs, why)) if b.kind == "paragraph" else b for b in body]
    before, after = _citations(old_end), _citations(new_end)
    last_old, last_new = _last(body, INSERT), _last(body, DELETE)
    if before == after and last_old == last_new and last_new is not None:
        _append(body, last_new, Run(after))
        return body
    if before and last_old is not None:
        _append(body, last_old, Run(before, change=DELETE))
    if after and last_new is not None:
        _append(body, last_new, Run(after, change=INSERT))
    return body


def _apart(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Whole paragraphs replaced stay apart: the old ones deleted, the new ones inserted.

    The clause redline runs a deletion straight into the insertion that replaces it; in Word
    that would glue the last old paragraph and the first new one into one paragraph, which
    neither side has. Only a deletion that starts a paragraph followed by an insertion that
    ends one is split, so a changed line inside a paragraph stays in it.
    """
    out = list(segments)
    for i in range(len(out) - 1):
        (kind, old), (next_kind, new) = out[i], out[i + 1]
        starts = i == 0 or _blank_line(out[i - 1][1], old)
        ends = i + 2 >= len(out) or _blank_line(new, out[i + 2][1])
        if kind == DELETE and next_kind == INSERT and starts and ends:
            out[i] = (DELETE, old.rstrip() + "\n\n")
    return tuple(out)


def _blank_line(left: str, right: str) -> bool:
    """Whether a paragraph ends where ``left`` meets ``right``: a blank line between them."""
    between = left[len(left.rstrip()) :] + right[: len(right) - len(right.lstrip())]
    return between.count("\n") >= 2


def _last(body: Sequence[Block], hidden: str) -> int | None:
    """The last block with text on one side (``hidden``: the kind of change that side drops)."""
    for index in range(len(body) - 1, -1, -1):
        if any(run.text.strip() and run.change != hidden for run in body[index].runs):
            return index
    return None


def _append(body: list[Block], index: int, run: Run) -> None:
    body[index] = replace(body[index], runs=(*body[index].runs, run))


def _why(runs: Sequence[Run], why: str) -> tuple[Run, ...]:
    """The reason's label (``why``) in italics, as every edition sets it."""
    out: list[Run] = []
    for run in runs:
        if run.text.startswith(why) and (not out or out[-1].text.endswith(" ")):
            out += [replace(run, text=why, italic=True), replace(run, text=run.text[len(why) :])]
        else:
            out.append(run)
    return tuple(run for run in out if run.text)


def _citations(block: Block | None) -> str:
    found = _CITED.search(block.text) if block is not None else None
    return found.group(0) if found else ""


def _blocks_diff(old: Sequence[Block], new: Sequence[Block]) -> list[Block]:
    """Blocks of one unit compared one to one; extra blocks inserted or deleted."""
    out: list[Block] = []
    matcher = SequenceMatcher(None, [b.text for b in old], [b.text for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += new[j1:j2]
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds and news and olds[0].kind == news[0].kind:
            out.append(_block_diff(olds.pop(0), news.pop(0)))
        out += [_joined(_all(block, DELETE), out) for block in olds]
        out += [_all(block, INSERT) for block in news]
    return out


def _block_diff(old: Block, new: Block) -> Block:
    if old.text == new.text:
        return new
    if new.kind == "table":
        return replace(new, rows=_rows_diff(old.rows, new.rows))
    return replace(new, runs=runs_diff(old.runs, new.runs))


def _rows_diff(old: Rows, new: Rows) -> Rows:
    def key(row: tuple[tuple[Run, ...], ...]) -> str:
        return " | ".join(plain(cell) for cell in row)

    out: list[tuple[tuple[Run, ...], ...]] = []
    matcher = SequenceMatcher(None, [key(r) for r in old], [key(r) for r in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += new[j1:j2]
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds and news and len(olds[0]) == len(news[0]):
            pair = zip(olds.pop(0), news.pop(0), strict=True)
            out.append(tuple(runs_diff(a, b) for a, b in pair))
        out += [tuple(_mark(cell, DELETE) for cell in row) for row in olds]
        out += [tuple(_mark(cell, INSERT) for cell in row) for row in news]
    return tuple(out)


def runs_diff(old: Sequence[Run], new: Sequence[Run]) -> tuple[Run, ...]:
    """The word-level redline of two runs of text, each piece keeping its side's look."""
    if plain(old) == plain(new):
        return tuple(new)
    out: list[Run] = []
    at = {DELETE: 0, INSERT: 0}
    for kind, text in redline(plain(old), plain(new)):
        sides = (DELETE, INSERT) if kind == EQUAL else (kind,)
        source = old if kind == DELETE else new
        side = DELETE if kind == DELETE else INSERT
        out += [replace(run, change=kind) for run in _slice(source, at[side], text)]
        for moved in sides:
            at[moved] += len(text)
    return tuple(out)


def _slice(runs: Sequence[Run], start: int, text: str) -> Iterator[Run]:
    """``text``, found at ``start`` in the runs' text, styled like the runs it overlaps."""
    offset = 0
    taken = 0
    for index, run in enumerate(runs):
        end = offset + len(run.text)
        last = index == len(runs) - 1
        if end > start + taken or last:
            size = len(text) - taken if last else min(end - (start + taken), len(text) - taken)
            if size > 0:
                yield replace(run, text=text[taken : taken + size])
                taken += size
        if taken >= len(text):
            return
        offset = end
    if taken < len(text):
        yield Run(text[taken:])


def _mark(runs: Sequence[Run], kind: str) -> tuple[Run, ...]:
    return tuple(replace(run, change=kind) for run in runs)


def _all(block: Block, kind: str) -> Block:
    if block.kind == "table":
        return replace(block, rows=tuple(tuple(_mark(c, kind) for c in row) for row in block.rows))
    return replace(block, runs=_mark(block.runs, kind))
