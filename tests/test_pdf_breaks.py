"""PDF page breaks: table rows and reference entries stay whole (issue 9, item 16).

A revision-history row split over two pages, or a last page that holds a single reference,
looks careless in a board packet. These tests read the typeset PDF back page by page.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT, run

EXAMPLES = ("counseling-nonprofit", "county-child-welfare", "university-center")

pytestmark = pytest.mark.pdf


def _pages(name: str) -> list[str]:
    from pypdf import PdfReader

    result = run("build", name, "-f", "md,pdf", "-o", "out")
    assert result.exit_code == 0, result.output
    pdf = (Path("out") / f"{Path(name).stem}.pdf").read_bytes()
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize("example", EXAMPLES)
def test_references_never_split_and_never_one_alone(example: str) -> None:
    shutil.copy(ROOT / "examples" / example / "policy.yaml", "policy.yaml")
    pages = _pages("policy.yaml")
    markdown = Path("out/policy.md").read_text().split(". References\n")[-1]
    starts = [
        m.replace("*", "").replace("\\", "")[:30] for m in re.findall(r"(?m)^\d+\. (.+)$", markdown)
    ]
    first = min(i for i, page in enumerate(pages) if starts[0] in page)
    for page in pages[first + 1 :]:
        top = page.lstrip().splitlines()[0]
        assert any(top.startswith(s[:20]) for s in starts), f"an entry continues: {top!r}"
    if first < len(pages) - 1:
        alone = len(re.findall(r"(?m)^\d+\. ?$", pages[-1]))
        assert alone >= 2, f"the last page holds {alone} reference"


@pytest.mark.usefixtures("here")
def test_history_rows_never_split() -> None:
    text = (ROOT / "examples" / "county-child-welfare" / "policy.yaml").read_text()
    head, _, rest = text.partition("history:\n")
    _, _, answers = rest.partition("answers:\n")
    words = "the yearly review changed the wording of several rules after staff feedback "
    entries = [  # rows of one to seven lines, so some page break falls inside a row
        f"- version: '1.{n}'\n  date: 2027-01-{n + 1:02d}\n"
        f"  summary: Start{n:02d} {(words * (n * 3 % 7 + 1)).strip()} End{n:02d}\n"
        for n in range(25)
    ]
    head = head.replace("version: '1.0'", "version: '1.24'")
    Path("policy.yaml").write_text(head + "history:\n" + "".join(entries) + "answers:\n" + answers)
    pages = _pages("policy.yaml")
    for n in range(25):
        starts = [i for i, page in enumerate(pages) if f"Start{n:02d}" in page]
        ends = [i for i, page in enumerate(pages) if f"End{n:02d}" in page]
        assert starts == ends, f"history row 1.{n} is split over pages {starts} and {ends}"
