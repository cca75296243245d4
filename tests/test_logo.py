"""The agency's logo: declared in the answers file, checked by content, embedded, nothing else."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest

from policygen.answers.applicability import problems
from policygen.answers.file import read_answers
from policygen.document.assemble import assemble
from policygen.library.loader import Library
from policygen.render.outputs import render
from tests.conftest import MakeAnswers
from tests.helpers import run


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A valid RGB PNG, made here so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def with_logo(make_answers: MakeAnswers, tmp_path: Path) -> Path:
    (tmp_path / "logo.png").write_bytes(tiny_png())
    return make_answers(policy={"logo": "logo.png"})


def test_logo_is_embedded_in_html(mini_library: Library, with_logo: Path) -> None:
    answers = read_answers(with_logo)
    assert problems(mini_library, answers, with_logo) == []
    html = render(assemble(mini_library, answers, with_logo), "html").decode()
    assert '<img class="logo" src="data:image/png;base64,' in html
    assert "file:" not in html  # the page stands alone, whatever machine built it


@pytest.mark.pdf
def test_logo_reaches_the_pdf_and_nothing_else_is_fetched(
    mini_library: Library, with_logo: Path
) -> None:
    from pypdf import PdfReader

    from policygen.answers.logo import logo_data_uri
    from policygen.library.builtin import content_dir
    from policygen.render.common import font_dir
    from policygen.render.html import render_html
    from policygen.render.pdf import AssetFetcher, render_pdf

    policy = assemble(mini_library, read_answers(with_logo), with_logo)
    assert policy.logo is not None
    uri = logo_data_uri(policy.logo)
    fetcher = AssetFetcher([content_dir("templates"), font_dir()], data_urls=frozenset({uri}))
    data = render_pdf(render_html(policy), policy, fetcher)
    assert fetcher.refused == []
    first = PdfReader(io.BytesIO(data)).pages[0]
    assert len(first.images) == 1
    assert render(policy, "pdf") == render(policy, "pdf")  # still deterministic


@pytest.mark.pdf
def test_only_the_declared_logo_data_url_is_served() -> None:
    from policygen.render.pdf import AssetFetcher

    fetcher = AssetFetcher([], data_urls=frozenset({"data:image/png;base64,AAAA"}))
    assert fetcher.fetch("data:image/png;base64,AAAA").read() == b"\x00\x00\x00"
    with pytest.raises(ValueError, match="own assets"):
        fetcher.fetch("data:image/png;base64,BBBB")
    assert fetcher.refused == ["data:image/png;base64,BBBB"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b"<svg/>", "'logo.svg' is not a .png, .jpg or .jpeg file"),
        ("missing.png", None, "'missing.png' not found next to the answers file"),
        ("/etc/logo.png", None, "'/etc/logo.png' must be a file in the answers file's folder"),
        ("../logo.png", None, "'../logo.png' must be a file in the answers file's folder"),
    ],
)
@pytest.mark.usefixtures("mini_builtin")
def test_check_names_a_bad_logo(
    make_answers: MakeAnswers, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    path = make_answers(policy={"logo": name})
    result = run("check", str(path))
    assert result.exit_code == 2  # bad input
    assert f"policy.logo: {message}" in result.stderr


@pytest.mark.usefixtures("mini_builtin")
def test_a_logo_that_is_not_an_image_stops_the_build(
    make_answers: MakeAnswers, tmp_path: Path
) -> None:
    (tmp_path / "logo.png").write_text("<script>alert(1)</script>", encoding="utf-8")
    path = make_answers(policy={"logo": "logo.png"})
    out = tmp_path / "out"
    result = run("build", str(path), "-f", "html", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"policygen: error: {path}: policy.logo: the logo")
    assert "is not a PNG or JPEG image" in result.stderr
    assert not out.exists()


@pytest.mark.usefixtures("mini_builtin")
def test_a_logo_linking_out_of_the_folder_is_refused(
    make_answers: MakeAnswers, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-private.png"
    outside.write_bytes(tiny_png())
    (tmp_path / "logo.png").symlink_to(outside)
    path = make_answers(policy={"logo": "logo.png"})
    result = run("build", str(path), "-f", "html", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "policy.logo: 'logo.png' links outside the answers file's folder" in result.stderr
