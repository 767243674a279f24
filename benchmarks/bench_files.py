"""Project files: load, validate and save times and peak memory for synthetic projects of 30, 2,000 and
100,000 touchpoints, beside the floor measured in the same run (json.loads of the same bytes for loading
and validating, json.dumps of the same document for saving).

The goal at 100,000 touchpoints (an ~80 MB file): loading and validating each within 3 s and within
10x json.loads of the same bytes, i.e. linear in the size of the file. Sizes of 20,000 touchpoints
and more are timed once (not best of 3) and without the memory tracer, which alone would take minutes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from app.model.serialize import project_to_dict
from app.model.storage import dumps_project, load_bytes, load_project, parse_document, save_project
from app.model.synthetic import synthetic_project
from app.model.validation import validate_document

from .common import best_time, mib, ms, peak_memory, print_table, ratio

SIZES = (30, 2000, 100_000)
LARGE = 20_000  # from here: one timed run, no tracemalloc
SIZE_OPTIONS = ("SIZES",)  # the constants that set how big a run is


def measure(touchpoints: int, folder: Path) -> list[list[str]]:
    project = synthetic_project(touchpoints)
    path = folder / f"synthetic-{touchpoints}.journey"
    save_project(project, path)
    data = path.read_bytes()
    doc = json.loads(data)
    repeat = 1 if touchpoints >= LARGE else 3
    floor_load = best_time(lambda: json.loads(data), repeat)
    floor_dump = best_time(lambda: json.dumps(doc, ensure_ascii=False, indent=1), repeat)
    load = best_time(lambda: load_project(path), repeat)
    parse = best_time(lambda: parse_document(data), repeat)
    validate = best_time(lambda: validate_document(doc), repeat)
    build = best_time(lambda: project_to_dict(project), repeat)
    save = best_time(lambda: save_project(project, path), repeat)
    serialise = best_time(lambda: dumps_project(project), repeat)
    if touchpoints >= LARGE:
        load_peak = floor_peak = save_peak = -1
    else:
        _, load_peak = peak_memory(lambda: load_bytes(data))
        _, floor_peak = peak_memory(lambda: json.loads(data))
        _, save_peak = peak_memory(lambda: dumps_project(project))
    size = f"{touchpoints:,} tp, {len(data) / 1024:,.0f} KiB"
    def mem(n: int) -> str:
        return mib(n) if n >= 0 else "-"

    return [
        [size, "load (read, parse, check, build model)", ms(load), ms(floor_load), ratio(load, floor_load),
         mem(load_peak), mem(floor_peak)],
        [size, "parse + validate only", ms(parse), ms(floor_load), ratio(parse, floor_load), "", ""],
        [size, "validate only (parsed document)", ms(validate), ms(floor_load), ratio(validate, floor_load), "", ""],
        [size, "save (serialise, fsync, .bak, rename)", ms(save), ms(floor_dump), ratio(save, floor_dump),
         mem(save_peak), ""],
        [size, "serialise only (model -> JSON text)", ms(serialise), ms(floor_dump), ratio(serialise, floor_dump),
         "", ""],
        [size, "model -> dict", ms(build), "", "", "", ""],
    ]


def main() -> None:
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            rows += measure(n, Path(tmp))
    print_table(
        "Project files (best of 3, one run from 20,000 tp; floor = json.loads / json.dumps of the same bytes "
        "in this run; goal at 100,000 tp: load and validate <= 3 s and <= 10x floor)",
        ["project", "operation", "time", "floor", "vs floor", "peak mem", "floor mem"],
        rows,
    )


if __name__ == "__main__":
    main()
