"""Property-based tests: random answers files and clause files through the whole pipeline.

Invariants, for anything hypothesis can make:

* load → validate → assemble → render Markdown and HTML ends in a ``PolicygenError`` (one line)
  or in two documents, never in any other exception;
* writing an answers file and reading it back gives the same answers;
* text a user typed appears literally: the Markdown, shown by a permissive Markdown renderer,
  and the HTML both read exactly as typed, with no markup made of it.

The examples are bounded and derandomized (profile below), so the suite stays quick and every
run tries the same cases; ``POLICYGEN_EXAMPLES=1000`` explores further on a developer's machine.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygen.answers.file import Answers, HistoryEntry, read_answers, to_data, write_answers
from policygen.document.assemble import assemble
from policygen.errors import PolicygenError
from policygen.library.loader import Library, load_library
from policygen.render.html import render_html
from policygen.render.markdown import render_markdown
from tests.helpers import MINI, load_mini, mini_answers
from tests.test_hostile import markdown_view, squash, visible_html

settings.register_profile(
    "policygen-properties",
    max_examples=int(os.environ.get("POLICYGEN_EXAMPLES", "50")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BOUNDED = settings.get_profile("policygen-properties")
MINI_LIBRARY = load_mini()

# --- strategies ---------------------------------------------------------------------------

# Whatever YAML can hold, including text with control characters and odd Unicode.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.dates()
    | st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
    | st.sampled_from(["", " ", "yes", "~", "1.0", "2026-13-01", "{{ 7*7 }}", "<b>", "*x*"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3)
    ),
    max_leaves=8,
)
# One line a person could type: no control characters, no surrounding spaces.
typed = (
    st.text(
        st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"))
        | st.sampled_from("*_[]<>#|`\\&!"),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside nested dicts and lists."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


def like(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same kind as ``value``."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, str):
        return typed | st.just(value.upper()) | st.sampled_from(["never", "broadcast", "director"])
    if isinstance(value, dt.date):
        return st.dates()
    if isinstance(value, list):
        return st.permutations(value) | st.just(value[:1])
    return values


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> Any:
    """``base`` with one to three values replaced, removed or added at random paths."""
    data: Any = yaml.safe_load(yaml.safe_dump(base))  # a deep copy
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(data)))
        action = draw(st.sampled_from(["same kind", "same kind", "replace", "delete", "add"]))
        if not path:
            if action == "replace":
                return draw(values)
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if action == "same kind":  # a plausible edit, so that many examples still build
            parent[path[-1]] = draw(like(parent[path[-1]]))
        elif action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(values)
        else:
            parent.append(draw(values))
    return data


def base_answers() -> dict[str, Any]:
    return to_data(mini_answers(MINI_LIBRARY))


def build(library: Library, path: Path) -> tuple[str, str] | PolicygenError:
    """The whole pipeline on one answers file: the two documents, or the error."""
    try:
        policy = assemble(library, read_answers(path), path)
        return render_markdown(policy), render_html(policy)
    except PolicygenError as err:
        assert "\n" not in str(err) and str(err).strip(), repr(str(err))
        return err


def in_folder(action: Callable[[Path], Any]) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        return action(Path(folder))


# --- answers files ------------------------------------------------------------------------


def outcome(result: object) -> str:
    return "error" if isinstance(result, PolicygenError) else "document"


def test_any_answers_data_is_an_error_or_a_document() -> None:
    seen: Counter[str] = Counter()

    @BOUNDED
    @given(data=mutated(base_answers()))
    def check(data: Any) -> None:
        def run(folder: Path) -> None:
            path = folder / "policy.yaml"
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            seen[outcome(build(MINI_LIBRARY, path))] += 1

        in_folder(run)

    check()
    assert seen["document"] and seen["error"], seen  # the mutations reach both ends


def test_any_bytes_are_an_error_or_answers() -> None:
    seen: Counter[str] = Counter()

    @BOUNDED
    @given(raw=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
    def check(raw: bytes) -> None:
        def run(folder: Path) -> None:
            path = folder / "policy.yaml"
            path.write_bytes(b"policygen: 1\nlibrary: 2026.1.0\n" + raw)
            seen[outcome(build(MINI_LIBRARY, path))] += 1

        in_folder(run)

    check()
    assert seen["error"], seen  # random bytes are refused with one line, not a traceback


# --- clause files -------------------------------------------------------------------------

TOPIC = yaml.safe_load((MINI / "official-accounts.yaml").read_text(encoding="utf-8"))
TEXT_TOPIC = yaml.safe_load((MINI / "contact.yaml").read_text(encoding="utf-8"))
FRAGMENTS = [
    "{{", "}}", "{%", "%}", " ", "org.name", "answer", "answers['official-accounts']", "if",
    "else", "endif", "for", "in", "range(9)", "'x'", "*", "**", "9", "|", "join(', ')", "upper",
    "center(99)", "(", ")", "[", "]", "<", ">", "script", "](", "javascript:", "http://x/",
    "!", "#", "\n", "_", "`", "~", ".", "__class__", "include", "'/etc/passwd'", "-", "=",
]  # fmt: skip
clause_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join)


def library_with(folder: Path, topics: dict[str, Any]) -> Library | PolicygenError:
    extra = folder / "lib"
    extra.mkdir()
    for name, topic in topics.items():
        (extra / name).write_text(yaml.safe_dump(topic, allow_unicode=True), encoding="utf-8")
    try:
        return load_library((extra,), base=MINI)
    except PolicygenError as err:
        assert "\n" not in str(err), repr(str(err))
        return err


def build_with_library(topics: dict[str, Any]) -> str:
    """``library error``, ``error`` (building) or ``document``."""

    def run(folder: Path) -> str:
        library = library_with(folder, topics)
        if isinstance(library, PolicygenError):
            return "library error"
        answers = folder / "policy.yaml"
        write_answers(answers, mini_answers(MINI_LIBRARY))
        return outcome(build(library, answers))

    result: str = in_folder(run)
    return result


def test_any_topic_file_is_an_error_or_a_document() -> None:
    seen: Counter[str] = Counter()

    @BOUNDED
    @given(topic=mutated(TOPIC))
    def check(topic: Any) -> None:
        seen[build_with_library({"official-accounts.yaml": topic})] += 1

    check()
    assert seen["document"] and seen["library error"], seen


def test_any_clause_text_is_an_error_or_a_document() -> None:
    seen: Counter[str] = Counter()

    @BOUNDED
    @given(text=clause_texts, default=clause_texts)
    def check(text: str, default: str) -> None:
        topic = dict(TOPIC, options=[dict(TOPIC["options"][0], text=text), TOPIC["options"][1]])
        contact = dict(TEXT_TOPIC, text=default)
        seen[build_with_library({"official-accounts.yaml": topic, "contact.yaml": contact})] += 1

    check()
    assert seen["document"] and seen["library error"], seen


# --- round trip ---------------------------------------------------------------------------

texts = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30)
one_liners = typed
ids = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}\Z")
answer_values = (
    st.booleans() | texts | st.lists(ids, max_size=3) | st.dates() | st.integers() | st.none()
)
history = st.builds(
    HistoryEntry,
    version=one_liners,
    date=st.dates(),
    summary=one_liners,
    library=st.none() | one_liners,
    fingerprint=st.none() | ids,
    approved_by=st.lists(one_liners, max_size=3).map(tuple),
    approved=st.none() | st.dates(),
)
answers_objects = st.builds(
    Answers,
    library=st.from_regex(r"\A20[0-9]{2}\.[0-9]{1,2}\.[0-9]\Z"),
    organization=st.dictionaries(ids, answer_values, max_size=5),
    policy=st.fixed_dictionaries(
        {"effective": st.dates(), "review_by": st.dates()},
        optional={"title": texts, "version": texts, "owner": texts, "approved_by": texts},
    ),
    history=st.lists(history, max_size=3).map(tuple),
    topics=st.dictionaries(ids, answer_values, max_size=6),
)


@BOUNDED
@given(answers=answers_objects)
def test_writing_and_reading_answers_is_identity(answers: Answers) -> None:
    def run(folder: Path) -> None:
        path = folder / "policy.yaml"
        write_answers(path, answers)
        again = read_answers(path)
        assert again == answers
        write_answers(path, again)  # and a second round changes no byte
        assert read_answers(path) == answers

    in_folder(run)


# Text long enough to fold across lines, which it must do where a whole-file dump folds it.
long_texts = st.lists(st.sampled_from(["a", "word", "longer", "x" * 30]), min_size=15).map(" ".join)
new_values = answer_values | long_texts


@st.composite
def edited(draw: st.DrawFn, answers: Answers) -> Answers:
    """``answers`` as a command changes them: values changed, dropped and added in place."""

    def group(values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in values.items():
            action = draw(st.sampled_from(["keep", "keep", "drop", "change"]))
            if action != "drop":
                out[key] = value if action == "keep" else draw(new_values)
            if draw(st.integers(0, 3)) == 0:
                out[draw(ids)] = draw(new_values)
        return out

    entries = list(answers.history)
    if draw(st.booleans()) and entries:
        entries[-1] = replace(entries[-1], approved=draw(st.dates()))
    return replace(
        answers,
        organization=group(dict(answers.organization)),
        policy={**answers.policy, "effective": draw(st.dates()), "owner": draw(texts | long_texts)},
        history=(*entries, *draw(st.lists(history, max_size=2))),
        topics=group(dict(answers.topics)),
    )


@BOUNDED
@given(data=st.data(), before=answers_objects)
def test_rewriting_keeps_a_note_and_writes_what_a_fresh_file_holds(
    data: st.DataObject, before: Answers
) -> None:
    after = data.draw(edited(before))
    header = "# policygen answers file: the source of truth for the policy. Keep it in git.\n"
    note = "# a note typed by hand\n"

    def run(folder: Path) -> None:
        noted, fresh = folder / "noted.yaml", folder / "fresh.yaml"
        write_answers(noted, before)
        noted.write_text(note + noted.read_text(encoding="utf-8"), encoding="utf-8")
        write_answers(noted, after)
        write_answers(fresh, after)
        text = noted.read_text(encoding="utf-8")
        assert text.startswith(note + header)  # the in-place edit was used, not a fresh write
        assert text.removeprefix(note) == fresh.read_text(encoding="utf-8")

    in_folder(run)


# --- typed text shows literally -------------------------------------------------------------


@BOUNDED
@given(name=typed, owner=typed, contact=typed)
def test_typed_text_reads_literally_in_markdown_and_html(
    name: str, owner: str, contact: str
) -> None:
    answers = mini_answers(
        MINI_LIBRARY,
        organization={"name": name},
        policy={"owner": owner},
        topics={"official-accounts": "no-presence", "contact": contact},
    )

    def run(folder: Path) -> None:
        path = folder / "policy.yaml"
        write_answers(path, answers)
        result = build(MINI_LIBRARY, path)
        assert not isinstance(result, PolicygenError), result  # one typed line is always valid
        markdown, html = result
        shown = {
            "Markdown": markdown_view(markdown),
            "HTML": squash(" ".join(visible_html(html).text)),
        }
        for where, text in shown.items():
            # each value starts a clause, follows other words, or stands in a sentence
            assert squash(f"{name} keeps no social-media accounts.") in text, where
            assert squash(f"{owner} owns this policy.") in text, where
            assert squash(f"Ask {contact} if you are unsure") in text, where

    in_folder(run)
