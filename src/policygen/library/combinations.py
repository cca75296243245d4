"""Which answers go together: fixed text that depends on the option, and declared conflicts.

A topic's ``fixed`` text is normally one Markdown string placed after the chosen option. When a
paragraph is true only for some options (the password manager is mentioned only where logins
are kept in one), ``fixed`` is a list of parts and a part names its ``options``::

    fixed:
      - text: Each official account has one named owner.
      - options: [agency-vault]
        text: The owner then changes every password that person could see.

An option may declare ``conflicts`` with options of another topic: the pair would make the
document contradict itself, so ``check``, ``lint`` and ``build`` refuse an answers file that
chooses both. Either side may declare the conflict; declaring it once is enough::

    conflicts:
      - topic: crisis-content
        values: [notice-only]
        why: the manager answers within a stated time, but notice-only promises no time

Both are data in the topic files, validated here at load time (unknown topics and values are
library errors naming the file and field).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policygen.errors import LibraryError
from policygen.library.fields import Reader

if TYPE_CHECKING:
    from policygen.library.loader import Topic


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedPart:
    """One paragraph group of a topic's fixed text; ``options`` empty means every option."""

    text: str
    options: tuple[str | bool, ...] = ()
    field: str = "fixed"

    def shown_for(self, chosen: Iterable[object]) -> bool:
        """Whether the part belongs in a clause whose chosen option values are ``chosen``."""
        return not self.options or any(value in self.options for value in chosen)


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """Options of another topic that must not be chosen together with the declaring option."""

    topic: str
    values: tuple[str | bool, ...]
    why: str
    field: str


def read_fixed(reader: Reader, text: Callable[[Reader, str], str | None]) -> tuple[FixedPart, ...]:
    """``fixed`` as one string or a list of ``{text, options}`` parts; ``text`` checks a text."""
    raw = reader.data.get("fixed")
    if raw is None:
        return ()
    if isinstance(raw, str):
        value = text(reader, "fixed")
        return (FixedPart(text=value),) if value else ()
    parts = []
    for index, item in enumerate(reader.items("fixed")):
        sub = Reader(item, path=reader.path, field=f"fixed[{index}]", error=LibraryError)
        sub.only({"text", "options"})
        value = text(sub, "text")
        assert value is not None
        options = sub.data.get("options", [])
        if not isinstance(options, list) or not all(isinstance(v, str | bool) for v in options):
            raise sub.fail("expected a list of option values", "options")
        parts.append(FixedPart(text=value, options=tuple(options), field=sub.at("text")))
    if not parts:
        raise reader.fail("give the fixed text, or leave fixed out", "fixed")
    return tuple(parts)


def read_conflicts(sub: Reader) -> tuple[Conflict, ...]:
    """An option's ``conflicts`` list; topic ids and values are checked once all topics load."""
    conflicts = []
    for index, item in enumerate(sub.items("conflicts", optional=True)):
        entry = Reader(
            item, path=sub.path, field=sub.at("conflicts") + f"[{index}]", error=LibraryError
        )
        entry.only({"topic", "values", "why"})
        values = entry.data.get("values")
        if not isinstance(values, list) or not values:
            raise entry.fail("expected a non-empty list of option values", "values")
        conflicts.append(
            Conflict(
                topic=entry.identifier("topic"),
                values=tuple(values),
                why=entry.string("why", one_line=True),
                field=entry.at("topic"),
            )
        )
    return tuple(conflicts)


def check_combinations(topics: Sequence[Topic]) -> None:
    """Fixed parts name options of their own topic; conflicts name another topic's options."""
    by_id = {topic.id: topic for topic in topics}
    for topic in topics:
        own = [option.value for option in topic.options]
        for part in topic.fixed_parts:
            for value in part.options:
                if value not in own:
                    raise LibraryError(
                        f"{value!r} is not an option of this topic",
                        path=topic.path,
                        field=part.field.rsplit(".", 1)[0] + ".options",
                    )
        for option in topic.options:
            for conflict in option.conflicts:
                other = by_id.get(conflict.topic)
                if other is None or other is topic:
                    raise LibraryError(
                        f"unknown topic {conflict.topic!r} (a conflict names another topic)",
                        path=topic.path,
                        field=conflict.field,
                    )
                known = [o.value for o in other.options]
                for value in conflict.values:
                    if value not in known:
                        raise LibraryError(
                            f"{value!r} is not an option of {other.id}",
                            path=topic.path,
                            field=conflict.field.rsplit(".", 1)[0] + ".values",
                        )


def declared_conflicts(
    topics: Sequence[Topic], answers: Mapping[str, Any]
) -> list[tuple[Topic, Any, Conflict]]:
    """Each declared conflict that ``answers`` (topic id to answer) chooses both sides of.

    Returns (declaring topic, its chosen value, conflict); a pair declared on both sides is
    reported once, from the topic that comes first in the document.
    """
    found: list[tuple[Topic, Any, Conflict]] = []
    seen: set[frozenset[str]] = set()
    for topic in topics:
        for value in _chosen(answers.get(topic.id)):
            option = topic.option(value)
            for conflict in option.conflicts if option else ():
                other = _chosen(answers.get(conflict.topic))
                pair = frozenset({topic.id, conflict.topic})
                if pair not in seen and any(v in conflict.values for v in other):
                    seen.add(pair)
                    found.append((topic, value, conflict))
    return found


def _chosen(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
