"""The command line: typer commands that parse options, call one function and print its result."""
