"""A per-user cache of the validated clause library, keyed by every byte it was built from.

Loading the library parses some forty YAML files and compiles every clause text to validate it;
that is most of the time a Markdown build or ``check`` takes. The result depends only on those
files and on policygen's own code, so it is kept, pickled, under a key that hashes both: the
package's source files, the Python and Jinja versions, and the name and bytes of every file in
each library folder. Change one byte anywhere and the key changes, so a stale library is never
served.

The cache lives in ``$POLICYGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/policygen``, else
``~/.cache/policygen``; ``POLICYGEN_NO_CACHE=1`` turns it off. It is used only in a folder that
belongs to the user and that no one else may write to, since unpickling runs code; each file
carries the SHA-256 of its payload, so a truncated or altered file is ignored and rebuilt. A
folder that holds a symbolic link is never cached (its target could change unseen). Any problem
with the cache means a normal load: the cache can make a command faster, never make it fail.

Next to each library file, under the same key and the same checks, a ``compiled-*.marshal``
file keeps the Jinja code of its clause texts and conditions (``compiled.py``), written when a
process that compiled something new exits.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from policygen import __version__

if TYPE_CHECKING:
    from policygen.library.loader import Library

MAGIC: Final = b"policygen library cache 1\n"
KEEP: Final = 8  # cache files kept; older ones are removed when a new one is written
PACKAGE: Final = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    if os.environ.get("POLICYGEN_NO_CACHE"):
        return None
    if os.environ.get("POLICYGEN_CACHE_DIR"):
        return Path(os.environ["POLICYGEN_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "policygen"
    return Path.home() / ".cache" / "policygen"


def fingerprint(folders: Sequence[Path]) -> str | None:
    """The key of a library made of ``folders``; None if a folder cannot be fingerprinted.

    An unreadable file or folder gives None, so the normal load reports it in its own words.
    """
    try:
        return _fingerprint(folders)
    except OSError:
        return None


def _fingerprint(folders: Sequence[Path]) -> str | None:
    import jinja2

    digest = hashlib.sha256()
    for part in (__version__, sys.version, jinja2.__version__):
        digest.update(part.encode() + b"\0")
    code = sorted(PACKAGE.rglob("*.py"))
    for folder in [*folders]:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        digest.update(str(folder.resolve()).encode() + b"\0")
        for entry in entries:
            if entry.is_symlink():
                return None
            if entry.is_file(follow_symlinks=False):
                digest.update(entry.name.encode() + b"\0" + _read(Path(entry.path)) + b"\0")
    for path in code:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + _read(path))
    return digest.hexdigest()


def _read(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read()


def load_cached(folders: Sequence[Path], load: Callable[[], Library]) -> Library:
    """The library from the cache if a valid entry exists; otherwise ``load()``, then stored."""
    directory = cache_dir()
    key = fingerprint(folders) if directory is not None else None
    if directory is None or key is None:
        return load()
    path = directory / f"library-{key[:32]}.pickle"
    _use_compiled(directory, directory / f"compiled-{key[:32]}.marshal")
    cached = _fetch(directory, path)
    if cached is not None:
        return cached
    library = load()  # a library error propagates and nothing is stored
    _store(directory, path, library)
    return library


def _use_compiled(directory: Path, path: Path) -> None:
    """Start with the template code stored under this key; store what is added, at exit."""
    from policygen.library import compiled

    if path in _compiled_files:
        return
    _compiled_files.add(path)
    payload = _payload(directory, path)
    if payload is not None:
        compiled.load(payload)
    atexit.register(_store_compiled, directory, path)


_compiled_files: set[Path] = set()


def _store_compiled(directory: Path, path: Path) -> None:
    from policygen.library import compiled

    payload = compiled.dump()
    if payload is not None:
        _write(directory, path, payload)


def _payload(directory: Path, path: Path) -> bytes | None:
    """The payload of a cache file in a private folder whose digest matches, else None."""
    if not _private(directory):
        return None
    try:
        data = _read(path)
    except OSError:
        return None
    header, _, payload = data.partition(b"\n" + b"\n")
    if header != MAGIC + hashlib.sha256(payload).hexdigest().encode():
        return None
    return payload


def _private(directory: Path) -> bool:
    """Whether the folder is the user's own and nobody else may write to it."""
    try:
        info = directory.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _fetch(directory: Path, path: Path) -> Library | None:
    from policygen.library.loader import Library

    payload = _payload(directory, path)
    if payload is None:
        return None
    try:
        library = pickle.loads(payload)  # a private folder, and the digest matched
    except Exception:  # noqa: BLE001 - an unreadable entry is simply rebuilt
        return None
    return library if isinstance(library, Library) else None


def _store(directory: Path, path: Path, library: Library) -> None:
    try:
        payload = pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL)
    except pickle.PicklingError:
        return
    _write(directory, path, payload)


def _write(directory: Path, path: Path, payload: bytes) -> None:
    """Store a payload under its digest; keep the newest ``KEEP`` files of its kind."""
    from policygen.errors import PolicygenError
    from policygen.files import write_atomic

    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(directory):
            return
        header = MAGIC + hashlib.sha256(payload).hexdigest().encode()
        write_atomic(path, header + b"\n\n" + payload, PolicygenError)
        kind = path.name.split("-", 1)[0]
        old = sorted(directory.glob(f"{kind}-*{path.suffix}"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except (OSError, PolicygenError):
        return
