"""Analytics and survey import speed, beside floors measured in the same run.

Analytics: `analyse()` on synthetic journeys of 30, 500 and 2,000 touchpoints, and on an
adversarial path (a 2-way branching ladder of 2,000 touchpoints closed by one long loop, where
a length-bounded cycle search would explore 2^1000 paths); floor: one networkx breadth-first
search over the same path graph.
Survey: reading and computing NPS for 1,000 and 100,000 CSV rows; floor: `csv.reader` over
the same bytes.

Run: `python -m benchmarks metrics`. The sizes are the module's SIZE_OPTIONS constants (the
benchmark test shrinks them all to run it end to end in a moment).
"""

from __future__ import annotations

import csv
import io
import random

import networkx as nx

from benchmarks.common import best_time, ms, print_table, ratio

SIZES = (30, 500, 2000)  # touchpoints of the synthetic journeys analysed
LADDER_RUNGS = 1000  # the adversarial ladder: 2 touchpoints a rung, closed by one loop
SURVEY_ROWS = (1_000, 100_000)  # answers in the survey CSV files
SIZE_OPTIONS = ("SIZES", "LADDER_RUNGS", "SURVEY_ROWS")


def _ladder(rungs: int):
    from app.model import Journey, Lane, LaneKind, Stage, Touchpoint

    j = Journey("Ladder")
    stages = [j.add_stage(Stage(f"Stage {i + 1}")).id for i in range(5)]
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS)).id
    ids = []
    for i in range(rungs):
        stage = stages[min(4, i * 5 // rungs)]
        ids.append((j.add_touchpoint(Touchpoint(f"up {i}"), stage, lane).id,
                    j.add_touchpoint(Touchpoint(f"down {i}"), stage, lane).id))
    for (a, b), (c, d) in zip(ids, ids[1:], strict=False):
        for src in (a, b):
            for dst in (c, d):
                j.add_path(src, dst)
    j.add_path(ids[-1][0], ids[0][0])
    return j


def _analytics_rows() -> list[list[str]]:
    from app.model.analytics import analyse
    from app.model.synthetic import synthetic_project

    rows = []
    cases = [(f"synthetic {n}", synthetic_project(n).journeys[0]) for n in SIZES]
    cases.append((f"ladder {2 * LADDER_RUNGS} + loop", _ladder(LADDER_RUNGS)))
    for name, journey in cases:
        graph = journey.path_graph()
        start = next(iter(graph))
        floor = best_time(lambda g=graph, s=start: list(nx.bfs_tree(g, s)))
        t = best_time(lambda j=journey: analyse(j))
        rows.append([name, str(len(graph)), ms(t), ms(floor), ratio(t, floor)])
    return rows


def _survey_bytes(n: int) -> bytes:
    rng = random.Random(7)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Timestamp", "Score", "Comment"])
    for i in range(n):
        writer.writerow([f"2026-01-{1 + i % 28:02d} 10:{i % 60:02d}", rng.randint(0, 10), "fine,\nthanks" * (i % 2)])
    return out.getvalue().encode()


def _survey_rows() -> list[list[str]]:
    from app.model import Journey
    from app.model.survey import SurveyMapping, compute_survey, read_csv_bytes

    rows = []
    mapping = SurveyMapping("nps", "Score", date_column="Timestamp")
    journey = Journey("Survey")
    for n in SURVEY_ROWS:
        data = _survey_bytes(n)
        floor = best_time(lambda d=data: list(csv.reader(io.StringIO(d.decode(), newline=""))))
        t = best_time(lambda d=data: compute_survey(read_csv_bytes(d), mapping, journey))
        rows.append([f"{n:,} rows", f"{len(data) / 1e6:.1f} MB", ms(t), ms(floor), ratio(t, floor)])
    return rows


def main() -> None:
    print_table("Journey analytics", ["journey", "touchpoints", "analyse()", "floor: BFS", "ratio"],
                _analytics_rows())
    print()
    print_table("Survey import (CSV -> NPS)", ["answers", "size", "read + compute", "floor: csv.reader", "ratio"],
                _survey_rows())


if __name__ == "__main__":
    main()
