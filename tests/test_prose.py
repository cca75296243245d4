"""Document prose ("About this policy", the closing note) comes from the library, once for all."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygen.errors import LibraryError
from policygen.library.loader import Library, load_library
from tests.helpers import MINI, run

pytestmark = pytest.mark.usefixtures("mini_builtin", "here")

OURS = "At {{ policy.org_name }}, read this with your supervisor in your first week."


def agency_folder(text: str) -> Path:
    folder = Path("ours")
    folder.mkdir()
    (folder / "prose.yaml").write_text(text, encoding="utf-8")
    return folder


def test_every_format_prints_the_same_about_text_from_the_library(answers_file: Path) -> None:
    assert run("build", answers_file.name, "-f", "md,html", "-o", "out").exit_code == 0
    markdown = Path("out/policy.md").read_text(encoding="utf-8")
    html = Path("out/policy.html").read_text(encoding="utf-8")
    sentence = "Ask the owner if something is unclear."
    assert markdown.count(sentence) == html.count(sentence) == 1
    assert (
        "This draft is not legal advice." in markdown and "This draft is not legal advice." in html
    )


def test_an_agency_folder_replaces_the_about_text(answers_file: Path) -> None:
    agency_folder(f"about: '{OURS}'\n")
    result = run("build", answers_file.name, "-f", "md,html", "-o", "out", "-L", "ours")
    assert result.exit_code == 0, result.stderr
    for name in ("policy.md", "policy.html"):
        text = Path("out", name).read_text(encoding="utf-8")
        assert "read this with your supervisor in your first week." in text, name
        assert "Ask the owner if something is unclear." not in text, name
        assert "This draft is not legal advice." in text, name  # what it did not replace stays


def test_a_broken_prose_template_is_one_line_naming_file_and_field(answers_file: Path) -> None:
    agency_folder("about: '{{ policy.org_name '\n")
    result = run("build", answers_file.name, "-f", "md", "-o", "out", "-L", "ours")
    assert result.exit_code == 2
    assert result.stderr.startswith("policygen: error: ours/prose.yaml: about: template error")
    assert result.stderr.count("\n") == 1


def test_the_built_in_prose_has_every_text(tmp_path: Path, mini_library: Library) -> None:
    assert set(mini_library.prose) == {"about", "draft_note", "final_note"}
    (tmp_path / "prose.yaml").write_text("about: x\nsurprise: y\n", encoding="utf-8")
    with pytest.raises(LibraryError, match="unknown field 'surprise'"):
        load_library((tmp_path,), base=MINI)
