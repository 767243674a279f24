"""Mouse interaction modes of the journey canvas, one object per gesture.

The canvas picks a mode on mouse press (from what is under the pointer and the button) and
feeds it the following moves and the release; the mode shows live feedback by moving items
and the marker, and changes the model only on release, through the JourneyEditor, as one
undo step. Escape cancels a mode and puts everything back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from app.layout import Rect
from app.layout import style
from app.layout.geometry import Segment
from app.layout.journey_layout import PathArrow, route_arrow  # the layout's routing: a step looks as it will land
from app.model import ModelError
from app.model.vocabulary import signed

from .palette import PaletteDrop
from .items import (
    Z_DRAGGED,
    CardItem,
    EmotionHit,
    HeaderItem,
    LaneHeaderItem,
    PathArrowItem,
    StageHeaderItem,
    qrect,
)

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

MIN_STAGE_WIDTH, MAX_STAGE_WIDTH, STAGE_WIDTH_STEP = 0.5, 4.0, 0.25


def snap_width(raw: float) -> float:
    """A stage width snapped to quarter steps within 0.5..4 columns."""
    return max(MIN_STAGE_WIDTH, min(MAX_STAGE_WIDTH, round(raw / STAGE_WIDTH_STEP) * STAGE_WIDTH_STEP))


class Interaction:
    """One gesture in progress on the canvas."""

    cursor: Qt.CursorShape | None = None

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas
        self.scene = canvas.journey_scene
        self.press_view = QPoint()
        self.press_scene = QPointF()
        self.started = False  # moved beyond the drag distance

    def press(self, event: QMouseEvent) -> None:
        self.press_view = event.position().toPoint()
        self.press_scene = self.canvas.mapToScene(self.press_view)
        if self.cursor is not None:
            self.canvas.viewport().setCursor(self.cursor)

    def move(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if not self.started and (pos - self.press_view).manhattanLength() >= QApplication.startDragDistance():
            self.started = True
            self.begin()
        if self.started:
            self.drag(self.canvas.mapToScene(pos), event)

    def release(self, event: QMouseEvent) -> None:
        scene_pos = self.canvas.mapToScene(event.position().toPoint())
        try:
            if self.started:
                self.drop(scene_pos, event)
            else:
                self.click(scene_pos, event)
        finally:
            self.cleanup()

    def cancel(self) -> None:
        self.cleanup()

    # hooks
    def begin(self) -> None:
        """The pointer moved far enough: the drag starts."""

    def drag(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        """Live feedback while dragging."""

    def drop(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        """The drag ended: apply it to the model."""

    def click(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        """Pressed and released without dragging."""

    def cleanup(self) -> None:
        self.scene.marker.hide()
        self.canvas.viewport().unsetCursor()
        self.canvas.end_interaction(self)

    def apply(self, edit) -> None:
        """Run an editor call; a refused edit becomes a status message, never a traceback."""
        try:
            edit()
        except ModelError as exc:
            self.canvas.statusMessage.emit(str(exc))


class MoveCards(Interaction):
    """Press on a card selects it; dragging moves all selected touchpoints to another cell."""

    def __init__(self, canvas: JourneyCanvas, card: CardItem) -> None:
        super().__init__(canvas)
        self.card = card
        self.dragged: list[CardItem] = []
        self.target: tuple[str, str, int] | None = None
        self.reattach: PaletteDrop | None = None
        self._select_on_click = False
        self._arrows: dict[PathArrowItem, PathArrow] = {}  # the steps touching dragged cards, as laid out

    def press(self, event: QMouseEvent) -> None:
        super().press(event)
        toggle = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        if toggle:
            self.card.setSelected(not self.card.isSelected())
        elif not self.card.isSelected():
            self.canvas.select_ids([self.card.element_id], ensure_visible=False)
        else:
            self._select_on_click = True  # a click on a selected card of many selects only it
        self.canvas.set_current_from(self.card.element_id)

    def begin(self) -> None:
        if not self.card.isSelected():
            return
        if not self.card.is_touchpoint:
            # a pain point, opportunity or metric: drag it onto another touchpoint or stage
            self.reattach = PaletteDrop(self.canvas, {"element": self.card.kind})
            self.dragged = [self.card]
            self.card.setZValue(Z_DRAGGED)
            self.card.setOpacity(0.85)
            return
        # in journey order, so that the cards keep their sequence in the new cell
        order = {tp.id: n for n, tp in enumerate(self.canvas.journey.touchpoints())}
        self.dragged = sorted((i for i in self.scene.card_items.values() if i.isSelected() and i.is_touchpoint),
                              key=lambda i: order[i.element_id])
        for item in self.dragged:
            item.setZValue(Z_DRAGGED)
            item.setOpacity(0.85)
        ids = {i.element_id for i in self.dragged}
        self._arrows = {item: item.arrow for key, item in self.scene.arrow_items.items() if ids.intersection(key)}

    def drag(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        if not self.dragged:
            return
        delta = scene_pos - self.press_scene
        for item in self.dragged:
            item.setPos(item.home() + delta)
        self._follow_arrows(delta.x(), delta.y())
        if self.reattach is not None:
            self.reattach.hover(scene_pos)
            return
        self.target = self.target_at(scene_pos)
        if self.target is None:
            self.scene.marker.hide()
        else:
            stage_id, lane_id, index = self.target
            line = self._insertion_line(stage_id, lane_id, index)
            self.scene.marker.show_bar(qrect(line))
        # near an edge, or over the pinned headers, the view scrolls on to where the card can go
        self.canvas.reveal(QRectF(scene_pos, scene_pos).adjusted(-20, -20, 20, 20), margin=0)

    def _follow_arrows(self, dx: float, dy: float) -> None:
        """The customer path's steps stay attached to the cards being dragged."""
        moved = {i.element_id for i in self.dragged}
        cards = self.scene.card_items

        def rect(card_id: str) -> Rect:
            r = cards[card_id].rect
            return Rect(r.x + dx, r.y + dy, r.w, r.h) if card_id in moved else r

        for item, laid_out in self._arrows.items():
            if laid_out.source in moved and laid_out.target in moved:  # both ends move: the step keeps its shape
                start, control1, control2, end = ((x + dx, y + dy) for x, y in laid_out.segment)
                segment = (start, control1, control2, end)
                lead = tuple(_moved(piece, dx, dy) for piece in laid_out.lead)
            else:
                segment, lead = route_arrow(rect(laid_out.source), rect(laid_out.target)), ()
            item.set_arrow(PathArrow(laid_out.source, laid_out.target, segment, lead))

    def _insertion_line(self, stage_id: str, lane_id: str, index: int) -> Rect:
        """Where the dragged cards would land (the layout's marker, skipping all dragged cards)."""
        return self.scene.layout.insertion_line(stage_id, lane_id, index, {i.element_id for i in self.dragged})

    def target_at(self, scene_pos: QPointF) -> tuple[str, str, int] | None:
        layout = self.scene.layout
        found = layout.drop_target(scene_pos.x(), scene_pos.y(), self.card.element_id)
        if found is None:
            return None
        stage_id, lane_id, _ = found
        ids = {i.element_id for i in self.dragged}
        above = [c for c in layout.cell_cards(stage_id, lane_id) if c.id not in ids and c.rect.cy < scene_pos.y()]
        return stage_id, lane_id, len(above)

    def drop(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        if not self.dragged:
            return
        ids = [i.element_id for i in self.dragged]
        self._restore()
        if self.reattach is not None:
            self._drop_attachment(scene_pos)
            return
        target = self.target_at(scene_pos)
        if target is None:
            return
        editor, journey = self.canvas.editor, self.canvas.journey
        self.apply(lambda: editor.move_touchpoints(journey, ids, *target))
        self.canvas.select_ids(ids, ensure_visible=False)
        self.canvas.set_current_cell((target[0], target[1]))

    def _drop_attachment(self, scene_pos: QPointF) -> None:
        target = self.reattach.target(scene_pos) if self.reattach is not None else None
        self.scene.marker.hide()
        if target is None:
            return
        element_id = self.card.element_id
        editor, journey = self.canvas.editor, self.canvas.journey
        self.apply(lambda: editor.attach(journey, element_id, target[1]))
        self.canvas.select_ids([element_id], ensure_visible=False)

    def click(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        if self._select_on_click:
            self.canvas.select_ids([self.card.element_id], ensure_visible=False)

    def _restore(self) -> None:
        for item in self.dragged:
            item.setPos(item.home())
            item.setZValue(3)
            item.setOpacity(1.0)
        for arrow_item, laid_out in self._arrows.items():
            arrow_item.set_arrow(laid_out)

    def cancel(self) -> None:
        self._restore()
        self.dragged = []
        super().cancel()


class ConnectCards(Interaction):
    """Drag from a touchpoint's handle to another touchpoint: a new step of the customer path."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas: JourneyCanvas, card: CardItem) -> None:
        super().__init__(canvas)
        self.card = card
        self.hovered: CardItem | None = None

    def target_at(self, scene_pos: QPointF) -> CardItem | None:
        for item in self.scene.hits(scene_pos):
            if isinstance(item, CardItem) and item.is_touchpoint and item is not self.card:
                return item
        return None

    def drag(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        start = self.card.mapToScene(self.card.handle_center())
        self.scene.marker.show_line(start, scene_pos)
        target = self.target_at(scene_pos)
        if target is not self.hovered:
            if self.hovered is not None:
                self.hovered.hovered = False
                self.hovered.update()
            self.hovered = target
            if target is not None:
                target.hovered = True
                target.update()

    def click(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        self.canvas.select_ids([self.card.element_id], ensure_visible=False)  # a click on the handle selects

    def drop(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        target = self.target_at(scene_pos)
        if target is None:
            return
        editor, journey = self.canvas.editor, self.canvas.journey
        self.apply(lambda: editor.add_path(journey, self.card.element_id, target.element_id))

    def cleanup(self) -> None:
        if self.hovered is not None:
            self.hovered.hovered = False
            self.hovered.update()
        super().cleanup()


class DragEmotionPoint(Interaction):
    """Drag a point of the emotion curve up or down: its touchpoint's score (-2..+2)."""

    cursor = Qt.CursorShape.SizeVerCursor

    def __init__(self, canvas: JourneyCanvas, point: EmotionHit) -> None:
        super().__init__(canvas)
        self.point = point
        self.grip = canvas.journey_scene.point_grip

    def press(self, event: QMouseEvent) -> None:
        super().press(event)
        self.canvas.select_ids([self.point.tp_id], ensure_visible=False)
        self.grip.set_point(self.point)
        self.grip.dragging = True
        self.grip.update()

    def score_at(self, scene_pos: QPointF) -> int:
        return self.scene.layout.score_at(scene_pos.y())

    def drag(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        layout = self.scene.layout
        if layout.emotion_band is None:
            return
        score = self.score_at(scene_pos)
        self.grip.setPos(self.point.x, layout.emotion_y(score))
        self.canvas.statusMessage.emit(f"Emotion {signed(score)}")

    def drop(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        if self.scene.layout.emotion_band is None:
            return
        score = self.score_at(scene_pos)
        self.grip.dragging = False
        editor, journey = self.canvas.editor, self.canvas.journey
        self.apply(lambda: editor.set_emotion(journey, self.point.tp_id, score, self.point.persona_id))

    def cleanup(self) -> None:
        self.grip.dragging = False
        hit = self.scene.point(self.point.persona_id, self.point.tp_id)
        if hit is None:
            self.grip.hide()
        else:
            self.grip.set_point(hit)
        super().cleanup()


class ResizeStage(Interaction):
    """Drag a stage header's right edge: the stage's width, in quarter columns."""

    cursor = Qt.CursorShape.SizeHorCursor

    def __init__(self, canvas: JourneyCanvas, header: StageHeaderItem) -> None:
        super().__init__(canvas)
        self.header = header

    def width_at(self, scene_pos: QPointF) -> float:
        return snap_width((scene_pos.x() - self.header.rect.x) / style.COLUMN_W)

    def drag(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        width = self.width_at(scene_pos)
        # the column as it will be: a dashed outline from its left edge to the snapped width
        self.scene.marker.show_outline(QRectF(self.header.rect.x + 1, 1, width * style.COLUMN_W - 2,
                                              self.scene.layout.height - 2))
        self.canvas.statusMessage.emit(f"Stage width {width:g}")

    def drop(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        width = self.width_at(scene_pos)
        editor, journey = self.canvas.editor, self.canvas.journey
        self.apply(lambda: editor.update(journey, self.header.element_id, step="Resize stage", width=width))


class ReorderHeader(Interaction):
    """Drag a stage or lane header along its axis to a new place among its siblings."""

    horizontal = True

    def __init__(self, canvas: JourneyCanvas, header: StageHeaderItem | LaneHeaderItem) -> None:
        super().__init__(canvas)
        self.header = header

    def press(self, event: QMouseEvent) -> None:
        super().press(event)
        toggle = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if toggle:
            self.header.setSelected(not self.header.isSelected())
        else:
            self.canvas.select_ids([self.header.element_id], ensure_visible=False)
        self.canvas.set_current_from(self.header.element_id)

    def begin(self) -> None:
        self.header.setZValue(Z_DRAGGED)
        self.header.setOpacity(0.85)
        self.canvas.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def siblings(self) -> list[HeaderItem]:
        raise NotImplementedError

    def index_at(self, scene_pos: QPointF) -> int:
        others = [i for i in self.siblings() if i is not self.header]
        if self.horizontal:
            return sum(1 for i in others if i.rect.cx < scene_pos.x())
        return sum(1 for i in others if i.rect.cy < scene_pos.y())

    def drag(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        delta = scene_pos - self.press_scene
        home = self.header.home()
        if self.horizontal:
            self.header.setPos(home.x() + delta.x(), home.y())
        else:
            self.header.setPos(home.x(), home.y() + delta.y())
        others = [i for i in self.siblings() if i is not self.header]
        index = self.index_at(scene_pos)
        layout = self.scene.layout
        if self.horizontal:
            x = others[index].rect.x if index < len(others) else (others[-1].rect.right if others else 0)
            self.scene.marker.show_bar(QRectF(x - 1.5, 0, 3, layout.height))
        else:
            y = others[index].rect.y if index < len(others) else (others[-1].rect.bottom if others else 0)
            self.scene.marker.show_bar(QRectF(0, y - 1.5, layout.width, 3))

    def drop(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        self._restore()
        self.commit(self.index_at(scene_pos))

    def commit(self, index: int) -> None:
        raise NotImplementedError

    def _restore(self) -> None:
        self.header.setPos(self.header.home())
        self.header.restack()
        self.header.setOpacity(1.0)

    def cancel(self) -> None:
        self._restore()
        super().cancel()


class ReorderStage(ReorderHeader):
    horizontal = True

    def siblings(self) -> list[HeaderItem]:
        return sorted(self.scene.stage_items.values(), key=lambda i: i.box.index)

    def commit(self, index: int) -> None:
        editor, journey = self.canvas.editor, self.canvas.journey
        self.apply(lambda: editor.move(journey, self.header.element_id, index, text="Move stage"))


class ReorderLane(ReorderHeader):
    horizontal = False

    def siblings(self) -> list[HeaderItem]:
        return sorted(self.scene.lane_items.values(), key=lambda i: i.box.index)

    def commit(self, visible_index: int) -> None:
        journey = self.canvas.journey
        lane_id = self.header.element_id
        others_visible = [i.element_id for i in self.siblings() if i is not self.header]
        all_others = [ln.id for ln in journey.lanes() if ln.id != lane_id]  # hidden lanes keep their places
        if visible_index < len(others_visible):
            index = all_others.index(others_visible[visible_index])
        elif others_visible:
            index = all_others.index(others_visible[-1]) + 1
        else:
            index = 0
        editor = self.canvas.editor
        self.apply(lambda: editor.move(journey, lane_id, index, text="Move lane"))


class RubberBandSelect(Interaction):
    """Press on empty space: a click picks the cell; a drag selects the cards inside the band."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        super().__init__(canvas)
        self.additive = False

    def press(self, event: QMouseEvent) -> None:
        super().press(event)
        self.additive = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                   | Qt.KeyboardModifier.ShiftModifier))
        self.before = set(self.canvas.selected_ids()) if self.additive else set()

    def drag(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        scene_rect = QRectF(self.press_scene, scene_pos).normalized()
        self.scene.marker.show_band(scene_rect)
        inside = {i.element_id for i in self.scene.items(scene_rect)
                  if isinstance(i, CardItem) and i.mapRectToScene(i.local_rect()).intersects(scene_rect)}
        self.canvas.select_ids(sorted(self.before | inside), ensure_visible=False)

    def click(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        if not self.additive:
            self.canvas.select_ids([], ensure_visible=False)
        self.canvas.set_current_at(scene_pos)

class Pan(Interaction):
    """Middle button, or space held with the left button: scroll the view with the hand."""

    cursor = Qt.CursorShape.ClosedHandCursor

    def __init__(self, canvas: JourneyCanvas) -> None:
        super().__init__(canvas)
        self.last = QPoint()

    def press(self, event: QMouseEvent) -> None:
        super().press(event)
        self.last = self.press_view
        self.started = True

    def move(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        delta = pos - self.last
        self.last = pos
        h, v = self.canvas.horizontalScrollBar(), self.canvas.verticalScrollBar()
        h.setValue(h.value() - delta.x())
        v.setValue(v.value() - delta.y())

    def release(self, event: QMouseEvent) -> None:
        self.cleanup()

    def cleanup(self) -> None:
        super().cleanup()
        if self.canvas.space_held:
            self.canvas.viewport().setCursor(Qt.CursorShape.OpenHandCursor)


def _moved(piece: Segment, dx: float, dy: float) -> Segment:
    """A cubic piece of a connector, moved with the cards it joins."""
    start, control1, control2, end = ((x + dx, y + dy) for x, y in piece)
    return (start, control1, control2, end)
