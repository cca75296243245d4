"""Time policygen's commands as whole processes against baselines measured in the same run.

Ratios, not seconds, are the figures to compare between machines:

- ``--help`` and a Markdown build against a bare ``python -c "import yaml, jinja2"``;
- a PDF build against WeasyPrint typesetting a one-paragraph page.

Usage: python benchmarks/bench.py [--runs N] [--example NAME]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(argv: list[str], runs: int, cwd: Path) -> list[float]:
    """Wall-clock seconds of each run (after one warm-up run)."""
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--example", default="county-child-welfare")
    args = parser.parse_args()
    answers = ROOT / "examples" / args.example / "policy.yaml"
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build = [py, "-m", "policygen", "build", str(answers), "-o", str(out), "-f"]
        cases = {
            "baseline: import yaml, jinja2": [py, "-c", "import yaml, jinja2"],
            "policygen --help": [py, "-m", "policygen", "--help"],
            "build -f md": [*build, "md"],
            "build -f html": [*build, "html"],
            "baseline: weasyprint one-paragraph PDF": [
                py,
                "-c",
                "import weasyprint; weasyprint.HTML(string='<p>x</p>').write_pdf()",
            ],
            "build -f pdf": [*build, "pdf"],
        }
        results = {name: timed(argv, args.runs, out) for name, argv in cases.items()}
    base = statistics.median(results["baseline: import yaml, jinja2"])
    pdf_base = statistics.median(results["baseline: weasyprint one-paragraph PDF"])
    print(f"{args.runs} runs each, example {args.example}, Python {sys.version.split()[0]}")
    print(f"{'command':<42} {'min s':>7} {'median s':>9} {'ratio':>7}  vs")
    for name, times in results.items():
        median = statistics.median(times)
        against, label = (pdf_base, "weasyprint") if "pdf" in name.lower() else (base, "import")
        print(f"{name:<42} {min(times):>7.3f} {median:>9.3f} {median / against:>7.2f}  {label}")


if __name__ == "__main__":
    main()
