"""Draft status: a version without a recorded approval says so on every page (issue 9, item 1)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from policygen.library.loader import Library
from tests.helpers import ROOT, run


def _build(*formats: str, name: str = "policy.yaml") -> dict[str, str]:
    result = run("build", name, "-f", ",".join(formats), "-o", "out")
    assert result.exit_code == 0, result.output
    return {fmt: (Path("out") / f"{Path(name).stem}.{fmt}").read_text() for fmt in formats}


@pytest.mark.usefixtures("mini_builtin", "here", "answers_file")
def test_a_new_policy_is_a_draft_until_approved() -> None:
    built = _build("md", "html")
    markdown, html = built["md"], built["html"]
    assert markdown.splitlines()[0].startswith("**DRAFT")
    assert "To be approved by Board of Directors" in markdown
    assert "| Approved by |" not in markdown
    assert "counsel" in markdown  # drafting advice, in drafts only
    assert 'class="draft-mark"' in html
    assert "To be approved by" in html
    assert "<dt>Approved by</dt>" not in html

    assert run("release", "policy.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    released = _build("md")["md"]
    assert released.splitlines()[0].startswith("**DRAFT")  # released is not approved

    assert run("approve", "policy.yaml", "--date", "2026-11-24").exit_code == 0
    built = _build("md", "html")
    markdown, html = built["md"], built["html"]
    assert "DRAFT" not in markdown
    assert "| Approved by | Board of Directors, November 24, 2026 |" in markdown
    assert "To be approved" not in markdown
    assert "counsel" not in markdown
    assert 'class="draft-mark"' not in html
    assert "<dd>Board of Directors, November 24, 2026</dd>" in html


@pytest.mark.usefixtures("mini_builtin", "here", "answers_file")
def test_final_build_refuses_a_draft() -> None:
    result = run("build", "policy.yaml", "-f", "md", "--final")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "draft" in result.stderr
    assert "policygen approve" in result.stderr
    assert not Path("out").exists()


@pytest.mark.pdf
@pytest.mark.usefixtures("here")
def test_every_pdf_page_of_a_draft_is_marked() -> None:
    from pypdf import PdfReader

    shutil.copy(ROOT / "examples" / "counseling-nonprofit" / "policy.yaml", "approved.yaml")
    text = Path("approved.yaml").read_text()
    draft = text.replace("  approved_by:\n  - Board of Directors\n  approved: 2026-12-01\n", "")
    assert draft != text
    Path("draft.yaml").write_text(draft)
    for name, marked in (("draft.yaml", True), ("approved.yaml", False)):
        result = run("build", name, "-f", "pdf", "-o", "out")
        assert result.exit_code == 0, result.output
        pages = PdfReader(io.BytesIO((Path("out") / f"{Path(name).stem}.pdf").read_bytes())).pages
        assert len(pages) > 3
        assert all(("DRAFT" in page.extract_text()) is marked for page in pages)


def _change_an_answer() -> None:
    """Change the organisation's name: part of the text the board approved."""
    text = Path("policy.yaml").read_text()
    changed = text.replace("name: ", "name: Renamed ", 1)
    assert changed != text
    Path("policy.yaml").write_text(changed)


@pytest.mark.usefixtures("mini_builtin", "here", "answers_file")
def test_a_changed_policy_is_a_draft_again() -> None:
    """Approval vouches for the answers it saw: changed answers make the document a draft."""
    assert run("release", "policy.yaml", "-m", "First", "--effective", "2026-12-01").exit_code == 0
    assert run("approve", "policy.yaml", "--date", "2026-11-24").exit_code == 0
    assert run("build", "policy.yaml", "-f", "md", "--final").exit_code == 0
    assert run("check", "policy.yaml", "--today", "2026-12-02").exit_code == 0

    _change_an_answer()
    built = _build("md", "html")
    markdown, html = built["md"], built["html"]
    assert markdown.splitlines()[0].startswith("**DRAFT: changed since version 1.0")
    assert "To be approved by Board of Directors" in markdown
    assert "| Approved by |" not in markdown
    assert 'class="draft-mark"' in html
    assert "<dt>Approved by</dt>" not in html

    final = run("build", "policy.yaml", "-f", "md", "-o", "final", "--final")
    assert final.exit_code == 1
    assert final.stderr.count("\n") == 1
    assert "changed since version 1.0 was approved" in final.stderr
    assert "policygen release" in final.stderr
    assert not Path("final").exists()

    check = run("check", "policy.yaml", "--today", "2026-12-02")
    assert check.exit_code == 1, check.output
    assert "changed since version 1.0 was approved" in check.output
    assert "policygen release" in check.output and "policygen approve" in check.output

    assert run("release", "policy.yaml", "-m", "Renamed").exit_code == 0
    assert run("approve", "policy.yaml", "--date", "2026-12-01").exit_code == 0
    assert run("build", "policy.yaml", "-f", "md", "-o", "again", "--final").exit_code == 0
    assert "DRAFT" not in (Path("again") / "policy.md").read_text()


def test_build_file_refuses_a_draft_before_any_rendering(
    mini_library: Library, answers_file: Path, tmp_path: Path
) -> None:
    """The function behind ``build``, without a CLI: the refusal comes before the slow part."""
    from policygen.errors import DraftRefused
    from policygen.render.bundle import build_file

    started: list[str] = []
    out = tmp_path / "out"
    with pytest.raises(DraftRefused, match="no approval recorded"):
        build_file(
            answers_file,
            out,
            mini_library,
            ("md",),
            names=("policy",),
            langs=("en",),
            final=True,
            rendering=lambda: started.append("rendering"),
        )
    assert started == [] and not out.exists()
    written = build_file(
        answers_file,
        out,
        mini_library,
        ("md", "html"),
        names=("policy",),
        langs=("en",),
        rendering=lambda: started.append("rendering"),
    )
    assert started == ["rendering"]
    assert written == [out / "policy.md", out / "policy.html"]
    assert all(path.is_file() for path in written)
