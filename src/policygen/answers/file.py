"""The answers file: the source of truth a team keeps in git.

``read_answers`` checks the file's shape (it may be partial, mid-interview); ``write_answers``
writes it atomically in a stable key order so diffs stay small. The ``check_*`` functions judge
one value against its question; ``answers.applicability`` judges the whole file against a library.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from policygen.answers.edit import updated_text
from policygen.answers.meta import AnswerValue, PolicyMeta
from policygen.answers.values import (
    LIST_FIELDS,
    MAX_TEXT,
    check_field,
    check_names,
    check_profile_value,
    check_text,
    check_topic_value,
)
from policygen.errors import AnswersError
from policygen.files import write_atomic
from policygen.library.fields import Reader, type_name
from policygen.library.loader import Library, version_tuple
from policygen.library.profile import GROUPS
from policygen.library.states import LAW_FIELDS
from policygen.library.words import Names
from policygen.safe_yaml import dump_yaml, load_yaml, parse_yaml

# The value checks live in answers.values; importing them from here still works.
__all__ = [
    "FORMAT_VERSION",
    "HISTORY_KEYS",
    "LIST_FIELDS",
    "MAX_TEXT",
    "TOP_KEYS",
    "Answers",
    "HistoryEntry",
    "check_field",
    "check_names",
    "check_profile_value",
    "check_text",
    "check_topic_value",
    "parse_answers",
    "read_answers",
    "recorded_folders",
    "to_data",
    "unknown_state",
    "with_folders",
    "write_answers",
]

FORMAT_VERSION: Final = 1
TOP_KEYS: Final = frozenset(
    {"policygen", "library", "library_folders", "organization", "roles", "contacts"}
    | {"policy", "history", "answers"}
)
HISTORY_KEYS: Final = frozenset(
    {"version", "date", "summary", "library", "fingerprint", "approved_by", "approved"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryEntry:
    """One line of the revision history.

    Attributes:
        library: clause library version the release was made with.
        fingerprint: hash of the organization and topic answers at release time, so a later
            release can tell whether answers changed and find that state in git.
        approved_by: who approved this version; ``approved`` is when.
    """

    version: str
    date: dt.date
    summary: str
    library: str | None = None
    fingerprint: str | None = None
    approved_by: tuple[str, ...] = ()
    approved: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Answers:
    """Everything the user decided; partial while an interview is in progress.

    Attributes:
        library_folders: the agency's clause folders the answers need, as written in the file
            (relative to it), so every command and CI job loads them without ``-L``.
        organization: profile answers, keyed by ``profile.yaml`` field id.
        roles: job titles by role id (``director``, ``communications``...), without article.
        contacts: contact details by id (``crisis``, ``reviews``...), only those asked.
        policy: policy metadata as written (title, version, owner, approved_by, effective,
            review_by); ``meta`` is its typed reading.
        topics: topic id → option value (select), list of values (checkbox), bool or text.
    """

    library: str
    library_folders: tuple[str, ...] = ()
    organization: Mapping[str, AnswerValue] = field(default_factory=dict)
    policy: Mapping[str, AnswerValue] = field(default_factory=dict)
    history: tuple[HistoryEntry, ...] = ()
    topics: Mapping[str, AnswerValue] = field(default_factory=dict)
    roles: Mapping[str, Any] = field(default_factory=dict)
    contacts: Mapping[str, Any] = field(default_factory=dict)
    meta: PolicyMeta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", PolicyMeta.of(self.policy))  # parsed once, here

    def group(self, name: str) -> Mapping[str, Any]:
        """The answers of one profile group (``organization``, ``roles``, ``policy``...)."""
        groups = {
            "organization": self.organization,
            "roles": self.roles,
            "policy": self.policy,
            "contacts": self.contacts,
        }
        return groups[name]

    def with_group(self, name: str, values: Mapping[str, Any]) -> Answers:
        """A copy with one profile group replaced."""
        copy = dict(values)
        if name == "organization":
            return replace(self, organization=copy)
        if name == "roles":
            return replace(self, roles=copy)
        if name == "policy":
            return replace(self, policy=copy)
        if name == "contacts":
            return replace(self, contacts=copy)
        raise KeyError(name)

    def context(self, library: Library) -> dict[str, Any]:
        """Names visible to conditions and clause text.

        ``org``, ``roles``, ``contacts``, ``policy`` and ``answers`` hold the answers, tidied as
        the profile says ("nc" reads as NC, "the PIO" as PIO); ``state`` holds the verified
        facts about the organisation's state. A list of approvers reads as one phrase ("A and
        B") that still knows its names, so ``{{ policy.approved_by | The }}`` gives each its
        article and ``agree`` picks the verb.
        """
        topics = {topic.id: self.topics.get(topic.id) for topic in library.topics}
        groups: dict[str, dict[str, Any]] = {}
        for name in GROUPS:
            specs = {spec.id: spec for spec in library.profile_group(name)}
            groups[name] = {
                key: specs[key].normalized(value) if key in specs else value
                for key, value in self.group(name).items()
            }
            # An unanswered question reads as None, so a condition on it is simply false and
            # the missing answer is reported by name, not as a failed condition.
            groups[name] |= {key: None for key in specs if key not in groups[name]}
        policy = groups["policy"]
        for key in LIST_FIELDS:
            value = policy.get(key)
            if isinstance(value, list | tuple):
                policy[key] = Names(value)
        # A contact not asked still reads as its default, for editions that show every option;
        # the content tests check that the policy itself prints only the contacts asked.
        defaults = {spec.id: spec.default for spec in library.profile_group("contacts")}
        groups["contacts"] = {**defaults, **groups["contacts"]}
        code = groups["organization"].get("state")
        known = library.states.get(code) if isinstance(code, str) else None
        org_type = groups["organization"].get("type")
        state = known.context(org_type) if known else unknown_state(code)
        return {
            "org": groups["organization"],
            "roles": groups["roles"],
            "contacts": groups["contacts"],
            "policy": policy,
            "answers": topics,
            "state": state,
        }


def unknown_state(code: Any) -> dict[str, Any]:
    """``state`` for a code without an entry: its facts are none, so text stays generic."""
    facts: dict[str, Any] = {"code": code, "name": str(code or "")}
    facts.update(dict.fromkeys(LAW_FIELDS))
    return facts


def read_answers(path: Path) -> Answers:
    """Read an answers file, checking its shape but not its completeness."""
    return parse_answers(load_yaml(path, AnswersError), path)


def parse_answers(data: Any, path: Path) -> Answers:
    """Check the shape of parsed answers data; ``path`` names it in errors (may be ``f@rev``)."""
    reader = Reader(data, path=path, field="", error=AnswersError)
    reader.only(set(TOP_KEYS))
    fmt = reader.integer("policygen")
    if fmt != FORMAT_VERSION:
        raise reader.fail(
            f"answers file format {fmt} is not supported (expected {FORMAT_VERSION})", "policygen"
        )
    library = reader.string("library")
    try:
        version_tuple(library)
    except ValueError as err:
        raise reader.fail("expected a library version like 2026.11.0", "library") from err
    folders = []
    for index, item in enumerate(reader.items("library_folders", optional=True)):
        if not isinstance(item, str) or check_text(item):
            raise reader.fail("expected a folder name", f"library_folders[{index}]")
        folders.append(item)
    organization = _mapping(reader, "organization")
    policy = _mapping(reader, "policy")
    for key in ("effective", "review_by"):
        if key in policy:
            policy[key] = _date(policy[key], reader, f"policy.{key}")
    history = []
    for index, item in enumerate(reader.items("history", optional=True)):
        sub = Reader(item, path=path, field=f"history[{index}]", error=AnswersError)
        sub.only(set(HISTORY_KEYS))
        approved = sub.data.get("approved")
        history.append(
            HistoryEntry(
                version=_version(sub),
                date=_date(sub.required("date"), sub, sub.at("date")),
                summary=sub.string("summary", one_line=True),
                library=sub.optional_string("library"),
                fingerprint=sub.optional_string("fingerprint"),
                approved_by=_names(sub, "approved_by"),
                approved=None if approved is None else _date(approved, sub, sub.at("approved")),
            )
        )
    return Answers(
        library=library,
        library_folders=tuple(folders),
        organization=organization,
        roles=_mapping(reader, "roles"),
        contacts=_mapping(reader, "contacts"),
        policy=policy,
        history=tuple(history),
        topics=_mapping(reader, "answers"),
    )


def recorded_folders(path: Path) -> tuple[Path, ...]:
    """The clause folders an answers file records, resolved against the file's folder."""
    return tuple(path.parent / folder for folder in read_answers(path).library_folders)


def with_folders(answers: Answers, path: Path, folders: Sequence[Path]) -> Answers:
    """Record ``folders`` (as given on the command line) relative to the answers file."""
    known = {(path.parent / f).resolve() for f in answers.library_folders}
    added = [
        os.path.relpath(folder.resolve(), path.parent.resolve())
        for folder in folders
        if folder.resolve() not in known
    ]
    if not added:
        return answers
    return replace(answers, library_folders=(*answers.library_folders, *dict.fromkeys(added)))


def to_data(answers: Answers) -> dict[str, Any]:
    """The answers as YAML-ready data, in a stable order."""
    data: dict[str, Any] = {
        "policygen": FORMAT_VERSION,
        "library": answers.library,
        **({"library_folders": list(answers.library_folders)} if answers.library_folders else {}),
        "organization": dict(answers.organization),
    }
    if answers.roles:
        data["roles"] = dict(answers.roles)
    if answers.contacts:
        data["contacts"] = dict(answers.contacts)
    data["policy"] = dict(answers.policy)
    data["history"] = [_entry_data(entry) for entry in answers.history]
    data["answers"] = {
        key: (list(value) if isinstance(value, list | tuple) else value)
        for key, value in answers.topics.items()
    }
    return data


def _entry_data(entry: HistoryEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"version": entry.version, "date": entry.date, "summary": entry.summary}
    optional = {
        "library": entry.library,
        "fingerprint": entry.fingerprint,
        "approved_by": list(entry.approved_by) or None,
        "approved": entry.approved,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


def write_answers(path: Path, answers: Answers) -> None:
    """Write the answers file atomically (never half-written, even on Ctrl-C).

    An existing file keeps its comments, key order and layout: only the values that changed
    are rewritten (``answers.edit``). A new file, or one that no longer reads as answers, is
    written afresh in the stable order.
    """
    data = to_data(answers)
    text = updated_text(
        path, data, lambda text: to_data(parse_answers(parse_yaml(text, path, AnswersError), path))
    )
    if text is None:
        header = "# policygen answers file: the source of truth for the policy. Keep it in git.\n"
        text = header + dump_yaml(data)
    write_atomic(path, text, AnswersError)


def _mapping(reader: Reader, key: str) -> dict[str, Any]:
    value = reader.data.get(key)
    if value is None:
        return {}
    sub = Reader(value, path=reader.path, field=key, error=AnswersError)
    for name in sub.data:
        if not isinstance(name, str):
            raise sub.fail(f"keys must be text, found {type_name(name)}", str(name))
    return dict(sub.data)


def _names(reader: Reader, key: str) -> tuple[str, ...]:
    """One name or a list of names (approvers), each one line of text."""
    value = reader.data.get(key)
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value
    problem = check_names(names) if isinstance(names, list) else "expected a name or a list"
    if problem:
        raise reader.fail(problem, key)
    return tuple(str(name).strip() for name in names)


def _version(reader: Reader) -> str:
    value = reader.required("version")
    if not isinstance(value, str):
        raise reader.fail(
            f'write the version in quotes, e.g. "1.0" (found {type_name(value)})', "version"
        )
    return value


def _date(value: Any, reader: Reader, field_path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise AnswersError(
        f"expected a date like 2026-12-01, found {value!r}", path=reader.path, field=field_path
    )
