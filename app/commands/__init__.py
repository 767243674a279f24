"""Subcommands of the `waymark` command line, one module each (see app/cli.py), and what they share."""

from __future__ import annotations

import os
import sys

from app.model import LoadError, Project, load_project


def load_or_report(path: str | os.PathLike[str]) -> Project | None:
    """The project in the file, or None after printing each problem on stderr, one line each
    (the file name and the field path first, as `waymark validate` does)."""
    try:
        return load_project(path)
    except LoadError as exc:
        for line in exc.message().splitlines():
            print(line, file=sys.stderr)
        return None
