"""PDF export speed and memory for 30, 500 and 2,000 touchpoints, beside a floor measured in the
same run: raw reportlab drawing the same number of cards (rounded rectangle, a title, two lines
of text, in the same embedded DejaVu TTF) on a page of the same size. The ratio compares the map
page alone (fit on A4 landscape) with that floor; the whole document (cover, personas, tiled
poster, charts, register, notes) is shown beside it."""

from __future__ import annotations

import io
import math

from benchmarks.common import best_time, mib, ms, peak_memory, print_table, ratio

SIZES = (30, 500, 2000)
SIZE_OPTIONS = ("SIZES",)  # the constants that set how big a run is


def floor_cards(count: int, page: tuple[float, float]) -> bytes:
    """The least work a PDF of `count` cards needs: shapes and three strings each, nothing else."""
    from reportlab.pdfgen.canvas import Canvas

    from app.export.pdf_surface import SANS, SANS_BOLD, register_fonts

    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=page, pageCompression=1, initialFontName=SANS)
    cols = max(1, math.ceil(math.sqrt(count * page[0] / page[1])))
    rows = max(1, math.ceil(count / cols))
    cw, ch = (page[0] - 40) / cols, (page[1] - 40) / rows
    for i in range(count):
        x, y = 20 + (i % cols) * cw, page[1] - 20 - (i // cols + 1) * ch
        c.setFillColorRGB(1, 1, 1)
        c.setStrokeColorRGB(0.74, 0.8, 0.86)
        c.roundRect(x + 1, y + 1, cw - 2, ch - 2, 2, stroke=1, fill=1)
        c.setFillColorRGB(0.12, 0.16, 0.2)
        c.setFont(SANS_BOLD, max(1.0, ch * 0.14))
        c.drawString(x + 3, y + ch * 0.7, f"Touchpoint {i + 1}")
        c.setFont(SANS, max(1.0, ch * 0.11))
        c.drawString(x + 3, y + ch * 0.45, "Generated touchpoint used for")
        c.drawString(x + 3, y + ch * 0.25, "tests and benchmarks.")
    c.showPage()
    c.save()
    return buf.getvalue()


def _cold(exporter) -> bytes:
    """One export as the first one of a session measures text: the text-measuring caches emptied."""
    from app.export.pdf_surface import clear_text_caches

    clear_text_caches()
    return exporter.render()


def main() -> None:
    from app.export.pdf import PdfExporter, PdfOptions
    from app.model.synthetic import synthetic_project

    rows = []
    for n in SIZES:
        project = synthetic_project(n)
        map_only = PdfExporter(project, PdfOptions(sections=("map",)))
        everything = PdfExporter(project, PdfOptions(mode="tile"))
        page = map_only.options.page_points
        floor_cards(n, page)  # warm fonts and imports
        map_only.render()
        repeat = 3 if n <= 500 else 1
        t_floor = best_time(lambda n=n, page=page: floor_cards(n, page), repeat)
        t_map = best_time(lambda exporter=map_only: _cold(exporter), repeat)
        t_all = best_time(everything.render, 1)
        data, peak = peak_memory(map_only.render)
        _, peak_floor = peak_memory(lambda n=n, page=page: floor_cards(n, page))
        full, peak_all = peak_memory(everything.render)
        rows.append([f"{n:,}", ms(t_floor), ms(t_map), ratio(t_map, t_floor), mib(peak_floor), mib(peak),
                     ms(t_all), f"{len(full) / 1024:,.0f} KiB", mib(peak_all)])
        del data
    print_table(
        "PDF export (A4 landscape): map page vs raw reportlab floor; whole tiled document beside",
        ["touchpoints", "floor", "map page", "ratio", "floor peak", "map peak", "whole doc", "doc size",
         "doc peak"],
        rows,
    )


if __name__ == "__main__":
    main()
