"""Facts about each U.S. state (``states.yaml``), each checked against the statute it cites.

Every state code a user may answer is listed, so an unknown code is refused by name; a fact is
present only where it was verified, and clause text prints its generic sentence everywhere else
(``{% if state.public_records_law %}``). Nothing here is a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from policygen.errors import LibraryError
from policygen.library.fields import Reader
from policygen.safe_yaml import load_yaml

CODE: Final = re.compile(r"^[A-Z]{2}$")
LAW_FIELDS: Final = ("public_records_law", "account_privacy_law")
EMPLOYERS: Final = ("all", "public", "private")  # whom a statute binds, as checked


@dataclass(frozen=True, slots=True, kw_only=True)
class StateLaw:
    """One statute: its name as staff read it, its citation, and where it was checked."""

    name: str
    citation: str
    url: str
    checked: dt.date
    employers: str = "all"

    def binds(self, org_type: Any) -> bool:
        """Whether the statute was checked to bind this kind of organisation."""
        if self.employers == "all":
            return True
        public = org_type == "public-agency"
        return public if self.employers == "public" else not public


@dataclass(frozen=True, slots=True, kw_only=True)
class State:
    """A state or territory, with the verified facts clause text may use."""

    code: str
    name: str
    laws: Mapping[str, StateLaw]

    def context(self, org_type: Any = None) -> dict[str, Any]:
        """``state`` in clause text: name, code, and each law field.

        A field is none where no verified entry exists, or where the statute was checked to bind
        only public or only private employers and this organisation is the other kind.
        """
        facts: dict[str, Any] = {"code": self.code, "name": self.name}
        for field in LAW_FIELDS:
            law = self.laws.get(field)
            applies = law is not None and law.binds(org_type)
            facts[field] = {"name": law.name, "citation": law.citation} if law and applies else None
        return facts


def load_states(path: Path) -> dict[str, State]:
    """Read ``states.yaml``: ``states:`` maps each code to its name and verified facts."""
    reader = Reader(load_yaml(path, LibraryError), path=path, field="", error=LibraryError)
    reader.only({"states"})
    table = reader.child("states")
    states: dict[str, State] = {}
    for code in table.data:
        if not isinstance(code, str) or not CODE.match(code):
            raise table.fail(f"{code!r} is not a two-letter code in capitals", str(code))
        entry = table.child(code)
        entry.only({"name", *LAW_FIELDS})
        laws: dict[str, StateLaw] = {}
        for field in LAW_FIELDS:
            if entry.data.get(field) is None:
                continue
            law = entry.child(field)
            law.only({"name", "citation", "url", "checked", "employers"})
            employers = law.string("employers", default="all")
            if employers not in EMPLOYERS:
                raise law.fail(f"{employers!r} is not one of {', '.join(EMPLOYERS)}", "employers")
            url = law.string("url", one_line=True)
            if not url.startswith("https://"):
                raise law.fail("expected an https:// address of the statute", "url")
            checked = law.required("checked")
            if not isinstance(checked, dt.date):
                raise law.fail("expected the date the fact was checked, like 2026-12-02", "checked")
            laws[field] = StateLaw(
                name=law.string("name", one_line=True),
                citation=law.string("citation", one_line=True),
                url=url,
                checked=checked,
                employers=employers,
            )
        states[code] = State(code=code, name=entry.string("name", one_line=True), laws=laws)
    if not states:
        raise reader.fail("list at least one state", "states")
    return states


def state_problem(value: str, states: Mapping[str, State]) -> str | None:
    """Why a (normalised) state answer is not a known code, or None when it is fine."""
    if value in states:
        return None
    return f"{value!r} is not a U.S. state or territory code (two letters, such as MN or NC)"
