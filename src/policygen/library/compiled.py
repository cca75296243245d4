"""Clause texts and conditions compiled once per process, and their code kept with the library.

Jinja turns every template into Python code before it can render it; for the forty-odd clause
texts and conditions of a Markdown build that is most of the time the build takes after the
library is loaded. Compiled code depends only on the source text, the environment (its class and
settings, which are policygen's own code) and the Jinja and Python versions, so:

* within one process each source is compiled once (a batch of a hundred answers files compiles
  each clause text once, not a hundred times);
* the code is kept, marshalled, next to the cached library (``cache.py``) under the same key and
  the same checks (a private folder, a SHA-256 of the payload), so the next process starts with
  it. The key of that file covers policygen's code and the Jinja and Python versions; each entry
  is looked up by the kind of environment and the exact source text, so a changed text simply
  misses and is compiled.
"""

from __future__ import annotations

import marshal
from types import CodeType
from typing import Any

from jinja2 import BytecodeCache, Environment, Template, nodes
from jinja2.bccache import Bucket
from jinja2.environment import TemplateExpression
from jinja2.exceptions import TemplateSyntaxError
from jinja2.parser import Parser

Key = tuple[str, str]  # (kind of environment and use, source text)

_code: dict[Key, CodeType] = {}
_templates: dict[tuple[Environment, str, str], Template] = {}
_added = False  # code compiled in this process that the stored file lacks


def template(env: Environment, kind: str, source: str) -> Template:
    """``env.from_string(source)``, compiled at most once per process (and per cache entry)."""
    key = (f"template:{kind}", source)
    found = _templates.get((env, *key))
    if found is None:
        code = _compiled(key, lambda: env.compile(source))
        found = Template.from_code(env, code, env.make_globals(None), None)
        _templates[(env, *key)] = found
    return found


def expression(env: Environment, kind: str, source: str) -> TemplateExpression:
    """``env.compile_expression(source)``, compiled at most once per process."""
    key = (f"expression:{kind}", source)
    found = _templates.get((env, *key))
    if found is None:
        code = _compiled(key, lambda: _expression_code(env, source))
        found = Template.from_code(env, code, env.make_globals(None), None)
        _templates[(env, *key)] = found
    return TemplateExpression(found, True)


class LoaderCode(BytecodeCache):
    """Jinja's bytecode cache for the document templates, kept with the clause texts' code.

    An entry is found by the template's name and the checksum of its source, so an edited
    template misses and is compiled again.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give Jinja the stored code of this template and source, if there is any."""
        code = _code.get((f"loader:{self.kind}:{bucket.key}", bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code Jinja has just compiled."""
        global _added
        if isinstance(bucket.code, CodeType):
            _code[(f"loader:{self.kind}:{bucket.key}", bucket.checksum)] = bucket.code
            _added = True


def _expression_code(env: Environment, source: str) -> CodeType:
    """What ``Environment.compile_expression`` compiles: ``result = (source)``."""
    parser = Parser(env, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno)
    expr.set_environment(env)
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    code = env.compile(nodes.Template(body, lineno=1))
    assert isinstance(code, CodeType)
    return code


def _compiled(key: Key, compile_: Any) -> CodeType:
    global _added
    code = _code.get(key)
    if code is None:
        code = compile_()
        _code[key] = code
        _added = True
    return code


def load(payload: bytes) -> None:
    """Adopt code stored by an earlier process (the caller checked the payload's digest)."""
    try:
        stored = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return
    if not isinstance(stored, dict):
        return
    for key, code in stored.items():
        valid_key = (
            isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)
        )
        if valid_key and isinstance(code, CodeType):
            _code.setdefault(key, code)


def dump() -> bytes | None:
    """All the code this process holds, if it compiled any that was not loaded; else None."""
    return marshal.dumps(dict(_code)) if _added else None
