"""Allow ``python -m policygen``."""

from policygen.cli.app import main

main()
