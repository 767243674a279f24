"""The journey canvas's graphics items: dumb views of the model.

Every item knows only the id of what it shows and the layout box it was given by the scene;
each paint reads the element from the journey and draws it with the shared drawing functions
of `app.render.draw` (the same code that prints the PDF and writes the PNG/SVG exports).

Items sit at their layout box's top-left corner and translate the painter back, so the draw
functions receive the absolute layout coordinates they expect; moving an item (a drag in
progress) moves the picture without repainting it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from app.layout import CardBox, JourneyLayout, LaneBox, PathArrow, Rect, StageBox
from app.layout import style
from app.layout.legend import LegendEntry
from app.render import draw
from app.render.qt_surface import QtSurface

if TYPE_CHECKING:
    from app.widgets.scene import JourneyScene

# stacking order of the item families (Z_PINNED: marks drawn over the cards, as high as a header pinned
# over the map would be; the pinned headers themselves are frozen panes over the view, canvas_panes.py)
Z_GRID, Z_EMOTION, Z_ARROW, Z_CARD, Z_HEADER, Z_POINT, Z_PINNED, Z_MARKER, Z_DRAGGED = 0, 1, 2, 3, 4, 5, 6, 10, 20

HANDLE_R = 6.0  # radius of a card's connect handle
CUT_DELAY_MS = 150  # a long path step an edit reshaped is cut into cached pieces this long after its paint
RESIZE_GRIP = 6.0  # width of the grip at a stage header's right edge
SELECTION_MARGIN = 4.0


def qrect(r: Rect) -> QRectF:
    return QRectF(r.x, r.y, r.w, r.h)


class MapItem(QGraphicsItem):
    """An item drawn at a layout rectangle by the shared draw functions."""

    kind = "map"

    def __init__(self, element_id: str, rect: Rect, margin: float = SELECTION_MARGIN) -> None:
        super().__init__()
        self.element_id = element_id
        self.rect = rect
        self._margin = margin
        self.setPos(rect.x, rect.y)

    def journey_scene(self) -> JourneyScene:
        return cast("JourneyScene", self.scene())  # map items live only in a JourneyScene

    def set_rect(self, rect: Rect) -> bool:
        """Move/resize to a new layout rectangle; True when it changed."""
        if rect == self.rect:
            return False
        if (rect.w, rect.h) != (self.rect.w, self.rect.h):
            self.prepareGeometryChange()
        resized = (rect.w, rect.h) != (self.rect.w, self.rect.h)
        self.rect = rect
        self.setPos(self.home())
        if resized:
            self.update()  # a move alone keeps the cached picture (Qt repaints the old and new places)
        return True

    def home(self) -> QPointF:
        """Where the item belongs according to the layout (a cancelled drag goes back here)."""
        return QPointF(self.rect.x, self.rect.y)

    def seen_pos(self) -> QPointF:
        """Where the view shows the item (a header pinned to the view's edge is seen away from it)."""
        return self.pos()

    def boundingRect(self) -> QRectF:
        m = self._margin
        return QRectF(-m, -m, self.rect.w + 2 * m, self.rect.h + 2 * m)

    def local_rect(self) -> QRectF:
        return QRectF(0, 0, self.rect.w, self.rect.h)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = self.journey_scene()
        if scene is None or self.element_id not in scene.journey:
            return
        painter.save()
        painter.translate(-self.rect.x, -self.rect.y)
        self.draw(QtSurface(painter), scene)
        painter.restore()
        self.paint_chrome(painter)

    def draw(self, surface: QtSurface, scene: JourneyScene) -> None:
        raise NotImplementedError

    def paint_chrome(self, painter: QPainter) -> None:
        """Screen-only affordances (handles, hover outlines), never printed."""


class CardItem(MapItem):
    """A touchpoint card, a pain-point or opportunity note, or a metric chip."""

    def __init__(self, box: CardBox) -> None:
        super().__init__(box.id, box.rect, margin=HANDLE_R + 2)
        self.box = box
        self.kind = box.kind
        self.hovered = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(Z_CARD)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_box(self, box: CardBox) -> bool:
        self.box = box
        return self.set_rect(box.rect)

    @property
    def is_touchpoint(self) -> bool:
        return self.kind == "touchpoint"

    def draw(self, surface: QtSurface, scene: JourneyScene) -> None:
        obj = scene.journey.get(self.element_id)
        box = self.box if self.box.rect == self.rect else replace(self.box, rect=self.rect)
        draw.draw_card(surface, box, obj, scene.journey, selected=self.isSelected())

    def shape(self) -> QPainterPath:
        """The card itself (and its connect handle), not the margin kept for the selection outline."""
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)  # the handle overlaps the card's edge
        path.addRoundedRect(self.local_rect(), style.CORNER, style.CORNER)
        if self.is_touchpoint:
            path.addEllipse(self.handle_center(), HANDLE_R + 2, HANDLE_R + 2)
        return path

    def handle_center(self) -> QPointF:
        """The connect handle, in item coordinates (middle of the right edge)."""
        return QPointF(self.rect.w, self.rect.h / 2)

    def on_handle(self, scene_pos: QPointF) -> bool:
        if not self.is_touchpoint:
            return False
        d = self.mapFromScene(scene_pos) - self.handle_center()
        return d.x() ** 2 + d.y() ** 2 <= (HANDLE_R + 2) ** 2

    def paint_chrome(self, painter: QPainter) -> None:
        if self.hovered and not self.isSelected():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            hover = QColor(style.SELECTION)
            hover.setAlpha(110)
            painter.setPen(QPen(hover, 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.local_rect().adjusted(-1, -1, 1, 1), style.CORNER + 1, style.CORNER + 1)
        if self.is_touchpoint and (self.hovered or self.isSelected()):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(style.SELECTION), 1.5))
            painter.setBrush(QColor(style.PAPER))
            painter.drawEllipse(self.handle_center(), HANDLE_R - 1, HANDLE_R - 1)
            painter.setBrush(QColor(style.SELECTION))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(self.handle_center(), 2.0, 2.0)

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()


class HeaderItem(MapItem):
    """A stage's or lane's header cell: selectable, drawn by the shared header drawing function.

    A header always stays at its layout place in the scene. When the map is scrolled past its
    header row (or column), the view shows that place along its top (or left) edge in a frozen
    pane (canvas_panes.py): `pin` is how far from its place the header is seen, and a pinned
    header covers the map under it, as frozen panes do in a spreadsheet."""

    pin: tuple[float, float] = (0.0, 0.0)

    def __init__(self, box: StageBox | LaneBox) -> None:
        super().__init__(box.id, box.header, margin=1.0)
        self.box = box
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(Z_HEADER)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_box(self, box: StageBox | LaneBox) -> bool:
        self.box = box
        return self.set_rect(box.header)

    def set_pin(self, dx: float, dy: float) -> None:
        """Where the view shows the header: (dx, dy) from its layout place (the item does not move)."""
        self.pin = (dx, dy)

    def seen_pos(self) -> QPointF:
        return self.pos() + QPointF(*self.pin)

    def restack(self) -> None:
        """Back to its own level after a drag lifted it."""
        self.setZValue(Z_HEADER)

    def draw(self, surface: QtSurface, scene: JourneyScene) -> None:
        # while a resize previews a new width, the item's rect runs ahead of the layout's box
        box = self.box if self.box.header == self.rect else replace(self.box, header=self.rect)
        element = scene.journey.get(self.element_id)
        if isinstance(box, StageBox):
            draw.draw_stage_header(surface, box, element, selected=self.isSelected())
        else:
            draw.draw_lane_header(surface, box, element, selected=self.isSelected())


class StageHeaderItem(HeaderItem):
    """A stage's header cell; its right edge is the resize grip."""

    kind = "stage"

    def on_resize_grip(self, scene_pos: QPointF) -> bool:
        x = self.mapFromScene(scene_pos).x()
        return self.rect.w - RESIZE_GRIP <= x <= self.rect.w + 2


class LaneHeaderItem(HeaderItem):
    """A lane's title cell at the left of its row."""

    kind = "lane"


class CornerItem(QGraphicsItem):
    """The top-left cell (the journey's title and state), where the header row and column meet."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_PINNED + 0.5)
        self._rect = QRectF(0, 0, style.LANE_HEADER_W, style.STAGE_HEADER_H)

    def boundingRect(self) -> QRectF:
        return self._rect

    def set_height(self, height: float) -> None:
        """Follow the header row's height (it grows for a long stage name or journey title)."""
        if height != self._rect.height():
            self.prepareGeometryChange()
            self._rect = QRectF(0, 0, style.LANE_HEADER_W, height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = cast("JourneyScene | None", self.scene())  # map items live only in a JourneyScene
        if scene is not None:
            draw.draw_corner(QtSurface(painter), scene.layout, scene.journey)


class ExposedAreaItem(QGraphicsItem):
    """An item over a rectangle the layout decides, painting only the exposed part of it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # a real exposedRect
        self._rect = QRectF()

    def set_rect(self, rect: QRectF) -> None:
        """Cover a new rectangle (repainted whole); the same one changes nothing."""
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
            self.update()

    def boundingRect(self) -> QRectF:
        return self._rect


class GridItem(ExposedAreaItem):
    """The map's paper: background, lane tints and column lines (draw_grid)."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_GRID)

    def set_size(self, width: float, height: float) -> None:
        self.set_rect(QRectF(0, 0, width, height))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = cast("JourneyScene | None", self.scene())  # map items live only in a JourneyScene
        if scene is None:
            return
        exposed = option.exposedRect
        painter.setClipRect(exposed)
        shown = exposed
        if widget is not None:  # no further than the view shows (a frozen header pane, a strip of it)
            shown = exposed.intersected(painter.worldTransform().inverted()[0].mapRect(QRectF(widget.rect())))
        window = uncovered(scene.layout, shown)
        if window.w > 0 and window.h > 0:
            draw.draw_grid(QtSurface(painter), scene.layout, window)


def uncovered(layout: JourneyLayout, r: QRectF) -> Rect:
    """The part of r that the header cells leave uncovered: they are opaque, so the grid under
    them need not be drawn (a header pane repainting a strip draws no grid at all)."""
    left, top, right, bottom = r.left(), r.top(), r.right(), r.bottom()
    row_end = layout.stages[-1].header.right if layout.stages else style.LANE_HEADER_W
    if row_end >= layout.width or right <= row_end:  # the stage headers and the corner cover the row
        top = max(top, layout.header_h)
    column_end = layout.lanes[-1].header.bottom if layout.lanes else layout.header_h
    if top >= layout.header_h and bottom <= column_end:  # the lane headers cover the column
        left = max(left, style.LANE_HEADER_W)
    return Rect(left, top, right - left, bottom - top)


class EmotionItem(ExposedAreaItem):
    """The emotion lane: guides, score labels, curves and dots (draw_emotion).

    It sits above the lane headers because the score labels are drawn in the header column.
    A paint draws only the part of each curve inside the exposed area, so a map with thousands
    of points repaints a small region as fast as a small map."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_HEADER + 0.5)
        # Qt caches only the part inside the viewport, so this stays small at any zoom
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_band(self, band: Rect | None, legend: Sequence[LegendEntry] = ()) -> None:
        """Cover the curve's band (dots stick out a little) and the legend above it, however many
        rows the legend takes."""
        if band is None:
            rect = QRectF()
        else:
            rect = qrect(band).adjusted(-8, -24, 8, 24)
            rect.setLeft(style.LANE_HEADER_W - 40)
            for entry in legend:
                rect = rect.united(qrect(entry.text).adjusted(-entry.text.x + entry.swatch[0] - 2, -2, 2, 2))
        self.set_rect(rect)

    def changed(self, x0: float, x1: float) -> None:
        """Repaint the lane between x0 and x1 only (points moved in a few stages)."""
        rect = self.boundingRect()
        self.update(QRectF(x0, rect.top(), x1 - x0, rect.height()).intersected(rect))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = cast("JourneyScene | None", self.scene())  # map items live only in a JourneyScene
        layout = scene.layout if scene is not None else None
        if layout is None or layout.emotion_band is None:
            return
        exposed = option.exposedRect
        painter.setClipRect(exposed)
        draw.draw_emotion(QtSurface(painter), visible_emotion(layout, exposed.left(), exposed.right()))


def visible_emotion(layout: JourneyLayout, x0: float, x1: float) -> JourneyLayout:
    """The layout with each emotion series cut down to the points and segments between x0 and x1."""
    margin = 12.0
    x0, x1 = x0 - margin, x1 + margin
    series = []
    for s in layout.emotion:
        xs = [p.x for p in s.points]
        lo, hi = bisect_left(xs, x0), bisect_right(xs, x1)
        segments = [seg for seg in s.segments[max(0, lo - 1):hi + 1] if seg[3][0] >= x0 and seg[0][0] <= x1]
        series.append(replace(s, points=s.points[lo:hi], segments=segments))
    return replace(layout, emotion=series)


class EmotionPointItem(QGraphicsItem):
    """The grip shown over the emotion point under the pointer; dragging it sets the score.

    One grip per scene, moved to whichever point is hovered or dragged: the points themselves
    are drawn by draw_emotion, so thousands of them cost no items."""

    RADIUS = 7.0

    def __init__(self) -> None:
        super().__init__()
        self.tp_id = ""
        self.persona_id: str | None = None
        self.color = style.INK
        self.dragging = False
        self.setZValue(Z_POINT)
        self.hide()

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.persona_id, self.tp_id)

    def set_point(self, point: EmotionHit) -> None:
        self.tp_id, self.persona_id, self.color = point.tp_id, point.persona_id, point.color
        self.setPos(point.x, point.y)
        self.show()
        self.update()

    def boundingRect(self) -> QRectF:
        r = self.RADIUS + 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # the dot itself is drawn by draw_emotion; this only shows it can be grabbed
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(style.SELECTION), 1.5))
        painter.setBrush(QColor(self.color) if self.dragging else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(0, 0), self.RADIUS - 1, self.RADIUS - 1)


@dataclass(frozen=True)
class EmotionHit:
    """One point of an emotion curve, found under the pointer."""

    tp_id: str
    persona_id: str | None
    x: float
    y: float
    color: str


class PathArrowItem(QGraphicsItem):
    """One step of the customer path, from a touchpoint card to the next (draw_arrow).

    A short step is cached by Qt as one pixmap. A long one (down a tall column, back across the
    map) would make a pixmap larger than the view, which Qt caches and redraws in strips as the
    view scrolls: once it has been painted, it is cut into child pieces, each cached like a short
    step, and the step itself then draws nothing (it stays the item that hit tests and menus
    find). Cutting on first sight keeps opening a big map as fast as before: most steps are never
    seen at 100 %. Until it is cut, a long step draws only those of its pieces that are exposed.

    The item sits at an origin and draws the step relative to it, so a step whose two cards moved
    by the same amount (the cards below one dropped into their column, a drag of both ends) is
    moved, not drawn again: Qt keeps its cached pixmaps, and its pieces move along."""

    def __init__(self, arrow: PathArrow) -> None:
        super().__init__()
        self.arrow = arrow
        self.setZValue(Z_ARROW)
        self.origin = arrow.segment[0]  # where the item sits; it draws the step translated by -origin
        self.setPos(*self.origin)
        self._rect = self._bounds(arrow)
        self._cut = False  # whether the pieces are made (long steps only)
        self._boxes: list[draw.Box] | None = None  # a long step's pieces' boxes, made when first needed
        self._cut_pending = False
        self._reshaped = False  # by an edit: its pieces are made a while after it is next painted
        self._whole()

    def _whole(self) -> None:
        """Drawn as one (a short step is cached; a long one is cut once it has been seen)."""
        for child in self.childItems():
            scene = child.scene()
            if scene is not None:
                scene.removeItem(child)  # and Python lets go of it: nothing else refers to a piece
        self._cut = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
        long = draw.piece_count(self.arrow) > 1
        self.setCacheMode(QGraphicsItem.CacheMode.NoCache if long else QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # a long step paints only its exposed pieces (see paint): it needs the exposed part, not the whole box
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, long)

    def _cut_soon(self) -> None:
        """Cut the step into pieces once this paint is over (not while Qt walks the items); a step
        an edit reshaped, a while later: until then it is drawn whole (uncached, which costs less
        than making and caching its pieces), so the frame that shows the edit does not wait for them."""
        if not self._cut_pending:
            self._cut_pending = True
            QTimer.singleShot(CUT_DELAY_MS if self._reshaped else 0, self._cut_later)

    def _cut_later(self) -> None:
        if not shiboken6.isValid(self):  # the scene (and this step) went meanwhile
            return
        self._cut_pending = self._reshaped = False
        if self.scene() is not None:
            self._cut_into_pieces()

    def _cut_into_pieces(self) -> None:
        if self._cut or draw.piece_count(self.arrow) == 1:
            return
        self._cut = True
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        ox, oy = self.origin
        for index, box in enumerate(self._piece_boxes()):
            ArrowPieceItem(self, index, QRectF(box[0] - ox, box[1] - oy, box[2] - box[0], box[3] - box[1]))

    def _piece_boxes(self) -> list[draw.Box]:
        if self._boxes is None:
            self._boxes = draw.arrow_piece_boxes(self.arrow)
        return self._boxes

    @property
    def key(self) -> tuple[str, str]:
        return (self.arrow.source, self.arrow.target)

    def _bounds(self, arrow: PathArrow) -> QRectF:
        """The step's box in item coordinates."""
        xs = [p[0] for piece in arrow.segments for p in piece]
        ys = [p[1] for piece in arrow.segments for p in piece]
        x0, y0 = min(xs) - self.origin[0], min(ys) - self.origin[1]
        return QRectF(x0, y0, max(xs) - min(xs), max(ys) - min(ys)).adjusted(-8, -8, 8, 8)

    def _shift_to(self, arrow: PathArrow) -> tuple[float, float] | None:
        """(dx, dy) when `arrow` is this step moved whole; None when its shape changed."""
        old, new = self.arrow.segments, arrow.segments
        if len(old) != len(new):
            return None
        dx, dy = new[0][0][0] - old[0][0][0], new[0][0][1] - old[0][0][1]
        for old_piece, new_piece in zip(old, new, strict=True):
            for (x0, y0), (x1, y1) in zip(old_piece, new_piece, strict=True):
                if abs(x1 - x0 - dx) > 1e-6 or abs(y1 - y0 - dy) > 1e-6:
                    return None
        return dx, dy

    def set_arrow(self, arrow: PathArrow) -> bool:
        if arrow.segments == self.arrow.segments:
            self.arrow = arrow
            return False
        shift = self._shift_to(arrow)
        self.arrow = arrow
        if shift is not None:  # the same picture elsewhere: move it (cache and pieces included)
            self.origin = (self.origin[0] + shift[0], self.origin[1] + shift[1])
            self.setPos(*self.origin)
            return True
        self.prepareGeometryChange()
        self._rect = self._bounds(arrow)
        self._boxes = None
        self._reshaped = True
        self._whole()  # cut again a while after it is painted (see _cut_soon)
        self.update()
        return True

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        path = QPainterPath(QPointF(*self.arrow.segments[0][0]))
        for _p0, c1, c2, p3 in self.arrow.segments:  # a loop routed round other cards has several pieces
            path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*p3))
        from PySide6.QtGui import QPainterPathStroker

        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        return stroker.createStroke(path).translated(-self.origin[0], -self.origin[1])

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change is QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            for child in self.childItems():
                child.update()
        return super().itemChange(change, value)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        ox, oy = self.origin
        painter.translate(-ox, -oy)
        surface, selected = QtSurface(painter), self.isSelected()
        if self.cacheMode() is not QGraphicsItem.CacheMode.NoCache:
            draw.draw_arrow(surface, self.arrow, selected=selected)
            return
        # a long step not cut yet: only the pieces in the exposed part (stroking the whole curve
        # of a step down a tall column, for Qt to clip, cost half a millisecond a step)
        exposed = option.exposedRect.translated(ox, oy)
        x0, y0, x1, y1 = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
        for index, (left, top, right, bottom) in enumerate(self._piece_boxes()):
            if left <= x1 and right >= x0 and top <= y1 and bottom >= y0:
                draw.draw_arrow_piece(surface, self.arrow, index, selected=selected)
        if not self._cut and widget is not None:
            self._cut_soon()  # a long step seen on screen


class ArrowPieceItem(QGraphicsItem):
    """One piece of a long path step (or its head), drawn by draw_arrow_piece and cached by Qt."""

    def __init__(self, step: PathArrowItem, index: int, rect: QRectF) -> None:
        super().__init__(step)
        self.index = index
        self._rect = rect
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()  # hit tests find the whole step, not its pieces

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        step = cast(PathArrowItem, self.parentItem())
        painter.translate(-step.origin[0], -step.origin[1])
        draw.draw_arrow_piece(QtSurface(painter), step.arrow, self.index, selected=step.isSelected())


class MarkerItem(QGraphicsItem):
    """Drag feedback: the insertion line, a target outline, a guide or a connection in progress."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_MARKER)
        self._rect = QRectF()
        self._shape = "line"
        self._line: tuple[QPointF, QPointF] | None = None
        self.hide()

    def show_bar(self, rect: QRectF) -> None:
        self._set("bar", rect)

    def show_outline(self, rect: QRectF) -> None:
        self._set("outline", rect)

    def show_band(self, rect: QRectF) -> None:
        """The rubber band of a selection drag."""
        self._set("band", rect)

    def show_ghost(self, rect: QRectF) -> None:
        """An opaque dashed card: where a quick-added touchpoint will appear."""
        self._set("ghost", rect)

    def show_line(self, a: QPointF, b: QPointF) -> None:
        self._line = (a, b)
        self._set("line", QRectF(a, b).normalized())

    def _set(self, shape: str, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._shape = shape
        self._rect = rect
        self.show()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-4, -4, 4, 4)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(style.SELECTION)
        if self._shape == "bar":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(self._rect, 1.5, 1.5)
        elif self._shape == "band":
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(color, 0))  # cosmetic: one device pixel at any zoom
            fill = QColor(color)
            fill.setAlpha(30)
            painter.setBrush(fill)
            painter.drawRect(self._rect)
        elif self._shape == "ghost":
            shadow = QColor(style.INK)
            shadow.setAlpha(28)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(shadow)
            painter.drawRoundedRect(self._rect.translated(0, 2), style.CORNER, style.CORNER)
            painter.setPen(QPen(color, 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(style.CARD_FILL))
            painter.drawRoundedRect(self._rect, style.CORNER, style.CORNER)
        elif self._shape == "outline":
            painter.setPen(QPen(color, 2.0, Qt.PenStyle.DashLine))
            fill = QColor(color)
            fill.setAlpha(24)
            painter.setBrush(fill)
            painter.drawRoundedRect(self._rect, style.CORNER, style.CORNER)
        elif self._line is not None:
            painter.setPen(QPen(color, 2.0, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(*self._line)
            painter.setBrush(color)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(self._line[1], 3.5, 3.5)


class CellHighlightItem(QGraphicsObject):
    """A quiet outline around the current cell, where N adds a touchpoint.

    A cell of a big map is taller than the view, and every repaint inside it (a card edited, a
    card dropped) repaints the outline too: a paint draws only the exposed part of the fill and
    of each dashed edge, not the whole outline for Qt to clip (which cost milliseconds a frame)."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_CARD - 0.5)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # a real exposedRect
        self._rect = QRectF()
        self.hide()

    def set_cell(self, rect: QRectF | None) -> None:
        if rect is None:
            self.hide()
            return
        self.prepareGeometryChange()
        self._rect = rect
        self.show()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        box = self._rect.adjusted(1, 1, -1, -1)
        exposed = option.exposedRect.adjusted(-2, -2, 2, 2)
        fill = QColor(style.SELECTION)
        fill.setAlpha(12)
        painter.fillRect(box.intersected(exposed), fill)
        color = QColor(style.SELECTION)
        color.setAlpha(110)
        pen = QPen(color, 1.5, Qt.PenStyle.DashLine)
        left, top, right, bottom = box.left(), box.top(), box.right(), box.bottom()
        # each edge from its start, as drawRect draws it; the dash pattern keeps its phase
        for (x0, y0), (x1, y1) in (((left, top), (right, top)), ((right, top), (right, bottom)),
                                   ((right, bottom), (left, bottom)), ((left, bottom), (left, top))):
            vertical = x0 == x1
            # the edge as a run along one axis at a fixed place on the other, clipped to the exposed rect
            fixed, s0, s1 = (x0, y0, y1) if vertical else (y0, x0, x1)
            across = (exposed.left(), exposed.right()) if vertical else (exposed.top(), exposed.bottom())
            along = (exposed.top(), exposed.bottom()) if vertical else (exposed.left(), exposed.right())
            if not across[0] <= fixed <= across[1]:
                continue
            lo, hi = max(min(s0, s1), along[0]), min(max(s0, s1), along[1])
            if lo >= hi:
                continue
            a, b = (lo, hi) if s1 > s0 else (hi, lo)
            start, end = (QPointF(fixed, a), QPointF(fixed, b)) if vertical else (QPointF(a, fixed), QPointF(b, fixed))
            done = abs(a - s0)
            pen.setDashOffset(done / pen.widthF())
            painter.setPen(pen)
            painter.drawLine(start, end)


class HintItem(QGraphicsItem):
    """Guidance on an empty map (what to drag or press first); screen only, never printed."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_MARKER - 1)
        self._rect = QRectF()
        self._text = ""
        self.hide()

    def set_hint(self, rect: QRectF, text: str) -> None:
        if not text:
            self.hide()
            return
        self.prepareGeometryChange()
        self._rect, self._text = rect, text
        self.show()
        self.update()

    def text(self) -> str:
        return self._text if self.isVisible() else ""

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        from PySide6.QtGui import QFont

        font = QFont(style.FONT_FAMILY)
        font.setPixelSize(12)
        painter.setFont(font)
        painter.setPen(QColor(style.MUTED_INK))
        painter.drawText(self._rect.adjusted(12, 12, -12, -12),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._text)
