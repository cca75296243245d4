"""Renderers: ``Policy`` → Markdown, HTML and PDF bytes, and writing them safely.

Only ``render.pdf`` imports WeasyPrint, and only when a PDF is asked for, so ``--help`` and a
Markdown build stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Final

from policygen.assemble import Policy
from policygen.errors import RenderError
from policygen.yamlio import write_atomic

FORMATS: Final = ("md", "html", "pdf")


def parse_formats(spec: str) -> tuple[str, ...]:
    """``"md,pdf"`` → ``("md", "pdf")``; an unknown format is a usage error."""
    formats = tuple(dict.fromkeys(part.strip().lower() for part in spec.split(",") if part.strip()))
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise RenderError(
            f"unknown format {', '.join(unknown) or spec!r} (choose from {', '.join(FORMATS)})",
            field="--format",
        )
    return formats


def render(policy: Policy, fmt: str) -> bytes:
    """The document in one format, as bytes (nothing written yet)."""
    if fmt == "md":
        from policygen.render.markdown import render_markdown

        return render_markdown(policy).encode("utf-8")
    from policygen.render.html import render_html

    html = render_html(policy)
    if fmt == "html":
        return html.encode("utf-8")
    from policygen.render.pdf import render_pdf

    return render_pdf(html, policy)


def write_outputs(policy: Policy, formats: Iterable[str], outdir: Path, stem: str) -> list[Path]:
    """Render every format first, then write each atomically: a failure writes nothing."""
    if outdir.exists() and not outdir.is_dir():
        raise RenderError("output folder is a file", path=outdir)
    rendered = [(outdir / f"{stem}.{fmt}", render(policy, fmt)) for fmt in formats]
    for path, _ in rendered:  # checked before the first write, so none is written
        if path.is_dir():
            raise RenderError("a folder is in the way of this output file", path=path)
    for path, data in rendered:
        write_atomic(path, data, RenderError)
    return [path for path, _ in rendered]
