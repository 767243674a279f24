"""PDF export speed and memory for 30, 500 and 2,000 touchpoints, beside a floor measured in the
same run: raw reportlab drawing the same cards (rounded rectangle, a title, two lines of text, in
the same embedded DejaVu TTF) at the same places and scale on the same number of A4 landscape
pages as the map section prints at a readable size (pages of whole stages). The ratio compares
the map pages with that floor; the whole document (cover, personas, tiled poster, charts,
register, notes) is shown beside it."""

from __future__ import annotations

import io

from benchmarks.common import best_time, mib, ms, peak_memory, print_table, ratio

SIZES = (30, 500, 2000)
SIZE_OPTIONS = ("SIZES",)  # the constants that set how big a run is


Placed = list[list[tuple[float, float, float, float]]]  # per page: card x, y, w, h in page points


def placed_cards(project, options) -> tuple[Placed, float]:
    """Where the map section puts each touchpoint card, page by page, and the scale it prints at."""
    from app.export.pdf_map import page_map_area
    from app.layout import layout_journey
    from app.layout import style
    from app.layout.paging import plan_bands

    layout = layout_journey(project.journeys[0], project.personas)
    w, h = options.page_points
    area = page_map_area(layout, options, w, h, min(w, h) / 595.28)
    plan = plan_bands(layout, area.w, area.h, options.floor)
    s = plan.scale
    band_of = {st.id: bi for bi, (a, b) in enumerate(plan.bands) for st in layout.stages[a:b]}
    pages: Placed = []
    for window in plan.pages:
        left = area.x + style.LANE_HEADER_W * s - window.x0 * s
        top = area.top + layout.header_h * s - window.top * s
        pages.append([(left + c.rect.x * s, h - top - c.rect.bottom * s, c.rect.w * s, c.rect.h * s)
                      for c in layout.cards.values()
                      if c.kind == "touchpoint" and band_of.get(c.stage_id or "") == window.band
                      and window.top <= c.rect.y < window.bottom])
    return pages, s


def floor_cards(pages: Placed, page: tuple[float, float], scale: float) -> bytes:
    """The least work the same cards need: shapes and three strings each, nothing else."""
    from reportlab.pdfgen.canvas import Canvas

    from app.export.pdf_surface import SANS, SANS_BOLD, register_fonts

    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=page, pageCompression=1, initialFontName=SANS)
    for i, cards in enumerate(pages):
        for n, (x, y, cw, ch) in enumerate(cards):
            c.setFillColorRGB(1, 1, 1)
            c.setStrokeColorRGB(0.74, 0.8, 0.86)
            c.roundRect(x, y, cw, ch, 6 * scale, stroke=1, fill=1)
            c.setFillColorRGB(0.12, 0.16, 0.2)
            c.setFont(SANS_BOLD, 9.5 * scale)
            c.drawString(x + 33 * scale, y + ch - 16 * scale, f"Touchpoint {i}.{n}")
            c.setFont(SANS, 7 * scale)
            c.drawString(x + 33 * scale, y + ch - 28 * scale, "Generated touchpoint used for")
            c.drawString(x + 10 * scale, y + 8 * scale, "tests and benchmarks.")
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
        placed, scale = placed_cards(project, map_only.options)
        floor_cards(placed, page, scale)  # warm fonts and imports
        map_only.render()
        repeat = 3 if n <= 500 else 1
        t_floor = best_time(lambda placed=placed, page=page, scale=scale: floor_cards(placed, page, scale), repeat)
        t_map = best_time(lambda exporter=map_only: _cold(exporter), repeat)
        t_all = best_time(everything.render, 1)
        data, peak = peak_memory(map_only.render)
        _, peak_floor = peak_memory(lambda placed=placed, page=page, scale=scale: floor_cards(placed, page, scale))
        full, peak_all = peak_memory(everything.render)
        rows.append([f"{n:,}", f"{len(placed)}", ms(t_floor), ms(t_map), ratio(t_map, t_floor), mib(peak_floor),
                     mib(peak), ms(t_all), f"{len(full) / 1024:,.0f} KiB", mib(peak_all)])
        del data
    print_table(
        "PDF export (A4 landscape, readable size): map pages vs raw reportlab drawing the same cards on as many "
        "pages (target <= 1.5x); whole tiled document beside",
        ["touchpoints", "map pages", "floor", "map pages", "ratio", "floor peak", "map peak", "whole doc",
         "doc size", "doc peak"],
        rows,
    )
    report_figures()


SAMPLE = "resources/samples/online-retailer.journey"
REPORT_TOUCHPOINTS = 200

# one whole report in a fresh process, so its peak resident memory is the export's own. The peak is
# the process's VmHWM: getrusage's ru_maxrss survives exec, so a child started by this (large)
# benchmark process would report the parent's peak instead of its own.
_REPORT_RUN = """
import resource, sys, time
from app.export.pdf import PdfExporter, PdfOptions
from app.model.synthetic import synthetic_project
project = synthetic_project(int(sys.argv[1]))
start = time.perf_counter()
PdfExporter(project, PdfOptions()).render()
took = time.perf_counter() - start
try:
    peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM"))
except (OSError, StopIteration):  # not Linux: the best other measure
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(took, peak)
"""


def report_figures() -> None:
    """The issue's report targets: the sample's whole report <= 3x its map-only export; the
    200-touchpoint report <= 5 s and <= 250 MB peak (resident, in a fresh process, imports included).
    Beside them, the whole report without its metrics pages (the matplotlib charts), to show what
    the charts cost and what the other sections cost on their own."""
    import subprocess
    import sys
    from pathlib import Path

    from app.export.pdf import SECTIONS, PdfExporter, PdfOptions
    from app.model import load_project

    root = Path(__file__).resolve().parents[1]
    project = load_project(root / SAMPLE)
    map_only = PdfExporter(project, PdfOptions(sections=("map",)))
    whole = PdfExporter(project, PdfOptions())
    no_charts = PdfExporter(project, PdfOptions(sections=tuple(s for s in SECTIONS if s != "metrics")))
    whole.render()  # warm fonts, matplotlib and imports
    no_charts.render()
    t_map = best_time(lambda: _cold(map_only), 3)
    t_whole = best_time(lambda: _cold(whole), 3)
    t_rest = best_time(lambda: _cold(no_charts), 3)
    done = subprocess.run([sys.executable, "-c", _REPORT_RUN, str(REPORT_TOUCHPOINTS)], capture_output=True,
                          text=True, cwd=root, check=True)
    took, rss = done.stdout.split()[-2:]
    print_table(
        "PDF report: the sample's whole report vs its map-only export (target <= 3x), and without its "
        f"chart pages; a {REPORT_TOUCHPOINTS}-touchpoint whole report in a fresh process (targets <= 5 s, "
        "<= 250 MB peak RSS)",
        ["sample map only", "sample whole", "ratio", "whole w/o charts", "ratio", f"{REPORT_TOUCHPOINTS} tp report",
         "peak RSS"],
        [[ms(t_map), ms(t_whole), ratio(t_whole, t_map), ms(t_rest), ratio(t_rest, t_map), ms(float(took)),
          mib(int(rss))]],
    )


if __name__ == "__main__":
    main()
