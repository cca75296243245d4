"""Checks of the assembled policy: red-flag wording, plain language, and the standards it covers.

``redflags`` (patterns and matcher), ``readability`` (limits and grade), ``lint`` (the report on a
policy or the library), ``coverage`` (standards against chosen clauses), ``output`` (their words
and JSON).
"""
