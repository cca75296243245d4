"""A batch built in forked workers reports and writes exactly what one process would."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from policygen.cli.batch import PARTIAL, run_batch
from policygen.errors import AnswersError
from tests.helpers import ROOT, run

EXAMPLE = ROOT / "examples" / "county-child-welfare" / "policy.yaml"


def _build_one(path: Path, folder: Path) -> list[Path]:
    """Write one file naming the process, or fail as a bad answers file does."""
    if "bad" in path.name:
        raise AnswersError("organization: expected a mapping", path=path)
    folder.mkdir(parents=True)
    out = folder / f"{path.stem}.txt"
    out.write_text(f"{path.name}\n", encoding="utf-8")
    (folder / "pid").write_text(str(os.getpid()), encoding="utf-8")
    return [out]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_workers_report_in_order_with_one_line_per_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: int
) -> None:
    files = [tmp_path / f"{name}.yaml" for name in ("a", "b", "bad", "c", "d", "bad2", "e")]
    code = run_batch(files, tmp_path / "out", _build_one, workers=workers)
    out, err = capsys.readouterr()
    assert code == PARTIAL
    assert out.splitlines() == [
        str(tmp_path / "out" / s / f"{s}.txt") for s in ("a", "b", "c", "d", "e")
    ]
    errors = [line for line in err.splitlines() if line.startswith("policygen: error")]
    assert errors == [
        f"policygen: error: {tmp_path / name}: organization: expected a mapping"
        for name in ("bad.yaml", "bad2.yaml")
    ]
    assert "2 of 7 answers files failed" in err
    pids = {(tmp_path / "out" / s / "pid").read_text() for s in ("a", "b", "c", "d", "e")}
    assert (str(os.getpid()) in pids) == (workers == 1)  # the work left this process


@pytest.mark.pdf
def test_a_pdf_batch_equals_single_builds(tmp_path: Path) -> None:
    files = []
    for name in ("north", "south", "east"):
        (tmp_path / name).mkdir()
        files.append(Path(shutil.copy(EXAMPLE, tmp_path / name / "policy.yaml")))
    result = run("build", *map(str, files), "-f", "pdf,md", "-o", str(tmp_path / "batch"))
    assert result.exit_code == 0, result.output
    for path in files:
        single = tmp_path / "single" / path.parent.name
        alone = run("build", str(path), "-f", "pdf,md", "-o", str(single))
        assert alone.exit_code == 0, alone.output
        for suffix in (".pdf", ".md"):
            batch = tmp_path / "batch" / path.parent.name / f"policy{suffix}"
            assert batch.read_bytes() == (single / f"policy{suffix}").read_bytes()
