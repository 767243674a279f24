"""The journey layout kept up to date edit by edit.

`IncrementalLayout` builds the layout of a journey once, then follows the model's change
notifications: a touchpoint moved, a note re-attached, an emotion score edited recomputes only
the cells, stage columns and lanes the change touches. When a cell outgrows (or stops being)
the tallest of its lane, the rows below shift and their cards are placed again; the emotion
curve recomputes only the segments around the points that moved; path arrows are re-routed
only where a card at either end (or in the same column) moved (all of them when cards come or
go, or steps are drawn or deleted). Anything else (stages, lanes or journey-level metrics
added, removed, reordered or resized; personas) lays out afresh.

The first build and every update run the same placement functions, and the result is equal to
`layout_journey` on the same model (tests/test_layout_incremental.py checks it after random edits).
Each update returns a `LayoutDelta` naming what moved, so the canvas repaints only that.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from dataclasses import dataclass, field, replace

from app.model import Change, Journey, LaneKind, NodeKind, Touchpoint
from app.model.personas import persona_color

from . import style
from .card_text import chips_top, corner_height, lane_title_height, note_height, stage_header_height, touchpoint_size
from .geometry import Rect, Segment, smooth_curve
from .legend import LegendEntry, legend_entries, legend_extra
from .metric_chip import chip_height
from .journey_layout import (
    CardBox,
    EmotionPoint,
    EmotionSeries,
    JourneyLayout,
    LaneBox,
    PathArrow,
    StageBox,
    crosses_card,
    route_arrow,
    route_around,
)

# the note lanes: which bucket of a stage's notes they show, and the height of one item
NOTE_LANES = {
    LaneKind.PAIN_POINTS: ("pain_point", style.NOTE_H),
    LaneKind.OPPORTUNITIES: ("opportunity", style.NOTE_H),
    LaneKind.METRICS: ("metric", style.CHIP_H),  # the least: a chip grows to show its whole name
}
JOURNEY_CHIP_W = style.LANE_HEADER_W - 16  # the journey-level chips, under the metrics lane's title
# touchpoint fields that move its emotion points; no other field changes any geometry
EMOTION_FIELDS = {"emotion", "persona_emotions"}
# stage and lane fields that move columns or rows (the others only change what a header shows)
GEOMETRY_FIELDS: dict[NodeKind | None, set[str]] = {NodeKind.STAGE: {"width"}, NodeKind.LANE: {"hidden", "kind"}}
# fields whose text a card grows to show in full (its height changes with their wrapped lines)
CARD_TEXT_FIELDS = {NodeKind.TOUCHPOINT: {"title", "owner", "channel", "moment_of_truth", "delight"},
                    NodeKind.ANNOTATION: {"text"}}

Cell = tuple[str, str]  # (stage id, lane id)
ArrowKey = tuple[str, str]


@dataclass
class LayoutDelta:
    """What an update changed. `full`: everything may have (a fresh layout); the sets are then empty."""

    full: bool = False
    cards: set[str] = field(default_factory=set)  # boxes moved, added or removed
    stages: set[str] = field(default_factory=set)
    lanes: set[str] = field(default_factory=set)
    arrows: set[ArrowKey] = field(default_factory=set)
    emotion: tuple[float, float] | None = None  # the x range of the emotion lane that changed
    size: bool = False  # the map's width or height


class Relayout(Exception):
    """A change that this module does not follow piece by piece: lay out afresh."""


def _stacked_height(heights: Sequence[float]) -> float:
    return 2 * style.CELL_PAD + sum(heights) + max(0, len(heights) - 1) * style.CARD_GAP


class IncrementalLayout:
    """The layout of one journey, updated in place of a fresh layout after each change."""

    def __init__(self, journey: Journey, personas: list | None = None) -> None:
        self.journey = journey
        self.personas = personas or []
        self.layout: JourneyLayout
        self.rebuild()

    # ------------------------------------------------------------------ full build
    def rebuild(self) -> None:
        """Lay out everything afresh."""
        journey, graph = self.journey, self.journey.graph
        self._stages = journey.stages()
        self._lanes = journey.lanes(visible_only=True)
        self._card_lanes = [ln.id for ln in journey.lanes() if ln.kind.holds_cards]  # hidden ones too
        self._cells: dict[Cell, list] = defaultdict(list)
        self._tp_cell: dict[str, Cell] = {}
        for node, data in graph.nodes(data=True):
            if data["kind"] is NodeKind.TOUCHPOINT:
                stage_id = lane_id = ""
                for target, edge in graph._succ[node].items():
                    if edge["rel"] == "in_stage":
                        stage_id = target
                    elif edge["rel"] == "in_lane":
                        lane_id = target
                self._cells[(stage_id, lane_id)].append(data["obj"])
                self._tp_cell[node] = (stage_id, lane_id)
        for members in self._cells.values():
            members.sort(key=lambda t: t.order)

        self._notes: dict[str, dict[str, list]] = {s.id: defaultdict(list) for s in self._stages}
        self._note_stage: dict[str, str] = {}
        journey_metrics = []
        for node, data in graph.nodes(data=True):
            kind = data["kind"]
            if kind not in (NodeKind.ANNOTATION, NodeKind.METRIC):
                continue
            target = next(iter(graph._succ[node]), None)
            if target is None:
                journey_metrics.append(data["obj"])
                continue
            stage_id = target if graph.nodes[target]["kind"] is NodeKind.STAGE else self._tp_cell[target][0]
            self._note_stage[node] = stage_id
            self._notes[stage_id][self._bucket(node)].append((self._note_rank(node, target, stage_id), data["obj"]))
        for buckets in self._notes.values():
            for items in buckets.values():
                items.sort(key=lambda pair: pair[0])
        self._journey_metrics = sorted(journey_metrics, key=lambda m: m.order)
        # per cell: its cards' (height, footer height), each sized to its wrapped text
        self._sizes: dict[Cell, list[tuple[float, float]]] = {}
        self._stacks: dict[Cell, float] = {}  # per cell, the height its cards stack up to (with _sizes)

        header_h = self._header_height()
        stage_boxes = self._columns(header_h)
        last_right = stage_boxes[-1].header.right if stage_boxes else style.LANE_HEADER_W
        width = max(last_right, style.LANE_HEADER_W + style.COLUMN_W)
        # the emotion curves and their legend first: the emotion lane grows with the legend's rows
        self._placed_points: dict[str, list[tuple[float, Touchpoint]]] = {}
        self._stage_personas: dict[str, set[str]] = {}
        self._place_points(stage_boxes)
        self._legend_span = self._legend_area(stage_boxes, width)
        self._legend_curves = self._curves()
        self._legend_extra = legend_extra(self._legend_at(0.0), 0.0)
        lane_boxes, height, band = self._rows(width, header_h)
        for sb in stage_boxes:
            sb.column = Rect(sb.header.x, header_h, sb.header.w, height - header_h)
        self.layout = JourneyLayout(width, height, stage_boxes, lane_boxes, {}, band, [], [], [], header_h=header_h,
                                    legend=self._legend_of(lane_boxes))
        self._placed: dict[Cell, list[str]] = {}
        for lb in lane_boxes:
            for sb in stage_boxes:
                self._place_cell(sb, lb)
        self._place_chips()
        self._columns_index()
        self._build_emotion()
        self._build_arrows()

    def _bucket(self, node: str) -> str:
        data = self.journey.graph.nodes[node]
        return "metric" if data["kind"] is NodeKind.METRIC else data["obj"].kind.value

    def _note_rank(self, node: str, target: str, stage_id: str) -> tuple[int, int, int]:
        """Stage-level items first, then touchpoint items in journey order, then own order."""
        order = self.journey.graph.nodes[node]["obj"].order
        if target == stage_id:
            return (-1, -1, order)
        return (self.journey.lane_of(target).position, self.journey.get(target).order, order)

    def _header_height(self) -> float:
        """The stage header row: tall enough for every stage's whole name and the journey's title."""
        needed = [stage_header_height(s.name, style.COLUMN_W * s.width) for s in self._stages]
        return max(style.STAGE_HEADER_H, corner_height(self.journey.title), *needed)

    def _columns(self, header_h: float) -> list[StageBox]:
        x = style.LANE_HEADER_W
        boxes = []
        for i, s in enumerate(self._stages):
            w = style.COLUMN_W * s.width
            boxes.append(StageBox(s.id, s.name, i, Rect(x, 0.0, w, header_h), Rect(x, 0, w, 0)))
            x += w
        return boxes

    def _cell_sizes(self, stage, lane) -> list[tuple[float, float]]:
        """The (height, footer height) of each card of a cell, in order (kept until the cell changes)."""
        key = (stage.id, lane.id)
        sizes = self._sizes.get(key)
        if sizes is None:
            width = style.COLUMN_W * stage.width - 2 * style.CELL_PAD
            if lane.kind.holds_cards:
                sizes = [touchpoint_size(tp, width) for tp in self._cells.get(key, ())]
            elif lane.kind in NOTE_LANES:
                bucket, item_h = NOTE_LANES[lane.kind]
                sizes = [(note_height(obj, width) if bucket != "metric" else chip_height(obj, width), 14.0)
                         for _, obj in self._notes[stage.id].get(bucket, ())]
            else:
                sizes = []
            self._sizes[key] = sizes
        return sizes

    def _cell_stack(self, stage, lane) -> float:
        """The height a cell's cards stack up to: every lane's height asks it of every stage after
        each edit, so it is kept until the cell changes."""
        key = (stage.id, lane.id)
        stack = self._stacks.get(key)
        if stack is None:
            stack = self._stacks[key] = _stacked_height([h for h, _ in self._cell_sizes(stage, lane)])
        return stack

    def _lane_height(self, lane) -> float:
        stages = self._stages
        reserve = 30.0 if lane.kind is LaneKind.EMOTION else 0.0  # the -2..+2 scale beside the title
        least = lane_title_height(lane.title, reserve)
        if lane.kind.holds_cards:
            tallest = max((self._cell_stack(s, lane) for s in stages), default=0.0)
            return max(style.MIN_CARD_LANE_H, tallest, least)
        if lane.kind is LaneKind.EMOTION:
            return max(style.EMOTION_LANE_H, least) + self._legend_extra
        _, item_h = NOTE_LANES[lane.kind]
        tallest = max((self._cell_stack(s, lane) for s in stages), default=0.0)
        height = max(item_h + 2 * style.CELL_PAD, tallest, least)
        if lane.kind is LaneKind.METRICS and self._journey_metrics:
            chips = _stacked_height([chip_height(m, JOURNEY_CHIP_W) for m in self._journey_metrics])
            height = max(height, chips + chips_top(lane.title))
        return height

    def _rows(self, width: float, header_h: float) -> tuple[list[LaneBox], float, Rect | None]:
        y = header_h
        boxes = []
        band: Rect | None = None
        for li, lane in enumerate(self._lanes):
            h = self._lane_height(lane)
            boxes.append(LaneBox(lane.id, lane.kind, lane.title, li, Rect(0.0, y, style.LANE_HEADER_W, h),
                                 Rect(style.LANE_HEADER_W, y, width - style.LANE_HEADER_W, h)))
            if lane.kind is LaneKind.EMOTION and band is None:
                extra = self._legend_extra  # the curve starts below a legend of several rows
                band = Rect(style.LANE_HEADER_W, y + 22 + extra, width - style.LANE_HEADER_W, h - 44 - extra)
            y += h
        return boxes, max(y, header_h + style.MIN_CARD_LANE_H), band

    # ------------------------------------------------------------------ cards
    def _place_cell(self, sb: StageBox, lb: LaneBox) -> None:
        """(Re)place the cards of one cell, dropping the ones placed there before."""
        cards = self.layout.cards
        key = (sb.id, lb.id)
        for old in self._placed.pop(key, ()):
            if cards.get(old) is not None and (cards[old].stage_id, cards[old].lane_id) == key:
                del cards[old]
        if lb.kind.holds_cards:
            kind, members = "touchpoint", self._cells.get(key, ())
        elif lb.kind in NOTE_LANES:
            kind, _ = NOTE_LANES[lb.kind]
            members = [obj for _, obj in self._notes[sb.id].get(kind, ())]
        else:
            return
        stage = self._stages[sb.index]
        lane = self._lanes[lb.index]
        sizes = self._cell_sizes(stage, lane)
        inner_x, inner_w = sb.header.x + style.CELL_PAD, sb.header.w - 2 * style.CELL_PAD
        top = lb.row.y + style.CELL_PAD
        ids = []
        for i, (obj, (h, footer_h)) in enumerate(zip(members, sizes, strict=True)):
            cards[obj.id] = CardBox(obj.id, kind, Rect(inner_x, top, inner_w, h), sb.id, lb.id, i, footer_h)
            top += h + style.CARD_GAP
            ids.append(obj.id)
        if ids:
            self._placed[key] = ids

    def _place_chips(self) -> None:
        """The journey-level metric chips under the metrics lane's title."""
        layout, chips = self.layout, []
        for chip in layout.journey_metrics:
            layout.cards.pop(chip.id, None)
        metrics_lane = next((lb for lb in layout.lanes if lb.kind is LaneKind.METRICS), None)
        if metrics_lane is not None:
            top = metrics_lane.row.y + chips_top(metrics_lane.title)
            for i, m in enumerate(self._journey_metrics):
                r = Rect(8.0, top, JOURNEY_CHIP_W, chip_height(m, JOURNEY_CHIP_W))
                chip = CardBox(m.id, "metric", r, None, None, i)
                chips.append(chip)
                layout.cards[m.id] = chip
                top += r.h + style.CARD_GAP
        layout.journey_metrics = chips

    # ------------------------------------------------------------------ emotion
    def _legend_area(self, stage_boxes: list[StageBox], width: float) -> tuple[float, float]:
        """Between which x the legend goes: across the stage columns (the whole row of a map
        without stages)."""
        if not stage_boxes:
            return style.LANE_HEADER_W + style.CELL_PAD, width - style.CELL_PAD
        return stage_boxes[0].header.x + style.CELL_PAD, stage_boxes[-1].header.right - style.CELL_PAD

    def _curves(self) -> list[tuple[str | None, str, str]]:
        """The emotion curves drawn, (persona id or None, label, colour): the journey's own, then
        each persona's, each only when it has a score."""
        placed = [tp for points in self._placed_points.values() for _, tp in points]
        # the model's one rule: the same colour in the charts and the PDF
        candidates = [(None, "Customer", style.INK)]
        candidates += [(p.id, p.name, persona_color(p, self.personas)) for p in self._used_personas()]
        return [(pid, label, color) for pid, label, color in candidates
                if any((tp.emotion if pid is None else tp.persona_emotions.get(pid)) is not None for tp in placed)]

    def _legend_at(self, lane_top: float) -> list[LegendEntry]:
        if not any(lane.kind is LaneKind.EMOTION for lane in self._lanes):
            return []
        left, right = self._legend_span
        return legend_entries([(label, color) for _, label, color in self._legend_curves], left, right, lane_top)

    def _legend_of(self, lane_boxes: list[LaneBox]) -> list[LegendEntry]:
        lane = next((lb for lb in lane_boxes if lb.kind is LaneKind.EMOTION), None)
        return [] if lane is None else self._legend_at(lane.row.y)

    def _stage_points(self, sb: StageBox) -> list[tuple[float, Touchpoint]]:
        """The stage's touchpoints in journey order, spread evenly over its column."""
        members = [tp for ln in self._card_lanes for tp in self._cells.get((sb.id, ln), ())]
        return [(sb.header.x + (i + 0.5) / len(members) * sb.header.w, tp) for i, tp in enumerate(members)]

    def _place_points(self, stage_boxes: Iterable[StageBox]) -> None:
        """The emotion points of these stages (all: afresh), and the personas each stage scores for."""
        for sb in stage_boxes:
            placed = self._placed_points[sb.id] = self._stage_points(sb)
            self._stage_personas[sb.id] = {pid for _, tp in placed for pid in tp.persona_emotions}

    def _used_personas(self) -> list:
        # per stage, kept with its points: an added or deleted card asks after every edit
        used = set().union(*self._stage_personas.values())
        return [p for p in self.personas if p.id in used]

    def _series_points(self, persona_id: str | None, placed: list[tuple[float, Touchpoint]]) -> list[EmotionPoint]:
        band = self.layout.emotion_band
        assert band is not None
        out = []
        for x, tp in placed:
            score = tp.emotion if persona_id is None else tp.persona_emotions.get(persona_id)
            if score is not None:
                out.append(EmotionPoint(tp.id, x, band.bottom - (score + 2) / 4 * band.h, score))
        return out

    def _build_emotion(self) -> None:
        band, layout = self.layout.emotion_band, self.layout
        self._used = self._used_personas()
        # per series (None: the journey's own), per stage: its points
        self._series_stage: dict[str | None, dict[str, list[EmotionPoint]]] = {}
        layout.emotion = []
        if band is None:
            return
        candidates: list[tuple[str | None, str, str]] = [(None, "Customer", style.INK)]
        for persona in self._used:  # the model's one rule: the same colour in the charts and the PDF
            candidates.append((persona.id, persona.name, persona_color(persona, self.personas)))
        for persona_id, label, color in candidates:
            per_stage = {sb.id: self._series_points(persona_id, self._placed_points[sb.id]) for sb in layout.stages}
            self._series_stage[persona_id] = per_stage
            points = [p for sb in layout.stages for p in per_stage[sb.id]]
            if points:
                segments = smooth_curve([(p.x, p.y) for p in points], band.y, band.bottom)
                layout.emotion.append(EmotionSeries(persona_id, label, color, points, segments))

    def _update_emotion(self, stage_ids: set[str], personas_touched: bool) -> tuple[float, float] | None:
        """Recompute the points of some stages and the curve segments around them; the x range redrawn."""
        layout, band = self.layout, self.layout.emotion_band
        if band is None or not stage_ids:
            return None
        self._place_points(sb for sb in layout.stages if sb.id in stage_ids)
        if personas_touched and self._used_personas() != self._used:
            raise Relayout  # a persona's curve appears or goes: colours are handed out afresh
        order = [sb.id for sb in layout.stages]
        changed = [i for i, sid in enumerate(order) if sid in stage_ids]
        series_out = []
        existing = {s.persona_id: s for s in layout.emotion}
        for persona_id, per_stage in self._series_stage.items():
            old_counts = [len(per_stage[sid]) for sid in order]
            for sid in stage_ids:
                per_stage[sid] = self._series_points(persona_id, self._placed_points[sid])
            new_counts = [len(per_stage[sid]) for sid in order]
            points = list(chain.from_iterable(per_stage[sid] for sid in order))
            old = existing.get(persona_id)
            if bool(points) != (old is not None):
                raise Relayout  # a curve appears or disappears: its colour and order come afresh
            if old is None:
                continue
            segments = _splice_segments(old.segments, points, old_counts, new_counts, changed, band)
            series_out.append(replace(old, points=points, segments=segments))
        layout.emotion = series_out
        xs = [sb.header.x for sb in layout.stages if sb.id in stage_ids]
        rights = [sb.header.right for sb in layout.stages if sb.id in stage_ids]
        # the curve changes from the point before the first changed stage to the one after the last
        return (min(xs) - style.COLUMN_W, max(rights) + style.COLUMN_W)

    # ------------------------------------------------------------------ arrows
    def _columns_index(self) -> None:
        self._column_ids: dict[float, set[str]] = defaultdict(set)
        for card in self.layout.cards.values():
            self._column_ids[round(card.rect.x, 1)].add(card.id)
        self._tops: dict[float, tuple[list[Rect], list[float]]] = {}
        for x in self._column_ids:
            self._index_column(x)

    def _index_column(self, x: float) -> None:
        # cards of a column do not overlap: sorted by top, their bottoms ascend too, so the first card
        # starting below the source is the only one that can fit before the target (bisect, not a scan)
        cards = self.layout.cards
        rects = sorted((cards[i].rect for i in self._column_ids.get(x, ())), key=lambda r: r.y)
        self._tops[x] = (rects, [r.y for r in rects])

    def _route(self, a: str, b: str) -> PathArrow:
        src, dst = self.layout.cards[a].rect, self.layout.cards[b].rect
        blocked = False
        if abs(dst.x - src.x) < 1 and dst.y >= src.bottom:
            rects, tops = self._tops[round(src.x, 1)]
            i = bisect_left(tops, src.bottom - 0.5)
            blocked = i < len(tops) and rects[i].bottom <= dst.y + 0.5
        segment = route_arrow(src, dst, blocked, self.layout.header_h)
        # to the next column the curve stays in the gutter between them: only longer steps are checked
        longer = dst.x < src.x - 1 or dst.x - src.right > 2 * style.CELL_PAD + 1
        # a long step passes other columns: it is routed again whenever any card moves (_reroute)
        (self._long.add if longer else self._long.discard)((a, b))
        if longer and any(crosses_card(segment, r) for r in self._cards_near(segment, (src, dst))):
            # a step whose curve would pass over other cards' text (a loop back, a step that skips
            # a stage) goes round them through the gutters instead
            *lead, last = route_around(src, dst, self.layout.header_h)
            return PathArrow(a, b, last, tuple(lead))
        return PathArrow(a, b, segment)

    def _cards_near(self, segment: Segment, own: tuple[Rect, Rect]) -> list[Rect]:
        """The cards whose box meets the curve's box (columns by bisection, then each column's
        cards by their tops), other than the step's own two."""
        xs, ys = [p[0] for p in segment], [p[1] for p in segment]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        columns = sorted(self._tops)
        widest = max((r.w for rects, _ in self._tops.values() for r in rects[:1]), default=0.0)
        found = []
        for column in columns[bisect_left(columns, x0 - widest):bisect_right(columns, x1)]:
            rects, tops = self._tops[column]
            for r in rects[:bisect_right(tops, y1)]:
                if r.bottom > y0 and r.right > x0 and r not in own:
                    found.append(r)
        return found

    def _build_arrows(self) -> None:
        cards = self.layout.cards
        self._arrow_at: dict[ArrowKey, int] = {}
        self._arrows_of: dict[str, list[ArrowKey]] = defaultdict(list)
        self._long: set[ArrowKey] = set()
        arrows: list[PathArrow] = []
        for a, b in self.journey.path_edges():
            if a not in cards or b not in cards:
                continue  # a touchpoint in a hidden lane
            self._arrow_at[(a, b)] = len(arrows)
            self._arrows_of[a].append((a, b))
            self._arrows_of[b].append((a, b))
            arrows.append(self._route(a, b))
        self.layout.arrows = arrows

    def arrow(self, key: ArrowKey) -> PathArrow | None:
        """The path arrow of a step (source, target); None when it is not drawn."""
        i = self._arrow_at.get(key)
        return None if i is None else self.layout.arrows[i]

    # ------------------------------------------------------------------ updates
    def apply(self, changes: Iterable[Change]) -> LayoutDelta:
        """Follow some model changes (a batch's reset with its parts counts as those parts)."""
        flat: list[Change] = []
        for change in changes:
            flat.extend(change.parts if change.op == "reset" and change.parts else (change,))
        try:
            return self._apply(flat)
        except Relayout:
            self.rebuild()
            return LayoutDelta(full=True)

    def _apply(self, changes: Sequence[Change]) -> LayoutDelta:
        journey = self.journey
        cells: set[Cell] = set()  # touchpoint cells whose members changed
        note_stages: set[str] = set()  # stages whose notes or metrics changed order or place
        emotion_stages: set[str] = set()
        renamed: set[str] = set()
        steps: list[tuple[str, ArrowKey]] = []  # path steps drawn or deleted, in order
        personas_touched = False
        for change in changes:
            op, kind, fields = change.op, change.kind, set(change.fields)
            if op == "meta":
                if self._header_height() != self.layout.header_h:
                    raise Relayout  # the journey's title needs more (or fewer) lines in its corner
                continue
            if op in ("path_added", "path_removed"):
                steps.append((op, (change.ids[0], change.ids[1])))
            elif op in ("moved", "reordered") and kind is NodeKind.TOUCHPOINT:
                for tp_id in change.ids:
                    if tp_id not in self._tp_cell:
                        raise Relayout
                    cells |= {self._tp_cell[tp_id], (journey.stage_of(tp_id).id, journey.lane_of(tp_id).id)}
            elif op in ("moved", "reordered") and kind in (NodeKind.ANNOTATION, NodeKind.METRIC):
                for element_id in change.ids:
                    target = journey.target_of(element_id)
                    if target is None or element_id not in self._note_stage:
                        raise Relayout  # to or from the journey-level chips
                    note_stages |= {self._note_stage[element_id], self._stage_of_target(target)}
            elif op == "removed":  # a card (with its notes) or a note; ids of several kinds
                for element_id in change.ids:
                    if element_id in self._tp_cell:
                        cells.add(self._tp_cell.pop(element_id))
                        personas_touched = True
                    elif element_id in self._note_stage:
                        note_stages.add(self._note_stage.pop(element_id))
                    else:
                        raise Relayout  # a stage, a lane or a journey-level metric
            elif op == "added":  # new, pasted or restored by an undo
                for element_id in change.ids:
                    element_kind = journey.graph.nodes[element_id]["kind"]
                    if element_kind is NodeKind.TOUCHPOINT:
                        cells.add((journey.stage_of(element_id).id, journey.lane_of(element_id).id))
                        personas_touched = True
                    elif element_kind in (NodeKind.ANNOTATION, NodeKind.METRIC):
                        target = journey.target_of(element_id)
                        if target is None:
                            raise Relayout  # a journey-level metric chip
                        note_stages.add(self._stage_of_target(target))
                    else:
                        raise Relayout
            elif op == "updated" and not fields & {"order", "position"}:
                if kind is NodeKind.TOUCHPOINT and fields & EMOTION_FIELDS:
                    emotion_stages |= {self._tp_cell[i][0] for i in change.ids}
                    personas_touched = personas_touched or "persona_emotions" in fields
                elif kind is NodeKind.ANNOTATION and "kind" in fields:
                    note_stages |= {self._note_stage[i] for i in change.ids}
                elif kind is NodeKind.TOUCHPOINT and fields & CARD_TEXT_FIELDS[kind]:
                    cells |= {self._tp_cell[i] for i in change.ids if self._resized(i)}
                elif kind is NodeKind.ANNOTATION and fields & CARD_TEXT_FIELDS[kind]:
                    note_stages |= {self._note_stage[i] for i in change.ids if self._resized(i)}
                elif kind is NodeKind.METRIC:  # a chip grows or shrinks with its name and figures
                    for metric_id in change.ids:
                        if self._resized(metric_id):
                            if metric_id not in self._note_stage:
                                raise Relayout  # a journey-level chip: the chips under it move
                            note_stages.add(self._note_stage[metric_id])
                elif fields & GEOMETRY_FIELDS.get(kind, set()):
                    raise Relayout
                elif kind in (NodeKind.STAGE, NodeKind.LANE):
                    if kind is NodeKind.STAGE and self._header_height() != self.layout.header_h:
                        raise Relayout  # the header row grows or shrinks with the longest name
                    if kind is NodeKind.LANE and journey.get(change.ids[0]).kind is LaneKind.METRICS:
                        raise Relayout  # the chips under its title move with the title's lines
                    renamed |= set(change.ids)  # their boxes carry the name or title
            else:
                raise Relayout
        for cell in cells:
            for tp in self._cells[cell]:
                if tp.id in journey and self._tp_cell.get(tp.id) == cell:
                    del self._tp_cell[tp.id]
        for cell in cells:
            members = self._cells[cell] = journey.touchpoints(*cell)
            for tp in members:
                self._tp_cell[tp.id] = cell
        stage_ids = {stage_id for stage_id, _ in cells}
        # the notes of a moved touchpoint go with it, and notes rank by their touchpoint's place
        note_stages |= stage_ids
        emotion_stages |= stage_ids
        for stage_id in note_stages:
            self._gather_notes(stage_id)
        for cell in cells:
            self._sizes.pop(cell, None)
            self._stacks.pop(cell, None)
        for stage_id in note_stages:
            for lane in self._lanes:
                self._sizes.pop((stage_id, lane.id), None)
                self._stacks.pop((stage_id, lane.id), None)
        return self._relayout(cells, note_stages, emotion_stages, renamed, steps, personas_touched)

    def _resized(self, element_id: str) -> bool:
        """Whether a card's text now needs another height than its box has (nothing moves if not)."""
        card = self.layout.cards.get(element_id)
        if card is None:
            return False  # in a hidden lane: no box
        obj = self.journey.get(element_id)
        width = card.rect.w
        if card.kind == "touchpoint":
            return touchpoint_size(obj, width) != (card.rect.h, card.footer_h)
        if card.kind == "metric":
            return chip_height(obj, width) != card.rect.h
        return note_height(obj, width) != card.rect.h

    def _stage_of_target(self, target: str) -> str:
        """The stage a note or metric attached to `target` (a stage or a touchpoint) is shown in."""
        if self.journey.graph.nodes[target]["kind"] is NodeKind.STAGE:
            return target
        return self.journey.stage_of(target).id

    def _gather_notes(self, stage_id: str) -> None:
        """Bucket the notes and metrics of one stage (its own and its touchpoints') again."""
        graph = self.journey.graph
        buckets: dict[str, list] = defaultdict(list)
        targets = [stage_id] + [tp.id for ln in self._card_lanes for tp in self._cells.get((stage_id, ln), ())]
        for target in targets:
            for node in graph._pred[target]:
                if graph.nodes[node]["kind"] in (NodeKind.ANNOTATION, NodeKind.METRIC):
                    self._note_stage[node] = stage_id
                    buckets[self._bucket(node)].append((self._note_rank(node, target, stage_id),
                                                        graph.nodes[node]["obj"]))
        for items in buckets.values():
            items.sort(key=lambda pair: pair[0])
        self._notes[stage_id] = buckets

    def _relayout(self, cells: set[Cell], note_stages: set[str], emotion_stages: set[str], renamed: set[str],
                  steps: list[tuple[str, ArrowKey]], personas_touched: bool) -> LayoutDelta:
        old = self.layout
        delta = LayoutDelta()
        layout = self.layout = replace(old, stages=list(old.stages), lanes=list(old.lanes), cards=dict(old.cards),
                                       emotion=list(old.emotion), arrows=list(old.arrows))
        for i, sb in enumerate(layout.stages):
            if sb.id in renamed:
                layout.stages[i] = replace(sb, name=self.journey.get(sb.id).name)
                delta.stages.add(sb.id)
        for i, lb in enumerate(layout.lanes):
            if lb.id in renamed:
                layout.lanes[i] = replace(lb, title=self.journey.get(lb.id).title)
                delta.lanes.add(lb.id)

        # rows: a lane whose tallest cell changed resizes, and the lanes below it shift; the height
        # of a lane none of whose cells (or title) changed is the one it has
        touched = {lane_id for _, lane_id in cells} | renamed
        if note_stages:
            touched |= {lb.id for lb in layout.lanes if lb.kind in NOTE_LANES}
        y = layout.header_h
        moved_lanes: set[str] = set()
        for i, (lane, lb) in enumerate(zip(self._lanes, layout.lanes, strict=True)):
            h = self._lane_height(lane) if lane.id in touched else lb.row.h
            if (y, h) != (lb.row.y, lb.row.h):
                layout.lanes[i] = replace(lb, header=Rect(0.0, y, style.LANE_HEADER_W, h),
                                          row=Rect(style.LANE_HEADER_W, y, layout.width - style.LANE_HEADER_W, h))
                moved_lanes.add(lb.id)
                delta.lanes.add(lb.id)
            y += h
        height = max(y, layout.header_h + style.MIN_CARD_LANE_H)
        if height != layout.height:
            layout.height = height
            delta.size = True
            for i, sb in enumerate(layout.stages):
                layout.stages[i] = replace(sb, column=Rect(sb.header.x, layout.header_h, sb.header.w,
                                                           height - layout.header_h))
                delta.stages.add(sb.id)
        _, _, band = self._rows(layout.width, layout.header_h) if moved_lanes else (None, None, layout.emotion_band)

        # cards: the cells that changed, and every cell of a lane that moved
        stage_box = {sb.id: sb for sb in layout.stages}
        lane_box = {lb.id: lb for lb in layout.lanes}
        todo = {cell for cell in cells if cell[1] in lane_box}
        todo |= {(s, lb.id) for s in note_stages for lb in layout.lanes if lb.kind in NOTE_LANES}
        todo |= {(sb.id, lane_id) for lane_id in moved_lanes for sb in layout.stages}
        before = {i: old.cards.get(i) for cell in todo for i in self._placed.get(cell, ())}
        for stage_id, lane_id in todo:
            self._place_cell(stage_box[stage_id], lane_box[lane_id])
        after = {i: layout.cards.get(i) for cell in todo for i in self._placed.get(cell, ())}
        if any(lane_box[lane_id].kind is LaneKind.METRICS for lane_id in moved_lanes):
            before.update((c.id, c) for c in old.journey_metrics)
            self._place_chips()
            after.update((c.id, c) for c in layout.journey_metrics)
        for card_id in before.keys() | after.keys():
            now = layout.cards.get(card_id)
            if old.cards.get(card_id) != now:
                delta.cards.add(card_id)

        # arrows: steps drawn or deleted (or gone with their cards), then those from or to a moved
        # card and those along a column whose cards moved
        columns = self._reindex_columns(old, delta)
        self._restep(old, delta, steps)
        self._reroute(delta, columns)

        # the emotion curve: afresh when its band moved, else around the stages whose points changed
        if band != layout.emotion_band:
            layout.emotion_band = band
            self._place_points(layout.stages)
            if self._curves() != self._legend_curves:
                raise Relayout  # a curve came or went: the legend (and the lane's height) with it
            layout.legend = self._legend_of(layout.lanes)
            self._build_emotion()
            delta.emotion = (0.0, layout.width)
        else:
            delta.emotion = self._update_emotion(emotion_stages, personas_touched)
        return delta

    def _restep(self, old: JourneyLayout, delta: LayoutDelta, steps: list[tuple[str, ArrowKey]]) -> None:
        """Drop the arrows of deleted steps and gone cards; add those of new steps where a fresh
        layout has them (in the graph's edge order, which path_edges follows)."""
        cards, arrows = self.layout.cards, self.layout.arrows
        gone = {i for i in delta.cards if i not in cards}
        doomed = {key for i in gone for key in self._arrows_of.get(i, ())}
        doomed |= {key for op, key in steps if op == "path_removed" and key in self._arrow_at}
        new = [key for op, key in steps if op == "path_added" and key not in self._arrow_at and key not in doomed
               and self.journey.graph.has_edge(*key) and key[0] in cards and key[1] in cards]
        appearing = [i for i in delta.cards if i not in old.cards]
        # a card appearing with steps already drawn to it (not reported as steps): lay them out afresh
        if any(k not in self._arrow_at and k not in new and k[0] in cards and k[1] in cards
               for i in appearing for k in self._path_steps_of(i)):
            self._columns_index()
            self._build_arrows()
            delta.arrows |= doomed | set(self._arrow_at)
            return
        if not doomed and not new:
            return
        kept = [a for a in arrows if (a.source, a.target) not in doomed]
        if new:
            graph = self.journey.graph
            place = {node: i for i, node in enumerate(graph._node)}

            def rank(key: ArrowKey) -> tuple[int, int]:
                return place[key[0]], list(graph._succ[key[0]]).index(key[1])

            for key in new:
                kept.insert(bisect_left(kept, rank(key), key=lambda a: rank((a.source, a.target))), self._route(*key))
        arrows[:] = kept
        self._arrow_at = {(a.source, a.target): i for i, a in enumerate(arrows)}
        for key in doomed:
            for end in key:
                if key in self._arrows_of.get(end, ()):
                    self._arrows_of[end].remove(key)
        for card_id in gone:
            self._arrows_of.pop(card_id, None)
        for key in new:
            self._arrows_of[key[0]].append(key)
            self._arrows_of[key[1]].append(key)
        delta.arrows |= doomed | set(new)

    def _path_steps_of(self, tp_id: str) -> list[ArrowKey]:
        graph = self.journey.graph
        out = [(tp_id, b) for b, d in graph._succ[tp_id].items() if d["rel"] == "path"]
        return out + [(a, tp_id) for a, d in graph._pred[tp_id].items() if d["rel"] == "path"]

    def _reindex_columns(self, old: JourneyLayout, delta: LayoutDelta) -> set[float]:
        """Keep the per-column card index in step with the cards that moved, came or went."""
        cards = self.layout.cards
        columns: set[float] = set()
        for card_id in delta.cards:
            was, now = old.cards.get(card_id), cards.get(card_id)
            if was is not None:
                columns.add(round(was.rect.x, 1))
                self._column_ids[round(was.rect.x, 1)].discard(card_id)
            if now is not None:
                columns.add(round(now.rect.x, 1))
                self._column_ids[round(now.rect.x, 1)].add(card_id)
        for x in columns:
            self._index_column(x)
        return columns

    def _reroute(self, delta: LayoutDelta, columns: set[float]) -> None:
        keys = {key for card_id in delta.cards for key in self._arrows_of.get(card_id, ())}
        if delta.cards:
            keys |= self._long  # steps across other columns may now meet, or no longer meet, a card
        for x in columns:
            for card_id in self._column_ids.get(x, ()):
                keys.update(self._arrows_of.get(card_id, ()))
        arrows = self.layout.arrows
        for key in keys:
            i = self._arrow_at.get(key)
            if i is None:
                continue
            arrow = self._route(*key)
            if arrow != arrows[i]:
                arrows[i] = arrow
                delta.arrows.add(key)


class _Coordinates:
    """The (x, y) of emotion points, made only for the slices smooth_curve reads."""

    def __init__(self, points: list[EmotionPoint]) -> None:
        self._points = points

    def __len__(self) -> int:
        return len(self._points)

    def __getitem__(self, part: slice) -> list[tuple[float, float]]:
        return [(p.x, p.y) for p in self._points[part]]


def _splice_segments(old: list[Segment], points: list[EmotionPoint], old_counts: list[int], new_counts: list[int],
                     changed: list[int], band: Rect) -> list[Segment]:
    """The curve through `points`, recomputing only the segments near the changed stages' points.

    Segment i (point i to i+1) depends on points i-1..i+2 only; a changed stage whose points now
    start at a and number k spoils segments a-2..a+k. The others are the old ones, shifted by the
    change in the number of points before them."""
    n = len(points)
    if n < 2:
        return []
    new_start = [0]
    old_start = [0]
    for o, k in zip(old_counts, new_counts, strict=True):
        new_start.append(new_start[-1] + k)
        old_start.append(old_start[-1] + o)
    spoiled = []
    for s in changed:
        a, k = new_start[s], new_counts[s]
        spoiled.append((max(0, a - 2), min(n - 1, a + k + 1)))
    spoiled.sort()
    merged: list[list[int]] = []
    for lo, hi in spoiled:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    xy = _Coordinates(points)
    out: list[Segment] = []
    i = 0
    for lo, hi in [*merged, [n - 1, n - 1]]:
        if i < lo:
            # a clean run: no changed stage inside, so one shift holds for all of it
            stage = bisect_right(new_start, i) - 1  # the stage of point i (zero-point stages skipped)
            shift = new_start[stage] - old_start[stage]
            out.extend(old[i - shift:lo - shift])
        if lo < hi:
            out.extend(smooth_curve(xy, band.y, band.bottom, lo, hi))
        i = max(i, hi)
    return out
