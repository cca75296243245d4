"""The floor under policygen's light commands: a minimal typer app that does the unavoidable.

It has the same ``build FILE -f -o`` options as policygen, imports yaml and jinja2, loads the
answers file and writes one templated line; ``check FILE`` loads the answers file; ``list``
imports the same libraries. Whatever policygen takes beyond this is its own cost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


def _load(file: Path) -> dict[str, object]:
    import yaml

    data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return data if isinstance(data, dict) else {}


@app.command()
def build(
    file: Path,
    formats: Annotated[str, typer.Option("--format", "-f")] = "md",
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("out"),
) -> None:
    """Load the answers file and write one templated line per format."""
    import jinja2

    data = _load(file)
    output.mkdir(parents=True, exist_ok=True)
    template = jinja2.Environment(autoescape=False).from_string("# {{ data.organization }}\n")
    for name in formats.split(","):
        (output / f"policy.{name}").write_text(template.render(data=data), encoding="utf-8")


@app.command()
def check(file: Path) -> None:
    """Load the answers file."""
    import jinja2  # noqa: F401

    typer.echo(f"{file}: {len(_load(file))} keys")


@app.command(name="list")
def list_() -> None:
    """Import what a listing needs."""
    import jinja2  # noqa: F401
    import yaml  # noqa: F401

    typer.echo("ok")


if __name__ == "__main__":
    app()
