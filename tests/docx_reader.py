"""A .docx read back from its XML, the way Word shows it, without python-docx.

Used to check Word output against the Markdown it was made from, and a redline's tracked
changes: ``view="new"`` accepts every change, ``view="old"`` rejects every change.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, ClassVar
from xml.etree import ElementTree as ET

from markdown_it import MarkdownIt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Para:
    """One paragraph as read: its style id, its text, and its tracked changes in order."""

    style: str
    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)  # ("ins" | "del", text)
    in_field: bool = False  # inside a field's shown result (the table of contents)
    old: str = ""  # the text with every change rejected
    new: str = ""  # the text with every change accepted


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def xml(data: bytes, name: str = "word/document.xml") -> ET.Element:
    return ET.fromstring(parts(data)[name])


def paragraphs(data: bytes, name: str = "word/document.xml", view: str = "all") -> list[Para]:
    """Paragraphs of the body in order, table cells included.

    ``view``: ``all`` shows inserted and deleted text, ``new`` accepts every change (deleted
    text and paragraphs go), ``old`` rejects every change (inserted text and paragraphs go).
    """
    root = xml(data, name)
    body = root.find(f"{W}body")
    if body is None:
        body = root  # a header or footer part
    reader = _Reader(view)
    for element in body:
        reader.element(element)
    return reader.out


class _Reader:
    def __init__(self, view: str) -> None:
        self.view = view
        self.out: list[Para] = []
        self.field = 0  # 0 outside, 1 in the instruction, 2 in the shown result

    def element(self, element: ET.Element) -> None:
        if element.tag == f"{W}p":
            self.paragraph(element)
        elif element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                props = row.find(f"{W}trPr")
                if props is not None and self._gone(props):
                    continue
                for cell in row.findall(f"{W}tc"):
                    for paragraph in cell.findall(f"{W}p"):
                        self.paragraph(paragraph)

    def _gone(self, props: ET.Element) -> bool:
        """A row or paragraph mark that the view removes."""
        hidden = "del" if self.view == "new" else "ins" if self.view == "old" else None
        return hidden is not None and props.find(f"{W}{hidden}") is not None

    def paragraph(self, element: ET.Element) -> None:
        style = element.find(f"{W}pPr/{W}pStyle")
        para = Para(style=style.get(f"{W}val", "") if style is not None else "", text="")
        texts: dict[str, list[str]] = {"view": [], "old": [], "new": []}
        self._walk(element, texts, para, None)
        para.text, para.old, para.new = ("".join(texts[k]) for k in ("view", "old", "new"))
        mark = element.find(f"{W}pPr/{W}rPr")
        if mark is not None and self._gone(mark) and not para.text.strip():
            return  # the whole paragraph is removed in this view
        self.out.append(para)

    def _walk(
        self, node: ET.Element, texts: dict[str, list[str]], para: Para, change: str | None
    ) -> None:
        for child in node:
            tag = child.tag.removeprefix(W)
            if tag in ("ins", "del") and node.tag != f"{W}rPr" and node.tag != f"{W}trPr":
                self._walk(child, texts, para, tag)
            elif tag == "fldChar":
                kind = child.get(f"{W}fldCharType")
                self.field = {"begin": 1, "separate": 2, "end": 0}[str(kind)]
            elif tag in ("t", "delText"):
                self._text(child.text or "", texts, para, change)
            elif tag in ("tab", "br"):
                for side in texts.values():
                    side.append("\t" if tag == "tab" else "\n")
            elif tag in ("r", "hyperlink", "smartTag"):
                self._walk(child, texts, para, change)

    def _text(self, text: str, texts: dict[str, list[str]], para: Para, change: str | None) -> None:
        if change is not None:
            para.changes.append((change, text))
        if change != "ins":
            texts["old"].append(text)
        if change != "del":
            texts["new"].append(text)
        if (change, self.view) not in (("ins", "old"), ("del", "new")):
            texts["view"].append(text)
            para.in_field = para.in_field or self.field == 2


def markdown_blocks(markdown: str) -> list[str]:
    """The Markdown's paragraphs, headings, list items and table cells as plain text.

    Read through markdown-it's HTML, not through policygen's own reader, so the two sides of
    a round trip are computed independently.
    """
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    collector = _Blocks()
    collector.feed(html)
    return [text for text in collector.blocks if text]


class _Blocks(HTMLParser):
    BLOCKS: ClassVar[frozenset[str]] = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:  # noqa: ARG002
        if tag in self.BLOCKS:
            if self.open:  # text of an outer block before a nested one is its own block
                self.blocks.append(normal("".join(self.open[-1])))
                self.open[-1].clear()
            self.open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self.open:
            self.blocks.append(normal("".join(self.open.pop())))

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1].append(data)


def normal(text: str) -> str:
    """Whitespace as a reader sees it: runs of spaces and line breaks are one space."""
    return re.sub(r"\s+", " ", text).strip()
