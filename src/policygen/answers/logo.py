"""The agency's logo: the one file outside the package that a build may read.

The answers file names it (``policy.logo: logo.png``, relative to the answers file). It is read
once, checked to be a small PNG or JPEG by its first bytes (not its name), and embedded as a
``data:`` URI, so the HTML stands alone, the PDF renderer fetches nothing, and builds on any
machine are identical.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Final

from policygen.errors import AnswersError

MAX_LOGO_BYTES: Final = 512 * 1024
SUFFIXES: Final = (".png", ".jpg", ".jpeg")
SIGNATURES: Final = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
FIELD: Final = "policy.logo"


def logo_path(answers_path: Path, value: str) -> Path:
    """Where the logo named in an answers file lives."""
    return answers_path.parent / value


def logo_problem(answers_path: Path, value: str) -> str | None:
    """Why the logo cannot be used (cheap checks: name and presence), or None."""
    if not value.lower().endswith(SUFFIXES):
        return f"{value!r} is not a .png, .jpg or .jpeg file"
    # An answers file may come from someone else: it must not pull an image off the disk of
    # whoever builds it, so the logo lives in the answers file's own folder.
    folder = answers_path.parent.resolve()
    path = logo_path(answers_path, value)
    if Path(value).is_absolute() or ".." in Path(value).parts:
        return f"{value!r} must be a file in the answers file's folder"
    if not path.is_file():
        return f"{value!r} not found next to the answers file"
    if not path.resolve().is_relative_to(folder):
        return f"{value!r} links outside the answers file's folder"
    return None


def logo_data_uri(path: Path) -> str:
    """Read and check the logo; a ``data:`` URI for the HTML and PDF title block."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except OSError as err:
        reason = err.strerror or err
        raise AnswersError(f"cannot read the logo {path} ({reason})", field=FIELD) from err
    if len(data) > MAX_LOGO_BYTES:
        raise AnswersError(f"the logo {path} is larger than 512 KiB", field=FIELD)
    for signature, mime in SIGNATURES:
        if data.startswith(signature):
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    raise AnswersError(f"the logo {path} is not a PNG or JPEG image", field=FIELD)


def logo_uri(path: Path | None) -> str | None:
    """The logo a document shows, as a ``data:`` URI, or None when it names none.

    Every renderer asks here, and a build reads it once and hands it to each format.
    """
    return logo_data_uri(path) if path is not None else None
