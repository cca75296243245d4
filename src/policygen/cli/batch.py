"""``policygen build a.yaml b.yaml ...``: many answers files in one process, one folder each.

A region's agencies, or every example, built with the library loaded once and the templates
compiled once. One file's error is one line naming that file; the others still build, and the
exit code (``PARTIAL``) says that some failed. On a terminal a progress bar shows how far the
batch is; piped, each file gets one plain line, so a log reads well.

PDFs are typeset by WeasyPrint at about two seconds a document, which no sharing between
documents removes; with ``workers`` above one the files are built in that many forked
processes, one file per task, and the results are reported in the order given, exactly as in
one process. Each file's output is written by the process that built it, atomically.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Final

import typer

from policygen.errors import PolicygenError

PARTIAL: Final = 3  # some answers files of a batch failed; the others were built

BuildOne = Callable[[Path, Path], list[Path]]  # (answers file, its output folder) → written


def folder_names(files: Sequence[Path]) -> list[str]:
    """One output folder name per answers file, none the same.

    The file's stem (``agency-a.yaml`` → ``agency-a``); when stems repeat, as in
    ``examples/*/policy.yaml``, the name of the folder it is in; when those repeat too, both
    (``north-policy``); anything still the same is numbered in the order given.
    """
    stems = Counter(path.stem for path in files)
    names = [path.stem if stems[path.stem] == 1 else _folder(path) for path in files]
    repeated = Counter(names)
    names = [
        f"{_folder(path)}-{path.stem}" if repeated[name] > 1 and stems[path.stem] > 1 else name
        for name, path in zip(names, files, strict=True)
    ]
    taken: set[str] = set()
    unique: list[str] = []
    for name in names:
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}-{number}"
        taken.add(candidate)
        unique.append(candidate)
    return unique


def _folder(path: Path) -> str:
    return path.resolve().parent.name or path.stem


def run_batch(files: Sequence[Path], outdir: Path, build_one: BuildOne, *, workers: int = 1) -> int:
    """Build every file into its own folder of ``outdir``; the exit code for the whole batch."""
    unique = list(dict.fromkeys(files))  # the same path twice is built once
    jobs = [(path, outdir / name) for path, name in zip(unique, folder_names(unique), strict=True)]
    failed: list[str] = []
    written: list[Path] = []
    show_bar = sys.stderr.isatty()
    total = len(unique)
    with typer.progressbar(
        length=total, label="Building", file=sys.stderr, hidden=not show_bar
    ) as bar:
        for count, (path, folder, result) in enumerate(_results(jobs, build_one, workers), start=1):
            if isinstance(result, str):
                failed.append(result)
                if not show_bar:
                    typer.echo(failed[-1], err=True)
            else:
                written += result
                if not show_bar:
                    typer.echo(f"[{count}/{total}] {path} → {folder}", err=True)
            bar.update(1)
    if show_bar:
        for line in failed:
            typer.echo(line, err=True)
    for path in written:
        typer.echo(str(path))
    if failed:
        typer.echo(
            f"policygen: {len(failed)} of {total} answers files failed; the others were built",
            err=True,
        )
        return PARTIAL
    return 0


Outcome = list[Path] | str  # the files written, or the one error line


def _attempt(build_one: BuildOne, path: Path, folder: Path) -> Outcome:
    try:
        return build_one(path, folder)
    except PolicygenError as err:
        return f"policygen: {err.prefix}{err}"


_job: BuildOne | None = None  # the build of the batch, inherited by forked workers


def _in_worker(path: Path, folder: Path) -> Outcome:
    assert _job is not None
    return _attempt(_job, path, folder)


def _results(
    jobs: list[tuple[Path, Path]], build_one: BuildOne, workers: int
) -> Iterator[tuple[Path, Path, Outcome]]:
    """Each job's outcome, in the order of ``jobs``; in forked workers when ``workers > 1``."""
    workers = min(workers, len(jobs))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for path, folder in jobs:
            yield path, folder, _attempt(build_one, path, folder)
        return
    global _job
    _job = build_one
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        futures = [pool.submit(_in_worker, path, folder) for path, folder in jobs]
        for (path, folder), future in zip(jobs, futures, strict=True):
            yield path, folder, future.result()
    finally:
        pool.shutdown(cancel_futures=True)
        _job = None
