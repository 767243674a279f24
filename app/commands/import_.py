"""`waymark import FILE -o OUT.journey [--force]`: a Mermaid, CSV, Excel or OpenJourney file as a project.

The format is chosen by FILE's suffix (.mmd/.mermaid, .csv, .xlsx, .ojf/.json). A summary goes
to stdout and each warning to stderr; a file that cannot be imported gives one line on
stderr, exit code 1, and no output file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.model.locking import ProjectLock
from app.model.storage import save_project


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn a Mermaid, CSV, Excel or OpenJourney file into a .journey project",
        description="Import a Mermaid journey diagram (.mmd), a journey table (.csv, .xlsx) or an "
                    "OpenJourney file (.ojf, .json) as a new .journey project. The format is chosen by suffix.",
    )
    parser.add_argument("file", help="the file to import")
    parser.add_argument("--output", "-o", metavar="OUT", required=True, help="the .journey file to create")
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists (kept as OUT.bak)")
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"waymark import: {message}", file=sys.stderr)
    return 1


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def run(args: argparse.Namespace) -> int:
    from app.formats import FormatError, import_project

    out = Path(args.output)
    if out.suffix.lower() != ".journey":
        return _fail(f"the output {out} should end in .journey (to export, use waymark export)")
    if out.is_dir():
        return _fail(f"{out} is a folder; give a file name such as {out / 'map.journey'}")
    if out.exists() and not args.force:
        return _fail(f"{out} already exists; use --force to overwrite it")
    if str(out.parent) and not out.parent.exists():
        return _fail(f"the folder {out.parent} does not exist")
    warnings: list[str] = []
    try:
        project = import_project(args.file, warnings)
    except FormatError as exc:
        return _fail(" ".join(str(exc).split("\n")))
    try:
        with ProjectLock(out):
            save_project(project, out)
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}")
    for warning in warnings:
        print(f"waymark import: warning: {warning}", file=sys.stderr)
    journey = project.journey()
    counts = [_count(len(journey.stages()), "stage"), _count(len(journey.touchpoints()), "touchpoint"),
              _count(len(project.personas), "persona")]
    if journey.pain_points():
        counts.append(_count(len(journey.pain_points()), "pain point"))
    if journey.opportunities():
        counts.append(_count(len(journey.opportunities()), "opportunity", "opportunities"))
    if journey.metrics():
        counts.append(_count(len(journey.metrics()), "metric"))
    counts.append(_count(len(warnings), "warning"))
    print(f"{out}: imported {journey.title!r} from {args.file} ({', '.join(counts)})")
    return 0
