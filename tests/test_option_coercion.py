"""policygen converts option values without pydantic, exactly as typer's pydantic adapters do.

Every parameter of every command is converted both ways, from the same values, and the results
(or the error messages) must agree; a parameter of a kind ``coercion.py`` does not know is left
to typer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer._click import Command, Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import TyperGroup, _TyperParameter
from typer.main import get_command

from policygen.cli.app import make_app
from policygen.cli.coercion import PlainParam, use_plain_conversion

WORDS = ["md", "md,html", "html, md ,md", "odt", "", "x\x1b[31m", "2027-01-15", "2027-02-30"]
WORDS += [" out ", "auto", "NEVER", "json", "text", "es", "en,es", "policy.yaml", "-", "2027-1-5"]


def commands(command: Command, path: str = "policygen") -> Iterator[tuple[str, Command]]:
    yield path, command
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from commands(sub, f"{path} {name}")


def parameters() -> Iterator[tuple[str, Command, _TyperParameter]]:
    for path, command in commands(get_command(make_app())):
        ctx = Context(command)
        for param in command.get_params(ctx):
            if isinstance(param, _TyperParameter):
                yield f"{path} {param.name}", command, param


PARAMETERS = list(parameters())


def outcome(convert: Any, value: Any, param: _TyperParameter, ctx: Context) -> tuple[str, Any]:
    try:
        return "value", convert(value, param=param, ctx=ctx)
    except BadParameter as err:
        return "error", err.format_message()
    except Exception as err:  # noqa: BLE001 - a parser's own failure must be the same too
        return type(err).__name__, str(err)


def samples(param: _TyperParameter, tmp_path: Path) -> list[Any]:
    folder = tmp_path / "folder"
    folder.mkdir(exist_ok=True)
    (folder / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    words = [*WORDS, str(folder), str(folder / "a.yaml"), str(folder / "missing")]
    values: list[Any] = [None, param.default, True, False, Path("out"), *words]
    if param.multiple or param.nargs == -1:
        values += [(), tuple(words[:3]), [str(folder), "out"], ("odt", "md")]
    return values


@pytest.mark.parametrize(("name", "command", "param"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_plain_conversion_agrees_with_typer(
    name: str, command: Command, param: _TyperParameter, tmp_path: Path
) -> None:
    del name  # the id
    ctx = Context(command)
    typer_way = build_runtime_param(param.type_descriptor)
    param._runtime_param = None
    use_plain_conversion([param])
    ours = param._runtime_param
    if ours is None:  # a kind coercion.py leaves to typer
        return
    assert isinstance(ours, PlainParam)
    for value in samples(param, tmp_path):
        expected = outcome(typer_way.coerce, value, param, ctx)
        assert outcome(ours.coerce, value, param, ctx) == expected, (param.name, value)


def test_every_parameter_of_policygen_is_converted_without_pydantic() -> None:
    # A new option of a kind coercion.py does not know would bring pydantic back: name it here.
    left = []
    for name, _command, param in PARAMETERS:
        param._runtime_param = None
        use_plain_conversion([param])
        if not isinstance(param._runtime_param, PlainParam):
            left.append(name)
    assert left == []


def test_a_kind_it_does_not_know_is_left_to_typer() -> None:
    # The control: an int option keeps typer's own converter.
    import typer

    app = typer.Typer()

    @app.command()
    def count(times: int = 1) -> None:
        del times

    command = get_command(app)
    (param,) = [p for p in command.params if p.name == "times"]
    assert isinstance(param, _TyperParameter)
    use_plain_conversion([param])
    assert param._runtime_param is None
