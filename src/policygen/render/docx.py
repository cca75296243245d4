"""Word (.docx) rendering with python-docx: the only module that imports it.

The document is the edition's Markdown read back as blocks (``render.blocks``), so Word shows
the same words as every other format. Word-specific parts are added here: heading styles, list
numbering that restarts with each list, a table-of-contents field, a footer with PAGE and
NUMPAGES fields, a DRAFT header, tracked insertions and deletions for a redline, and core
properties dated from the policy so two builds are byte-identical (``render.docx_package``
then fixes the zip entries' dates and embeds the font).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from policygen.document.changes import DELETE, EQUAL, INSERT
from policygen.render.blocks import Block, Run, numbered, plain

FONT: Final = "Atkinson Hyperlegible"
AUTHOR: Final = "policygen"
INK: Final = RGBColor(0x1A, 0x1A, 0x1A)
LINK: Final = RGBColor(0x1F, 0x4E, 0x8C)
# Characters XML 1.0 cannot hold; answers may carry them (a YAML escape), Word shows U+FFFD.
_XML_UNSAFE: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class WordMeta:
    """What the Word file says about itself, beyond the Markdown it shows.

    Attributes:
        footer: the running footer's text (organisation, title, version).
        page: the page label with ``{page}`` and ``{pages}`` where the fields go.
        draft: header text when the version is a draft, else ``None``.
        changed: the date tracked changes carry (a redline), else ``None``.
    """

    title: str
    author: str
    subject: str
    language: str
    day: dt.date
    footer: str
    page: str
    draft: str | None = None
    changed: dt.date | None = None


def render_docx(blocks: Sequence[Block], meta: WordMeta) -> bytes:
    """The blocks as a .docx file's bytes (before the package is made deterministic)."""
    document = docx.Document()
    _styles(document, meta.language)
    writer = _Writer(document, meta)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "rule" and following is not None and _is_title(following):
            writer.page_break = True  # a new title after a rule starts a page (one per signer)
            continue
        writer.block(block)
    _footer(document, meta)
    _properties(document, meta)
    _settings(document, tracked=meta.changed is not None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    """Appends blocks to the document, numbering lists and tracking changes."""

    def __init__(self, document: Any, meta: WordMeta) -> None:
        self.document = document
        self.meta = meta
        self.revision = 0
        self.numbers: dict[int, int] = {}  # list id → w:numId
        self.page_break = False  # the next title starts a new page

    def block(self, block: Block) -> None:
        kind = block.kind
        if kind == "heading":
            style = "Title" if block.level == 1 else f"Heading {min(block.level - 1, 9)}"
            paragraph = self.document.add_paragraph(style=style)
            if self.page_break:
                paragraph.paragraph_format.page_break_before = True
                self.page_break = False
            self.runs(paragraph, block.runs)
        elif kind == "paragraph":
            self.runs(self.document.add_paragraph(), block.runs)
        elif kind in ("item", "more"):
            self.item(block)
        elif kind == "table":
            self.table(block)
        elif kind == "rule":
            _rule(self.document.add_paragraph())
        elif kind == "contents":
            self.contents(block)

    def runs(self, paragraph: Paragraph, runs: Sequence[Run]) -> None:
        """Add runs; a paragraph whose every run is inserted or deleted tracks its mark too."""
        for run in runs:
            self.run(paragraph, run)
        changes = {run.change for run in runs}
        if len(changes) == 1 and EQUAL not in changes:
            ppr = paragraph._p.get_or_add_pPr()
            rpr = ppr.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                ppr.append(rpr)  # last child of w:pPr: nothing is added after the runs
            rpr.append(self.revision_mark("w:ins" if INSERT in changes else "w:del"))

    def run(self, paragraph: Paragraph, run: Run) -> None:
        pieces = xml_text(run.text).split("\n")
        element = paragraph.add_run(pieces[0])
        for piece in pieces[1:]:
            element.add_break()
            element.add_text(piece)
        element.bold = run.bold or None
        element.italic = run.italic or None
        if run.code:
            element.font.name = "Courier New"
        node = element._r
        if run.change == DELETE:
            for text in node.findall(qn("w:t")):
                text.tag = qn("w:delText")
        if run.change != EQUAL:
            mark = self.revision_mark("w:ins" if run.change == INSERT else "w:del")
            node.addprevious(mark)
            mark.append(node)
            node = mark
        if run.link:
            element.style = self._link_style()
            hyperlink = OxmlElement("w:hyperlink")
            rid = paragraph.part.relate_to(run.link, RT.HYPERLINK, is_external=True)
            hyperlink.set(qn("r:id"), rid)
            node.addprevious(hyperlink)
            hyperlink.append(node)

    def revision_mark(self, tag: str) -> Any:
        """A ``w:ins`` or ``w:del`` by policygen on the release date, with the next id."""
        assert self.meta.changed is not None, "a tracked change needs a date"
        self.revision += 1
        mark = OxmlElement(tag)
        mark.set(qn("w:id"), str(self.revision))
        mark.set(qn("w:author"), AUTHOR)
        mark.set(qn("w:date"), f"{self.meta.changed.isoformat()}T00:00:00Z")
        return mark

    def item(self, block: Block) -> None:
        depth = min(block.level, 2)
        if block.kind == "more":
            style = "List Continue" if depth == 0 else f"List Continue {depth + 1}"
            self.runs(self.document.add_paragraph(style=style), block.runs)
            return
        base = "List Number" if block.ordered else "List Bullet"
        style = base if depth == 0 else f"{base} {depth + 1}"
        paragraph = self.document.add_paragraph(style=style)
        if block.ordered:
            _number(paragraph, self._restart(block, style))
        self.runs(paragraph, block.runs)

    def _restart(self, block: Block, style: str) -> int:
        """A numbering instance per ordered list, so each one counts from its own start."""
        if block.list_id not in self.numbers:
            numbering = self.document.part.numbering_part.element
            abstract = _abstract_of(self.document, numbering, style)
            num = numbering.add_num(abstract)
            override = num.add_lvlOverride(ilvl=0)
            override.add_startOverride(block.start)
            self.numbers[block.list_id] = int(num.numId)
        return self.numbers[block.list_id]

    def table(self, block: Block) -> None:
        columns = max((len(row) for row in block.rows), default=0)
        table = self.document.add_table(rows=len(block.rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                heading = block.header and r == 0
                self.runs(paragraph, [_bolder(run) if heading else run for run in cell])
            if len(row) > 1 and not any(plain(cell).strip() for cell in row[1:]):
                table.rows[r].height = Inches(0.4)  # a blank to fill in: room to sign or write
            changes = {run.change for cell in row for run in cell}
            if len(changes) == 1 and EQUAL not in changes:  # a whole row added or removed
                trpr = table.rows[r]._tr.get_or_add_trPr()
                trpr.append(self.revision_mark("w:ins" if INSERT in changes else "w:del"))
        if block.header and block.rows:
            trpr = table.rows[0]._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))
        self.document.add_paragraph()  # Word needs a paragraph between neighbouring tables

    def contents(self, block: Block) -> None:
        """A TOC field over headings 1-2, shown until Word updates it as the Markdown's list."""
        self.runs(self.document.add_paragraph(style="TOC Heading"), block.runs)
        texts = numbered(block.entries)
        for index, (text, entry) in enumerate(zip(texts, block.entries, strict=True)):
            style = "toc 2" if entry.level > 0 else "toc 1"
            paragraph = self.document.add_paragraph(style=self._toc_style(style))
            if index == 0:
                _field_start(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
            paragraph.add_run(text)
            if index == len(texts) - 1:
                _field_end(paragraph)

    def _toc_style(self, name: str) -> Any:
        styles = self.document.styles
        if name not in [s.name for s in styles]:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.space_after = Pt(3)
            style.paragraph_format.left_indent = Pt(0 if name.endswith("1") else 14)
        return styles[name]

    def _link_style(self) -> Any:
        styles = self.document.styles
        if "Hyperlink" not in [s.name for s in styles]:
            style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            style.font.color.rgb = LINK
            style.font.underline = True
        return styles["Hyperlink"]


def _is_title(block: Block) -> bool:
    return block.kind == "heading" and block.level == 1


def xml_text(text: str) -> str:
    """Text XML can hold: characters it cannot (a YAML escape can make them) become U+FFFD."""
    return _XML_UNSAFE.sub("\ufffd", text)


def _bolder(run: Run) -> Run:
    return Run(run.text, True, run.italic, run.code, run.link, run.change)


def _abstract_of(document: Any, numbering: Any, style: str) -> int:
    """The abstract numbering definition a list style points at."""
    num_id = document.styles[style].element.pPr.numPr.numId.val
    return int(numbering.num_having_numId(num_id).abstractNumId.val)


def _number(paragraph: Paragraph, num_id: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0  # each depth has its own style and numbering
    numpr.get_or_add_numId().val = num_id


def _field_start(paragraph: Paragraph, instruction: str) -> None:
    _fld_char(paragraph, "begin", dirty=True)
    run = paragraph.add_run()._r
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    _fld_char(paragraph, "separate")


def _field_end(paragraph: Paragraph) -> None:
    _fld_char(paragraph, "end")


def _fld_char(paragraph: Paragraph, kind: str, *, dirty: bool = False) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")  # Word refreshes the field when it opens the file
    paragraph.add_run()._r.append(char)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    _field_start(paragraph, instruction)
    paragraph.add_run(shown)
    _field_end(paragraph)


def _rule(paragraph: Paragraph) -> None:
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "999999")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def _footer(document: Any, meta: WordMeta) -> None:
    section = document.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))  # the PDF's margins, and room for a long footer
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.style.font.size = Pt(8.5)
    width = section.page_width - section.left_margin - section.right_margin
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(xml_text(meta.footer) + "\t")
    before, _, rest = meta.page.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    footer.add_run(before)
    _field(footer, "PAGE", "1")
    footer.add_run(middle)
    _field(footer, "NUMPAGES", "1")
    footer.add_run(after)
    if meta.draft:
        header = section.header.paragraphs[0]
        header.style = document.styles["Header"]
        run = header.add_run(xml_text(meta.draft))
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)


def _styles(document: Any, language: str) -> None:
    """One typeface everywhere, dark ink instead of the template's blue, and the language."""
    styles = document.styles
    for style in styles:
        for fonts in list(style.element.iter(qn("w:rFonts"))):
            fonts.getparent().remove(fonts)
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        if style.font.color.rgb is not None or style.font.color.theme_color is not None:
            style.font.color.rgb = INK
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{key}"), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    styles["Normal"].font.size = Pt(11)
    styles["Title"].font.size = Pt(24)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12)):
        styles[name].font.size = Pt(size)


def _properties(document: Any, meta: WordMeta) -> None:
    """Core properties from the policy, dated by the effective date: no build-time clock."""
    stamp = dt.datetime(meta.day.year, meta.day.month, meta.day.day)
    props = document.core_properties
    props.title = xml_text(meta.title)
    props.author = xml_text(meta.author)
    props.subject = xml_text(meta.subject)
    props.comments = ""
    props.keywords = ""
    props.last_modified_by = AUTHOR
    props.language = meta.language
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _settings(document: Any, *, tracked: bool) -> None:
    """A redline opens with tracking on, so counsel's own edits are tracked as well."""
    settings = document.settings.element
    if tracked:
        track = OxmlElement("w:trackRevisions")
        settings.find(qn("w:proofState")).addnext(track)  # schema order
