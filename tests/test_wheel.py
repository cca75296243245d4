"""The built wheel carries clauses/ and templates/, and an installed copy builds a policy.

The wheel is installed into a throw-away venv. Its dependencies are borrowed from the
development venv with a plain path line in a ``.pth`` file: that makes jinja2, WeasyPrint and
friends importable without downloading anything, but does not run the development venv's own
``.pth`` files, so the editable ``src/`` checkout is not importable there. Every command runs
outside the checkout, so the installed package can only find its content inside itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow

PROBE = """\
import datetime as dt, json, sys
from pathlib import Path
import policygen
from policygen.answers.file import Answers, write_answers
from policygen.answers.applicability import with_defaults
from policygen.library.loader import load_library
from policygen.library.builtin import content_dir

library = load_library()
answers, _ = with_defaults(library, Answers(library=library.version), dt.date(2026, 12, 1))
write_answers(Path(sys.argv[1]), answers)
print(json.dumps({
    "package": policygen.__file__,
    "clauses": str(content_dir("clauses")),
    "templates": str(content_dir("templates")),
    "title": library.title,
    "topics": len(library.topics),
    "path": sys.path,
}))
"""


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONNOUSERSITE"] = "1"
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    done = run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ROOT, cwd=dist
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = dist.glob("policygen-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("venv")
    done = run(sys.executable, "-m", "venv", "--without-pip", home, cwd=home)
    assert done.returncode == 0, done.stderr
    python = home / "bin" / "python"
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=home
    )
    site = Path(purelib.stdout.strip())
    # Borrow the dependencies (a plain path: the dev venv's .pth files are not processed).
    (site / "_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "--no-compile",
        "--quiet",
        wheel,
        cwd=home,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield home


def test_wheel_contains_content(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "policygen/clauses/library.yaml" in names
    assert "policygen/templates/policy.md.j2" in names
    assert "policygen/templates/policy.html.j2" in names
    assert "policygen/templates/policy.css" in names
    assert "policygen/templates/word.yaml" in names
    assert "policygen/__init__.py" in names
    assert "policygen/render/pdf.py" in names
    shipped = {name.split("/")[-1] for name in names if name.startswith("policygen/clauses/")}
    assert shipped == {path.name for path in (ROOT / "clauses").glob("*.yaml")}
    assert not any(name.startswith(("tests/", "src/", "clauses/")) for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "policygen = policygen.cli.app:main" in archive.read(entry_points).decode()


def test_installed_wheel_finds_its_own_content(venv: Path, tmp_path: Path) -> None:
    done = run(venv / "bin" / "python", "-c", PROBE, tmp_path / "answers.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout)
    inside = str(venv.resolve())
    assert probe["package"].startswith(inside), probe["package"]
    assert probe["clauses"].startswith(inside), probe["clauses"]
    assert probe["templates"].startswith(inside), probe["templates"]
    assert str(ROOT / "src") not in probe["path"]  # the checkout is not importable
    assert str(ROOT) not in probe["path"]
    assert probe["topics"] >= 6

    build = run(
        venv / "bin" / "policygen",
        "build",
        "answers.yaml",
        "--format",
        "md,html,pdf,docx",
        "--output",
        "out",
        cwd=tmp_path,
    )
    assert build.returncode == 0, build.stderr
    assert build.stdout.split() == [
        "out/answers.md",
        "out/answers.html",
        "out/answers.pdf",
        "out/answers.docx",
    ]
    with zipfile.ZipFile(tmp_path / "out" / "answers.docx") as word:  # labels from the wheel
        assert b"Page " in word.read("word/footer1.xml")
    markdown = (tmp_path / "out" / "answers.md").read_text(encoding="utf-8")
    assert f"\n# {probe['title']}\n" in markdown
    assert "## 1. " in markdown
    html = (tmp_path / "out" / "answers.html").read_text(encoding="utf-8")
    assert "<style>" in html and "@page" in html  # the packaged stylesheet was inlined
    assert (tmp_path / "out" / "answers.pdf").read_bytes().startswith(b"%PDF-")

    check = run(venv / "bin" / "policygen", "check", "answers.yaml", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "answers.yaml: ok" in check.stdout
