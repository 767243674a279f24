"""Presence on the canvas: the others' names and colours on what they have selected.

Marks are scene items of their own, drawn above the cards and never selectable; they follow
the layout (a card that moves takes its mark along) and vanish with the participant.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem

# colours that read on the light and the dark desk, distinct from the selection blue
PRESENCE_COLORS = ("#d9480f", "#2b8a3e", "#ae3ec9", "#e8590c", "#0c8599", "#c2255c", "#5f3dc4", "#a61e4d")
MARK_Z = 900.0


def color_for(name: str) -> str:
    return PRESENCE_COLORS[sum(name.encode()) % len(PRESENCE_COLORS)]


class PresenceMark(QGraphicsRectItem):
    """A coloured frame around one element with the participant's name on its top edge."""

    def __init__(self, rect: QRectF, name: str, color: str) -> None:
        super().__init__(rect.adjusted(-4, -4, 4, 4))
        self.name = name
        pen = QPen(QColor(color), 3)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(Qt.BrushStyle.NoBrush)
        self.setZValue(MARK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        label = QGraphicsSimpleTextItem(name, self)
        font = QFont()
        font.setPointSizeF(8.5)
        font.setBold(True)
        label.setFont(font)
        label.setBrush(QBrush(QColor("#ffffff")))
        box = label.boundingRect()
        tag = QGraphicsRectItem(QRectF(0, 0, box.width() + 8, box.height() + 2), self)
        tag.setBrush(QBrush(QColor(color)))
        tag.setPen(QPen(Qt.PenStyle.NoPen))
        top_left = self.rect().topLeft()
        tag.setPos(top_left.x(), top_left.y() - box.height() - 2)
        label.setParentItem(tag)
        label.setPos(4, 1)


class PresenceMarks:
    """The marks of every other participant on one canvas's scene."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.marks: list[PresenceMark] = []
        self._peers: dict[int, dict[str, Any]] = {}
        canvas.journey_scene.layoutChanged.connect(self._redraw)

    def show(self, peers: dict[int, dict[str, Any]]) -> None:
        self._peers = dict(peers)
        self._redraw()

    def _redraw(self) -> None:
        scene = self.canvas.journey_scene
        for mark in self.marks:
            if mark.scene() is scene:
                scene.removeItem(mark)
        self.marks = []
        for state in self._peers.values():
            if state.get("journey") != self.canvas.journey.id:
                continue
            user = state.get("user") or {}
            name = str(user.get("name") or "Someone")[:40]
            color = str(user.get("color") or color_for(name))
            if not QColor(color).isValid():
                color = color_for(name)
            for element_id in state.get("selection") or []:
                item = scene.item_for(str(element_id))
                if item is None:
                    continue
                mark = PresenceMark(item.sceneBoundingRect(), name, color)
                scene.addItem(mark)
                self.marks.append(mark)

    def clear(self) -> None:
        self._peers = {}
        self._redraw()
        try:
            self.canvas.journey_scene.layoutChanged.disconnect(self._redraw)
        except (RuntimeError, TypeError):
            pass
