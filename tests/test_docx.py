"""Word output: read back from its XML and with python-docx, and compared with the Markdown."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

from policygen.answers.file import read_answers
from policygen.document.assemble import Policy, assemble
from policygen.library.loader import Library
from policygen.render.blocks import parse
from policygen.render.common import font_dir
from policygen.render.docx_package import obfuscate
from policygen.render.markdown import render_markdown
from policygen.render.outputs import render_all
from policygen.render.word import policy_docx
from tests.docx_reader import W, markdown_blocks, normal, paragraphs, parts, xml
from tests.helpers import ROOT, load_builtin, mini_answers, run

ORG = "Northside Family Services"
EXAMPLES = sorted((ROOT / "examples").glob("*/policy.yaml"))


@pytest.fixture(scope="module")
def policy(mini_library: Library) -> Policy:
    answers = mini_answers(
        mini_library,
        organization={"name": ORG, "hosts_students": True},
        policy={"owner": "Clinical Director", "approved_by": "Board of Directors"},
    )
    return assemble(mini_library, answers, Path("policy.yaml"))


@pytest.fixture(scope="module")
def built(policy: Policy) -> bytes:
    return policy_docx(policy, render_markdown(policy))


def style_name(paragraph: Paragraph) -> str:
    return paragraph.style.name or "" if paragraph.style is not None else ""


def body_texts(data: bytes) -> list[str]:
    """What a reader sees in the body, the table of contents' shown entries left out."""
    return [normal(p.text) for p in paragraphs(data) if not p.in_field and normal(p.text)]


def without_contents(markdown: str, data: bytes) -> list[str]:
    """The Markdown's blocks minus the list the Word file shows as a contents field."""
    heading = next(p.text for p in paragraphs(data) if p.style == "TOCHeading")
    blocks = markdown_blocks(markdown)
    start = blocks.index(heading) + 1
    entries = [p for p in paragraphs(data) if p.in_field]
    return blocks[:start] + blocks[start + len(entries) :]


# --- the words --------------------------------------------------------------------------------


def test_text_round_trip_matches_the_markdown(policy: Policy, built: bytes) -> None:
    markdown = render_markdown(policy)
    assert body_texts(built) == without_contents(markdown, built)
    assert f"{ORG}" in body_texts(built)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.parent.name)
def test_every_example_round_trips(example: Path) -> None:
    library = load_builtin()
    policy = assemble(library, read_answers(example), example)
    markdown = render_markdown(policy)
    data = policy_docx(policy, markdown)
    assert body_texts(data) == without_contents(markdown, data)


def test_round_trip_notices_a_lost_paragraph(policy: Policy) -> None:
    # Planted: one clause paragraph dropped from the blocks; the comparison must see it.
    markdown = render_markdown(policy)
    blocks = parse(markdown)
    victim = next(i for i, b in enumerate(blocks) if b.text.startswith("Only the communications"))
    from policygen.render.word import word_file

    data = word_file(blocks[:victim] + blocks[victim + 1 :], policy)
    assert body_texts(data) != without_contents(markdown, data)


# --- Word structure ---------------------------------------------------------------------------


def test_real_heading_and_list_styles(policy: Policy, built: bytes) -> None:
    document = docx.Document(io.BytesIO(built))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(style_name(paragraph), []).append(paragraph.text)
    assert by_style["Title"] == [policy.title]
    sections = [f"{s.number}. {s.title}" for s in policy.sections]
    clauses = [f"{c.number} {c.title}" for s in policy.sections for c in s.clauses]
    n = len(policy.sections)
    assert by_style["Heading 1"] == [
        "About this policy",
        *sections,
        f"{n + 1}. Revision history",
        f"{n + 2}. References",
    ]
    assert by_style["Heading 2"] == clauses
    assert by_style["TOC Heading"] == ["Contents"]
    assert "The director speaks for the agency." in by_style["List Bullet"]
    assert any(
        text.startswith("National Association of Social Workers")
        for text in by_style["List Number"]
    )


def test_ordered_lists_restart_their_numbers(policy: Policy) -> None:
    markdown = render_markdown(policy) + "\n1. first\n2. second\n\nBetween.\n\n1. again\n"
    document = docx.Document(io.BytesIO(policy_docx(policy, markdown)))
    numbered = [p for p in document.paragraphs if style_name(p) == "List Number"]
    ids = [int(p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]) for p in numbered]
    # The references, then two more lists: three numbering instances, each starting at 1.
    assert len(set(ids)) == 3
    numbering = document.part.numbering_part.element
    for num_id in set(ids):
        start = numbering.num_having_numId(num_id).find(f"{W}lvlOverride/{W}startOverride")
        assert start is not None and start.get(f"{W}val") == "1"


def test_title_block_is_a_table(policy: Policy, built: bytes) -> None:
    table = docx.Document(io.BytesIO(built)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[:2] == [["Version", policy.version], ["Effective", "December 1, 2026"]]
    assert ["To be approved by", "Board of Directors"] in rows  # a draft: not approved yet


def test_contents_field_lists_the_sections(policy: Policy, built: bytes) -> None:
    instructions = [t.text for t in xml(built).iter(f"{W}instrText")]
    assert instructions == [' TOC \\o "1-2" \\h \\z \\u ']
    begin = next(xml(built).iter(f"{W}fldChar"))
    assert begin.get(f"{W}dirty") == "true"  # Word fills in page numbers when it opens the file
    shown = [p.text for p in paragraphs(built) if p.in_field]
    n = len(policy.sections)
    assert shown == [
        *(f"{s.number}. {s.title}" for s in policy.sections),
        f"{n + 1}. Revision history",
        f"{n + 2}. References",
    ]


def test_footer_has_page_fields(built: bytes) -> None:
    footer = next(name for name in parts(built) if name.startswith("word/footer"))
    root = xml(built, footer)
    assert [t.text for t in root.iter(f"{W}instrText")] == [" PAGE ", " NUMPAGES "]
    (text,) = (p.text for p in paragraphs(built, footer))
    assert text == f"{ORG} · Social Media Policy · Version 1.0\tPage 1 of 1"


def test_links_are_hyperlinks_to_the_sources(policy: Policy, built: bytes) -> None:
    rels = parts(built)["word/_rels/document.xml.rels"].decode("utf-8")
    targets = set(re.findall(r'Target="(https?://[^"]+)"', rels))
    assert targets == {ref.source.url for ref in policy.references}
    assert len(list(xml(built).iter(f"{W}hyperlink"))) == len(policy.references)


# --- the font ---------------------------------------------------------------------------------


def test_one_typeface_everywhere(built: bytes) -> None:
    styles = xml(built, "word/styles.xml")
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts is not None
    assert {fonts.get(f"{W}{k}") for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Atkinson Hyperlegible"
    }
    # No style overrides it (headings used the theme's fonts in python-docx's template).
    assert [f for f in styles.iter(f"{W}rFonts") if f is not fonts] == []


def test_the_typeface_is_embedded(built: bytes) -> None:
    files = parts(built)
    table = xml(built, "word/fontTable.xml")
    font = next(f for f in table if f.get(f"{W}name") == "Atkinson Hyperlegible")
    embeds = {e.tag.removeprefix(W): e for e in font if e.tag.startswith(f"{W}embed")}
    assert set(embeds) == {"embedRegular", "embedBold", "embedItalic", "embedBoldItalic"}
    rels = files["word/_rels/fontTable.xml.rels"].decode("utf-8")
    regular = embeds["embedRegular"]
    rid = regular.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels)
    assert target is not None
    blob = files[f"word/{target.group(1)}"]
    original = (font_dir() / "AtkinsonHyperlegible-Regular.ttf").read_bytes()
    assert blob != original  # obfuscated, as the format requires
    assert obfuscate(blob, str(regular.get(f"{W}fontKey"))) == original
    assert b"<w:embedTrueTypeFonts/>" in files["word/settings.xml"]


# --- determinism ------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(policy: Policy, built: bytes) -> None:
    assert policy_docx(policy, render_markdown(policy)) == built


def test_dates_come_from_the_effective_date(policy: Policy, built: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(built)) as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 12, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(built)).core_properties
    stamp = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    assert (props.created, props.modified, props.last_printed) == (stamp, stamp, stamp)
    assert (props.title, props.author, props.last_modified_by) == (policy.title, ORG, "policygen")
    # Planted: another effective date gives other bytes, so the comparison above can fail.
    later = dataclasses.replace(policy, effective=dt.date(2027, 1, 15))
    assert policy_docx(later, render_markdown(later)) != built


# --- text from users --------------------------------------------------------------------------


def test_hostile_text_stays_literal(mini_library: Library) -> None:
    name = "A&B <script>x</script> *Agency* [click](javascript:alert(1)) \ue000 \ufffe"
    answers = mini_answers(mini_library, organization={"name": name})
    policy = assemble(mini_library, answers, Path("policy.yaml"))
    data = policy_docx(policy, render_markdown(policy))
    texts = body_texts(data)
    literal = name.replace("\ufffe", "\ufffd")  # not a character XML can hold
    assert literal in texts
    assert "javascript" not in parts(data)["word/_rels/document.xml.rels"].decode("utf-8")
    assert not list(xml(data).iter(f"{W}ins"))  # a private-use mark typed in is only text


# --- the command ------------------------------------------------------------------------------


@pytest.mark.usefixtures("mini_builtin")
def test_build_writes_word(here: Path, answers_file: Path) -> None:
    result = run("build", answers_file.name, "-f", "md,docx", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["out/policy.md", "out/policy.docx"]
    data = (here / "out" / "policy.docx").read_bytes()
    markdown = (here / "out" / "policy.md").read_text(encoding="utf-8")
    assert body_texts(data) == without_contents(markdown, data)


def test_render_all_makes_word_from_the_same_markdown(policy: Policy) -> None:
    outputs = render_all(policy, ("docx", "md"))
    assert list(outputs) == ["docx", "md"]
    assert outputs["docx"] == policy_docx(policy, outputs["md"].decode("utf-8"))
