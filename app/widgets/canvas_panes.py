"""Frozen panes of a journey view: the stage-header row and the lane-header column kept in view.

Scrolled past its header row (or column), a map shows its stage headers along the view's top
edge (its lane headers along the left edge, the corner cell where they meet), as a spreadsheet's
frozen panes do. The header items never move: each pane is a small QGraphicsView of the same
scene, laid over the map view, showing the header row (the column, the corner cell) at its own
place in the layout, at the map view's zoom, and scrolled along with the map on one axis only.

So a scroll step moves pixels, as in a plain view: Qt scrolls the map view and each pane by a
pixel copy and paints only the strips that came into view. Nothing under the panes is painted
(they are opaque widgets above the map's viewport), and the headers keep their cached pictures.
Everything Qt repaints in the scene (a selected header, a dragged one, the drop marker, presence
marks) shows in the panes as it does in the map view, because they are views of the same items.

The panes take no input: the pointer's events reach the map view, and its scene maps a point
under a pane to what the pane shows there (JourneyScene.seen_at, .hits).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView

from app.layout import style

if TYPE_CHECKING:
    from .scene import JourneyScene


class HeaderPane(QGraphicsView):
    """One frozen pane: a view of the scene over part of the map view, taking no input."""

    edge_from: float | None = None  # the column pane: where (scene y) its right edge line starts
    edge_to = 0.0

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view.viewport())
        self.setObjectName("headerPane")
        for widget in (self, self.viewport()):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the map view takes the events
        # opaque (its viewport covers it): Qt moves it by a pixel copy, and paints nothing under it
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setInteractive(False)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setRenderHints(view.renderHints())
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.hide()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        # the frozen column's right edge, over the map scrolled under it (in its own place the
        # first stage's column line is the edge, and that is outside the pane)
        if self.edge_from is not None:
            painter.setPen(QPen(QColor(style.CARD_BORDER), 1.0))
            x = style.LANE_HEADER_W - 0.5
            painter.drawLine(QPointF(x, self.edge_from), QPointF(x, self.edge_to))

    def show_part(self, geometry: QRect, scene_rect: QRectF, scroll: tuple[int, int]) -> None:
        """Cover `geometry` of the map view, showing `scene_rect` scrolled to `scroll` (scroll bar values)."""
        if self.geometry() != geometry:
            self.setGeometry(geometry)
        if self.sceneRect() != scene_rect:
            self.setSceneRect(scene_rect)
        self.horizontalScrollBar().setValue(scroll[0])
        self.verticalScrollBar().setValue(scroll[1])
        if self.isHidden():
            self.show()


class HeaderPanes:
    """The row, column and corner panes of one map view, following its scroll, zoom and size."""

    def __init__(self, view: QGraphicsView) -> None:
        self.view = view
        # made in this order, the corner is above the others; all are above the map's viewport
        self.row = HeaderPane(view)
        self.column = HeaderPane(view)
        self.corner = HeaderPane(view)

    @property
    def panes(self) -> tuple[HeaderPane, HeaderPane, HeaderPane]:
        return (self.row, self.column, self.corner)

    def set_background(self, brush: QBrush) -> None:
        for pane in self.panes:
            pane.setBackgroundBrush(brush)

    def shift(self, dx: int, dy: int) -> None:
        """Move the shown panes by (dx, dy) pixels (against a scroll of the viewport under them)."""
        for pane in self.panes:
            if pane.isVisible():
                pane.move(pane.x() + dx, pane.y() + dy)

    def hide(self) -> None:
        for pane in self.panes:
            pane.hide()

    def follow(self, scene: JourneyScene) -> None:
        """Lay the panes over the map view for the scene's pins (JourneyScene.pin_offset)."""
        view = self.view
        dx, dy = scene.pin_offset
        if not (dx or dy):
            self.hide()
            return
        transform = view.transform()
        for pane in self.panes:
            if pane.scene() is not scene:
                pane.setScene(scene)
            if pane.transform() != transform:
                pane.setTransform(transform)
        port = view.viewport().rect()
        edge = view.mapFromScene(QPointF(dx, dy))  # the pinned row's top, the pinned column's left
        zoom = transform.m11()
        band_h = round(scene.layout.header_h * zoom)
        band_w = round(style.LANE_HEADER_W * zoom)
        whole = view.sceneRect()
        h, v = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
        # each pane shows the same scene rectangle as the map view on the axis it scrolls along, so
        # the same scroll value (shifted by where the pane starts) puts everything where the map has it
        left = band_w + edge.x() if dx else 0
        top = band_h + edge.y() if dy else 0
        if dy:
            geometry = QRect(port.left() + left, port.top() + edge.y(), port.width() - left, band_h)
            self.row.show_part(geometry, QRectF(whole.left(), 0, whole.width(), scene.layout.header_h), (h + left, 0))
        else:
            self.row.hide()
        if dx:
            self.column.edge_from, self.column.edge_to = scene.layout.header_h, scene.layout.height
            geometry = QRect(port.left() + edge.x(), port.top() + top, band_w, port.height() - top)
            self.column.show_part(geometry, QRectF(0, whole.top(), style.LANE_HEADER_W, whole.height()), (0, v + top))
        else:
            self.column.hide()
        if dx and dy:
            geometry = QRect(port.left() + edge.x(), port.top() + edge.y(), band_w, band_h)
            self.corner.show_part(geometry, QRectF(0, 0, style.LANE_HEADER_W, scene.layout.header_h), (0, 0))
        else:
            self.corner.hide()
