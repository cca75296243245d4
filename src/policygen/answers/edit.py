"""Rewrite an existing answers file by changing only what changed, so its comments stay.

Teams keep the answers file in git and write notes in it as YAML comments ("# changed per board
2026-11"); a fresh dump would drop every one of them, and reorder and requote what was typed by
hand. So a command that saves an existing file edits its text instead: the YAML composer gives
where each value starts and ends, and only a changed value's lines are replaced, a new key or
history entry is inserted after its neighbour, and a dropped key's lines are removed. Every
other byte (comments, blank lines, key order, quoting) stays as it was.

New text comes from the same dumper as a fresh file, at the column where it lands, so a file
policygen wrote comes out byte for byte as a fresh write would. Whatever cannot be edited in
place is rewritten one level up, and ``updated_text`` reads the result back: if it does not
hold exactly the new answers, the caller writes the file afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policygen.errors import PolicygenError
from policygen.files import read_text
from policygen.safe_yaml import dump_yaml

WIDTH = 100  # the dumper's line width for a fresh file (safe_yaml.dump_yaml)
_MISSING: Any = object()
_STR = "tag:yaml.org,2002:str"

Edit = tuple[int, int, int, str]  # start, end, order recorded, replacement text


class _Unsupported(Exception):
    """This value's text cannot be edited in place; its parent rewrites it whole."""


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types throughout (``True`` is not ``1``, a date is not text)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def updated_text(
    path: Path, new: Mapping[str, Any], read: Callable[[str], dict[str, Any]]
) -> str | None:
    """The file at ``path`` with only its changed values rewritten to hold ``new``.

    ``read`` turns text into data as the answers reader does, with all its checks, so hostile
    text is refused before the composer sees it. None when there is no such file, it is not an
    answers file any more, or the edited text would not read back as ``new``: then write afresh.
    """
    if not path.is_file():
        return None
    try:
        text = read_text(path, PolicygenError)
        old = read(text)
        edited = update_text(text, old, new)
        return edited if edited is not None and same(read(edited), dict(new)) else None
    except PolicygenError:
        return None


def update_text(text: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """``text`` (whose data is ``old``) edited to hold ``new``; None if the root can't be edited."""
    crlf = "\r\n" in text  # a file saved on Windows keeps its line ends
    text = text.replace("\r\n", "\n") if crlf else text
    if not text.endswith("\n"):
        text += "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode) or root.flow_style:
        return None
    editor = _Editor(text)
    try:
        editor.mapping(root, old, new)
    except _Unsupported:
        return None
    edited = editor.apply()
    return edited.replace("\n", "\r\n") if crlf else edited


class _Editor:
    """Collects edits as positions in the original text, then applies them from the end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.edits: list[Edit] = []

    def apply(self) -> str:
        text = self.text
        # From the end backwards, so earlier positions stay valid; at one position a removal
        # goes first, then insertions, the one recorded last first so it ends up last.
        for start, end, _, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        return text

    def add(self, start: int, end: int, new: str) -> None:
        self.edits.append((start, end, len(self.edits), new))

    def mapping(self, node: MappingNode, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        """Edit a block mapping: change, remove and insert keys, keeping the file's order."""
        pairs: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag != _STR:
                raise _Unsupported
            pairs[key.value] = (key, value)
        kept = [name for name in pairs if name in new]
        if not kept:
            raise _Unsupported  # nothing left to anchor new keys to
        for name, (key, value) in pairs.items():
            if name not in new and name in old:  # an empty key the reader ignores can stay
                self.remove(key, value)
        anchor: Node | None = None
        pending: dict[str, Any] = {}
        for name, value in new.items():
            if name not in pairs:
                if not same(old.get(name, _MISSING), value):
                    pending[name] = value
                continue
            self.insert(node, anchor, pending)
            pending = {}
            key, value_node = pairs[name]
            before = old.get(name, _MISSING)
            if not same(before, value):
                self.change(key, value_node, before, value)
            anchor = key
        self.insert(node, anchor, pending)

    def change(self, key: Node, node: Node, old: Any, new: Any) -> None:
        """Edit a value in place when it is a block collection, or rewrite its key and value."""
        mark = len(self.edits)
        try:
            if _block(node, MappingNode) and isinstance(old, dict) and isinstance(new, dict):
                if new:
                    self.mapping(node, old, new)  # type: ignore[arg-type]
                    return
            elif _block(node, SequenceNode) and isinstance(old, list) and isinstance(new, list):
                self.sequence(node, old, new)  # type: ignore[arg-type]
                return
        except _Unsupported:
            del self.edits[mark:]
        column = key.start_mark.column
        text = _indent(dump_yaml({key.value: new}, width=WIDTH - column), column)[column:]
        start, end = key.start_mark.index, self.end(node, key)
        head, _, rest = text.rstrip("\n").partition("\n")
        line_end = self.next_line(end) - 1
        if rest and new and isinstance(new, dict | list) and line_end < self.next_line(start):
            # "key: []  # note" becomes a block: the note stays on the key's line, after "key:"
            self.add(start, line_end, f"{head}{self.text[end:line_end]}\n{rest}")
        else:
            self.add(start, end, text.rstrip("\n"))

    def sequence(self, node: SequenceNode, old: Sequence[Any], new: Sequence[Any]) -> None:
        """Edit a block sequence whose items stay where they are: history gains an entry."""
        items = node.value
        if len(items) != len(old) or len(new) < len(old) or not items:
            raise _Unsupported
        for item, before, after in zip(items, old, new, strict=False):
            if same(before, after):
                continue
            if not (_block(item, MappingNode) and isinstance(after, dict) and after):
                raise _Unsupported
            self.mapping(item, before if isinstance(before, dict) else {}, after)
        extra = list(new[len(old) :])
        if extra:
            column = self.dash_column(items[-1])
            text = dump_yaml(extra, width=WIDTH - column)
            at = self.next_line(self.end(items[-1]))
            self.add(at, at, _indent(text, column))

    def insert(self, node: MappingNode, anchor: Node | None, values: Mapping[str, Any]) -> None:
        """Insert new keys after ``anchor``'s value (or before the first key if none)."""
        if not values:
            return
        first = node.value[0][0]
        column = first.start_mark.column
        if anchor is None:
            at = first.start_mark.index
            if self.text[self.line_start(at) : at].strip():
                raise _Unsupported  # the first key shares its line with a "- "
            at = self.line_start(at)
        else:
            value = next(v for k, v in node.value if k is anchor)
            at = self.next_line(self.end(value, anchor))
        text = dump_yaml(dict(values), width=WIDTH - column)
        self.add(at, at, _indent(text, column))

    def remove(self, key: Node, value: Node) -> None:
        """Remove a key's lines, from the key to the end of its value's last line."""
        start = self.line_start(key.start_mark.index)
        if self.text[start : key.start_mark.index].strip():
            raise _Unsupported
        self.add(start, self.next_line(self.end(value, key)), "")

    def end(self, node: Node, key: Node | None = None) -> int:
        """Where a value's own text ends (a collection ends with its last value)."""
        if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
            last = node.value[-1]
            return self.end(last[1], last[0]) if isinstance(last, tuple) else self.end(last)
        if isinstance(node, ScalarNode) and node.style is None and not node.value and key:
            return self.text.index(":", key.end_mark.index) + 1  # "key:" with nothing after
        end: int = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
            end -= 1  # a block scalar (| or >) ends after its line breaks
        return end

    def dash_column(self, item: Node) -> int:
        before = self.text[self.line_start(item.start_mark.index) : item.start_mark.index]
        dash = before.rstrip()
        if not dash.endswith("-") or dash[:-1].strip():
            raise _Unsupported
        return len(dash) - 1

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def next_line(self, index: int) -> int:
        return self.text.index("\n", index) + 1


def _block(node: Node, kind: type[Node]) -> bool:
    return isinstance(node, kind) and not node.flow_style and bool(node.value)  # type: ignore[attr-defined]


def _indent(text: str, column: int) -> str:
    """Dumper output moved right by ``column``; empty lines (inside quoted text) stay empty."""
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))
