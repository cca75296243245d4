"""Checks of the assembled policy: red-flag wording and plain language.

``redflags`` (patterns and matcher), ``readability`` (limits and grade), ``lint`` (the report on a
policy or the library, as data: ``cli.quality_words`` words it), ``limits`` (the thresholds).
"""
