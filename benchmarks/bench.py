"""policygen against the floor its dependencies set, measured side by side in one run.

Each case pairs a policygen measurement (A) with a baseline (B) that does only what cannot be
avoided: importing typer, a minimal typer app that loads the answers file (benchmarks/
baseline_app.py), WeasyPrint typesetting the same HTML with the same fonts (baseline_pdf.py), a
bare questionary prompt (baseline_prompt.py), or policygen itself at a smaller size. A and B run
in turn (A B A B ...), the first pair is a discarded warm-up, and the ratio of the medians is
compared with the target. Ratios, not seconds, carry between machines. Exit 1 if a target is
missed, so the run can gate a release; timing never decides a test. A case without a target is
shown for reference: the interview against a bare questionary prompt, which no typer program can
meet (importing typer costs about half of what importing questionary does, so the floor is
typer's), is judged against a typer command with the same options instead.

Usage: python benchmarks/bench.py [--runs N] [--group commands|batch|scale] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PY = sys.executable
EXAMPLE = ROOT / "examples" / "county-child-welfare" / "policy.yaml"

Measure = Callable[[], float]


@dataclass(frozen=True)
class Case:
    """One A/B pair: policygen (``a``) against its baseline (``b``)."""

    name: str
    baseline: str
    a: Measure
    b: Measure
    target: float | None  # None: shown for reference, never missed
    unit: str = "s"
    runs: int | None = None  # fewer runs for the slow cases


def process(argv: list[str], cwd: Path, *, rss: bool = False) -> Measure:
    """Wall seconds of a whole process (or its peak RSS in MiB), output thrown away."""

    def run() -> float:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read().decode() if child.stderr else ""
        if child.returncode not in (0, 1):  # diff and check exit 1 for findings
            raise SystemExit(f"bench: {' '.join(argv)} exited {child.returncode}: {errors}")
        return usage.ru_maxrss / 1024 if rss else elapsed

    return run


def prompt_time(argv: list[str], cwd: Path, pattern: str) -> Measure:
    """Seconds from starting a program in a pseudo-terminal until its first prompt shows."""
    import pexpect

    def run() -> float:
        start = time.perf_counter()
        child = pexpect.spawn(argv[0], argv[1:], cwd=str(cwd), dimensions=(40, 120), timeout=60)
        child.expect(pattern)
        elapsed = time.perf_counter() - start
        child.terminate(force=True)
        return elapsed

    return run


def in_process(work: Callable[[], object]) -> Measure:
    """Seconds of one call inside this process."""

    def run() -> float:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    return run


def pair(case: Case, runs: int) -> tuple[list[float], list[float]]:
    """Run A and B in turn; the first pair warms the caches and is discarded."""
    a_values, b_values = [], []
    for index in range(runs + 1):
        a, b = case.a(), case.b()
        if index:
            a_values.append(a)
            b_values.append(b)
    return a_values, b_values


def synthetic_library(folder: Path, size: int) -> Path:
    """An agency folder of copies of the built-in topics, so the library holds ``size`` topics."""
    folder.mkdir(parents=True, exist_ok=True)
    from policygen.library.folders import RESERVED_FILES

    topics = sorted(p for p in (ROOT / "clauses").glob("*.yaml") if p.name not in RESERVED_FILES)
    copy = 0
    while len(topics) + copy < size:
        original = topics[copy % len(topics)]
        new_id = f"{original.stem}-x{copy}"
        text = original.read_text(encoding="utf-8")
        text = text.replace(f"id: {original.stem}\n", f"id: {new_id}\n", 1)
        (folder / f"{new_id}.yaml").write_text(text, encoding="utf-8")
        copy += 1
    return folder


def answers_for(library_folders: list[Path], target: Path, change: bool) -> Path:
    """A complete answers file for a library (defaults), optionally with every answer moved."""
    flags = [arg for folder in library_folders for arg in ("--library", str(folder))]
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [PY, "-m", "policygen", "interview", str(target), "--defaults", "--no-build", *flags],
        check=True,
        capture_output=True,
    )
    if change:
        _move_answers(target, library_folders)
    return target


def _move_answers(path: Path, library_folders: list[Path]) -> None:
    """Choose another option for every select topic that has one: a large diff."""
    import yaml

    from policygen.library.loader import load_library

    library = load_library(library_folders)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for topic_id, value in list(data["answers"].items()):
        topic = library.topic(topic_id)
        if topic is None or not isinstance(value, str):
            continue
        others = [option.value for option in topic.options if option.value != value]
        if others:
            data["answers"][topic_id] = others[0]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def command_cases(tmp: Path) -> list[Case]:
    """policygen's commands as whole processes against their floors."""
    policygen = [PY, "-m", "policygen"]
    floor = [PY, str(HERE / "baseline_app.py")]
    out = tmp / "out"
    html_dir = tmp / "html"
    subprocess.run(
        [*policygen, "build", str(EXAMPLE), "-f", "html", "-o", str(html_dir)],
        check=True,
        capture_output=True,
    )
    html = html_dir / "policy.html"
    build = [*policygen, "build", str(EXAMPLE), "-o", str(out), "-f"]
    result = [
        Case(
            "policygen --help",
            'python -c "import typer"',
            process([*policygen, "--help"], tmp),
            process([PY, "-c", "import typer"], tmp),
            1.3,
        ),
        Case(
            "build -f md (county example)",
            "minimal typer app: build FILE -f -o",
            process([*build, "md"], tmp),
            process([*floor, "build", str(EXAMPLE), "-f", "md", "-o", str(tmp / "floor")], tmp),
            1.15,
        ),
        Case(
            "clauses list",
            "minimal typer app",
            process([*policygen, "clauses", "list"], tmp),
            process([*floor, "list"], tmp),
            1.2,
        ),
        Case(
            "check FILE",
            "minimal typer app: check FILE",
            process([*policygen, "check", str(EXAMPLE), "--today", "2027-01-15"], tmp),
            process([*floor, "check", str(EXAMPLE)], tmp),
            1.2,
        ),
        Case(
            "interview, start to first prompt (pty)",
            "one questionary prompt (pty)",
            prompt_time([*policygen, "interview", str(tmp / "new.yaml")], tmp, "name"),
            prompt_time([PY, str(HERE / "baseline_prompt.py")], tmp, "name"),
            None,  # for reference: below typer's own import cost, see the module docstring
        ),
        Case(
            "interview, start to first prompt (pty)",
            "a typer command with the same options: one questionary prompt (pty)",
            prompt_time([*policygen, "interview", str(tmp / "new2.yaml")], tmp, "name"),
            prompt_time([PY, str(HERE / "baseline_typer_prompt.py"), "new2.yaml"], tmp, "name"),
            1.2,
        ),
        Case(
            "build -f pdf",
            "WeasyPrint: same HTML, same fonts",
            process([*build, "pdf"], tmp),
            process([PY, str(HERE / "baseline_pdf.py"), str(html), str(tmp / "b.pdf")], tmp),
            1.05,
            runs=5,
        ),
        Case(
            "peak RSS of build -f pdf",
            "WeasyPrint: same HTML, same fonts",
            process([*build, "pdf"], tmp, rss=True),
            process(
                [PY, str(HERE / "baseline_pdf.py"), str(html), str(tmp / "b.pdf")], tmp, rss=True
            ),
            1.1,
            unit="MiB",
            runs=3,
        ),
    ]
    return result


def batch_cases(tmp: Path) -> list[Case]:
    """Many answers files in one ``build`` process against one process each."""
    policygen = [PY, "-m", "policygen"]
    files = []
    for index in range(100):
        folder = tmp / "batch" / f"agency-{index:03d}"
        folder.mkdir(parents=True)
        shutil.copy(EXAMPLE, folder / "policy.yaml")
        files.append(folder / "policy.yaml")
    probe = subprocess.run(
        [*policygen, "build", *map(str, files[:2]), "-f", "md", "-o", str(tmp / "probe")],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        print("bench: build takes one answers file here; batch cases skipped", file=sys.stderr)
        return []

    def separate(count: int, fmt: str) -> Measure:
        def run() -> float:
            start = time.perf_counter()
            for index, path in enumerate(files[:count]):
                argv = [*policygen, "build", str(path), "-f", fmt, "-o", str(tmp / f"s{index}")]
                subprocess.run(argv, check=True, capture_output=True)
            return time.perf_counter() - start

        return run

    def together(count: int, fmt: str) -> list[str]:
        return [*policygen, "build", *map(str, files[:count]), "-f", fmt, "-o", str(tmp / "t")]

    return [
        Case(
            "100 answers files to md, one process",
            "100 separate build -f md processes",
            process(together(100, "md"), tmp),
            separate(100, "md"),
            0.08,
            runs=3,
        ),
        Case(
            "20 answers files to pdf, one process",
            "20 separate build -f pdf processes",
            process(together(20, "pdf"), tmp),
            separate(20, "pdf"),
            0.5,
            runs=2,
        ),
    ]


def scale_cases(tmp: Path) -> list[Case]:
    """Library loading and diff at 1,000 topics against the 32-topic library, in process."""
    from typer.testing import CliRunner

    from policygen.cli.app import app
    from policygen.library.loader import load_library

    big = synthetic_library(tmp / "synthetic", 1000)
    size = len(load_library([big]).topics)
    small_old = answers_for([], tmp / "small" / "old.yaml", change=False)
    small_new = answers_for([], tmp / "small" / "new.yaml", change=True)
    big_old = answers_for([big], tmp / "big" / "old.yaml", change=False)
    big_new = answers_for([big], tmp / "big" / "new.yaml", change=True)
    runner = CliRunner()

    def diff(old: Path, new: Path, folders: list[Path]) -> Callable[[], object]:
        flags = [arg for folder in folders for arg in ("--library", str(folder))]
        argv = ["diff", str(old), str(new), "-f", "md", *flags]
        return lambda: runner.invoke(app, argv, catch_exceptions=False)

    builtin_size = len(load_library().topics)
    return [
        Case(
            f"load and validate {size} topics",
            f"the same with {builtin_size} topics",
            in_process(lambda: load_library([big])),
            in_process(load_library),
            35.0,
            unit="s",
        ),
        Case(
            f"diff of a {size}-topic policy",
            f"the {builtin_size}-topic policy",
            in_process(diff(big_old, big_new, [big])),
            in_process(diff(small_old, small_new, [])),
            35.0,
            runs=3,
        ),
    ]


GROUPS: dict[str, Callable[[Path], list[Case]]] = {
    "commands": command_cases,
    "batch": batch_cases,
    "scale": scale_cases,
}


def compiled_like_an_install() -> None:
    """Byte-compile policygen as pip does when it installs a wheel.

    Its dependencies in site-packages are compiled; an editable checkout run with
    ``PYTHONDONTWRITEBYTECODE`` would otherwise compile policygen's modules from source in
    every process and charge that to policygen.
    """
    import policygen

    package = str(Path(policygen.__file__).parent)
    subprocess.run([PY, "-m", "compileall", "-q", package], check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured pairs per case (default 7)")
    parser.add_argument(
        "--group", choices=sorted(GROUPS), action="append", help="run only these groups"
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    print(
        f"policygen benchmarks: Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.system()} {platform.release()}",
        flush=True,
    )
    compiled_like_an_install()
    rows, missed = [], []
    with tempfile.TemporaryDirectory() as folder:
        chosen = [case for name in args.group or GROUPS for case in GROUPS[name](Path(folder))]
        for case in chosen:
            runs = min(args.runs, case.runs) if case.runs else args.runs
            a_values, b_values = pair(case, runs)
            a, b = statistics.median(a_values), statistics.median(b_values)
            ratio = a / b
            ok = case.target is None or ratio <= case.target
            if not ok:
                missed.append(case.name)
            rows.append((case, runs, a, b, ratio, ok))
            print(
                f"  {case.name}: {a:.3f} {case.unit} vs {b:.3f} {case.unit} = {ratio:.2f}x "
                f"({_target(case)}) {_verdict(case, ok)}",
                flush=True,
            )
    print()
    print(table(rows, markdown=args.markdown))
    if missed:
        print(f"\nmissed: {', '.join(missed)}")
        return 1
    return 0


def _target(case: Case) -> str:
    return "reference" if case.target is None else f"<= {case.target:g}x"


def _verdict(case: Case, ok: bool) -> str:
    return "" if case.target is None else "ok" if ok else "MISSED"


def table(rows: list[tuple[Case, int, float, float, float, bool]], *, markdown: bool) -> str:
    """The results, one line per case."""
    head = ("case", "baseline in the same run", "policygen", "baseline", "ratio", "target", "")
    lines = [
        (
            case.name,
            case.baseline,
            f"{a:.3f} {case.unit}",
            f"{b:.3f} {case.unit}",
            f"{ratio:.2f}x",
            _target(case),
            _verdict(case, ok),
        )
        for case, _runs, a, b, ratio, ok in rows
    ]
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(str(row[i])) for row in [head, *lines]) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in [head, *lines]
    )


if __name__ == "__main__":
    sys.exit(main())
