"""The sources cited by clauses (``sources.yaml``): one entry per law, case, code or article."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from policygen.errors import LibraryError
from policygen.library.fields import ID_PATTERN, Reader
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
    note: str | None = None


def load_sources(path: Path, known: Mapping[str, Source]) -> dict[str, Source]:
    """Read ``sources.yaml`` into ``known``; an id that is already known is an error."""
    data = load_yaml(path, LibraryError)
    reader = Reader(data, path=path, field="", error=LibraryError)
    merged = dict(known)
    for key in reader.data:
        if not isinstance(key, str) or not ID_PATTERN.match(key):
            raise reader.fail(f"{key!r} is not a valid source id", str(key))
        if key in known:
            raise reader.fail("a source with this id already exists in the built-in library", key)
        sub = reader.child(key)
        sub.only({"title", "issuer", "year", "url", "kind", "note"})
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
            note=sub.optional_string("note"),
        )
    return merged
