"""Helpers shared by the document templates: template loading and deterministic dates."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Final

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from policygen.document.assemble import Policy
from policygen.errors import RenderError
from policygen.library import compiled
from policygen.library.builtin import content_dir
from policygen.library.compiled import LoaderCode
from policygen.library.templating import Markdown, markdown_env
from policygen.library.words import FILTERS as WORD_FILTERS

MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def font_dir() -> Path:
    """Atkinson Hyperlegible (SIL OFL), shipped by the ``fontpkg-atkinson-hyperlegible`` package.

    The PDF loads it with ``@font-face`` and the Word file embeds it, so both look the same.
    """
    import fontpkg_atkinson_hyperlegible as fonts

    return Path(fonts.__file__).resolve().parent / "files"


def long_date(value: dt.date) -> str:
    """``2026-12-01`` → ``December 1, 2026``; locale-free so builds are identical everywhere."""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def autolink(url: str) -> Markdown:
    """A Markdown autolink; characters that would end or break it are percent-encoded."""
    safe = url.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return Markdown(f"<{safe}>")


@cache
def document_env(kind: str) -> SandboxedEnvironment:
    """Environment for ``templates/policy.<kind>.j2``: Markdown-escaped or HTML-autoescaped."""
    loader = FileSystemLoader(content_dir("templates"))
    code = LoaderCode(kind)  # compiled once, then kept with the library cache
    if kind == "md":
        env = markdown_env().overlay(loader=loader, bytecode_cache=code)
    else:
        env = SandboxedEnvironment(
            loader=loader,
            bytecode_cache=code,
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    env.filters.update(WORD_FILTERS)
    env.filters["longdate"] = long_date
    env.filters["autolink"] = autolink
    return env


def prose(policy: Policy) -> dict[str, Markdown]:
    """The library's document prose for this policy, rendered once as Markdown for every format.

    ``note`` is the closing note: the draft one until the version's approval is recorded.
    """
    env = document_env("md")
    texts = {
        "about": policy.prose["about"],
        "note": policy.prose["draft_note" if policy.draft else "final_note"],
    }
    try:
        return {
            key: Markdown(compiled.template(env, "prose", text).render(policy=policy).strip())
            for key, text in texts.items()
        }
    except TemplateError as err:
        raise RenderError(f"document prose ({err.message or err})", field="prose.yaml") from err
