"""The same answers and library give the same bytes, whatever the clock or the environment."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import time
from pathlib import Path
from typing import Any

import pytest

from policygen.answers.file import read_answers
from policygen.document.assemble import assemble
from policygen.library.loader import Library
from policygen.render.outputs import render
from tests.helpers import run


@pytest.mark.usefixtures("mini_builtin", "answers_file")
@pytest.mark.parametrize("suffix", ["md", "html", pytest.param("pdf", marks=pytest.mark.pdf)])
def test_two_builds_are_byte_identical(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for outdir, fake_now in (("first", 1_700_000_000.0), ("second", 1_900_000_000.0)):
        # A different wall clock for each build: nothing may depend on it.
        monkeypatch.setattr(time, "time", lambda now=fake_now: now)
        result = run("build", "policy.yaml", "-f", suffix, "-o", outdir)
        assert result.exit_code == 0, result.output
    first = (tmp_path / "first" / f"policy.{suffix}").read_bytes()
    second = (tmp_path / "second" / f"policy.{suffix}").read_bytes()
    assert first == second


@pytest.mark.pdf
def test_pdf_ignores_source_date_epoch_and_restores_it(
    mini_library: Library, answers_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = assemble(mini_library, read_answers(answers_file), answers_file)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    first = render(policy, "pdf")
    assert os.environ["SOURCE_DATE_EPOCH"] == "1000000000"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    second = render(policy, "pdf")
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert first == second


@pytest.mark.pdf
def test_pdf_dates_and_identifier_come_from_the_answers(
    mini_library: Library, answers_file: Path
) -> None:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
    from pypdf import PdfReader

    from policygen.render.html import render_html

    policy = assemble(mini_library, read_answers(answers_file), answers_file)
    reader = PdfReader(io.BytesIO(render(policy, "pdf")))
    meta: Any = reader.metadata  # pypdf types values as PdfObject
    assert (meta["/CreationDate"], meta["/ModDate"]) == ("D:20261201", "D:20261201")
    html_hash = hashlib.sha256(render_html(policy).encode("utf-8")).hexdigest()[:32]
    trailer: Any = reader.trailer
    assert trailer["/ID"][0] == html_hash
    # Embedded font subsets carry the effective date too, not the time of the build.
    stamps = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts: Any = resources["/Font"]
        for font in fonts.values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            stamps.add(_mac_epoch_date(TTFont(io.BytesIO(data))["head"].modified))
    assert stamps == {"2026-12-01"}


def _mac_epoch_date(seconds: int) -> str:
    """TrueType ``head`` times count seconds from 1904-01-01."""
    return (dt.datetime(1904, 1, 1) + dt.timedelta(seconds=seconds)).date().isoformat()


@pytest.mark.pdf
def test_pdf_streams_are_compressed_once_and_the_bytes_stay_the_same(
    mini_library: Library, answers_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zlib

    from policygen.render import pdf

    policy = assemble(mini_library, read_answers(answers_file), answers_file)
    real = zlib.compressobj
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(zlib, "compressobj", counted)
    once = render(policy, "pdf")
    compressed_once = len(calls)
    calls.clear()
    monkeypatch.setattr(pdf, "serialize_once", lambda _document, _pdf: None)
    twice = render(policy, "pdf")  # pydyf alone: every stream again for the identifier
    assert once == twice
    assert 0 < compressed_once < len(calls)
