"""Answers and library into a ``Policy``, the model every renderer writes; no files, no terminal.

``assemble`` (the policy), ``editions`` (the other documents made from it), ``coverage`` (the
standards it answers to, an appendix of the annotated edition and the ``coverage`` command),
``changes`` and ``clause_diff`` (what differs between two states, the model every redline words).
"""
