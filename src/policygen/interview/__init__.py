"""Asking in the terminal: the questionary flow and the session around it (only place using it)."""
