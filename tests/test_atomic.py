"""Never half-written: every output and the answers file are replaced whole or not at all.

The code is checked for any write that bypasses ``files.write_atomic``; ``write_atomic`` is
checked for failures and interrupts at each step; and real builds are killed (SIGKILL and
SIGTERM) in the middle of writing, with every write slowed to small flushed pieces so that a
plain ``open(path, "w")`` would be caught half-done. Afterwards each output holds exactly the
old document or exactly the new one.
"""

from __future__ import annotations

import ast
import os
import re
import signal
import stat
import time
from pathlib import Path
from typing import Self

import pytest

from policygen.answers.file import read_answers, write_answers
from policygen.errors import RenderError
from policygen.files import write_atomic
from policygen.library.loader import Library
from tests.guard import Run, finish, run_guarded, start_guarded
from tests.helpers import ROOT, mini_answers, run

SOURCE = ROOT / "src" / "policygen"
WRITE_MODES = frozenset("wax+")


# --- no write bypasses write_atomic --------------------------------------------------------


MODE = re.compile(r"^[rwxabt+]+$")
WRITERS = frozenset({"os.open", "tempfile.mkstemp", "tempfile.NamedTemporaryFile", "os.rename"})
WRITERS |= {"os.replace", "shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move"}


def writes_outside_write_atomic(tree: ast.AST) -> list[str]:
    """Calls that create, change or move a file, except inside ``write_atomic`` itself."""
    found: list[str] = []
    stack: list[tuple[ast.AST, str]] = [(tree, "")]
    while stack:
        node, function = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        stack.extend((child, function) for child in ast.iter_child_nodes(node))
        if not isinstance(node, ast.Call) or function == "write_atomic":
            continue
        name = ast.unparse(node.func)
        method = name.rsplit(".", 1)[-1]
        modes = [
            arg.value
            for arg in [*node.args, *(k.value for k in node.keywords if k.arg == "mode")]
            if isinstance(arg, ast.Constant)
            and isinstance(arg.value, str)
            and MODE.match(arg.value)
        ]
        opens = name in ("open", "io.open", "codecs.open", "os.fdopen") or method == "open"
        path_move = "." in name and len(node.args) == 1 and not node.keywords  # not str.replace
        if (
            name in WRITERS
            or method in ("write_text", "write_bytes", "symlink_to", "hardlink_to")
            or (method in ("rename", "replace") and path_move)
            or (opens and any(WRITE_MODES & set(mode) for mode in modes))
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return sorted(found)


def test_every_write_in_the_package_goes_through_write_atomic() -> None:
    offenders = {
        str(path.relative_to(SOURCE)): found
        for path in sorted(SOURCE.rglob("*.py"))
        if (found := writes_outside_write_atomic(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_write_scanner_notices_plain_writes() -> None:
    plain = """
def save(path, data):
    path.write_text(data)
    with open(path, "w") as handle:
        handle.write(data)
    with path.open(mode="ab") as handle:
        pass
    os.replace(a, b)
"""
    assert len(writes_outside_write_atomic(ast.parse(plain))) == 4
    reading = "def load(path):\n    return open(path).read() + path.open('rb').read()\n"
    assert writes_outside_write_atomic(ast.parse(reading)) == []


def test_answers_and_outputs_use_write_atomic(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mini_library: Library
) -> None:
    import policygen.answers.file
    import policygen.render.outputs

    seen: list[str] = []
    real = write_atomic

    def spy(path: Path, data: bytes | str, error: type) -> None:
        seen.append(path.name)
        real(path, data, error)

    monkeypatch.setattr(policygen.answers.file, "write_atomic", spy)
    monkeypatch.setattr(policygen.render.outputs, "write_atomic", spy)
    from policygen.document.assemble import assemble
    from policygen.render.outputs import write_outputs

    answers = mini_answers(mini_library)
    write_answers(tmp_path / "policy.yaml", answers)
    write_outputs(
        assemble(mini_library, answers, tmp_path / "policy.yaml"),
        ("md", "html"),
        tmp_path / "out",
        "policy",
    )
    assert seen == ["policy.yaml", "policy.md", "policy.html"]


# --- write_atomic under failure ----------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
@pytest.mark.parametrize(
    "failure",
    [OSError(28, "No space left on device"), KeyboardInterrupt()],
    ids=["ENOSPC", "Ctrl-C"],
)
def test_a_failure_at_any_step_keeps_the_old_file(
    step: str, failure: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "policy.md"
    target.write_text("old\n", encoding="utf-8")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise failure

    if step == "write":
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, handle: object) -> None:
                self.handle = handle

            def __enter__(self) -> Self:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> None:
                self.handle.write(data[:3])  # type: ignore[attr-defined]
                raise failure

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    elif step == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    else:
        monkeypatch.setattr(Path, step, fail)
    expected = RenderError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as info:
        write_atomic(target, "new and much longer\n", RenderError)
    if isinstance(failure, OSError):
        assert str(info.value) == f"{target}: cannot write the file (No space left on device)"
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_written_files_are_complete_and_readable(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "policy.html"
    write_atomic(target, "é" * 100_000, RenderError)
    assert target.read_text(encoding="utf-8") == "é" * 100_000
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_files_get_the_users_umask(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        write_atomic(tmp_path / "policy.md", "text\n", RenderError)
    finally:
        os.umask(previous)
    assert (tmp_path / "policy.md").stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_folder_is_flushed_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(self: Path, target: Path) -> Path:
        events.append("replace")
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    write_atomic(tmp_path / "policy.md", "text\n", RenderError)
    assert events == ["fsync file", "replace", "fsync folder"]


def test_a_link_in_place_of_the_output_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("keep\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "policy.md").symlink_to(outside)
    write_atomic(tmp_path / "out" / "policy.md", "new\n", RenderError)
    assert outside.read_text(encoding="utf-8") == "keep\n"
    assert not (tmp_path / "out" / "policy.md").is_symlink()


# --- a failed PDF build leaves no partial PDF ----------------------------------------------------


@pytest.mark.pdf
@pytest.mark.usefixtures("mini_builtin")
def test_a_failed_pdf_keeps_every_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers_file: Path
) -> None:
    import weasyprint

    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for suffix in ("md", "html", "pdf"):
        (out / f"policy.{suffix}").write_text(f"old {suffix}\n", encoding="utf-8")

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise OSError("cairo ran out of memory")

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", broken)
    result = run("build", answers_file.name, "-o", "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "policygen: error: pdf: PDF rendering failed: cairo ran out of memory"
    )
    for suffix in ("md", "html", "pdf"):
        assert (out / f"policy.{suffix}").read_text(encoding="utf-8") == f"old {suffix}\n"
    assert sorted(path.name for path in out.iterdir()) == ["policy.html", "policy.md", "policy.pdf"]


# --- killing real builds mid-write -----------------------------------------------------------


def build_answers(path: Path, library: Library, name: str) -> None:
    write_answers(path, mini_answers(library, organization={"name": name}))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if not path.name.startswith(".")
    }


def reference_build(tmp_path: Path, library: Library, name: str, formats: str) -> dict[str, bytes]:
    """The complete outputs of one build, made without interference."""
    folder = tmp_path / f"ref-{name.split()[0].lower()}"
    folder.mkdir()
    build_answers(folder / "policy.yaml", library, name)
    run = run_guarded(
        ["build", "policy.yaml", "-f", formats, "-o", "out"], cwd=folder, memory_mib=1024
    )
    assert run.code == 0, run.stderr
    return snapshot(folder / "out")


def kill_while_writing(work: Path, args: list[str], signum: int, *, writes: str = "held") -> Run:
    """Start a guarded run whose first write holds half-way, and send ``signum`` while it holds.

    No timing is involved: the signal arrives while the write is in progress, every time.
    """
    report, held = work / ".report.json", work / ".held"
    held.unlink(missing_ok=True)
    started = time.monotonic()
    process = start_guarded(args, cwd=work, report=report, writes=writes, memory_mib=1024)
    while not held.exists():
        assert process.poll() is None, "policygen ended without writing anything"
        time.sleep(0.01)
    process.send_signal(signum)
    return finish(process, report, started, timeout=30)


OLD_OUTPUTS = {"policy.html": b"<p>an earlier policy</p>\n", "policy.md": b"An earlier policy.\n"}
BUILD = ["build", "policy.yaml", "-f", "md,html", "-o", "out"]


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_killed_mid_write_keeps_the_old_outputs(
    signum: int, tmp_path: Path, mini_library: Library
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name, data in OLD_OUTPUTS.items():
        (out / name).write_bytes(data)
    build_answers(tmp_path / "policy.yaml", mini_library, "New Name Community Agency")
    run = kill_while_writing(tmp_path, BUILD, signum)
    assert snapshot(out) == OLD_OUTPUTS
    if signum == signal.SIGTERM:
        assert run.code == 143, run.stderr
        assert run.stderr.endswith("policygen: terminated\n"), run.stderr
        assert "Traceback" not in run.stderr
        assert leftovers(out) == []  # the temporary file was removed on the way out
    else:
        assert run.code == -signal.SIGKILL
        assert len(leftovers(out)) == 1  # a hidden temporary file is all SIGKILL can leave


def test_the_kill_test_catches_a_plain_in_place_writer(
    tmp_path: Path, mini_library: Library
) -> None:
    # The test above is only worth something if it fails for a writer that is not atomic.
    new = reference_build(tmp_path, mini_library, "New Name Community Agency", "md,html")
    work = tmp_path / "work"
    out = work / "out"
    out.mkdir(parents=True)
    for name, data in OLD_OUTPUTS.items():
        (out / name).write_bytes(data)
    build_answers(work / "policy.yaml", mini_library, "New Name Community Agency")
    kill_while_writing(work, BUILD, signal.SIGKILL, writes="naive")
    torn = [n for n, data in snapshot(out).items() if data not in (OLD_OUTPUTS[n], new[n])]
    assert torn == ["policy.md"]


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_answers_write_keeps_the_old_answers(
    signum: int, tmp_path: Path, mini_library: Library
) -> None:
    from dataclasses import replace

    partial = mini_answers(mini_library)
    topics = {k: v for k, v in partial.topics.items() if k == "official-accounts"}
    write_answers(
        tmp_path / "policy.yaml",
        replace(partial, topics=topics, organization={"name": "Resumed Services"}),
    )
    before = (tmp_path / "policy.yaml").read_bytes()
    args = ["interview", "policy.yaml", "--resume", "--defaults", "--no-build"]
    run = kill_while_writing(tmp_path, args, signum)
    assert run.code == (143 if signum == signal.SIGTERM else -signal.SIGKILL), run.stderr
    assert (tmp_path / "policy.yaml").read_bytes() == before
    read_answers(tmp_path / "policy.yaml")  # and it parses


@pytest.mark.pdf
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_pdf_build_leaves_no_partial_pdf(
    signum: int, tmp_path: Path, mini_library: Library
) -> None:
    old = b"%PDF-1.7 an earlier, complete policy\n%%EOF\n"
    out = tmp_path / "out"
    out.mkdir()
    (out / "policy.pdf").write_bytes(old)
    build_answers(tmp_path / "policy.yaml", mini_library, "New Name Community Agency")
    kill_while_writing(tmp_path, ["build", "policy.yaml", "-f", "pdf", "-o", "out"], signum)
    assert (out / "policy.pdf").read_bytes() == old
