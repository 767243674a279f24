"""The journey map pages of the PDF export at a readable size (app.layout.paging holds the rule):
the whole map on one page when it fits, else pages of whole stages ("Stages 4–6 of 12") with the
lane headers, the stage headers and the persona legend repeated on each and the emotion curve
marked where it continues; with `--page-size auto`, one page sized to the map. The poster
(`--tile`) is app/export/pdf_poster.py.

Each page is drawn as four panes, each clipped to its place: the corner, the run of stage
headers, the lane headers and the body; what each page shows is worked out once for all of
them (app/export/pdf_map_contents.py), and a pane that looks the same on many pages is drawn
once and written again. The map itself is drawn by the shared functions of
app.render.draw on a ReportlabSurface: the same drawing code as the canvas.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from app.layout import CardBox, EmotionSeries, JourneyLayout, PathArrow, Rect
from app.layout import style
from app.layout.paging import BandPlan, MapWindow, PagingError, TextFloor, plan_bands, stage_range_label
from app.model import LaneKind
from app.render.draw import (
    draw_arrow,
    draw_card,
    draw_corner,
    draw_emotion,
    draw_emotion_scale,
    draw_grid,
    draw_lane_header,
    draw_stage_header,
)
from app.render.surface import Surface

from .pdf_map_contents import CurveIndex, arrows_by_page, band_layouts, cards_by_page
from .pdf_surface import PageTransform
from .pdf_tags import tagged

if TYPE_CHECKING:
    from .pdf_pages import Document

MM = 72.0 / 25.4
MAX_PAGE_PT = 14400.0  # the largest page a PDF reader opens (200 in, about 5 m)


def clip_to(c: Any, x: float, y: float, w: float, h: float) -> None:
    path = c.beginPath()
    path.rect(x, y, w, h)
    c.clipPath(path, stroke=0, fill=0)


class WindowedText:
    """A Surface that passes shapes on and writes a line of text only when it starts inside the
    window: what a pane clips away is not left in the page as invisible text (which would be
    found by search and copy, and could lie beyond the paper's edge). `straddle`: also a line
    that only runs into the window (a poster sheet shows the rest of a word cut at the previous
    sheet's edge). `text=False` writes none (a thumbnail, whose text could not be read anyway)."""

    def __init__(self, inner: Any, window: Rect, text: bool = True, straddle: bool = False) -> None:
        self.inner, self.window, self.show_text, self.straddle = inner, window, text, straddle
        # shapes go straight through (bound once: a page draws thousands)
        self.rect, self.line, self.curve = inner.rect, inner.line, inner.curve
        self.polygon, self.circle, self.symbol = inner.polygon, inner.circle, inner.symbol
        self.text_width = inner.text_width
        if hasattr(inner, "element"):
            self.element = inner.element  # what the drawing is in the document's structure (pdf_tags)
        w = window
        self._left, self._x0, self._x1, self._y0, self._y1 = w.x, w.x - 0.5, w.right, w.y - 0.5, w.bottom

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def reuse(self, key: Hashable, draw: Callable[[Surface], None]) -> None:
        """Shapes drawn alike on many pages (ReportlabSurface.reuse); text through this filter."""
        self.inner.reuse(key, lambda inner: draw(WindowedText(inner, self.window, self.show_text, self.straddle)))

    def text(self, x: float, baseline: float, text: str, size: float, color: str, bold: bool = False) -> None:
        if not self.show_text or not self._y0 <= baseline <= self._y1 + size * 0.3:
            return
        inside = self._x0 <= x <= self._x1
        if inside or (self.straddle and x < self._x1 and x + self.inner.text_width(text, size, bold) > self._left):
            self.inner.text(x, baseline, text, size, color, bold)


PaneMemo = dict[Hashable, tuple[str, list[str]]]


def draw_pane(doc: Document, window: Rect, left: float, top: float, scale: float,
              draw: Callable[[WindowedText], None], text: bool = True, cull: bool = True,
              straddle: bool = False, memo: PaneMemo | None = None, key: Hashable = None) -> None:
    """Draw the layout `window` at `scale` with its top-left at (left, top) page points from the
    page's top-left, clipped to it. `cull`: the surface skips shapes outside the window (not
    needed when the caller hands it only what the window shows). `memo` and `key`: a pane
    drawn identically on many pages (the lane headers of a part, the corner) is drawn once and
    its operators written again on the others, with the forms it places."""
    c = doc.canvas

    def draw_clipped() -> None:
        c.saveState()
        clip_to(c, left, doc.h - top - window.h * scale, window.w * scale, window.h * scale)
        transform = PageTransform(scale, left - window.x * scale, top - window.y * scale)
        with doc.map_surface(transform, clip=window if cull else None) as surface:
            draw(WindowedText(surface, window, text, straddle))
        c.restoreState()

    _memo_ops(doc, memo, key, draw_clipped)


@dataclass(frozen=True)
class MapArea:
    """The printable area of a map page under its heading line, page points from the top-left."""

    x: float
    top: float
    w: float
    h: float


def map_area(page_w: float, page_h: float, k: float, caption: float | None = None) -> MapArea:
    """Where the map goes on a page (the running header, the heading line above, the caption
    lines below (`caption` points; one line by default), the footer). k: the document's type
    scale (app.export.pdf_pages)."""
    margin = 40 * k
    top = 58 * k + 20 * k  # the running header, then the heading line
    bottom = 34 * k + 8 * k + (12 * k if caption is None else caption)  # the footer's rule, then the caption
    return MapArea(margin, top, page_w - 2 * margin, page_h - top - bottom)


LEGEND_HEAD = "Emotion curves:"


def caption_size(k: float, floor: TextFloor) -> float:
    return max(8 * k, floor.card_text)


def legend_rows(layout: JourneyLayout, width: float, size: float, k: float) -> list[list[EmotionSeries]]:
    """The emotion curves' legend broken into lines of `width`: every name is printed, in full."""
    from .pdf_surface import string_width

    if len(layout.emotion) < 2:
        return []
    indent = string_width(LEGEND_HEAD, size) + 8 * k
    rows: list[list[EmotionSeries]] = [[]]
    x = indent
    for entry in layout.emotion:
        need = 20 * k + string_width(entry.label, size) + 12 * k
        if rows[-1] and x + need > width:
            rows.append([])
            x = indent
        rows[-1].append(entry)
        x += need
    return rows


def page_map_area(layout: JourneyLayout, options: Any, page_w: float, page_h: float, k: float) -> MapArea:
    """map_area with room for as many caption lines as the legend of this map needs."""
    size = caption_size(k, options.floor)
    rows = max(1, len(legend_rows(layout, page_w - 80 * k, size, k)))
    return map_area(page_w, page_h, k, rows * (size + 4 * k))


def plan_for(doc: Document) -> BandPlan:
    area = page_map_area(doc.layout, doc.options, doc.w, doc.h, doc.k)
    return plan_bands(doc.layout, area.w, area.h, doc.options.floor)


# ---------------------------------------------------------------------------- sections
def draw_fit(doc: Document) -> None:
    """The map on one page, or on pages of whole stages when it does not fit at a readable size."""
    try:
        plan = plan_for(doc)
    except PagingError as exc:
        from .pdf import PdfOptionError

        raise PdfOptionError(f"{exc} ({doc.options.page_size})") from None
    _draw_plan(doc, plan)


def draw_auto(doc: Document) -> None:
    """One page sized to the map at 100 % (more when the text floor asks for it)."""
    from .pdf import PdfOptionError

    layout, k = doc.layout, doc.k
    scale = max(1.0, doc.options.floor.scale)
    probe = page_map_area(layout, doc.options, layout.width * scale + 80 * k, 0, k)  # margins only
    w = layout.width * scale + 2 * probe.x
    h = layout.height * scale - probe.h  # probe.h = -(top + bottom margins)
    if max(w, h) > MAX_PAGE_PT:
        raise PdfOptionError(f"--page-size auto: the map is {w / MM:,.0f} \u00d7 {h / MM:,.0f} mm at "
                             f"{scale * 100:.0f} %, larger than a PDF page can be (5 m); use --fit or --tile")
    body = (layout.header_h, layout.height)
    n = len(layout.stages)
    x0 = layout.stages[0].header.x if n else style.LANE_HEADER_W
    x1 = layout.stages[-1].header.right if n else layout.width
    plan = BandPlan(scale, [(0, n)], [body], [MapWindow(0, n, x0, x1, *body, 0, 0)], n, layout.header_h)
    doc.use_page_size((w, h))
    try:
        _draw_plan(doc, plan)
    finally:
        doc.use_page_size(None)


@dataclass
class _PagedMap:
    """What the pages of a paged map share, worked out once for all of them: where the map goes
    on the paper, each page's cards and path steps, each band's layout (its stages and its
    pieces of the emotion curves) and the panes drawn alike on many pages."""

    plan: BandPlan
    area: MapArea
    cards: list[list[CardBox]]  # per page
    arrows: list[list[PathArrow]]  # per page
    bands: list[JourneyLayout]  # per band
    lane_layouts: list[JourneyLayout]  # per band: its grid without stage lines, for the lane headers
    emotion_row: Rect | None
    curves: list[CurveIndex]  # per emotion series
    memo: PaneMemo


def _draw_plan(doc: Document, plan: BandPlan) -> None:
    from .pdf_pages import SECTION_TITLES

    layout = doc.layout
    bands = band_layouts(layout, plan)
    paged = _PagedMap(plan, page_map_area(layout, doc.options, doc.w, doc.h, doc.k), cards_by_page(layout, plan),
                      arrows_by_page(layout, plan), bands, [replace(b, stages=[]) for b in bands],
                      next((ln.row for ln in layout.lanes if ln.kind is LaneKind.EMOTION), None),
                      [CurveIndex(series.segments) for series in layout.emotion], {})
    first_page = doc.page
    total = len(plan.pages)
    for i, window in enumerate(plan.pages):
        doc.report(i / total, f"Drawing map page {i + 1} of {total}")
        if i == 0:
            doc._begin("map", SECTION_TITLES["map"])
        else:
            doc._begin("map")
        if total > 1 and window.part == 0:
            label = stage_range_label(window.first, window.last, plan.stage_count)
            doc.marks.setdefault(doc.page, []).append((label, f"map-band-{window.band}", 1))
        if doc.page_size_override is not None:
            doc.page_sizes[doc.page] = doc.page_size_override
        _draw_page(doc, paged, i, first_page)
        doc._end_page()


def _draw_page(doc: Document, paged: _PagedMap, index: int, first_page: int) -> None:
    layout, journey, k = doc.layout, doc.journey, doc.k
    plan, area, memo = paged.plan, paged.area, paged.memo
    window = plan.pages[index]
    band_layout, lane_layout = paged.bands[window.band], paged.lane_layouts[window.band]
    cards, arrows = paged.cards[index], paged.arrows[index]
    s = plan.scale
    _heading(doc, plan, window)
    body_w, body_h = window.x1 - window.x0, window.bottom - window.top
    content_w = (style.LANE_HEADER_W + body_w) * s
    content_h = (layout.header_h + body_h) * s
    left = area.x + (area.w - content_w) / 2
    top = area.top
    head_w, head_h = style.LANE_HEADER_W * s, layout.header_h * s
    body = Rect(window.x0, window.top, body_w, body_h)
    lanes = Rect(0.0, window.top, style.LANE_HEADER_W, body_h)
    chips = [c for c in layout.journey_metrics if c.rect.intersects(lanes)]
    with_emotion = paged.emotion_row is not None and paged.emotion_row.intersects(body)

    def draw_body(surface: WindowedText) -> None:
        # the grid of a band is the same on each of its pages: worked out once, written again
        surface.reuse(("grid", window.band), lambda again: draw_grid(again, band_layout))
        if with_emotion:
            draw_emotion(surface, band_layout)
        for arrow in arrows:  # only the pieces of a long step that reach into this page
            draw_arrow(surface, arrow, window=body)
        for card in cards:
            draw_card(surface, card, journey.get(card.id), journey)

    def draw_lanes(surface: WindowedText) -> None:
        draw_grid(surface, lane_layout)
        for lane in layout.lanes:
            if lane.header.intersects(lanes):
                if lane.header.y < lanes.y - 0.5:  # continued from the part above: its title again at the top
                    cut = Rect(lane.header.x, lanes.y, lane.header.w, lane.header.bottom - lanes.y)
                    lane = replace(lane, header=cut)
                draw_lane_header(surface, lane, journey.get(lane.id))
        if with_emotion:
            draw_emotion_scale(surface, layout)
        for chip in chips:
            draw_card(surface, chip, journey.get(chip.id), journey)

    def draw_stages(surface: WindowedText) -> None:
        for stage in layout.stages[window.first:window.last]:
            draw_stage_header(surface, stage, journey.get(stage.id))

    # the corner, a part's lane headers and a band's stage headers look the same on every page
    # that shows them at the same place: drawn once, written again
    draw_pane(doc, Rect(0.0, 0.0, style.LANE_HEADER_W, layout.header_h), left, top, s,
              lambda surface: draw_corner(surface, layout, journey), memo=memo, key=("corner", left, top))
    draw_pane(doc, Rect(window.x0, 0.0, body_w, layout.header_h), left + head_w, top, s, draw_stages,
              memo=memo, key=("stages", window.band, left, top))
    draw_pane(doc, lanes, left, top + head_h, s, draw_lanes, memo=memo,
              key=("lanes", window.part, with_emotion, left, top))
    # the body gets only its own cards, arrows, grid lines and curve pieces: no culling needed
    draw_pane(doc, body, left + head_w, top + head_h, s, draw_body, cull=False)
    c = doc.canvas
    doc._stroke(style.GRID, 0.5 * k)
    c.rect(left, doc.h - top - content_h, content_w, content_h, stroke=1, fill=0)
    if with_emotion and len(plan.bands) > 1:
        _continuation_marks(doc, paged, window, left, left + head_w, top + head_h, first_page)
    _caption(doc, left, doc.h - top - content_h, memo)


class PageWriter:
    """Lines of text and rules on the page itself (page points, y up), written straight into
    the content stream as the map's own text is (a few hundred pages each carry a heading and a
    legend). Use it in a `with` block: one graphics state for them all."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.surface = doc.map_surface(PageTransform(1.0, 0.0, 0.0))

    def __enter__(self) -> PageWriter:
        self.surface.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.surface.__exit__(*exc)

    def text(self, x: float, y: float, text: str, size: float, color: str, bold: bool = False,
             align: str = "left") -> float:
        width = self.surface.text_width(text, size, bold)
        if align == "right":
            x -= width
        self.surface.text(x, self.doc.h - y, text, size, color, bold)
        return width

    def line(self, x1: float, y: float, x2: float, color: str, width: float) -> None:
        self.surface.line(x1, self.doc.h - y, x2, self.doc.h - y, color, width)


def _memo_ops(doc: Document, memo: PaneMemo | None, key: Hashable, draw: Callable[[], None]) -> None:
    """Run `draw` (which writes into the current page), or, when memo has key, write again what
    it wrote then, with the forms it placed: for what looks the same on many pages."""
    c = doc.canvas
    if memo is not None and key in memo:
        ops, forms = memo[key]
        c._code.append(ops)
        c._formsinuse.extend(name for name in forms if name not in c._formsinuse)
        return
    start, used = len(c._code), len(c._formsinuse)
    draw()
    if memo is not None:
        memo[key] = ("\n".join(c._code[start:]), list(c._formsinuse[used:]))


def _heading(doc: Document, plan: BandPlan, window: MapWindow) -> None:
    from .pdf_surface import string_width

    k = doc.k
    y = doc.h - 58 * k - 10 * k
    bits = [stage_range_label(window.first, window.last, plan.stage_count)]
    if len(plan.parts) > 1:
        bits.append(f"part {window.part + 1} of {len(plan.parts)} from the top")
    bits += [f"printed at {plan.scale * 100:.0f} %", doc.journey.state.label]
    with PageWriter(doc) as out:
        with tagged(doc.canvas, "H1"):
            w = out.text(doc.margin, y, "Journey map", 13 * k, style.STAGE_FILL, bold=True)
        room = doc.w - 2 * doc.margin - w - 10 * k
        # on narrow paper the least needed go first: the state is in the running header already
        while len(bits) > 1 and string_width(" \u00b7 ".join(bits), 10 * k) > room:
            bits.pop()
        out.text(doc.margin + w + 10 * k, y, " \u00b7 ".join(bits), 10 * k, style.MUTED_INK)


def _caption(doc: Document, left: float, map_bottom: float, memo: PaneMemo | None = None) -> None:
    """Under the map: the emotion curves' legend (on every page, every name in full, on as many
    lines as it needs). The same on every page whose map ends at the same place: `memo`."""
    k = doc.k
    size = caption_size(k, doc.options.floor)
    rows = legend_rows(doc.layout, doc.w - 2 * doc.margin, size, k)
    if not rows:
        return

    def draw() -> None:
        y = map_bottom - 4 * k - size
        # the page's graphics state first: a legend written again starts with it, not with its tag
        with PageWriter(doc) as out, tagged(doc.canvas, "P"):  # one paragraph: "Emotion curves: Customer Maya"
            x = left + out.text(left, y, LEGEND_HEAD, size, style.MUTED_INK) + 8 * k
            indent = x
            for i, row in enumerate(rows):
                if i:
                    y -= size + 4 * k
                    x = indent
                for entry in row:
                    out.line(x, y + size * 0.35, x + 16 * k, entry.color, 2.0 * k)
                    x += 20 * k
                    x += out.text(x, y, entry.label, size, style.INK) + 12 * k

    _memo_ops(doc, memo, ("caption", doc.w, doc.h, left, map_bottom), draw)


def _continuation_marks(doc: Document, paged: _PagedMap, window: MapWindow, content_left: float, body_left: float,
                        body_top: float, first_page: int) -> None:
    """Where the emotion curve leaves the page for the next run of stages (or comes in from the
    previous one): an arrow head at the edge, in the curve's colour, and the page it goes on."""
    layout, k, plan = doc.layout, doc.k, paged.plan
    s = plan.scale
    parts = len(plan.parts)
    right = body_left + (window.x1 - window.x0) * s
    size = 4.5 * k
    label_size = max(7.5 * k, doc.options.floor.card_text)
    c = doc.canvas
    for edge, x, other in ((window.x1, right, window.band + 1), (window.x0, body_left, window.band - 1)):
        if not 0 <= other < len(plan.bands):
            continue
        page = first_page + other * parts + window.part
        for i, series in enumerate(layout.emotion):
            y = paged.curves[i].y_at(edge)
            if y is None or not window.top <= y <= window.bottom:
                continue
            py = doc.h - body_top - (y - window.top) * s
            doc._fill(series.color)
            path = c.beginPath()
            tip = x + size * 1.6 if other > window.band else x
            base = tip - size * 1.6
            path.moveTo(tip, py)
            path.lineTo(base, py + size)
            path.lineTo(base, py - size)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
            if i == 0:  # one page reference per edge, beside the journey's own curve
                if other > window.band:
                    doc.text(tip + 3 * k, py - label_size * 0.35, f"p. {page}", label_size, style.MUTED_INK)
                else:
                    doc.text(content_left - 3 * k, py - label_size * 0.35, f"p. {page}", label_size, style.MUTED_INK,
                             align="right")


def count_map_pages(layout: JourneyLayout, options: Any) -> int:
    """How many pages the map section prints with these PdfOptions (the poster: its assembly
    page and sheets). Raises PagingError for a map that cannot be paged on that paper."""
    if options.auto_size and options.mode != "tile":
        return 1
    page_w, page_h = options.page_points
    if options.mode == "tile":
        from .pdf_poster import poster_plan

        return poster_plan(layout, page_w, page_h, options)[0].sheets + 1
    area = page_map_area(layout, options, page_w, page_h, min(page_w, page_h) / 595.28)
    return len(plan_bands(layout, area.w, area.h, options.floor).pages)
