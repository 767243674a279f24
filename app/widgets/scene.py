"""JourneyScene: the QGraphicsScene of one journey, kept in step with the model.

The scene subscribes to the journey's (and project's) change notifications. On every change
it re-runs the shared layout and reconciles its id -> item maps with it: new elements get
items, gone elements lose theirs, moved ones are repositioned and only the elements a change
concerns are repainted. Items never hold data, so after any edit, undo or redo the scene
shows the model exactly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPointF, QRectF, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from app.layout import EmotionSeries, JourneyLayout
from app.layout.incremental import IncrementalLayout, LayoutDelta
from app.layout import style
from app.model import Change, Journey, NodeKind, Project

from .canvas_panes import HeaderPanes
from .items import (
    Z_HEADER,
    CardItem,
    CellHighlightItem,
    CornerItem,
    EmotionHit,
    EmotionItem,
    EmotionPointItem,
    GridItem,
    HeaderItem,
    HintItem,
    LaneHeaderItem,
    MapItem,
    MarkerItem,
    PathArrowItem,
    StageHeaderItem,
    qrect,
)

SCENE_MARGIN = 40.0
# the least view (in map units) that pins the header column or row: room for them and a stage
# column, or four header rows of map, beside them
PIN_COLUMN_MIN_VIEW = style.LANE_HEADER_W * 2.5
PIN_ROW_MIN_VIEW = style.STAGE_HEADER_H * 5


class JourneyScene(QGraphicsScene):
    """Items for the stages, lanes, cards, emotion curve and path of one journey."""

    layoutChanged = Signal()  # after the items were reconciled with a new layout

    def __init__(self, journey: Journey, project: Project, parent=None) -> None:
        super().__init__(parent)
        self.journey = journey
        self.project = project
        self.layout: JourneyLayout  # set by every reconcile()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.grid = GridItem()
        self.emotion = EmotionItem()
        self.marker = MarkerItem()
        self.cell_highlight = CellHighlightItem()
        self.hint = HintItem()
        self.corner = CornerItem()
        for item in (self.grid, self.emotion, self.marker, self.cell_highlight, self.hint, self.corner):
            self.addItem(item)
        self._view_origin = (0.0, 0.0)  # the scene point at the view's top-left corner
        self.pins_column = self.pins_row = False  # whether the view is large enough to pin them
        self.pin_offset = (0.0, 0.0)  # how far the header column and row are shifted to stay in view
        self.stage_items: dict[str, StageHeaderItem] = {}
        self.lane_items: dict[str, LaneHeaderItem] = {}
        self.card_items: dict[str, CardItem] = {}
        self.arrow_items: dict[tuple[str, str], PathArrowItem] = {}
        self.point_grip = EmotionPointItem()
        self.addItem(self.point_grip)
        # per curve, its xs, for hit tests: made when the pointer first asks after an edit, not by the edit
        self._point_index: list[tuple[list[float], EmotionSeries]] | None = None
        self._note_targets: dict[str, str] = {}
        self._attached = False
        self.live = IncrementalLayout(journey, project.personas)  # follows every edit
        self.reconcile(None)
        self.attach()

    # ---------------------------------------------------------------- observing
    def attach(self) -> None:
        if not self._attached:
            self.journey.subscribe(self._on_change)
            self.project.subscribe(self._on_project_change)
            self._attached = True

    def detach(self) -> None:
        if self._attached:
            self.journey.unsubscribe(self._on_change)
            self.project.unsubscribe(self._on_project_change)
            self._attached = False

    def _on_change(self, change: Change) -> None:
        if change.op == "meta":
            self.corner.update()  # the corner cell shows the journey's title and state
            if self.live.apply([change]).full:
                self.reconcile(None)  # a title needing more lines in its corner grows the header row
            return
        dirty: set[str] = set()  # elements whose picture changed, moved or not
        for part in change.parts or (change,):
            if part.op in ("updated", "path_added", "path_removed"):
                dirty.update(part.ids)
            if part.op in ("updated", "added", "removed", "moved"):
                for element_id in part.ids:
                    # a note or chip changes what its card shows (counts, badges)
                    if element_id in self.journey and part.kind in (NodeKind.ANNOTATION, NodeKind.METRIC):
                        target = self.journey.target_of(element_id)
                        if target:
                            dirty.add(target)
            if part.op in ("moved", "removed"):  # the card a note left shows one fewer
                dirty.update(t for i in part.ids if (t := self._note_targets.get(i)))
        self._follow(self.live.apply([change]), dirty)

    def _on_project_change(self, change: Change) -> None:
        if change.op.startswith("persona"):
            self.live.personas = self.project.personas
            self.live.rebuild()
            self.reconcile(set())  # curve colours and legend follow the personas

    # ------------------------------------------------------------- reconciling
    def _follow(self, delta: LayoutDelta, dirty: set[str]) -> None:
        """Update the items a layout delta names; repaint the `dirty` ones in place."""
        if delta.full:
            self.reconcile(None)
            return
        layout = self.layout = self.live.layout
        if delta.size:
            self._resize_map()
        elif delta.lanes or delta.stages:
            self.grid.update()  # lane tints and column lines
        self._sync(self.stage_items, {s.id: s for s in layout.stages if s.id in delta.stages}, delta.stages,
                   StageHeaderItem, dirty)
        self._sync(self.lane_items, {ln.id: ln for ln in layout.lanes if ln.id in delta.lanes}, delta.lanes,
                   LaneHeaderItem, dirty)
        self._sync(self.card_items, {i: layout.cards[i] for i in delta.cards if i in layout.cards}, delta.cards,
                   CardItem, dirty)
        self._sync(self.arrow_items, {k: a for k in delta.arrows if (a := self.live.arrow(k))}, delta.arrows,
                   PathArrowItem, dirty)
        for element_id in dirty - delta.cards - delta.stages - delta.lanes:
            element_item = self.item_for(element_id)
            if element_item is not None:
                element_item.update()
        if delta.emotion is not None:
            self.emotion.changed(*delta.emotion)
        if delta.lanes:
            self.emotion.set_band(layout.emotion_band, layout.legend)
        self._remember_notes(delta.cards)
        self._sync_points()
        self._update_hint()
        self._apply_pins()
        self.layoutChanged.emit()

    def _sync(self, items: dict, boxes: dict, keys: Iterable, make, dirty: set[str] | None) -> None:
        """Bring the items of `keys` in line with their boxes: new ones get items, gone ones lose
        theirs, moved ones move; an unmoved one repaints when it is dirty (None: all are)."""
        for k in keys:
            box = boxes.get(k)
            item = items.get(k)
            if box is None:
                if item is not None:
                    self.removeItem(items.pop(k))
            elif item is None:
                items[k] = make(box)
                self.addItem(items[k])
            else:
                moved = item.set_box(box) if hasattr(item, "set_box") else item.set_arrow(box)
                if not moved and (dirty is None or k in dirty):
                    item.update()

    def _resize_map(self) -> None:
        layout = self.layout
        self.setSceneRect(QRectF(-SCENE_MARGIN, -SCENE_MARGIN,
                                 layout.width + 2 * SCENE_MARGIN, layout.height + 2 * SCENE_MARGIN))
        self.grid.set_size(layout.width, layout.height)

    def _remember_notes(self, ids: Iterable[str] | None) -> None:
        """Where each note and metric is attached, so a note moved away repaints the card it left."""
        if ids is None:
            self._note_targets = {}
            ids = self.layout.cards
        for element_id in ids:
            if element_id in self.journey and self.journey.kind_of(element_id) in (NodeKind.ANNOTATION,
                                                                                     NodeKind.METRIC):
                target = self.journey.target_of(element_id)
                if target:
                    self._note_targets[element_id] = target
                    continue
            self._note_targets.pop(element_id, None)

    def reconcile(self, dirty: set[str] | None) -> None:
        """Bring all items in line with the layout; repaint `dirty` ids (None: all)."""
        layout = self.layout = self.live.layout
        self._resize_map()
        self.grid.update()
        self.emotion.set_band(layout.emotion_band, layout.legend)
        self.emotion.update()
        for items, boxes, make in (
                (self.stage_items, {s.id: s for s in layout.stages}, StageHeaderItem),
                (self.lane_items, {ln.id: ln for ln in layout.lanes}, LaneHeaderItem),
                (self.card_items, layout.cards, CardItem),
                (self.arrow_items, {(a.source, a.target): a for a in layout.arrows}, PathArrowItem)):
            self._sync(items, boxes, [*boxes, *(k for k in items if k not in boxes)], make, dirty)
        self._remember_notes(None)
        self._sync_points()
        self._update_hint()
        self._apply_pins()
        self.layoutChanged.emit()

    # ------------------------------------------------------------ pinned headers
    def pin_headers(self, left: float, top: float, width: float = 0.0, height: float = 0.0) -> None:
        """Pin the stage headers and the lane headers for a view showing the scene rectangle
        (left, top, width, height): scrolled down, the header row is seen along the view's top
        edge; scrolled right, the header column along its left edge (with the corner cell where
        they meet). A view too narrow (or too low) for the column (or the row) and the map beside
        it leaves them in place. The items stay where the layout put them: the view shows the
        pinned ones in its frozen panes (canvas_panes.py), and `seen_at` maps a point under a
        pane to what the pane shows there."""
        self._view_origin = (left, top)
        self.pins_column = width >= PIN_COLUMN_MIN_VIEW
        self.pins_row = height >= PIN_ROW_MIN_VIEW
        self._apply_pins()

    def follow_view(self, view: QGraphicsView) -> None:
        """Pin the headers for what `view` shows now (after a scroll, a zoom or a resize)."""
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        self.pin_headers(seen.left(), seen.top(), seen.width(), seen.height())

    def _apply_pins(self) -> None:
        layout, (left, top) = self.layout, self._view_origin
        dx = min(max(0.0, left), max(0.0, layout.width - style.LANE_HEADER_W)) if self.pins_column else 0.0
        dy = min(max(0.0, top), max(0.0, layout.height - layout.header_h)) if self.pins_row else 0.0
        self.pin_offset = (dx, dy)
        for item in self.stage_items.values():
            item.set_pin(0.0, dy)
        for lane_item in self.lane_items.values():
            lane_item.set_pin(dx, 0.0)
        # the journey-level metric chips sit in the metrics lane's header cell, above it (and so in
        # the pinned column's pane along with it)
        for chip in layout.journey_metrics:
            chip_item = self.card_items.get(chip.id)
            if chip_item is not None:
                chip_item.setZValue(Z_HEADER + 0.25)
        self.corner.set_height(layout.header_h)

    def covered(self, pos: QPointF) -> bool:
        """Whether pos lies under the pinned headers or the corner cell (the map there is hidden)."""
        dx, dy = self.pin_offset
        x, y = pos.x(), pos.y()
        in_row = dy <= y <= dy + self.layout.header_h and 0 <= x <= self.layout.width
        in_column = dx <= x <= dx + style.LANE_HEADER_W and 0 <= y <= self.layout.height
        return (dy > 0 and in_row) or (dx > 0 and in_column) or (in_row and in_column)

    def seen_at(self, pos: QPointF) -> QPointF:
        """The scene point shown at pos: under the pinned header row (or column) the view shows
        the row's (column's) own place, so a point there maps back to it."""
        dx, dy = self.pin_offset
        x, y = pos.x(), pos.y()
        if dy > 0 and dy <= y <= dy + self.layout.header_h:
            y -= dy
        if dx > 0 and dx <= x <= dx + style.LANE_HEADER_W:
            x -= dx
        return QPointF(x, y)

    def in_corner(self, pos: QPointF) -> bool:
        """Whether pos is on the top-left cell (the journey's title), where it is seen."""
        return self.corner.sceneBoundingRect().contains(self.seen_at(pos))

    def corner_rect(self) -> QRectF:
        """The top-left cell where the view shows it (pinned or not)."""
        return self.corner.sceneBoundingRect().translated(*self.pin_offset)

    def in_header_column(self, pos: QPointF) -> bool:
        """Whether pos is on the lane-header column, where it is now (pinned or not)."""
        x = pos.x() - self.pin_offset[0]
        return 0 <= x < style.LANE_HEADER_W and 0 <= pos.y() <= self.layout.height

    def hits(self, pos: QPointF) -> list[QGraphicsItem]:
        """The items under pos, topmost first, as the user sees them: where a pinned header (or
        the corner cell) covers the map, only that header."""
        seen = self.seen_at(pos)
        items: list[QGraphicsItem]
        if seen == pos:
            items = self.items(pos)
        else:  # under a frozen pane: only what the pane shows there can be hit (a header, a chip on it)
            shown = (i for i in self.items(seen) if i is self.corner or isinstance(i, (HeaderItem, CardItem)))
            items = [header] if (header := next(shown, None)) is not None else []
        for item in items:
            if item is self.corner:
                return []
        return items

    def _update_hint(self) -> None:
        layout = self.layout
        if not layout.stages:
            text = "Drag a Stage from the palette onto the map, or right-click here to add one."
        elif not any(ln.kind.holds_cards for ln in layout.lanes):
            text = "Drag a Touchpoints lane from the palette onto the map, or right-click to add one."
        else:
            text = ""
        top = max((ln.row.bottom for ln in layout.lanes), default=style.STAGE_HEADER_H)
        self.hint.set_hint(QRectF(style.LANE_HEADER_W, top, layout.width - style.LANE_HEADER_W,
                                  max(80.0, layout.height - top)), text)

    @property
    def _points(self) -> list[tuple[list[float], EmotionSeries]]:
        # each curve's points run left to right: a hit test bisects its xs
        if self._point_index is None:
            self._point_index = [([p.x for p in series.points], series) for series in self.layout.emotion]
        return self._point_index

    def _sync_points(self) -> None:
        self._point_index = None
        grip = self.point_grip
        if grip.isVisible() and not grip.dragging:
            hit = self.point(grip.persona_id, grip.tp_id)
            if hit is None:
                grip.hide()
            else:
                grip.set_point(hit)

    def point_at(self, pos: QPointF, radius: float = EmotionPointItem.RADIUS) -> EmotionHit | None:
        """The emotion point nearest to pos within radius (the journey's own curve wins ties);
        none under the pinned headers."""
        if self.covered(pos):
            return None
        best, best_d = None, radius * radius
        x, y = pos.x(), pos.y()
        for xs, series in self._points:
            for p in series.points[bisect_left(xs, x - radius):bisect_right(xs, x + radius)]:
                d = (p.x - x) ** 2 + (p.y - y) ** 2
                if d <= best_d and (best is None or d < best_d or series.persona_id is None):
                    best, best_d = EmotionHit(p.tp_id, series.persona_id, p.x, p.y, series.color), d
        return best

    def point(self, persona_id: str | None, tp_id: str) -> EmotionHit | None:
        """The point of one touchpoint on one curve (None: the journey's own)."""
        for _, series in self._points:
            if series.persona_id == persona_id:
                for p in series.points:
                    if p.tp_id == tp_id:
                        return EmotionHit(p.tp_id, series.persona_id, p.x, p.y, series.color)
        return None

    def points(self) -> list[EmotionHit]:
        return [EmotionHit(p.tp_id, series.persona_id, p.x, p.y, series.color)
                for _, series in self._points for p in series.points]

    # ---------------------------------------------------------------- queries
    def item_for(self, element_id: str) -> MapItem | None:
        return self.card_items.get(element_id) or self.stage_items.get(element_id) or self.lane_items.get(element_id)

    def element_items(self) -> list[QGraphicsItem]:
        return [*self.card_items.values(), *self.stage_items.values(), *self.lane_items.values()]

    def selected_ids(self) -> list[str]:
        """Selected elements in a stable order: stages, lanes, then cards in layout order."""
        # from Qt's own list of the selection: asked after every edit, a walk over every card's
        # isSelected() cost a millisecond at 2,000 touchpoints
        selected = {item.element_id for item in self.selectedItems() if isinstance(item, MapItem)}
        if not selected:
            return []
        out = [i for i in self.stage_items if i in selected]
        out += [i for i in self.lane_items if i in selected]
        if len(selected) - len(out) == 1:
            return out + [i for i in selected if i in self.card_items and i not in out]
        return out + [i for i in self.card_items if i in selected]

    def cell_rect(self, stage_id: str, lane_id: str) -> QRectF | None:
        stage = next((s for s in self.layout.stages if s.id == stage_id), None)
        lane = next((ln for ln in self.layout.lanes if ln.id == lane_id), None)
        if stage is None or lane is None:
            return None
        return QRectF(stage.header.x, lane.row.y, stage.header.w, lane.row.h)

    def stage_rect(self, stage_id: str) -> QRectF | None:
        stage = next((s for s in self.layout.stages if s.id == stage_id), None)
        if stage is None:
            return None
        return qrect(stage.header).united(qrect(stage.column))


class JourneyView(QGraphicsView):
    """A view of a JourneyScene (the editor's canvas, the comparison's maps): after every scroll,
    zoom, resize and layout change its scene pins the header row and column to what the view
    shows, and the view's frozen panes (canvas_panes.py) show them there; the desk around the
    paper follows the light or dark palette (the map stays print-white)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.panes = HeaderPanes(self)
        self._followed: JourneyScene | None = None  # the scene whose layout changes re-pin this view
        self._apply_chrome_palette()

    def _apply_chrome_palette(self) -> None:
        base = self.palette().color(QPalette.ColorRole.Window)
        desk = base.darker(108) if base.lightness() > 128 else base.lighter(125)
        self.setBackgroundBrush(desk)
        self.panes.set_background(self.backgroundBrush())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_chrome_palette()
        super().changeEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # Qt scrolls the viewport by a pixel copy that moves its children too: the frozen panes go
        # the other way first, so that they come out of it where they were, with their pixels
        self.panes.shift(dx if self.isRightToLeft() else -dx, -dy)
        super().scrollContentsBy(dx, dy)
        self.repin()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.repin()

    def repin(self) -> None:
        scene = self.scene()
        if not isinstance(scene, JourneyScene):  # none yet (a canvas not shown), or none any more (closing)
            self.panes.hide()
            return
        if scene is not self._followed:  # a new header row height or map size moves the panes
            scene.layoutChanged.connect(self.repin)
            self._followed = scene
        scene.follow_view(self)
        self.panes.follow(scene)
