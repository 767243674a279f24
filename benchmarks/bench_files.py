"""Project files: load, validate and save times and peak memory for synthetic projects of 30, 500 and
2,000 touchpoints, beside the floor measured in the same run (json.loads of the same bytes for loading
and validating, json.dumps of the same document for saving)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from app.model.serialize import project_to_dict
from app.model.storage import dumps_project, load_bytes, load_project, parse_document, save_project
from app.model.synthetic import synthetic_project
from app.model.validation import validate_document

from .common import best_time, mib, ms, peak_memory, print_table, ratio

SIZES = (30, 500, 2000)
SIZE_OPTIONS = ("SIZES",)  # the constants that set how big a run is


def measure(touchpoints: int, folder: Path) -> list[list[str]]:
    project = synthetic_project(touchpoints)
    path = folder / f"synthetic-{touchpoints}.journey"
    save_project(project, path)
    data = path.read_bytes()
    doc = json.loads(data)
    floor_load = best_time(lambda: json.loads(data))
    floor_dump = best_time(lambda: json.dumps(doc, ensure_ascii=False, indent=1))
    load = best_time(lambda: load_project(path))
    parse = best_time(lambda: parse_document(data))
    validate = best_time(lambda: validate_document(doc))
    build = best_time(lambda: project_to_dict(project))
    save = best_time(lambda: save_project(project, path))
    serialise = best_time(lambda: dumps_project(project))
    _, load_peak = peak_memory(lambda: load_bytes(data))
    _, floor_peak = peak_memory(lambda: json.loads(data))
    _, save_peak = peak_memory(lambda: dumps_project(project))
    size = f"{touchpoints:,} tp, {len(data) / 1024:,.0f} KiB"
    return [
        [size, "load (read, parse, check, build model)", ms(load), ms(floor_load), ratio(load, floor_load),
         mib(load_peak), mib(floor_peak)],
        [size, "parse + validate only", ms(parse), ms(floor_load), ratio(parse, floor_load), "", ""],
        [size, "validate only (parsed document)", ms(validate), "", "", "", ""],
        [size, "save (serialise, fsync, .bak, rename)", ms(save), ms(floor_dump), ratio(save, floor_dump),
         mib(save_peak), ""],
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
        "Project files (best of 3; floor = json.loads / json.dumps of the same bytes in this run)",
        ["project", "operation", "time", "floor", "vs floor", "peak mem", "floor mem"],
        rows,
    )


if __name__ == "__main__":
    main()
