"""What the room says, drawn over the map while a session runs: the room's dots on each card
(numbered, so the room can count along) and the room's emotion rating per stage as a second,
dashed curve with n and the spread, until the facilitator applies them.

The items hold no data: they read the session replica and the scene's layout whenever either
changes (the scene's `layoutChanged`, the link's `changed`).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.live.workshop.state import RoomRating
from app.widgets.scene import JourneyScene

ROOM_INK = QColor("#7b3fd0")  # the room's colour: not used by the map's own drawing
DOT_R = 7.0
MAX_DOTS = 10


class RoomVotesItem(QGraphicsItem):
    """The room's dots on one card: numbered circles along its top edge."""

    def __init__(self, card_rect: QRectF, dots: int) -> None:
        super().__init__()
        self.setZValue(50)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.dots = dots
        shown = min(dots, MAX_DOTS)
        width = shown * (2 * DOT_R + 2) + (26 if dots > MAX_DOTS else 0)
        self._rect = QRectF(card_rect.right() - width - 4, card_rect.top() - DOT_R, width, 2 * DOT_R)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(painter.font())
        font.setPixelSize(9)
        font.setBold(True)
        painter.setFont(font)
        x = self._rect.left()
        for n in range(1, min(self.dots, MAX_DOTS) + 1):
            circle = QRectF(x, self._rect.top(), 2 * DOT_R, 2 * DOT_R)
            painter.setPen(QPen(QColor("white"), 1.2))
            painter.setBrush(ROOM_INK)
            painter.drawEllipse(circle)
            painter.setPen(QColor("white"))
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(n))
            x += 2 * DOT_R + 2
        if self.dots > MAX_DOTS:
            painter.setPen(ROOM_INK)
            painter.drawText(QRectF(x, self._rect.top(), 26, 2 * DOT_R), Qt.AlignmentFlag.AlignVCenter,
                             f"+{self.dots - MAX_DOTS}")


class RoomCurveItem(QGraphicsItem):
    """The room's rating per stage: a dashed line through the means, a bar for the spread, "n=".."""

    def __init__(self, points: list[tuple[float, float, float, RoomRating]]) -> None:
        super().__init__()
        self.setZValue(40)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.points = points  # (x, y of the mean, half the spread in pixels, rating)
        xs = [p[0] for p in points] or [0.0]
        ys = [p[1] for p in points] or [0.0]
        spread = max((p[2] for p in points), default=0.0)
        self._rect = QRectF(min(xs) - 40, min(ys) - spread - 24, max(xs) - min(xs) + 80, max(ys) - min(ys)
                            + 2 * spread + 48)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(ROOM_INK, 2.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        if len(self.points) > 1:
            path = QPainterPath(QPointF(self.points[0][0], self.points[0][1]))
            for x, y, _, _ in self.points[1:]:
                path.lineTo(x, y)
            painter.drawPath(path)
        font = QFont(painter.font())
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        for x, y, half, rating in self.points:
            painter.setPen(QPen(ROOM_INK, 1.4))
            painter.drawLine(QPointF(x, y - half), QPointF(x, y + half))
            painter.drawLine(QPointF(x - 4, y - half), QPointF(x + 4, y - half))
            painter.drawLine(QPointF(x - 4, y + half), QPointF(x + 4, y + half))
            painter.setBrush(ROOM_INK)
            painter.drawEllipse(QPointF(x, y), 4.5, 4.5)
            painter.drawText(QRectF(x + 7, y - 18, 90, 14), Qt.AlignmentFlag.AlignLeft,
                             f"room {rating.mean:+.1f}  n={rating.n}  ±{rating.spread:.1f}")


class RoomOverlay:
    """The room's items on one journey scene."""

    def __init__(self, scene: JourneyScene) -> None:
        self.scene = scene
        self.items: list[QGraphicsItem] = []
        self.votes: dict[str, int] = {}
        self.ratings: dict[str, RoomRating] = {}
        scene.layoutChanged.connect(self.redraw)

    def show(self, votes: dict[str, int], ratings: dict[str, RoomRating]) -> None:
        self.votes, self.ratings = votes, ratings
        self.redraw()

    def clear(self) -> None:
        for item in self.items:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items = []

    def detach(self) -> None:
        self.clear()
        try:
            self.scene.layoutChanged.disconnect(self.redraw)
        except (RuntimeError, TypeError):
            pass

    def redraw(self) -> None:
        self.clear()
        layout = self.scene.layout
        for card, dots in self.votes.items():
            box = layout.cards.get(card)
            if box is not None and dots > 0:
                r = box.rect
                self._add(RoomVotesItem(QRectF(r.x, r.y, r.w, r.h), dots))
        if layout.emotion_band is not None and self.ratings:
            points = []
            unit = layout.emotion_band.h / 4
            for stage in layout.stages:
                rating = self.ratings.get(stage.id)
                if rating is not None:
                    points.append((stage.column.x + stage.column.w / 2, layout.emotion_y(rating.mean),
                                   rating.spread * unit, rating))
            if points:
                self._add(RoomCurveItem(points))

    def _add(self, item: QGraphicsItem) -> None:
        self.scene.addItem(item)
        self.items.append(item)
