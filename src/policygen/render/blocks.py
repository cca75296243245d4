"""Markdown → a flat list of blocks (headings, paragraphs, list items, tables), format-free.

Every edition is written once, as a Markdown template; the Word renderer reads that Markdown
back as blocks so Word shows the same words as the Markdown, HTML and PDF. A redline marks its
changes inside the Markdown with private-use characters (``MARKS``), which end up on each run
as ``Run.change``: no other character can collide with them, since the library and the
answers are text a person typed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.token import Token

from policygen.document.changes import DELETE, EQUAL, INSERT

# Opening and closing marks of a tracked insertion and deletion, in Unicode's private use area.
MARKS: Final = {INSERT: ("\ue000", "\ue001"), DELETE: ("\ue002", "\ue003")}
_TOGGLES: Final = {
    "\ue000": INSERT,
    "\ue001": EQUAL,
    "\ue002": DELETE,
    "\ue003": EQUAL,
}


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one look and one change state."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    change: str = EQUAL


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """One paragraph-like thing of the document.

    Attributes:
        kind: ``heading``, ``paragraph``, ``item`` (a list item's first paragraph), ``more``
            (a later paragraph of a list item), ``table``, ``rule`` or ``contents``.
        level: heading level (1 = the document title), or list depth from 0.
        list_id: the list an item belongs to; numbering restarts with each ordered list.
        rows: table cells, each a tuple of runs; ``header`` when the first row is a header.
        entries: for ``contents``, the entries of the table of contents as it was written.
    """

    kind: str
    runs: tuple[Run, ...] = ()
    level: int = 0
    ordered: bool = False
    list_id: int = 0
    start: int = 1
    rows: tuple[tuple[tuple[Run, ...], ...], ...] = ()
    header: bool = False
    entries: tuple[Block, ...] = field(default=())

    @property
    def text(self) -> str:
        """The plain text of the block, marks removed."""
        if self.kind == "table":
            return "\n".join(" | ".join(plain(cell) for cell in row) for row in self.rows)
        return plain(self.runs)


def plain(runs: Sequence[Run]) -> str:
    """The text of some runs as a reader sees it."""
    return "".join(run.text for run in runs)


@cache
def _parser() -> MarkdownIt:
    # The same CommonMark as the HTML (raw HTML off), with the pipe tables the templates use.
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def parse(markdown: str, *, first_list: int = 0, marks: bool = False) -> list[Block]:
    """The Markdown as blocks; a list of contents followed by its headings becomes ``contents``.

    Lists are numbered from ``first_list`` + 1, so blocks parsed apart can share a document.
    Change marks are read only with ``marks`` (a redline); in any other document they are text.
    """
    walker = _Walker(_parser().parse(markdown), marks=marks)
    walker.next_list = first_list
    return _contents(list(walker.blocks()))


class _Walker:
    """Turns markdown-it's token stream into blocks, tracking lists and change marks."""

    def __init__(self, tokens: list[Token], *, marks: bool) -> None:
        self.tokens = tokens
        self.marks = marks
        self.lists: list[tuple[int, bool, int]] = []  # (list id, ordered, start) per depth
        self.next_list = 0
        self.item_started = False

    def blocks(self) -> Iterator[Block]:
        index = 0
        tokens = self.tokens
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                self.next_list += 1
                start = int(token.attrGet("start") or 1)
                self.lists.append((self.next_list, kind == "ordered_list_open", start))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item_started = False
            elif kind == "heading_open":
                yield Block(
                    kind="heading",
                    level=int(token.tag[1]),
                    runs=runs(tokens[index + 1], self.marks),
                )
                index += 2
            elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
                yield self._paragraph(runs(token, self.marks))
            elif kind in ("fence", "code_block"):
                text = token.content.rstrip("\n")
                yield self._paragraph(tuple(_marked(text, [EQUAL], self.marks, code=True)))
            elif kind == "hr":
                yield Block(kind="rule")
            elif kind == "table_open":
                index, block = _table(tokens, index, self.marks)
                yield block
            index += 1

    def _paragraph(self, content: tuple[Run, ...]) -> Block:
        if not self.lists:
            return Block(kind="paragraph", runs=content)
        list_id, ordered, start = self.lists[-1]
        first = not self.item_started
        self.item_started = True
        return Block(
            kind="item" if first else "more",
            runs=content,
            level=len(self.lists) - 1,
            ordered=ordered,
            list_id=list_id,
            start=start,
        )


def _table(tokens: list[Token], index: int, marks: bool) -> tuple[int, Block]:
    rows: list[tuple[tuple[Run, ...], ...]] = []
    row: list[tuple[Run, ...]] = []
    header = False
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_close":
            rows.append(tuple(row))
            row = []
        elif token.type == "inline":
            row.append(runs(token, marks))
        elif token.type == "thead_open":
            header = True
        index += 1
    if rows and header and not any(plain(cell).strip() for cell in rows[0]):
        rows, header = rows[1:], False  # "| | |" heads a two-column table with no header
    return index, Block(kind="table", rows=tuple(rows), header=header)


def runs(inline: Token, marks: bool = False) -> tuple[Run, ...]:
    """The runs of one inline token: emphasis, links and change marks resolved."""
    out: list[Run] = []
    bold = italic = False
    link: str | None = None
    state = [EQUAL]
    for child in inline.children or ():
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind == "link_open":
            link = str(child.attrGet("href") or "")
        elif kind == "link_close":
            link = None
        elif kind in ("text", "code_inline"):
            code = kind == "code_inline"
            out += _marked(child.content, state, marks, bold, italic, code, link)
        elif kind == "softbreak":
            # The line break after a deleted line goes with it: accepting leaves no stray space.
            after_deletion = bool(out) and out[-1].change == DELETE and state[0] == EQUAL
            out.append(Run(" ", bold, italic, False, link, DELETE if after_deletion else state[0]))
        elif kind == "hardbreak":
            out += _marked("\n", state, marks, bold, italic, False, link)
        elif kind == "image":
            out += _marked(child.content, state, marks, bold, italic, False, link)
    return tuple(_merge(out))


def _marked(
    text: str,
    state: list[str],
    marks: bool,
    bold: bool = False,
    italic: bool = False,
    code: bool = False,
    link: str | None = None,
) -> Iterator[Run]:
    """Split text at change marks; ``state`` carries the open mark from one token to the next."""
    if not marks:
        yield Run(text, bold, italic, code, link, EQUAL)
        return
    start = 0
    for index, char in enumerate(text):
        if char in _TOGGLES:
            if index > start:
                yield Run(text[start:index], bold, italic, code, link, state[0])
            state[0] = _TOGGLES[char]
            start = index + 1
    if len(text) > start:
        yield Run(text[start:], bold, italic, code, link, state[0])


def _merge(found: list[Run]) -> Iterator[Run]:
    """Join neighbouring runs that look the same, so a paragraph has as few runs as it can."""
    previous: Run | None = None
    for run in found:
        if previous is not None and replace(previous, text="") == replace(run, text=""):
            previous = replace(previous, text=previous.text + run.text)
            continue
        if previous is not None:
            yield previous
        previous = run
    if previous is not None:
        yield previous


def _contents(blocks: list[Block]) -> list[Block]:
    """A heading followed by a list whose every entry is a later heading is a table of contents.

    Recognised by what it is, not by its title, so every edition and language gets a Word
    table-of-contents field where its Markdown has a contents list.
    """
    for index, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        end = index + 1
        while end < len(blocks) and blocks[end].kind in ("item", "more"):
            end += 1
        entries = blocks[index + 1 : end]
        if not entries:
            continue
        later = {b.text for b in blocks[end:] if b.kind == "heading"}
        if all(text in later for text in numbered(entries)):
            contents = Block(
                kind="contents", runs=block.runs, level=block.level, entries=tuple(entries)
            )
            return [*blocks[:index], contents, *blocks[end:]]
    return blocks


def numbered(entries: Sequence[Block]) -> list[str]:
    """Each entry's text with the number a reader sees before it."""
    counters: dict[int, int] = {}
    out = []
    for entry in entries:
        if entry.ordered and entry.kind == "item":
            counters[entry.list_id] = counters.get(entry.list_id, entry.start - 1) + 1
            out.append(f"{counters[entry.list_id]}. {entry.text}")
        else:
            out.append(entry.text)
    return out
