"""The staff roster for acknowledgement pages: a CSV file with ``name`` and ``role`` columns.

Spreadsheets export rosters with extra columns, a byte-order mark, stray blank lines and
different capitalisation of headers; all of that is accepted. A row without a name or a role,
or with control characters, is a mistake someone must fix: each is reported on its own line
naming the row, and nothing is built.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from policygen.errors import PolicygenError

MAX_BYTES: Final = 1 << 20
MAX_ROWS: Final = 5_000
MAX_FIELD: Final = 200
REQUIRED: Final = ("name", "role")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Signer:
    """One person who signs the acknowledgement; empty strings print blank lines."""

    name: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RowProblem:
    """One bad row: its number as a spreadsheet shows it (the header is row 1) and why."""

    row: int
    message: str


class RosterError(PolicygenError):
    """Raised when a roster cannot be read, or has bad rows (all of them in ``rows``)."""

    def __init__(
        self, message: str, *, path: Path, field: str = "", rows: tuple[RowProblem, ...] = ()
    ) -> None:
        super().__init__(message, path=path, field=field)
        self.rows = rows

    def lines(self) -> list[str]:
        """One error line per bad row, or this error's own line."""
        if not self.rows:
            return [str(self)]
        return [
            str(PolicygenError(row.message, path=self.path, field=f"row {row.row}"))
            for row in self.rows
        ]


def read_roster(path: Path) -> tuple[Signer, ...]:
    """Signers in file order; every bad row is collected, then one error lists them all."""
    reader = csv.reader(io.StringIO(_text(path), newline=""))
    where = _columns(reader, path)
    signers: list[Signer] = []
    problems: list[RowProblem] = []
    try:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue  # blank lines are common at the end of exported files
            if len(signers) + len(problems) >= MAX_ROWS:
                raise RosterError(f"more than {MAX_ROWS} rows", path=path, field=f"row {number}")
            signer, problem = _row(row, where)
            if signer is None:
                problems.append(RowProblem(row=number, message=problem))
            else:
                signers.append(signer)
    except csv.Error as err:
        raise RosterError(
            f"not a CSV file ({err})", path=path, field=f"row {reader.line_num}"
        ) from err
    if problems:
        first = problems[0]
        raise RosterError(first.message, path=path, field=f"row {first.row}", rows=tuple(problems))
    if not signers:
        raise RosterError("no people listed under the header row", path=path)
    return tuple(signers)


def _text(path: Path) -> str:
    """The file as text: bounded, UTF-8 (with or without the byte-order mark Excel writes)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise RosterError(f"cannot read the roster ({err.strerror or err})", path=path) from err
    if len(data) > MAX_BYTES:
        raise RosterError(f"larger than {MAX_BYTES // 1024} KiB", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise RosterError(
            f"not UTF-8 text (byte {err.start}); save the roster as CSV UTF-8", path=path
        ) from err


def _columns(reader: Iterator[list[str]], path: Path) -> dict[str, int]:
    """Where the name and role columns are, from the header row (any case, any order)."""
    try:
        header = next(reader, None)
    except csv.Error as err:
        raise RosterError(f"not a CSV file ({err})", path=path, field="row 1") from err
    if header is None:
        raise RosterError("the roster is empty; give a header row with name and role", path=path)
    columns = [cell.strip().casefold() for cell in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise RosterError(
            f"no {' or '.join(missing)} column (the header row needs name and role)",
            path=path,
            field="row 1",
        )
    return {name: columns.index(name) for name in REQUIRED}


def _row(row: list[str], where: dict[str, int]) -> tuple[Signer | None, str]:
    values = {}
    for name, index in where.items():
        value = " ".join(row[index].split()) if index < len(row) else ""
        if not value:
            return None, f"{name} is empty"
        if _CONTROL.search(value):
            return None, f"{name} holds control characters"
        if len(value) > MAX_FIELD:
            return None, f"{name} is longer than {MAX_FIELD} characters"
        values[name] = value
    return Signer(name=values["name"], role=values["role"]), ""
