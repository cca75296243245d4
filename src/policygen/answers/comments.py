"""Values a ``#`` cut short: ``name: Riverbend #1 Counseling`` reads as ``Riverbend``.

In YAML, `` #`` after a plain (unquoted) value starts a comment, so a hand-typed name or a
phone extension (``(612) 555-0100 #4``) loses its end without a word, and the policy prints
the stump. The data cannot show it, only the file's text: the composer gives where each value
ends, and a comment starting on the same line after a plain text value is worth a warning (a
``Finding`` of kind ``cut-by-comment``, worded by the CLI). A quoted value, or a comment on a
line of its own, is what the person meant and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policygen.errors import AnswersError
from policygen.files import read_text
from policygen.findings import Finding
from policygen.safe_yaml import parse_yaml

GROUPS: Final = ("organization", "roles", "contacts", "policy")  # the hand-typed text
_STR: Final = "tag:yaml.org,2002:str"
_COMMENT: Final = re.compile(r"[ \t]+(#[^\n]*)")  # what follows a value on its line
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def cut_by_comment(path: Path) -> list[Finding]:
    """Plain text values in the profile groups followed on their line by a comment.

    The file's text is read once and parsed with every refusal of ``safe_yaml`` before the
    composer sees it, so a hostile file is refused, not composed. Callers have read the file
    already: a file that no longer reads gives no warnings rather than a second error.
    """
    try:
        text = read_text(path, AnswersError)
        parse_yaml(text, path, AnswersError)
        root = yaml.compose(text, Loader=_Loader)
    except (AnswersError, yaml.YAMLError):
        return []
    if not isinstance(root, MappingNode):
        return []
    found = []
    for field, node in _text_values(root):
        match = _COMMENT.match(text, node.end_mark.index)
        if match and node.value:
            facts = {"value": node.value, "comment": match.group(1).rstrip()}
            found.append(Finding(kind="cut-by-comment", path=path, field=field, facts=facts))
    return found


def _text_values(root: MappingNode) -> Iterator[tuple[str, ScalarNode]]:
    """Each plain text scalar in the profile groups, one level of list deep (approvers)."""
    for key, group in root.value:
        if not (isinstance(key, ScalarNode) and key.value in GROUPS):
            continue
        if not isinstance(group, MappingNode):
            continue
        for name, value in group.value:
            if not isinstance(name, ScalarNode):
                continue
            field = f"{key.value}.{name.value}"
            items: list[tuple[str, Node]] = [(field, value)]
            if isinstance(value, SequenceNode):
                items = [(f"{field}[{i}]", item) for i, item in enumerate(value.value)]
            for where, item in items:
                if isinstance(item, ScalarNode) and not item.style and item.tag == _STR:
                    yield where, item
