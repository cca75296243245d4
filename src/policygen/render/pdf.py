"""PDF rendering with WeasyPrint: the only module that imports it.

WeasyPrint fetches stylesheets, fonts and images by URL. ``AssetFetcher`` serves only files
inside the package's templates folder and the bundled font folder, and refuses everything else
(network, other ``file://`` paths, any ``data:`` URL but the agency's own logo), recording each
refusal so tests can assert on it.
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from policygen.answers.logo import logo_uri
from policygen.document.assemble import Policy
from policygen.errors import RenderError
from policygen.library.builtin import content_dir
from policygen.render.common import font_dir
from policygen.render.pdf_once import serialize_once

FONT_FACES = (
    ("Regular", "normal", "normal"),
    ("Bold", "bold", "normal"),
    ("Italic", "normal", "italic"),
    ("BoldItalic", "bold", "italic"),
)


class AssetFetcher(URLFetcher):  # type: ignore[misc]
    """Serve package assets only; everything else is refused and recorded in ``refused``."""

    def __init__(self, allowed: list[Path], *, data_urls: frozenset[str] = frozenset()) -> None:
        super().__init__(allowed_protocols=["file", "data"])
        self.allowed = [folder.resolve() for folder in allowed]
        self.data_urls = data_urls  # the logo, embedded by the HTML renderer, and nothing else
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:  # noqa: ARG002
        """Return the asset at a ``file:`` URL inside an allowed folder, or refuse."""
        if url in self.data_urls:
            header, _, payload = url.partition(",")
            mime = header.removeprefix("data:").removesuffix(";base64")
            return URLFetcherResponse(
                url, body=base64.b64decode(payload), headers={"Content-Type": mime}
            )
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(folder) for folder in self.allowed) and path.is_file():
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": _mime(path)}
                )
        self.refused.append(url)
        raise ValueError(f"policygen serves only its own assets, not {url}")


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".ttf": "font/ttf",
        ".png": "image/png",
        ".svg": "image/svg+xml",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
    }.get(path.suffix.lower(), "application/octet-stream")


def font_css(fonts: Path) -> str:
    """``@font-face`` rules pointing at the bundled font files."""
    rules = []
    for name, weight, style in FONT_FACES:
        url = (fonts / f"AtkinsonHyperlegible-{name}.ttf").as_uri()
        rules.append(
            f'@font-face {{ font-family: "Atkinson Hyperlegible"; src: url("{url}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def render_pdf(
    html: str,
    policy: Policy,
    fetcher: AssetFetcher | None = None,
    *,
    logo: str | None = None,
    max_pages: int | None = None,
    tighter: Sequence[str] = (),
) -> bytes:
    """Typeset the HTML as a tagged PDF (PDF/UA-1) with deterministic metadata.

    A document that must fit ``max_pages`` (the one-page staff summary) may pass ``tighter``
    versions of its HTML: each is tried in turn while the typeset result is too long, and the
    last one is kept even if it is still too long (a test then says so).
    """
    templates, fonts = content_dir("templates"), font_dir()
    logo = logo if logo is not None else logo_uri(policy.logo)
    served = frozenset({logo}) if logo else frozenset()
    fetcher = fetcher or AssetFetcher([templates, fonts], data_urls=served)
    base_url = templates.as_uri() + "/"
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        with _clock_at(policy.effective), _collecting_young_only():
            for candidate in (html, *tighter):
                font_config = FontConfiguration()
                document = weasyprint.HTML(string=candidate, base_url=base_url, url_fetcher=fetcher)
                extra = weasyprint.CSS(
                    string=font_css(fonts),
                    base_url=base_url,
                    url_fetcher=fetcher,
                    font_config=font_config,
                )
                rendered = document.render(stylesheets=[extra], font_config=font_config)
                if max_pages is None or len(rendered.pages) <= max_pages:
                    break
            del document, extra
            # Layout leaves some 45,000 objects in reference cycles (8 MB for a 20-page
            # policy); collected now, the PDF writer reuses their memory instead of growing.
            gc.collect()
            identifier = hashlib.sha256(candidate.encode("utf-8")).hexdigest()[:32].encode()
            rendered.metadata.created = policy.effective.isoformat()
            rendered.metadata.modified = policy.effective.isoformat()
            rendered.metadata.authors = [policy.org_name]
            rendered.metadata.generator = "policygen"
            data = rendered.write_pdf(
                pdf_variant="pdf/ua-1",
                pdf_identifier=identifier,
                uncompressed_pdf=False,
                finisher=serialize_once,  # the identifier's hash reuses the written bytes
            )
    except (OSError, ValueError, AssertionError) as err:
        raise RenderError(f"PDF rendering failed: {err}", field="pdf") from err
    if not isinstance(data, bytes):
        raise RenderError("PDF rendering returned no data", field="pdf")
    return data


@contextmanager
def _collecting_young_only() -> Iterator[None]:
    """Let the cycle collector skip, while typesetting, every object made before it.

    Each automatic full collection during layout would otherwise walk all the objects of the
    modules, the library and the templates (some 100,000), a cost a bare WeasyPrint process
    does not have. They are frozen for the duration and thawed after, so nothing is kept that
    a later collection would have freed.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _clock_at(day: dt.date) -> Iterator[None]:
    """Make embedded font subsets carry ``day`` instead of the build time.

    fontTools stamps each subset font's ``head.modified`` with the current time unless
    ``SOURCE_DATE_EPOCH`` is set (reproducible-builds.org), which made two builds of the same
    answers differ. The effective date from the answers file is used, so the bytes depend only
    on the answers and the library, whatever the environment says.
    """
    epoch = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
