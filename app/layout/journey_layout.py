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

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from app.model import Journey, LaneKind, NodeKind, Touchpoint
from app.model.personas import persona_color

from . import style as S
from .geometry import Point, Rect, Segment, smooth_curve


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

    @property
    def icon_rect(self) -> Rect:
        return Rect(self.rect.x + 8, self.rect.y + 8, S.ICON, S.ICON)

    @property
    def title_rect(self) -> Rect:
        """Where the title text wraps (right of the icon, above the footer line)."""
        r = self.rect
        left = r.x + (8 + S.ICON + 7 if self.kind == "touchpoint" else 10)
        footer = 16 if self.kind in ("touchpoint", "pain_point", "opportunity") else 0
        return Rect(left, r.y + 7, r.right - 8 - left, r.h - 12 - footer)

    @property
    def footer_rect(self) -> Rect:
        r = self.rect
        return Rect(r.x + 10, r.bottom - 19, r.w - 20, 14)


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
        above = [c for c in self.cards.values()
                 if c.kind == "touchpoint" and c.stage_id == stage.id and c.lane_id == lane.id
                 and c.id != card_id and c.rect.cy < y]
        return stage.id, lane.id, len(above)

    def insertion_line(self, stage_id: str, lane_id: str, index: int, skip: Collection[str] = ()) -> Rect:
        """A thin rectangle showing where a dropped card would go (the drag insertion marker);
        `skip`: the cards being dragged, which leave their places."""
        stage = next(s for s in self.stages if s.id == stage_id)
        lane = next(ln for ln in self.lanes if ln.id == lane_id)
        cells = sorted((c for c in self.cards.values() if c.kind == "touchpoint" and c.stage_id == stage_id
                        and c.lane_id == lane_id and c.id not in skip), key=lambda c: c.index)
        if index < len(cells):
            y = cells[index].rect.y - S.CARD_GAP / 2
        elif cells:
            y = cells[-1].rect.bottom + S.CARD_GAP / 2
        else:
            y = lane.row.y + S.CELL_PAD / 2
        return Rect(stage.header.x + S.CELL_PAD, y - 1.5, stage.header.w - 2 * S.CELL_PAD, 3.0)


def _stacked_height(count: int, item_h: float) -> float:
    return 2 * S.CELL_PAD + count * item_h + max(0, count - 1) * S.CARD_GAP


def layout_journey(journey: Journey, personas: list | None = None) -> JourneyLayout:
    """Lay out a journey. `personas` (the project's) name and colour the per-persona curves."""
    stages = journey.stages()
    lanes = journey.lanes(visible_only=True)

    # one pass over the graph: each touchpoint's cell, each annotation's and metric's stage
    cells: dict[tuple[str, str], list] = defaultdict(list)
    tp_stage: dict[str, str] = {}
    graph = journey.graph
    for node, data in graph.nodes(data=True):
        if data["kind"] is NodeKind.TOUCHPOINT:
            stage_id = lane_id = ""
            for _, target, edge in graph.out_edges(node, data=True):
                if edge["rel"] == "in_stage":
                    stage_id = target
                elif edge["rel"] == "in_lane":
                    lane_id = target
            cells[(stage_id, lane_id)].append(data["obj"])
            tp_stage[node] = stage_id
    for members in cells.values():
        members.sort(key=lambda t: t.order)

    per_stage: dict[str, dict[str, list]] = {s.id: defaultdict(list) for s in stages}
    journey_metrics = []
    for node, data in graph.nodes(data=True):
        kind = data["kind"]
        if kind not in (NodeKind.ANNOTATION, NodeKind.METRIC):
            continue
        target = next((t for _, t in graph.out_edges(node)), None)
        obj = data["obj"]
        if target is None:
            journey_metrics.append(obj)
            continue
        stage_id = target if graph.nodes[target]["kind"] is NodeKind.STAGE else tp_stage[target]
        bucket = "metric" if kind is NodeKind.METRIC else obj.kind.value
        # stage-level items first, then touchpoint items in journey order, then own order
        rank = (-1, -1, obj.order) if target == stage_id else (*_tp_rank(journey, target), obj.order)
        per_stage[stage_id][bucket].append((rank, obj))
    for buckets in per_stage.values():
        for items in buckets.values():
            items.sort(key=lambda pair: pair[0])

    # column geometry
    x = S.LANE_HEADER_W
    stage_boxes: list[StageBox] = []
    for i, s in enumerate(stages):
        w = S.COLUMN_W * s.width
        stage_boxes.append(StageBox(s.id, s.name, i, Rect(x, 0.0, w, S.STAGE_HEADER_H), Rect(x, 0, w, 0)))
        x += w
    width = max(x, S.LANE_HEADER_W + S.COLUMN_W)

    bucket_of_lane = {
        LaneKind.PAIN_POINTS: ("pain_point", S.NOTE_H),
        LaneKind.OPPORTUNITIES: ("opportunity", S.NOTE_H),
        LaneKind.METRICS: ("metric", S.CHIP_H),
    }

    y = S.STAGE_HEADER_H
    lane_boxes: list[LaneBox] = []
    cards: dict[str, CardBox] = {}
    emotion_band: Rect | None = None
    for li, lane in enumerate(lanes):
        if lane.kind.holds_cards:
            tallest = max((len(cells.get((s.id, lane.id), [])) for s in stages), default=0)
            height = max(S.MIN_CARD_LANE_H, _stacked_height(tallest, S.TOUCHPOINT_H))
        elif lane.kind is LaneKind.EMOTION:
            height = S.EMOTION_LANE_H
        else:
            bucket, item_h = bucket_of_lane[lane.kind]
            tallest = max((len(per_stage[s.id].get(bucket, [])) for s in stages), default=0)
            height = max(item_h + 2 * S.CELL_PAD, _stacked_height(tallest, item_h))
            if lane.kind is LaneKind.METRICS and journey_metrics:
                height = max(height, _stacked_height(len(journey_metrics), S.CHIP_H) + 22)
        box = LaneBox(lane.id, lane.kind, lane.title, li, Rect(0.0, y, S.LANE_HEADER_W, height),
                      Rect(S.LANE_HEADER_W, y, width - S.LANE_HEADER_W, height))
        lane_boxes.append(box)

        for sb in stage_boxes:
            inner_x, inner_w = sb.header.x + S.CELL_PAD, sb.header.w - 2 * S.CELL_PAD
            if lane.kind.holds_cards:
                for i, tp in enumerate(cells.get((sb.id, lane.id), [])):
                    r = Rect(inner_x, y + S.CELL_PAD + i * (S.TOUCHPOINT_H + S.CARD_GAP), inner_w, S.TOUCHPOINT_H)
                    cards[tp.id] = CardBox(tp.id, "touchpoint", r, sb.id, lane.id, i)
            elif lane.kind in bucket_of_lane:
                bucket, item_h = bucket_of_lane[lane.kind]
                for i, (_, obj) in enumerate(per_stage[sb.id].get(bucket, [])):
                    r = Rect(inner_x, y + S.CELL_PAD + i * (item_h + S.CARD_GAP), inner_w, item_h)
                    cards[obj.id] = CardBox(obj.id, bucket, r, sb.id, lane.id, i)
        if lane.kind is LaneKind.METRICS:
            metric_lane_y = y
        if lane.kind is LaneKind.EMOTION and emotion_band is None:
            emotion_band = Rect(S.LANE_HEADER_W, y + 22, width - S.LANE_HEADER_W, height - 44)
        y += height
    height = max(y, S.STAGE_HEADER_H + S.MIN_CARD_LANE_H)

    chips: list[CardBox] = []
    if journey_metrics and any(lb.kind is LaneKind.METRICS for lb in lane_boxes):
        for i, m in enumerate(sorted(journey_metrics, key=lambda m: m.order)):
            r = Rect(8.0, metric_lane_y + 22 + i * (S.CHIP_H + S.CARD_GAP), S.LANE_HEADER_W - 16, S.CHIP_H)
            chip = CardBox(m.id, "metric", r, None, None, i)
            chips.append(chip)
            cards[m.id] = chip

    for sb in stage_boxes:
        sb.column = Rect(sb.header.x, S.STAGE_HEADER_H, sb.header.w, height - S.STAGE_HEADER_H)

    series = _emotion_series(journey, stage_boxes, cells, lanes, emotion_band, personas or [])
    arrows = _path_arrows(journey, cards)
    return JourneyLayout(width, height, stage_boxes, lane_boxes, cards, emotion_band, series, arrows, chips)


def _tp_rank(journey: Journey, tp_id: str) -> tuple[int, int]:
    tp = journey.get(tp_id)
    return (journey.lane_of(tp_id).position, tp.order)


def _emotion_series(journey: Journey, stage_boxes: list[StageBox], cells: dict, lanes: list,
                    band: Rect | None, personas: list) -> list[EmotionSeries]:
    if band is None:
        return []
    card_lanes = [ln for ln in journey.lanes() if ln.kind.holds_cards]
    # the journey's touchpoints in order, spread evenly over their stage's column
    placed: list[tuple[float, Touchpoint]] = []
    for sb in stage_boxes:
        members = [tp for ln in card_lanes for tp in cells.get((sb.id, ln.id), [])]
        for i, tp in enumerate(members):
            placed.append((sb.header.x + (i + 0.5) / len(members) * sb.header.w, tp))

    def y_of(score: float) -> float:
        return band.bottom - (score + 2) / 4 * band.h

    def series(persona_id: str | None, label: str, color: str) -> EmotionSeries | None:
        pts = []
        for x, tp in placed:
            score = tp.emotion if persona_id is None else tp.persona_emotions.get(persona_id)
            if score is not None:
                pts.append(EmotionPoint(tp.id, x, y_of(score), score))
        if not pts:
            return None
        segs = smooth_curve([(p.x, p.y) for p in pts], band.y, band.bottom)
        return EmotionSeries(persona_id, label, color, pts, segs)

    out = [s for s in [series(None, "Customer", S.INK)] if s]
    used = {pid for _, tp in placed for pid in tp.persona_emotions}
    for persona in (p for p in personas if p.id in used):
        color = persona_color(persona, personas)  # the model's one rule: as in the charts and the PDF
        if (s := series(persona.id, persona.name, color)) is not None:
            out.append(s)
    return out


def _path_arrows(journey: Journey, cards: dict[str, CardBox]) -> list[PathArrow]:
    column_cards: dict[float, list[Rect]] = defaultdict(list)
    for card in cards.values():
        column_cards[round(card.rect.x, 1)].append(card.rect)
    # cards of a column do not overlap: sorted by top, their bottoms ascend too, so the first card
    # starting below the source is the only one that can fit before the target (bisect, not a scan)
    tops: dict[float, list[float]] = {}
    for x, rects in column_cards.items():
        rects.sort(key=lambda r: r.y)
        tops[x] = [r.y for r in rects]
    index = _CardIndex(sorted(column_cards), column_cards, tops,
                       max((c.rect.w for c in cards.values()), default=0.0))
    arrows = []
    for a, b in journey.path_edges():
        if a not in cards or b not in cards:
            continue  # a touchpoint in a hidden lane
        src, dst = cards[a].rect, cards[b].rect
        # a step down the column that would pass through other cards goes round their right side
        blocked = False
        if abs(dst.x - src.x) < 1 and dst.y >= src.bottom:
            column = round(src.x, 1)
            i = bisect_left(tops[column], src.bottom - 0.5)
            blocked = i < len(tops[column]) and column_cards[column][i].bottom <= dst.y + 0.5
        segment = route_arrow(src, dst, blocked)
        # to the next column the curve stays in the gutter between them: only longer steps are checked
        longer = dst.x < src.x - 1 or dst.x - src.right > 2 * S.CELL_PAD + 1
        if longer and any(crosses_card(segment, r) for r in _cards_near(segment, index, (src, dst))):
            # a step whose curve would pass over other cards' text (a loop back, a step that skips
            # a stage) goes round them through the gutters instead
            *lead, last = route_around(src, dst)
            arrows.append(PathArrow(a, b, last, tuple(lead)))
            continue
        arrows.append(PathArrow(a, b, segment))
    return arrows


def _cards_near(segment: Segment, index: _CardIndex, own: tuple[Rect, Rect]) -> list[Rect]:
    """The cards whose box meets the curve's box (columns found by bisection, then the cards of
    each column by their tops), other than the step's own two."""
    xs, ys = [p[0] for p in segment], [p[1] for p in segment]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    found = []
    lo = bisect_left(index.xs, x0 - index.widest)
    hi = bisect_right(index.xs, x1)
    for column in index.xs[lo:hi]:
        rects, tops = index.rects[column], index.tops[column]
        for r in rects[:bisect_right(tops, y1)]:
            if r.bottom > y0 and r.right > x0 and r not in own:
                found.append(r)
    return found


@dataclass
class _CardIndex:
    xs: list[float]  # the columns' left edges, ascending
    rects: dict[float, list[Rect]]  # each column's cards, top to bottom
    tops: dict[float, list[float]]
    widest: float


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


def route_around(src: Rect, dst: Rect) -> list[Segment]:
    """A loop back to an earlier stage that keeps clear of every card: out of the source's right
    side into the gutter between columns, up the gutter to the strip under the stage headers,
    back along it, down the gutter left of the target's column and into the target's left side.
    Straight legs joined by rounded corners; the last piece ends on the target's edge."""
    gutter_src, gutter_dst = src.right + S.CELL_PAD, dst.x - S.CELL_PAD
    top = S.STAGE_HEADER_H + S.CELL_PAD / 2  # above every card: cards sit CELL_PAD below their lane's top
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


def route_arrow(src: Rect, dst: Rect, blocked: bool = False) -> Segment:
    """One cubic from the source card's edge to the target's: forward to the right, down or up
    within a column, or a loop back over the top for a step that returns to an earlier stage.
    `blocked`: other cards lie between the two in their column, so the step goes round the side."""
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
        bulge = S.CELL_PAD
        return (p0, (p0[0] + bulge, p0[1]), (p3[0] + bulge, p3[1]), p3)
    # backwards (a loop, e.g. advocacy feeding awareness): leave from the top, arc over, land on top
    p0, p3 = (src.cx, src.y), (dst.cx, dst.y)
    lift = min(src.y, dst.y) - 28 - abs(src.cx - dst.cx) * 0.08
    lift = max(lift, S.STAGE_HEADER_H + 2)  # never over the stage headers
    return (p0, (p0[0], lift), (p3[0], lift), p3)
