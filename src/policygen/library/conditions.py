"""``when:`` conditions: sandboxed Jinja expressions over the profile and earlier answers.

A condition is checked twice. At library load, ``references`` parses it and lists the names it
reads, so a typo or a reference to a later topic is a library error naming the file. At
interview and build time, ``Condition.holds`` evaluates it against a ``Context``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, nodes

from policygen.errors import LibraryError
from policygen.library.compiled import expression
from policygen.library.templating import expression_env, refused_construct

ALWAYS = "true"
CONTEXT_NAMES = frozenset({"org", "policy", "answers"})


@dataclass(frozen=True, slots=True, kw_only=True)
class References:
    """What a condition reads: profile fields per group, and topic ids."""

    profile: frozenset[tuple[str, str]] = frozenset()
    topics: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """A compiled ``when:`` expression, remembering where it came from for error messages."""

    source: str
    path: Path
    field: str
    refs: References
    _compiled: Callable[..., Any] | None = dataclass_field(repr=False, compare=False)

    def __reduce__(self) -> tuple[Callable[..., Condition], tuple[str, Path, str, References]]:
        """Pickle the source only (the library cache); compiling waits for the first use."""
        return (_uncompiled, (self.source, self.path, self.field, self.refs))

    @property
    def always(self) -> bool:
        """True for the default condition, which needs no evaluation."""
        return self.source.strip() == ALWAYS

    def holds(self, context: Mapping[str, Any]) -> bool:
        """Evaluate against ``{"org": ..., "policy": ..., "answers": ...}``."""
        if self.always:
            return True
        compiled = self._compiled
        try:
            if compiled is None:  # loaded from the cache: validated when it was stored
                compiled = expression(expression_env(), "condition", self.source)
                object.__setattr__(self, "_compiled", compiled)
            return bool(compiled(**context))
        except TemplateError as err:
            raise LibraryError(
                f"condition failed: {err}", path=self.path, field=self.field
            ) from err
        except (TypeError, ValueError, AttributeError) as err:
            raise LibraryError(
                f"condition failed: {err}", path=self.path, field=self.field
            ) from err


def _always(**_: Any) -> bool:
    return True


def _uncompiled(source: str, path: Path, field: str, refs: References) -> Condition:
    return Condition(source=source, path=path, field=field, refs=refs, _compiled=None)


def compile_condition(source: Any, *, path: Path, field: str) -> Condition:
    """Parse and compile one condition; a syntax error or unknown name is a ``LibraryError``."""
    if isinstance(source, bool):
        source = "true" if source else "false"
    if not isinstance(source, str) or not source.strip():
        raise LibraryError("expected a condition expression (text)", path=path, field=field)
    if "\n" in source.strip():
        raise LibraryError("a condition must be a single line", path=path, field=field)
    if source.strip() == ALWAYS:  # the default of every option: nothing to parse or compile
        return Condition(
            source=source, path=path, field=field, refs=References(), _compiled=_always
        )
    env = expression_env()
    try:
        tree = env.parse("{{ (" + source + ") }}")
        refs = _references(tree, path=path, field=field)
        refused = refused_construct(tree)
        if refused:
            raise LibraryError(f"{refused} is not allowed in a condition", path=path, field=field)
        compiled = expression(env, "condition", source)
    except TemplateError as err:
        raise LibraryError(f"invalid condition {source!r}: {err}", path=path, field=field) from err
    except RecursionError as err:
        raise LibraryError("condition nested too deeply", path=path, field=field) from err
    return Condition(source=source, path=path, field=field, refs=refs, _compiled=compiled)


def _references(tree: nodes.Template, *, path: Path, field: str) -> References:
    """Collect ``org.x``, ``policy.x`` and ``answers['id']`` references; reject other names."""
    profile: set[tuple[str, str]] = set()
    topics: set[str] = set()
    for name in tree.find_all(nodes.Name):
        if name.name not in CONTEXT_NAMES:
            raise LibraryError(
                f"unknown name {name.name!r} in condition (use org, policy or answers)",
                path=path,
                field=field,
            )
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        assert isinstance(node, nodes.Getattr | nodes.Getitem)
        target = node.node
        if not isinstance(target, nodes.Name):
            continue
        key: Any
        if isinstance(node, nodes.Getattr):
            key = node.attr
        elif isinstance(node.arg, nodes.Const):
            key = node.arg.value
        else:
            raise LibraryError("use a quoted topic id inside answers[...]", path=path, field=field)
        if target.name == "answers":
            topics.add(str(key))
        else:
            profile.add((target.name, str(key)))
    return References(profile=frozenset(profile), topics=frozenset(topics))
