"""Editions other than the policy as Markdown, HTML and PDF, from ``templates/editions/``.

The policy edition keeps its own templates (``render.render_all``); the others share a page
frame (``editions/base.html.j2``), a title block and ``editions.css`` on top of the policy's
stylesheet, so every edition looks like it belongs to the same document family.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Final

from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from policygen.document.editions import Edition, long_date_in
from policygen.errors import RenderError
from policygen.library.builtin import content_dir
from policygen.library.templating import Markdown


def _indent_md(text: str, width: int = 2) -> Markdown:
    """Clause Markdown indented to sit inside a Markdown list item."""
    return Markdown(textwrap.indent(str(text), " " * width))


def _date_in(value: Any, labels: Mapping[str, Any]) -> str:
    return long_date_in(value, labels)


@cache
def edition_env(kind: str) -> SandboxedEnvironment:
    """The document environment of ``kind`` ("md" or "html") with the editions' filters."""
    from policygen.render.common import document_env

    env = document_env(kind).overlay()
    env.filters["date_in"] = _date_in
    env.filters["indent_md"] = _indent_md
    if kind == "html":
        from policygen.render.html import markdown_to_html

        env.filters["markdown"] = markdown_to_html
        env.filters["inline_markdown"] = _inline_html
    return env


def _inline_html(text: str) -> Markup:
    from policygen.render.html import markdown_to_html

    html = str(markdown_to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def _css() -> Markup:
    from policygen.render.html import stylesheet

    path = content_dir("templates") / "editions" / "editions.css"
    try:
        extra = path.read_text(encoding="utf-8")
    except OSError as err:
        raise RenderError(f"cannot read the stylesheet ({err.strerror or err})", path=path) from err
    return Markup(stylesheet() + "\n" + extra)


def render_edition_markdown(ed: Edition) -> str:
    """The edition in Markdown."""
    template = edition_env("md").get_template(f"editions/{ed.name}.md.j2")
    text = template.render(ed=ed, policy=ed.policy, labels=ed.labels)
    return text.strip("\n") + "\n"


# How many pages an edition must fit in print, and how many tighter settings it may try
# (``fit-1`` ... in editions.css) before giving up.
PAGE_LIMITS: Final = {"summary": (1, 3), "client": (1, 4)}


def render_edition_html(ed: Edition, *, logo: str | None = None, fit: int = 0) -> str:
    """The edition as one self-contained HTML page (also the PDF's source).

    ``fit`` (0 = normal) picks a tighter print setting for editions that must fit a page.
    """
    template = edition_env("html").get_template(f"editions/{ed.name}.html.j2")
    html = template.render(
        ed=ed, policy=ed.policy, labels=ed.labels, css=_css(), logo=logo, fit=fit
    )
    return html.rstrip("\n") + "\n"


def render_edition_all(ed: Edition, formats: Iterable[str]) -> dict[str, bytes]:
    """The edition in several formats; Word is made from the Markdown, PDF from the HTML."""
    from policygen.render.outputs import render_pairs

    def docx(markdown: str) -> bytes:
        from policygen.render.word import policy_docx

        return policy_docx(ed.policy, markdown, lang=ed.lang, draft=ed.draft)

    @cache
    def logo() -> str | None:
        from policygen.answers.logo import logo_uri

        return logo_uri(ed.policy.logo)

    def pdf(html: str) -> bytes:
        from policygen.render.pdf import render_pdf

        pages, steps = PAGE_LIMITS.get(ed.name, (None, 0))
        tighter = [render_edition_html(ed, logo=logo(), fit=n) for n in range(1, steps + 1)]
        return render_pdf(html, ed.policy, logo=logo(), max_pages=pages, tighter=tighter)

    return render_pairs(
        tuple(formats),
        markdown=lambda: render_edition_markdown(ed),
        docx=docx,
        html=lambda: render_edition_html(ed, logo=logo()),
        pdf=pdf,
    )
