"""The questions about the organisation, its roles, the policy and its contacts (``profile.yaml``).

Four groups, each landing under its own key of the answers file: ``organization`` (``org.*`` in
conditions and clause text), ``roles`` (job titles, ``roles.*``), ``policy`` and ``contacts``.
Contacts are asked after the topics, and only when their ``when:`` holds, so an organisation is
never asked for a contact no chosen clause prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from policygen.errors import LibraryError
from policygen.library.conditions import ALWAYS, Condition, compile_condition
from policygen.library.defaults import Default, parse_default
from policygen.library.fields import Reader
from policygen.library.words import strip_article
from policygen.safe_yaml import load_yaml

PROFILE_TYPES: Final = ("text", "select", "confirm", "date", "state")
GROUPS: Final = ("organization", "roles", "policy", "contacts")
BEFORE_TOPICS: Final = ("organization", "roles", "policy")  # contacts come after the topics
NORMALIZERS: Final = ("upper", "no-article")
POLICY_BUILTINS: Final = ("title", "version", "logo")  # policy fields that are not asked


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One choice of a profile ``select`` question."""

    value: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileField:
    """A question about the organisation, one of its roles, the policy, or a contact.

    Attributes:
        default: the plain default, or the last of a conditional one; ``defaults`` decides.
        when: whether the question is asked (contacts); always for the other groups.
        normalize: how an answer is tidied as it is typed or read (``upper``, ``no-article``).
        placeholder: the default is an example to replace (the organisation's name, its state,
            a stand-in contact): ``interview --defaults``, ``check``, ``release`` and
            ``approve`` warn while it is left, and ``build --final`` refuses it.
        suggested: the default is a real answer offered as a suggestion (the state): no file
            can tell it from a choice, so only ``interview --defaults``, which takes it unseen,
            warns about it.
        years_from: for ``effective+1y``: (topic id, option value → years), so the answer to
            that topic (the review cadence) sets how far after the effective date it falls.
        needs_number: the answer should hold a phone number (an abuse line that a public reply
            tells people to call): ``check``, ``release`` and ``approve`` warn when it has none.
        renamed_from: (old field id, old value → new value), so ``upgrade`` carries an answer
            given to a question the library has since replaced (``hipaa_covered: true`` →
            ``hipaa: covered``) instead of asking it again.
    """

    group: str
    id: str
    prompt: str
    help: str
    type: str
    default: Any
    defaults: Default | None = None
    choices: tuple[Choice, ...] = ()
    pattern: str | None = None
    pattern_help: str | None = None
    normalize: str | None = None
    when: Condition | None = None
    placeholder: bool = False
    suggested: bool = False
    needs_number: bool = False
    years_from: tuple[str, Mapping[str, int]] | None = None
    renamed_from: tuple[str, Mapping[str, str]] | None = None

    def default_for(self, context: Mapping[str, Any]) -> Any:
        """The default for this organisation (it may depend on earlier answers)."""
        return self.default if self.defaults is None else self.defaults.value(context)

    def holds_example(self, value: Any) -> bool:
        """Whether ``value`` is still this field's example default, to be replaced."""
        return self.placeholder and value == self.default

    def asked(self, context: Mapping[str, Any]) -> bool:
        """Whether this question applies to the organisation described by ``context``."""
        return self.when is None or self.when.holds(context)

    def normalized(self, value: Any) -> Any:
        """The answer as stored and used: "nc" is NC; "the PIO" is PIO; each of a list."""
        if isinstance(value, list):
            return [self.normalized(item) for item in value]
        if not isinstance(value, str) or self.normalize is None:
            return value
        if self.normalize == "upper":
            return value.strip().upper()
        return strip_article(value.strip())


def load_profile(path: Path) -> tuple[ProfileField, ...]:
    """Read ``profile.yaml``: organization, roles, policy and contacts questions, in that order."""
    reader = Reader(load_yaml(path, LibraryError), path=path, field="", error=LibraryError)
    reader.only(set(GROUPS))
    if "organization" not in reader.data or "policy" not in reader.data:
        raise reader.fail("needs the organization and policy groups")
    fields: list[ProfileField] = []
    for group in GROUPS:
        for index, item in enumerate(reader.items(group, optional=group in ("roles", "contacts"))):
            fields.append(_field(item, path=path, group=group, index=index))
    ids = [(field.group, field.id) for field in fields]
    if len(set(ids)) != len(ids):
        raise reader.fail("field ids must be unique within each group")
    if ("policy", "approved_by") not in ids:  # approve records only the approvers it names
        raise reader.fail("needs an approved_by question: who approves each version", "policy")
    return tuple(fields)


def _field(item: Any, *, path: Path, group: str, index: int) -> ProfileField:
    sub = Reader(item, path=path, field=f"{group}[{index}]", error=LibraryError)
    sub.only(
        {"id", "prompt", "help", "type", "default", "choices", "pattern", "pattern_help"}
        | {"normalize", "when", "placeholder", "suggested", "years_from", "renamed_from"}
        | {"needs_number"}
    )
    flags = {key: sub.data.get(key, False) for key in ("placeholder", "suggested", "needs_number")}
    placeholder, suggested = flags["placeholder"], flags["suggested"]
    for key, flag in flags.items():
        if not isinstance(flag, bool):
            raise sub.fail("expected true or false", key)
    kind = sub.string("type")
    if kind not in PROFILE_TYPES:
        raise sub.fail(f"{kind!r} is not one of {', '.join(PROFILE_TYPES)}", "type")
    choices = tuple(
        Choice(value=c.identifier("value"), label=c.string("label", one_line=True))
        for c in (
            Reader(x, path=path, field=sub.at("choices") + f"[{i}]", error=LibraryError)
            for i, x in enumerate(sub.items("choices", optional=True))
        )
    )
    if kind == "select" and len(choices) < 2:
        raise sub.fail("a select needs at least two choices", "choices")
    pattern = sub.optional_string("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as err:
            raise sub.fail(f"invalid pattern: {err}", "pattern") from err
    normalize = sub.optional_string("normalize")
    if normalize is not None and normalize not in NORMALIZERS:
        raise sub.fail(f"{normalize!r} is not one of {', '.join(NORMALIZERS)}", "normalize")
    raw_when = sub.data.get("when")
    if raw_when is not None and group != "contacts":
        raise sub.fail("only contacts may be conditional; other questions are always asked", "when")
    when = (
        None
        if raw_when is None or raw_when == ALWAYS
        else compile_condition(raw_when, path=path, field=sub.at("when"))
    )
    defaults = parse_default(sub.required("default"), path=path, field=sub.at("default"))
    return ProfileField(
        group=group,
        id=sub.identifier("id"),
        prompt=sub.string("prompt", one_line=True),
        help=sub.string("help", one_line=True),
        type=kind,
        default=defaults.fallback,
        defaults=defaults if len(defaults.items) > 1 else None,
        choices=choices,
        pattern=pattern,
        pattern_help=sub.optional_string("pattern_help"),
        normalize=normalize,
        when=when,
        placeholder=placeholder,
        suggested=suggested,
        needs_number=flags["needs_number"],
        years_from=_years_from(sub),
        renamed_from=_renamed_from(sub, choices),
    )


def _years_from(reader: Reader) -> tuple[str, Mapping[str, int]] | None:
    """``years_from: {topic: review-cadence, years: {annual: 1, biennial: 2}}``."""
    if reader.data.get("years_from") is None:
        return None
    sub = reader.child("years_from")
    sub.only({"topic", "years"})
    years = sub.child("years")
    table = {}
    for value, count in years.data.items():
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 10:
            raise years.fail("expected a whole number of years from 1 to 10", str(value))
        table[str(value)] = count
    return sub.identifier("topic"), table


def _renamed_from(
    reader: Reader, choices: tuple[Choice, ...]
) -> tuple[str, Mapping[str, str]] | None:
    """``renamed_from: {field: hipaa_covered, values: {"true": covered, "false": not-covered}}``."""
    if reader.data.get("renamed_from") is None:
        return None
    sub = reader.child("renamed_from")
    sub.only({"field", "values"})
    values = sub.child("values")
    offered = {choice.value for choice in choices}
    table = {}
    for old, new in values.data.items():
        if new not in offered:
            raise values.fail(f"{new!r} is not one of the choices", str(old))
        table[str(old).lower()] = str(new)
    return sub.identifier("field"), table
