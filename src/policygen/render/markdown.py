"""Markdown rendering from ``templates/policy.md.j2``."""

from __future__ import annotations

from policygen.document.assemble import Policy
from policygen.render.common import document_env, prose


def render_markdown(policy: Policy) -> str:
    """The policy as Markdown; every user value escaped, clause Markdown kept as it is."""
    template = document_env("md").get_template("policy.md.j2")
    text = template.render(policy=policy, prose=prose(policy))
    return text.rstrip("\n") + "\n"
