"""Builds at the same time into the same folder never interleave: every file is one build's whole.

``write_atomic`` gives each writer its own temporary file (``mkstemp``) and replaces the target
in one step, so the last writer to finish wins whole. The builds below run as real processes
with every write slowed to small flushed pieces, so their writes overlap for certain.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from policygen.answers.file import write_answers
from policygen.errors import RenderError
from policygen.files import write_atomic
from policygen.library.loader import Library
from tests.guard import Run, finish, start_guarded
from tests.helpers import mini_answers, run

FORMATS = "md,html"

pytestmark = pytest.mark.usefixtures("mini_builtin")  # the mini library, here and in builds


def outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def reference(tmp_path: Path, library: Library, name: str) -> dict[str, bytes]:
    """What one build alone writes (in-process: only the builds that race need processes)."""
    folder = tmp_path / f"ref-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    write_answers(folder / "policy.yaml", mini_answers(library, organization={"name": name}))
    result = run("build", str(folder / "policy.yaml"), "-f", FORMATS, "-o", str(folder / "out"))
    assert result.exit_code == 0, result.output
    return outputs(folder / "out")


def together(*jobs: tuple[Path, list[str]]) -> list[Run]:
    """Start every job at once (slowed writes), then wait for all."""
    started = time.monotonic()
    processes = [
        (start_guarded(args, cwd=cwd, report=cwd / f".report-{i}.json", writes="slow"), cwd, i)
        for i, (cwd, args) in enumerate(jobs)
    ]
    return [
        finish(process, cwd / f".report-{i}.json", started, timeout=60)
        for process, cwd, i in processes
    ]


def test_two_builds_of_the_same_answers_into_one_folder(
    tmp_path: Path, mini_library: Library
) -> None:
    expected = reference(tmp_path, mini_library, "Shared Services")
    work = tmp_path / "work"
    work.mkdir()
    write_answers(
        work / "policy.yaml", mini_answers(mini_library, organization={"name": "Shared Services"})
    )
    args = ["build", "policy.yaml", "-f", FORMATS, "-o", "out"]
    for done in together((work, args), (work, args), (work, args)):
        assert done.code == 0, done.stderr
        assert done.stdout == "out/policy.md\nout/policy.html\n"
    assert outputs(work / "out") == expected  # no stray temporary files either


def test_builds_of_different_answers_into_one_folder_never_mix_within_a_file(
    tmp_path: Path, mini_library: Library
) -> None:
    names = ("Alpha Family Services", "Beta Community Agency")
    expected = [reference(tmp_path, mini_library, name) for name in names]
    out = tmp_path / "out"
    jobs = []
    for name in names:
        folder = tmp_path / name.split()[0].lower()
        folder.mkdir()
        write_answers(
            folder / "policy.yaml", mini_answers(mini_library, organization={"name": name})
        )
        jobs.append((folder, ["build", "policy.yaml", "-f", FORMATS, "-o", str(out)]))
    for done in together(*jobs):
        assert done.code == 0, done.stderr
    final = outputs(out)
    assert sorted(final) == ["policy.html", "policy.md"]
    for file_name, data in final.items():
        assert data in (expected[0][file_name], expected[1][file_name]), file_name


def test_many_writers_and_readers_of_one_file(tmp_path: Path) -> None:
    target = tmp_path / "policy.html"
    payloads = [(f"<p>writer {n}</p>\n" * (2000 + 500 * n)).encode() for n in range(6)]
    write_atomic(target, payloads[0], RenderError)
    reads: list[int] = []
    torn: list[int] = []
    done = threading.Event()

    def write(payload: bytes) -> None:
        for _ in range(15):
            write_atomic(target, payload, RenderError)

    def read() -> None:
        while True:
            data = target.read_bytes()
            if data not in payloads:
                torn.append(len(data))
            reads.append(len(data))
            if done.is_set():
                return

    readers = [threading.Thread(target=read) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(payload,)) for payload in payloads]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()
    assert torn == []
    assert len(reads) > 2  # the readers read while the writers replaced the file
    assert target.read_bytes() in payloads
    assert [path.name for path in tmp_path.iterdir()] == ["policy.html"]
