"""The plain-language limits, defined once: the CLI help, the docs and the reports read them here.

Constants alone, so ``policygen --help`` can print them without importing ``readability.py``,
whose dataclasses and patterns take longer to set up than the rest of the help's own modules.
"""

from __future__ import annotations

from typing import Final

MAX_GRADE: Final = 10.0
"""Highest Flesch-Kincaid grade for staff text (the plain-language standard of this project)."""
MAX_CLIENT_GRADE: Final = 8.0
"""Highest grade for text written for clients."""
MAX_SENTENCE_WORDS: Final = 35
"""Longest sentence, in words, in staff text."""
