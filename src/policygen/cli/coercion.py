"""Option values converted as typer converts them, without importing pydantic.

typer converts every option value through a pydantic ``TypeAdapter`` that it builds while it
parses the command line. Importing pydantic and building those adapters costs more than the
rest of ``policygen check`` once the library is cached, and policygen's options are all of a few
plain kinds: text, paths, flags, a choice of an enum, or a value its own parser reads (dates,
format lists). Before a command parses, each of its parameters of those kinds gets a converter
from here that does what typer's adapter would do, with typer's own path and choice checks and
its error messages. A value of any other kind is handed to typer's adapter, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any, get_args

from typer._click import Command, Context, Parameter
from typer._click.exceptions import BadParameter
from typer._click.utils import _escape_control_characters
from typer._coercion import (
    RuntimeParam,
    TypeDescriptor,
    build_runtime_param,
    resolve_type_descriptor,
)
from typer._param_types import (
    coerce_cli_choice,
    coerce_cli_path,
    lenient_issubclass,
    routes_to_path,
)
from typer._typing import get_origin
from typer.core import _TyperParameter

_NOT_MINE: Any = object()  # a value this module leaves to typer's adapter


class PlainParam(RuntimeParam):
    """Converts one parameter's values as typer's pydantic adapter would, for plain kinds.

    It adds no field to typer's dataclass, so it is a plain subclass: making a dataclass of it
    would cost ``--help`` more than the rest of this module.
    """

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        """The converted value; a ``ValueError`` reads as pydantic's ``Value error, ...``."""
        try:
            if lenient_issubclass(get_origin(self.annotation), list):
                (item_type,) = get_args(self.annotation)
                items = value if isinstance(value, list | tuple) else [value]
                converted = [self._leaf(item_type, item, param, ctx) for item in items]
                if not any(item is _NOT_MINE for item in converted):
                    return converted
            else:
                result = self._leaf(self.annotation, value, param, ctx)
                if result is not _NOT_MINE:
                    return result
        except ValueError as err:
            message = _escape_control_characters(f"Value error, {err}")
            raise BadParameter(message, ctx=ctx, param=param) from err
        descriptor = resolve_type_descriptor(self.annotation, self.parameter_info)
        adapter = build_runtime_param(descriptor)  # imports pydantic
        return adapter._coerce_value(value, param=param, ctx=ctx)

    def _leaf(self, annotation: Any, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        info = self.parameter_info
        if info.parser is not None:
            return info.parser(value)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return coerce_cli_choice(
                value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        if annotation is bool or annotation is str:
            return value if type(value) is annotation else _NOT_MINE
        if annotation is Path and routes_to_path(annotation, info) and info.path_type is None:
            if isinstance(value, str):
                value = Path(value)
            if not isinstance(value, Path):
                return _NOT_MINE
            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
        return _NOT_MINE


def _plain(descriptor: TypeDescriptor) -> bool:
    """Whether a parameter is of a kind ``PlainParam`` converts (else typer keeps it).

    A list is only of text or paths: an item that fails inside a list gets pydantic's nested
    message, which is not copied here.
    """
    if descriptor.is_file or descriptor.is_tuple:
        return False
    info = descriptor.parameter_info
    if descriptor.is_list:
        (item,) = get_args(descriptor.annotation)
        return info.parser is None and (item is str or (item is Path and info.path_type is None))
    annotation = descriptor.annotation
    if info.parser is not None or annotation is bool or annotation is str:
        return True
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return True
    return annotation is Path and info.path_type is None


def use_plain_conversion(params: Iterable[Parameter]) -> None:
    """Give each parameter of a plain kind its pydantic-free converter (typer keeps the rest)."""
    for param in params:
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        if _plain(descriptor):
            param._runtime_param = PlainParam(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )


class PlainConversion(Command):
    """A command (or group) whose plain parameters are converted here when it parses."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """Click's parsing, after giving the parameters their pydantic-free converters."""
        use_plain_conversion(self.get_params(ctx))
        rest: list[str] = super().parse_args(ctx, args)
        return rest
