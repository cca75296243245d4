"""The output formats, by name.

Constants only, so the CLI can list them in ``--help`` without importing any renderer.
"""

from __future__ import annotations

from typing import Final

FORMATS: Final = ("md", "html", "pdf", "docx")  # documents
DEFAULT_FORMATS: Final = ("md", "html", "pdf")  # Word on request: most readers need none
REDLINE_FORMATS: Final = ("text", "md", "html", "pdf", "docx")  # a comparison; text is the terminal
