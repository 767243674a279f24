"""PDF export speed and memory for 30, 500 and 2,000 touchpoints, beside a floor measured in the
same run.

The floor is raw reportlab drawing the same cards on as many A4 landscape pages: every card the
map pages print (touchpoints, pain points, opportunities, metric chips; one cut by a page break
on both pages), its rectangles (the card, a note's severity band and pill) and its lines of text
as printed (a title that wraps is two lines, the owner, a note's text, votes, a chip's name and
value), at the same places and sizes, in the same embedded DejaVu TTF fonts, through the canvas
API (colour and font set only when they change). It is recorded from a real export once,
outside the timing, so it does none of the map's own work: layout, wrapping, font fallback,
paging, and everything else a map page shows (icons, badges, dots, grid, lane and stage
headers, emotion curves, path arrows, headings, legends, running header and footer). The ratio
compares the map pages (a cold export from the project, layout included) with that floor. The
earlier floor (touchpoint cards only, a title and two lines of placeholder text each, colours
and fonts set again for every card) is shown beside it; the whole document (cover, personas,
tiled poster, charts, register, notes) too."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from benchmarks.common import best_time, mib, ms, peak_memory, print_table, ratio

SIZES = (30, 500, 2000)
SIZE_OPTIONS = ("SIZES",)  # the constants that set how big a run is


Placed = list[list[tuple[float, float, float, float]]]  # per page: card x, y, w, h in page points
Prim = tuple[Any, ...]  # one recorded drawing primitive in page points (see _Recorder)


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
    """The earlier floor, shown for reference: touchpoint cards only, a rectangle and three strings
    of placeholder text each (not what the cards print: the owner, not the description)."""
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


# ---------------------------------------------------------------------------- the floor
class _CardRecorder:
    """A Surface that keeps the rectangles and lines of text the map's drawing code puts on the
    page while it draws a card, in page points (y up, as reportlab draws), instead of drawing
    them; shapes wholly outside `window` (the pane showing them, layout units) are dropped, as
    the pane would clip them. Everything else (icons, dots, badges, grid, curves, arrows) is
    the map's own extra work and not recorded."""

    def __init__(self, out: list[Prim], page_h: float, transform: Any, window: Any, in_card: list[int]) -> None:
        self.out, self.page_h, self.t, self.window, self.in_card = out, page_h, transform, window, in_card

    def _p(self, x: float, y: float) -> tuple[float, float]:
        t = self.t
        return t.ox + x * t.scale, self.page_h - (t.oy + y * t.scale)

    def rect(self, r: Any, fill: str | None, stroke: str | None = None, width: float = 1.0,
             radius: float = 0.0, dash: tuple[float, ...] | None = None) -> None:
        v = self.window
        if self.in_card[0] and (fill or stroke) and r.x <= v.right and v.x <= r.right and r.y <= v.bottom \
                and v.y <= r.bottom:
            s = self.t.scale
            rad = min(radius, r.w / 2, r.h / 2) * s
            self.out.append(("rect", *self._p(r.x, r.bottom), r.w * s, r.h * s, rad, fill, stroke, width * s))

    def text(self, x: float, baseline: float, text: str, size: float, color: str, bold: bool = False) -> None:
        from app.export.pdf_surface import font_runs
        from app.render.visual_order import visual

        if self.in_card[0] and text:  # in display order, split into the fonts that draw it, as printed
            self.out.append(("text", *self._p(x, baseline), font_runs(visual(text), bold), size * self.t.scale,
                             color))

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        from app.export.pdf_surface import string_width

        return string_width(text, size, bold)

    def line(self, *args: Any, **kwargs: Any) -> None: ...

    def curve(self, *args: Any, **kwargs: Any) -> None: ...

    def polygon(self, *args: Any, **kwargs: Any) -> None: ...

    def circle(self, *args: Any, **kwargs: Any) -> None: ...

    def symbol(self, *args: Any, **kwargs: Any) -> None: ...

    def reuse(self, key: Any, draw: Callable[[Any], None]) -> None:
        draw(self)

    def element(self, role: str) -> Any:
        from contextlib import nullcontext

        return nullcontext()


def card_primitives(project, options) -> list[list[Prim]]:
    """The floor's input: page by page, the rectangles and lines of text of every card the map
    pages print (touchpoints, pain points, opportunities, metric chips; a card cut by a page
    break on both pages), in page points, with the text as printed (wrapped, in display order,
    split into the fonts that draw it). Recorded once from a real export, outside the timing."""
    from unittest import mock

    from app.export import pdf_map
    from app.export.pdf import PdfExporter
    from app.export.pdf_surface import PageTransform

    pages: dict[int, list[Prim]] = {}
    in_card = [0]  # cards being drawn (nonzero: inside draw_card)
    drawn = [0]
    draw_card = pdf_map.draw_card

    def card(*args: Any, **kwargs: Any) -> None:
        in_card[0] += 1
        drawn[0] += 1
        try:
            draw_card(*args, **kwargs)
        finally:
            in_card[0] -= 1

    def draw_pane(doc: Any, window: Any, left: float, top: float, scale: float, draw: Callable[[Any], None],
                  text: bool = True, cull: bool = True, straddle: bool = False, memo: Any = None,
                  key: Any = None) -> None:
        transform = PageTransform(scale, left - window.x * scale, top - window.y * scale)
        recorder = _CardRecorder(pages.setdefault(doc.page, []), doc.h, transform, window, in_card)
        draw(pdf_map.WindowedText(recorder, window, text, straddle))

    exporter = PdfExporter(project, options)
    with mock.patch.object(pdf_map, "draw_pane", draw_pane), mock.patch.object(pdf_map, "draw_card", card):
        exporter.render()
    layout_cards = sum(1 for _ in exporter.journey.touchpoints()) + len(exporter.journey.pain_points())
    if drawn[0] < layout_cards:  # the recording must see every card, or the floor would be too light
        raise RuntimeError(f"the floor saw {drawn[0]} cards drawn, fewer than the map's {layout_cards}")
    return [pages.get(i, []) for i in range(1, max(pages) + 1)]


def _rgb(color: str) -> tuple[float, float, float]:
    return int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255


def floor_map(pages: list[list[Prim]], page: tuple[float, float]) -> bytes:
    """Raw reportlab drawing the cards of the map pages (card_primitives) on as many pages:
    rectangles with roundRect and rect, text with drawString, colours and fonts set only when
    they change (as careful hand-written reportlab code does), embedded TrueType subsets."""
    from reportlab.pdfgen.canvas import Canvas

    from app.export.pdf_surface import SANS, register_fonts

    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=page, pageCompression=1, initialFontName=SANS)
    for prims in pages:
        fill = stroke = width = font = None  # a new page starts from reportlab's defaults
        for prim in prims:
            if prim[0] == "text":
                _, x, y, runs, size, color = prim
                if color != fill:
                    c.setFillColorRGB(*_rgb(color))
                    fill = color
                for name, run in runs:
                    if (name, size) != font:
                        c.setFont(name, size)
                        font = (name, size)
                    c.drawString(x, y, run)
                    if len(runs) > 1:
                        x += c.stringWidth(run, name, size)
                continue
            _, x, y, w, h, rad, fill_color, stroke_color, line_w = prim
            if fill_color and fill_color != fill:
                c.setFillColorRGB(*_rgb(fill_color))
                fill = fill_color
            if stroke_color and stroke_color != stroke:
                c.setStrokeColorRGB(*_rgb(stroke_color))
                stroke = stroke_color
            if stroke_color and line_w != width:
                c.setLineWidth(line_w)
                width = line_w
            paint = {"stroke": int(bool(stroke_color)), "fill": int(bool(fill_color))}
            if rad > 0:
                c.roundRect(x, y, w, h, rad, **paint)
            else:
                c.rect(x, y, w, h, **paint)
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
        shown = card_primitives(project, map_only.options)
        placed, scale = placed_cards(project, map_only.options)
        floor_map(shown, page)  # warm fonts and imports
        floor_cards(placed, page, scale)
        map_only.render()
        repeat = 3 if n <= 500 else 2

        def floor(shown=shown, page=page) -> bytes:
            return floor_map(shown, page)

        t_floor = best_time(floor, repeat)
        t_cards = best_time(lambda placed=placed, page=page, scale=scale: floor_cards(placed, page, scale), repeat)
        t_map = best_time(lambda exporter=map_only: _cold(exporter), repeat)
        t_all = best_time(everything.render, 1)
        data, peak = peak_memory(map_only.render)
        _, peak_floor = peak_memory(floor)
        full, peak_all = peak_memory(everything.render)
        rows.append([f"{n:,}", f"{len(shown)}", ms(t_floor), ms(t_map), ratio(t_map, t_floor), ms(t_cards),
                     ratio(t_map, t_cards), mib(peak_floor), mib(peak), ms(t_all), f"{len(full) / 1024:,.0f} KiB",
                     mib(peak_all)])
        del data
    print_table(
        "PDF export (A4 landscape, readable size): map pages (cold, layout included) vs raw reportlab drawing "
        "the same cards on as many pages (target <= 1.5x); the earlier touchpoints-only floor and the whole "
        "tiled document beside",
        ["touchpoints", "map pages", "floor", "map pages", "ratio", "earlier floor", "ratio", "floor peak",
         "map peak", "whole doc", "doc size", "doc peak"],
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
