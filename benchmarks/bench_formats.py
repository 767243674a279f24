"""Open formats: import and export times of Mermaid, CSV and XLSX for synthetic journeys of 30, 500 and
2,000 touchpoints, beside floors measured in the same run (reading the same bytes with the standard csv
module, with openpyxl alone, and loading the same project from its .journey file)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from app.formats import export_journey, import_project
from app.model.storage import load_project, save_project
from app.model.synthetic import synthetic_project

from .common import best_time, mib, ms, peak_memory, print_table, ratio

SIZES = (30, 500, 2000)
SIZE_OPTIONS = ("SIZES",)  # the constants that set how big a run is


def measure(touchpoints: int, folder: Path) -> list[list[str]]:
    project = synthetic_project(touchpoints)
    journey = project.journey()
    native = folder / "p.journey"
    save_project(project, native)
    floor_native = best_time(lambda: load_project(native))
    rows = []
    for suffix in (".mmd", ".csv", ".xlsx"):
        path = folder / f"j{suffix}"
        export = best_time(lambda p=path: export_journey(project, journey, p))
        read = best_time(lambda p=path: import_project(p))
        _, peak = peak_memory(lambda p=path: import_project(p))
        data = path.read_bytes()
        if suffix == ".csv":
            floor = best_time(lambda d=data: list(csv.reader(io.StringIO(d.decode("utf-8-sig")))))
            floor_name = "csv.reader"
        elif suffix == ".xlsx":
            from openpyxl import load_workbook

            floor = best_time(lambda p=path: list(load_workbook(p, read_only=True).active.iter_rows(values_only=True)))
            floor_name = "openpyxl rows"
        else:
            floor, floor_name = floor_native, ".journey load"
        size = f"{touchpoints:,} tp, {len(data) / 1024:,.0f} KiB"
        rows.append([size, suffix, ms(export), ms(read), ms(floor), floor_name, ratio(read, floor), mib(peak)])
    return rows


def main() -> None:
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            rows += measure(n, Path(tmp))
    print_table(
        "Open formats (best of 3; floor = reading the same bytes without building a journey, in this run)",
        ["journey", "format", "export", "import", "floor", "floor is", "import vs floor", "import peak mem"],
        rows,
    )


if __name__ == "__main__":
    main()
