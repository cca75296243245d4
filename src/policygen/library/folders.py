"""Which files of a library folder are read, and the refusal to follow links out of it.

Clause folders travel between agencies, so a folder is untrusted: only ``.yaml`` files directly
inside it are read, and a file that resolves outside the folder (a symlink to ``/etc/passwd``, a
link loop, a broken link) is a one-line error rather than a read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Final

from policygen.errors import LibraryError
from policygen.library.fields import ID_PATTERN

RESERVED_FILES: Final = frozenset(
    {"library.yaml", "profile.yaml", "sources.yaml", "redflags.yaml", "standards.yaml"}
    | {"states.yaml", "prose.yaml", "redline.yaml"}
)
ADDABLE_FILES: Final = frozenset(
    {"sources.yaml", "prose.yaml", "redline.yaml", "redflags.yaml"}
)  # in a --library


def inside(path: Path, folder: Path) -> Path:
    """Refuse a file that resolves outside its library folder (a symlink pointing away)."""
    try:
        resolved = path.resolve(strict=True)
        resolved.relative_to(folder.resolve(strict=True))
    except FileNotFoundError as err:
        raise LibraryError("file not found (broken link?)", path=path) from err
    except ValueError as err:
        raise LibraryError(
            "links outside the library folder; refusing to read it", path=path
        ) from err
    except RuntimeError as err:  # Python 3.11 reports a link loop this way
        raise LibraryError("link loop; refusing to read it", path=path) from err
    except OSError as err:  # a folder without search permission, a loop (ELOOP) elsewhere
        raise LibraryError(f"cannot read the file ({err.strerror or err})", path=path) from err
    return path


def present(path: Path) -> bool:
    """Whether anything, even a broken link, is at ``path``; an unsearchable folder is an error."""
    try:
        return path.is_symlink() or path.exists()
    except OSError as err:
        raise LibraryError(
            f"cannot read the folder ({err.strerror or err})", path=path.parent
        ) from err


def topic_files(folder: Path, *, trusted: bool) -> Iterable[Path]:
    """The topic files of a folder, sorted; ``trusted`` is the built-in library."""
    if not present(folder) or not folder.is_dir():
        what = "built-in clause folder" if trusted else "library folder"
        raise LibraryError(f"{what} not found or not a folder", path=folder)
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        raise LibraryError(f"cannot list the folder ({err.strerror or err})", path=folder) from err
    for path in entries:
        if path.suffix == ".yml":
            raise LibraryError("rename it to .yaml: only .yaml files are read", path=path)
        if path.suffix != ".yaml" or path.name in RESERVED_FILES:
            if not trusted and path.name in RESERVED_FILES - ADDABLE_FILES:
                raise LibraryError(
                    "an added library folder may hold only topics, sources.yaml, prose.yaml, "
                    "redline.yaml and redflags.yaml",
                    path=path,
                )
            continue
        if not ID_PATTERN.match(path.stem):
            raise LibraryError("a topic file name must be its id (a-z, 0-9, hyphens)", path=path)
        yield inside(path, folder)
