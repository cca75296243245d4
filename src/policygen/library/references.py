"""What clause text, conditions and defaults read, checked against the profile and the topics.

Run once when the library loads, so a misspelt role (``roles.comms``), a contact the profile
does not declare, or a default reading a later answer is an error naming the file and field,
not a blank in a built policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from jinja2 import nodes

from policygen.errors import LibraryError
from policygen.library.profile import POLICY_BUILTINS, ProfileField
from policygen.library.states import LAW_FIELDS

if TYPE_CHECKING:
    from policygen.library.loader import Topic

# Names whose attributes clause text reads, checked against profile.yaml and states.yaml.
CHECKED_NAMES: Final = frozenset({"org", "roles", "contacts", "policy", "state"})


def attributes(tree: nodes.Template) -> set[tuple[str, str]]:
    """``(name, attribute)`` pairs such as ``("roles", "director")`` that a text reads."""
    found: set[tuple[str, str]] = set()
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in CHECKED_NAMES:
            found.add((node.node.name, node.attr))
    return found


def check_references(topics: Sequence[Topic], profile: Sequence[ProfileField]) -> None:
    """Check what conditions, defaults and clause text read against the profile and topics.

    Conditions may read known profile fields and topics that come earlier in the document; a
    topic's default may read the same; a contact's ``when`` may read any topic, since contacts
    are asked after the topics. Clause text may read only the roles, contacts and profile
    fields the profile declares, and the state facts ``states.yaml`` knows.
    """
    known = {("org", f.id) for f in profile if f.group == "organization"}
    known |= {("policy", f.id) for f in profile if f.group == "policy"}
    known |= {("policy", name) for name in POLICY_BUILTINS}
    position = {topic.id: index for index, topic in enumerate(topics)}
    check_profile_conditions(profile, position)
    readable = known | {("roles", f.id) for f in profile if f.group == "roles"}
    readable |= {("contacts", f.id) for f in profile if f.group == "contacts"}
    readable |= {("state", name) for name in ("code", "name", *LAW_FIELDS)}
    for index, topic in enumerate(topics):
        for group, name, where in sorted(topic.refs):
            if (group, name) in readable:
                continue
            what = {"roles": "role", "contacts": "contact"}.get(group, "field")
            declared = sorted(n for g, n in readable if g == group)
            raise LibraryError(
                f"unknown {what} {group}.{name} (known: {', '.join(declared)})",
                path=topic.path,
                field=where,
            )
        conditions = [topic.when, *(option.when for option in topic.options)]
        conditions += topic.defaults.conditions if topic.defaults else ()
        for condition in conditions:
            for group, name in sorted(condition.refs.profile - known):
                raise LibraryError(
                    f"unknown field {group}.{name} in condition",
                    path=topic.path,
                    field=condition.field,
                )
            for ref in sorted(condition.refs.topics):
                check_topic_known(ref, position, topic.path, condition.field)
                if position[ref] >= index:
                    raise LibraryError(
                        f"condition reads {ref!r}, which is not an earlier topic",
                        path=topic.path,
                        field=condition.field,
                    )


def check_topic_known(ref: str, position: Mapping[str, int], path: Path, field: str) -> None:
    """A condition reads only topics the library has (``position``: each topic's place)."""
    if ref not in position:
        raise LibraryError(f"unknown topic {ref!r} in condition", path=path, field=field)


def check_profile_conditions(profile: Sequence[ProfileField], position: Mapping[str, int]) -> None:
    """A profile default reads only earlier answers; a contact's ``when`` may read any topic."""
    groups = {"organization": "org", "policy": "policy"}
    earlier: set[tuple[str, str]] = set()
    for spec in profile:
        conditions = list(spec.defaults.conditions) if spec.defaults else []
        conditions += [spec.when] if spec.when is not None else []
        for condition in conditions:
            for group, name in sorted(condition.refs.profile - earlier):
                raise LibraryError(
                    f"{group}.{name} is not asked before this question",
                    path=condition.path,
                    field=condition.field,
                )
            for ref in sorted(condition.refs.topics):
                check_topic_known(ref, position, condition.path, condition.field)
                if spec.group != "contacts":
                    raise LibraryError(
                        "only contacts, asked after the topics, may read topic answers",
                        path=condition.path,
                        field=condition.field,
                    )
        if spec.group in groups:
            earlier.add((groups[spec.group], spec.id))
