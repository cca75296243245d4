"""Word output for a document or a redline: its labels, its font, its finished package.

The glue between the documents and ``render.docx``, the only module that imports python-docx;
it is imported here only when a .docx is asked for, so other builds never load it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Final

from policygen.document.assemble import Policy
from policygen.document.changes import Comparison
from policygen.errors import RenderError
from policygen.library.builtin import content_dir
from policygen.render.blocks import Block, parse
from policygen.render.common import font_dir
from policygen.render.docx_package import finish
from policygen.safe_yaml import load_yaml

FACES: Final = ("Regular", "Bold", "Italic", "BoldItalic")
LABELS: Final = ("language", "footer", "page", "subject", "draft")


def policy_docx(
    policy: Policy, markdown: str, *, lang: str = "en", draft: bool | None = None
) -> bytes:
    """A document's Markdown as a Word file; a draft (by default: the policy's state) says so."""
    return word_file(
        parse(markdown), policy, lang=lang, draft=policy.draft if draft is None else draft
    )


def redline_docx(cmp: Comparison) -> bytes:
    """The new version with every change from the old one as a tracked change Word can accept.

    The changes are dated by the new version's release (its history entry, else its effective
    date) and signed "policygen", so counsel sees when and by what they were made.
    """
    old, new = cmp.old_policy, cmp.new_policy
    if old is None or new is None:
        side = cmp.old_label if old is None else cmp.new_label
        raise RenderError(
            f"{side} cannot be built, so there is no Word redline; use --format md",
            field="--format",
        )
    from policygen.render.markdown import render_markdown
    from policygen.render.word_redline import redline_blocks

    blocks = redline_blocks(cmp, render_markdown(old), render_markdown(new))
    return word_file(blocks, new, draft=new.draft, changed=release_date(new))


def release_date(policy: Policy) -> dt.date:
    """When this version was released: its revision-history entry, else its effective date."""
    entry = next((e for e in reversed(policy.history) if e.version == policy.version), None)
    return entry.date if entry is not None else policy.effective


def word_file(
    blocks: Sequence[Block],
    policy: Policy,
    *,
    lang: str = "en",
    draft: bool = False,
    changed: dt.date | None = None,
) -> bytes:
    """Blocks as a finished, deterministic .docx with the typeface embedded."""
    from policygen.render.docx import FONT, WordMeta, render_docx

    labels = word_labels(lang)
    values = {"org": policy.org_name, "title": policy.title, "version": policy.version}
    meta = WordMeta(
        title=policy.title,
        author=policy.org_name,
        subject=_fill(labels["subject"], values),
        language=labels["language"],
        day=policy.effective,
        footer=_fill(labels["footer"], values),
        page=labels["page"],
        draft=labels["draft"] if draft else None,
        changed=changed,
    )
    return finish(render_docx(blocks, meta), policy.effective, font=FONT, font_files=font_files())


def font_files() -> tuple[Path, ...]:
    """The four faces of the PDF's typeface, embedded in every Word file."""
    return tuple(font_dir() / f"AtkinsonHyperlegible-{face}.ttf" for face in FACES)


@cache
def word_labels(lang: str) -> Mapping[str, str]:
    """The words Word output adds (footer, page label, draft header) in one language."""
    path = content_dir("templates") / "word.yaml"
    data = load_yaml(path, RenderError)
    labels = data.get(lang) if isinstance(data, dict) else None
    if not isinstance(labels, dict) or any(not isinstance(labels.get(k), str) for k in LABELS):
        raise RenderError(f"needs {', '.join(LABELS)} as text", path=path, field=lang)
    return {key: str(labels[key]) for key in LABELS}


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Put values into ``{name}`` slots; values are literal text, never read as a template."""
    return re.sub(r"\{(\w+)\}", lambda slot: values.get(slot.group(1), slot.group(0)), template)
