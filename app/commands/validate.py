"""`waymark validate FILE...`: check project files; exit 1 and one line per problem when any is invalid."""

from __future__ import annotations

import argparse
import sys

from app.model import LoadError, Project, load_project


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check .journey files (exit 1 when any is invalid)",
        description="Check .journey project files. Valid files print a one-line summary on stdout; "
                    "each problem of an invalid file goes to stderr as FILE: FIELD.PATH: what is wrong. "
                    "Exit status 0 when every file is valid, 1 otherwise.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="the .journey files to check")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the problems")
    parser.set_defaults(func=run)


def summary(project: Project) -> str:
    journeys = project.journeys
    from app.model.analytics import customer_touchpoints  # the touchpoints lanes: not thoughts or actions

    touchpoints = sum(len(customer_touchpoints(j)) for j in journeys)
    pains = sum(len(j.pain_points()) for j in journeys)
    metrics = sum(len(j.metrics()) for j in journeys)

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return ", ".join((n(len(journeys), "journey"), n(len(project.personas), "persona"),
                      n(touchpoints, "touchpoint"), n(pains, "pain point"), n(metrics, "metric")))


def run(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        try:
            project = load_project(name)
        except LoadError as exc:
            status = 1
            print(exc.message(), file=sys.stderr)
            continue
        if not args.quiet:
            print(f"{name}: valid ({summary(project)})")
    return status
