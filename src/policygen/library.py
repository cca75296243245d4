"""Load and validate the clause library into frozen dataclasses.

The built-in library ships in the package (``clauses/``); an agency's own folder can be layered
over it with ``--library DIR`` to add topics, replace topics by id, and add sources. Everything is
validated here, once, so the interview and the renderers can trust what they get.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from jinja2 import TemplateError, meta

from policygen.conditions import Condition, compile_condition
from policygen.errors import LibraryError
from policygen.paths import content_dir
from policygen.schema import ID_PATTERN, Reader
from policygen.templating import markdown_env, markdown_problem, refused_construct
from policygen.yamlio import load_yaml

QUESTION_TYPES: Final = ("select", "checkbox", "confirm", "text")
PROFILE_TYPES: Final = ("text", "select", "confirm", "date")
AUDIENCES: Final = ("both", "public", "private")
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
RESERVED_FILES: Final = frozenset({"library.yaml", "profile.yaml", "sources.yaml", "redflags.yaml"})
TEXT_NAMES: Final = frozenset({"org", "policy", "answers", "answer"})
POLICY_BUILTINS: Final = ("title", "version")
VERSION_PATTERN: Final = re.compile(r"^\d+\.\d+\.\d+$")
MAX_OPTIONS: Final = 6
MAX_TEXT_CHARS: Final = 10_000  # one clause text; the longest built-in one has 700


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One choice of a profile ``select`` question."""

    value: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileField:
    """A question about the organisation (``group="organization"``) or the policy itself."""

    group: str
    id: str
    prompt: str
    help: str
    type: str
    default: Any
    choices: tuple[Choice, ...] = ()
    pattern: str | None = None
    pattern_help: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    """One answer to a topic's question, with the clause text it puts in the policy."""

    value: str | bool
    label: str
    text: str
    rationale: str
    sources: tuple[str, ...]
    when: Condition
    renamed_from: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic:
    """One question of the interview and the clause it yields; one file of the library."""

    id: str
    title: str
    section: str
    order: int
    audience: str
    when: Condition
    prompt: str
    help: str
    type: str
    default: Any
    options: tuple[Option, ...]
    intro: str | None
    fixed: str | None
    fixed_sources: tuple[str, ...]
    text: str | None  # text-type topics only
    rationale: str | None
    sources: tuple[str, ...]
    path: Path

    def option(self, value: object) -> Option | None:
        """The option with this stored value, if any."""
        for option in self.options:
            if option.value == value and type(option.value) is type(value):
                return option
        return None

    def available(self, context: Mapping[str, Any]) -> list[Option]:
        """Options whose own ``when`` holds for this organisation."""
        return [option for option in self.options if option.when.holds(context)]

    def default_for(self, context: Mapping[str, Any]) -> Any:
        """The default answer, falling back to the first available option."""
        if self.type == "text":
            return self.default
        values = [option.value for option in self.available(context)]
        if self.type == "checkbox":
            chosen = [value for value in self.default if value in values]
            return chosen or values[:1]
        return self.default if self.default in values else values[0]


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

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, if any."""
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        return None

    def profile_group(self, group: str) -> tuple[ProfileField, ...]:
        """Profile fields of one group, in file order."""
        return tuple(field for field in self.profile if field.group == group)


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
    profile = _profile(base / "profile.yaml")
    sources = _sources(base / "sources.yaml", {})
    files: dict[str, Path] = {path.stem: path for path in _topic_files(base, trusted=True)}
    for folder in extra:
        sources_file = folder / "sources.yaml"
        if _present(sources_file):
            sources = _sources(_inside(sources_file, folder), sources)
        files.update({path.stem: path for path in _topic_files(folder, trusted=False)})
    section_ids = [section.id for section in sections]
    topics = [_topic(path, section_ids, sources) for path in files.values()]
    topics.sort(key=lambda t: (section_ids.index(t.section), t.order, t.id))
    _check_references(topics, profile)
    return Library(
        name=meta_reader.string("name"),
        version=version,
        title=meta_reader.string("title"),
        sections=sections,
        topics=tuple(topics),
        sources=sources,
        profile=profile,
        folders=(base, *extra),
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


def _profile(path: Path) -> tuple[ProfileField, ...]:
    reader = Reader(load_yaml(path, LibraryError), path=path, field="", error=LibraryError)
    reader.only({"organization", "policy"})
    fields: list[ProfileField] = []
    for group in ("organization", "policy"):
        for index, item in enumerate(reader.items(group)):
            sub = Reader(item, path=path, field=f"{group}[{index}]", error=LibraryError)
            sub.only(
                {"id", "prompt", "help", "type", "default", "choices", "pattern", "pattern_help"}
            )
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
            fields.append(
                ProfileField(
                    group=group,
                    id=sub.identifier("id"),
                    prompt=sub.string("prompt", one_line=True),
                    help=sub.string("help", one_line=True),
                    type=kind,
                    default=sub.required("default"),
                    choices=choices,
                    pattern=pattern,
                    pattern_help=sub.optional_string("pattern_help"),
                )
            )
    return tuple(fields)


def _sources(path: Path, known: Mapping[str, Source]) -> dict[str, Source]:
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


def _inside(path: Path, folder: Path) -> Path:
    """Refuse a file that resolves outside its library folder (a symlink pointing away)."""
    try:
        resolved = path.resolve(strict=True)
        resolved.relative_to(folder.resolve(strict=True))
    except FileNotFoundError as err:
        raise LibraryError("file not found (broken link?)", path=path) from err
    except ValueError as err:
        raise LibraryError(
            "links outside the library folder; refusing to read it", path=path
        ) from err
    except RuntimeError as err:  # Python 3.11 reports a link loop this way
        raise LibraryError("link loop; refusing to read it", path=path) from err
    except OSError as err:  # a folder without search permission, a loop (ELOOP) elsewhere
        raise LibraryError(f"cannot read the file ({err.strerror or err})", path=path) from err
    return path


def _present(path: Path) -> bool:
    """Whether anything, even a broken link, is at ``path``; an unsearchable folder is an error."""
    try:
        return path.is_symlink() or path.exists()
    except OSError as err:
        raise LibraryError(
            f"cannot read the folder ({err.strerror or err})", path=path.parent
        ) from err


def _topic_files(folder: Path, *, trusted: bool) -> Iterable[Path]:
    if not _present(folder) or not folder.is_dir():
        what = "built-in clause folder" if trusted else "library folder"
        raise LibraryError(f"{what} not found or not a folder", path=folder)
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        raise LibraryError(f"cannot list the folder ({err.strerror or err})", path=folder) from err
    for path in entries:
        if path.suffix == ".yml":
            raise LibraryError("rename it to .yaml: only .yaml files are read", path=path)
        if path.suffix != ".yaml" or path.name in RESERVED_FILES:
            if not trusted and path.name in RESERVED_FILES - {"sources.yaml"}:
                raise LibraryError(
                    "an added library folder may hold only topics and sources.yaml", path=path
                )
            continue
        if not ID_PATTERN.match(path.stem):
            raise LibraryError("a topic file name must be its id (a-z, 0-9, hyphens)", path=path)
        yield _inside(path, folder)


def _text(reader: Reader, key: str, *, optional: bool = False) -> str | None:
    """A Markdown/Jinja clause text, syntax-checked and restricted to known names."""
    value = reader.optional_string(key) if optional else reader.string(key)
    if value is None:
        return None
    if len(value) > MAX_TEXT_CHARS:
        raise reader.fail(f"longer than {MAX_TEXT_CHARS} characters", key)
    env = markdown_env()
    try:
        tree = env.parse(value)
        refused = refused_construct(tree)
        unknown = set() if refused else meta.find_undeclared_variables(tree) - TEXT_NAMES
    except TemplateError as err:
        line = getattr(err, "lineno", None)
        where = f" (line {line} of the text)" if line else ""
        raise reader.fail(f"template error{where}: {err}", key) from err
    except RecursionError as err:
        raise reader.fail("template nested too deeply", key) from err
    if refused:
        raise reader.fail(
            f"{refused} is not allowed in clause text (use {{{{ org.name }}}}-style values, "
            "simple filters and {% if %})",
            key,
        )
    problem = markdown_problem(value)
    if problem:
        raise reader.fail(f"clause text may not hold {problem}", key)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise reader.fail(f"unknown name {names} (use org, policy, answers)", key)
    if re.search(r"^\s{0,3}#{1,6}\s", value, re.MULTILINE):
        raise reader.fail("headings are not allowed in clause text", key)
    return value


def _topic(path: Path, section_ids: list[str], sources: Mapping[str, Source]) -> Topic:
    reader = Reader(load_yaml(path, LibraryError), path=path, field="", error=LibraryError)
    reader.only(
        {
            "id",
            "title",
            "section",
            "order",
            "audience",
            "when",
            "question",
            "intro",
            "fixed",
            "fixed_sources",
            "options",
            "text",
            "rationale",
            "sources",
        }
    )
    topic_id = reader.identifier("id")
    if topic_id != path.stem:
        raise reader.fail(f"id {topic_id!r} does not match the file name {path.name!r}", "id")
    section = reader.string("section")
    if section not in section_ids:
        raise reader.fail(
            f"unknown section {section!r} (known: {', '.join(section_ids)})", "section"
        )
    audience = reader.string("audience", default="both")
    if audience not in AUDIENCES:
        raise reader.fail(f"{audience!r} is not one of {', '.join(AUDIENCES)}", "audience")
    question = reader.child("question")
    question.only({"prompt", "help", "type", "default"})
    kind = question.string("type")
    if kind not in QUESTION_TYPES:
        raise question.fail(f"{kind!r} is not one of {', '.join(QUESTION_TYPES)}", "type")

    def cited(sub: Reader, key: str, *, optional: bool = False) -> tuple[str, ...]:
        ids = sub.id_list(key, optional=optional)
        if not optional and not ids:
            raise sub.fail("cite at least one source id", key)
        for index, source_id in enumerate(ids):
            if source_id not in sources:
                raise sub.fail(
                    f"unknown source {source_id!r}", sub.at(key).rsplit(".", 1)[-1] + f"[{index}]"
                )
        return ids

    options = _options(reader, kind, cited)
    intro, fixed = _text(reader, "intro", optional=True), _text(reader, "fixed", optional=True)
    fixed_sources = cited(reader, "fixed_sources", optional=True)
    if (intro or fixed) and not fixed_sources:
        raise reader.fail("intro or fixed text needs its own sources", "fixed_sources")
    is_text = kind == "text"
    topic = Topic(
        id=topic_id,
        title=reader.string("title", one_line=True),
        section=section,
        order=reader.integer("order", default=100),
        audience=audience,
        when=compile_condition(reader.data.get("when", "true"), path=path, field="when"),
        prompt=question.string("prompt", one_line=True),
        help=question.string("help", one_line=True),
        type=kind,
        default=question.required("default"),
        options=options,
        intro=intro,
        fixed=fixed,
        fixed_sources=fixed_sources,
        text=_text(reader, "text") if is_text else None,
        rationale=reader.string("rationale") if is_text else None,
        sources=cited(reader, "sources") if is_text else (),
        path=path,
    )
    _check_default(topic, question)
    return topic


def _options(reader: Reader, kind: str, cited: Any) -> tuple[Option, ...]:
    if kind == "text":
        if reader.data.get("options"):
            raise reader.fail("a text question has no options", "options")
        return ()
    items = reader.items("options")
    if not 2 <= len(items) <= MAX_OPTIONS:
        raise reader.fail(f"give 2 to {MAX_OPTIONS} options", "options")
    options = []
    for index, item in enumerate(items):
        sub = Reader(item, path=reader.path, field=f"options[{index}]", error=LibraryError)
        sub.only({"value", "label", "text", "rationale", "sources", "when", "renamed_from"})
        value: str | bool
        if kind == "confirm":
            value = sub.required("value")
            if not isinstance(value, bool):
                raise sub.fail("a confirm option's value is true or false", "value")
        else:
            value = sub.identifier("value")
        text = _text(sub, "text")
        assert text is not None
        options.append(
            Option(
                value=value,
                label=sub.string("label", one_line=True),
                text=text,
                rationale=sub.string("rationale"),
                sources=cited(sub, "sources"),
                when=compile_condition(
                    sub.data.get("when", "true"), path=reader.path, field=sub.at("when")
                ),
                renamed_from=sub.id_list("renamed_from", optional=True),
            )
        )
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        raise reader.fail("option values must be unique", "options")
    if kind == "confirm" and set(values) != {True, False}:
        raise reader.fail("a confirm question has one true and one false option", "options")
    return tuple(options)


def _check_default(topic: Topic, question: Reader) -> None:
    default = topic.default
    values = [option.value for option in topic.options]
    if topic.type == "checkbox":
        ok = isinstance(default, list) and bool(default) and all(v in values for v in default)
    elif topic.type == "text":
        ok = isinstance(default, str)
    elif topic.type == "confirm":
        ok = isinstance(default, bool)
    else:
        ok = isinstance(default, str) and default in values
    if not ok:
        raise question.fail(
            f"{default!r} is not a valid default for a {topic.type} question", "default"
        )


def _check_references(topics: Sequence[Topic], profile: Sequence[ProfileField]) -> None:
    """Conditions may read known profile fields and topics that come earlier in the document."""
    known = {("org", f.id) for f in profile if f.group == "organization"}
    known |= {("policy", f.id) for f in profile if f.group == "policy"}
    known |= {("policy", name) for name in POLICY_BUILTINS}
    position = {topic.id: index for index, topic in enumerate(topics)}
    for index, topic in enumerate(topics):
        for condition in (topic.when, *(option.when for option in topic.options)):
            for group, name in sorted(condition.refs.profile - known):
                raise LibraryError(
                    f"unknown field {group}.{name} in condition",
                    path=topic.path,
                    field=condition.field,
                )
            for ref in sorted(condition.refs.topics):
                if ref not in position:
                    raise LibraryError(
                        f"unknown topic {ref!r} in condition",
                        path=topic.path,
                        field=condition.field,
                    )
                if position[ref] >= index:
                    raise LibraryError(
                        f"condition reads {ref!r}, which is not an earlier topic",
                        path=topic.path,
                        field=condition.field,
                    )
