"""The answers file: read, validate and write it; which topics apply, defaults, completeness."""
