r"""Parse and write the project's YAML safely: no aliases, no duplicate keys, bounded size.

Clause folders and answers files travel by email and git, so they are untrusted. The loader is
PyYAML's safe loader with five extra refusals: anchors/aliases (a "billion laughs" file expands
to gigabytes), duplicate keys (the second silently wins otherwise), nesting deeper than
``MAX_DEPTH``, more than ``MAX_NODES`` values (building a value costs far more than reading its
bytes), and text holding control characters or unpaired surrogates (YAML escapes such as
``"\x00"`` or ``"\ud800"`` can write them; they would garble every output or crash the UTF-8
encoder). Every failure is raised as the caller's error class naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from policygen.files import MAX_BYTES, ErrorFactory, read_text

MAX_DEPTH = 40
MAX_NODES = 20_000  # values in one file; the largest built-in file has about 400
# C0 controls other than tab and newline, DEL, C1 controls, and halves of surrogate pairs.
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class _Strictness(yaml.constructor.SafeConstructor):
    """Constructor checks shared by both loaders: no duplicate keys, no impossible dates."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError as err:
                raise yaml.constructor.ConstructorError(
                    None, None, "mapping keys must be plain values", key_node.start_mark
                ) from err
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        """A date such as ``2026-13-01`` matches YAML's pattern but is no date: name the line."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as err:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid date ({err})", node.start_mark
            ) from err


class _StrictLoader(_Strictness, yaml.SafeLoader):
    """Pure-Python safe loader that refuses aliases and deep nesting while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases are not allowed", event.start_mark
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"more than {MAX_NODES:,} values in one file",
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"nesting deeper than {MAX_DEPTH} levels",
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_StrictLoader.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp
)

_CLoader: Any = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:

    class _FastLoader(_Strictness, _CLoader):  # type: ignore[misc]
        """libyaml-backed loader (about ten times faster); events are checked before composing."""

    _FastLoader.add_constructor(  # type: ignore[type-var]
        "tag:yaml.org,2002:timestamp", _FastLoader.construct_yaml_timestamp
    )


def _check_events(text: str) -> None:
    """Refuse aliases and deep nesting from the event stream, before any node is composed.

    libyaml composes recursively in C, so a hostile file must be stopped here, where the
    events arrive one at a time and nothing has been built yet.
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_CLoader):
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases are not allowed", mark
            )
        if isinstance(event, yaml.NodeEvent):  # building values costs far more than parsing
            nodes += 1
            if nodes > MAX_NODES:
                raise yaml.constructor.ConstructorError(
                    None, None, f"more than {MAX_NODES:,} values in one file", mark
                )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.constructor.ConstructorError(
                    None, None, f"nesting deeper than {MAX_DEPTH} levels", mark
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(path: Path, error: ErrorFactory, *, limit: int = MAX_BYTES) -> Any:
    """Parse one YAML file with the strict loader; any problem is one line naming the file."""
    text = read_text(path, error, limit=limit)
    return parse_yaml(text, path, error)


def parse_yaml(text: str, path: Path, error: ErrorFactory) -> Any:
    """Parse YAML text that came from ``path`` (a file or a git revision of it)."""
    loader: Any = None
    try:
        if _CLoader is not None:
            _check_events(text)
            loader = _FastLoader(text)  # type: ignore[call-arg]
        else:
            loader = _StrictLoader(text)
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = err.problem or err.context or "malformed YAML"
        raise error(_with_hint(problem), path=path, field=where) from err
    except yaml.YAMLError as err:
        raise error(f"malformed YAML ({err})", path=path) from err
    except RecursionError as err:
        raise error("nesting is too deep", path=path) from err
    finally:
        if loader is not None:
            loader.dispose()
    _check_text(data, path, error)
    return data


# YAML's words for a few mistakes of hand-editing, and what to do about each in plain words.
_HINTS = {
    "mapping values are not allowed": "if a value holds a colon, put the value in quotes",
}


def _with_hint(problem: str) -> str:
    """The parser's problem, followed by a plain hint when the mistake is a common one."""
    hint = next((hint for start, hint in _HINTS.items() if problem.startswith(start)), None)
    return f"{problem} ({hint})" if hint else problem


def _check_text(data: Any, path: Path, error: ErrorFactory) -> None:
    """Refuse a control character or lone surrogate anywhere in the parsed data, naming the field."""
    if isinstance(data, str) and _BAD_CHAR.search(data):
        _refuse(data, path, "", error)
    stack: list[tuple[str, Any]] = [("", data)] if isinstance(data, dict | list) else []
    while stack:  # depth-first in file order, without recursion; names made only when needed
        field, value = stack.pop()
        mapping = isinstance(value, dict)
        children: list[tuple[str, Any]] = []
        for key, item in value.items() if mapping else enumerate(value):
            if mapping and isinstance(key, str) and _BAD_CHAR.search(key):
                _refuse(key, path, field, error)  # the key itself would garble the message
            if isinstance(item, str) and not _BAD_CHAR.search(item):
                continue
            if isinstance(item, str | dict | list):
                name = (f"{field}.{key}" if field else str(key)) if mapping else f"{field}[{key}]"
                if isinstance(item, str):
                    _refuse(item, path, name, error)
                children.append((name, item))
        stack.extend(reversed(children))


def _refuse(value: str, path: Path, field: str, error: ErrorFactory) -> None:
    bad = _BAD_CHAR.search(value)
    code = ord(bad.group()) if bad else 0
    what = "an unpaired surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    raise error(
        f"text holds {what} (U+{code:04X}); remove it", path=path, field=field or "(top level)"
    )


class _NoAliasDumper(yaml.SafeDumper):
    """Safe dumper that writes a value twice rather than as an anchor and alias.

    The loader above refuses aliases, so the writer must never produce them: the same date
    object in ``policy.effective`` and a history entry would otherwise come out as ``*id001``.
    """

    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 - never alias anything
        return True


def dump_yaml(data: Any, *, width: int = 100) -> str:
    """Serialise data as block-style YAML in the given key order, Unicode kept readable.

    ``width`` is where long text folds; text that will sit ``n`` columns in passes ``100 - n``
    so it folds where it would in a whole file (answers.edit).
    """
    return yaml.dump(
        data,
        Dumper=_NoAliasDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=width,
    )
