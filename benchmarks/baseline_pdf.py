"""The floor under a PDF build: WeasyPrint typesetting the same HTML with the same fonts.

Usage: python baseline_pdf.py POLICY.html OUT.pdf. The HTML is policygen's own output, so the
only difference from ``policygen build -f pdf`` is everything policygen does around WeasyPrint.
"""

from __future__ import annotations

import sys
from pathlib import Path

import fontpkg_atkinson_hyperlegible as fonts
import weasyprint
from weasyprint.text.fonts import FontConfiguration

FACES = (("Regular", "normal", "normal"), ("Bold", "bold", "normal"))
FACES += (("Italic", "normal", "italic"), ("BoldItalic", "bold", "italic"))


def main() -> None:
    html, out = Path(sys.argv[1]), Path(sys.argv[2])
    folder = Path(fonts.__file__).resolve().parent / "files"
    css = "\n".join(
        f'@font-face {{ font-family: "Atkinson Hyperlegible"; '
        f'src: url("{(folder / f"AtkinsonHyperlegible-{name}.ttf").as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in FACES
    )
    font_config = FontConfiguration()
    document = weasyprint.HTML(string=html.read_text(encoding="utf-8"), base_url=str(html.parent))
    extra = weasyprint.CSS(string=css, font_config=font_config)
    rendered = document.render(stylesheets=[extra], font_config=font_config)
    out.write_bytes(rendered.write_pdf(pdf_variant="pdf/ua-1"))


if __name__ == "__main__":
    main()
