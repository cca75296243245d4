"""Load and validate the clause library into frozen dataclasses.

The built-in library ships in the package (``clauses/``); an agency's own folder can be layered
over it with ``--library DIR`` to add topics, replace topics by id, and add sources. Everything is
validated here, once, so the interview and the renderers can trust what they get.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from policygen.errors import LibraryError
from policygen.library.builtin import content_dir
from policygen.library.combinations import (
    check_combinations,
)
from policygen.library.fields import Reader
from policygen.library.folders import inside, present, topic_files
from policygen.library.profile import ProfileField, load_profile
from policygen.library.prose import RedlineWords, load_prose, load_redline_words
from policygen.library.references import check_references
from policygen.library.sources import Source, check_source_conditions, load_sources
from policygen.library.states import State, load_states
from policygen.library.topics import Option, Topic, read_topic
from policygen.safe_yaml import load_yaml

# Option and Topic live in library.topics (one topic file); importing them from here still works.
__all__ = ["Library", "Option", "Section", "Topic", "load_library", "version_tuple"]

VERSION_PATTERN: Final = re.compile(r"^\d+\.\d+\.\d+$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A numbered section of the document."""

    id: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Library:
    """The whole validated clause library, topics in document order."""

    name: str
    version: str
    title: str
    sections: tuple[Section, ...]
    topics: tuple[Topic, ...]
    sources: Mapping[str, Source]
    profile: tuple[ProfileField, ...]
    folders: tuple[Path, ...]
    states: Mapping[str, State] = field(default_factory=dict)
    prose: Mapping[str, str] = field(default_factory=dict)  # library.prose: About, closing note
    redline: RedlineWords = field(default_factory=dict)  # library.prose: a redline's words
    # Topics by id: checks and comparisons look up every answer, which a scan of the topics
    # made quadratic in the size of the library.
    by_id: Mapping[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {topic.id: topic for topic in reversed(self.topics)}  # the first of an id wins
        object.__setattr__(self, "by_id", by_id)

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, if any."""
        return self.by_id.get(topic_id)

    def likely_topic(self, topic_id: str) -> str | None:
        """The topic a mistyped id most likely meant (``client-conections``), if one is close.

        The cutoff is above difflib's default: ``bereavement-leave`` is an agency's own topic,
        not a misspelling of ``engagement-style``, and a wrong guess misleads.
        """
        from difflib import get_close_matches

        close = get_close_matches(topic_id, [t.id for t in self.topics], n=1, cutoff=0.7)
        return close[0] if close else None

    def profile_group(self, group: str) -> tuple[ProfileField, ...]:
        """Profile fields of one group, in file order."""
        return tuple(field for field in self.profile if field.group == group)

    def profile_field(self, group: str, field_id: str) -> ProfileField | None:
        """The profile question of this group and id, if any."""
        return next((f for f in self.profile if f.group == group and f.id == field_id), None)


def version_tuple(version: str) -> tuple[int, ...]:
    """Sortable form of a library version such as ``2026.11.0``."""
    return tuple(int(part) for part in version.split("."))


def load_library(extra: Sequence[Path] = (), *, base: Path | None = None) -> Library:
    """Load the built-in library (or ``base``), then each extra folder over it, later ones win."""
    base = base or content_dir("clauses")
    meta_reader = Reader(
        load_yaml(base / "library.yaml", LibraryError),
        path=base / "library.yaml",
        field="",
        error=LibraryError,
    )
    meta_reader.only({"name", "version", "title", "sections"})
    version = meta_reader.string("version")
    if not VERSION_PATTERN.match(version):
        raise meta_reader.fail("expected a version like 2026.11.0", "version")
    sections = _sections(meta_reader)
    profile = load_profile(base / "profile.yaml")
    states_file = base / "states.yaml"
    states = load_states(states_file) if present(states_file) else {}
    sources = load_sources(base / "sources.yaml", {})
    files: dict[str, Path] = {path.stem: path for path in topic_files(base, trusted=True)}
    origins: dict[str, Path] = {}  # which agency folder's sources.yaml gave each id
    for folder in extra:
        sources_file = folder / "sources.yaml"
        if present(sources_file):
            checked = inside(sources_file, folder)
            before = set(sources)
            sources = load_sources(checked, sources, origins)
            origins.update({sid: sources_file for sid in sources if sid not in before})
        files.update({path.stem: path for path in topic_files(folder, trusted=False)})
    section_ids = [section.id for section in sections]
    topics = [read_topic(path, section_ids, sources) for path in files.values()]
    topics.sort(key=lambda t: (section_ids.index(t.section), t.order, t.id))
    check_references(topics, profile)
    check_source_conditions(sources, profile)
    check_combinations(topics)
    return Library(
        name=meta_reader.string("name"),
        version=version,
        title=meta_reader.string("title"),
        sections=sections,
        topics=tuple(topics),
        sources=sources,
        profile=profile,
        folders=(base, *extra),
        prose=load_prose(base, extra),
        redline=load_redline_words(base, extra),
        states=states,
    )


def _sections(reader: Reader) -> tuple[Section, ...]:
    sections = []
    for index, item in enumerate(reader.items("sections")):
        sub = Reader(
            item, path=reader.path, field=reader.at("sections") + f"[{index}]", error=LibraryError
        )
        sections.append(Section(id=sub.identifier("id"), title=sub.string("title", one_line=True)))
    ids = [section.id for section in sections]
    if len(set(ids)) != len(ids) or not ids:
        raise reader.fail("section ids must be unique and at least one section given", "sections")
    return tuple(sections)
