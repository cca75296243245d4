"""The editions and languages a build may ask for, by name.

Constants alone, so that ``build`` can read ``--edition`` and ``--lang`` and plan its work
without importing the editions' model (``editions.py``), which a build of the policy alone never
uses and whose classes take longer to set up than the rest of a Markdown build's own modules.
"""

from __future__ import annotations

from typing import Final

EDITIONS: Final = ("policy", "annotated", "summary", "client", "acknowledgement", "posted")
LANGUAGES: Final = ("en", "es")
TRANSLATED: Final = frozenset({"client"})  # editions whose library text exists in every language
