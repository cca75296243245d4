"""A redline's words are the library's (``clauses/redline.yaml``): an agency folder rewords them.

The counselling example against a copy with one answer changed gives a redline with a version
line, a changed clause and an answers table; an agency folder's ``redline.yaml`` replaces some of
its words, and each format must then print the agency's words and not the built-in ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, run

EXAMPLE = ROOT / "examples" / "counseling-nonprofit" / "policy.yaml"
OURS = {
    "headings": {"staff": "Was sich für das Team ändert", "answers": "Geänderte Antworten"},
    "labels": {"why": "Warum:", "version": "Fassung {version}", "reworded": "umformuliert"},
    "staff": {"changed": "Geändert: {title} ({number}), jetzt „{new}“."},
}


def _files(tmp_path: Path) -> tuple[Path, Path]:
    """The example, and a copy whose engagement style and version changed."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert data["answers"]["engagement-style"] == "broadcast", "the example moved: fix the test"
    data["answers"]["engagement-style"] = "reciprocal"
    data["policy"]["version"] = "1.1"
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return EXAMPLE, new


def _folder(tmp_path: Path, words: object) -> Path:
    folder = tmp_path / "ours"
    folder.mkdir(exist_ok=True)
    (folder / "redline.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), "utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_an_agency_folder_rewords_the_redline(tmp_path: Path, fmt: str) -> None:
    old, new = _files(tmp_path)
    builtin = run("diff", str(old), str(new), "-f", fmt)
    assert builtin.exit_code == 1, builtin.stderr
    assert "What changes for staff" in builtin.stdout and "Why:" in builtin.stdout
    ours = run("diff", str(old), str(new), "-f", fmt, "--library", str(_folder(tmp_path, OURS)))
    assert ours.exit_code == 1, ours.stderr
    for words in (OURS["headings"]["staff"], "Warum:", "(umformuliert)"):
        assert words in ours.stdout, words
    assert "Geändert: How official accounts interact (1.5), jetzt „Build relationships" in (
        ours.stdout
    )
    for built_in in ("What changes for staff", "Why:", "Changed:", "(reworded)"):
        assert built_in not in ours.stdout, built_in
    assert "Clauses changed" in ours.stdout, "texts the folder does not name stay the library's"
    if fmt != "text":
        assert "Fassung 1.1" in ours.stdout and "Geänderte Antworten" in ours.stdout


def test_the_word_redline_labels_reasons_with_the_agency_word(tmp_path: Path) -> None:
    from policygen.answers.file import read_answers
    from policygen.library.loader import load_library
    from policygen.lifecycle.compare import Side, compare

    old, new = _files(tmp_path)
    library = load_library((_folder(tmp_path, OURS),))
    sides = [
        Side(label=p.name, answers=read_answers(p), library=library, path=p) for p in (old, new)
    ]
    cmp = compare(*sides)
    assert cmp.clauses and all(
        "Warum:" in "".join(text for _, text in c.segments) for c in cmp.clauses
    )
    assert not any("Why:" in "".join(text for _, text in c.segments) for c in cmp.clauses)


@pytest.mark.parametrize(
    ("words", "field", "message"),
    [
        (
            {"staff": {"added": "New: {title} by {author}."}},
            "staff.added",
            "unknown field {author}",
        ),
        ({"labels": {"why": "Why\nnot"}}, "labels.why", ""),
        ({"labels": {"whyy": "Why:"}}, "labels.whyy", "unknown field"),
        ({"footer": {}}, "footer", "unknown field"),
    ],
)
def test_a_malformed_redline_file_is_one_line_naming_file_and_field(
    tmp_path: Path, words: object, field: str, message: str
) -> None:
    old, new = _files(tmp_path)
    folder = _folder(tmp_path, words)
    result = run("diff", str(old), str(new), "--library", str(folder))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{folder / 'redline.yaml'}: {field}:" in lines[0] and message in lines[0], lines[0]
