"""The fingerprint of an answers file: what a release records and an approval vouches for.

It lives with the answers (not the lifecycle) because the document needs it too: a policy whose
answers no longer hash to its approved release's fingerprint is a draft again, whatever the
history says (``document.assemble``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from policygen.answers.file import Answers


def fingerprint(answers: Answers) -> str:
    """A short hash of what shapes the text: the organization and the topic answers.

    Policy metadata (version, dates, approvers) is left out: it changes at every release.
    """
    data: dict[str, Any] = {
        "organization": dict(answers.organization),
        "answers": dict(answers.topics),
    }
    if answers.roles or answers.contacts:  # files from before roles keep their fingerprints
        data["roles"], data["contacts"] = dict(answers.roles), dict(answers.contacts)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
