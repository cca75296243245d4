"""Run policygen under guard: what it opens, lists and connects to is recorded, and refused.

Two ways, one record:

* ``run_guarded`` starts the real entry point (``policygen.cli.app.main``) in a fresh interpreter
  with a memory limit (``RLIMIT_AS``), a wall-clock timeout, an audit hook that records every
  file opened and folder listed and refuses every connection, optionally slowed writes (``"slow"``,
  for concurrency tests) or held ones (``"held"``: the first write under the working folder puts
  half its data on disk, creates ``.held`` there and waits to be killed; ``"naive"`` also swaps
  ``write_atomic`` for a plain in-place write, to show the kill test would catch one) and
  optionally without root's power to read any file.
* ``Recorder`` does the same inside the test process, around an in-process CLI run.

The mini library (``tests/fixtures/mini``) stands in for the built-in one through the CLI's
library root parameter, ``POLICYGEN_CLAUSES``.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers import MINI, ROOT

NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg")
LIST_EVENTS = ("os.listdir", "os.scandir")

# argv: report-file mini-library-or-"-" writes(fast/slow/held/naive) cli-arguments...
BOOT = r"""
import io, json, os, sys, time
from pathlib import Path

report, mini, writes, *args = sys.argv[1:]
events = {"opened": [], "listed": [], "network": []}


def audit(event, eargs):
    if event == "open" and isinstance(eargs[0], (str, bytes, os.PathLike)):
        events["opened"].append(os.path.abspath(os.fsdecode(eargs[0])))
    elif event in ("os.listdir", "os.scandir") and eargs and eargs[0] not in (None, -1):
        if isinstance(eargs[0], (str, bytes, os.PathLike)):
            events["listed"].append(os.path.abspath(os.fsdecode(eargs[0])))
    elif event in NETWORK:
        events["network"].append(f"{event} {eargs[1:]!r}")
        raise OSError("network refused by the test guard")


NETWORK = ("socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg")
sys.addaudithook(audit)

if writes in ("slow", "held", "naive"):  # writes under the working folder are slowed or held
    real_open = io.open

    class SlowFile:
        def __init__(self, handle):
            self._handle = handle

        def write(self, data):
            if writes != "slow":  # held: half the data on disk, a mark for the test, then wait
                self._handle.write(data[: max(1, len(data) // 2)])
                self._handle.flush()
                with real_open(os.path.join(os.getcwd(), ".held"), "w"):
                    pass
                while True:  # until the test sends its signal
                    time.sleep(60)
            for start in range(0, len(data), 512):
                self._handle.write(data[start : start + 512])
                self._handle.flush()
                time.sleep(0.004)
            return len(data)

        def __getattr__(self, name):
            return getattr(self._handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self._handle.__exit__(*exc)

    def ours(file):  # only files under the working folder: outputs and answers
        try:
            name = os.readlink(f"/proc/self/fd/{file}") if isinstance(file, int) else file
            return os.path.abspath(os.fsdecode(name)).startswith(os.getcwd() + os.sep)
        except (OSError, TypeError):
            return False

    def slow_open(file, mode="r", *rest, **kwargs):
        handle = real_open(file, mode, *rest, **kwargs)
        return SlowFile(handle) if any(c in mode for c in "wax+") and ours(file) else handle

    io.open = slow_open
    import builtins

    builtins.open = slow_open

if writes == "naive":  # what write_atomic protects against: writing the target in place (held)
    import policygen.answers.file, policygen.files, policygen.render.outputs

    def naive(path, data, error):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)

    policygen.files.write_atomic = policygen.render.outputs.write_atomic = naive
    policygen.answers.file.write_atomic = naive

if mini != "-":
    os.environ["POLICYGEN_CLAUSES"] = mini  # the CLI's library root

sys.argv = ["policygen", *args]
code = 1
try:
    from policygen.cli.app import main

    main()
    code = 0
except SystemExit as stop:
    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    raise
finally:
    data = json.dumps({**events, "code": code})
    with io.FileIO(report, "w") as handle:
        handle.write(data.encode("utf-8"))
"""


@dataclass(frozen=True, slots=True)
class Run:
    """What one guarded run did."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    opened: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)
    network: list[str] = field(default_factory=list)


def _drop_read_anything() -> None:
    """Child side: give up root's CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH for good."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def can_drop_read_anything() -> bool:
    """Whether a child can give up root's power to read any file (needs CAP_SETPCAP)."""
    done = subprocess.run(
        [sys.executable, "-c", "pass"],
        preexec_fn=_drop_read_anything,
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def start_guarded(
    args: Iterable[str],
    *,
    cwd: Path,
    report: Path,
    mini: bool = True,
    writes: str = "fast",
    memory_mib: int = 256,
    drop_read_anything: bool = False,
) -> subprocess.Popen[str]:
    """Start ``policygen ARGS`` in a fresh, guarded interpreter; ``report`` gets its record."""

    def limit() -> None:
        size = memory_mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
        if drop_read_anything:
            _drop_read_anything()

    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            BOOT,
            str(report),
            str(MINI) if mini else "-",
            writes,
            *args,
        ],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,  # noqa: PLW1509 - the test process starts no threads of its own
    )


def finish(process: subprocess.Popen[str], report: Path, started: float, timeout: float) -> Run:
    """Wait for a guarded run (killing it after ``timeout``) and read its record."""
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError(f"policygen ran longer than {timeout} s") from None
    seconds = time.monotonic() - started
    record: dict[str, Any] = {}
    if report.exists():
        record = json.loads(report.read_text(encoding="utf-8"))
        report.unlink()
    return Run(
        code=process.returncode,
        stdout=stdout,
        stderr=stderr,
        seconds=seconds,
        opened=record.get("opened", []),
        listed=record.get("listed", []),
        network=record.get("network", []),
    )


def run_guarded(args: Iterable[str], *, cwd: Path, timeout: float = 30, **options: Any) -> Run:
    """Run ``policygen ARGS`` to the end in a fresh, guarded interpreter."""
    report = cwd / ".guard-report.json"
    started = time.monotonic()
    process = start_guarded(args, cwd=cwd, report=report, **options)
    return finish(process, report, started, timeout)


def allowed_roots(*extra: Path) -> list[Path]:
    """Where policygen may read: Python and its packages, its own code, content and library
    cache (the user's private folder of validated libraries), and ``extra``."""
    from policygen.library.builtin import content_dir
    from policygen.library.cache import cache_dir
    from policygen.render.common import font_dir

    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), ROOT / "src"}
    roots |= {MINI, content_dir("templates"), content_dir("clauses"), font_dir()}
    roots |= {cache} if (cache := cache_dir()) else set()
    return [root.resolve() for root in (*roots, *extra)]


def strays(paths: Iterable[str], roots: Iterable[Path], *, deny: Iterable[Path] = ()) -> list[str]:
    """Paths outside every root, or inside a denied folder (resolving links first)."""
    roots, deny = list(roots), [d.resolve() for d in deny]
    found = []
    for name in paths:
        path = Path(name).resolve()
        inside = any(path.is_relative_to(root) for root in roots)
        if not inside or any(path.is_relative_to(d) for d in deny):
            found.append(name)
    return sorted(set(found))


class Recorder:
    """Inside the test process: files opened, folders listed, connections tried (and refused).

    An audit hook cannot be removed, so one is installed once and records only while armed.
    """

    _active: Recorder | None = None
    _hooked = False

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.listed: list[str] = []
        self.network: list[str] = []

    @classmethod
    def _audit(cls, event: str, args: tuple[Any, ...]) -> None:
        self = cls._active
        if self is None:
            return
        if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            self.opened.append(str(Path.cwd() / os.fsdecode(args[0])))
        elif event in LIST_EVENTS and args and isinstance(args[0], str | bytes | os.PathLike):
            self.listed.append(str(Path.cwd() / os.fsdecode(args[0])))
        elif event in NETWORK_EVENTS:
            self.network.append(f"{event} {args[1:]!r}")
            raise OSError("network refused by the test guard")

    @contextmanager
    def armed(self) -> Iterator[Recorder]:
        """Record (and refuse connections) inside the block."""
        if not Recorder._hooked:
            sys.addaudithook(Recorder._audit)
            Recorder._hooked = True
        Recorder._active = self
        try:
            yield self
        finally:
            Recorder._active = None


def refuse_sockets(monkeypatch: Any) -> list[Any]:
    """Belt and braces beside the audit hook: any ``connect`` fails and is recorded."""
    tried: list[Any] = []

    def refuse(_sock: socket.socket, address: Any) -> None:
        tried.append(address)
        raise OSError("network access in a test")

    def refuse_ex(_sock: socket.socket, address: Any) -> int:
        tried.append(address)
        return 111

    def refuse_create(address: Any, *_args: Any, **_kwargs: Any) -> socket.socket:
        tried.append(address)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse_ex)
    monkeypatch.setattr(socket, "create_connection", refuse_create)
    return tried
