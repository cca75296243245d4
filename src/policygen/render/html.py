"""HTML rendering: clause Markdown through markdown-it (raw HTML off) into the page template."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from policygen.answers.logo import logo_uri
from policygen.document.assemble import Policy
from policygen.errors import RenderError
from policygen.library.builtin import content_dir


@cache
def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off: "<script>" in any text becomes visible text, and links with
    # javascript:, vbscript:, file: or data: (except images) are refused by markdown-it itself.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown_to_html(text: str) -> Markup:
    """One clause's Markdown as an HTML fragment (safe to embed unescaped)."""
    return Markup(_markdown().render(text))


def stylesheet() -> str:
    """The print stylesheet, inlined so the HTML file stands alone and builds are identical."""
    path = content_dir("templates") / "policy.css"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise RenderError(f"cannot read the stylesheet ({err.strerror or err})", path=path) from err


def render_html(policy: Policy, *, logo: str | None = None) -> str:
    """The policy as one self-contained HTML page (also the PDF's source)."""
    from policygen.render.common import document_env, prose

    template = document_env("html").get_template("policy.html.j2")
    bodies = {
        clause.number: markdown_to_html(clause.text)
        for section in policy.sections
        for clause in section.clauses
    }
    logo = logo if logo is not None else logo_uri(policy.logo)
    texts = {key: Markup(markdown_to_html(text).strip()) for key, text in prose(policy).items()}
    html = template.render(
        policy=policy, bodies=bodies, css=Markup(stylesheet()), logo=logo, prose=texts
    )
    return html.rstrip("\n") + "\n"
