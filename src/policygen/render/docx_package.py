"""The .docx package made deterministic, with the typeface embedded.

python-docx stamps every zip entry with the build time, so two builds differed; here every
entry is rewritten with the policy's date, in the same order, with the same compression.
Atkinson Hyperlegible is embedded (SIL OFL allows it) as Word does it: each face obfuscated
with a key (ECMA-376 Part 1, 17.8.1) derived from the font itself, so the document looks the
same on a computer that has never seen the font, and the bytes stay the same build to build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Final

FONT_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
ODTTF: Final = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FACES: Final = (  # WordprocessingML element, file name suffix
    ("embedRegular", "Regular"),
    ("embedBold", "Bold"),
    ("embedItalic", "Italic"),
    ("embedBoldItalic", "BoldItalic"),
)


def finish(data: bytes, day: dt.date, *, font: str, font_files: Sequence[Path] = ()) -> bytes:
    """Rewrite the package with fixed entry dates, embedding ``font_files`` (one per face)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    if font_files:
        _embed(entries, font, font_files)
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in entries.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, blob)
    return out.getvalue()


def _embed(entries: dict[str, bytes], font: str, font_files: Sequence[Path]) -> None:
    """Add the obfuscated faces, their relationships, the content type and the font entry."""
    rels: list[str] = []
    embeds: list[str] = []
    for index, ((element, _), path) in enumerate(zip(FACES, font_files, strict=False), start=1):
        key, entries[f"word/fonts/font{index}.odttf"] = _face(path)
        rels.append(
            f'<Relationship Id="rIdFont{index}" Type="{FONT_REL}" Target="fonts/font{index}.odttf"/>'
        )
        embeds.append(f'<w:{element} r:id="rIdFont{index}" w:fontKey="{key}"/>')
    entries["word/_rels/fontTable.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    ).encode("utf-8")
    types = entries["[Content_Types].xml"].decode("utf-8")
    if 'Extension="odttf"' not in types:
        types = types.replace(
            "<Default ", f'<Default Extension="odttf" ContentType="{ODTTF}"/><Default ', 1
        )
    entries["[Content_Types].xml"] = types.encode("utf-8")
    table = entries["word/fontTable.xml"].decode("utf-8")
    entry = (
        f'<w:font w:name="{font}"><w:charset w:val="00"/><w:family w:val="swiss"/>'
        f'<w:pitch w:val="variable"/>{"".join(embeds)}</w:font>'
    )
    entries["word/fontTable.xml"] = re.sub(r"</w:fonts>\s*$", entry + "</w:fonts>", table).encode(
        "utf-8"
    )
    settings = entries["word/settings.xml"].decode("utf-8")
    if "<w:embedTrueTypeFonts" not in settings:
        # CT_Settings is a sequence: these two come right after w:zoom.
        settings = re.sub(
            r"(<w:zoom\b[^>]*/>)",
            r"\1<w:embedTrueTypeFonts/><w:saveSubsetFonts/>",
            settings,
            count=1,
        )
    entries["word/settings.xml"] = settings.encode("utf-8")


@cache
def _face(path: Path) -> tuple[str, bytes]:
    """A font file's key and obfuscated bytes, read once per process (a batch shares them)."""
    blob = path.read_bytes()
    key = "{" + str(uuid.UUID(bytes=hashlib.sha256(blob).digest()[:16])).upper() + "}"
    return key, obfuscate(blob, key)


def obfuscate(blob: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes, read from the GUID's last digit back.

    The same operation undoes it, which is how tests read an embedded face back.
    """
    digits = key.strip("{}").replace("-", "")
    mask = bytes(int(digits[i : i + 2], 16) for i in range(30, -1, -2))
    head = bytes(byte ^ mask[i % 16] for i, byte in enumerate(blob[:32]))
    return head + blob[32:]
