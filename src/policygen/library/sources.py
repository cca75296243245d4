"""The sources cited by clauses (``sources.yaml``): one entry per law, case, code or article.

Each entry keeps what a reader sees (title, issuer, year, address and a one-sentence
``summary``) apart from what only the library's maintainers need (``maintainer_note``: how a
fact was verified, what is still unverified, what to re-check). The note is kept in the model
for tools but never rendered. ``when`` limits a source to the documents where it applies, so a
public agency's policy never cites a labor-board case even where a clause shared with private
employers names one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from policygen.errors import LibraryError
from policygen.library.conditions import ALWAYS, Condition, compile_condition
from policygen.library.fields import ID_PATTERN, Reader
from policygen.library.profile import POLICY_BUILTINS, ProfileField
from policygen.safe_yaml import load_yaml

SOURCE_KINDS: Final = (
    "law",
    "regulation",
    "case",
    "ethics-code",
    "standard",
    "guidance",
    "research",
    "article",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One citable source: a law, case, standard or article."""

    id: str
    title: str
    issuer: str
    year: int
    url: str
    kind: str
    summary: str | None = None
    maintainer_note: str | None = None
    when: Condition | None = None

    @property
    def note(self) -> str | None:
        """The reader's sentence; ``note`` was its name before ``summary`` (older templates)."""
        return self.summary

    def applies(self, context: Mapping[str, Any]) -> bool:
        """Whether documents built with this profile and these answers may cite the source."""
        return self.when is None or self.when.holds(context)


def load_sources(
    path: Path, known: Mapping[str, Source], origins: Mapping[str, Path] | None = None
) -> dict[str, Source]:
    """Read ``sources.yaml`` into ``known``; an id that is already known is an error.

    ``origins`` names the ``sources.yaml`` each known id came from, when not the built-in one,
    so a clash between two agency folders names the other file.
    """
    data = load_yaml(path, LibraryError)
    reader = Reader(data, path=path, field="", error=LibraryError)
    merged = dict(known)
    for key in reader.data:
        if not isinstance(key, str) or not ID_PATTERN.match(key):
            raise reader.fail(f"{key!r} is not a valid source id", str(key))
        if key in known:
            where = (origins or {}).get(key)
            other = f"in {where}" if where is not None else "in the built-in library"
            raise reader.fail(f"a source with this id already exists {other}", key)
        sub = reader.child(key)
        sub.only(
            {"title", "issuer", "year", "url", "kind", "summary", "note", "maintainer_note", "when"}
        )
        if "summary" in sub.data and "note" in sub.data:
            raise sub.fail("give summary or its older name note, not both", "note")
        kind = sub.string("kind")
        if kind not in SOURCE_KINDS:
            raise sub.fail(f"{kind!r} is not one of {', '.join(SOURCE_KINDS)}", "kind")
        url = sub.string("url", one_line=True)
        if not url.startswith("https://") and not url.startswith("http://"):
            raise sub.fail("expected an http(s) address", "url")
        merged[key] = Source(
            id=key,
            title=sub.string("title", one_line=True),
            issuer=sub.string("issuer"),
            year=sub.integer("year"),
            url=url,
            kind=kind,
            summary=sub.optional_string("summary") or sub.optional_string("note"),
            maintainer_note=sub.optional_string("maintainer_note"),
            when=_when(sub, path),
        )
    return merged


def _when(sub: Reader, path: Path) -> Condition | None:
    """A source's condition; it may read the profile, never topic answers."""
    raw = sub.data.get("when", ALWAYS)
    condition = compile_condition(raw, path=path, field=sub.at("when"))
    if condition.refs.topics:
        raise sub.fail("a source's condition may read org and policy fields only", "when")
    return None if condition.always else condition


def check_source_conditions(sources: Mapping[str, Source], profile: Sequence[ProfileField]) -> None:
    """A source's ``when`` may read only profile fields the library asks."""
    known = {("org" if f.group == "organization" else f.group, f.id) for f in profile}
    known |= {("policy", name) for name in POLICY_BUILTINS}
    for source in sources.values():
        if source.when is None:
            continue
        for group, name in sorted(source.when.refs.profile - known):
            raise LibraryError(
                f"unknown field {group}.{name} in condition",
                path=source.when.path,
                field=source.when.field,
            )
