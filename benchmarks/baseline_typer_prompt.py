"""The floor under the interview's start for a typer command: options parsed, then one prompt.

``baseline_prompt.py`` is questionary alone. Every policygen command is a typer command, and
typer (with the pydantic it uses to convert option values) takes about as long to import as
questionary itself, so this floor adds what any typer CLI pays: the same ``interview FILE``
options, yaml and jinja2 (which the clause library needs), then the same first prompt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


@app.command()
def interview(
    file: Annotated[Path, typer.Argument()] = Path("policy.yaml"),
    resume: Annotated[bool, typer.Option("--resume")] = False,
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("out"),
) -> None:
    """Ask the first question."""
    del file, resume, output  # parsed as policygen parses them; the prompt needs none
    import jinja2  # noqa: F401
    import questionary
    import yaml  # noqa: F401

    questionary.text("What is your organization's name?").unsafe_ask()


if __name__ == "__main__":
    app()
