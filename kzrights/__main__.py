"""Allow `python -m kzrights`."""

from kzrights.cli import main

main()
