"""Renderers: ``Policy`` → Markdown, HTML, PDF and Word bytes, and writing them safely.

Only ``render.pdf`` imports WeasyPrint and only ``render.docx`` python-docx, each only when its
format is asked for, so ``--help`` and a Markdown build stay fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from policygen.document.assemble import Policy
from policygen.errors import RenderError
from policygen.files import writable_folder, write_atomic
from policygen.render.formats import DEFAULT_FORMATS, FORMATS

__all__ = ["DEFAULT_FORMATS", "FORMATS", "render", "render_all", "render_pairs", "write_outputs"]


def render(policy: Policy, fmt: str) -> bytes:
    """The document in one format, as bytes (nothing written yet)."""
    return render_all(policy, (fmt,))[fmt]


def render_all(policy: Policy, formats: Iterable[str]) -> dict[str, bytes]:
    """Several formats at once: the HTML (and the logo in it) is made once for HTML and PDF.

    Word is made from the Markdown, so it shows the same words.
    """

    def markdown() -> str:
        from policygen.render.markdown import render_markdown

        return render_markdown(policy)

    def docx(markdown: str) -> bytes:
        from policygen.render.word import policy_docx

        return policy_docx(policy, markdown)

    @cache
    def logo() -> str | None:
        from policygen.answers.logo import logo_uri

        return logo_uri(policy.logo)

    def html() -> str:
        from policygen.render.html import render_html

        return render_html(policy, logo=logo())

    def pdf(html: str) -> bytes:
        from policygen.render.pdf import render_pdf

        return render_pdf(html, policy, logo=logo())

    return render_pairs(tuple(formats), markdown=markdown, docx=docx, html=html, pdf=pdf)


def render_pairs(
    wanted: tuple[str, ...],
    *,
    markdown: Callable[[], str],
    docx: Callable[[str], bytes],
    html: Callable[[], str],
    pdf: Callable[[str], bytes],
) -> dict[str, bytes]:
    """The wanted formats of one document, in the order asked, each made at most once.

    Word is made from the Markdown and the PDF from the HTML, so each pair shows the same words
    and a build asking for both makes the source once; a renderer not asked for is not called
    (nor its heavy library imported).
    """
    rendered: dict[str, bytes] = {}
    if "md" in wanted or "docx" in wanted:
        text = markdown()
        rendered["md"] = text.encode("utf-8")
        if "docx" in wanted:
            rendered["docx"] = docx(text)
    if "html" in wanted or "pdf" in wanted:
        page = html()
        rendered["html"] = page.encode("utf-8")
        if "pdf" in wanted:
            rendered["pdf"] = pdf(page)
    return {fmt: rendered[fmt] for fmt in wanted}


def write_outputs(policy: Policy, formats: Iterable[str], outdir: Path, stem: str) -> list[Path]:
    """Render every format first, then write each atomically: a failure writes nothing."""
    writable_folder(outdir, RenderError)
    outputs = render_all(policy, formats)
    return write_files([(outdir / f"{stem}.{fmt}", data) for fmt, data in outputs.items()])


def write_files(rendered: list[tuple[Path, bytes]]) -> list[Path]:
    """Write already rendered files, each atomically, after checking that none is blocked."""
    for path, _ in rendered:  # checked before the first write, so none is written
        if path.parent.exists() and not path.parent.is_dir():
            raise RenderError("output folder is a file", path=path.parent)
        if path.is_dir():
            raise RenderError("a folder is in the way of this output file", path=path)
    for path, data in rendered:
        write_atomic(path, data, RenderError)
    return [path for path, _ in rendered]
