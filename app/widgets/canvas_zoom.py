"""The canvas's zoom, presentation mode and scrolling things into view.

Zoom is view state, never an undo step. Presentation mode (F11, for projectors) fits the whole
map on the screen, and keeps it fitted while the window goes full screen, until the user zooms;
leaving gives back the user's own zoom. PRESENTATION_FACTOR is how much larger 100 % is while
presenting (Ctrl+1).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from app.layout import style

from .items import LaneHeaderItem, MapItem, StageHeaderItem

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
PRESENTATION_FACTOR = 1.5
WHEEL_ZOOM_STEP = 1.15  # one notch of Ctrl+wheel


class CanvasZoom:
    """The canvas's zoom, presentation mode and revealing of items."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas
        self._presentation = False
        self._user_zoom = 1.0  # the zoom the user chose, without the presentation factor
        self._keep_fitted = False  # presenting, and the user has not zoomed since: refit on resize

    def reveal(self, rect: QRectF, margin: int = 40) -> None:
        """Scroll just enough to show rect clear of the pinned header row and column."""
        scene = self.canvas.journey_scene
        pinned = rect.adjusted(-style.LANE_HEADER_W if scene.pins_column else 0,
                               -scene.layout.header_h if scene.pins_row else 0, 0, 0)
        self.canvas.ensureVisible(pinned, margin, margin)

    def reveal_item(self, item: MapItem) -> None:
        """Scroll a card into view clear of the pinned headers; a header only along its own axis
        (a stage sideways, a lane up or down), as the other keeps it pinned in view."""
        middle = self.canvas.mapToScene(self.canvas.viewport().rect().center())
        if isinstance(item, StageHeaderItem):
            self.reveal(QRectF(item.rect.x, middle.y(), item.rect.w, 1))
        elif isinstance(item, LaneHeaderItem):
            self.reveal(QRectF(middle.x(), item.rect.y, 1, item.rect.h))
        else:
            self.reveal(item.sceneBoundingRect())

    def zoom(self) -> float:
        return self.canvas.transform().m11()

    def set_zoom(self, factor: float, *, under_mouse: bool = False) -> None:
        """Zoom about the view's centre (toolbar, shortcuts) or the pointer (Ctrl+wheel)."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if math.isclose(factor, self.zoom()):
            return
        anchor = QGraphicsView.ViewportAnchor
        self.canvas.setTransformationAnchor(anchor.AnchorUnderMouse if under_mouse else anchor.AnchorViewCenter)
        self.canvas.setTransform(QTransform.fromScale(factor, factor))
        self.canvas.repin()
        if not self._presentation:
            self._user_zoom = factor
        self._keep_fitted = False
        self.canvas.inplace.reposition()
        self.canvas.zoomChanged.emit(factor)

    def fit(self) -> None:
        layout = self.canvas.journey_scene.layout
        view = self.canvas.viewport().rect()
        if view.width() < 10 or view.height() < 10:
            return
        margin = 24
        factor = min((view.width() - 2 * margin) / layout.width, (view.height() - 2 * margin) / layout.height)
        self.set_zoom(factor)
        self.canvas.centerOn(layout.width / 2, layout.height / 2)

    def reset_zoom(self) -> None:
        self.set_zoom(PRESENTATION_FACTOR if self._presentation else 1.0)

    def set_presentation(self, on: bool) -> None:
        """For projectors: the whole map on the screen; leaving restores the user's zoom."""
        if on == self._presentation:
            return
        user = self._user_zoom
        self._presentation = on
        if on:
            self.fit()
            self._keep_fitted = True
        else:
            self._keep_fitted = False
            self.set_zoom(user)
        self._user_zoom = user

    def resized(self) -> None:
        """The viewport changed size (the window going full screen): keep the presented map fitted."""
        if self._keep_fitted:
            self.fit()
            self._keep_fitted = True

    def is_presentation(self) -> bool:
        return self._presentation

    def wheel(self, event: QWheelEvent) -> bool:
        """Ctrl+wheel zooms about the pointer; True when the event was used."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_zoom(self.zoom() * WHEEL_ZOOM_STEP ** steps, under_mouse=True)
        event.accept()
        return True
