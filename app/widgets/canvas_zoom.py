"""The canvas's zoom, presentation mode and scrolling things into view.

Zoom is view state, never an undo step. Presentation mode (for projectors) multiplies whatever
zoom the user chose by PRESENTATION_FACTOR and divides it out again on leaving, so leaving gives
back the user's own zoom.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from app.layout import style

from .items import CardItem, LaneHeaderItem, StageHeaderItem
from .scene import JourneyView

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
PRESENTATION_FACTOR = 1.5
WHEEL_ZOOM_STEP = 1.15  # one notch of Ctrl+wheel


class CanvasZoom(JourneyView):
    """JourneyCanvas's part that zooms, presents and reveals."""

    _presentation = False
    _user_zoom = 1.0  # the zoom the user chose, without the presentation factor

    def reveal(self: JourneyCanvas, rect: QRectF, margin: int = 40) -> None:
        """Scroll just enough to show rect clear of the pinned header row and column."""
        scene = self.journey_scene
        self.ensureVisible(rect.adjusted(-style.LANE_HEADER_W if scene.pins_column else 0,
                                         -style.STAGE_HEADER_H if scene.pins_row else 0, 0, 0), margin, margin)

    def reveal_item(self: JourneyCanvas, item: CardItem | StageHeaderItem | LaneHeaderItem) -> None:
        """Scroll a card into view clear of the pinned headers; a header only along its own axis
        (a stage sideways, a lane up or down), as the other keeps it pinned in view."""
        if isinstance(item, CardItem):
            self.reveal(item.sceneBoundingRect())
            return
        r, middle = item.rect, self.mapToScene(self.viewport().rect().center())
        if isinstance(item, StageHeaderItem):
            self.reveal(QRectF(r.x, middle.y(), r.w, 1))
        else:
            self.reveal(QRectF(middle.x(), r.y, 1, r.h))

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self: JourneyCanvas, factor: float, *, under_mouse: bool = False) -> None:
        """Zoom about the view's centre (toolbar, shortcuts) or the pointer (Ctrl+wheel)."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if math.isclose(factor, self.zoom()):
            return
        anchor = QGraphicsView.ViewportAnchor
        self.setTransformationAnchor(anchor.AnchorUnderMouse if under_mouse else anchor.AnchorViewCenter)
        self.setTransform(QTransform.fromScale(factor, factor))
        self.repin()
        self._user_zoom = factor / (PRESENTATION_FACTOR if self._presentation else 1.0)
        self.inplace.reposition()
        self.zoomChanged.emit(factor)

    def fit(self: JourneyCanvas) -> None:
        layout = self.journey_scene.layout
        view = self.viewport().rect()
        if view.width() < 10 or view.height() < 10:
            return
        margin = 24
        factor = min((view.width() - 2 * margin) / layout.width, (view.height() - 2 * margin) / layout.height)
        self.set_zoom(factor)
        self.centerOn(layout.width / 2, layout.height / 2)

    def reset_zoom(self: JourneyCanvas) -> None:
        self.set_zoom(PRESENTATION_FACTOR if self._presentation else 1.0)

    def set_presentation(self: JourneyCanvas, on: bool) -> None:
        """Larger rendering for projectors: everything scaled up by half, handles kept."""
        if on == self._presentation:
            return
        user = self._user_zoom
        self._presentation = on
        self.set_zoom(user * (PRESENTATION_FACTOR if on else 1.0))
        self._user_zoom = user

    def is_presentation(self) -> bool:
        return self._presentation

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * WHEEL_ZOOM_STEP ** steps, under_mouse=True)
            event.accept()
            return
        super().wheelEvent(event)
