"""Writing a ``Policy`` or a comparison: Markdown, HTML, PDF (only ``pdf`` imports WeasyPrint)."""
