"""Checks of the assembled policy: red-flag wording and plain language, and how they are told.

``redflags`` (patterns and matcher), ``readability`` (limits and grade), ``lint`` (the report on a
policy or the library), ``output`` (the words and JSON of lint's report and of the standards
coverage, which ``document.coverage`` computes because the annotated edition prints it).
"""
