"""`waymark new --template NAME -o FILE [--title T] [--force]`: start a project from a template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.model import ModelError
from app.model.locking import ProjectLock
from app.model.storage import save_project
from app.model.templates import TEMPLATES, build_template


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="create a project from a template",
        description="Create a .journey project from a template (see `waymark templates`).",
    )
    parser.add_argument("--template", "-t", metavar="NAME", default="five-stage",
                        help=f"template name (default five-stage): {', '.join(TEMPLATES)}")
    parser.add_argument("--output", "-o", metavar="FILE", required=True, help="the .journey file to create")
    parser.add_argument("--title", metavar="TITLE", help="title of the project and its journey")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists (kept as FILE.bak)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    try:
        project = build_template(args.template, args.title)
    except ModelError as exc:
        print(f"waymark new: {exc}", file=sys.stderr)
        return 2
    if out.is_dir():
        print(f"waymark new: {out} is a folder; give a file name such as {out / 'map.journey'}", file=sys.stderr)
        return 1
    if out.exists() and not args.force:
        print(f"waymark new: {out} already exists; use --force to overwrite it", file=sys.stderr)
        return 1
    if not out.parent.exists() and str(out.parent):
        print(f"waymark new: the folder {out.parent} does not exist", file=sys.stderr)
        return 1
    try:
        with ProjectLock(out):
            save_project(project, out)
    except OSError as exc:
        print(f"waymark new: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    journey = project.journey()
    print(f"{out}: created from the {args.template} template "
          f"({len(journey.stages())} stages, {len(journey.touchpoints())} touchpoints, "
          f"{len(journey.metrics())} metrics)")
    return 0
