"""The journey map pages of the PDF export: the whole map fitted on one page, or a poster split
into tiles at a readable scale with overlap margins, crop and alignment marks, a row/column
label on each tile and an overview page of the tiling. The map itself is drawn by
app.render.draw.draw_map on a ReportlabSurface: the same drawing code as the canvas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.layout import Rect
from app.layout import style as S
from app.render.draw import draw_map

from .pdf_surface import PageTransform

if TYPE_CHECKING:
    from .pdf_pages import Document

MM = 72.0 / 25.4
TILE_MARGIN = 15 * MM  # room for crop marks, registration marks and the tile label
OVERLAP = 10 * MM  # printed on both neighbouring tiles, to trim or glue
MARK_INK = "#1f2933"
OVERLAP_INK = "#7b8794"
MAX_FIT_SCALE = 2.5  # a small map on a large sheet stops growing here


def _clip_to(c: Any, x: float, y: float, w: float, h: float) -> None:
    path = c.beginPath()
    path.rect(x, y, w, h)
    c.clipPath(path, stroke=0, fill=0)


def _caption(doc: Document, scale: float) -> str:
    j = doc.journey
    counts = " \u00b7 ".join(_count(len(items), noun) for items, noun in (
        (j.stages(), "stage"), (j.touchpoints(), "touchpoint"), (j.pain_points(), "pain point")))
    return f"{counts} \u00b7 printed at {scale * 100:.0f} % of the on-screen size"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def draw_fit(doc: Document) -> None:
    """The whole map scaled onto one page, centred under the page title."""
    from .pdf_pages import SECTION_TITLES

    layout, k = doc.layout, doc.k
    doc._begin("map", SECTION_TITLES["map"])
    top = doc.heading("Journey map", f"{doc.journey.state.label} \u00b7 stages left to right, lanes top to bottom")
    area = Rect(doc.margin, doc.bottom + 18 * k, doc.w - 2 * doc.margin, top - doc.bottom - 18 * k)
    scale = min(area.w / layout.width, area.h / layout.height, MAX_FIT_SCALE)
    w, h = layout.width * scale, layout.height * scale
    ox = area.x + (area.w - w) / 2
    oy_top = doc.h - top  # distance from the page top to the map's top
    c = doc.canvas
    c.saveState()
    _clip_to(c, area.x - 1, top - h - 1, area.w + 2, h + 2)
    with doc.map_surface(PageTransform(scale, ox, oy_top)) as surface:
        draw_map(surface, layout, doc.journey, doc.project.personas)
    c.restoreState()
    doc._stroke(S.GRID, 0.5 * k)
    c.rect(ox, top - h, w, h, stroke=1, fill=0)
    doc.text(ox, top - h - 12 * k, _caption(doc, scale), 7.5 * k, S.MUTED_INK)
    doc._end_page()


def tiling(doc: Document) -> tuple[int, int, float, float, float, float]:
    """Rows, columns, layout step x/y and the tile's printable area (page points) of the poster."""
    from .pdf import tile_grid

    scale = doc.options.tile_scale
    area_w, area_h = doc.w - 2 * TILE_MARGIN, doc.h - 2 * TILE_MARGIN
    rows, cols, sx, sy = tile_grid(doc.layout.width, doc.layout.height, area_w, area_h, scale, OVERLAP)
    return rows, cols, sx, sy, area_w, area_h


def draw_tiled(doc: Document) -> None:
    rows, cols, step_x, step_y, area_w, area_h = tiling(doc)
    _draw_overview(doc, rows, cols, step_x, step_y, area_w, area_h)
    scale = doc.options.tile_scale
    for r in range(rows):
        for col in range(cols):
            done = r * cols + col
            doc.report(done / (rows * cols), f"Drawing tile {done + 1} of {rows * cols}")
            _draw_tile(doc, r, col, rows, cols, step_x, step_y, area_w, area_h, scale)


def _draw_overview(doc: Document, rows: int, cols: int, step_x: float, step_y: float, area_w: float,
                   area_h: float) -> None:
    from .pdf_pages import SECTION_TITLES

    layout, k, c = doc.layout, doc.k, doc.canvas
    doc._begin("map", SECTION_TITLES["map"])
    doc.marks.setdefault(doc.page, []).append(("Tiling overview", f"tiles-{doc.page}", 1))
    scale = doc.options.tile_scale
    top = doc.heading("Poster tiling overview",
                      f"{rows} row{'s' * (rows != 1)} \u00d7 {cols} column{'s' * (cols != 1)} = {rows * cols} "
                      f"pages at {scale * 100:.0f} % \u00b7 neighbouring pages overlap by {OVERLAP / MM:.0f} mm: "
                      "trim at the crop marks of one and glue over the dashed line of the next")
    area = Rect(doc.margin, doc.bottom + 18 * k, doc.w - 2 * doc.margin, top - doc.bottom - 18 * k)
    th = min(area.w / layout.width, area.h / layout.height)
    w, h = layout.width * th, layout.height * th
    ox = area.x + (area.w - w) / 2
    oy_top = doc.h - top
    c.saveState()
    _clip_to(c, ox - 1, top - h - 1, w + 2, h + 2)
    with doc.map_surface(PageTransform(th, ox, oy_top)) as surface:
        draw_map(surface, layout, doc.journey, doc.project.personas)
    # veil the thumbnail so the grid reads on top of it
    from reportlab.lib.colors import Color

    c.setFillColor(Color(1, 1, 1, alpha=0.45))
    c.rect(ox, top - h, w, h, stroke=0, fill=1)
    c.restoreState()
    first_tile = doc.page + 1
    doc._stroke(S.SELECTION, 1.2 * k)
    for r in range(rows):
        for col in range(cols):
            x0, y0 = col * step_x, r * step_y
            x1 = min(layout.width, x0 + (area_w / scale if col == cols - 1 else step_x))
            y1 = min(layout.height, y0 + (area_h / scale if r == rows - 1 else step_y))
            px, py = ox + x0 * th, top - y1 * th
            c.rect(px, py, (x1 - x0) * th, (y1 - y0) * th, stroke=1, fill=0)
            page = first_tile + r * cols + col
            size = max(6.5 * k, min(10 * k, (x1 - x0) * th / 9))
            cell_w = (x1 - x0) * th
            # the longest label that fits its cell: a sliver of a last column just gets its page number
            label = next((t for t in (f"R{r + 1} C{col + 1} \u00b7 p. {page}", f"p. {page}", str(page))
                          if _label_width(t, size) + size <= cell_w), str(page))
            lw = _label_width(label, size)
            doc._fill(S.SELECTION)
            c.rect(px, py + (y1 - y0) * th - size * 1.6, lw + size, size * 1.6, stroke=0, fill=1)
            doc.text(px + size / 2, py + (y1 - y0) * th - size * 1.15, label, size, "#ffffff", bold=True)
    doc._stroke(S.GRID, 0.5 * k)
    c.rect(ox, top - h, w, h, stroke=1, fill=0)
    doc._end_page()


def _label_width(text: str, size: float) -> float:
    from .pdf_surface import string_width

    return string_width(text, size, True)


def _registration_mark(c: Any, x: float, y: float, r: float) -> None:
    c.circle(x, y, r, stroke=1, fill=0)
    c.line(x - r * 1.6, y, x + r * 1.6, y)
    c.line(x, y - r * 1.6, x, y + r * 1.6)


def _draw_tile(doc: Document, r: int, col: int, rows: int, cols: int, step_x: float, step_y: float,
               area_w: float, area_h: float, scale: float) -> None:
    from reportlab.lib.colors import HexColor

    c, layout = doc.canvas, doc.layout
    doc._begin("tile")
    doc.marks.setdefault(doc.page, []).append((f"Row {r + 1} / column {col + 1}", f"tile-{r}-{col}", 1))
    x0, y0 = col * step_x, r * step_y
    left, bottom = TILE_MARGIN, TILE_MARGIN
    top = doc.h - TILE_MARGIN
    c.saveState()
    _clip_to(c, left, bottom, area_w, area_h)
    window = Rect(x0, y0, area_w / scale, area_h / scale)
    transform = PageTransform(scale, left - x0 * scale, TILE_MARGIN - y0 * scale)
    with doc.map_surface(transform, clip=window) as surface:
        draw_map(surface, layout, doc.journey, doc.project.personas, window=window)
    c.restoreState()

    # overlap zones: where the next tile to the right / below starts again
    c.setStrokeColor(HexColor(OVERLAP_INK))
    c.setLineWidth(0.6)
    c.setDash([4, 3], 0)
    if col < cols - 1:
        c.line(left + area_w - OVERLAP, bottom, left + area_w - OVERLAP, top)
    if r < rows - 1:
        c.line(left, bottom + OVERLAP, left + area_w, bottom + OVERLAP)
    c.setDash([], 0)

    # crop marks at the four corners of the printed area, outside it
    c.setStrokeColor(HexColor(MARK_INK))
    c.setLineWidth(0.5)
    gap, length = 3.0, 10 * MM - 3.0
    for cx, sx in ((left, -1), (left + area_w, 1)):
        for cy, sy in ((bottom, -1), (top, 1)):
            c.line(cx + sx * gap, cy, cx + sx * (gap + length), cy)
            c.line(cx, cy + sy * gap, cx, cy + sy * (gap + length))
    # registration marks centred on each edge, for aligning neighbours
    mid_x, mid_y = left + area_w / 2, bottom + area_h / 2
    for mx, my in ((mid_x, top + TILE_MARGIN / 2), (mid_x, bottom - TILE_MARGIN / 2),
                   (left - TILE_MARGIN / 2, mid_y), (left + area_w + TILE_MARGIN / 2, mid_y)):
        _registration_mark(c, mx, my, 2.2 * MM)

    title = doc.journey.title or doc.project.title
    label = f"Row {r + 1} / column {col + 1}"
    doc.text(left + 12 * MM, top + 5 * MM, label, 9, MARK_INK, bold=True)
    doc.text(left + 12 * MM + _label_width(label, 9) + 8, top + 5 * MM,
             f"of {rows} \u00d7 {cols} \u00b7 {title}", 8, S.MUTED_INK)
    doc._end_page()
