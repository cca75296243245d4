"""Answers and library into a ``Policy``, the model every renderer writes; no files, no terminal."""
