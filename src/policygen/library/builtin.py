"""Where the built-in content lives: inside the installed wheel, or in the source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from policygen.errors import LibraryError


def content_dir(name: str) -> Path:
    """Built-in content folder (``clauses`` or ``templates``).

    A wheel carries the folders inside the package (hatch ``force-include``); an editable install
    imports from ``src/policygen``, which has none, so fall back to the checkout's top level.
    """
    packaged = resources.files("policygen") / name
    if packaged.is_dir():  # wheels install unzipped, so this is a real folder
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / name
    if checkout.is_dir():
        return checkout
    raise LibraryError(f"built-in {name}/ folder is missing", path=checkout)
