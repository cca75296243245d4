"""Checks of the assembled policy: red-flag wording and plain-language readability."""
