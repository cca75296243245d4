"""Clause texts and conditions compiled once per process render exactly as Jinja's own calls.

The compiled code is also kept next to the library cache; a later process that uses it builds
the same bytes, and a tampered code file is never run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

from policygen.library import compiled
from policygen.library.templating import expression_env, markdown_env
from tests.helpers import ROOT

EXAMPLE = ROOT / "examples" / "county-child-welfare" / "policy.yaml"
SOURCES = [
    "We answer within {{ answer }} days.",
    "{% if org.type == 'public' %}As a public employer, {% endif %}{{ org.name }} *acts*.",
    "{{ org.name | upper }} and {{ answer | join(', ') }}\n\n- item\n",
]
CONTEXT: dict[str, Any] = {"org": {"name": "*Acme* <b>", "type": "public"}, "answer": ["a", "b"]}
EXPRESSIONS = ["org.type == 'public'", "answers['x'] in ['a', 'b'] and not org.small", "1 + 2"]
EXPR_CONTEXT: dict[str, Any] = {"org": {"type": "public", "small": False}, "answers": {"x": "b"}}


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Empty process-wide stores, and a list of every source Jinja compiles."""
    monkeypatch.setattr(compiled, "_code", {})
    monkeypatch.setattr(compiled, "_templates", {})
    monkeypatch.setattr(compiled, "_added", False)
    seen: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(source))
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    yield seen


@pytest.mark.parametrize("source", SOURCES)
def test_a_template_renders_as_from_string_does(source: str) -> None:
    env = markdown_env()
    expected = env.from_string(source).render(CONTEXT)
    assert compiled.template(env, "markdown", source).render(CONTEXT) == expected


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_an_expression_evaluates_as_compile_expression_does(source: str) -> None:
    env = expression_env()
    expected = env.compile_expression(source)(**EXPR_CONTEXT)
    assert compiled.expression(env, "condition", source)(**EXPR_CONTEXT) == expected


def test_each_source_is_compiled_once_per_process(fresh: list[str]) -> None:
    env = markdown_env()
    for _ in range(3):
        for source in SOURCES:
            compiled.template(env, "markdown", source).render(CONTEXT)
        compiled.expression(expression_env(), "condition", EXPRESSIONS[0])
    assert len(fresh) == len(SOURCES) + 1


def test_stored_code_is_used_instead_of_compiling(fresh: list[str]) -> None:
    env = markdown_env()
    expected = compiled.template(env, "markdown", SOURCES[1]).render(CONTEXT)
    payload = compiled.dump()
    assert payload is not None
    compiled._code.clear()
    compiled._templates.clear()
    compiled.load(payload)
    assert compiled.template(env, "markdown", SOURCES[1]).render(CONTEXT) == expected
    assert len(fresh) == 1  # the first compile only


@pytest.mark.parametrize("payload", [b"", b"not marshal data", b"\xe9\x00\x00"])
def test_unreadable_stored_code_is_ignored(fresh: list[str], payload: bytes) -> None:
    compiled.load(payload)
    assert compiled.template(markdown_env(), "markdown", SOURCES[0]).render(answer=3)
    assert len(fresh) == 1


BUILD = """
import sys
from jinja2 import Environment
count = []
original = Environment.compile
def counting(self, *args, **kwargs):
    count.append(1)
    return original(self, *args, **kwargs)
Environment.compile = counting
from policygen.cli.app import app
try:
    app(sys.argv[1:])
except SystemExit as exit:
    assert not exit.code, exit.code
sys.stderr.write(f"compiled {len(count)}\\n")
"""


def _build(out: Path, env: dict[str, str]) -> tuple[bytes, int]:
    argv = [sys.executable, "-c", BUILD, "build", str(EXAMPLE), "-f", "md", "-o", str(out)]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    count = int(result.stderr.strip().splitlines()[-1].split()[-1])
    return (out / "policy.md").read_bytes(), count


def test_a_later_process_builds_the_same_bytes_from_stored_code(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("POLICYGEN_NO_CACHE", None)
    first, compiled_first = _build(tmp_path / "first", env)
    second, compiled_second = _build(tmp_path / "second", env)
    uncached, _ = _build(tmp_path / "none", {**env, "POLICYGEN_NO_CACHE": "1"})
    assert len(list((tmp_path / "cache").glob("compiled-*.marshal"))) == 1
    assert first == second == uncached
    assert compiled_second < compiled_first // 4  # only the document templates remain


def test_tampered_stored_code_is_never_run(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("POLICYGEN_NO_CACHE", None)
    expected, _ = _build(tmp_path / "first", env)
    (entry,) = (tmp_path / "cache").glob("compiled-*.marshal")
    data = entry.read_bytes()
    payload = data.partition(b"\n\n")[2]
    words = {word for word in expected.split() if len(word) > 6 and word.isalpha()}
    changed = sorted(word for word in words if word in payload)
    assert changed
    for word in changed:  # still valid marshal data: only the digest can tell
        data = data.replace(word, word.upper())
    entry.write_bytes(data)
    tampered, compiled_again = _build(tmp_path / "second", env)
    assert not [word for word in changed if word.upper() in tampered]
    assert tampered == expected
    assert compiled_again > 0
