"""Clause Markdown as plain text for a terminal: no ``**``, no backslash escapes.

A terminal shows Markdown literally, so ``**Social media** means`` and an escaped star in a
name read as noise there. Emphasis marks go, escaped characters show as themselves, and links show
their address. Only what clause text uses is handled; anything else passes through unchanged.
"""

from __future__ import annotations

import re

_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w\\*])([*_])(?=\S)(.+?)(?<=[^\s\\])\1(?![\w*])")
_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>&~])")


def plain(markdown: str) -> str:
    """``**Social media** means`` → ``Social media means``; an escaped character as itself."""
    text = _STRONG.sub(r"\2", markdown)
    text = _EMPHASIS.sub(r"\2", text)
    text = _LINK.sub(r"\1 (\2)", text)
    text = _AUTOLINK.sub(r"\1", text)
    return _ESCAPED.sub(r"\1", text)
