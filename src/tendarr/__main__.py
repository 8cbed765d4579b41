"""``python -m tendarr``."""

from tendarr.cli import main

main()
