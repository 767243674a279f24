"""The canvas's mouse: which interaction a press starts, the pointer's shape, double-clicks.

What a press does depends on what is under it (an emotion point, a card or its connect handle,
a stage header or its resize grip, a lane header, empty space); each answer is an Interaction
object from interactions.py that owns the gesture until release or Escape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent

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
from .scene import JourneyView

if TYPE_CHECKING:
    from .canvas import JourneyCanvas


class PointerInput(JourneyView):
    """JourneyCanvas's part that turns mouse presses into interactions."""

    interaction: Interaction | None = None
    space_held = False  # Space + drag pans, as in drawing programs

    def _interaction_for(self: JourneyCanvas, event: QMouseEvent) -> Interaction | None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self.space_held):
            return Pan(self)
        if event.button() != Qt.MouseButton.LeftButton:
            return None
        pos = self.mapToScene(event.position().toPoint())
        point = self.journey_scene.point_at(pos)
        if point is not None:
            return DragEmotionPoint(self, point)
        for item in self.journey_scene.hits(pos):
            if isinstance(item, CardItem):
                if item.on_handle(pos):
                    return ConnectCards(self, item)
                return MoveCards(self, item)
            if isinstance(item, StageHeaderItem):
                return ResizeStage(self, item) if item.on_resize_grip(pos) else ReorderStage(self, item)
            if isinstance(item, LaneHeaderItem):
                return ReorderLane(self, item)
        return RubberBandSelect(self)

    def mousePressEvent(self: JourneyCanvas, event: QMouseEvent) -> None:
        if self.inplace.is_active():
            self.inplace.commit()
        if self.interaction is not None:
            self.interaction.cancel()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        interaction = self._interaction_for(event)
        if interaction is None:
            event.ignore()
            return
        self.interaction = interaction
        interaction.press(event)
        event.accept()

    def mouseMoveEvent(self: JourneyCanvas, event: QMouseEvent) -> None:
        if self.interaction is not None:
            self.interaction.move(event)
            event.accept()
            return
        super().mouseMoveEvent(event)  # hover feedback
        self._update_cursor(self.mapToScene(event.position().toPoint()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.interaction is not None:
            self.interaction.release(event)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self: JourneyCanvas, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.interaction is not None:
            self.interaction.cancel()
        pos = self.mapToScene(event.position().toPoint())
        for item in self.journey_scene.hits(pos):
            if isinstance(item, (CardItem, StageHeaderItem, LaneHeaderItem)):
                self.select_ids([item.element_id], ensure_visible=False)
                self.edit_in_place(item.element_id)
                return
        self.set_current_at(pos)
        if self.current_cell() is not None and self.journey_scene.layout.lane_at(pos.y()) is not None:
            self.quick_add()

    def end_interaction(self, interaction: Interaction) -> None:
        if self.interaction is interaction:
            self.interaction = None

    def _update_cursor(self: JourneyCanvas, pos: QPointF) -> None:
        if self.space_held:
            return
        point = self.journey_scene.point_at(pos)
        grip = self.journey_scene.point_grip
        if point is not None:
            grip.set_point(point)
            self.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
            return
        if grip.isVisible():
            grip.hide()
        for item in self.journey_scene.hits(pos):
            if isinstance(item, CardItem):
                shape = Qt.CursorShape.CrossCursor if item.on_handle(pos) else Qt.CursorShape.ArrowCursor
                self.viewport().setCursor(shape)
                return
            if isinstance(item, StageHeaderItem) and item.on_resize_grip(pos):
                self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
                return
            if isinstance(item, (StageHeaderItem, LaneHeaderItem)):
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
                return
        self.viewport().unsetCursor()

    def contextMenuEvent(self: JourneyCanvas, event: QContextMenuEvent) -> None:
        self.menus.show_at(event.pos(), event.globalPos())

    def arrow_at(self: JourneyCanvas, pos: QPointF) -> PathArrowItem | None:
        """The customer-path arrow under a scene point, if any (for its context menu)."""
        for item in self.journey_scene.hits(pos):
            if isinstance(item, PathArrowItem):
                return item
        return None
