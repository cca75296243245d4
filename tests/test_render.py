"""Markdown, HTML and PDF output, and the PDF's refusal to fetch anything but its own assets."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policygen.document.assemble import Policy, assemble
from policygen.errors import RenderError
from policygen.library.builtin import content_dir
from policygen.library.loader import Library
from policygen.render.html import render_html
from policygen.render.markdown import render_markdown
from policygen.render.outputs import FORMATS, render, write_outputs
from tests.guard import refuse_sockets
from tests.helpers import mini_answers

ORG = "Northside Family Services"


@pytest.fixture(scope="module")
def policy(mini_library: Library) -> Policy:
    answers = mini_answers(
        mini_library,
        organization={"name": ORG, "hosts_students": True},
        policy={"owner": "Clinical Director", "approved_by": "Board of Directors"},
    )
    return assemble(mini_library, answers, Path("policy.yaml"))


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_title_block(policy: Policy) -> None:
    markdown = render_markdown(policy)
    assert markdown.startswith("**DRAFT: not approved yet.** To be approved by Board of Directors.")
    assert "\n# Social Media Policy\n" in markdown
    assert f"**{ORG}**" in markdown
    assert "| Version | 1.0 |" in markdown
    assert "| Effective | December 1, 2026 |" in markdown
    assert "| Review by | December 1, 2027 |" in markdown
    assert "| Policy owner | Clinical Director |" in markdown
    assert "| To be approved by | Board of Directors |" in markdown


def test_markdown_sections_clauses_and_references(policy: Policy) -> None:
    markdown = render_markdown(policy)
    headings = re.findall(r"^(#{2,3}) (.+)$", markdown, re.MULTILINE)
    assert headings == [
        ("##", "About this policy"),
        ("##", "Contents"),
        ("##", "1. Organization and accounts"),
        ("###", "1.1 Official agency accounts"),
        ("###", "1.2 How official accounts interact"),
        ("###", "1.3 Who speaks for the agency"),
        ("##", "2. Staff and personal accounts"),
        ("###", "2.1 Your rights"),
        ("###", "2.2 Students and interns"),
        ("###", "2.3 Questions about this policy"),
        ("##", "3. Revision history"),
        ("##", "4. References"),
    ]
    assert "*Why:* Leaders speak for the agency. [1, 2]" in markdown
    references = markdown.split("## 4. References", 1)[1]
    assert "1. National Association of Social Workers (2021). *Code of Ethics*." in references
    assert "2. United States Congress (1935)." in references
    assert (
        "<https://www.nlrb.gov/guidance/key-reference-materials/national-labor-relations-act>"
        in (references)
    )


def test_markdown_ends_with_one_newline(policy: Policy) -> None:
    markdown = render_markdown(policy)
    assert markdown.endswith("counsel before you adopt it.\n")
    assert not markdown.endswith("\n\n")


def test_markdown_and_html_are_byte_identical_across_builds(
    policy: Policy, mini_library: Library
) -> None:
    again = assemble(
        mini_library,
        mini_answers(
            mini_library,
            organization={"name": ORG, "hosts_students": True},
            policy={"owner": "Clinical Director", "approved_by": "Board of Directors"},
        ),
        Path("policy.yaml"),
    )
    assert render(policy, "md") == render(again, "md")
    assert render(policy, "html") == render(again, "html")


# --- HTML -----------------------------------------------------------------------------------


def test_html_is_self_contained(policy: Policy, mini_library: Library) -> None:
    html = render_html(policy)
    css = (content_dir("templates") / "policy.css").read_text(encoding="utf-8")
    assert css.strip() in html  # the stylesheet is inlined
    assert '<html lang="en">' in html
    assert "<title>Social Media Policy — Northside Family Services</title>" in html
    for tag in ("<link", "<script", "<img", "<iframe", "@import"):
        assert tag not in html
    assert not re.search(r"\bsrc=", html)
    urls = set(re.findall(r"\b(?:https?|file|ftp|data):[^\s\"'<>)]*", html))
    assert urls, "the references should link their sources"
    assert urls <= {source.url for source in mini_library.sources.values()}
    assert re.findall(r"url\(", html) == []


def test_html_links_resolve_inside_the_page(policy: Policy) -> None:
    html = render_html(policy)
    targets = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert targets
    assert targets <= ids
    assert {"section-1", "clause-2.3", "history", "references", "ref-1", "ref-2"} <= targets


def test_html_sections_and_citations(policy: Policy) -> None:
    html = render_html(policy)
    assert '<h2><span class="num">1.</span> Organization and accounts</h2>' in html
    assert '<h3><span class="num">2.2</span> Students and interns</h3>' in html
    citations = re.findall(r'<span class="cite">(.*?)</span>', html)
    spokes = '[<a href="#ref-1">1</a>, <a href="#ref-2">2</a>]'
    assert citations == [
        '[<a href="#ref-1">1</a>]',
        '[<a href="#ref-1">1</a>]',
        spokes,
        '[<a href="#ref-2">2</a>]',
        '[<a href="#ref-1">1</a>]',
        '[<a href="#ref-1">1</a>]',
    ]
    assert "<li>The director speaks for the agency.</li>" in html  # clause Markdown rendered
    assert html.endswith("</html>\n")


# --- formats and writing --------------------------------------------------------------------


def test_formats() -> None:
    assert FORMATS == ("md", "html", "pdf", "docx")


def test_write_outputs_writes_each_format(policy: Policy, tmp_path: Path) -> None:
    paths = write_outputs(policy, ("md", "html"), tmp_path / "out", "policy")
    assert paths == [tmp_path / "out" / "policy.md", tmp_path / "out" / "policy.html"]
    assert paths[0].read_bytes() == render(policy, "md")
    assert paths[1].read_bytes() == render(policy, "html")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["policy.html", "policy.md"]


def test_a_failed_render_writes_nothing(
    policy: Policy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policygen.render.html as html_module

    def failing(_document: Policy, **_: object) -> str:
        raise RenderError("boom", field="html")

    monkeypatch.setattr(html_module, "render_html", failing)
    with pytest.raises(RenderError):
        write_outputs(policy, ("md", "html"), tmp_path / "out", "policy")
    assert not (tmp_path / "out").exists()


def test_a_folder_in_the_way_of_a_later_output_writes_nothing(
    policy: Policy, tmp_path: Path
) -> None:
    (tmp_path / "out" / "policy.html").mkdir(parents=True)
    with pytest.raises(RenderError) as info:
        write_outputs(policy, ("md", "html"), tmp_path / "out", "policy")
    assert "policy.html: a folder is in the way" in str(info.value)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["policy.html"]


def test_output_folder_is_a_file(policy: Policy, tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(RenderError, match="output folder is a file"):
        write_outputs(policy, ("md",), blocker, "policy")
    assert blocker.read_text(encoding="utf-8") == "x"


# --- PDF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_bytes(policy: Policy) -> bytes:
    return render(policy, "pdf")


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.mark.pdf
def test_pdf_text(pdf_bytes: bytes) -> None:
    assert pdf_bytes.startswith(b"%PDF-")
    pages = pdf_pages(pdf_bytes)
    assert len(pages) >= 2
    text = " ".join(pages)
    assert ORG in pages[0]
    assert "Social Media Policy" in pages[0]
    assert "Clinical Director" in pages[0]
    assert "December 1, 2026" in pages[0]
    for heading in (
        "1. Organization and accounts",
        "1.3 Who speaks for the agency",
        "2. Staff and personal accounts",
        "2.2 Students and interns",
        "3. Revision history",
        "4. References",
    ):
        assert heading in text
    assert "Only the communications lead creates accounts for Northside Family Services." in text
    references = text.split("4. References")[-1]
    assert "National Association of Social Workers (2021). Code of Ethics." in references
    assert "United States Congress (1935). National Labor Relations Act" in references


@pytest.mark.pdf
def test_pdf_page_numbers_and_running_footer(pdf_bytes: bytes) -> None:
    pages = pdf_pages(pdf_bytes)
    total = len(pages)
    # The title page carries no footer (`@page :first`); every later page is numbered.
    assert "Page 1 of" not in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in page
        assert f"{ORG} · Social Media Policy · Version 1.0" in page


@pytest.mark.pdf
def test_pdf_fonts_are_embedded_atkinson_hyperlegible(pdf_bytes: bytes) -> None:
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        resources: Any = page["/Resources"]
        fonts = resources["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            base = str(font["/BaseFont"])
            names.add(base.split("+", 1)[-1])
            assert re.fullmatch(r"/[A-Z]{6}\+Atkinson-Hyperlegible(-\w+)?", base), base
            descendants = font.get("/DescendantFonts")
            holder = descendants[0].get_object() if descendants else font
            descriptor = holder["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, f"{base} not embedded"
    assert {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"} <= names


@pytest.mark.pdf
def test_pdf_metadata(pdf_bytes: bytes) -> None:
    from pypdf import PdfReader

    meta = PdfReader(io.BytesIO(pdf_bytes)).metadata
    assert meta is not None
    assert meta.author == ORG
    assert meta.title is not None and "Social Media Policy" in meta.title


# --- the PDF fetches nothing but its own assets ---------------------------------------------

_OPENED: list[str] | None = None  # while armed, paths opened by this process are recorded


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], str | bytes | Path):
        _OPENED.append(str(args[0] if not isinstance(args[0], bytes) else args[0].decode()))


_HOOKED = False


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    """Every file path Python opens during the test (an audit hook cannot be removed: arm it)."""
    global _OPENED, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED = True
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fail any socket connection; return the addresses that were tried."""
    return refuse_sockets(monkeypatch)


@pytest.fixture
def fetcher() -> Any:
    from policygen.render.common import font_dir
    from policygen.render.pdf import AssetFetcher

    return AssetFetcher([content_dir("templates"), font_dir()])


@pytest.mark.pdf
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://remote-host/share/policy.css",
        "data:text/css,body{color:red}",
        "ftp://example.org/x.css",
    ],
)
def test_fetcher_refuses_and_records(fetcher: Any, url: str, no_network: list[Any]) -> None:
    with pytest.raises(ValueError, match="serves only its own assets"):
        fetcher(url)
    assert fetcher.refused == [url]
    assert no_network == []


@pytest.mark.pdf
def test_fetcher_refuses_escapes_from_its_folders(fetcher: Any) -> None:
    templates = content_dir("templates")
    traversal = templates.as_uri() + "/../../../../../../etc/passwd"
    encoded = templates.as_uri() + "/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd"
    missing = templates.as_uri() + "/no-such-file.css"
    for url in (traversal, encoded, missing, templates.as_uri()):
        with pytest.raises(ValueError):
            fetcher(url)
    assert fetcher.refused == [traversal, encoded, missing, templates.as_uri()]


@pytest.mark.pdf
def test_fetcher_refuses_a_symlink_out_of_an_allowed_folder(tmp_path: Path) -> None:
    from policygen.render.pdf import AssetFetcher

    allowed = tmp_path / "assets"
    allowed.mkdir()
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", encoding="utf-8")
    (allowed / "style.css").symlink_to(secret)
    (allowed / "real.css").write_text("p { margin: 0 }", encoding="utf-8")
    fetcher = AssetFetcher([allowed])
    with pytest.raises(ValueError):
        fetcher((allowed / "style.css").as_uri())
    assert fetcher((allowed / "real.css").as_uri()).read() == b"p { margin: 0 }"
    assert fetcher.refused == [(allowed / "style.css").as_uri()]


@pytest.mark.pdf
def test_fetcher_serves_package_assets(fetcher: Any) -> None:
    from policygen.render.common import font_dir

    css = content_dir("templates") / "policy.css"
    response = fetcher(css.as_uri())
    assert response.read() == css.read_bytes()
    assert response.headers.get_content_type() == "text/css"
    font = font_dir() / "AtkinsonHyperlegible-Regular.ttf"
    assert fetcher(font.as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    assert fetcher.refused == []


@pytest.mark.pdf
def test_real_build_fetches_only_allowed_assets(
    policy: Policy, fetcher: Any, no_network: list[Any]
) -> None:
    from policygen.render.pdf import render_pdf

    data = render_pdf(render_html(policy), policy, fetcher)
    assert data.startswith(b"%PDF-")
    assert fetcher.refused == []
    assert no_network == []


@pytest.mark.pdf
def test_typesetting_leaves_every_object_collectable(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Objects made before typesetting are frozen while WeasyPrint runs, so its collections
    # skip them; they must be thawed after, or a cycle among them would never be freed.
    import gc

    from policygen.render.pdf import render_pdf

    seen: list[int] = []
    gc.callbacks.append(lambda _phase, _info: seen.append(gc.get_freeze_count()))
    try:
        render_pdf(render_html(policy), policy)
    finally:
        gc.callbacks.pop()
    assert max(seen) > 0  # frozen while typesetting
    assert gc.get_freeze_count() == 0
    import weasyprint

    def fail(*_args: Any, **_kwargs: Any) -> None:
        raise ValueError("layout failed")

    monkeypatch.setattr(weasyprint.HTML, "render", fail)
    with pytest.raises(RenderError):
        render_pdf(render_html(policy), policy)
    assert gc.get_freeze_count() == 0


HOSTILE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>hostile</title>
<link rel="stylesheet" href="http://127.0.0.1:9/x.css">
<link rel="stylesheet" href="file:///etc/passwd">
<style>
@import url("https://127.0.0.1:9/y.css");
@font-face { font-family: X; src: url("http://127.0.0.1:9/font.ttf"); }
body { background: url("file:///etc/hostname"); font-family: X; }
</style></head>
<body><p>Hostile page</p>
<img src="file:///etc/passwd" alt="passwd">
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E" alt="data">
<img src="../../../../../../../../etc/group" alt="relative">
<object data="http://127.0.0.1:9/o.svg"></object>
</body></html>
"""


@pytest.mark.pdf
def test_hostile_html_reaches_no_file_and_no_network(
    policy: Policy, fetcher: Any, no_network: list[Any], opened_files: list[str]
) -> None:
    from policygen.render.pdf import render_pdf

    data = render_pdf(HOSTILE_HTML, policy, fetcher)
    assert data.startswith(b"%PDF-")
    assert "Hostile page" in " ".join(pdf_pages(data))
    assert no_network == []
    secrets = ("/etc/passwd", "/etc/hostname", "/etc/group")
    assert not [path for path in opened_files if path.startswith(secrets)]
    refused = set(fetcher.refused)
    for url in (
        "http://127.0.0.1:9/x.css",
        "https://127.0.0.1:9/y.css",
        "http://127.0.0.1:9/font.ttf",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file:///etc/group",
    ):
        assert url in refused, url
    assert any(url.startswith("data:") for url in refused)


@pytest.mark.pdf
def test_audit_guard_notices_a_read(opened_files: list[str], tmp_path: Path) -> None:
    # The guard above is only worth something if it sees ordinary opens.
    target = tmp_path / "seen.txt"
    target.write_text("x", encoding="utf-8")
    target.read_bytes()
    assert str(target) in opened_files
