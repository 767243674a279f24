"""Open formats: import and export times of Mermaid, CSV and XLSX for synthetic journeys of 30, 2,000 and
100,000 touchpoints, beside floors measured in the same run (reading the same bytes with the standard csv
module, with openpyxl alone, and loading the same project from its .journey file).

The goal at 100,000 rows: a CSV or Mermaid import within 5 s. From 20,000 touchpoints each figure is
one run, without the memory tracer, and XLSX is left out (openpyxl alone takes minutes there)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from app.formats import export_journey, import_project
from app.model.storage import load_project, save_project
from app.model.synthetic import synthetic_project

from .common import best_time, mib, ms, peak_memory, print_table, ratio

SIZES = (30, 2000, 100_000)
LARGE = 20_000
SIZE_OPTIONS = ("SIZES",)  # the constants that set how big a run is


def measure(touchpoints: int, folder: Path) -> list[list[str]]:
    project = synthetic_project(touchpoints)
    journey = project.journey()
    native = folder / "p.journey"
    save_project(project, native)
    large = touchpoints >= LARGE
    repeat = 1 if large else 3
    floor_native = best_time(lambda: load_project(native), repeat)
    rows = []
    for suffix in (".mmd", ".csv") if large else (".mmd", ".csv", ".xlsx"):
        path = folder / f"j{suffix}"
        export = best_time(lambda p=path: export_journey(project, journey, p), repeat)
        read = best_time(lambda p=path: import_project(p), repeat)
        peak = -1 if large else peak_memory(lambda p=path: import_project(p))[1]
        data = path.read_bytes()
        if suffix == ".csv":
            floor = best_time(lambda d=data: list(csv.reader(io.StringIO(d.decode("utf-8-sig")))), repeat)
            floor_name = "csv.reader"
        elif suffix == ".xlsx":
            from openpyxl import load_workbook

            floor = best_time(lambda p=path: list(load_workbook(p, read_only=True).active.iter_rows(values_only=True)))
            floor_name = "openpyxl rows"
        else:
            floor, floor_name = floor_native, ".journey load"
        size = f"{touchpoints:,} tp, {len(data) / 1024:,.0f} KiB"
        rows.append([size, suffix, ms(export), ms(read), ms(floor), floor_name, ratio(read, floor),
                     mib(peak) if peak >= 0 else "-"])
    return rows


def main() -> None:
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            rows += measure(n, Path(tmp))
    print_table(
        "Open formats (best of 3, one run from 20,000 tp; floor = reading the same bytes without building a "
        "journey, in this run; goal: CSV and Mermaid import of 100,000 rows <= 5 s)",
        ["journey", "format", "export", "import", "floor", "floor is", "import vs floor", "import peak mem"],
        rows,
    )


if __name__ == "__main__":
    main()
