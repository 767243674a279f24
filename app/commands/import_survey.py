"""`waymark import-survey MAP.journey RESPONSES.csv|.xlsx --kind nps|csat|ces --score-column COL ...`

Computes NPS (with its 95 % margin of error), CSAT or CES per touchpoint, stage or the whole
journey from survey answers and records them as metrics (a new dated history sample on an
existing metric of that kind and target, else a new metric). Prints what it computed and
every row it skipped, by line. Saves MAP in place (atomically, keeping MAP.bak) or to -o.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.model import LoadError, ModelError, load_project, save_project
from app.model.locking import ProjectLock, ProjectLocked
from app.model.survey import SurveyError, SurveyMapping, apply_survey, compute_survey, read_survey

MAX_LISTED_SKIPS = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-survey",
        help="compute NPS, CSAT or CES from survey answers (CSV/XLSX) into a map's metrics",
        description="Compute NPS (0-10), CSAT (1-5) or CES (1-7) from survey answers per touchpoint, "
                    "stage or journey and record them as metrics with their sample size and date.",
    )
    parser.add_argument("map", metavar="MAP.journey", help="the .journey project")
    parser.add_argument("responses", metavar="RESPONSES", help="the survey answers, .csv or .xlsx")
    parser.add_argument("--kind", required=True, choices=("nps", "csat", "ces"), help="the question type")
    parser.add_argument("--score-column", required=True, metavar="COL", help="the column holding the answer")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--touchpoint-column", metavar="COL",
                       help="a column naming the stage or touchpoint each answer is about")
    where.add_argument("--stage", metavar="NAME", help="all answers are about this stage")
    where.add_argument("--touchpoint", metavar="NAME", help="all answers are about this touchpoint")
    parser.add_argument("--date-column", metavar="COL", help="the column with the answer's date")
    parser.add_argument("--journey", metavar="NAME", help="the journey to update (default: the first)")
    parser.add_argument("-o", "--output", metavar="OUT.journey", help="save here instead of over MAP")
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    for line in message.splitlines():
        print(line, file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    # read, change, write under one lock on the file written: a second run waits, then names the holder
    try:
        with ProjectLock(args.output or args.map):
            return _update(args)
    except ProjectLocked as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{args.output or args.map}: cannot lock the file: {exc.strerror or exc}")


def _update(args: argparse.Namespace) -> int:
    try:
        project = load_project(args.map)
    except LoadError as exc:
        return _fail(exc.message())
    try:
        journey = project.journey(args.journey)
    except ModelError as exc:
        return _fail(f"{args.map}: {exc}")
    try:
        table = read_survey(args.responses)
        mapping = SurveyMapping(args.kind, args.score_column, args.touchpoint_column, args.stage,
                                args.touchpoint, args.date_column)
        computed = compute_survey(table, mapping, journey)
    except SurveyError as exc:
        return _fail(f"{args.responses}: {exc}" if not str(exc).startswith(str(args.responses)) else str(exc))
    for warning in table.warnings:
        print(f"warning: {warning}", file=sys.stderr)

    used = sum(r.sample_size for r in computed.results)
    print(f"{args.responses}: {computed.rows} rows, {used} answers used, {len(computed.skipped)} skipped")
    for result in computed.results:
        print(f"  {result.describe()}")
    if computed.skipped:
        print(f"Skipped rows ({len(computed.skipped)}):")
        for row in computed.skipped[:MAX_LISTED_SKIPS]:
            print(f"  line {row.line}: {row.reason}")
        if len(computed.skipped) > MAX_LISTED_SKIPS:
            print(f"  ... and {len(computed.skipped) - MAX_LISTED_SKIPS} more")
    if computed.date_problems:
        print(f"Answers used without a date ({len(computed.date_problems)}):")
        for row in computed.date_problems[:MAX_LISTED_SKIPS]:
            print(f"  line {row.line}: {row.reason}")
    if not computed.results:
        return _fail(f"{args.responses}: no usable answers; {args.map} is unchanged")

    try:
        apply_survey(journey, computed.results, source=Path(args.responses).name)
    except ModelError as exc:
        return _fail(f"{args.map}: {exc}; nothing saved")
    out = args.output or args.map
    try:
        save_project(project, out)
    except OSError as exc:
        return _fail(f"{out}: cannot save: {exc.strerror or exc}")
    print(f"Saved {out}" + ("" if args.output else f" (previous version kept as {Path(out).name}.bak)"))
    return 0
