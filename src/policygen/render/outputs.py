"""Renderers: ``Policy`` → Markdown, HTML, PDF and Word bytes, and writing them safely.

Only ``render.pdf`` imports WeasyPrint and only ``render.docx`` python-docx, each only when its
format is asked for, so ``--help`` and a Markdown build stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from policygen.document.assemble import Policy
from policygen.errors import RenderError
from policygen.files import writable_folder, write_atomic
from policygen.render.formats import DEFAULT_FORMATS, FORMATS

__all__ = ["DEFAULT_FORMATS", "FORMATS", "render", "render_all", "write_outputs"]


def render(policy: Policy, fmt: str) -> bytes:
    """The document in one format, as bytes (nothing written yet)."""
    return render_all(policy, (fmt,))[fmt]


def render_all(policy: Policy, formats: Iterable[str]) -> dict[str, bytes]:
    """Several formats at once: the HTML (and the logo in it) is made once for HTML and PDF.

    Word is made from the Markdown, so it shows the same words.
    """
    wanted = tuple(formats)
    rendered: dict[str, bytes] = {}
    if "md" in wanted or "docx" in wanted:
        from policygen.render.markdown import render_markdown

        markdown = render_markdown(policy)
        rendered["md"] = markdown.encode("utf-8")
        if "docx" in wanted:
            from policygen.render.word import policy_docx

            rendered["docx"] = policy_docx(policy, markdown)
    if "html" in wanted or "pdf" in wanted:
        from policygen.answers.logo import logo_uri
        from policygen.render.html import render_html

        logo = logo_uri(policy.logo)
        html = render_html(policy, logo=logo)
        rendered["html"] = html.encode("utf-8")
        if "pdf" in wanted:
            from policygen.render.pdf import render_pdf

            rendered["pdf"] = render_pdf(html, policy, logo=logo)
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
