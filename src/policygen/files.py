"""Read and write files safely: size-limited UTF-8 reads and atomic writes.

Clause folders and answers files are untrusted, so a read is bounded (``MAX_BYTES``) and every
failure is raised as the caller's error class naming the file. Outputs and answers files are
written atomically, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from policygen.errors import PolicygenError

MAX_BYTES = 1024 * 1024

ErrorFactory = Callable[..., PolicygenError]


def read_text(path: Path, error: ErrorFactory, *, limit: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file of at most ``limit`` bytes, or raise ``error`` naming it."""
    try:
        if not path.is_file():
            if path.exists():
                raise error("not a regular file", path=path)
            raise error("file not found", path=path)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except PermissionError as err:
        raise error("cannot read the file (permission denied)", path=path) from err
    except OSError as err:
        raise error(f"cannot read the file ({err.strerror or err})", path=path) from err
    if len(data) > limit:
        raise error(f"file is larger than {limit // 1024} KiB", path=path)
    if b"\x00" in data:
        raise error("binary file, expected UTF-8 YAML text", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(f"not UTF-8 text (bad byte at offset {err.start})", path=path) from err
    return text


def _umask() -> int:
    """The process umask, which can only be read by setting it.

    It is 0o077 for that instant, so a file another thread creates meanwhile would only be more
    private, never less.
    """
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def writable_folder(directory: Path, error: ErrorFactory) -> None:
    """Fail at once, in one line, if ``directory`` cannot take new files; create nothing.

    A build that typesets a PDF for seconds and only then finds ``-o`` pointing at a file, a
    read-only place or ``/proc`` wastes the user's time. A folder that does not exist yet is
    judged by its nearest existing parent, which must be a folder that takes a new file.
    """
    if directory.exists() and not directory.is_dir():
        raise error("output folder is a file", path=directory)
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise error(f"cannot write here ({existing} is not a folder)", path=directory)
    try:
        with tempfile.TemporaryFile(prefix=".policygen-probe.", dir=existing):
            pass
    except OSError as err:
        raise error(f"cannot write here ({err.strerror or err})", path=directory) from err


def write_atomic(path: Path, data: bytes | str, error: ErrorFactory) -> None:
    """Write a file so readers see the old content or the new, never a partial one.

    The data goes to a temporary file in the same directory, is flushed to disk, and then
    replaces the target with ``os.replace`` (atomic on POSIX); the folder is then flushed too, so
    the new name survives a power cut. A unique temporary name means two concurrent writers never
    interleave; the last one to finish wins whole. The file gets the permissions any new file of
    the user gets (``0o666`` less the umask), not the private ``0o600`` of a temporary file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent
    tmp: Path | None = None
    try:
        if directory.exists() and not directory.is_dir():
            raise error("output folder is a file", path=directory)
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        tmp = Path(name)  # from here on, any failure or signal removes it (see below)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
        if hasattr(os, "O_DIRECTORY"):  # POSIX: make the rename itself durable
            try:
                folder = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                return  # the file is in place; some file systems cannot open a folder this way
            try:
                os.fsync(folder)
            except OSError:
                pass  # nor flush one: the new content is still complete and in place
            finally:
                os.close(folder)
    except PolicygenError:
        raise
    except OSError as err:
        if tmp is None:
            raise error(f"cannot write here ({err.strerror or err})", path=directory) from err
        tmp.unlink(missing_ok=True)
        raise error(f"cannot write the file ({err.strerror or err})", path=path) from err
    except BaseException:  # Ctrl-C, or SIGTERM turned into an exception by the CLI
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
