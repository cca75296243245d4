"""Sandboxed Jinja environments for clause text, conditions and the document templates.

Clause files are data from possibly untrusted folders, so they run in Jinja's sandbox with
``StrictUndefined`` (a misspelt name is an error, never a blank). ``refused_construct`` lets the
library loader accept only values, filters from a short list and ``if``: no loops, calls or
includes, so a hostile clause can neither read a file nor run for ever; ``BoundedSandbox`` keeps
arithmetic to small numbers (Jinja would otherwise fold ``'x' * 10**9`` while compiling, before
the sandbox sees it). Answers are never templates:
they are passed in as values, and every value printed into Markdown is escaped so that an
organisation called ``*Acme* <b>`` reads literally in every output format.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from policygen.library.words import FILTERS as WORD_FILTERS

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_BLOCK_START = re.compile(r"^(\s*)(\d*)([-+=.)])(?=[\s=-]|$)")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_LINK = re.compile(r"^(?:https?://|mailto:|#)", re.IGNORECASE)

SAFE_FILTERS: Final = frozenset(
    {"capitalize", "default", "first", "join", "last", "length", "lower", "title", "trim", "upper"}
    | set(WORD_FILTERS)
)
SAFE_TESTS: Final = frozenset(
    {"defined", "undefined", "none", "true", "false", "boolean", "string", "number", "in"}
    | {"eq", "ne", "==", "!=", "sameas", "sequence", "mapping"}
)
MAX_BITS: Final = 256  # the largest whole number arithmetic in a template may make
_ALLOWED_NODES: Final = (
    nodes.BinExpr,  # bounded by BoundedSandbox.call_binop
    nodes.UnaryExpr,
    nodes.Slice,
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.If,
    nodes.Name,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Const,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.CondExpr,
    nodes.Test,
    nodes.Filter,
    nodes.List,
    nodes.Tuple,
)
_TAGS: Final = {
    nodes.For: "{% for %}",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from ... import %}",
    nodes.Extends: "{% extends %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.With: "{% with %}",
    nodes.Block: "{% block %}",
    nodes.Call: "calling a function or method",
    nodes.Concat: "the ~ operator",
}


class Markdown(str):
    """Text that is already Markdown (a rendered clause): printed as it is, not escaped."""

    __slots__ = ()


def escape_markdown(value: str) -> str:
    """Escape text so a Markdown renderer shows it literally (no emphasis, links or HTML)."""
    text = _LINE_BREAK.sub(" ", value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    # A value at the start of a line must not open a list or underline a heading ("1. ", "- ").
    return _MD_BLOCK_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)


def refused_construct(tree: nodes.Node) -> str | None:
    """What in a parsed clause text or condition goes beyond values, safe filters and ``if``.

    Returns a short description (``"{% include %}"``, ``"the 'format' filter"``) or None when
    everything is allowed. Iterative, so a deeply nested expression cannot exhaust the stack.
    """
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, _ALLOWED_NODES):
            for kind, words in _TAGS.items():
                if isinstance(node, kind):
                    return words
            return f"{{% {type(node).__name__.lower()} %}}"
        if isinstance(node, nodes.Filter | nodes.Test):
            is_filter = isinstance(node, nodes.Filter)
            allowed, what = (SAFE_FILTERS, "filter") if is_filter else (SAFE_TESTS, "test")
            if node.name not in allowed:
                return f"the {node.name!r} {what}"
            if node.kwargs or node.dyn_args or node.dyn_kwargs:
                return f"keyword or * arguments to the {node.name!r} {what}"
            if not all(isinstance(arg, nodes.Const) for arg in node.args):
                return f"an argument to the {node.name!r} {what} that is not a plain value"
        stack.extend(reversed(list(node.iter_child_nodes())))  # report the first in the text
    return None


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with arithmetic that cannot exhaust memory or time.

    Intercepted operators are never folded at compile time (Jinja checks
    ``intercepted_binops``), so ``{{ 'x' * 10**9 }}`` becomes an error at render time, naming
    the clause, instead of a gigabyte string built while the library loads.
    """

    intercepted_binops = frozenset({"*", "**", "%", "//", "/"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Numbers only, and whole numbers of at most ``MAX_BITS`` bits."""
        for value in (left, right):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SecurityError(f"{operator!r} works on numbers only in clause text")
        power = operator == "**" and isinstance(left, int) and isinstance(right, int)
        if power and (right > MAX_BITS or abs(left).bit_length() * max(right, 0) > MAX_BITS):
            raise SecurityError("number too large")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, int) and result.bit_length() > MAX_BITS:
            raise SecurityError("number too large")
        return result


def markdown_problem(text: str) -> str | None:
    """What in clause Markdown could load or run something: raw HTML, an image, an odd link.

    The HTML renderer already drops these, but the Markdown output keeps clause text as it is,
    and whoever reads that file may use a renderer that allows raw HTML and any link.
    """
    if "<" not in text and "[" not in text:
        return None  # raw HTML and autolinks need "<"; links, images and references need "["
    stack = _link_parser().parse(text)[::-1]  # popped in document order, to report the first
    while stack:
        token = stack.pop()
        if token.type in ("html_block", "html_inline"):
            return f"raw HTML ({token.content.strip()[:40]!r}); use Markdown"
        if token.type == "image":
            return "images; a clause is text"
        href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
        if href and not _LINK.match(href):
            return f"the link {href[:60]!r}; links start with https://, http:// or mailto:"
        stack.extend(reversed(token.children or ()))
    return None


@cache
def _link_parser() -> Any:
    """A CommonMark parser that keeps raw HTML and every link, so they can be reported."""
    from markdown_it import MarkdownIt  # only the library loader needs it

    class SeeEveryLink(MarkdownIt):
        def validateLink(self, url: str) -> bool:  # noqa: ARG002 - whatever its scheme
            return True

    return SeeEveryLink("commonmark", {"html": True})


def _finalize_markdown(value: Any) -> str:
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape_markdown(str(value))


@cache
def markdown_env() -> SandboxedEnvironment:
    """Environment for clause text and the Markdown document: every value escaped."""
    env = BoundedSandbox(
        undefined=StrictUndefined,
        finalize=_finalize_markdown,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(WORD_FILTERS)
    return env


@cache
def expression_env() -> SandboxedEnvironment:
    """Environment for ``when:`` conditions."""
    return BoundedSandbox(undefined=StrictUndefined)
