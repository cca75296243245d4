"""Sandboxed Jinja environments for clause text, conditions and the document templates.

Clause files are data from possibly untrusted folders, so they run in Jinja's sandbox with
``StrictUndefined`` (a misspelt name is an error, never a blank). Answers are never templates:
they are passed in as values, and every value printed into Markdown is escaped so that an
organisation called ``*Acme* <b>`` reads literally in every output format.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_BLOCK_START = re.compile(r"^(\s*)(\d*)([-+=.)])(?=[\s=-]|$)")


class Markdown(str):
    """Text that is already Markdown (a rendered clause): printed as it is, not escaped."""

    __slots__ = ()


def escape_markdown(value: str) -> str:
    """Escape text so a Markdown renderer shows it literally (no emphasis, links or HTML)."""
    text = " ".join(value.split("\n"))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    # A value at the start of a line must not open a list or underline a heading ("1. ", "- ").
    return _MD_BLOCK_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)


def _finalize_markdown(value: Any) -> str:
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape_markdown(str(value))


@cache
def markdown_env() -> SandboxedEnvironment:
    """Environment for clause text and the Markdown document: every value escaped."""
    return SandboxedEnvironment(
        undefined=StrictUndefined,
        finalize=_finalize_markdown,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def expression_env() -> SandboxedEnvironment:
    """Environment for ``when:`` conditions."""
    return SandboxedEnvironment(undefined=StrictUndefined)
