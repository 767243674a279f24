"""The one set of drawing functions of a journey map, over the Surface protocol.

The canvas (QPainter), the PDF (reportlab), the PNG and the SVG all call these, so that what is
printed is what was on screen.

Coordinates: every function draws at the ABSOLUTE layout coordinates it is given (the rects of
``app.layout.layout_journey``'s boxes). A Qt graphics item placed at pos (x, y) that draws one
card translates its painter by (-x, -y) before calling ``draw_card``; an item at (0, 0) needs
nothing. Nothing here clips or cuts client text: the layout sizes every box to its wrapped text.

Paint order of ``draw_map``: grid, lane headers, stage headers, the corner cell, the emotion
curve, path arrows, then cards (so arrows pass under cards and heads land on card edges).
"""

from __future__ import annotations

import functools
import math

from app.layout import style
from app.layout.card_text import FOOTER_LINE_H, touchpoint_label
from app.layout.geometry import Point, Rect, Segment, split_cubic
from app.layout.journey_layout import CardBox, JourneyLayout, LaneBox, PathArrow, StageBox
from app.layout.legend import LABEL_PT, LegendEntry
from app.layout.metric_chip import NAME_PT, TARGET_PT, chip_text, format_metric_value, metric_figures
from app.model import Annotation, AnnotationKind, Channel, Journey, Lane, LaneKind, Metric, Persona, Stage, Touchpoint
from app.model.vocabulary import signed
from app.render.icons import draw_icon
from app.render.surface import Surface
from app.render.text import ASCENT, elide, line_height, wrap

__all__ = [
    "arrow_key", "arrow_outline", "arrow_piece_boxes", "draw_arrow", "draw_arrow_piece", "draw_card",
    "draw_channel_icon", "draw_corner", "draw_emotion", "draw_grid", "piece_count",
    "draw_lane_header", "draw_map", "draw_stage_header", "draw_text_block", "format_metric_value",
    "metric_status_color",
]

STAGE_SEPARATOR = "#3e5a78"  # the thin line between two dark stage headers
CORNER_FILL = "#1b2e42"
CORNER_MUTED = "#9fb3c8"
VOTE_INK = "#334e68"
EMOTION_GUIDE = "#e4e7eb"


# ---------------------------------------------------------------------------- text helpers
def draw_text_block(surface: Surface, text: str, rect: Rect, size: float, color: str, *, bold: bool = False,
                    max_lines: int | None = None, align: str = "left") -> int:
    """Wrap text into rect from its top; returns the lines drawn. Client text is never cut: all of
    it is drawn (the layout made the box tall enough); `max_lines` is for labels of our own,
    which end in an ellipsis when they run out of lines."""
    lines = wrap(surface, text, rect.w, size, bold, max_lines)
    lh = line_height(size)
    baseline = rect.y + size * ASCENT
    for line in lines:
        x = rect.x
        if align != "left":
            w = surface.text_width(line, size, bold)
            x = rect.x + (rect.w - w) / 2 if align == "center" else rect.right - w
        surface.text(x, baseline, line, size, color, bold)
        baseline += lh
    return len(lines)


def _text_right(surface: Surface, right: float, baseline: float, text: str, size: float, color: str,
                bold: bool = False) -> float:
    """Right-aligned text ending at x = right; returns where it starts."""
    x = right - surface.text_width(text, size, bold)
    surface.text(x, baseline, text, size, color, bold)
    return x


def _baseline_centered(rect: Rect, size: float) -> float:
    """The baseline that centres a line of this size vertically in rect (cap height ~0.73 em)."""
    return rect.cy + size * 0.36


# ---------------------------------------------------------------------------- the whole map
def draw_map(surface: Surface, layout: JourneyLayout, journey: Journey, personas: list[Persona],
             *, selected: frozenset[str] = frozenset(), window: Rect | None = None) -> None:
    """Everything of the map, in paint order.

    `selected` holds element ids (cards, stages, lanes) and arrow keys ("SOURCE->TARGET", see
    `arrow_key`) to draw as selected. `personas` is accepted for symmetry with the layout (the
    emotion series already carry their labels and colours). `window` (layout coordinates), when
    given, is the only part that will be seen (one tile of a poster): headers, cards and arrows
    entirely outside it are skipped, so their text is not even wrapped."""
    def seen(r: Rect) -> bool:
        return window is None or r.intersects(window)

    draw_grid(surface, layout)
    for lane_box in layout.lanes:
        if seen(lane_box.header):
            draw_lane_header(surface, lane_box, journey.get(lane_box.id), lane_box.id in selected)
    for stage_box in layout.stages:
        if seen(stage_box.header):
            draw_stage_header(surface, stage_box, journey.get(stage_box.id), stage_box.id in selected)
    draw_corner(surface, layout, journey)
    emotion_row = next((ln.row for ln in layout.lanes if ln.kind is LaneKind.EMOTION), None)
    if emotion_row is not None and seen(emotion_row.inset(-8)):  # dots may stick out a little
        draw_emotion(surface, layout)
    for arrow in layout.arrows:
        if window is None or any(seen(_segment_bounds(piece)) for piece in arrow.segments):
            draw_arrow(surface, arrow, arrow_key(arrow) in selected)
    for card in layout.cards.values():
        if seen(card.rect):
            draw_card(surface, card, journey.get(card.id), journey, card.id in selected)


@functools.lru_cache(maxsize=8192)  # a poster asks again for every tile
def _segment_bounds(segment: tuple[Point, Point, Point, Point]) -> Rect:
    """A box around a cubic segment (its control points' hull contains the curve)."""
    xs, ys = [p[0] for p in segment], [p[1] for p in segment]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def arrow_key(arrow: PathArrow) -> str:
    """The id under which a path arrow is selected: "SOURCE->TARGET"."""
    return f"{arrow.source}->{arrow.target}"


def draw_grid(surface: Surface, layout: JourneyLayout, window: Rect | None = None) -> None:
    """Page background, lane row tints, lane separators and stage column lines.

    `window`: draw only what lies in this part of the map (a screen repainting a strip of a big
    map need not fill the whole page)."""

    def fill(r: Rect, color: str) -> None:
        if window is not None:
            x0, y0 = max(r.x, window.x), max(r.y, window.y)
            x1, y1 = min(r.right, window.right), min(r.bottom, window.bottom)
            if x0 >= x1 or y0 >= y1:
                return
            r = Rect(x0, y0, x1 - x0, y1 - y0)
        surface.rect(r, color)

    def line(x0: float, y0: float, x1: float, y1: float, color: str) -> None:
        if window is not None:
            if max(x0, x1) < window.x - 1 or min(x0, x1) > window.right + 1:
                return
            if max(y0, y1) < window.y - 1 or min(y0, y1) > window.bottom + 1:
                return
            if y0 == y1:  # horizontal: only the part across the window
                x0, x1 = max(min(x0, x1), window.x - 1), min(max(x0, x1), window.right + 1)
            elif x0 == x1:
                y0, y1 = max(min(y0, y1), window.y - 1), min(max(y0, y1), window.bottom + 1)
        surface.line(x0, y0, x1, y1, color, 1.0)

    fill(layout.bounds, style.PAPER)
    for lane in layout.lanes:
        tint = style.LANE_TINTS.get(lane.kind, style.PAPER)
        if tint != style.PAPER:
            fill(lane.row, tint)
    top, bottom = layout.header_h, layout.height
    for stage in layout.stages[1:]:
        line(stage.header.x, top, stage.header.x, bottom, style.GRID)
    if layout.stages:
        right = layout.stages[-1].header.right
        line(right, top, right, bottom, style.GRID)
    for lane in layout.lanes[1:]:
        line(0, lane.row.y, layout.width, lane.row.y, style.GRID)
    line(0, layout.height, layout.width, layout.height, style.GRID)
    line(style.LANE_HEADER_W, top, style.LANE_HEADER_W, bottom, style.CARD_BORDER)


def draw_corner(surface: Surface, layout: JourneyLayout, journey: Journey) -> None:
    """The top-left cell: the journey's title and its state."""
    cell = Rect(0.0, 0.0, style.LANE_HEADER_W, layout.header_h)
    surface.rect(cell, CORNER_FILL)
    inner = cell.inset(12, 9)
    state = journey.state.label
    surface.text(inner.x, inner.bottom - 1, elide(surface, state.upper(), inner.w, style.SMALL_PT - 0.5),
                 style.SMALL_PT - 0.5, CORNER_MUTED)
    draw_text_block(surface, journey.title, Rect(inner.x, inner.y - 1, inner.w, inner.h - 10), style.BODY_PT + 0.5,
                    style.STAGE_INK, bold=True)


def draw_stage_header(surface: Surface, box: StageBox, stage: Stage, selected: bool = False) -> None:
    """A stage's dark header cell: its number and name (wrapped to two lines)."""
    r = box.header
    surface.rect(r, style.STAGE_FILL)
    if box.index > 0:
        surface.line(r.x, r.y + 8, r.x, r.bottom - 8, STAGE_SEPARATOR, 1.0)
    inner = r.inset(style.CELL_PAD, 8)
    number = f"{box.index + 1:02d}"
    with surface.element("H2"):
        surface.text(inner.x, inner.y + style.SMALL_PT * ASCENT, number, style.SMALL_PT, CORNER_MUTED, True)
        name_rect = Rect(inner.x, inner.y + style.SMALL_PT * 1.45, inner.w, inner.h - style.SMALL_PT * 1.45 + 2)
        draw_text_block(surface, stage.name, name_rect, style.HEADER_PT, style.STAGE_INK, bold=True)
    if selected:
        surface.rect(r.inset(1.5), None, style.SELECTION, 3.0)


def draw_lane_header(surface: Surface, box: LaneBox, lane: Lane, selected: bool = False) -> None:
    """A lane's title cell at the left of its row."""
    r = box.header
    surface.rect(r, style.HEADER_FILL)
    if box.index > 0:
        surface.line(r.x, r.y, r.right, r.y, style.GRID, 1.0)
    reserve = 30.0 if box.kind is LaneKind.EMOTION else 0.0  # the -2..+2 scale sits at the right
    # 10 pt from the top keeps the title clear of the journey-level metric chips below it (card_text.CHIPS_TOP)
    inner = Rect(r.x + style.CELL_PAD, r.y + 10, r.w - 2 * style.CELL_PAD - reserve, r.h - 10 - style.CELL_PAD)
    # all of the title: the layout made the row tall enough, and put the metric chips below it
    with surface.element("P"):
        draw_text_block(surface, lane.title, inner, style.TITLE_PT, style.INK, bold=True)
    if selected:
        surface.rect(r.inset(1.5), None, style.SELECTION, 3.0)


# ---------------------------------------------------------------------------- cards
def draw_card(surface: Surface, card: CardBox, obj: object, journey: Journey, selected: bool = False) -> None:
    """A touchpoint card, a pain-point or opportunity note, or a metric chip."""
    with surface.element("P"):  # one paragraph for a screen reader, not one per line
        if isinstance(obj, Touchpoint):
            _draw_touchpoint(surface, card, obj)
        elif isinstance(obj, Annotation):
            _draw_annotation(surface, card, obj)
        elif isinstance(obj, Metric):
            _draw_metric(surface, card, obj)
        else:
            surface.rect(card.rect, style.CARD_FILL, style.CARD_BORDER, 1.0, style.CORNER)
    if selected:
        surface.rect(card.rect, None, style.SELECTION, 2.0, style.CORNER)


def draw_channel_icon(surface: Surface, channel: Channel, rect: Rect) -> None:
    """The channel's vector icon fitted into rect (the same shapes wherever it is: a symbol)."""
    surface.symbol(("icon", channel), rect, lambda s, r: draw_icon(s, channel, r))


def _draw_touchpoint(surface: Surface, card: CardBox, tp: Touchpoint) -> None:
    r = card.rect
    surface.rect(r, style.CARD_FILL, style.CARD_BORDER, 1.0, style.CORNER)
    draw_channel_icon(surface, tp.channel, card.icon_rect)
    title = tp.title.strip()
    draw_text_block(surface, title or "Untitled touchpoint", card.title_rect, style.TITLE_PT,
                    style.INK if title else style.MUTED_INK, bold=True)
    foot = card.footer_rect
    first = Rect(foot.x, foot.y, foot.w, FOOTER_LINE_H)  # badges sit beside the first line
    baseline = _baseline_centered(first, style.SMALL_PT)
    badges_w = _draw_flags(surface, first, tp) if tp.moment_of_truth or tp.delight else 0.0
    label = touchpoint_label(tp)
    owner_w = foot.w - badges_w - (6 if badges_w else 0)
    if label and owner_w > 10:
        # all of the owner's name, wrapped: the layout made the footer tall enough
        step = line_height(style.SMALL_PT)
        for line in wrap(surface, label, owner_w, style.SMALL_PT):
            surface.text(foot.x, baseline, line, style.SMALL_PT, style.MUTED_INK)
            baseline += step


def _draw_flags(surface: Surface, foot: Rect, tp: Touchpoint) -> float:
    """Moment-of-truth (diamond) and delight (star) badges at the footer's right; returns their width."""
    flags = [kind for kind, on in (("truth", tp.moment_of_truth), ("delight", tp.delight)) if on]
    x = foot.right
    cy = foot.cy
    size = 5.0
    for kind in reversed(flags):
        cx = x - size
        if kind == "truth":
            surface.polygon([(cx, cy - size), (cx + size, cy), (cx, cy + size), (cx - size, cy)], style.MOMENT_OF_TRUTH)
        else:
            surface.polygon(_star(cx, cy, size + 0.8, (size + 0.8) * 0.45), style.DELIGHT, "#b7950b", 0.6)
        x -= 2 * size + 4
    return foot.right - x - 4 if flags else 0.0


def _star(cx: float, cy: float, outer: float, inner: float) -> list[Point]:
    pts: list[Point] = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rad = outer if i % 2 == 0 else inner
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def _draw_annotation(surface: Surface, card: CardBox, ann: Annotation) -> None:
    r = card.rect
    pain = ann.kind is AnnotationKind.PAIN_POINT
    severity = min(5, max(1, ann.severity))
    accent = style.SEVERITY_COLORS[severity] if pain else style.OPPORTUNITY_ACCENT
    fill = style.PAIN_FILL if pain else style.OPPORTUNITY_FILL
    surface.rect(r, fill, style.CARD_BORDER, 1.0, style.CORNER)
    # the severity (or opportunity) band along the left edge, inside the rounded corners
    surface.rect(Rect(r.x + 2.5, r.y + 5, 4.0, r.h - 10), accent, None, 1.0, 2.0)
    body = card.title_rect
    body = Rect(body.x + 2, body.y, body.w - 2, body.h)
    draw_text_block(surface, ann.text.strip() or ann.kind.label, body, style.BODY_PT, style.INK)
    foot = card.footer_rect
    foot = Rect(foot.x + 2, foot.y, foot.w - 2, foot.h)
    baseline = _baseline_centered(foot, style.SMALL_PT)
    if pain:
        label = f"S{severity}"
        w = surface.text_width(label, style.SMALL_PT, True) + 8
        pill = Rect(foot.x, foot.cy - 6, w, 12)
        border = None if severity > 1 else style.SEVERITY_COLORS[3]
        surface.rect(pill, accent, border, 0.8, 6)
        surface.text(pill.x + 4, baseline, label, style.SMALL_PT, style.SEVERITY_INK[severity], True)
        left = pill.right + 6
    else:
        surface.text(foot.x, baseline, "Opportunity", style.SMALL_PT, style.OPPORTUNITY_ACCENT, True)
        left = foot.x + surface.text_width("Opportunity", style.SMALL_PT, True) + 6
    _draw_votes(surface, left, foot, ann.votes)


def _draw_votes(surface: Surface, left: float, foot: Rect, votes: int) -> None:
    """The number of votes at the footer's right, and up to ten dots before it (a room counts
    dots; the number says how many without counting)."""
    if votes <= 0:
        return
    shown = min(votes, 10)
    step, r = 7.0, 2.4
    x = _text_right(surface, foot.right, _baseline_centered(foot, style.SMALL_PT), str(votes), style.SMALL_PT,
                    VOTE_INK, True) - 3
    room = int((x - left) // step)
    shown = max(0, min(shown, room))
    for i in range(shown):
        surface.circle(x - r - i * step, foot.cy, r, VOTE_INK)


def metric_status_color(metric: Metric) -> str:
    """GOOD when the value meets its target, BAD when it misses, NEUTRAL without a target or value."""
    meets = metric.meets_target()
    return style.NEUTRAL if meets is None else (style.GOOD if meets else style.BAD)


def _draw_status_mark(surface: Surface, cx: float, cy: float, meets: bool | None) -> None:
    """A tick in a green disc, a cross in a red disc, or a grey ring without a target: the shape
    tells the status apart in greyscale prints and for colour-blind readers."""
    if meets is None:
        surface.circle(cx, cy, 4.2, None, style.NEUTRAL, 1.6)
        return
    surface.circle(cx, cy, 5.0, style.GOOD if meets else style.BAD)
    if meets:
        surface.line(cx - 2.4, cy + 0.1, cx - 0.7, cy + 1.9, style.PAPER, 1.3)
        surface.line(cx - 0.7, cy + 1.9, cx + 2.5, cy - 1.8, style.PAPER, 1.3)
    else:
        surface.line(cx - 1.9, cy - 1.9, cx + 1.9, cy + 1.9, style.PAPER, 1.3)
        surface.line(cx - 1.9, cy + 1.9, cx + 1.9, cy - 1.9, style.PAPER, 1.3)


def _draw_metric(surface: Surface, card: CardBox, metric: Metric) -> None:
    """A metric chip: the status mark, the whole name (wrapped) and the figures, beside the name's
    first line or under the name, where the layout put them (app.layout.metric_chip)."""
    r = card.rect
    status = metric_status_color(metric)
    surface.rect(r, style.CARD_FILL, style.CARD_BORDER, 1.0, r.h / 2 if r.h < 34 else style.CORNER)
    text = chip_text(metric, r)
    _draw_status_mark(surface, r.x + 12, text.mark_cy, metric.meets_target())
    draw_text_block(surface, metric.name, text.name, NAME_PT, style.INK, bold=True)
    value, target = metric_figures(metric)
    value_ink = status if status != style.NEUTRAL else style.INK
    box = text.figures
    baseline = box.y + NAME_PT * ASCENT
    if not text.below:
        x = _text_right(surface, box.right, baseline, target, TARGET_PT, style.MUTED_INK) if target else box.right
        _text_right(surface, x, baseline, value, NAME_PT, value_ink, True)
        return
    value_w = surface.text_width(value, NAME_PT, True)
    if value_w + surface.text_width(target, TARGET_PT) <= box.w:
        surface.text(box.x, baseline, value, NAME_PT, value_ink, True)
        if target:
            surface.text(box.x + value_w, baseline, target, TARGET_PT, style.MUTED_INK)
        return
    # a value or unit too long for one line: the value's lines, then the target's under them
    lines = draw_text_block(surface, value, box, NAME_PT, value_ink, bold=True)
    below = Rect(box.x, box.y + lines * line_height(NAME_PT), box.w, box.h)
    draw_text_block(surface, target.strip(), below, TARGET_PT, style.MUTED_INK)


# ---------------------------------------------------------------------------- emotion curve
def draw_emotion(surface: Surface, layout: JourneyLayout) -> None:
    """Guide lines for -2..+2 with their labels, each series as a smooth curve with a dot per point
    coloured by its score, and a legend when there are several series."""
    band = layout.emotion_band
    if band is None:
        return
    for score in range(-2, 3):
        y = layout.emotion_y(score)
        if score == 0:
            surface.line(band.x, y, band.right, y, style.CARD_BORDER, 1.0)
        else:
            surface.line(band.x, y, band.right, y, EMOTION_GUIDE, 0.8, (3.0, 3.0))
    draw_emotion_scale(surface, layout)
    several = len(layout.emotion) > 1
    # The journey's own curve underneath and wider, the personas' thinner on top of it: a persona
    # whose scores are the journey's (or run along it for a while) still shows, inside its casing.
    ordered = sorted(layout.emotion, key=lambda s: s.persona_id is not None)
    for series in ordered:
        main = series.persona_id is None
        if series.segments:
            surface.curve(series.segments, series.color, (3.0 if several else 2.2) if main else 1.4)
    for series in ordered:  # the dots over every curve
        radius = 4.2 if series.persona_id is None or not several else 3.2
        for p in series.points:
            surface.circle(p.x, p.y, radius, style.EMOTION_COLORS.get(p.score, style.NEUTRAL), style.PAPER, 1.2)
    _draw_legend(surface, layout.legend)


def draw_emotion_scale(surface: Surface, layout: JourneyLayout) -> None:
    """The -2..+2 labels at the right edge of the emotion lane's header cell."""
    if layout.emotion_band is None:
        return
    for score in range(-2, 3):
        label = signed(score).replace("-", "\u2212")
        _text_right(surface, style.LANE_HEADER_W - 8, layout.emotion_y(score) + style.SMALL_PT * 0.36, label,
                    style.SMALL_PT, style.EMOTION_COLORS[score], True)


def _draw_legend(surface: Surface, legend: list[LegendEntry]) -> None:
    """Each curve's swatch and its whole name (wrapped where the layout made it two or more lines),
    where the layout put them atop the emotion lane (app.layout.legend)."""
    for entry in legend:
        x0, x1, y = entry.swatch
        surface.line(x0, y, x1, y, entry.color, 2.0)
        draw_text_block(surface, entry.label, entry.text, LABEL_PT, style.MUTED_INK)


# ---------------------------------------------------------------------------- path arrows
Box = tuple[float, float, float, float]  # left, top, right, bottom


def arrow_outline(arrow: PathArrow, selected: bool = False) -> tuple[Segment, list[Point], str, float]:
    """How a path step is drawn: the curve (stopping at the head's base, so the line does not poke
    through the tip), the head's triangle, the colour and the line width."""
    curve, head, color, width, _ = _outline(arrow.segment, selected)
    return curve, list(head), color, width


@functools.lru_cache(maxsize=16384)  # a step crossing many PDF pages is asked for on each of them
def _outline(segment: Segment, selected: bool) -> tuple[Segment, tuple[Point, Point, Point], str, float, Box]:
    """arrow_outline of a step's last segment, with the head's box (left, top, right, bottom)."""
    color = style.SELECTION if selected else style.PATH_INK
    width = 2.0 if selected else 1.2
    p0, c1, c2, p3 = segment
    # direction at the end: from the last control point that differs from the end point
    ref = c2 if (abs(c2[0] - p3[0]) + abs(c2[1] - p3[1])) > 0.5 else (c1 if c1 != p3 else p0)
    dx, dy = p3[0] - ref[0], p3[1] - ref[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    head = 7.0 if not selected else 8.5
    base = (p3[0] - ux * head, p3[1] - uy * head)
    c2_short = (c2[0] - ux * head * 0.5, c2[1] - uy * head * 0.5) if ref is c2 else c2
    half = head * 0.45
    left = (base[0] - uy * half, base[1] + ux * half)
    right = (base[0] + uy * half, base[1] - ux * half)
    xs, ys = (p3[0], left[0], right[0]), (p3[1], left[1], right[1])
    return (p0, c1, c2_short, base), (p3, left, right), color, width, (min(xs), min(ys), max(xs), max(ys))


@functools.lru_cache(maxsize=16384)
def _segment_box(segment: Segment) -> Box:
    """left, top, right, bottom of a cubic segment's control points (which contain the curve)."""
    xs, ys = [p[0] for p in segment], [p[1] for p in segment]
    return min(xs), min(ys), max(xs), max(ys)


def draw_arrow(surface: Surface, arrow: PathArrow, selected: bool = False, window: Rect | None = None) -> None:
    """The customer-path step as a curve ending in a filled arrow head on the target card's edge.

    `window` (layout coordinates), when given, is the only part that will be seen (one page of
    a map cut into pages): the pieces of a long step that do not reach into it are left out."""
    curve, head, color, width, head_box = _outline(arrow.segment, selected)
    segments = [*arrow.lead, curve] if arrow.lead else [curve]  # a step routed round cards: its legs, then the end
    if window is None:
        surface.curve(segments, color, width)
        surface.polygon(list(head), color)
        return
    x0, y0 = window.x - width, window.y - width  # the line's own width reaches past its path
    x1, y1 = window.x + window.w + width, window.y + window.h + width
    seen = []
    for piece in segments:
        left, top, right, bottom = _segment_box(piece)
        if left <= x1 and x0 <= right and top <= y1 and y0 <= bottom:
            seen.append(piece)
    if seen:
        surface.curve(seen, color, width)
    left, top, right, bottom = head_box
    if left <= x1 and x0 <= right and top <= y1 and y0 <= bottom:
        surface.polygon(list(head), color)


# a long step is drawn (and cached on screen) in pieces of about this much control polygon, so that
# no piece is larger than a view: Qt then keeps each piece whole instead of redrawing strips of it
ARROW_PIECE = 500.0


def _split_count(segment: Segment) -> int:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = segment
    reach = math.hypot(x1 - x0, y1 - y0) + math.hypot(x2 - x1, y2 - y1) + math.hypot(x3 - x2, y3 - y2)
    return max(1, min(32, math.ceil(reach / ARROW_PIECE)))


def piece_count(arrow: PathArrow) -> int:
    """Into how many pieces a step's curve is cut (1: drawn whole); its head is one more piece. A
    step routed round cards counts the pieces of each of its legs."""
    return sum(_split_count(part) for part in arrow.segments)


def _pieces(arrow: PathArrow, selected: bool) -> list[Segment]:
    curve = arrow_outline(arrow, selected)[0]
    out: list[Segment] = []
    for part in arrow.lead:
        out += split_cubic(part, _split_count(part))
    return out + split_cubic(curve, _split_count(arrow.segment))


def arrow_piece_boxes(arrow: PathArrow) -> list[Box]:
    """A box around each piece of a step, then one around its head, (left, top, right, bottom),
    wide enough for either look (selected or not)."""
    boxes = []
    for selected in (False, True):
        pieces = _pieces(arrow, selected)
        head = arrow_outline(arrow, selected)[1]
        hulls = [[p for p in piece] for piece in pieces] + [head]
        boxes.append([(min(p[0] for p in hull) - 3, min(p[1] for p in hull) - 3,
                       max(p[0] for p in hull) + 3, max(p[1] for p in hull) + 3) for hull in hulls])
    return [(min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])) for a, b in zip(*boxes, strict=True)]


def draw_arrow_piece(surface: Surface, arrow: PathArrow, index: int, selected: bool = False) -> None:
    """One piece of a step cut by piece_count (the last index: its head); together they draw_arrow."""
    _curve, head, color, width = arrow_outline(arrow, selected)
    pieces = _pieces(arrow, selected)
    if index < len(pieces):
        surface.curve([pieces[index]], color, width)
    else:
        surface.polygon(head, color)
