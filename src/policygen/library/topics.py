"""One topic file: its question and options read and checked into frozen ``Topic`` data.

``library.loader`` reads the library's folders and calls ``read_topic`` for each topic file;
everything a topic file may hold is checked here, so each message names the file and field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from jinja2 import TemplateError, nodes

from policygen.errors import LibraryError
from policygen.library.combinations import (
    Conflict,
    FixedPart,
    read_conflicts,
    read_fixed,
)
from policygen.library.conditions import Condition, compile_condition
from policygen.library.defaults import Default, parse_default
from policygen.library.fields import Reader
from policygen.library.references import attributes
from policygen.library.sources import Source
from policygen.library.templating import markdown_env, markdown_problem, refused_construct
from policygen.safe_yaml import load_yaml

QUESTION_TYPES: Final = ("select", "checkbox", "confirm", "text")
AUDIENCES: Final = ("both", "public", "private")
TEXT_NAMES: Final = frozenset({"org", "roles", "contacts", "state", "policy", "answers", "answer"})
MAX_OPTIONS: Final = 6
MAX_SUMMARY_CHARS: Final = 100  # one line of the one-page staff summary
CLIENT_KEYS: Final = {"client": "en", "client_es": "es"}  # handout text key → language
MAX_TEXT_CHARS: Final = 10_000  # one clause text; the longest built-in one has 700


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
    conflicts: tuple[Conflict, ...] = ()
    summary: str | None = None  # the one-line rule of the staff summary
    posted: str | None = None  # public text to paste (comment rules, review reply, bio notice)
    client: Mapping[str, str] = field(default_factory=dict)  # handout text by language
    no_rule: bool = False  # the option sets no rule; coverage lists the topic as left open


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
    fixed_parts: tuple[FixedPart, ...]
    fixed_sources: tuple[str, ...]
    text: str | None  # text-type topics only
    rationale: str | None
    sources: tuple[str, ...]
    path: Path
    standards: tuple[str, ...] = ()  # clauses/standards.yaml ids the topic answers to
    defaults: Default | None = None  # a default that depends on earlier answers
    refs: frozenset[tuple[str, str, str]] = frozenset()  # ("roles", "director", field) read

    @property
    def fixed(self) -> str | None:
        """All of the fixed text, every option's parts included (for scans and browsing)."""
        return "\n\n".join(part.text for part in self.fixed_parts) or None

    def fixed_for(self, chosen: Sequence[object]) -> list[FixedPart]:
        """The fixed parts that belong after the chosen option values."""
        return [part for part in self.fixed_parts if part.shown_for(chosen)]

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
        """The default answer for this organisation, falling back to the first available option."""
        default = self.default if self.defaults is None else self.defaults.value(context)
        if self.type == "text":
            return default
        values = [option.value for option in self.available(context)]
        if self.type == "checkbox":
            chosen = [value for value in default if value in values]
            return chosen or values[:1]
        return default if default in values else values[0]


def _text(
    reader: Reader,
    key: str,
    *,
    optional: bool = False,
    refs: set[tuple[str, str, str]] | None = None,
) -> str | None:
    """A Markdown/Jinja clause text, syntax-checked and restricted to known names.

    The ``name.attr`` pairs it reads (``roles.director``) are added to ``refs``, so the loader
    can check them against the profile once every file is read.
    """
    value = reader.optional_string(key) if optional else reader.string(key)
    if value is None:
        return None
    if len(value) > MAX_TEXT_CHARS:
        raise reader.fail(f"longer than {MAX_TEXT_CHARS} characters", key)
    env = markdown_env()
    try:
        tree = env.parse(value)
        refused = refused_construct(tree)
        # Without {% set %}, loops or macros (refused above) every name a text reads is a
        # variable from outside, so a walk of the tree finds them; Jinja's own
        # find_undeclared_variables compiles the template and took half the library's load time.
        unknown = set() if refused else {n.name for n in tree.find_all(nodes.Name)} - TEXT_NAMES
        if refs is not None and not refused:
            refs |= {(name, attr, reader.at(key)) for name, attr in attributes(tree)}
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
        raise reader.fail(
            f"unknown name {names} (use org, roles, contacts, state, policy, answers)", key
        )
    if re.search(r"^\s{0,3}#{1,6}\s", value, re.MULTILINE):
        raise reader.fail("headings are not allowed in clause text", key)
    return value


def read_topic(path: Path, section_ids: list[str], sources: Mapping[str, Source]) -> Topic:
    """Read and check one topic file; ``section_ids`` and ``sources`` are what it may name."""
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
            "standards",
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

    refs: set[tuple[str, str, str]] = set()
    options = _options(reader, kind, cited, refs)
    intro = _text(reader, "intro", optional=True, refs=refs)
    fixed = read_fixed(reader, lambda sub, key: _text(sub, key, refs=refs))
    fixed_sources = cited(reader, "fixed_sources", optional=True)
    if (intro or fixed) and not fixed_sources:
        raise reader.fail("intro or fixed text needs its own sources", "fixed_sources")
    is_text = kind == "text"
    defaults = parse_default(question.required("default"), path=path, field="question.default")
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
        default=defaults.fallback,
        defaults=defaults if len(defaults.items) > 1 else None,
        options=options,
        intro=intro,
        fixed_parts=fixed,
        fixed_sources=fixed_sources,
        text=_text(reader, "text", refs=refs) if is_text else None,
        rationale=reader.string("rationale") if is_text else None,
        sources=cited(reader, "sources") if is_text else (),
        path=path,
        standards=reader.id_list("standards", optional=True),
    )
    topic = replace(topic, refs=frozenset(refs))
    _check_default(topic, question)
    return topic


def _summary(reader: Reader, refs: set[tuple[str, str, str]]) -> str | None:
    """The option's rule in one line for the staff summary: clause-style text, kept short."""
    value = _text(reader, "summary", optional=True, refs=refs)
    if value is not None and (len(value) > MAX_SUMMARY_CHARS or "\n" in value.strip()):
        raise reader.fail(f"one line of at most {MAX_SUMMARY_CHARS} characters", "summary")
    return value


def _client(reader: Reader, refs: set[tuple[str, str, str]]) -> dict[str, str]:
    """Client handout text by language; an option with it in one language needs every one."""
    texts = {
        lang: _text(reader, key, optional=True, refs=refs) for key, lang in CLIENT_KEYS.items()
    }
    given = {lang: text for lang, text in texts.items() if text}
    if given and len(given) != len(texts):
        key = next(key for key, lang in CLIENT_KEYS.items() if lang not in given)
        raise reader.fail("client text must be given in every language (client, client_es)", key)
    return given


def _options(
    reader: Reader, kind: str, cited: Any, refs: set[tuple[str, str, str]]
) -> tuple[Option, ...]:
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
        sub.only(
            {"value", "label", "text", "rationale", "sources", "when", "renamed_from", "conflicts"}
            | {"summary", "posted", "no_rule", *CLIENT_KEYS}
        )
        no_rule = sub.data.get("no_rule", False)
        if not isinstance(no_rule, bool):
            raise sub.fail("expected true or false", "no_rule")
        value: str | bool
        if kind == "confirm":
            value = sub.required("value")
            if not isinstance(value, bool):
                raise sub.fail("a confirm option's value is true or false", "value")
        else:
            value = sub.identifier("value")
        text = _text(sub, "text", refs=refs)
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
                conflicts=read_conflicts(sub),
                summary=_summary(sub, refs),
                posted=_text(sub, "posted", optional=True, refs=refs),
                client=_client(sub, refs),
                no_rule=no_rule,
            )
        )
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        raise reader.fail("option values must be unique", "options")
    if kind == "confirm" and set(values) != {True, False}:
        raise reader.fail("a confirm question has one true and one false option", "options")
    return tuple(options)


def _check_default(topic: Topic, question: Reader) -> None:
    values = [option.value for option in topic.options]
    candidates = topic.defaults.candidates if topic.defaults else (topic.default,)
    for default in candidates:
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
