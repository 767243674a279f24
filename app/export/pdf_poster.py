"""The map as a wall poster (`--tile`): the fewest sheets that hold it at a readable scale
(app.layout.paging.plan_tiles), neighbours overlapping by 10 mm, with crop marks, registration
marks and the sheet's name on each, after an assembly page: a thumbnail of the poster with the
sheets outlined, their column letters above it and row numbers beside it (nothing drawn over
the map), and which page each sheet is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.layout import Rect
from app.layout import style
from app.layout.paging import TILE_OVERLAP_MM, PagingError, TilePlan, plan_tiles
from app.render.draw import draw_map
from app.render.surface import Surface

from .pdf_map import draw_pane

if TYPE_CHECKING:
    from .pdf_pages import Document

MM = 72.0 / 25.4
SHEET_MARGIN = 10 * MM  # room for crop marks, registration marks and the sheet's name
OVERLAP = TILE_OVERLAP_MM * MM  # printed on both neighbouring sheets, to trim or glue
MARK_INK = "#1f2933"
OVERLAP_INK = "#7b8794"


def sheet_name(row: int, col: int) -> str:
    """Column letters and row number, as on a street map: A1, B1, ..., Z1, AA1."""
    letters = ""
    n = col + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def poster_plan(layout: Any, page_w: float, page_h: float, options: Any) -> tuple[TilePlan, tuple[float, float]]:
    """The poster of a layout at the options' scale (default: the least readable one) and the
    size of its sheets: page_w x page_h, or turned when no orientation was asked for and turned
    sheets are fewer."""
    scale = options.tile_scale if options.tile_scale is not None else options.floor.scale
    plan = plan_tiles(layout, page_w - 2 * SHEET_MARGIN, page_h - 2 * SHEET_MARGIN, scale, OVERLAP)
    if not options.orientation:
        turned = plan_tiles(layout, page_h - 2 * SHEET_MARGIN, page_w - 2 * SHEET_MARGIN, scale, OVERLAP)
        if turned.sheets < plan.sheets:
            return turned, (page_h, page_w)
    return plan, (page_w, page_h)


def grid_words(plan: TilePlan) -> str:
    """ "3 columns × 2 rows" """
    return (f"{plan.cols} column{'s' * (plan.cols != 1)} \u00d7 {plan.rows} row{'s' * (plan.rows != 1)}")


def draw_poster(doc: Document) -> None:
    from .pdf import PdfOptionError

    try:
        plan, sheet = poster_plan(doc.layout, doc.w, doc.h, doc.options)
    except PagingError as exc:
        raise PdfOptionError(str(exc)) from None
    _draw_assembly(doc, plan, sheet)
    doc.use_page_size(sheet)
    try:
        for r in range(plan.rows):
            for col in range(plan.cols):
                done = r * plan.cols + col
                doc.report(done / plan.sheets, f"Drawing sheet {done + 1} of {plan.sheets}")
                doc.page_sizes[doc.page] = sheet
                _draw_sheet(doc, plan, r, col)
    finally:
        doc.use_page_size(None)


def _draw_assembly(doc: Document, plan: TilePlan, sheet: tuple[float, float]) -> None:
    from .pdf import PAPER_SIZES
    from .pdf_pages import SECTION_TITLES

    layout, k, c = doc.layout, doc.k, doc.canvas
    doc._begin("map", SECTION_TITLES["map"])
    doc.marks.setdefault(doc.page, []).append(("Poster assembly", f"poster-{doc.page}", 1))
    paper = doc.options.page_size.strip()
    paper = next((name for name in PAPER_SIZES if name.lower() == paper.lower()), paper)
    orientation = "landscape" if sheet[0] > sheet[1] else "portrait"
    sheets = f"{plan.sheets} sheet{'s' * (plan.sheets != 1)}"
    top = doc.heading("Poster assembly", f"{sheets} of {paper} {orientation} ({grid_words(plan)}) at "
                                         f"{plan.scale * 100:.0f} %, overlapping by {OVERLAP / MM:.0f} mm")
    poster_w = plan.area_w + (plan.cols - 1) * (plan.area_w - plan.overlap)
    poster_h = plan.area_h + (plan.rows - 1) * (plan.area_h - plan.overlap)
    label_size = 9 * k
    gutter_x, gutter_y = label_size * 2.4, label_size * 1.8  # row numbers left, column letters above
    first = doc.page + 1
    if plan.sheets <= 24:
        order = "Sheets, row by row: " + ", ".join(f"{sheet_name(r, col)} p. {first + r * plan.cols + col}"
                                                   for r in range(plan.rows) for col in range(plan.cols)) + "."
    else:  # a long list would crowd out the plan: the rule, and the first and last sheet
        order = (f"Sheets follow row by row, {plan.cols} to a row: {sheet_name(0, 0)} is page {first}, "
                 f"{sheet_name(0, 1)} page {first + 1}, {sheet_name(1, 0)} page {first + plan.cols}, \u2026, "
                 f"{sheet_name(plan.rows - 1, plan.cols - 1)} page {first + plan.sheets - 1}.")
    how = ("Lay the sheets out as the grid shows (each sheet's name is printed in its top margin), trim the "
           "white margin of one sheet at its crop marks, lay it over its neighbour up to the dashed line and "
           "match the registration marks.")
    from app.render.text import wrap

    from .pdf_pages import MEASURE

    text_w = doc.w - 2 * doc.margin
    below = (16 * k + len(wrap(MEASURE, order, text_w, 8.5 * k)) * 8.5 * k * 1.35
             + 2 * k + len(wrap(MEASURE, how, text_w, 8 * k)) * 8 * k * 1.35)
    avail = Rect(doc.margin + gutter_x, doc.h - top + gutter_y, doc.w - 2 * doc.margin - 2 * gutter_x,
                 top - doc.bottom - gutter_y - below)
    th = min(avail.w / poster_w, avail.h / poster_h)
    ox = avail.x + (avail.w - poster_w * th) / 2
    oy = avail.y  # from the page top
    doc._stroke(style.GRID, 0.6 * k)
    c.rect(ox, doc.h - oy - poster_h * th, poster_w * th, poster_h * th, stroke=1, fill=0)
    map_left, map_top = ox - plan.xs[0] * th, oy - plan.ys[0] * th

    def thumbnail(surface: Surface) -> None:
        draw_map(surface, layout, doc.journey, doc.project.personas)

    # the thumbnail carries no text: at this size it could not be read
    draw_pane(doc, layout.bounds, map_left, map_top, th * plan.scale, thumbnail, text=False)
    doc._stroke(style.SELECTION, 1.0 * k)
    for r in range(plan.rows):
        for col in range(plan.cols):
            x = ox + (plan.xs[col] - plan.xs[0]) * th
            y = oy + (plan.ys[r] - plan.ys[0]) * th
            c.rect(x, doc.h - y - plan.area_h * th, plan.area_w * th, plan.area_h * th, stroke=1, fill=0)
    for col in range(plan.cols):
        cx = ox + (plan.xs[col] - plan.xs[0] + plan.area_w / 2) * th
        doc.text(cx, doc.h - oy + label_size * 0.6, sheet_name(0, col)[:-1], label_size, style.SELECTION, bold=True,
                 align="center")
    for r in range(plan.rows):
        cy = oy + (plan.ys[r] - plan.ys[0] + plan.area_h / 2) * th
        doc.text(ox - label_size * 0.8, doc.h - cy - label_size * 0.35, str(r + 1), label_size, style.SELECTION,
                 bold=True, align="right")
    y = doc.h - oy - poster_h * th - 16 * k
    y = doc.block(doc.margin, y, text_w, order, 8.5 * k, style.INK)
    doc.block(doc.margin, y - 2 * k, text_w, how, 8 * k, style.MUTED_INK)
    doc._end_page()


def _registration_mark(c: Any, x: float, y: float, r: float) -> None:
    c.circle(x, y, r, stroke=1, fill=0)
    c.line(x - r * 1.6, y, x + r * 1.6, y)
    c.line(x, y - r * 1.6, x, y + r * 1.6)


def _draw_sheet(doc: Document, plan: TilePlan, r: int, col: int) -> None:
    from reportlab.lib.colors import HexColor

    c, layout = doc.canvas, doc.layout
    name = sheet_name(r, col)
    doc._begin("tile")
    doc.marks.setdefault(doc.page, []).append((f"Sheet {name}", f"sheet-{r}-{col}", 1))
    left, bottom = SHEET_MARGIN, SHEET_MARGIN
    area_w, area_h = plan.area_w, plan.area_h
    top = doc.h - SHEET_MARGIN
    x, y, w, h = plan.window(r, col)

    def tile(surface: Surface) -> None:
        draw_map(surface, layout, doc.journey, doc.project.personas, window=Rect(x, y, w, h))

    # a word cut at a sheet's edge goes on across the next: both sheets print it
    draw_pane(doc, Rect(x, y, w, h), left, SHEET_MARGIN, plan.scale, tile, straddle=True)

    # where the next sheet to the right / below starts again
    c.setStrokeColor(HexColor(OVERLAP_INK))
    c.setLineWidth(0.6)
    c.setDash([4, 3], 0)
    if col < plan.cols - 1:
        c.line(left + area_w - plan.overlap, bottom, left + area_w - plan.overlap, top)
    if r < plan.rows - 1:
        c.line(left, bottom + plan.overlap, left + area_w, bottom + plan.overlap)
    c.setDash([], 0)

    # crop marks at the four corners of the printed area, outside it
    c.setStrokeColor(HexColor(MARK_INK))
    c.setLineWidth(0.5)
    gap, length = 2.0, SHEET_MARGIN - 4.0
    for cx, sx in ((left, -1), (left + area_w, 1)):
        for cy, sy in ((bottom, -1), (top, 1)):
            c.line(cx + sx * gap, cy, cx + sx * (gap + length), cy)
            c.line(cx, cy + sy * gap, cx, cy + sy * (gap + length))
    # registration marks centred on each edge, for aligning neighbours
    mid_x, mid_y = left + area_w / 2, bottom + area_h / 2
    for mx, my in ((mid_x, top + SHEET_MARGIN / 2), (mid_x, bottom - SHEET_MARGIN / 2),
                   (left - SHEET_MARGIN / 2, mid_y), (left + area_w + SHEET_MARGIN / 2, mid_y)):
        _registration_mark(c, mx, my, 1.8 * MM)

    from .pdf_surface import string_width

    # the top margin, either side of the registration mark: the sheet's name left, the title right
    base = top + 3.2 * MM
    x = left + 10 * MM
    x += doc.text(x, base, f"Sheet {name}", 9, MARK_INK, bold=True) + 6
    detail = f"row {r + 1}, column {col + 1} of {grid_words(plan)}"
    if x + string_width(detail, 8) < mid_x - 4 * MM:
        doc.text(x, base, detail, 8, style.MUTED_INK)
    title = doc.journey.title or doc.project.title
    if left + area_w - 10 * MM - string_width(title, 8) > mid_x + 4 * MM:  # the title is on the assembly page too
        doc.text(left + area_w - 10 * MM, base, title, 8, style.MUTED_INK, align="right")
    doc._end_page()
