"""Computes where everything of a journey map goes: stage columns, lane rows, cards, the
emotion curve and the customer-path arrows. The canvas, PDF, PNG and SVG all draw from
this one result, so that what is printed is what was on screen.

Stages run left to right as columns; visible lanes run top to bottom as rows. Card lanes
stack their touchpoints in each cell; the pain-point, opportunity and metric lanes stack
the annotations and metrics of each stage (its own and its touchpoints'); the emotion lane
holds one point per scored touchpoint, spread across its stage's column.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property

from app.model import Journey, LaneKind

from . import style
from .card_text import CARD_BOTTOM, FOOTER_GAP, FOOTER_LINE_H, TITLE_TOP, title_left
from .geometry import Point, Rect, Segment
from .legend import LegendEntry


@dataclass
class StageBox:
    id: str
    name: str
    index: int
    header: Rect  # the stage's header cell
    column: Rect  # the whole column below the header, across all lanes


@dataclass
class LaneBox:
    id: str
    kind: LaneKind
    title: str
    index: int
    header: Rect  # the lane's title cell at the left
    row: Rect  # the whole row right of the header


@dataclass
class CardBox:
    """A drawn card: a touchpoint, a pain point, an opportunity or a metric chip."""

    id: str
    kind: str  # "touchpoint", "pain_point", "opportunity", "metric"
    rect: Rect
    stage_id: str | None
    lane_id: str | None
    index: int  # order inside its cell
    footer_h: float = FOOTER_LINE_H  # more than one line when the owner's name wraps

    @property
    def icon_rect(self) -> Rect:
        return Rect(self.rect.x + 8, self.rect.y + 8, style.ICON, style.ICON)

    @property
    def title_rect(self) -> Rect:
        """Where the title text wraps (right of the icon, above the footer line)."""
        r = self.rect
        left = r.x + title_left(self.kind)
        footer = self.footer_h + FOOTER_GAP if self.kind in ("touchpoint", "pain_point", "opportunity") else 0
        return Rect(left, r.y + TITLE_TOP, r.right - 8 - left, r.h - TITLE_TOP - CARD_BOTTOM - footer)

    @property
    def footer_rect(self) -> Rect:
        r = self.rect
        return Rect(r.x + 10, r.bottom - CARD_BOTTOM - self.footer_h, r.w - 20, self.footer_h)


@dataclass
class EmotionPoint:
    tp_id: str
    x: float
    y: float
    score: int


@dataclass
class EmotionSeries:
    persona_id: str | None  # None: the journey's own emotion scores
    label: str
    color: str
    points: list[EmotionPoint]
    segments: list[Segment]


@dataclass
class PathArrow:
    source: str
    target: str
    segment: Segment  # the last cubic Bezier, ending on the target card's edge (the arrow head's)
    lead: tuple[Segment, ...] = ()  # the pieces before it, for a step routed round other cards

    @property
    def segments(self) -> list[Segment]:
        return [*self.lead, self.segment]


@dataclass
class JourneyLayout:
    width: float
    height: float
    stages: list[StageBox]
    lanes: list[LaneBox]
    cards: dict[str, CardBox]
    emotion_band: Rect | None  # the plot area inside the emotion lane
    emotion: list[EmotionSeries]
    arrows: list[PathArrow]
    journey_metrics: list[CardBox] = field(default_factory=list)
    header_h: float = style.STAGE_HEADER_H  # the stage header row: taller when a stage name needs more lines
    legend: list[LegendEntry] = field(default_factory=list)  # the emotion curves' names, atop the emotion lane

    @property
    def bounds(self) -> Rect:
        return Rect(0.0, 0.0, self.width, self.height)

    def emotion_y(self, score: float) -> float:
        """The y of an emotion score (-2..+2) in the emotion band."""
        band = self.emotion_band
        assert band is not None
        return band.bottom - (score + 2) / 4 * band.h

    def score_at(self, y: float) -> int:
        """The nearest emotion score for a y in the emotion band (dragging a point)."""
        band = self.emotion_band
        assert band is not None
        raw = (band.bottom - y) / band.h * 4 - 2
        return int(max(-2, min(2, round(raw))))

    @cached_property
    def _cell_cards(self) -> dict[tuple[str | None, str | None], list[CardBox]]:
        # made on first use, once per layout (an edit makes a new one): a drag asks on every move
        cells: dict[tuple[str | None, str | None], list[CardBox]] = {}
        for c in self.cards.values():
            if c.kind == "touchpoint":
                cells.setdefault((c.stage_id, c.lane_id), []).append(c)
        for members in cells.values():
            members.sort(key=lambda c: c.index)
        return cells

    def cell_cards(self, stage_id: str, lane_id: str) -> list[CardBox]:
        """The touchpoint cards of one cell, in order."""
        return self._cell_cards.get((stage_id, lane_id), [])

    def stage_at(self, x: float) -> StageBox | None:
        for stage in self.stages:
            if stage.header.x <= x < stage.header.right:
                return stage
        return None

    def lane_at(self, y: float) -> LaneBox | None:
        for lane in self.lanes:
            if lane.row.y <= y < lane.row.bottom:
                return lane
        return None

    def drop_target(self, x: float, y: float, card_id: str | None = None) -> tuple[str, str, int] | None:
        """Stage, card lane and insertion index for a card dropped at (x, y); None outside.

        The index counts the cell's cards whose centre is above y, skipping the dragged card."""
        stage, lane = self.stage_at(x), self.lane_at(y)
        if stage is None or lane is None or not lane.kind.holds_cards:
            return None
        above = [c for c in self.cell_cards(stage.id, lane.id) if c.id != card_id and c.rect.cy < y]
        return stage.id, lane.id, len(above)

    def insertion_line(self, stage_id: str, lane_id: str, index: int, skip: Collection[str] = ()) -> Rect:
        """A thin rectangle showing where a dropped card would go (the drag insertion marker);
        `skip`: the cards being dragged, which leave their places."""
        stage = next(s for s in self.stages if s.id == stage_id)
        lane = next(ln for ln in self.lanes if ln.id == lane_id)
        cells = [c for c in self.cell_cards(stage_id, lane_id) if c.id not in skip]
        if index < len(cells):
            y = cells[index].rect.y - style.CARD_GAP / 2
        elif cells:
            y = cells[-1].rect.bottom + style.CARD_GAP / 2
        else:
            y = lane.row.y + style.CELL_PAD / 2
        return Rect(stage.header.x + style.CELL_PAD, y - 1.5, stage.header.w - 2 * style.CELL_PAD, 3.0)


def layout_journey(journey: Journey, personas: list | None = None) -> JourneyLayout:
    """Lay out a journey. `personas` (the project's) name and colour the per-persona curves."""
    # the one layout code lives in IncrementalLayout, which the canvas keeps to follow edits;
    # imported here because it builds on the boxes above
    from .incremental import IncrementalLayout

    return IncrementalLayout(journey, personas).layout


def _point_on(segment: Segment, t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = segment
    u = 1 - t
    return (u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
            u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3)


def crosses_card(segment: Segment, card: Rect, steps: int = 48) -> bool:
    """Whether the curve passes over the card's content (its edge, where arrows start and end,
    and a thin rim aside)."""
    inner = card.inset(3)
    xs, ys = [p[0] for p in segment], [p[1] for p in segment]
    if max(xs) < inner.x or min(xs) > inner.right or max(ys) < inner.y or min(ys) > inner.bottom:
        return False
    for i in range(1, steps):
        x, y = _point_on(segment, i / steps)
        if inner.x < x < inner.right and inner.y < y < inner.bottom:
            return True
    return False


def route_around(src: Rect, dst: Rect, header_h: float = style.STAGE_HEADER_H) -> list[Segment]:
    """A loop back to an earlier stage that keeps clear of every card: out of the source's right
    side into the gutter between columns, up the gutter to the strip under the stage headers,
    back along it, down the gutter left of the target's column and into the target's left side.
    Straight legs joined by rounded corners; the last piece ends on the target's edge."""
    gutter_src, gutter_dst = src.right + style.CELL_PAD, dst.x - style.CELL_PAD
    top = header_h + style.CELL_PAD / 2  # above every card: cards sit CELL_PAD below their lane's top
    points = [(src.right, src.cy), (gutter_src, src.cy), (gutter_src, top), (gutter_dst, top),
              (gutter_dst, dst.cy), (dst.x, dst.cy)]
    return rounded_polyline(points, 8.0)


def rounded_polyline(points: list[Point], radius: float) -> list[Segment]:
    """Cubic pieces along a polyline of straight legs, each corner rounded."""
    def toward(a: Point, b: Point, d: float) -> Point:
        length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
        return (a[0] + (b[0] - a[0]) * d / length, a[1] + (b[1] - a[1]) * d / length)

    def straight(a: Point, b: Point) -> Segment:
        return (a, toward(a, b, math.hypot(b[0] - a[0], b[1] - a[1]) / 3),
                toward(b, a, math.hypot(b[0] - a[0], b[1] - a[1]) / 3), b)

    out: list[Segment] = []
    start = points[0]
    for prev, corner, nxt in zip(points, points[1:], points[2:], strict=False):
        r = min(radius, math.dist(prev, corner) / 2, math.dist(corner, nxt) / 2)
        before, after = toward(corner, prev, r), toward(corner, nxt, r)
        if math.dist(start, before) > 0.01:
            out.append(straight(start, before))
        out.append((before, toward(before, corner, r * 0.55), toward(after, corner, r * 0.55), after))
        start = after
    out.append(straight(start, points[-1]))
    return out


def route_arrow(src: Rect, dst: Rect, blocked: bool = False, header_h: float = style.STAGE_HEADER_H) -> Segment:
    """One cubic from the source card's edge to the target's: forward to the right, down or up
    within a column, or a loop back over the top for a step that returns to an earlier stage.
    `blocked`: other cards lie between the two in their column, so the step goes round the side;
    `header_h`: the height of the stage header row, which a loop never crosses."""
    if dst.x >= src.right - 1:
        p0: Point = (src.right, src.cy)
        p3: Point = (dst.x, dst.cy)
        dx = max(24.0, (p3[0] - p0[0]) / 2)
        return (p0, (p0[0] + dx, p0[1]), (p3[0] - dx, p3[1]), p3)
    if abs(dst.x - src.x) < 1:
        if dst.y >= src.bottom and not blocked:
            p0, p3 = (src.cx, src.bottom), (dst.cx, dst.y)
            return (p0, (p0[0], p0[1] + 12), (p3[0], p3[1] - 12), p3)
        # bulge right only as far as the cell padding, so the loop stays inside the map and its column
        p0, p3 = (src.right, src.cy), (dst.right, dst.cy)
        bulge = style.CELL_PAD
        return (p0, (p0[0] + bulge, p0[1]), (p3[0] + bulge, p3[1]), p3)
    # backwards (a loop, e.g. advocacy feeding awareness): leave from the top, arc over, land on top
    p0, p3 = (src.cx, src.y), (dst.cx, dst.y)
    lift = min(src.y, dst.y) - 28 - abs(src.cx - dst.cx) * 0.08
    lift = max(lift, header_h + 2)  # never over the stage headers
    return (p0, (p0[0], lift), (p3[0], lift), p3)
