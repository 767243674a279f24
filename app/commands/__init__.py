"""Subcommands of the `waymark` command line, one module each (see app/cli.py)."""
