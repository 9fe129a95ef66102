"""Allow ``python -m sitrep``."""

from sitrep.cli import main

main()
