"""The canvas's mouse: which interaction a press starts, the pointer's shape, double-clicks.

What a press does depends on what is under it (an emotion point, a card or its connect handle,
a stage header or its resize grip, a lane header, empty space); each answer is an Interaction
object from interactions.py that owns the gesture until release or Escape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent

from .interactions import (
    ConnectCards,
    DragEmotionPoint,
    Interaction,
    MoveCards,
    Pan,
    ReorderLane,
    ReorderStage,
    ResizeStage,
    RubberBandSelect,
)
from .items import CardItem, LaneHeaderItem, PathArrowItem, StageHeaderItem

if TYPE_CHECKING:
    from .canvas import JourneyCanvas


class PointerInput:
    """Turns the canvas's mouse events into interactions; each method answers whether it used the event."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas
        self.interaction: Interaction | None = None  # the gesture under way, from press to release

    def _interaction_for(self, event: QMouseEvent) -> Interaction | None:
        canvas = self.canvas
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and canvas.space_held):
            return Pan(canvas)
        if event.button() != Qt.MouseButton.LeftButton:
            return None
        pos = canvas.mapToScene(event.position().toPoint())
        point = canvas.journey_scene.point_at(pos)
        if point is not None:
            return DragEmotionPoint(canvas, point)
        if not canvas.journey_scene.covered(pos):
            from .emotion_click import ClickEmotion, touchpoint_at

            tp_id = touchpoint_at(canvas, pos)
            if tp_id is not None:
                return ClickEmotion(canvas, tp_id)
        for item in canvas.journey_scene.hits(pos):
            if isinstance(item, CardItem):
                if item.on_handle(pos):
                    return ConnectCards(canvas, item)
                return MoveCards(canvas, item)
            if isinstance(item, StageHeaderItem):
                return ResizeStage(canvas, item) if item.on_resize_grip(pos) else ReorderStage(canvas, item)
            if isinstance(item, LaneHeaderItem):
                return ReorderLane(canvas, item)
        return RubberBandSelect(canvas)

    def cancel(self) -> None:
        if self.interaction is not None:
            self.interaction.cancel()

    def press(self, event: QMouseEvent) -> None:
        canvas = self.canvas
        if canvas.inplace.is_active():
            canvas.inplace.commit()
        self.cancel()
        canvas.setFocus(Qt.FocusReason.MouseFocusReason)
        interaction = self._interaction_for(event)
        if interaction is None:
            event.ignore()
            return
        self.interaction = interaction
        interaction.press(event)
        event.accept()

    def move(self, event: QMouseEvent) -> bool:
        if self.interaction is None:
            return False
        self.interaction.move(event)
        event.accept()
        return True

    def release(self, event: QMouseEvent) -> bool:
        if self.interaction is None:
            return False
        self.interaction.release(event)
        event.accept()
        return True

    def double_click(self, event: QMouseEvent) -> None:
        """On a card or header: edit it in place; on an empty cell: add a touchpoint there."""
        canvas = self.canvas
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.cancel()
        pos = canvas.mapToScene(event.position().toPoint())
        if canvas.journey_scene.in_corner(pos):  # the map's title, in the top-left cell
            self._edit_title(canvas.journey_scene.corner_rect())
            return
        for item in canvas.journey_scene.hits(pos):
            if isinstance(item, (CardItem, StageHeaderItem, LaneHeaderItem)):
                canvas.select_ids([item.element_id], ensure_visible=False)
                canvas.edit_in_place(item.element_id)
                return
        canvas.set_current_at(pos)
        if canvas.current_cell() is not None and canvas.journey_scene.layout.lane_at(pos.y()) is not None:
            canvas.quick_add()

    def _edit_title(self, cell: QRectF) -> None:
        canvas = self.canvas
        journey = canvas.journey

        def commit(text: str) -> None:
            text = text.strip()
            if text and text != journey.title:
                canvas.editor.set_meta(journey, "Rename journey", title=text)

        canvas.inplace.start(QRectF(cell.x() + 6, cell.y() + 8, cell.width() - 12, 26), journey.title, commit,
                             placeholder="Journey title")

    def end_interaction(self, interaction: Interaction) -> None:
        if self.interaction is interaction:
            self.interaction = None

    def update_cursor(self, pos: QPointF) -> None:
        """The pointer's shape says what a press would do here."""
        canvas = self.canvas
        if canvas.space_held:
            return
        point = canvas.journey_scene.point_at(pos)
        grip = canvas.journey_scene.point_grip
        if point is not None:
            grip.set_point(point)
            canvas.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
            return
        if grip.isVisible():
            grip.hide()
        for item in canvas.journey_scene.hits(pos):
            if isinstance(item, CardItem):
                shape = Qt.CursorShape.CrossCursor if item.on_handle(pos) else Qt.CursorShape.ArrowCursor
                canvas.viewport().setCursor(shape)
                return
            if isinstance(item, StageHeaderItem) and item.on_resize_grip(pos):
                canvas.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
                return
            if isinstance(item, (StageHeaderItem, LaneHeaderItem)):
                canvas.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
                return
        canvas.viewport().unsetCursor()

    def arrow_at(self, pos: QPointF) -> PathArrowItem | None:
        """The customer-path arrow under a scene point, if any (for its context menu)."""
        for item in self.canvas.journey_scene.hits(pos):
            if isinstance(item, PathArrowItem):
                return item
        return None
