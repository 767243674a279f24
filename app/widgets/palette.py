"""The palette dock's content: everything that can be dragged onto the journey canvas.

Sections: structure (stage, one lane per kind), touchpoints (one per channel, with the channel
icon drawn by the shared `draw_channel_icon`), annotations (pain point, opportunity), metrics
(one per kind) and persona. Dragging an entry starts a real QDrag whose QMimeData carries the
PALETTE_MIME payload of `app.widgets.mime`; the canvas decides what the drop does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.layout import Rect
from app.layout import style as S
from app.model import AnnotationKind, Channel, LaneKind, MetricKind
from app.render.draw import draw_channel_icon

from . import mime
from .qt_surface import QtSurface

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
ICON_PX = 20


def _pixmap(paint, dpr: float) -> QPixmap:
    pixmap = QPixmap(round(ICON_PX * dpr), round(ICON_PX * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(QtSurface(painter))
    painter.end()
    return pixmap


def channel_icon(channel: Channel, dpr: float = 2.0) -> QIcon:
    """The channel's icon as on the cards, crisp on high-DPI screens."""
    return QIcon(_pixmap(lambda s: draw_channel_icon(s, channel, Rect(1, 1, ICON_PX - 2, ICON_PX - 2)), dpr))


def swatch_icon(fill: str, stroke: str, dpr: float = 2.0, *, bar: str | None = None, round_: bool = False) -> QIcon:
    """A small card-like swatch for the non-channel entries."""
    def paint(s: QtSurface) -> None:
        if round_:
            s.circle(ICON_PX / 2, ICON_PX / 2, ICON_PX / 2 - 3, fill, stroke, 1.2)
            return
        s.rect(Rect(2.5, 4.5, ICON_PX - 5, ICON_PX - 9), fill, stroke, 1.0, radius=2.5)
        if bar:
            s.rect(Rect(3.5, 5.5, 3, ICON_PX - 11), bar)
    return QIcon(_pixmap(paint, dpr))


def lane_icon(tint: str, dpr: float = 2.0) -> QIcon:
    """A row with its title cell: what a lane looks like on the map."""
    def paint(s: QtSurface) -> None:
        s.rect(Rect(1.5, 6.5, ICON_PX - 3, ICON_PX - 13), tint, S.CARD_BORDER, 1.0)
        s.rect(Rect(2, 7, 5, ICON_PX - 14), S.HEADER_FILL)
        s.line(7, 6.5, 7, ICON_PX - 6.5, S.CARD_BORDER, 1.0)
    return QIcon(_pixmap(paint, dpr))


def _entries() -> list[tuple[str, list[tuple[str, dict[str, Any], QIcon, str]]]]:
    lane_fill = {kind: S.LANE_TINTS.get(kind, S.PAPER) for kind in LaneKind}
    structure = [("Stage", {"element": "stage"}, swatch_icon(S.STAGE_FILL, S.STAGE_FILL),
                  "Drop between two columns to insert a stage")]
    structure += [(f"{kind.label} lane", {"element": "lane", "lane_kind": kind.value},
                   lane_icon(lane_fill[kind]), "Drop between two rows to insert a lane")
                  for kind in LaneKind]
    touchpoints = [(channel.label, {"element": "touchpoint", "channel": channel.value}, channel_icon(channel),
                    "Drop into a cell to add a touchpoint there") for channel in Channel]
    notes = [
        (AnnotationKind.PAIN_POINT.label, {"element": "pain_point"},
         swatch_icon(S.PAIN_FILL, S.CARD_BORDER, bar=S.SEVERITY_COLORS[4]),
         "Drop on a touchpoint or a stage column"),
        (AnnotationKind.OPPORTUNITY.label, {"element": "opportunity"},
         swatch_icon(S.OPPORTUNITY_FILL, S.CARD_BORDER, bar=S.OPPORTUNITY_ACCENT),
         "Drop on a touchpoint or a stage column"),
    ]
    metrics = [(kind.label, {"element": "metric", "metric_kind": kind.value},
                swatch_icon("#ffffff", S.NEUTRAL, bar=S.GOOD), "Drop on a touchpoint, a stage or the lane titles")
               for kind in MetricKind]
    people = [("Persona", {"element": "persona"}, swatch_icon(S.PERSONA_COLORS[0], S.PERSONA_COLORS[0], round_=True),
               "Drop on the map to add a persona to the project")]
    return [("Structure", structure), ("Touchpoints", touchpoints), ("Pain points & opportunities", notes),
            ("Metrics", metrics), ("People", people)]


class PaletteTree(QTreeWidget):
    """The draggable entries, grouped under section headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setIconSize(QSize(ICON_PX, ICON_PX))
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAnimated(False)
        self.setObjectName("paletteTree")
        self.setStyleSheet("QTreeWidget#paletteTree { border: none; }"
                           " QTreeWidget#paletteTree::item { padding: 3px 4px; }")
        for title, entries in _entries():
            section = QTreeWidgetItem(self, [title.upper()])
            font = section.font(0)
            font.setBold(True)
            font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 105)
            section.setFont(0, font)
            section.setSizeHint(0, QSize(0, 30))
            section.setTextAlignment(0, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft)
            section.setForeground(0, QColor(S.MUTED_INK) if self.palette().base().color().lightness() > 128
                                  else self.palette().text().color())
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for label, payload, icon, tip in entries:
                item = QTreeWidgetItem(section, [label])
                item.setIcon(0, icon)
                item.setToolTip(0, tip)
                item.setData(0, PAYLOAD_ROLE, payload)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
            section.setExpanded(True)
        self.setCurrentItem(None)

    def mimeTypes(self) -> list[str]:
        return [mime.PALETTE_MIME]

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:
        data = QMimeData()
        payload = next((i.data(0, PAYLOAD_ROLE) for i in items if i.data(0, PAYLOAD_ROLE)), None)
        if payload:
            data.setData(mime.PALETTE_MIME, mime.encode(payload))
            data.setText(items[0].text(0))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def entry(self, label: str, element: str | None = None) -> QTreeWidgetItem:
        """The entry with this label (and element kind), for tests and keyboard use."""
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            for j in range(section.childCount()):
                item = section.child(j)
                payload = item.data(0, PAYLOAD_ROLE) or {}
                if item.text(0) == label and (element is None or payload.get("element") == element):
                    return item
        raise KeyError(label)


class PaletteWidget(QWidget):
    """The palette dock's widget: drag an entry onto the canvas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = PaletteTree(self)
        layout.addWidget(self.tree)
        self.setMinimumWidth(170)

    def mime_for(self, label: str, element: str | None = None) -> QMimeData:
        """The QMimeData a drag of this entry carries."""
        return self.tree.mimeData([self.tree.entry(label, element)])

    def sizeHint(self) -> QSize:
        return QSize(210, 520)
